"""Numba kernel for the recursive ADF statistics with any lag and per-window lag selection
(AIC/BIC): the general, one-window-at-a-time Cholesky solver and the design matrix. Layout and
conventions in ``_psy_kernels``."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# relative pivot tolerance for declaring a window's regression singular
_TOL = 1e-12


@njit(cache=True, nogil=True, error_model="numpy")
def _chol_t(G: np.ndarray, idx: np.ndarray, q: int, L: np.ndarray, cnt: int) -> tuple[float, float, bool]:
    """Cholesky of G[idx[:q], idx[:q]] (last index = y, second last = lagged level).

    Returns (t-ratio of the second-last variable, RSS, ok).
    """
    for i in range(q):
        gi = idx[i]
        for j in range(i + 1):
            gj = idx[j]
            v = G[gi, gj]
            for k in range(j):
                v -= L[i, k] * L[j, k]
            if i == j:
                if v <= _TOL * G[gi, gi] or v <= 0.0:
                    return 0.0, 0.0, False
                L[i, i] = math.sqrt(v)
            else:
                L[i, j] = v / L[j, j]
    kreg = q - 1
    rss = L[kreg, kreg] * L[kreg, kreg]
    dof = cnt - kreg
    if dof <= 0:
        return 0.0, rss, False
    t = L[kreg, kreg - 1] * math.sqrt(dof) / L[kreg, kreg]
    return t, rss, True



# size: numba kernel; one fused loop over window starts and ends (splitting it re-reads the Gram matrix per window)
@njit(cache=True, nogil=True, error_model="numpy")
def _general_core(Z: np.ndarray, m: int, full: bool, pmax: int, ic: int, badf: np.ndarray,  # noqa: C901  numba kernel, one fused loop (see # size above)
                  bsadf: np.ndarray, lags: np.ndarray, bad: np.ndarray) -> None:
    """General kernel. Z columns: [1, Δx_{t-1} .. Δx_{t-pmax}, x_{t-1}, Δx_t].

    ic = 0: fixed lag pmax. ic = 1 (AIC) / 2 (BIC): for every window choose p in 0..pmax
    minimising the Gaussian information criterion on the window's common rows;
    ``lags[k]`` receives the lag chosen for the maximising window of BSADF element k.
    """
    n, c = Z.shape
    xcol = c - 2
    nout = n - m + 1
    for k in range(nout):
        badf[k] = -np.inf
        bsadf[k] = -np.inf
        lags[k] = -1
    G = np.zeros((c, c))
    L = np.zeros((c, c))
    idx = np.empty(c, dtype=np.int64)
    last_r1 = n - m if full else 0
    for r1 in range(last_r1 + 1):
        s = Z[r1, xcol]
        for i in range(c):
            for j in range(c):
                G[i, j] = 0.0
        for r2 in range(r1, n):
            for i in range(c):
                zi = Z[r2, i] - s if i == xcol else Z[r2, i]
                for j in range(i + 1):
                    zj = Z[r2, j] - s if j == xcol else Z[r2, j]
                    G[i, j] += zi * zj
            cnt = r2 - r1 + 1
            if cnt < m:
                continue
            if ic == 0:
                q = c
                for i in range(c):
                    idx[i] = i
                t, _rss, ok = _chol_t(G, idx, q, L, cnt)
                chosen = pmax
            else:
                best = np.inf
                t = 0.0
                ok = False
                chosen = -1
                fn = float(cnt)
                for p in range(pmax + 1):
                    q = p + 3
                    for i in range(p + 1):
                        idx[i] = i
                    idx[p + 1] = xcol
                    idx[p + 2] = xcol + 1
                    tp, rssp, okp = _chol_t(G, idx, q, L, cnt)
                    if not okp:
                        ok = False
                        break
                    npar = p + 2
                    pen = 2.0 * npar if ic == 1 else npar * math.log(fn)
                    crit = fn * math.log(rssp / fn) + pen
                    if crit < best:
                        best = crit
                        t = tp
                        chosen = p
                        ok = True
            if not ok:
                if bad[0] < 0:
                    bad[0] = r1
                    bad[1] = r2
                continue
            k = r2 - m + 1
            if r1 == 0:
                badf[k] = t
            if t > bsadf[k]:
                bsadf[k] = t
                lags[k] = chosen


@njit(cache=True, nogil=True, error_model="numpy")
def design(x: np.ndarray, p: int) -> np.ndarray:
    """Rows [1, Δx_{t-1..t-p}, x_{t-1}, Δx_t] for t = p+1 .. T-1 (0-based)."""
    T = x.shape[0]
    n = T - 1 - p
    Z = np.empty((n, p + 3))
    for r in range(n):
        t = r + 1 + p
        Z[r, 0] = 1.0
        for j in range(1, p + 1):
            Z[r, j] = x[t - j] - x[t - j - 1]
        Z[r, p + 1] = x[t - 1]
        Z[r, p + 2] = x[t] - x[t - 1]
    return Z
