"""numba kernel of the sign-based recursive Dickey–Fuller statistics (detect/robust.py)."""

from __future__ import annotations

import math

import numpy as np
from numba import njit


# size: one O(T²) pass over all windows from prefix sums; splitting it would cost a second pass
@njit(cache=True, nogil=True, error_model="numpy")
def sign_df(c: np.ndarray, m: int, badf: np.ndarray, bsadf: np.ndarray) -> None:
    """No-intercept DF t-ratios of ``Δc_t`` on ``c_{t-1} - c_{r1}`` for every window ``r1 .. r2``
    with ``r2 - r1 ≥ m`` rows; ``badf[k]`` is the window starting at 0 and ``bsadf[k]`` the maximum
    over starts, for the window end ``r2 = m + k``. Windows whose regression is degenerate
    (no variation) are skipped (``-inf``)."""
    T = c.shape[0]
    p1 = np.zeros(T + 1)  # p1[k] = sum_{j<k} c_j
    p2 = np.zeros(T + 1)  # p2[k] = sum_{j<k} c_j^2
    pxd = np.zeros(T + 1)  # pxd[k] = sum_{1<=t<k} c_{t-1} (c_t - c_{t-1})
    pd2 = np.zeros(T + 1)  # pd2[k] = sum_{1<=t<k} (c_t - c_{t-1})^2
    for k in range(T):
        p1[k + 1] = p1[k] + c[k]
        p2[k + 1] = p2[k] + c[k] * c[k]
        if k >= 1:
            d = c[k] - c[k - 1]
            pxd[k + 1] = pxd[k] + c[k - 1] * d
            pd2[k + 1] = pd2[k] + d * d
        else:
            pxd[k + 1] = 0.0
            pd2[k + 1] = 0.0
    for r2 in range(m, T):
        best = -np.inf
        for r1 in range(0, r2 - m + 1):
            n = r2 - r1
            a = c[r1]
            sc = p1[r2] - p1[r1]  # sum of c_{t-1}, t = r1+1..r2
            sxx = p2[r2] - p2[r1] - 2.0 * a * sc + n * a * a
            sd = c[r2] - a
            sxy = pxd[r2 + 1] - pxd[r1 + 1] - a * sd
            syy = pd2[r2 + 1] - pd2[r1 + 1]
            if sxx <= 0.0:
                stat = -np.inf
            else:
                rss = syy - sxy * sxy / sxx
                stat = -np.inf if rss <= 1e-12 * (syy + 1.0) else sxy / math.sqrt(rss / (n - 1) * sxx)
            if r1 == 0:
                badf[r2 - m] = stat
            if stat > best:
                best = stat
        bsadf[r2 - m] = best


@njit(cache=True, nogil=True, error_model="numpy")
def sign_df_many(C: np.ndarray, m: int, badf: np.ndarray, bsadf: np.ndarray) -> None:
    """:func:`sign_df` on every row of ``C``."""
    for i in range(C.shape[0]):
        sign_df(C[i], m, badf[i], bsadf[i])
