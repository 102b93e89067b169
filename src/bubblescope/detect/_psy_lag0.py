"""Numba kernels for the lag-0 ADF statistics (the PSY default): sliding pre-window sums and
blocks of window starts advanced together. Layout and conventions in ``_psy_kernels``."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from bubblescope.detect._psy_general import _TOL

# the lag-0 kernel slides its pre-window sums from one start to the next and recomputes them
# from scratch every _REANCHOR starts
_REANCHOR = 32


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


# size: numba kernel; pass 1 and pass 2 share one start loop so the sums stay in registers (BENCHMARKS.md)
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


# size: numba kernel; phases A and B share the lane buffers, splitting them costs the vectorised inner loop
@njit(cache=True, nogil=True, error_model="numpy")
def _lag0_fast(x: np.ndarray, m: int, full: bool, badf: np.ndarray, bsadf: np.ndarray,  # noqa: C901  numba kernel, one fused loop (see # size above)
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
