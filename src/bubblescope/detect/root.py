"""The explosive root of an episode, its confidence interval and the implied doubling time.

Over the observations of one episode, the AR(1) root is estimated by least squares without an
intercept, ``ρ̂ = Σ y_{t-1} y_t / Σ y_{t-1}²`` (``center="start"`` first subtracts the level just
before the episode, so the root describes the deviation from it). For an explosive root,
Phillips & Magdalinos (2007, "Limit theory for moderate deviations from a unit root", J.
Econometrics 136, Theorem 4.3; used for the Nasdaq by Phillips, Wu & Yu 2011, Section 5) give the
Cauchy limit ``ρ̂^n / (ρ̂² - 1) · (ρ̂ - ρ) ⇒ C`` for mildly explosive roots ``ρ = 1 + c/k_n``
(the same limit as Anderson's 1959 for a fixed ``ρ > 1`` with Gaussian errors), hence the interval

    ρ̂ ± (ρ̂² - 1) / ρ̂^n · tan(π·level/2)

(``tan(0.475π) = 12.71`` at 95%). When ``ρ̂ ≤ 1`` the theory does not apply and the interval is
"not available". The doubling time of the deviation is ``ln 2 / ln ρ`` observations (its
interval maps the root's bounds; an upper bound of infinity when the lower root bound is ≤ 1).

:func:`with_roots` adds these columns to an episode table such as ``PSYResult.episodes``. Use
``center="none"`` for a level process (``X_t = δ X_{t-1} + ε_t``, the PSY simulators) and
``center="start"`` for log prices: the root of a raw log level is ``1 + growth/level``, while the
deviation from the pre-episode log level is what an explosive episode makes grow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

__all__ = ["ROOT_COLUMNS", "RootEstimate", "RootTable", "episode_roots", "explosive_root", "with_roots"]

#: columns :func:`with_roots` adds to an episode table
ROOT_COLUMNS = ("rho", "rho_lo", "rho_hi", "doubling_obs", "doubling_lo", "doubling_hi", "doubling_days",
                "root_note")


@dataclass(frozen=True)
class RootEstimate:
    """One segment's root: estimate, interval (None when not available), doubling times in obs."""

    rho: float
    rho_lo: float | None
    rho_hi: float | None
    n: int
    level: float
    doubling_obs: float | None
    doubling_lo: float | None
    doubling_hi: float | None
    note: str = ""


def _doubling(rho: float | None) -> float | None:
    if rho is None or not math.isfinite(rho) or rho <= 1.0:
        return None
    return math.log(2.0) / math.log(rho)


def explosive_root(values: Any, *, level: float = 0.95) -> RootEstimate:
    """Root, Phillips–Magdalinos interval and doubling time of one segment of values (see module)."""
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise InputError(f"level must lie strictly between 0 and 1, got {level!r}")
    y = np.asarray(values, dtype=float)
    if y.ndim != 1 or y.size < 4:
        raise InputError(f"an explosive-root estimate needs at least 4 observations, got {y.size}")
    if not np.all(np.isfinite(y)):
        raise InputError("the segment has NaN or infinite values")
    lagged, now = y[:-1], y[1:]
    sxx = float(lagged @ lagged)
    if sxx == 0.0:
        raise InputError("the segment is all zeros; the root is undefined")
    rho = float(lagged @ now) / sxx
    n = int(now.size)
    if rho <= 1.0:
        return RootEstimate(rho, None, None, n, float(level), None, None, None,
                            "root ≤ 1: the explosive-root interval does not apply")
    log_scale = math.log(rho * rho - 1.0) - n * math.log(rho)
    half = math.exp(log_scale) * math.tan(math.pi * level / 2.0) if log_scale < 700 else math.inf
    lo, hi = rho - half, rho + half
    note = "" if lo > 1.0 else "the interval reaches a unit root: doubling time not bounded above"
    return RootEstimate(rho, lo, hi, n, float(level), _doubling(rho), _doubling(hi), _doubling(lo), note)


def _spacing_days(index: pd.Index) -> float | None:
    if isinstance(index, pd.DatetimeIndex) and index.size > 1:
        seconds = np.diff(index.to_numpy()).astype("timedelta64[s]").astype(float)
        return float(np.median(seconds) / 86_400.0)
    return None


def _segment(series: pd.Series, start: Any, end: Any, ongoing: bool) -> np.ndarray:
    idx = series.index
    mask = idx >= start
    if not ongoing and end is not None and not pd.isna(end):
        mask &= idx < end
    return series.to_numpy(dtype=float)[mask]


def with_roots(episodes: pd.DataFrame, series: pd.Series, *, log: bool = False, center: str = "none",
               level: float = 0.95) -> pd.DataFrame:
    """A copy of ``episodes`` (columns ``start``, ``end``, ``ongoing`` as in ``PSYResult.episodes``)
    with :data:`ROOT_COLUMNS` added, computed on ``series`` over ``start ≤ t < end`` (to the last
    observation when ongoing). ``log=True`` logs the series first (pass ``False`` for
    ``PSYResult.series``, already logged); ``center="start"`` measures the deviation from the level
    just before the episode. An episode too short for an estimate gets the reason in ``root_note``."""
    if center not in ("none", "start"):
        raise InputError(f"center must be 'none' or 'start', got {center!r}")
    missing = {"start", "end"} - set(episodes.columns)
    if missing:
        raise InputError(f"episode table lacks column(s) {', '.join(sorted(missing))}")
    s = series.astype(float)
    if log:
        if (s <= 0).any():
            raise InputError("series has non-positive values and cannot be logged (pass log=False)")
        s = np.log(s)
    days = _spacing_days(s.index)
    rows = []
    for r in episodes.itertuples(index=False):
        ongoing = bool(getattr(r, "ongoing", False)) or r.end is None or pd.isna(r.end)
        seg = _segment(s, r.start, r.end, ongoing)
        if center == "start":
            before = s[s.index < r.start]
            seg = seg - (float(before.iloc[-1]) if before.size else float(seg[0]))
        try:
            est = explosive_root(seg, level=level)
        except InputError as exc:
            rows.append(dict.fromkeys(ROOT_COLUMNS[:-1], None) | {"root_note": str(exc)})
            continue
        rows.append({"rho": est.rho, "rho_lo": est.rho_lo, "rho_hi": est.rho_hi,
                     "doubling_obs": est.doubling_obs, "doubling_lo": est.doubling_lo,
                     "doubling_hi": est.doubling_hi,
                     "doubling_days": est.doubling_obs * days if est.doubling_obs and days else None,
                     "root_note": est.note})
    extra = pd.DataFrame(rows, columns=list(ROOT_COLUMNS), index=episodes.index)
    return pd.concat([episodes, extra], axis=1)


@dataclass(frozen=True)
class RootTable(Result):
    """Episodes with their explosive-root columns (:func:`episode_roots`)."""

    table: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> str:
        lv = round(self.params.get("level", 0.95) * 100)
        lines = [f"Explosive root per episode (least squares, Phillips-Magdalinos {lv}% interval):"]
        for r in self.table.itertuples(index=False):
            if r.rho is None or pd.isna(r.rho):
                lines.append(f"  {r.start}: not available: {r.root_note}")
                continue
            ci = (f"[{r.rho_lo:.4f}, {r.rho_hi:.4f}]" if r.rho_lo is not None and not pd.isna(r.rho_lo)
                  else "not available")
            dt = f"{r.doubling_obs:.1f} obs" if r.doubling_obs is not None and not pd.isna(r.doubling_obs) \
                else "not available"
            lines.append(f"  {r.start}: root {r.rho:.4f}, interval {ci}, doubling time {dt}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"params": to_jsonable(self.params),
                "episodes": to_jsonable(self.table.to_dict(orient="records"))}


def episode_roots(series: pd.Series, episodes: pd.DataFrame, *, log: bool = False, center: str = "none",
                  level: float = 0.95) -> RootTable:
    """:func:`with_roots` wrapped in a result object."""
    table = with_roots(episodes, series, log=log, center=center, level=level)
    return RootTable(table=table, params={"log": log, "center": center, "level": level,
                                          "method": "Phillips-Magdalinos (2007) Cauchy interval"})
