"""Numba kernels for the recursive ADF statistics (SADF / GSADF / BSADF / BADF).

Written by hand because no maintained Python library computes the O(T²) family of windowed ADF
regressions quickly: statsmodels' ``adfuller`` refits one window at a time (far too slow for
~10⁶–10⁸ windows), and the only peer (pyexuber) is a GPL C++ extension we may only benchmark.

Layout (all kernels): the regression is built once for the whole sample with lag ``p``:
row ``r`` (0-based) is observation ``t = r + 1 + p`` of the level series ``x`` and holds

    Δx_t = a + b·x_{t-1} + Σ_{j=1..p} c_j·Δx_{t-j} + e_t

A window is a run of consecutive rows ``r1..r2``; its ADF statistic is the t-ratio of ``b``.
For a fixed start ``r1`` the cross-products of the window grow by one row per step, so every
window costs O(K²) (K = p + 2 regressors) instead of a refit — the "O(1) window update". We
accumulate from each start rather than differencing global prefix sums, because prefix-sum
differences lose digits to cancellation on long, trending series; and the lagged level is
shifted by its value at the window start (exactly invariant under the intercept), which keeps
``Σx²`` of the same order as the window's variance.

Output length is ``n_rows - m + 1`` where ``m`` is the minimum window in rows; element ``k``
belongs to the window(s) ending at row ``m - 1 + k``.

Singular windows (constant stretches, perfect fits) are reported through ``bad`` (the first
offending ``(r1, r2)``), never turned into a number.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from bubblescope.detect._psy_fixed import _fixed_fast, _lag1_fast
from bubblescope.detect._psy_general import _general_core, design
from bubblescope.detect._psy_lag0 import _lag0_bystart, _lag0_fast

__all__ = ["_fixed_fast", "_general_core", "_lag0_bystart", "_lag0_fast", "_lag1_fast", "design", "run_many",
           "run_many_serial", "run_one", "wild_paths"]


@njit(cache=True, nogil=True, error_model="numpy")
def run_one(x: np.ndarray, m: int, p: int, ic: int, full: bool, badf: np.ndarray, bsadf: np.ndarray,
            lags: np.ndarray, bad: np.ndarray) -> None:
    """Statistics for one level series ``x`` (min window ``m`` rows, lag or max lag ``p``;
    ic 0 = fixed lag, 1 = AIC, 2 = BIC)."""
    bad[0] = -1
    bad[1] = -1
    if ic == 0:
        if p == 0:
            _lag0_fast(x, m, full, badf, bsadf, bad)
        elif p == 1:
            _lag1_fast(x, m, full, badf, bsadf, bad)
        else:
            _fixed_fast(design(x, p), m, full, badf, bsadf, bad)
        for k in range(lags.shape[0]):
            lags[k] = p
    else:
        _general_core(design(x, p), m, full, p, ic, badf, bsadf, lags, bad)


@njit(cache=True, parallel=True, error_model="numpy")
def run_many(X: np.ndarray, m: int, p: int, ic: int, badf: np.ndarray, bsadf: np.ndarray,
             bad: np.ndarray) -> None:
    """``run_one`` on every row of ``X`` (replications), in parallel; results do not depend on
    the thread schedule because every replication writes only its own rows."""
    R = X.shape[0]
    nout = badf.shape[1]
    for i in prange(R):
        lags = np.empty(nout, dtype=np.int64)
        b = np.empty(2, dtype=np.int64)
        run_one(X[i], m, p, ic, True, badf[i], bsadf[i], lags, b)
        bad[i, 0] = b[0]
        bad[i, 1] = b[1]


@njit(cache=True, nogil=True, error_model="numpy")
def wild_paths(x0: np.ndarray, gamma: np.ndarray, resid: np.ndarray, idx: np.ndarray, w: np.ndarray,
               Tb: int) -> np.ndarray:
    """Phillips–Shi (2020) wild-bootstrap paths, one per row of ``idx``/``w``.

    Levels 0..p are the observed first p+1 levels ``x0``; from t = p+1 on
    Δx*_t = Σ_j gamma_j Δx*_{t-j} + w_t · resid[idx_t] (no drift: the null is a unit root).
    """
    R = idx.shape[0]
    p = gamma.shape[0]
    out = np.empty((R, Tb))
    dyb = np.empty(Tb)
    for r in range(R):
        for t in range(p + 1):
            out[r, t] = x0[t]
        for t in range(1, p + 1):
            dyb[t] = x0[t] - x0[t - 1]
        for t in range(p + 1, Tb):
            v = w[r, t - p - 1] * resid[idx[r, t - p - 1]]
            for j in range(p):
                v += gamma[j] * dyb[t - 1 - j]
            dyb[t] = v
            out[r, t] = out[r, t - 1] + v
    return out


@njit(cache=True, nogil=True, error_model="numpy")
def run_many_serial(X: np.ndarray, m: int, p: int, ic: int, badf: np.ndarray, bsadf: np.ndarray,
                    bad: np.ndarray) -> None:
    """``run_many`` on one thread (small replications, where thread start-up costs more than it saves)."""
    R = X.shape[0]
    nout = badf.shape[1]
    lags = np.empty(nout, dtype=np.int64)
    b = np.empty(2, dtype=np.int64)
    for i in range(R):
        run_one(X[i], m, p, ic, True, badf[i], bsadf[i], lags, b)
        bad[i, 0] = b[0]
        bad[i, 1] = b[1]
