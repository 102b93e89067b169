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
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_PIVOT_TOL = 1e-12


@njit(cache=True)
def _chol4(M, b, x):
    """Solve the symmetric 4x4 system M x = b in place (Jacobi-scaled Cholesky).

    Returns False when the scaled matrix is numerically singular (pivot below 1e-12); ``M`` and
    ``b`` are overwritten.
    """
    d = np.empty(4)
    for i in range(4):
        if not (M[i, i] > 0.0):
            return False
        d[i] = 1.0 / math.sqrt(M[i, i])
    for i in range(4):
        for j in range(4):
            M[i, j] *= d[i] * d[j]
        b[i] *= d[i]
    # Cholesky L L^T (lower triangle stored in M)
    for j in range(4):
        s = M[j, j]
        for k in range(j):
            s -= M[j, k] * M[j, k]
        if s <= _PIVOT_TOL:
            return False
        ljj = math.sqrt(s)
        M[j, j] = ljj
        for i in range(j + 1, 4):
            s2 = M[i, j]
            for k in range(j):
                s2 -= M[i, k] * M[j, k]
            M[i, j] = s2 / ljj
    for i in range(4):  # forward
        s = b[i]
        for k in range(i):
            s -= M[i, k] * x[k]
        x[i] = s / M[i, i]
    for i in range(3, -1, -1):  # backward
        s = x[i]
        for k in range(i + 1, 4):
            s -= M[k, i] * x[k]
        x[i] = s / M[i, i]
    for i in range(4):
        x[i] *= d[i]
    return True


@njit(cache=True, inline="always")
def _sse4(a00, a01, a02, a03, a11, a12, a13, a22, a23, a33, b0, b1, b2, b3, yy):
    """Profiled SSE = yy − bᵀM⁻¹b for the symmetric 4x4 normal equations, via LDLᵀ (no square roots,
    no back-substitution: SSE = yy − Σ z_j²/D_j with z = L⁻¹b). A pivot D_j ≤ 1e-12·M_jj (the same
    test as the Jacobi-scaled Cholesky) means a singular design → inf."""
    if not (a00 > 0.0):
        return np.inf
    d0 = a00
    l10 = a01 / d0
    l20 = a02 / d0
    l30 = a03 / d0
    d1 = a11 - a01 * l10
    if not (d1 > _PIVOT_TOL * a11):
        return np.inf
    l21 = (a12 - a02 * l10) / d1
    l31 = (a13 - a03 * l10) / d1
    d2 = a22 - a02 * l20 - l21 * l21 * d1
    if not (d2 > _PIVOT_TOL * a22):
        return np.inf
    l32 = (a23 - a02 * l30 - l31 * l21 * d1) / d2
    d3 = a33 - a03 * l30 - l31 * l31 * d1 - l32 * l32 * d2
    if not (d3 > _PIVOT_TOL * a33):
        return np.inf
    z0 = b0
    z1 = b1 - l10 * z0
    z2 = b2 - l20 * z0 - l21 * z1
    z3 = b3 - l30 * z0 - l31 * z1 - l32 * z2
    sse = yy - (z0 * z0 / d0 + z1 * z1 / d1 + z2 * z2 / d2 + z3 * z3 / d3)
    return sse if sse > 0.0 else 0.0


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
    4x4 LDLᵀ per window (:func:`_sse4`).
    """
    L = t.shape[0]
    nl = lens.shape[0]
    t2 = t[L - 1]
    y0 = y[L - 1]
    yc = np.empty(L)
    for i in range(L):
        yc[i] = y[i] - y0  # SSE is shift-invariant (A absorbs it); this limits cancellation
    # per-window sums of y and y^2
    Sy = np.zeros(nl)
    Syy = np.zeros(nl)
    span = np.empty(nl)
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
    nw = omegas.shape[0]
    dw = omegas[1] - omegas[0] if nw > 1 else 0.0
    lnd = np.empty(L)
    c0 = np.empty(L)
    s0 = np.empty(L)
    cd = np.empty(L)
    sd = np.empty(L)
    f = np.empty(L)
    cc = np.empty(L)
    ss = np.empty(L)
    for a in range(tc_off.shape[0]):
        tc = t2 + tc_off[a]
        # windows that allow this tc
        any_ok = False
        for jj in range(nl):
            if tc_lo_frac * span[jj] <= tc_off[a] <= tc_hi_frac * span[jj]:
                any_ok = True
        if not any_ok:
            for jj in range(nl):
                for bm in range(ms.shape[0]):
                    for kw in range(nw):
                        out[jj, a, bm, kw] = np.inf
            continue
        for i in range(L):
            ld = math.log(tc - t[i])
            lnd[i] = ld
            c0[i] = math.cos(omegas[0] * ld)
            s0[i] = math.sin(omegas[0] * ld)
            cd[i] = math.cos(dw * ld)
            sd[i] = math.sin(dw * ld)
        for bm in range(ms.shape[0]):
            m = ms[bm]
            for i in range(L):
                f[i] = math.exp(m * lnd[i])
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
                        if not (tc_lo_frac * span[j] <= tc_off[a] <= tc_hi_frac * span[j]):
                            out[j, a, bm, kw] = np.inf
                            j += 1
                            continue
                        out[j, a, bm, kw] = _sse4(
                            float(lens[j]), sf, sg, sh, sff, sfg, sfh, sgg, sgh, shh,
                            Sy[j], syf, syg, syh, Syy[j],
                        )
                        j += 1
                # advance ω by dw: rotate (cos, sin)
                for i in range(L):
                    c_new = cc[i] * cd[i] - ss[i] * sd[i]
                    ss[i] = ss[i] * cd[i] + cc[i] * sd[i]
                    cc[i] = c_new


@njit(cache=True)
def _columns(t, tc, m, w, f, g, h, lnd):
    n = t.shape[0]
    for i in range(n):
        dt = tc - t[i]
        if not (dt > 0.0):
            return False
        ld = math.log(dt)
        fi = math.exp(m * ld)
        lnd[i] = ld
        f[i] = fi
        g[i] = fi * math.cos(w * ld)
        h[i] = fi * math.sin(w * ld)
    return True


@njit(cache=True)
def _profile(t, y, tc, m, w, f, g, h, lnd, beta):
    """Profiled SSE at (tc, m, ω): best linear (A, B, C1, C2) into ``beta``; inf if not solvable."""
    if not _columns(t, tc, m, w, f, g, h, lnd):
        return np.inf
    n = t.shape[0]
    M = np.zeros((4, 4))
    b = np.zeros(4)
    for i in range(n):
        fi = f[i]
        gi = g[i]
        hi = h[i]
        yi = y[i]
        M[0, 1] += fi
        M[0, 2] += gi
        M[0, 3] += hi
        M[1, 1] += fi * fi
        M[1, 2] += fi * gi
        M[1, 3] += fi * hi
        M[2, 2] += gi * gi
        M[2, 3] += gi * hi
        M[3, 3] += hi * hi
        b[0] += yi
        b[1] += yi * fi
        b[2] += yi * gi
        b[3] += yi * hi
    M[0, 0] = n
    for r in range(4):
        for c in range(r):
            M[r, c] = M[c, r]
    if not _chol4(M, b, beta):
        return np.inf
    sse = 0.0
    for i in range(n):
        r = y[i] - (beta[0] + beta[1] * f[i] + beta[2] * g[i] + beta[3] * h[i])
        sse += r * r
    return sse


@njit(cache=True)
def _solve3(M, b, x):
    """Solve a 3x3 SPD system by Jacobi-scaled Cholesky; False if singular."""
    d = np.empty(3)
    for i in range(3):
        if not (M[i, i] > 0.0):
            return False
        d[i] = 1.0 / math.sqrt(M[i, i])
    A = np.empty((3, 3))
    r = np.empty(3)
    for i in range(3):
        for j in range(3):
            A[i, j] = M[i, j] * d[i] * d[j]
        r[i] = b[i] * d[i]
    for j in range(3):
        s = A[j, j]
        for k in range(j):
            s -= A[j, k] * A[j, k]
        if s <= _PIVOT_TOL:
            return False
        ljj = math.sqrt(s)
        A[j, j] = ljj
        for i in range(j + 1, 3):
            s2 = A[i, j]
            for k in range(j):
                s2 -= A[i, k] * A[j, k]
            A[i, j] = s2 / ljj
    for i in range(3):
        s = r[i]
        for k in range(i):
            s -= A[i, k] * x[k]
        x[i] = s / A[i, i]
    for i in range(2, -1, -1):
        s = x[i]
        for k in range(i + 1, 3):
            s -= A[k, i] * x[k]
        x[i] = s / A[i, i]
    for i in range(3):
        x[i] *= d[i]
    return True


@njit(cache=True)
def lm_refine(t, y, theta, lo, hi, max_iter, tol, abandon_above=np.inf):
    """Bounded variable-projection Levenberg–Marquardt from ``theta`` (modified in place).

    The Jacobian of the profiled residual is Kaufman's approximation −(I − P)·(∂X/∂θ)β, computed
    analytically; steps are clipped to the box [lo, hi]. Returns the final SSE (inf if the start is
    not solvable). Stops when the relative SSE decrease is below ``tol`` or after ``max_iter``;
    a start still above ``abandon_above`` after 4 iterations is abandoned (multi-start pruning).
    """
    n = t.shape[0]
    f = np.empty(n)
    g = np.empty(n)
    h = np.empty(n)
    lnd = np.empty(n)
    ft = np.empty(n)
    gt = np.empty(n)
    ht = np.empty(n)
    lt = np.empty(n)
    G = np.empty((4, 4))
    XD = np.empty((4, 3))
    beta = np.empty(4)
    bt = np.empty(4)
    M = np.empty((4, 4))
    rhs = np.empty(4)
    gam = np.empty(4)
    JtJ = np.empty((3, 3))
    Jtr = np.empty(3)
    A3 = np.empty((3, 3))
    step = np.empty(3)
    trial = np.empty(3)
    rhs3 = np.empty(3)
    free = np.ones(3, dtype=np.bool_)
    for k in range(3):
        if theta[k] < lo[k]:
            theta[k] = lo[k]
        if theta[k] > hi[k]:
            theta[k] = hi[k]
    sse = _profile(t, y, theta[0], theta[1], theta[2], f, g, h, lnd, beta)
    if not np.isfinite(sse):
        return np.inf
    lam = 1e-3
    for _it in range(max_iter):
        tc = theta[0]
        m = theta[1]
        w = theta[2]
        B = beta[1]
        C1 = beta[2]
        C2 = beta[3]
        # One pass: D = d model / d theta (holding beta), Gram G = X^T X, X^T D, D^T D, D^T r.
        # Kaufman's projected Jacobian J = -(I - P) D then gives
        # J^T J = D^T D - (X^T D)^T G^-1 (X^T D) and -J^T r = D^T r (r is orthogonal to X).
        for r_ in range(4):
            for c_ in range(4):
                G[r_, c_] = 0.0
            for k in range(3):
                XD[r_, k] = 0.0
        for a in range(3):
            Jtr[a] = 0.0
            for c in range(3):
                JtJ[a, c] = 0.0
        for i in range(n):
            dt = tc - t[i]
            fi = f[i]
            cs = g[i]  # f cos
            sn = h[i]  # f sin
            q = B * fi + C1 * cs + C2 * sn  # f * (B + C1 cos + C2 sin)
            qp = -C1 * sn + C2 * cs  # f * d/dphi
            d0 = (m * q + w * qp) / dt
            d1 = lnd[i] * q
            d2 = lnd[i] * qp
            r = y[i] - (beta[0] + beta[1] * fi + beta[2] * cs + beta[3] * sn)
            G[0, 1] += fi
            G[0, 2] += cs
            G[0, 3] += sn
            G[1, 1] += fi * fi
            G[1, 2] += fi * cs
            G[1, 3] += fi * sn
            G[2, 2] += cs * cs
            G[2, 3] += cs * sn
            G[3, 3] += sn * sn
            XD[0, 0] += d0
            XD[0, 1] += d1
            XD[0, 2] += d2
            XD[1, 0] += fi * d0
            XD[1, 1] += fi * d1
            XD[1, 2] += fi * d2
            XD[2, 0] += cs * d0
            XD[2, 1] += cs * d1
            XD[2, 2] += cs * d2
            XD[3, 0] += sn * d0
            XD[3, 1] += sn * d1
            XD[3, 2] += sn * d2
            JtJ[0, 0] += d0 * d0
            JtJ[0, 1] += d0 * d1
            JtJ[0, 2] += d0 * d2
            JtJ[1, 1] += d1 * d1
            JtJ[1, 2] += d1 * d2
            JtJ[2, 2] += d2 * d2
            Jtr[0] += d0 * r
            Jtr[1] += d1 * r
            Jtr[2] += d2 * r
        G[0, 0] = n
        for r_ in range(4):
            for c_ in range(r_):
                G[r_, c_] = G[c_, r_]
        ok = True
        for k in range(3):
            for r_ in range(4):
                rhs[r_] = XD[r_, k]
                for c_ in range(4):
                    M[r_, c_] = G[r_, c_]
            if not _chol4(M, rhs, gam):
                ok = False
                break
            for c in range(k, 3):
                JtJ[k, c] -= gam[0] * XD[0, c] + gam[1] * XD[1, c] + gam[2] * XD[2, c] + gam[3] * XD[3, c]
        if not ok:
            break
        for a in range(3):
            for c in range(a):
                JtJ[a, c] = JtJ[c, a]
        improved = False
        converged = False
        rel = 0.0
        # active set: a parameter on a bound whose descent direction points outside stays fixed
        nfree = 0
        for a in range(3):
            blocked = (theta[a] <= lo[a] and Jtr[a] < 0.0) or (theta[a] >= hi[a] and Jtr[a] > 0.0)
            free[a] = not blocked
            if free[a]:
                nfree += 1
        if nfree == 0:
            break
        for _inner in range(12):
            for a in range(3):
                for c in range(3):
                    A3[a, c] = JtJ[a, c] if (free[a] and free[c]) else 0.0
                A3[a, a] = JtJ[a, a] * (1.0 + lam) + 1e-300 if free[a] else 1.0
                rhs3[a] = Jtr[a] if free[a] else 0.0
            if not _solve3(A3, rhs3, step):
                lam *= 10.0
                continue
            # Gauss–Newton model decrease 2 δᵀ(−Jᵀr) − δᵀJᵀJδ: when even the lightly damped step
            # promises less than tol·SSE/10 we are at the optimum; skip the (rejected) trials
            pred = 0.0
            for a in range(3):
                if free[a]:
                    qa = 0.0
                    for c in range(3):
                        if free[c]:
                            qa += JtJ[a, c] * step[c]
                    pred += step[a] * (2.0 * rhs3[a] - qa)
            if lam <= 1e-2 and pred < 0.1 * tol * sse:
                converged = True
                break
            for a in range(3):
                v = theta[a] + step[a]
                if v < lo[a]:
                    v = lo[a]
                if v > hi[a]:
                    v = hi[a]
                trial[a] = v
            sse_t = _profile(t, y, trial[0], trial[1], trial[2], ft, gt, ht, lt, bt)
            if sse_t < sse:
                rel = (sse - sse_t) / sse if sse > 0.0 else 0.0
                sse = sse_t
                for a in range(3):
                    theta[a] = trial[a]
                for a in range(4):
                    beta[a] = bt[a]
                for i in range(n):
                    f[i] = ft[i]
                    g[i] = gt[i]
                    h[i] = ht[i]
                    lnd[i] = lt[i]
                lam = max(lam / 5.0, 1e-12)
                improved = True
                break
            lam *= 8.0
        if converged or not improved or rel < tol:
            break
        if _it >= 3 and sse > abandon_above:
            break
    return sse


@njit(cache=True)
def refine_windows(t, y, lens, starts, lo_frac_tc, hi_frac_tc, m_lo, m_hi, w_lo, w_hi, max_iter, tol, chain, out):
    """Refine every start of every nested window; keep the best SSE per window.

    ``starts`` has shape (n_windows, K, 3) with NaN rows for unused starts. ``out`` (n_windows, 4)
    receives (tc, m, ω, sse); rows without any solvable start get NaN params and inf SSE. With
    ``chain``, the optimum of the next shorter window competes with the first start.
    """
    prev = np.empty(3)
    L = t.shape[0]
    t2 = t[L - 1]
    lo = np.empty(3)
    hi = np.empty(3)
    th = np.empty(3)
    for j in range(lens.shape[0]):
        n = lens[j]
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
        for k in range(starts.shape[1]):
            if not np.isfinite(starts[j, k, 0]):
                continue
            for a in range(3):
                th[a] = starts[j, k, a]
            if k == 0 and chain and prev_ok:
                # the neighbouring (shorter) window's optimum replaces the best grid cell as the
                # first start when its profiled SSE is lower here: it is usually next to the optimum
                f = np.empty(n)
                g = np.empty(n)
                h = np.empty(n)
                lnd = np.empty(n)
                beta = np.empty(4)
                s_grid = _profile(tw, yw, th[0], th[1], th[2], f, g, h, lnd, beta)
                s_prev = _profile(tw, yw, prev[0], prev[1], prev[2], f, g, h, lnd, beta)
                if s_prev < s_grid:
                    for a in range(3):
                        th[a] = prev[a]
            # a later start that is still 20% worse than the best after 4 iterations is dropped
            sse = lm_refine(tw, yw, th, lo, hi, max_iter, tol, 1.2 * best)
            if sse < best:
                best = sse
                out[j, 0] = th[0]
                out[j, 1] = th[1]
                out[j, 2] = th[2]
                out[j, 3] = sse


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


@njit(cache=True)
def _householder_lstsq(X, y, beta):
    """Least squares min ||X b − y|| for an (n, 4) X by Householder QR (X and y are overwritten).

    Written out because numpy's ``lstsq`` (SVD, LAPACK gelsd) costs ~0.2 ms per call here and is
    called once per window. Returns the numerical rank: columns whose |R_kk| falls below
    1e-10·max|R_jj| count as dependent (and ``beta`` is then not meaningful).
    """
    n = X.shape[0]
    p = X.shape[1]
    for k in range(p):
        norm = 0.0
        for i in range(k, n):
            norm += X[i, k] * X[i, k]
        norm = math.sqrt(norm)
        if norm == 0.0:
            continue
        alpha = -norm if X[k, k] >= 0.0 else norm
        X[k, k] -= alpha  # v = x − alpha e1 stored in column k (rows k..n−1)
        vnorm2 = 0.0
        for i in range(k, n):
            vnorm2 += X[i, k] * X[i, k]
        if vnorm2 > 0.0:
            for j in range(k + 1, p):
                sdot = 0.0
                for i in range(k, n):
                    sdot += X[i, k] * X[i, j]
                fac = 2.0 * sdot / vnorm2
                for i in range(k, n):
                    X[i, j] -= fac * X[i, k]
            sdot = 0.0
            for i in range(k, n):
                sdot += X[i, k] * y[i]
            fac = 2.0 * sdot / vnorm2
            for i in range(k, n):
                y[i] -= fac * X[i, k]
        X[k, k] = alpha  # R_kk (the rest of column k below the diagonal is no longer needed)
    rmax = 0.0
    for k in range(p):
        rmax = max(rmax, abs(X[k, k]))
    rank = 0
    for k in range(p):
        if abs(X[k, k]) > 1e-10 * rmax:
            rank += 1
    for k in range(p - 1, -1, -1):
        sacc = y[k]
        for j in range(k + 1, p):
            sacc -= X[k, j] * beta[j]
        beta[k] = sacc / X[k, k] if X[k, k] != 0.0 else np.nan
    return rank


@njit(cache=True)
def linear_params(t, y, tc, m, w, out):
    """Least-squares (A, B, C1, C2) by Householder QR, SSE and price relative errors.

    ``out`` (8,) receives A, B, C1, C2, sse, mean and max of |1 − exp(ŷ − y)| (relative price
    error) and the numerical rank. Returns False (``out`` all NaN) if some t ≥ tc.
    """
    n = t.shape[0]
    X = np.empty((n, 4))
    F = np.empty((n, 4))
    for i in range(n):
        dt = tc - t[i]
        if not (dt > 0.0):
            for k in range(8):
                out[k] = np.nan
            return False
        ld = math.log(dt)
        fi = math.exp(m * ld)
        X[i, 0] = 1.0
        X[i, 1] = fi
        X[i, 2] = fi * math.cos(w * ld)
        X[i, 3] = fi * math.sin(w * ld)
    for i in range(n):
        for k in range(4):
            F[i, k] = X[i, k]
    yy = y.copy()
    sol = np.empty(4)
    rank = _householder_lstsq(X, yy, sol)
    sse = 0.0
    rel_sum = 0.0
    rel_max = 0.0
    for i in range(n):
        yh = sol[0] + sol[1] * F[i, 1] + sol[2] * F[i, 2] + sol[3] * F[i, 3]
        r = y[i] - yh
        sse += r * r
        re = abs(1.0 - math.exp(yh - y[i]))
        rel_sum += re
        if re > rel_max:
            rel_max = re
    for k in range(4):
        out[k] = sol[k]
    out[4] = sse
    out[5] = rel_sum / n
    out[6] = rel_max
    out[7] = rank
    return True


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


@njit(cache=True)
def select_starts(sse, tcs, ms, ws, n_starts, seed, t2_key, lens, t2, starts):
    """Best ``n_starts`` grid cells per window, pairwise at least 2 cells apart (Chebyshev).

    The best cell is used as is; the others are jittered uniformly within their cell (log-spaced
    for tc) with a counter-based stream keyed by (seed, t2_key, window length), so the draws do not
    depend on scheduling. ``starts`` (n_windows, n_starts, 3) gets absolute tc; NaN rows pad.
    Ties are broken by the lowest flat index (deterministic).
    """
    n_tc = tcs.shape[0]
    n_m = ms.shape[0]
    n_w = ws.shape[0]
    dl = math.log(tcs[1] / tcs[0]) if n_tc > 1 else 0.0
    dm = ms[1] - ms[0] if n_m > 1 else 0.0
    dw = ws[1] - ws[0] if n_w > 1 else 0.0
    ca = np.empty(n_starts, dtype=np.int64)
    cb = np.empty(n_starts, dtype=np.int64)
    cc = np.empty(n_starts, dtype=np.int64)
    for j in range(lens.shape[0]):
        key = _splitmix64(_splitmix64(_splitmix64(np.uint64(seed)) ^ np.uint64(t2_key)) ^ np.uint64(lens[j]))
        n_chosen = 0
        for k in range(n_starts):
            best = np.inf
            ba = -1
            bb = -1
            bc = -1
            for a in range(n_tc):
                for b in range(n_m):
                    for c in range(n_w):
                        v = sse[j, a, b, c]
                        if not (v < best):
                            continue
                        near = False
                        for q in range(n_chosen):
                            if abs(a - ca[q]) < 2 and abs(b - cb[q]) < 2 and abs(c - cc[q]) < 2:
                                near = True
                                break
                        if near:
                            continue
                        best = v
                        ba = a
                        bb = b
                        bc = c
            if ba < 0:
                for k2 in range(k, n_starts):
                    starts[j, k2, 0] = np.nan
                    starts[j, k2, 1] = np.nan
                    starts[j, k2, 2] = np.nan
                break
            ca[n_chosen] = ba
            cb[n_chosen] = bb
            cc[n_chosen] = bc
            n_chosen += 1
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
