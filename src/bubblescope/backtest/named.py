"""The named case: PSY (2015) on their S&P 500 price–dividend series, against the paper's episodes.

Phillips, Shi and Yu (2015, International Economic Review 56(4)) report that the GSADF date-stamping
strategy on the S&P 500 price–dividend ratio, January 1871 – December 2010, identifies "the great
crash, the postwar boom in 1954, Black Monday in October 1987, the dot-com bubble and the subprime
mortgage crisis". This module runs :func:`bubblescope.detect.psy.psy` on that series — in levels, as the
paper does (``log=False``; the log ratio misses Black Monday) — and reports,
for each of those events, the stamped episodes that overlap its years — hits and misses alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.results import Result, to_jsonable

#: The paper's named events and the calendar span each is matched against (inclusive years).
PSY2015_EVENTS: tuple[tuple[str, int, int], ...] = (
    ("the great crash (1929)", 1928, 1930),
    ("the postwar boom (1954)", 1954, 1956),
    ("Black Monday (October 1987)", 1986, 1987),
    ("the dot-com bubble", 1995, 2001),
    ("the subprime mortgage crisis", 2007, 2009),
)
PSY2015_CITATION = (
    "Phillips, P.C.B., Shi, S. and Yu, J. (2015), Testing for multiple bubbles: historical episodes of "
    "exuberance and collapse in the S&P 500, International Economic Review 56(4), 1043-1078"
)


@dataclass(frozen=True)
class NamedCaseResult(Result):
    matches: pd.DataFrame  # event, years, found, episodes
    episodes: pd.DataFrame  # every stamped episode
    settings: dict[str, Any]

    def to_frame(self) -> pd.DataFrame:
        return self.matches.copy()

    def summary(self) -> str:
        found = int(self.matches["found"].sum())
        return f"PSY 2015 named case: {found}/{len(self.matches)} of the paper's events stamped ({self.settings})"

    def to_dict(self) -> dict[str, Any]:
        return {"citation": PSY2015_CITATION, "settings": self.settings,
                "matches": to_jsonable(self.matches), "episodes": to_jsonable(self.episodes)}

    def to_markdown(self) -> str:
        lines = ["| event (PSY 2015) | years matched | stamped? | episodes (start → end) |", "|---|---|---|---|"]
        for r in self.matches.itertuples():
            lines.append(f"| {r.event} | {r.years} | {'yes' if r.found else '**no**'} | {r.episodes or '–'} |")
        return "\n".join(lines)


def psy2015_named_case(pd_ratio: pd.Series, *, reps: int = 2000, seed: int = 0, min_window: int = 36,
                       cv: str = "mc-sadf", spec: PSYSpec | None = None) -> NamedCaseResult:
    """Full-sample PSY on the price–dividend ratio (first 1680 months), matched to the paper's events.

    ``spec`` replaces the settings built from ``reps``, ``seed``, ``min_window`` and ``cv``."""
    from bubblescope.detect.psy import psy

    if spec is None:
        spec = PSYSpec(min_window=min_window, cv=cv, reps=reps, seed=seed, log=False, lag=0)  # type: ignore[arg-type]
    s = pd_ratio.loc[:"2010-12-31"]
    res = psy(s, spec)
    eps = res.episodes
    rows = []
    for name, y0, y1 in PSY2015_EVENTS:
        lo, hi = pd.Timestamp(f"{y0}-01-01"), pd.Timestamp(f"{y1}-12-31")
        hit = []
        for e in eps.itertuples():
            end = e.end if e.end is not None and not pd.isna(e.end) else s.index[-1]
            if e.start <= hi and end >= lo:
                hit.append(f"{e.start:%Y-%m} → {end:%Y-%m}")
        rows.append({"event": name, "years": f"{y0}–{y1}", "found": bool(hit), "episodes": "; ".join(hit)})
    settings = {"observations": len(s), "min_window": spec.min_window, "cv": spec.cv, "reps": spec.replications,
                "seed": spec.seed, "size": spec.size, "log": spec.log, "lag": spec.lag, "gsadf": round(res.gsadf, 4),
                "stamp_rule": spec.stamp_rule,
                "min_duration": res.params.get("min_duration")}
    return NamedCaseResult(matches=pd.DataFrame(rows), episodes=eps, settings=settings)
