"""Numba kernels for fixed lags p ≥ 1: the closed form for p = 1 and a Cholesky across all
window ends for p ≥ 2. Layout and conventions in ``_psy_kernels``."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from bubblescope.detect._psy_general import _TOL


# size: numba kernel; the Cholesky across window ends is one vectorised sweep per start
@njit(cache=True, nogil=True, error_model="numpy")
def _fixed_fast(Z: np.ndarray, m: int, full: bool, badf: np.ndarray, bsadf: np.ndarray,  # noqa: C901  numba kernel, one fused loop (see # size above)
                bad: np.ndarray) -> None:
    """Fixed lag p ≥ 1; Z columns [1, Δx lags.., x_{t-1}, Δx_t]; Cholesky across all window ends."""
    n, c = Z.shape
    xcol = c - 2
    nout = n - m + 1
    for k in range(nout):
        badf[k] = -np.inf
        bsadf[k] = -np.inf
    npair = c * (c + 1) // 2
    B = np.empty((npair, n))
    G0 = np.empty((c, n))  # original diagonals, for the singularity test
    ID = np.empty((c, n))  # 1 / L[i, i]
    acc = np.zeros(npair)
    isq_n = np.empty(n + 1)
    sq_dof = np.empty(n + 1)
    isq_n[0] = 0.0
    for cnt in range(1, n + 1):
        isq_n[cnt] = 1.0 / math.sqrt(cnt)
        sq_dof[cnt] = math.sqrt(cnt - (c - 1.0)) if cnt > c - 1 else 0.0
    sq_dof[0] = 0.0
    pt = (c - 1) * c // 2 + (c - 2)  # pair (y, x_{t-1})
    last_r1 = n - m if full else 0
    for r1 in range(last_r1 + 1):
        s = Z[r1, xcol]
        for q in range(npair):
            acc[q] = 0.0
        for r2 in range(r1, n):
            q = 0
            for i in range(c):
                zi = Z[r2, i] - s if i == xcol else Z[r2, i]
                for j in range(i + 1):
                    zj = Z[r2, j] - s if j == xcol else Z[r2, j]
                    acc[q] += zi * zj
                    B[q, r2] = acc[q]
                    q += 1
        lo = r1 + m - 1
        ln = n - lo
        nbad = 0
        # 1-D views with 0-based indices so the loops below vectorise (see _lag0_fast)
        for i in range(c):
            for j in range(i + 1):
                qij = i * (i + 1) // 2 + j
                if i == 0:  # L[0,0] = sqrt(count)
                    vid = ID[0, lo:]
                    vis = isq_n[m:m + ln]
                    for w in range(ln):
                        vid[w] = vis[w]
                    continue
                bij = B[qij, lo:]
                if i == j:
                    vg = G0[i, lo:]
                    for w in range(ln):
                        vg[w] = bij[w]
                for k in range(j):
                    bik = B[i * (i + 1) // 2 + k, lo:]
                    bjk = B[j * (j + 1) // 2 + k, lo:]
                    for w in range(ln):
                        bij[w] -= bik[w] * bjk[w]
                if i == j:
                    vg = G0[i, lo:]
                    vid = ID[i, lo:]
                    for w in range(ln):
                        v = bij[w]
                        nbad += v <= _TOL * vg[w]
                        r = math.sqrt(v)
                        bij[w] = r
                        vid[w] = 1.0 / r
                else:
                    vjd = ID[j, lo:]
                    for w in range(ln):
                        bij[w] *= vjd[w]
        vt = B[pt, lo:]
        vid = ID[c - 1, lo:]
        vsd = sq_dof[m:m + ln]
        vbs = bsadf[r1:r1 + ln]
        for w in range(ln):
            t = vt[w] * vsd[w] * vid[w]
            cur = vbs[w]
            vbs[w] = t if t > cur else cur
        if r1 == 0:
            for w in range(ln):
                badf[w] = vt[w] * vsd[w] * vid[w]
        if nbad > 0 and bad[0] < 0:
            # locate the first singular window of this start (rare path, scalar)
            for w in range(lo, n):
                for i in range(1, c):
                    if not (B[i * (i + 1) // 2 + i, w] > 0.0) or B[i * (i + 1) // 2 + i, w] ** 2 <= _TOL * G0[i, w]:
                        bad[0] = r1
                        bad[1] = w
                        break
                if bad[0] >= 0:
                    break


# size: numba kernel; closed form over all window ends in one flat loop the compiler vectorises
@njit(cache=True, nogil=True, error_model="numpy")
def _lag1_fast(x: np.ndarray, m: int, full: bool, badf: np.ndarray, bsadf: np.ndarray,
               bad: np.ndarray) -> None:
    """Closed form for p = 1 (regressors: intercept, lagged level x, lagged difference z).

    With centred cross-products C.. the t-ratio of x after partialling out z is
    t·|t| = B·|B|·dof / (A·C − B²), A = CxxCzz − Cxz², B = CxyCzz − CxzCzy, C = CyyCzz − Czy².
    """
    n = x.shape[0] - 2
    nout = n - m + 1
    inv_n = np.empty(n + 1)
    dof = np.empty(n + 1)
    inv_n[0] = 0.0
    dof[0] = 0.0
    for c in range(1, n + 1):
        inv_n[c] = 1.0 / c
        dof[c] = c - 3.0
    sq = np.full(nout, -np.inf)
    S0 = np.empty(n)
    S1 = np.empty(n)
    S2 = np.empty(n)
    S3 = np.empty(n)
    S4 = np.empty(n)
    S5 = np.empty(n)
    S6 = np.empty(n)
    S7 = np.empty(n)
    S8 = np.empty(n)
    inv_m = inv_n[m:]
    dof_m = dof[m:]
    last_r1 = n - m if full else 0
    for r1 in range(last_r1 + 1):
        s = x[r1 + 1]
        a0 = 0.0
        a1 = 0.0
        a2 = 0.0
        a3 = 0.0
        a4 = 0.0
        a5 = 0.0
        a6 = 0.0
        a7 = 0.0
        a8 = 0.0
        lo = r1 + m - 1
        for r2 in range(r1, n):
            xv = x[r2 + 1] - s
            zv = x[r2 + 1] - x[r2]
            yv = x[r2 + 2] - x[r2 + 1]
            a0 += xv
            a1 += zv
            a2 += yv
            a3 += xv * xv
            a4 += xv * zv
            a5 += zv * zv
            a6 += xv * yv
            a7 += zv * yv
            a8 += yv * yv
            if r2 >= lo:
                j = r2 - lo
                S0[j] = a0
                S1[j] = a1
                S2[j] = a2
                S3[j] = a3
                S4[j] = a4
                S5[j] = a5
                S6[j] = a6
                S7[j] = a7
                S8[j] = a8
        ln = n - lo
        vx = S0
        vz = S1
        vy = S2
        vxx = S3
        vxz = S4
        vzz = S5
        vxy = S6
        vzy = S7
        vyy = S8
        vin = inv_m
        vdf = dof_m
        vsq = sq[r1:r1 + ln]
        nbad = 0
        for i in range(ln):
            ivn = vin[i]
            sx = vx[i]
            sz = vz[i]
            sy = vy[i]
            cxx = vxx[i] - sx * sx * ivn
            cxz = vxz[i] - sx * sz * ivn
            czz = vzz[i] - sz * sz * ivn
            cxy = vxy[i] - sx * sy * ivn
            czy = vzy[i] - sz * sy * ivn
            cyy = vyy[i] - sy * sy * ivn
            ga = cxx * czz - cxz * cxz
            gb = cxy * czz - cxz * czy
            gc = cyy * czz - czy * czy
            gd = ga * gc - gb * gb
            nbad += (czz <= _TOL * vzz[i]) | (ga <= _TOL * vxx[i] * czz) | (gd <= _TOL * ga * vyy[i] * czz)
            q = gb * abs(gb) * vdf[i] / gd
            cur = vsq[i]
            vsq[i] = q if q > cur else cur
            if r1 == 0:
                badf[i] = q
        if nbad > 0 and bad[0] < 0:
            for i in range(ln):
                ivn = vin[i]
                cxx = vxx[i] - vx[i] * vx[i] * ivn
                cxz = vxz[i] - vx[i] * vz[i] * ivn
                czz = vzz[i] - vz[i] * vz[i] * ivn
                cxy = vxy[i] - vx[i] * vy[i] * ivn
                czy = vzy[i] - vz[i] * vy[i] * ivn
                cyy = vyy[i] - vy[i] * vy[i] * ivn
                ga = cxx * czz - cxz * cxz
                gb = cxy * czz - cxz * czy
                gd = ga * (cyy * czz - czy * czy) - gb * gb
                if (czz <= _TOL * vzz[i]) or (ga <= _TOL * vxx[i] * czz) or (gd <= _TOL * ga * vyy[i] * czz):
                    bad[0] = r1
                    bad[1] = lo + i
                    break
    for k in range(nout):
        v = sq[k]
        bsadf[k] = math.sqrt(v) if v >= 0 else -math.sqrt(-v)
        v = badf[k]
        badf[k] = math.sqrt(v) if v >= 0 else -math.sqrt(-v)
