"""Coarse (tc, m, ω) grid of profiled SSE for nested windows, and the choice of LM starts (numba; private).

``grid_scan`` fills the profiled SSE of every window on a shared grid with one backward pass of
running sums per grid point; ``select_starts`` picks the best distinct cells per window and jitters
all but the best with a counter-based SplitMix64 stream keyed by (seed, t2, window length).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from bubblescope.detect._lppls_linalg import sse4_select
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


@njit(cache=True)
def _log_trig(t, tc, w0, dw, lnd, c0, s0, cd, sd):
    """ln(tc − t) and the cos/sin at the first ω and at the ω step, for the rotation (vectorised maths)."""
    for i in range(t.shape[0]):
        c0[i] = tc - t[i]
    log_into(c0, lnd, s0, cd)
    sincos_into(w0, lnd, c0, s0)
    sincos_into(dw, lnd, cd, sd)


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
    4x4 LDLᵀ per window (:func:`sse4`). The sums of all ω at one (tc, m) advance together, ω innermost,
    so that loop vectorises (:func:`_omega_sums`).
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
    f, tmp = np.empty(L), np.empty(L)
    cos_w, sin_w = np.empty((L, nw)), np.empty((L, nw))  # cos/sin(ω_k ln(tc − t_i)), ω innermost
    acc = np.empty((9, nw))
    ok = np.empty(nl, dtype=np.bool_)
    for a in range(tc_off.shape[0]):
        for j in range(nl):
            ok[j] = tc_lo_frac * span[j] <= tc_off[a] <= tc_hi_frac * span[j]
        if not ok.any():
            out[:, a, :, :] = np.inf
            continue
        _log_trig(t, t2 + tc_off[a], omegas[0], dw, lnd, c0, s0, cd, sd)
        _trig_table(c0, s0, cd, sd, cos_w, sin_w)
        for bm in range(ms.shape[0]):
            exp_into(ms[bm], lnd, f, tmp)
            _omega_sums(f, yc, cos_w, sin_w, lens, ok, Sy, Syy, acc, out[:, a, bm, :])


@njit(cache=True)
def _trig_table(c0, s0, cd, sd, cos_w, sin_w):
    """cos/sin at every ω of the grid: the first ω, then rotation by the ω step (as ω advances)."""
    L, nw = cos_w.shape
    for i in range(L):
        cc = c0[i]
        ss = s0[i]
        for kw in range(nw):
            cos_w[i, kw] = cc
            sin_w[i, kw] = ss
            c_new = cc * cd[i] - ss * sd[i]
            ss = ss * cd[i] + cc * sd[i]
            cc = c_new


# size: one backward pass of 12 running sums per ω; each window's SSE where the pass reaches its start
@njit(cache=True, error_model="numpy")
def _omega_sums(f, yc, cos_w, sin_w, lens, ok, Sy, Syy, acc, out):
    """Running sums over the nested windows for all ω at one (tc, m); out[j, kw] = SSE of window j.

    ``acc`` (9, nω) is scratch: Σg, Σh, Σfg, Σfh, Σgg, Σgh, Σhh, Σyg, Σyh per ω (g = f·cos, h = f·sin);
    Σf, Σff, Σyf do not depend on ω. Windows with ``ok[j]`` False get inf.
    """
    L, nw = cos_w.shape
    nl = lens.shape[0]
    acc[:, :] = 0.0
    sf = sff = syf = 0.0
    j = 0
    for k in range(L):
        i = L - 1 - k
        fi = f[i]
        yi = yc[i]
        sf += fi
        sff += fi * fi
        syf += yi * fi
        ci = cos_w[i]
        si = sin_w[i]
        for kw in range(nw):
            gi = fi * ci[kw]
            hi = fi * si[kw]
            acc[0, kw] += gi
            acc[1, kw] += hi
            acc[2, kw] += fi * gi
            acc[3, kw] += fi * hi
            acc[4, kw] += gi * gi
            acc[5, kw] += gi * hi
            acc[6, kw] += hi * hi
            acc[7, kw] += yi * gi
            acc[8, kw] += yi * hi
        while j < nl and lens[j] == k + 1:
            if ok[j]:
                nj = float(lens[j])
                syj = Sy[j]
                syyj = Syy[j]
                for kw in range(nw):
                    out[j, kw] = sse4_select(nj, sf, acc[0, kw], acc[1, kw], sff, acc[2, kw], acc[3, kw], acc[4, kw],
                                             acc[5, kw], acc[6, kw], syj, syf, acc[7, kw], acc[8, kw], syyj)
            else:
                out[j, :] = np.inf
            j += 1


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
