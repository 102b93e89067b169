"""The named case: PSY (2015) on their S&P 500 price–dividend series, against the paper's episodes.

Phillips, Shi and Yu (2015, International Economic Review 56(4)) report that the GSADF date-stamping
strategy on the S&P 500 price–dividend ratio, January 1871 – December 2010, identifies "the great
crash, the postwar boom in 1954, Black Monday in October 1987, the dot-com bubble and the subprime
mortgage crisis". This module runs :func:`bubblescope.detect.psy.psy` on that series — in levels, as the
paper does (``log=False``; the log ratio misses Black Monday) — and reports,
for each of those events, the stamped episodes that overlap its years — hits and misses alike — and
the SADF/GSADF statistics with their 90/95/99% critical values beside the paper's published values.

The paper's own numbers (its SADF/GSADF statistics, critical values and episode dates) could not be
found in the sources searched for this project (public package documentation and vignettes,
repositories, and web pages reachable here, 2026-12-03); every such cell says "not found" rather than
quoting a number from memory. The 1879 and 1917 episodes are listed because issue 16 cites them as
dated by the paper; their months are likewise "not found".
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
#: earlier episodes issue 16 cites as dated by the paper (their months were not found): shown, not counted
PSY2015_FURTHER: tuple[tuple[str, int, int], ...] = (
    ("the 1879 episode (cited by issue 16)", 1879, 1880),
    ("the 1917 episode (cited by issue 16)", 1917, 1918),
)
#: the paper's published statistics and critical values: None = not found in the sources searched
PSY2015_PUBLISHED: dict[str, dict[str, float | None]] = {
    "SADF": {"statistic": None, "cv90": None, "cv95": None, "cv99": None},
    "GSADF": {"statistic": None, "cv90": None, "cv95": None, "cv99": None},
}
NOT_FOUND = "not found"
#: one sentence per known difference between this run and the paper's
PSY2015_DIFFERENCES: tuple[str, ...] = (
    "Window: 36 regression rows (exuber's convention: each smallest window holds 37 observations); the"
    " psymonitor/MATLAB convention counts 36 observations, one row fewer, and the rule of thumb"
    " floor((0.01 + 1.8/sqrt(T))·T) would give 90 for T = 1680 — which of these the paper's 36 months means"
    " could not be checked against the paper.",
    "Data vintage: the SP_DV file that circulates with the PSY replication code (Shiller's nominal S&P"
    " composite price and dividend, ../shared/data/psy/PROVENANCE.md); later revisions of Shiller's data"
    " differ slightly, and the paper's exact file could not be compared.",
    "Replications: our critical values are Monte Carlo replications (count and seed in the settings above)"
    " of y_t = y_{t-1} + 1/T + e_t; the paper's replication count and draws are not known here, so its"
    " critical values would differ by Monte Carlo error (the noise floor measured in docs/psy.md).",
    "Lag and levels: lag 0 on the P/D ratio in levels (not its log), as in the project's pyexuber-equal"
    " reference test; the paper's lag choice could not be checked.",
    "Stamping: the PSY rule with a minimum duration of round(log T) months (settings above) holds a crossing"
    " open that long, so an episode with fewer months above the critical value is reported at the minimum"
    " length (the kind, boom or collapse, is our signed-episode label); the paper's exact dates could not be"
    " compared.",
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
    statistics: pd.DataFrame | None = None  # statistic, ours, cv90/95/99 (ours) and the paper's values
    further: pd.DataFrame | None = None  # the 1879 and 1917 episodes (PSY2015_FURTHER), same columns as matches

    def to_frame(self) -> pd.DataFrame:
        return self.matches.copy()

    def summary(self) -> str:
        found = int(self.matches["found"].sum())
        return f"PSY 2015 named case: {found}/{len(self.matches)} of the paper's events stamped ({self.settings})"

    def to_dict(self) -> dict[str, Any]:
        return {"citation": PSY2015_CITATION, "settings": self.settings,
                "matches": to_jsonable(self.matches), "episodes": to_jsonable(self.episodes),
                "statistics": to_jsonable(self.statistics) if self.statistics is not None else None,
                "further": to_jsonable(self.further) if self.further is not None else None,
                "differences": list(PSY2015_DIFFERENCES)}

    def to_markdown(self) -> str:
        lines = []
        if self.statistics is not None:
            lines += ["| statistic | ours | 90% ours / paper | 95% ours / paper | 99% ours / paper | paper's statistic |",
                      "|---|---|---|---|---|---|"]
            for r in self.statistics.to_dict(orient="records"):
                cells = [f"{r['cv' + q]:.3f} / {_paper(r['paper_cv' + q])}" for q in ("90", "95", "99")]
                lines.append(f"| {r['statistic']} | {r['ours']:.4f} | " + " | ".join(cells)
                             + f" | {_paper(r['paper_statistic'])} |")
            lines.append("")
        lines += ["| event (PSY 2015) | years matched | stamped? | our episodes (start → end) | paper's dates |",
                  "|---|---|---|---|---|"]
        frames = [self.matches] + ([self.further] if self.further is not None else [])
        for r in pd.concat(frames, ignore_index=True).itertuples():
            eps = "; ".join(f"{e} ({k})" for e, k in zip(r.episodes.split("; "), r.kinds.split("; "), strict=True)
                            ) if r.episodes else "–"
            lines.append(f"| {r.event} | {r.years} | {'yes' if r.found else '**no**'} | {eps} | {NOT_FOUND} |")
        lines += ["", "Differences from the paper:", ""] + [f"- {d}" for d in PSY2015_DIFFERENCES]
        return "\n".join(lines)


def _paper(v: float | None) -> str:
    return NOT_FOUND if v is None else f"{v:.2f}"


def _statistics(res: Any) -> pd.DataFrame:
    """Our SADF/GSADF with their simulated 90/95/99% critical values, beside the paper's (None = not found)."""
    cvs = res.critical_values
    rows = []
    for name, value, table in (("SADF", res.sadf, cvs.sadf), ("GSADF", res.gsadf, cvs.gsadf)):
        pub = PSY2015_PUBLISHED[name]
        rows.append({"statistic": name, "ours": float(value),
                     **{f"cv{q}": float(table[lv]) for q, lv in (("90", 0.9), ("95", 0.95), ("99", 0.99))},
                     "paper_statistic": pub["statistic"],
                     **{f"paper_cv{q}": pub[f"cv{q}"] for q in ("90", "95", "99")}})
    return pd.DataFrame(rows)


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
    rows = _match(eps, PSY2015_EVENTS, s.index[-1])
    further = _match(eps, PSY2015_FURTHER, s.index[-1])
    settings = {"observations": len(s), "min_window": spec.min_window, "cv": spec.cv, "reps": spec.replications,
                "seed": spec.seed, "size": spec.size, "log": spec.log, "lag": spec.lag, "gsadf": round(res.gsadf, 4),
                "sadf": round(res.sadf, 4), "stamp_rule": spec.stamp_rule,
                "min_duration": res.params.get("min_duration"), "spec": spec.describe()}
    stats = _statistics(res) if hasattr(res.critical_values, "sadf") else None
    return NamedCaseResult(matches=pd.DataFrame(rows), episodes=eps, settings=settings, statistics=stats,
                           further=pd.DataFrame(further))


def _match(eps: pd.DataFrame, events: tuple[tuple[str, int, int], ...], last: pd.Timestamp) -> list[dict[str, Any]]:
    """For each event, the stamped episodes overlapping its years (and their kinds, boom / collapse)."""
    rows = []
    for name, y0, y1 in events:
        lo, hi = pd.Timestamp(f"{y0}-01-01"), pd.Timestamp(f"{y1}-12-31")
        hit, kinds = [], []
        for e in eps.itertuples():
            end = e.end if e.end is not None and not pd.isna(e.end) else last
            if e.start <= hi and end >= lo:
                hit.append(f"{e.start:%Y-%m} → {end:%Y-%m}")
                kinds.append(str(getattr(e, "kind", "–")))
        rows.append({"event": name, "years": f"{y0}–{y1}", "found": bool(hit), "episodes": "; ".join(hit),
                     "kinds": "; ".join(kinds)})
    return rows
