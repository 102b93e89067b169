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

import math

import numpy as np
from numba import njit, prange

# relative pivot tolerance for declaring a window's regression singular
_TOL = 1e-12
# the lag-0 kernel slides its pre-window sums from one start to the next and recomputes them
# from scratch every _REANCHOR starts
_REANCHOR = 32


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


@njit(cache=True, nogil=True, error_model="numpy")
def _general_core(Z: np.ndarray, m: int, full: bool, pmax: int, ic: int, badf: np.ndarray,
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


@njit(cache=True, nogil=True, inline="always")
def _block_sums(x: np.ndarray, r1: int, lo: int, s: float) -> tuple[float, float, float, float, float]:
    """Sums of x, y, x², xy, y² over rows r1 .. lo-1 (x = level shifted by ``s``, y = difference)."""
    bx = 0.0
    by = 0.0
    bxx = 0.0
    bxy = 0.0
    byy = 0.0
    for r2 in range(r1, lo):
        xv = x[r2] - s
        yv = x[r2 + 1] - x[r2]
        bx += xv
        by += yv
        bxx += xv * xv
        bxy += xv * yv
        byy += yv * yv
    return bx, by, bxx, bxy, byy


@njit(cache=True, nogil=True, inline="always")
def _slide_block(x: np.ndarray, r1: int, lo: int, s: float, nb: float, bx: float, by: float, bxx: float,
                 bxy: float, byy: float) -> tuple[float, float, float, float, float]:
    """Slide the pre-window block from start r1-1 to r1: drop a row, add one, and move the level shift
    from x[r1-1] to x[r1] with exact identities (the dropped row's shifted level is exactly 0)."""
    sp = x[r1 - 1]
    yo = x[r1] - x[r1 - 1]
    xn = x[lo - 1] - sp
    yn = x[lo] - x[lo - 1]
    bx += xn
    by += yn - yo
    bxx += xn * xn
    bxy += xn * yn
    byy += yn * yn - yo * yo
    dl = s - sp
    bxx += dl * (nb * dl - 2.0 * bx)
    bxy -= dl * by
    bx -= nb * dl
    return bx, by, bxx, bxy, byy


# ---------------------------------------------------------------------------------------------
# Fast fixed-lag kernels. Same arithmetic as above, reorganised so that for each window start the
# work over all window ends is a flat loop the compiler turns into SIMD code: pass 1 accumulates
# the (shifted) cross-products from the start (sequential, as accurate as above), pass 2 solves
# every window at once. Chosen over the one-loop version by measurement (benchmarks/psy_vs_pyexuber.py).
# ---------------------------------------------------------------------------------------------


@njit(cache=True, nogil=True, error_model="numpy")
def _lag0_starts(x: np.ndarray, m: int, r1_first: int, r1_last: int, r1_step: int, sq: np.ndarray,
                 badf: np.ndarray, bad: np.ndarray) -> None:
    """Lag-0 windows for starts r1_first, r1_first+r1_step, … ≤ r1_last.

    ``sq[k]`` receives the running max of the *signed square* t·|t| over those starts (a monotone
    transform of t that needs no square root per window); ``badf`` is filled when start 0 is
    among them.
    """
    n = x.shape[0] - 1
    inv_n = np.empty(n + 1)
    dof = np.empty(n + 1)
    inv_n[0] = 0.0
    dof[0] = 0.0
    for c in range(1, n + 1):
        inv_n[c] = 1.0 / c
        dof[c] = c - 2.0
    inv_m = inv_n[m:]
    dof_m = dof[m:]
    SX = np.empty(n)
    SY = np.empty(n)
    SXX = np.empty(n)
    SXY = np.empty(n)
    SYY = np.empty(n)
    nb = float(m - 1)
    bx = 0.0
    by = 0.0
    bxx = 0.0
    bxy = 0.0
    byy = 0.0
    for r1 in range(r1_first, r1_last + 1, r1_step):
        s = x[r1]
        lo = r1 + m - 1
        if r1_step != 1 or (r1 - r1_first) % _REANCHOR == 0:
            # sums over the rows before the first complete window, from scratch
            bx, by, bxx, bxy, byy = _block_sums(x, r1, lo, s)
        else:
            # slide the block by one row (the dropped row's shifted level is exactly 0), then move
            # the shift from x[r1-1] to x[r1] with exact identities in local magnitudes; recomputed
            # from scratch every _REANCHOR starts so rounding cannot drift
            bx, by, bxx, bxy, byy = _slide_block(x, r1, lo, s, nb, bx, by, bxx, bxy, byy)
        sx = bx
        sy = by
        sxx = bxx
        sxy = bxy
        syy = byy
        for r2 in range(lo, n):
            xv = x[r2] - s
            yv = x[r2 + 1] - x[r2]
            sx += xv
            sy += yv
            sxx += xv * xv
            sxy += xv * yv
            syy += yv * yv
            j = r2 - lo  # stored from 0 so the loop below needs no per-start array views
            SX[j] = sx
            SY[j] = sy
            SXX[j] = sxx
            SXY[j] = sxy
            SYY[j] = syy
        ln = n - lo
        # 0-based loop indices (and one view) let LLVM drop the negative-index checks and vectorise
        vx = SX
        vy = SY
        vxx = SXX
        vxy = SXY
        vyy = SYY
        vin = inv_m
        vdf = dof_m
        vsq = sq[r1:r1 + ln]
        nbad = 0
        for i in range(ln):
            a = vx[i]
            b = vy[i]
            ivn = vin[i]
            cxx = vxx[i] - a * a * ivn
            cxy = vxy[i] - a * b * ivn
            cyy = vyy[i] - b * b * ivn
            d = cxx * cyy - cxy * cxy  # = Sxx_c · RSS
            # singular: lagged level constant in the window, or a perfect fit
            nbad += (cxx <= _TOL * vxx[i]) | (d <= _TOL * cxx * vyy[i])
            q = cxy * abs(cxy) * vdf[i] / d  # t·|t|
            cur = vsq[i]
            vsq[i] = q if q > cur else cur
        if r1 == 0:
            for i in range(ln):
                c = m + i
                a = vx[i]
                b = vy[i]
                cxx = vxx[i] - a * a * inv_n[c]
                cxy = vxy[i] - a * b * inv_n[c]
                cyy = vyy[i] - b * b * inv_n[c]
                badf[i] = cxy * math.sqrt(dof[c]) / math.sqrt(cxx * cyy - cxy * cxy)
        if nbad > 0 and bad[0] < 0:
            for i in range(ln):
                ivn = vin[i]
                cxx = vxx[i] - vx[i] * vx[i] * ivn
                cxy = vxy[i] - vx[i] * vy[i] * ivn
                cyy = vyy[i] - vy[i] * vy[i] * ivn
                if (cxx <= _TOL * vxx[i]) or (cxx * cyy - cxy * cxy <= _TOL * cxx * vyy[i]):
                    bad[0] = r1
                    bad[1] = lo + i
                    break


@njit(cache=True, nogil=True, error_model="numpy")
def _lag0_bystart(x: np.ndarray, m: int, full: bool, badf: np.ndarray, bsadf: np.ndarray,
                  bad: np.ndarray) -> None:
    """One window start at a time (two passes); also locates the first singular window."""
    n = x.shape[0] - 1
    nout = n - m + 1
    sq = np.full(nout, -np.inf)
    _lag0_starts(x, m, 0, n - m if full else 0, 1, sq, badf, bad)
    for k in range(nout):
        v = sq[k]
        bsadf[k] = math.sqrt(v) if v >= 0 else -math.sqrt(-v)


@njit(cache=True, nogil=True, error_model="numpy")
def _lag0_fast(x: np.ndarray, m: int, full: bool, badf: np.ndarray, bsadf: np.ndarray,
               bad: np.ndarray) -> None:
    """Lag-0 kernel, blocks of L window starts ("lanes") advanced together.

    Phase A runs each lane alone until every lane of the block has a complete window; phase B
    then adds one row to all lanes at once, computes their signed squared t-ratios into a small
    buffer (a flat loop the compiler vectorises, no per-row stores of running sums) and folds the
    block's maximum into the BSADF slot of that window end. Measured ~15–20% faster than
    ``_lag0_bystart``; if any window is singular the latter is rerun to locate it.
    """
    if x.shape[0] - m < 400:  # few starts: the by-start kernel (sliding pre-window sums) is faster
        _lag0_bystart(x, m, full, badf, bsadf, bad)
        return
    L = 64 if x.shape[0] > 2000 else 32
    n = x.shape[0] - 1
    nout = n - m + 1
    inv_n = np.empty(n + 2)
    dof = np.empty(n + 2)
    inv_n[0] = 0.0
    dof[0] = 0.0
    for c in range(1, n + 2):
        inv_n[c] = 1.0 / c
        dof[c] = c - 2.0
    sq = np.full(nout, -np.inf)
    last = n - m if full else 0
    ax = np.empty(L)
    ay = np.empty(L)
    axx = np.empty(L)
    axy = np.empty(L)
    ayy = np.empty(L)
    sh = np.empty(L)
    tq = np.empty(L)
    nbad = 0
    nb = float(m - 1)
    cnt = 0
    bx = 0.0
    by = 0.0
    bxx = 0.0
    bxy = 0.0
    byy = 0.0
    for b0 in range(0, last + 1, L):
        nl = min(L, last + 1 - b0)
        R0 = b0 + nl - 1 + m - 1  # first window end at which every lane has a complete window
        # phase A: each lane alone up to R0 - 1 (scalar)
        for la in range(nl):
            r1 = b0 + la
            s = x[r1]
            lo = r1 + m - 1
            # pre-window sums (rows r1 .. lo-1): slid from the previous start, as in _lag0_bystart
            if r1 == 0 or cnt >= _REANCHOR:
                cnt = 0
                bx, by, bxx, bxy, byy = _block_sums(x, r1, lo, s)
            else:
                bx, by, bxx, bxy, byy = _slide_block(x, r1, lo, s, nb, bx, by, bxx, bxy, byy)
            cnt += 1
            sx = bx
            sy = by
            sxx = bxx
            sxy = bxy
            syy = byy
            for r2 in range(lo, R0):
                xv = x[r2] - s
                yv = x[r2 + 1] - x[r2]
                sx += xv
                sy += yv
                sxx += xv * xv
                sxy += xv * yv
                syy += yv * yv
                c = r2 - r1 + 1
                ivn = inv_n[c]
                cxx = sxx - sx * sx * ivn
                cxy = sxy - sx * sy * ivn
                cyy = syy - sy * sy * ivn
                d = cxx * cyy - cxy * cxy
                nbad += (cxx <= _TOL * sxx) | (d <= _TOL * cxx * syy)
                q = cxy * abs(cxy) * dof[c] / d
                k = r2 - m + 1
                if q > sq[k]:
                    sq[k] = q
                if r1 == 0:
                    badf[k] = cxy * math.sqrt(dof[c]) / math.sqrt(d)
            ax[la] = sx
            ay[la] = sy
            axx[la] = sxx
            axy[la] = sxy
            ayy[la] = syy
            sh[la] = s
        # phase B: all lanes together, one window end at a time
        for r2 in range(R0, n):
            xr = x[r2]
            yv = x[r2 + 1] - xr
            base = r2 - b0 + 1  # count for lane 0
            for la in range(nl):
                xv = xr - sh[la]
                sx = ax[la] + xv
                sy = ay[la] + yv
                sxx = axx[la] + xv * xv
                sxy = axy[la] + xv * yv
                syy = ayy[la] + yv * yv
                ax[la] = sx
                ay[la] = sy
                axx[la] = sxx
                axy[la] = sxy
                ayy[la] = syy
                c = base - la
                ivn = inv_n[c]
                cxx = sxx - sx * sx * ivn
                cxy = sxy - sx * sy * ivn
                cyy = syy - sy * sy * ivn
                d = cxx * cyy - cxy * cxy
                nbad += (cxx <= _TOL * sxx) | (d <= _TOL * cxx * syy)
                tq[la] = cxy * abs(cxy) * dof[c] / d
            k = r2 - m + 1
            best = sq[k]
            for la in range(nl):
                v = tq[la]
                best = v if v > best else best
            sq[k] = best
            if b0 == 0:
                c = base
                cxx = axx[0] - ax[0] * ax[0] * inv_n[c]
                cxy = axy[0] - ax[0] * ay[0] * inv_n[c]
                cyy = ayy[0] - ay[0] * ay[0] * inv_n[c]
                badf[k] = cxy * math.sqrt(dof[c]) / math.sqrt(cxx * cyy - cxy * cxy)
    for k in range(nout):
        v = sq[k]
        bsadf[k] = math.sqrt(v) if v >= 0 else -math.sqrt(-v)
    if nbad > 0:
        _lag0_bystart(x, m, full, badf, bsadf, bad)


@njit(cache=True, nogil=True, error_model="numpy")
def _fixed_fast(Z: np.ndarray, m: int, full: bool, badf: np.ndarray, bsadf: np.ndarray,
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
