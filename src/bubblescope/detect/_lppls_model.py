"""LPPLS model core: search settings, input checks, the time axis and the nested-window fit.

Shared by the single fit (:mod:`._lppls_fit`) and the indicators (:mod:`._lppls_indicators`); the
conventions are documented in :mod:`bubblescope.detect.lppls`. The numerics are the numba kernels of
:mod:`._lppls_kernels`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from bubblescope.detect import _lppls_kernels as K
from bubblescope.detect._lppls_time import steps_to_dates
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
    also start from the optimum of the next shorter window with the same end (when better);
    ``sweep`` is the maximum number of passes in which each window's optimum also competes in its
    neighbouring windows, alternately long → short and short → long (0 turns it off). A start after
    the first whose SSE is still above ``abandon`` × the window's best after 2 LM iterations is dropped.
    """

    n_tc: int = 10
    n_m: int = 6
    n_omega: int = 16
    max_iter: int = 20
    tol: float = 1e-5
    chain: bool = True
    sweep: int = 2
    abandon: float = 1.05


_U64 = (1 << 64) - 1
#: A single fit() converges tightly (cheap for one window); the indicators use the looser defaults.
_FIT_SEARCH = SearchSettings(max_iter=60, tol=1e-10, abandon=1.2)


# --------------------------------------------------------------------------------------------
# input checks and time axis


def _check_series(series: pd.Series, min_points: int) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise InputError(f"LPPLS needs a pandas Series of prices, got {type(series).__name__}")
    if not isinstance(series.index, pd.DatetimeIndex):
        raise InputError("LPPLS needs a Series indexed by dates (DatetimeIndex)")
    if isinstance(series.dtype, np.dtype) and series.dtype == np.float64:
        s = series  # already float: astype would only copy
    else:
        try:
            s = series.astype(float)
        except (TypeError, ValueError):
            raise InputError("LPPLS: prices must be numeric") from None
    if len(s) < min_points:
        raise InputError(f"LPPLS: {len(s)} observations, need at least {min_points} for the smallest window")
    v = s.to_numpy()
    if not ((v > 0) & (v < np.inf)).all():  # one pass for the usual valid case; the details below
        _check_prices(s, v)
    i8 = s.index.asi8
    if (i8.size and i8.min() == np.iinfo(np.int64).min) or not (i8[1:] > i8[:-1]).all():
        _check_dates(s.index)  # some NaT, unsorted or duplicate date: say which
    return s


def _check_prices(s: pd.Series, v: np.ndarray) -> None:
    if np.isnan(v).any():
        first = s.index[np.isnan(v)][0]
        raise InputError(f"LPPLS: price is NaN on {first.date()} (drop or fill missing values first)")
    if not np.isfinite(v).all():
        raise InputError("LPPLS: prices contain infinite values")
    if (v <= 0).any():
        first = s.index[v <= 0][0]
        raise InputError(f"LPPLS: non-positive price {s[first]:g} on {first.date()} (log price undefined)")


def _check_dates(idx: pd.DatetimeIndex) -> None:
    if idx.hasnans:
        raise InputError("LPPLS: the date index contains missing dates (NaT)")
    if not idx.is_monotonic_increasing:
        raise InputError("LPPLS: dates are not sorted ascending")
    if idx.has_duplicates:
        raise InputError(f"LPPLS: duplicate date {idx[idx.duplicated()][0].date()}")


def _check_windows(windows: Sequence[int]) -> list[int]:
    """Distinct window lengths, ascending; each must have at least ``MIN_POINTS`` points."""
    wins = sorted({int(w) for w in windows})
    if not wins:
        raise InputError("LPPLS: no window lengths given")
    if wins[0] < MIN_POINTS:
        raise InputError(f"LPPLS: window length {wins[0]} is below the minimum of {MIN_POINTS} points")
    return wins


def _end_positions(idx: pd.DatetimeIndex, start: str | pd.Timestamp | None, end: str | pd.Timestamp | None,
                   min_window: int) -> tuple[int, int]:
    """Positions (first, last) of the end dates in [start, end]; without ``start`` the first date with
    a full smallest window."""
    lo = 0 if start is None else int(idx.searchsorted(pd.Timestamp(start), "left"))
    hi = len(idx) - 1 if end is None else int(idx.searchsorted(pd.Timestamp(end), "right")) - 1
    if hi < lo:
        raise InputError(f"LPPLS: no observations between {start} and {end}")
    first_ok = min_window - 1
    if len(idx) < min_window:
        raise InputError(f"LPPLS: {len(idx)} observations, need at least {min_window} for the smallest window")
    if lo < first_ok:
        if start is None:
            lo = first_ok
        else:
            raise InputError(
                f"LPPLS: {idx[lo].date()} has only {lo + 1} observations up to it; the smallest window needs "
                f"{min_window} (first usable date {idx[first_ok].date()})"
            )
    return lo, hi


def _time_axis(index: pd.DatetimeIndex, time: str) -> np.ndarray:
    if time == "index":
        return np.arange(len(index), dtype=float)
    if time == "years":
        ns = index.as_unit("ns").asi8.astype(float)
        return 1970.0 + ns / (365.25 * 86400e9)
    raise InputError(f"LPPLS: time must be 'index' or 'years', got {time!r}")


def _tc_to_date(tc: float, t2: float, end_date: pd.Timestamp, time: str, freq: str = "B",
                step: float = 1.0) -> pd.Timestamp | None:
    """The calendar date of time ``tc``: decimal years, or ``tc − t2`` steps of ``freq`` after the end."""
    if not math.isfinite(tc):
        return None
    if time == "years":
        return pd.Timestamp(1970, 1, 1) + pd.to_timedelta((tc - 1970.0) * 365.25, unit="D")
    return steps_to_dates(end_date, np.array([tc - t2]), freq, step)[0]


# --------------------------------------------------------------------------------------------
# fitting core (shared by fit() and the indicators)


@lru_cache(maxsize=64)
def _grids(lo_off: float, hi_off: float, n_tc: int, m: tuple[float, float], n_m: int, omega: tuple[float, float],
           n_omega: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (tc − t2, m, ω) grid axes; cached because every end date with the same window lengths has the
    same axes (geomspace and two linspace cost ~0.1 ms per call). Callers get copies."""
    tcs = np.geomspace(lo_off, hi_off, n_tc)
    # m grid includes both bounds: the m → lower-bound corner is a frequent optimum on real data
    ms = np.linspace(m[0], m[1], n_m)
    w_lo, w_hi = omega
    ws = np.linspace(w_lo + 0.5 * (w_hi - w_lo) / n_omega, w_hi - 0.5 * (w_hi - w_lo) / n_omega, n_omega)
    return tcs, ms, ws


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
    m_lo, m_hi = bounds.m
    w_lo, w_hi = bounds.omega
    key = (float(lo_off), float(hi_off), search.n_tc + (4 if len(lens) > 1 else 0), (float(m_lo), float(m_hi)),
           search.n_m, (float(w_lo), float(w_hi)), search.n_omega)
    tcs, ms, ws = (g.copy() for g in _grids(*key))
    sse = np.empty((len(lens), len(tcs), len(ms), len(ws)))
    K.grid_scan(t, y, lens, tcs, ms, ws, bounds.tc[0] * (1 - 1e-12), bounds.tc[1] * (1 + 1e-12), sse)
    starts = np.full((len(lens), n_starts, 3), np.nan)
    K.select_starts(sse, tcs, ms, ws, n_starts, seed & _U64, t2_key & _U64, lens, t2, starts)
    best = np.empty((len(lens), 5))  # tc, m, ω, sse, SSE of the chained start
    K.refine_windows(t, y, lens, starts, bounds.tc[0], bounds.tc[1], m_lo, m_hi, w_lo, w_hi,
                     search.max_iter, search.tol, search.chain, search.abandon, best)
    if search.sweep > 0 and len(lens) > 1:
        K.sweep_windows(t, y, lens, bounds.tc[0], bounds.tc[1], m_lo, m_hi, w_lo, w_hi,
                        search.max_iter, search.tol, search.sweep, best)
    res = np.full((len(lens), 12), np.nan)
    # constant prices or a rank-deficient design: no valid fit (NaN, never zeros)
    K.linear_windows(t, y, lens, best, res)
    return res


def _derived(res: np.ndarray, t2: float | np.ndarray, osc: str, rel: str) -> dict[str, np.ndarray]:
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



#: A parameter within this fraction of its search-box width of a bound counts as on the bound.
BOUND_TOL = 1e-3


def bound_flags(d: dict[str, np.ndarray], bounds: Bounds) -> dict[str, np.ndarray]:
    """Per fit, which of (tc, m, ω) sit on a lower / upper search bound: ``{"tc_low": mask, ...}``.

    tc is compared as (tc − t2)/(t2 − t1) with ``bounds.tc``. An optimum on a bound means the best fit
    lies outside the search box: its tc and m are not estimates of anything.
    """
    out: dict[str, np.ndarray] = {}
    for name, key in (("tc", "tc_rel"), ("m", "m"), ("omega", "omega")):
        lo, hi = getattr(bounds, name)
        tol = BOUND_TOL * (hi - lo)
        v = np.asarray(d[key], dtype=float)
        out[f"{name}_low"] = v <= lo + tol
        out[f"{name}_high"] = v >= hi - tol
    return out


def pinned(d: dict[str, np.ndarray], bounds: Bounds) -> np.ndarray:
    """Fits with tc or m on a search bound (such a fit never qualifies)."""
    f = bound_flags(d, bounds)
    return f["tc_low"] | f["tc_high"] | f["m_low"] | f["m_high"]


def lagrange_pick(lens: np.ndarray, sse: np.ndarray, n_params: int = 7) -> tuple[int, float]:
    """Index of the window (and λ) chosen by the Lagrange-regularised cost of Demos & Sornette (2017).

    G. Demos and D. Sornette, "Birth or burst of financial bubbles: which one is easier to diagnose?",
    Quantitative Finance 17(5), 657–675 (2017): the normalised cost χ²(t1) = SSE/(n − p) falls with
    shorter windows by construction; its linear trend in the window length n, slope λ from a least-
    squares line over all fitted windows, is removed and t1 minimises χ²_λ = χ² − λ·n. Returns (−1, NaN)
    when fewer than 3 windows have a fit.
    """
    n = np.asarray(lens, dtype=float)
    chi = np.asarray(sse, dtype=float) / (n - n_params)
    ok = np.isfinite(chi)
    if ok.sum() < 3:
        return -1, float("nan")
    lam = float(np.polyfit(n[ok], chi[ok], 1)[0])
    cost = np.where(ok, chi - lam * n, np.inf)
    return int(np.argmin(cost)), lam


#: MacKinnon (2010) response-surface coefficients of the ADF t-test with a constant, 5% level:
#: cv(T) = β∞ + β1/T + β2/T² (J. G. MacKinnon, "Critical values for cointegration tests", Queen's
#: Economics Department Working Paper 1227, 2010, Table 1, N = 1, "c").
_ADF_5PCT = (-2.86154, -2.8903, -4.234)


def adf_residuals(e: np.ndarray) -> tuple[float, float]:
    """ADF t-statistic of residuals ``e`` (constant, one lagged difference) and its 5% critical value.

    Regression Δe_t = a + ρ·e_{t−1} + γ·Δe_{t−1}; the statistic is ρ̂ / se(ρ̂). Below the critical value
    the residuals are stationary (mean-reverting), as the LPPLS error term should be (an O-U check
    in the sense of Lin, Ren & Sornette 2014).
    """
    e = np.asarray(e, dtype=float)
    de = np.diff(e)
    yv = de[1:]
    X = np.column_stack([np.ones(yv.size), e[1:-1], de[:-1]])
    T = yv.size
    if T < 10:
        return float("nan"), float("nan")
    beta, *_ = np.linalg.lstsq(X, yv, rcond=None)
    resid = yv - X @ beta
    s2 = float(resid @ resid) / (T - X.shape[1])
    cov = s2 * np.linalg.pinv(X.T @ X)
    stat = float(beta[1] / np.sqrt(cov[1, 1]))
    b0, b1, b2 = _ADF_5PCT
    return stat, b0 + b1 / T + b2 / T**2
