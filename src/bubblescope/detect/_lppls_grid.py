"""Coarse (tc, m, ω) grid of profiled SSE for nested windows, and the choice of LM starts (numba; private).

``grid_scan`` fills the profiled SSE of every window on a shared grid with one backward pass of
running sums per grid point; ``select_starts`` picks the best distinct cells per window and jitters
all but the best with a counter-based SplitMix64 stream keyed by (seed, t2, window length).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from bubblescope.detect._lppls_linalg import sse4
from bubblescope.detect._lppls_math import exp_into, log_into, sincos_into


@njit(cache=True)
def _window_totals(t, yc, lens, Sy, Syy, span):
    """Per-window sums of y and y² and spans t2 − t1 (the windows share the last point)."""
    L = t.shape[0]
    nl = lens.shape[0]
    t2 = t[L - 1]
    acc_y = 0.0
    acc_yy = 0.0
    j = 0
    for k in range(L):
        i = L - 1 - k
        acc_y += yc[i]
        acc_yy += yc[i] * yc[i]
        while j < nl and lens[j] == k + 1:
            Sy[j] = acc_y
            Syy[j] = acc_yy
            span[j] = t2 - t[i]
            j += 1


@njit(cache=True, inline="always")
def _tc_allowed(off, span, lo_frac, hi_frac):
    """True when some window accepts the offset tc − t2 = ``off``."""
    for jj in range(span.shape[0]):  # noqa: SIM110  (numba compiles no generator expressions)
        if lo_frac * span[jj] <= off <= hi_frac * span[jj]:
            return True
    return False


@njit(cache=True)
def _log_trig(t, tc, w0, dw, lnd, c0, s0, cd, sd):
    """ln(tc − t) and the cos/sin at the first ω and at the ω step, for the rotation (vectorised maths)."""
    for i in range(t.shape[0]):
        c0[i] = tc - t[i]
    log_into(c0, lnd, s0, cd)
    sincos_into(w0, lnd, c0, s0)
    sincos_into(dw, lnd, cd, sd)


@njit(cache=True)
def _rotate(cc, ss, cd, sd):
    """Advance ω by its step: rotate (cos, sin) in place."""
    for i in range(cc.shape[0]):
        c_new = cc[i] * cd[i] - ss[i] * sd[i]
        ss[i] = ss[i] * cd[i] + cc[i] * sd[i]
        cc[i] = c_new


@njit(cache=True)
def grid_scan(t, y, lens, tc_off, ms, omegas, tc_lo_frac, tc_hi_frac, out):
    """Profiled SSE on a (tc, m, ω) grid for all nested windows sharing the last point of ``t``.

    ``t``/``y`` cover the longest window; window ``j`` is the last ``lens[j]`` points (``lens``
    ascending). ``tc_off`` are offsets tc − t2 (> 0) shared by all windows; a grid point is used for
    window j only if tc_lo_frac·(t2 − t1_j) ≤ tc_off ≤ tc_hi_frac·(t2 − t1_j), otherwise ``inf``.
    ``omegas`` must be equally spaced (cos/sin are advanced by rotation rather than recomputed).
    ``out`` has shape (len(lens), len(tc_off), len(ms), len(omegas)).

    For each grid point the 4x4 normal equations of every window come from one backward pass of
    running sums (the nested windows share their end), so the cost is O(L) per grid point plus one
    4x4 LDLᵀ per window (:func:`sse4`).
    """
    L = t.shape[0]
    nl = lens.shape[0]
    t2 = t[L - 1]
    yc = y - y[L - 1]  # SSE is shift-invariant (A absorbs it); this limits cancellation
    Sy = np.zeros(nl)
    Syy = np.zeros(nl)
    span = np.empty(nl)
    _window_totals(t, yc, lens, Sy, Syy, span)
    nw = omegas.shape[0]
    dw = omegas[1] - omegas[0] if nw > 1 else 0.0
    lnd, c0, s0, cd, sd = np.empty(L), np.empty(L), np.empty(L), np.empty(L), np.empty(L)
    f, cc, ss = np.empty(L), np.empty(L), np.empty(L)
    for a in range(tc_off.shape[0]):
        if not _tc_allowed(tc_off[a], span, tc_lo_frac, tc_hi_frac):
            out[:, a, :, :] = np.inf
            continue
        _log_trig(t, t2 + tc_off[a], omegas[0], dw, lnd, c0, s0, cd, sd)
        for bm in range(ms.shape[0]):
            m = ms[bm]
            exp_into(m, lnd, f, cc)
            for i in range(L):
                cc[i] = c0[i]
                ss[i] = s0[i]
            for kw in range(nw):
                sf = sg = sh = sff = sfg = sfh = sgg = sgh = shh = syf = syg = syh = 0.0
                j = 0
                for k in range(L):
                    i = L - 1 - k
                    fi = f[i]
                    gi = fi * cc[i]
                    hi = fi * ss[i]
                    yi = yc[i]
                    sf += fi
                    sg += gi
                    sh += hi
                    sff += fi * fi
                    sfg += fi * gi
                    sfh += fi * hi
                    sgg += gi * gi
                    sgh += gi * hi
                    shh += hi * hi
                    syf += yi * fi
                    syg += yi * gi
                    syh += yi * hi
                    while j < nl and lens[j] == k + 1:
                        if tc_lo_frac * span[j] <= tc_off[a] <= tc_hi_frac * span[j]:
                            out[j, a, bm, kw] = sse4(
                                float(lens[j]), sf, sg, sh, sff, sfg, sfh, sgg, sgh, shh,
                                Sy[j], syf, syg, syh, Syy[j],
                            )
                        else:
                            out[j, a, bm, kw] = np.inf
                        j += 1
                _rotate(cc, ss, cd, sd)


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


@njit(cache=True)
def _splitmix64(x):
    """SplitMix64 finaliser (Steele, Lea & Flood 2014): a counter-based uint64 → uint64 hash."""
    z = x + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


@njit(cache=True)
def _uniform(key, i):
    """i-th uniform draw in [0, 1) of the stream ``key`` (53-bit mantissa)."""
    return float(_splitmix64(key + np.uint64(i)) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True, inline="always")
def _near_chosen(a, b, c, ca, cb, cc, n_chosen):
    """True when cell (a, b, c) is within 1 cell (Chebyshev) of an already chosen one."""
    for q in range(n_chosen):  # noqa: SIM110  (numba compiles no generator expressions)
        if abs(a - ca[q]) < 2 and abs(b - cb[q]) < 2 and abs(c - cc[q]) < 2:
            return True
    return False


@njit(cache=True)
def _best_cell(sse_j, ca, cb, cc, n_chosen):
    """Flat index of the lowest finite SSE cell not near a chosen one (−1 if none); ties → lowest index."""
    n_tc, n_m, n_w = sse_j.shape
    best = np.inf
    flat = -1
    for a in range(n_tc):
        for b in range(n_m):
            for c in range(n_w):
                v = sse_j[a, b, c]
                if v < best and not _near_chosen(a, b, c, ca, cb, cc, n_chosen):
                    best = v
                    flat = (a * n_m + b) * n_w + c
    return flat


@njit(cache=True)
def select_starts(sse, tcs, ms, ws, n_starts, seed, t2_key, lens, t2, starts):
    """Best ``n_starts`` grid cells per window, pairwise at least 2 cells apart (Chebyshev).

    The best cell is used as is; the others are jittered uniformly within their cell (log-spaced
    for tc) with a counter-based stream keyed by (seed, t2_key, window length), so the draws do not
    depend on scheduling. ``starts`` (n_windows, n_starts, 3) gets absolute tc; NaN rows pad.
    Ties are broken by the lowest flat index (deterministic).
    """
    n_m = ms.shape[0]
    n_w = ws.shape[0]
    dl = math.log(tcs[1] / tcs[0]) if tcs.shape[0] > 1 else 0.0
    dm = ms[1] - ms[0] if n_m > 1 else 0.0
    dw = ws[1] - ws[0] if n_w > 1 else 0.0
    ca = np.empty(n_starts, dtype=np.int64)
    cb = np.empty(n_starts, dtype=np.int64)
    cc = np.empty(n_starts, dtype=np.int64)
    for j in range(lens.shape[0]):
        key = _splitmix64(_splitmix64(_splitmix64(np.uint64(seed)) ^ np.uint64(t2_key)) ^ np.uint64(lens[j]))
        starts[j, :, :] = np.nan
        for k in range(n_starts):
            flat = _best_cell(sse[j], ca, cb, cc, k)
            if flat < 0:
                break
            ba = flat // (n_m * n_w)
            bb = (flat // n_w) % n_m
            bc = flat % n_w
            ca[k] = ba
            cb[k] = bb
            cc[k] = bc
            if k == 0:
                starts[j, k, 0] = t2 + tcs[ba]
                starts[j, k, 1] = ms[bb]
                starts[j, k, 2] = ws[bc]
            else:
                u0 = _uniform(key, 3 * k) - 0.5
                u1 = _uniform(key, 3 * k + 1) - 0.5
                u2 = _uniform(key, 3 * k + 2) - 0.5
                starts[j, k, 0] = t2 + tcs[ba] * math.exp(u0 * dl)
                starts[j, k, 1] = ms[bb] + u1 * dm
                starts[j, k, 2] = ws[bc] + u2 * dw
