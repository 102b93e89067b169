"""Numba kernels for LPPLS fitting (private; the public API is :mod:`bubblescope.detect.lppls`).

Written by hand because no maintained library does what the FCO grid needs quickly: thousands of
tiny 4-parameter linear solves per (tc, m, ω) shared across nested windows (cumulative sums), and a
variable-projection Levenberg–Marquardt on the 3 nonlinear parameters with the 4 linear ones
profiled out. scipy's ``least_squares`` does the same maths but with ~1 ms of Python overhead per
window, which is the whole budget here; the benchmark compares against it.

Model (Filimonov & Sornette 2013): y(t) = A + B·f + C1·g + C2·h with dt = tc − t > 0,
f = dt^m, g = f·cos(ω ln dt), h = f·sin(ω ln dt). ``y`` is the log price.

Conventions shared by every kernel:
* ``t`` is strictly increasing, ``y`` has the same length; both are float64.
* Nonlinear parameters are ``theta = (tc, m, omega)``; bounds are ``lo``/``hi`` arrays of 3.
* A failed solve (rank-deficient design) returns ``inf`` SSE, never zeros.

The kernels live in steps: :mod:`._lppls_linalg` (small solvers, Householder least squares),
:mod:`._lppls_grid` (the coarse grid and the choice of starts), :mod:`._lppls_lm` (the LM iteration:
Jacobian, damping step, acceptance) and :mod:`._lppls_math` (vectorisable log, exp, sin/cos for the
window columns). This module drives the LM over nested windows and resampled
series and re-exports the entry points the model code calls.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from bubblescope.detect._lppls_grid import grid_scan, select_starts
from bubblescope.detect._lppls_linalg import linear_params
from bubblescope.detect._lppls_lm import _profile, lm_iterate, lm_refine, lm_refine_known

__all__ = ["grid_scan", "linear_params", "linear_windows", "lm_refine", "refine_batch", "refine_windows", "select_starts",
           "sweep_windows"]


@njit(cache=True)
def _chain_start(tw, yw, th, prev, lo, hi, cur, beta):
    """The neighbouring (shorter) window's optimum ``prev`` replaces the start ``th`` when its profiled
    SSE is lower in this window: it is usually next to the optimum.

    Returns the profiled SSE at the chosen start (clipped into the box [lo, hi]), leaving ``cur``
    (f, f·cos, f·sin, ln(tc − t)) and ``beta`` there so the LM need not profile it again, and the
    profiled SSE of ``prev``.
    """
    n = tw.shape[0]
    alt = np.empty((4, n))
    beta_alt = np.empty(4)
    s_grid = _profile(tw, yw, th[0], th[1], th[2], cur[0], cur[1], cur[2], cur[3], beta)
    s_prev = _profile(tw, yw, prev[0], prev[1], prev[2], alt[0], alt[1], alt[2], alt[3], beta_alt)
    if s_prev < s_grid:  # prev is already inside the box
        for a in range(3):
            th[a] = prev[a]
        cur[:, :] = alt
        beta[:] = beta_alt
        return s_prev, s_prev
    inside = True
    for a in range(3):
        inside = inside and lo[a] <= th[a] <= hi[a]
    if inside:
        return s_grid, s_prev
    for a in range(3):
        th[a] = min(max(th[a], lo[a]), hi[a])
    return _profile(tw, yw, th[0], th[1], th[2], cur[0], cur[1], cur[2], cur[3], beta), s_prev


@njit(cache=True)
def refine_windows(t, y, lens, starts, lo_frac_tc, hi_frac_tc, m_lo, m_hi, w_lo, w_hi, max_iter, tol, chain, abandon,
                   out):
    """Refine every start of every nested window; keep the best SSE per window.

    ``starts`` has shape (n_windows, K, 3) with NaN rows for unused starts. ``out`` (n_windows, 5)
    receives (tc, m, ω, sse) and, in column 4, the profiled SSE of the chained start (NaN without
    one); rows without any solvable start get NaN params and inf SSE. With
    ``chain``, the optimum of the next shorter window competes with the first start. A later start
    whose SSE is still above ``abandon`` × the best after 2 iterations is dropped, and so is one that
    runs into the basin of an optimum already found from another start of the same window.
    """
    prev = np.empty(3)
    L = t.shape[0]
    t2 = t[L - 1]
    lo = np.empty(3)
    hi = np.empty(3)
    th = np.empty(3)
    known = np.empty((starts.shape[1], 3))
    for j in range(lens.shape[0]):
        n = lens[j]
        n_known = 0
        tw = t[L - n:]
        yw = y[L - n:]
        span = t2 - tw[0]
        lo[0] = t2 + lo_frac_tc * span
        hi[0] = t2 + hi_frac_tc * span
        lo[1] = m_lo
        hi[1] = m_hi
        lo[2] = w_lo
        hi[2] = w_hi
        best = np.inf
        prev_ok = j > 0 and np.isfinite(out[j - 1, 3])
        if prev_ok:
            for a in range(3):
                prev[a] = min(max(out[j - 1, a], lo[a]), hi[a])
        out[j, 0] = np.nan
        out[j, 1] = np.nan
        out[j, 2] = np.nan
        out[j, 3] = np.inf
        out[j, 4] = np.nan
        for k in range(starts.shape[1]):
            if not np.isfinite(starts[j, k, 0]):
                continue
            for a in range(3):
                th[a] = starts[j, k, a]
            if k == 0 and chain and prev_ok:
                cur = np.empty((4, n))
                beta = np.empty(4)
                s0, out[j, 4] = _chain_start(tw, yw, th, prev, lo, hi, cur, beta)
                sse = lm_iterate(tw, yw, th, lo, hi, max_iter, tol, abandon * best, known, n_known, s0, cur, beta)
            else:
                sse = lm_refine_known(tw, yw, th, lo, hi, max_iter, tol, abandon * best, known, n_known)
            if sse < abandon * best:  # ran to its own optimum: later starts near it stop early
                for a in range(3):
                    known[n_known, a] = th[a]
                n_known += 1
            if sse < best:
                best = sse
                out[j, 0] = th[0]
                out[j, 1] = th[1]
                out[j, 2] = th[2]
                out[j, 3] = sse


@njit(cache=True)
def _window_box(t, n, lo_frac_tc, hi_frac_tc, m_lo, m_hi, w_lo, w_hi, lo, hi):
    """Search box of the window made of the last ``n`` points of ``t``."""
    L = t.shape[0]
    span = t[L - 1] - t[L - n]
    lo[0] = t[L - 1] + lo_frac_tc * span
    hi[0] = t[L - 1] + hi_frac_tc * span
    lo[1] = m_lo
    hi[1] = m_hi
    lo[2] = w_lo
    hi[2] = w_hi


@njit(cache=True)
def sweep_windows(t, y, lens, lo_frac_tc, hi_frac_tc, m_lo, m_hi, w_lo, w_hi, max_iter, tol, n_pass, out):
    """Let every window's optimum compete in its neighbours (start-robust indicators, issue 17).

    After :func:`refine_windows`, alternate passes long → short and short → long: window j takes the
    optimum of its neighbour (clipped into j's box) as one more start when its profiled SSE in window j
    is below j's current best, refines it by LM, and keeps it if the SSE is lower. A good local minimum
    found by any window thus spreads to the neighbouring windows whose data share it, so the kept fits
    depend much less on how many grid starts each window had. Stops after ``n_pass`` passes or a pass
    without change. Every change lowers a window's SSE: the result is never worse than without it.

    ``out`` is :func:`refine_windows`' output. A short → long comparison with an untouched shorter
    neighbour is the chained start already profiled there (column 4): its test is decided without
    profiling again (same numbers, same outcome).
    """
    nl = lens.shape[0]
    L = t.shape[0]
    lo = np.empty(3)
    hi = np.empty(3)
    th = np.empty(3)
    beta = np.empty(4)
    no_known = np.empty((1, 3))
    touched = np.zeros(nl, dtype=np.bool_)
    for p in range(n_pass):
        changed = False
        down = p % 2 == 0
        for q in range(nl - 1):
            j = nl - 2 - q if down else q + 1
            nb = j + 1 if down else j - 1
            if not np.isfinite(out[nb, 3]):
                continue
            if not down and not touched[nb] and not np.isnan(out[j, 4]) and not out[j, 4] < out[j, 3] * (1.0 - 1e-9):
                continue  # out[j, 4] is the profiled SSE of this very start (the chain in refine_windows)
            n = lens[j]
            tw = t[L - n:]
            yw = y[L - n:]
            _window_box(t, n, lo_frac_tc, hi_frac_tc, m_lo, m_hi, w_lo, w_hi, lo, hi)
            for a in range(3):
                th[a] = min(max(out[nb, a], lo[a]), hi[a])
            cur = np.empty((4, n))
            s0 = _profile(tw, yw, th[0], th[1], th[2], cur[0], cur[1], cur[2], cur[3], beta)
            if not s0 < out[j, 3] * (1.0 - 1e-9):
                continue
            sse = lm_iterate(tw, yw, th, lo, hi, max_iter, tol, np.inf, no_known, 0, s0, cur, beta)
            if sse < out[j, 3] * (1.0 - 1e-9):
                out[j, 0] = th[0]
                out[j, 1] = th[1]
                out[j, 2] = th[2]
                out[j, 3] = sse
                touched[j] = True
                changed = True
        if not changed:
            break


@njit(cache=True)
def linear_windows(t, y, lens, best, res):
    """Linear parameters of every window's optimum ``best`` (tc, m, ω) into ``res`` (n_windows, 12, NaN).

    Fills columns 0–9 and 11 (tc, m, ω, A, B, C1, C2, sse, rel_mean, rel_max, rank; see
    :func:`linear_params`) and column 10 (t1). A window keeps NaN parameters when it has no optimum,
    when its prices are constant (the LPPLS is not identifiable) or when the design is rank-deficient:
    no valid fit, never zeros.
    """
    L = t.shape[0]
    nl = lens.shape[0]
    flat = np.zeros(nl, dtype=np.bool_)  # constant prices in window j
    y_min = np.inf
    y_max = -np.inf
    j = 0
    for k in range(L):
        y_min = min(y_min, y[L - 1 - k])
        y_max = max(y_max, y[L - 1 - k])
        while j < nl and lens[j] == k + 1:
            flat[j] = y_max == y_min
            j += 1
    lin = np.empty(8)
    for j in range(nl):
        n = lens[j]
        res[j, 10] = t[L - n]
        if not np.isfinite(best[j, 3]) or flat[j]:
            continue
        if not linear_params(t[L - n:], y[L - n:], best[j, 0], best[j, 1], best[j, 2], lin) or lin[7] < 4:
            continue
        for a in range(3):
            res[j, a] = best[j, a]
        for a in range(7):
            res[j, 3 + a] = lin[a]
        res[j, 11] = lin[7]


@njit(cache=True)
def refine_batch(t, Y, theta0, lo, hi, max_iter, tol, out):
    """Warm-started refinement of many series ``Y`` (rows) on the same ``t`` (resampled fits).

    ``out`` (n_rows, 10) receives tc, m, ω, A, B, C1, C2, sse and the mean and max relative price
    error |1 − exp(ŷ − y)|; the linear parameters come from the (scaled Cholesky) profile.
    """
    n = t.shape[0]
    th = np.empty(3)
    f = np.empty(n)
    g = np.empty(n)
    h = np.empty(n)
    lnd = np.empty(n)
    beta = np.empty(4)
    for r in range(Y.shape[0]):
        for a in range(3):
            th[a] = theta0[a]
        sse = lm_refine(t, Y[r], th, lo, hi, max_iter, tol)
        for k in range(10):
            out[r, k] = np.nan
        if not np.isfinite(sse):
            continue
        sse = _profile(t, Y[r], th[0], th[1], th[2], f, g, h, lnd, beta)
        if not np.isfinite(sse):
            continue
        rel_sum = 0.0
        rel_max = 0.0
        for i in range(n):
            yh = beta[0] + beta[1] * f[i] + beta[2] * g[i] + beta[3] * h[i]
            re = abs(1.0 - math.exp(yh - Y[r, i]))
            rel_sum += re
            if re > rel_max:
                rel_max = re
        out[r, 0] = th[0]
        out[r, 1] = th[1]
        out[r, 2] = th[2]
        for a in range(4):
            out[r, 3 + a] = beta[a]
        out[r, 7] = sse
        out[r, 8] = rel_sum / n
        out[r, 9] = rel_max
