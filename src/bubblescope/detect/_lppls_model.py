"""LPPLS model core: search settings, input checks, the time axis and the nested-window fit.

Shared by the single fit (:mod:`._lppls_fit`) and the indicators (:mod:`._lppls_indicators`); the
conventions are documented in :mod:`bubblescope.detect.lppls`. The numerics are the numba kernels of
:mod:`._lppls_kernels`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from bubblescope.detect import _lppls_kernels as K
from bubblescope.errors import InputError

TimeMode = Literal["index", "years"]
TRADING_DAYS_PER_YEAR = 252.0
_DAYS_PER_TRADING_DAY = 365.25 / TRADING_DAYS_PER_YEAR

#: FCO default window lengths (trading days): 750 down to 125 in steps of 5 → 126 windows.
FCO_WINDOWS: tuple[int, ...] = tuple(range(750, 124, -5))
#: Fewest points a window may have (7 parameters need more points than that).
MIN_POINTS = 20


# --------------------------------------------------------------------------------------------
# settings


@dataclass(frozen=True)
class Bounds:
    """Search box for the nonlinear parameters.

    ``tc`` is (tc − t2) as a fraction of the window length t2 − t1 (must be > 0: the model is only
    defined for t < tc); ``m`` and ``omega`` are absolute.
    """

    tc: tuple[float, float] = (0.002, 0.5)
    m: tuple[float, float] = (0.01, 1.5)
    omega: tuple[float, float] = (1.0, 30.0)

    def __post_init__(self) -> None:
        for name in ("tc", "m", "omega"):
            lo, hi = getattr(self, name)
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise InputError(f"LPPLS bounds: {name} needs finite lo < hi, got ({lo}, {hi})")
        if self.tc[0] <= 0:
            raise InputError("LPPLS bounds: tc lower bound must be > 0 (the model needs t < tc)")
        if self.m[0] <= 0 or self.omega[0] <= 0:
            raise InputError("LPPLS bounds: m and omega must be positive")


@dataclass(frozen=True)
class SearchSettings:
    """Grid sizes and local-refinement settings (speed/quality trade-off).

    The grid has ``n_tc`` (+4 when several window lengths share it) geometrically spaced tc − t2
    offsets, ``n_m`` and ``n_omega`` evenly spaced cell centres; local refinement stops after
    ``max_iter`` LM iterations or a relative SSE decrease below ``tol``. ``chain`` lets each window
    also start from the optimum of the next shorter window with the same end (when better).
    """

    n_tc: int = 10
    n_m: int = 6
    n_omega: int = 16
    max_iter: int = 20
    tol: float = 1e-5
    chain: bool = True


_U64 = (1 << 64) - 1
#: A single fit() converges tightly (cheap for one window); the indicators use the looser defaults.
_FIT_SEARCH = SearchSettings(max_iter=60, tol=1e-10)


# --------------------------------------------------------------------------------------------
# input checks and time axis


def _check_series(series: pd.Series, min_points: int) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise InputError(f"LPPLS needs a pandas Series of prices, got {type(series).__name__}")
    if not isinstance(series.index, pd.DatetimeIndex):
        raise InputError("LPPLS needs a Series indexed by dates (DatetimeIndex)")
    try:
        s = series.astype(float)
    except (TypeError, ValueError):
        raise InputError("LPPLS: prices must be numeric") from None
    if len(s) < min_points:
        raise InputError(f"LPPLS: {len(s)} observations, need at least {min_points} for the smallest window")
    v = s.to_numpy()
    if np.isnan(v).any():
        first = s.index[np.isnan(v)][0]
        raise InputError(f"LPPLS: price is NaN on {first.date()} (drop or fill missing values first)")
    if not np.isfinite(v).all():
        raise InputError("LPPLS: prices contain infinite values")
    if (v <= 0).any():
        first = s.index[v <= 0][0]
        raise InputError(f"LPPLS: non-positive price {s[first]:g} on {first.date()} (log price undefined)")
    if s.index.hasnans:
        raise InputError("LPPLS: the date index contains missing dates (NaT)")
    if not s.index.is_monotonic_increasing:
        raise InputError("LPPLS: dates are not sorted ascending")
    if s.index.has_duplicates:
        raise InputError(f"LPPLS: duplicate date {s.index[s.index.duplicated()][0].date()}")
    return s


def _time_axis(index: pd.DatetimeIndex, time: str) -> np.ndarray:
    if time == "index":
        return np.arange(len(index), dtype=float)
    if time == "years":
        ns = index.as_unit("ns").asi8.astype(float)
        return 1970.0 + ns / (365.25 * 86400e9)
    raise InputError(f"LPPLS: time must be 'index' or 'years', got {time!r}")


def _tc_to_date(tc: float, t2: float, end_date: pd.Timestamp, time: str) -> pd.Timestamp | None:
    if not math.isfinite(tc):
        return None
    if time == "years":
        return pd.Timestamp(1970, 1, 1) + pd.to_timedelta((tc - 1970.0) * 365.25, unit="D")
    return end_date + pd.to_timedelta((tc - t2) * _DAYS_PER_TRADING_DAY, unit="D")


# --------------------------------------------------------------------------------------------
# fitting core (shared by fit() and the indicators)


def _tc_grid(lo_off: float, hi_off: float, n: int) -> np.ndarray:
    return np.geomspace(lo_off, hi_off, n)


def _fit_nested(
    t: np.ndarray,
    y: np.ndarray,
    lens: np.ndarray,
    bounds: Bounds,
    search: SearchSettings,
    n_starts: int,
    seed: int,
    t2_key: int,
) -> np.ndarray:
    """Fit all nested windows (lengths ``lens``, ascending) ending at the last point.

    Returns (n_windows, 12): tc, m, ω, A, B, C1, C2, sse, rel_mean, rel_max, t1, rank (NaN params
    where no valid fit was found).
    """
    L = len(t)
    t2 = t[-1]
    spans = t2 - t[L - lens]
    lo_off = bounds.tc[0] * spans.min()
    hi_off = bounds.tc[1] * spans.max()
    tcs = _tc_grid(lo_off, hi_off, search.n_tc + (4 if len(lens) > 1 else 0))
    m_lo, m_hi = bounds.m
    w_lo, w_hi = bounds.omega
    # m grid includes both bounds: the m → lower-bound corner is a frequent optimum on real data
    ms = np.linspace(m_lo, m_hi, search.n_m)
    ws = np.linspace(w_lo + 0.5 * (w_hi - w_lo) / search.n_omega, w_hi - 0.5 * (w_hi - w_lo) / search.n_omega, search.n_omega)
    sse = np.empty((len(lens), len(tcs), len(ms), len(ws)))
    K.grid_scan(t, y, lens, tcs, ms, ws, bounds.tc[0] * (1 - 1e-12), bounds.tc[1] * (1 + 1e-12), sse)
    starts = np.full((len(lens), n_starts, 3), np.nan)
    K.select_starts(sse, tcs, ms, ws, n_starts, seed & _U64, t2_key & _U64, lens, t2, starts)
    best = np.empty((len(lens), 4))
    K.refine_windows(t, y, lens, starts, bounds.tc[0], bounds.tc[1], m_lo, m_hi, w_lo, w_hi,
                     search.max_iter, search.tol, search.chain, best)
    res = np.full((len(lens), 12), np.nan)
    lin = np.empty(8)
    for j, n in enumerate(lens):
        res[j, 10] = t[L - n]
        if not np.isfinite(best[j, 3]):
            continue
        tw, yw = t[L - n:], y[L - n:]
        if np.ptp(yw) == 0:
            continue  # constant prices: the LPPLS is not identifiable (no valid fit, never zeros)
        if not K.linear_params(tw, yw, best[j, 0], best[j, 1], best[j, 2], lin) or lin[7] < 4:
            continue  # rank-deficient design: no valid fit (reported as NaN, never zeros)
        res[j, 0:3] = best[j, 0:3]
        res[j, 3:10] = lin[0:7]
        res[j, 11] = lin[7]
    return res


def _derived(res: np.ndarray, t2: float, osc: str, rel: str) -> dict[str, np.ndarray]:
    tc, m, w, _A, B, C1, C2 = (res[:, k] for k in range(7))
    t1 = res[:, 10]
    C = np.hypot(C1, C2)
    with np.errstate(divide="ignore", invalid="ignore"):
        damping = m * np.abs(B) / (w * C)
        ratio = (tc - t1) / (tc - t2)
        factor = 2 * np.pi if osc == "periods" else np.pi
        oscillations = w / factor * np.log(ratio)
        tc_rel = (tc - t2) / (t2 - t1)
    return {
        "tc": tc, "m": m, "omega": w, "B": B, "C": C, "damping": damping, "oscillations": oscillations,
        "tc_rel": tc_rel, "rel_error": res[:, 8] if rel == "mean" else res[:, 9],
    }

