"""The monetary test: the policy-rate path over the last 12 and 24 months against the tightening
before past busts (1929, 2000, 2007).

The source article: rate cuts expected in 2026 loosen financing, "unlike the rapid tightening before
past bursts". Reading: the change of the effective federal funds rate (FRED ``FEDFUNDS``, monthly,
percentage points) over the 12 and 24 months up to the as-of month; the same changes over the 12
and 24 months up to each past market peak (:data:`BUST_PEAKS`). A peak the series does not reach
(1929: the federal funds market did not exist; the files held start in 1980) is "not available".

Light (burst-trigger resemblance): **red** when the 24-month change is at least the smallest
pre-bust 24-month tightening that the data cover, **amber** when it is positive but smaller,
**green** when the rate is flat or falling (easing: financing gets looser, not tighter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblescope.errors import InputError
from bubblescope.gauges._gauge import Gauge, iso, unavailable
from bubblescope.gauges._history import history_stats
from bubblescope.results import to_jsonable

#: Month of the market peak before each bust.
BUST_PEAKS: dict[str, str] = {"1929": "1929-09", "2000": "2000-03", "2007": "2007-10"}
RULE = ("red: 24-month change >= the smallest pre-bust 24-month tightening held; amber: positive but "
        "smaller; green: flat or falling")


@dataclass(frozen=True)
class PolicyPath:
    """Policy-rate changes now and before past busts (pp), and the gauge."""

    gauge: Gauge
    now: dict[str, Any]
    peaks: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"now": self.now, "peaks": self.peaks, "rule": RULE})


def _changes(m: pd.Series, end: pd.Timestamp) -> dict[str, Any] | None:
    part = m.loc[:end]
    if len(part) < 25 or part.index[-1] < end - pd.offsets.MonthBegin(2):
        return None
    last = float(part.iloc[-1])
    return {"as_of": iso(part.index[-1]), "rate": last, "change_12m": last - float(part.iloc[-13]),
            "change_24m": last - float(part.iloc[-25]), "max_24m": float(part.iloc[-25:].max())}


def policy_path(fedfunds: pd.Series | None, *, as_of: str | pd.Timestamp | None = None,
                source: str = "FRED FEDFUNDS") -> PolicyPath:
    """The monetary test at ``as_of`` (data up to that date only), with the comparison table."""
    name = "Policy-rate path: 24-month change (fed funds)"
    if fedfunds is None:
        return PolicyPath(unavailable("policy_path", name, "pp", "the fed funds rate (fred/**/FEDFUNDS.csv)",
                                      group="monetary"), {})
    if not isinstance(fedfunds, pd.Series) or not isinstance(fedfunds.index, pd.DatetimeIndex):
        raise InputError("fedfunds: expected a pandas Series indexed by dates")
    m = pd.to_numeric(fedfunds, errors="coerce").dropna().sort_index().resample("MS").mean().dropna()
    when = m.index[-1] if as_of is None else pd.Timestamp(as_of)
    now = _changes(m, when)
    peaks = []
    for label, month in BUST_PEAKS.items():
        end = pd.Timestamp(month)
        if end + pd.offsets.MonthEnd(0) >= when:  # a peak is known as one only after it: later ones are not shown
            continue
        got = _changes(m, end)
        peaks.append({"peak": label, "month": month, **(got or {}),
                      "available": got is not None,
                      "reason": "" if got is not None else "the rate series held does not reach it"})
    if now is None:
        return PolicyPath(unavailable("policy_path", name, "pp", "24 months of the fed funds rate up to the "
                                      "as-of date", group="monetary", source=source), {}, peaks)
    past = [p["change_24m"] for p in peaks if p["available"] and p["change_24m"] > 0]
    ch = now["change_24m"]
    colour = "green" if ch <= 0 else ("red" if past and ch >= min(past) else "amber")
    cmp = "; ".join(f"before {p['peak']}: {p['change_24m']:+.2f} pp" for p in peaks if p["available"])
    note = f"12-month change {now['change_12m']:+.2f} pp; rate {now['rate']:.2f}%" + (f"; {cmp}" if cmp else "")
    hist = (m - m.shift(24)).dropna().loc[:when]
    h = history_stats(hist, name=name, min_obs=24, as_of=when) if len(hist) >= 24 else None
    g = Gauge(key="policy_path", name=name, unit="pp", value=ch, as_of=now["as_of"], source=source,
              group="monetary", colour=colour, note=note, light_rule=RULE, history=h)
    return PolicyPath(g, now, peaks)


__all__ = ["BUST_PEAKS", "PolicyPath", "policy_path"]
