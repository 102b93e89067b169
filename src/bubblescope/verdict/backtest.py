"""The aggregation rule, backtested: what it said before each past peak and in the calm spans.

Historically only two signal families can be rebuilt in real time from price and valuation data:
*market tests* (PSY, LPPLS, the GSY run-up) and *valuation* (CAPE percentile, the GMO trend
deviation). The four factors, froth, credit, economics and stress have no monthly history before the
AI episode, so the backtest applies the same rule (:mod:`bubblescope.verdict.rule`: family means,
weights re-normalised over the families that speak, *bubble-like boom* or worse at a score of 0.35)
to those two families only, and says so. Each historical signal is an alarm (0/1) at each date.

Pure: alarm series in, tables out. Hit and false-alarm rates carry Wilson 95% intervals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from bubblescope.verdict.rule import FAMILY_WEIGHTS, VERDICT_BANDS

#: Backtest signal name → signal family.
BACKTEST_FAMILY: dict[str, str] = {"psy-mc-sadf": "market_tests", "psy-mc": "market_tests",
                                   "lppls": "market_tests", "gsy-runup": "market_tests",
                                   "cape-p95": "valuation", "gmo-2sigma": "valuation"}
#: The ordinary PSY alarm is the per-date Monte Carlo one unless only the SADF-quantile one exists.
RULE_THRESHOLD = VERDICT_BANDS[-1][0]
OFFSETS_MONTHS: tuple[int, ...] = (24, 12, 6, 0)


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float | None, float | None]:
    """The Wilson score interval for k successes in n trials (None, None when n = 0)."""
    if n == 0:
        return None, None
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


def rule_score(alarms: Mapping[str, pd.Series]) -> pd.Series:
    """The rule's score on one series at every date any signal has a value (month-end grid)."""
    fam: dict[str, list[pd.Series]] = {}
    for name, a in alarms.items():
        f = BACKTEST_FAMILY.get(name)
        if f is None or a.empty:
            continue
        m = a.astype(float).resample("ME").last()
        fam.setdefault(f, []).append(m)
    if not fam:
        return pd.Series(dtype=float)
    fam_score = {f: pd.concat(v, axis=1).mean(axis=1, skipna=True) for f, v in fam.items()}
    frame = pd.DataFrame(fam_score)
    w = pd.Series({f: FAMILY_WEIGHTS[f] for f in frame.columns})
    speaking = frame.notna()
    wsum = speaking.mul(w, axis=1).sum(axis=1)
    score = frame.fillna(0.0).mul(w, axis=1).sum(axis=1) / wsum.where(wsum > 0)
    return score.dropna()


@dataclass(frozen=True)
class Span:
    """A catalogue episode reduced to what the rule backtest needs."""

    id: str
    kind: str  # "bubble" or "calm"
    series: str
    start: pd.Timestamp
    end: pd.Timestamp  # the peak for bubbles


def _state_at(score: pd.Series, date: pd.Timestamp) -> float | None:
    s = score.loc[:date]
    if s.empty or (date - s.index[-1]).days > 62:
        return None
    return float(s.iloc[-1])


def rule_backtest(scores: Mapping[str, pd.Series], spans: Sequence[Span]) -> dict[str, object]:
    """Per episode: the score and whether the rule fired 24, 12, 6 and 0 months before the peak; hit rate
    (fired at least once in the run-up), false-alarm rate (calm spans with any alarm), both with Wilson
    intervals; and the misses, by name."""
    rows: list[dict[str, object]] = []
    for sp in spans:
        sc = scores.get(sp.series)
        if sc is None or sc.empty:
            rows.append({"episode": sp.id, "kind": sp.kind, "series": sp.series, "status": "no data"})
            continue
        win = sc.loc[sp.start: sp.end]
        fired = bool((win >= RULE_THRESHOLD).any()) if len(win) else None
        row: dict[str, object] = {"episode": sp.id, "kind": sp.kind, "series": sp.series, "status": "ok",
                                  "fired": fired, "share_flagged": float((win >= RULE_THRESHOLD).mean()) if len(win) else None,
                                  "first_alarm": None}
        if fired:
            row["first_alarm"] = win[win >= RULE_THRESHOLD].index[0].date().isoformat()
        if sp.kind == "bubble":
            for k in OFFSETS_MONTHS:
                v = _state_at(sc, sp.end - pd.DateOffset(months=k))
                row[f"score_m{k}"] = v
                row[f"fired_m{k}"] = None if v is None else v >= RULE_THRESHOLD
        rows.append(row)
    ok = [r for r in rows if r["status"] == "ok"]
    bub = [r for r in ok if r["kind"] == "bubble"]
    calm = [r for r in ok if r["kind"] == "calm"]
    hits = sum(1 for r in bub if r["fired"])
    fa = sum(1 for r in calm if r["fired"])
    out: dict[str, object] = {
        "threshold": RULE_THRESHOLD,
        "families": sorted(set(BACKTEST_FAMILY.values())),
        "note": ("Only the market-test and valuation families exist historically; the rule is applied to them "
                 "with the same weights, re-normalised."),
        "hit_rate": hits / len(bub) if bub else None, "hits": hits, "bubbles": len(bub),
        "hit_rate_ci95": wilson(hits, len(bub)),
        "false_alarm_rate": fa / len(calm) if calm else None, "false_alarms": fa, "calm_spans": len(calm),
        "false_alarm_rate_ci95": wilson(fa, len(calm)),
        "misses": [r["episode"] for r in bub if not r["fired"]],
        "episodes": rows,
    }
    for k in OFFSETS_MONTHS:
        vals = [r.get(f"fired_m{k}") for r in bub if r.get(f"fired_m{k}") is not None]
        n, on = len(vals), sum(1 for v in vals if v)
        out[f"on_m{k}"] = {"fired": on, "of": n, "rate": on / n if n else None, "ci95": wilson(on, n)}
    return out


def to_markdown(bt: Mapping[str, object]) -> str:
    """The rule's backtest as the Markdown section of docs/validation.md."""
    def pct(v: object) -> str:
        return "–" if v is None else f"{float(v):.0%}"  # type: ignore[arg-type]

    def ci(v: object) -> str:
        lo, hi = v if isinstance(v, (list, tuple)) else (None, None)
        return "–" if lo is None else f"{lo:.0%}–{hi:.0%}"

    lines = ["## The verdict rule", "",
             f"The verdict's aggregation rule (`bubblescope.verdict.rule`) fires at a score of {bt['threshold']} "
             f"(*bubble-like boom* or worse). {bt['note']}", "",
             "| | rate | 95% interval (Wilson) |", "|---|---|---|",
             f"| bubbles flagged in the run-up | {bt['hits']}/{bt['bubbles']} ({pct(bt['hit_rate'])}) | {ci(bt['hit_rate_ci95'])} |",
             f"| calm spans with a false alarm | {bt['false_alarms']}/{bt['calm_spans']} ({pct(bt['false_alarm_rate'])}) | "
             f"{ci(bt['false_alarm_rate_ci95'])} |"]
    for k in OFFSETS_MONTHS:
        o = bt[f"on_m{k}"]
        assert isinstance(o, dict)
        label = "at the peak" if k == 0 else f"{k} months before the peak"
        lines.append(f"| on {label} | {o['fired']}/{o['of']} ({pct(o['rate'])}) | {ci(o['ci95'])} |")
    lines += ["", "Misses: " + (", ".join(bt["misses"]) if bt["misses"] else "none") + ".", "",  # type: ignore[arg-type]
              "| episode | kind | first alarm | share flagged | score 24 m before | 12 m | 6 m | at peak |",
              "|---|---|---|---|---|---|---|---|"]
    for r in bt["episodes"]:  # type: ignore[attr-defined]
        def sc(k: int, r: dict = r) -> str:
            v = r.get(f"score_m{k}")
            return "–" if v is None else f"{v:.2f}"
        lines.append(f"| {r['episode']} | {r['kind']} | {r.get('first_alarm') or 'none'} | {pct(r.get('share_flagged'))} | "
                     f"{sc(24)} | {sc(12)} | {sc(6)} | {sc(0)} |")
    return "\n".join(lines) + "\n"
