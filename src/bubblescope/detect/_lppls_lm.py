"""Bounded variable-projection Levenberg–Marquardt for the LPPLS nonlinear parameters (numba; private).

One LM iteration is three steps, each its own kernel:

1. :func:`_normal_equations` — one pass over the window for the Jacobian D = ∂model/∂θ (β held) and
   the Gram blocks XᵀX, XᵀD, DᵀD, Dᵀr; :func:`_project` then forms Kaufman's projected JᵀJ;
2. :func:`_damped_step` — the damped, bound-aware Gauss–Newton step for a damping λ;
3. :func:`_try_steps` — acceptance: raise λ until the clipped trial lowers the profiled SSE (or the
   predicted decrease says we are at the optimum).

:func:`lm_refine` loops over iterations; :func:`refine_windows` and :func:`refine_batch` drive it over
nested windows (multi-start) and over resampled series (trust).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from bubblescope.detect._lppls_linalg import chol4, solve3
from bubblescope.detect._lppls_math import lppls_columns

_IMPROVED, _CONVERGED, _STALLED = 0, 1, 2
#: A start whose SSE is above this multiple of ``abandon_above`` before the first iteration is not refined.
_SKIP = 2.0
#: A later start whose SSE after its first LM iteration is above this multiple of ``abandon_above`` is dropped.
_EARLY = 1.1


@njit(cache=True)
def _columns(t, tc, m, w, f, g, h, lnd):
    """f, f·cos, f·sin and ln(tc − t) (vectorised maths, :mod:`._lppls_math`); False unless tc − t > 0."""
    return lppls_columns(t, tc, m, w, f, g, h, lnd, np.empty(t.shape[0]))


@njit(cache=True)
def _profile(t, y, tc, m, w, f, g, h, lnd, beta):
    """Profiled SSE at (tc, m, ω): best linear (A, B, C1, C2) into ``beta``; inf if not solvable."""
    if not _columns(t, tc, m, w, f, g, h, lnd):
        return np.inf
    M = np.empty((4, 4))
    b = np.empty(4)
    _gram(f, g, h, y, M, b)
    if not chol4(M, b, beta):
        return np.inf
    return _sse(y, f, g, h, beta)


#: Reassociation (and FMA) let the compiler vectorise the window sums; no nnan/ninf: the callers test inf.
_SUMS = {"reassoc", "contract"}


@njit(cache=True, fastmath=_SUMS)
def _gram(f, g, h, y, M, b):
    """Normal equations of (1, f, g, h) against y: M = XᵀX (full), b = Xᵀy."""
    sf = sg = sh = sff = sfg = sfh = sgg = sgh = shh = sy = syf = syg = syh = 0.0
    for i in range(f.shape[0]):
        fi = f[i]
        gi = g[i]
        hi = h[i]
        yi = y[i]
        sf += fi
        sg += gi
        sh += hi
        sff += fi * fi
        sfg += fi * gi
        sfh += fi * hi
        sgg += gi * gi
        sgh += gi * hi
        shh += hi * hi
        sy += yi
        syf += yi * fi
        syg += yi * gi
        syh += yi * hi
    M[0, 0] = f.shape[0]
    M[0, 1] = M[1, 0] = sf
    M[0, 2] = M[2, 0] = sg
    M[0, 3] = M[3, 0] = sh
    M[1, 1] = sff
    M[1, 2] = M[2, 1] = sfg
    M[1, 3] = M[3, 1] = sfh
    M[2, 2] = sgg
    M[2, 3] = M[3, 2] = sgh
    M[3, 3] = shh
    b[0] = sy
    b[1] = syf
    b[2] = syg
    b[3] = syh


@njit(cache=True, fastmath=_SUMS)
def _sse(y, f, g, h, beta):
    """Σ (y − A − B f − C1 g − C2 h)²."""
    b0, b1, b2, b3 = beta[0], beta[1], beta[2], beta[3]
    sse = 0.0
    for i in range(y.shape[0]):
        r = y[i] - (b0 + b1 * f[i] + b2 * g[i] + b3 * h[i])
        sse += r * r
    return sse


# size: 25 running sums kept in registers (one pass over the window)
@njit(cache=True, fastmath=_SUMS, error_model="numpy")
def _normal_equations(t, y, theta, beta, cur, G, XD, JtJ, Jtr):
    """Step 1 (Jacobian): one pass for D = ∂model/∂θ (β held), G = XᵀX, XᵀD, DᵀD and Dᵀr.

    ``cur`` rows are f, f·cos, f·sin and ln(tc − t) at ``theta``. Only the upper triangle of JtJ is
    filled (:func:`_project` completes it).
    """
    n = t.shape[0]
    tc, m, w = theta[0], theta[1], theta[2]
    A, B, C1, C2 = beta[0], beta[1], beta[2], beta[3]
    f, g, h, lnd = cur[0], cur[1], cur[2], cur[3]
    sf = sg = sh = sff = sfg = sfh = sgg = sgh = shh = 0.0
    x00 = x01 = x02 = x10 = x11 = x12 = x20 = x21 = x22 = x30 = x31 = x32 = 0.0
    j00 = j01 = j02 = j11 = j12 = j22 = r0 = r1 = r2 = 0.0
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
        r = y[i] - (A + q)
        sf += fi
        sg += cs
        sh += sn
        sff += fi * fi
        sfg += fi * cs
        sfh += fi * sn
        sgg += cs * cs
        sgh += cs * sn
        shh += sn * sn
        x00 += d0
        x01 += d1
        x02 += d2
        x10 += fi * d0
        x11 += fi * d1
        x12 += fi * d2
        x20 += cs * d0
        x21 += cs * d1
        x22 += cs * d2
        x30 += sn * d0
        x31 += sn * d1
        x32 += sn * d2
        j00 += d0 * d0
        j01 += d0 * d1
        j02 += d0 * d2
        j11 += d1 * d1
        j12 += d1 * d2
        j22 += d2 * d2
        r0 += d0 * r
        r1 += d1 * r
        r2 += d2 * r
    G[0, 0] = n
    G[0, 1] = G[1, 0] = sf
    G[0, 2] = G[2, 0] = sg
    G[0, 3] = G[3, 0] = sh
    G[1, 1] = sff
    G[1, 2] = G[2, 1] = sfg
    G[1, 3] = G[3, 1] = sfh
    G[2, 2] = sgg
    G[2, 3] = G[3, 2] = sgh
    G[3, 3] = shh
    XD[0, 0], XD[0, 1], XD[0, 2] = x00, x01, x02
    XD[1, 0], XD[1, 1], XD[1, 2] = x10, x11, x12
    XD[2, 0], XD[2, 1], XD[2, 2] = x20, x21, x22
    XD[3, 0], XD[3, 1], XD[3, 2] = x30, x31, x32
    JtJ[0, 0], JtJ[0, 1], JtJ[0, 2] = j00, j01, j02
    JtJ[1, 1], JtJ[1, 2], JtJ[2, 2] = j11, j12, j22
    Jtr[0], Jtr[1], Jtr[2] = r0, r1, r2


@njit(cache=True)
def _project(G, XD, JtJ, M, rhs, gam):
    """Kaufman's projected Jacobian J = −(I − P)D: JᵀJ = DᵀD − (XᵀD)ᵀG⁻¹(XᵀD); −Jᵀr = Dᵀr (r ⊥ X).

    False when G is singular. ``M``, ``rhs``, ``gam`` are scratch (4x4, 4, 4).
    """
    for k in range(3):
        for r_ in range(4):
            rhs[r_] = XD[r_, k]
            for c_ in range(4):
                M[r_, c_] = G[r_, c_]
        if not chol4(M, rhs, gam):
            return False
        for c in range(k, 3):
            JtJ[k, c] -= gam[0] * XD[0, c] + gam[1] * XD[1, c] + gam[2] * XD[2, c] + gam[3] * XD[3, c]
    for a in range(3):
        for c in range(a):
            JtJ[a, c] = JtJ[c, a]
    return True


@njit(cache=True, inline="always")
def _free_set(theta, lo, hi, Jtr, free):
    """Active set: a parameter on a bound whose descent direction points outside stays fixed; returns #free."""
    nfree = 0
    for a in range(3):
        blocked = (theta[a] <= lo[a] and Jtr[a] < 0.0) or (theta[a] >= hi[a] and Jtr[a] > 0.0)
        free[a] = not blocked
        if free[a]:
            nfree += 1
    return nfree


@njit(cache=True, inline="always")
def _damped_step(JtJ, Jtr, free, lam, A3, rhs3, step):
    """Step 2 (damping): solve (JᵀJ + λ·diag JᵀJ) δ = −Jᵀr on the free parameters.

    ``A3`` (scratch) gets the damped matrix, ``rhs3`` the right-hand side (zero on fixed
    parameters). Returns False when singular.
    """
    for a in range(3):
        for c in range(3):
            A3[a, c] = JtJ[a, c] if (free[a] and free[c]) else 0.0
        A3[a, a] = JtJ[a, a] * (1.0 + lam) + 1e-300 if free[a] else 1.0
        rhs3[a] = Jtr[a] if free[a] else 0.0
    return solve3(A3, rhs3, step)


@njit(cache=True, inline="always")
def _predicted_decrease(JtJ, rhs3, step, free):
    """Gauss–Newton model decrease 2 δᵀ(−Jᵀr) − δᵀJᵀJδ over the free parameters."""
    pred = 0.0
    for a in range(3):
        if free[a]:
            qa = 0.0
            for c in range(3):
                if free[c]:
                    qa += JtJ[a, c] * step[c]
            pred += step[a] * (2.0 * rhs3[a] - qa)
    return pred


@njit(cache=True, inline="always")
def _clip(theta, lo, hi):
    for k in range(3):
        if theta[k] < lo[k]:
            theta[k] = lo[k]
        if theta[k] > hi[k]:
            theta[k] = hi[k]


@njit(cache=True)
def _try_steps(t, y, theta, lo, hi, tol, sse, lam, JtJ, Jtr, free, beta, trl, sc3, bt):
    """Step 3 (acceptance): up to 12 damping levels; the first trial that lowers the SSE is taken.

    Returns (status, sse, lam, relative decrease); on acceptance ``theta`` and ``beta`` hold the new
    point and ``trl`` (4, n) its columns f, f·cos, f·sin, ln(tc − t) (the caller swaps its buffers rather
    than copying). Scratch: ``sc3`` (6, 3), ``bt`` (4).
    """
    A3 = sc3[0:3]
    rhs3 = sc3[3]
    step = sc3[4]
    trial = sc3[5]
    for _inner in range(12):
        if not _damped_step(JtJ, Jtr, free, lam, A3, rhs3, step):
            lam *= 10.0
            continue
        # when even the lightly damped step promises less than tol·SSE/10 we are at the optimum;
        # skip the (rejected) trials
        if lam <= 1e-2 and _predicted_decrease(JtJ, rhs3, step, free) < 0.1 * tol * sse:
            return _CONVERGED, sse, lam, 0.0
        for a in range(3):
            trial[a] = theta[a] + step[a]
        _clip(trial, lo, hi)
        sse_t = _profile(t, y, trial[0], trial[1], trial[2], trl[0], trl[1], trl[2], trl[3], bt)
        if sse_t < sse:
            rel = (sse - sse_t) / sse if sse > 0.0 else 0.0
            theta[:] = trial
            beta[:] = bt
            return _IMPROVED, sse_t, max(lam / 5.0, 1e-12), rel
        lam *= 8.0
    return _STALLED, sse, lam, 0.0


@njit(cache=True, inline="always")
def _in_known_basin(theta, lo, hi, known, n_known, radius):
    """True when ``theta`` is within ``radius`` box widths of a known optimum (every coordinate)."""
    for q in range(n_known):
        near = True
        for a in range(3):
            if abs(theta[a] - known[q, a]) > radius * (hi[a] - lo[a]):
                near = False
                break
        if near:
            return True
    return False


@njit(cache=True)
def lm_refine(t, y, theta, lo, hi, max_iter, tol, abandon_above=np.inf):
    """Bounded variable-projection Levenberg–Marquardt from ``theta`` (modified in place).

    The same as :func:`lm_refine_known` without known optima.
    """
    return lm_refine_known(t, y, theta, lo, hi, max_iter, tol, abandon_above, np.empty((1, 3)), 0)


@njit(cache=True)
def lm_refine_known(t, y, theta, lo, hi, max_iter, tol, abandon_above, known, n_known):
    """Bounded variable-projection Levenberg–Marquardt from ``theta`` (modified in place).

    The Jacobian of the profiled residual is Kaufman's approximation −(I − P)·(∂X/∂θ)β, computed
    analytically; steps are clipped to the box [lo, hi]. Returns the final SSE (inf if the start is
    not solvable). Stops when the relative SSE decrease is below ``tol`` or after ``max_iter``;
    a start still above ``abandon_above`` after 2 iterations, or above ``_EARLY`` × ``abandon_above``
    after 1, is abandoned (multi-start pruning), and
    so is a start that, after 2 iterations, lies within 0.2% of the box of one of the first ``n_known``
    rows of ``known`` (an optimum already found from another start: it would only converge there again).
    """
    n = t.shape[0]
    cur = np.empty((4, n))  # f, f·cos, f·sin, ln(tc − t) at theta
    beta = np.empty(4)
    _clip(theta, lo, hi)
    sse = _profile(t, y, theta[0], theta[1], theta[2], cur[0], cur[1], cur[2], cur[3], beta)
    return lm_iterate(t, y, theta, lo, hi, max_iter, tol, abandon_above, known, n_known, sse, cur, beta)


@njit(cache=True)
def lm_iterate(t, y, theta, lo, hi, max_iter, tol, abandon_above, known, n_known, sse, cur, beta):
    """The iterations of :func:`lm_refine_known` from a profiled start: ``theta`` inside the box, ``sse``,
    ``cur`` (f, f·cos, f·sin, ln(tc − t)) and ``beta`` at ``theta``, as :func:`_profile` leaves them.

    Lets a caller that has already profiled the start (to compare it with another) skip doing it again.
    """
    if not np.isfinite(sse):
        return np.inf
    if sse > _SKIP * abandon_above:
        return sse  # a start this far above the best is not refined at all
    n = t.shape[0]
    trl = np.empty((4, n))  # f, f·cos, f·sin, ln(tc − t) at a trial point
    G = np.empty((4, 4))
    XD = np.empty((4, 3))
    JtJ = np.empty((3, 3))
    Jtr = np.empty(3)
    free = np.ones(3, dtype=np.bool_)
    M = np.empty((4, 4))  # scratch of the projection
    v4 = np.empty((3, 4))  # scratch: projection rhs and solution, trial beta
    sc3 = np.empty((6, 3))  # scratch of the steps: damped matrix (3 rows), rhs, step, trial point
    lam = 1e-3
    for _it in range(max_iter):
        _normal_equations(t, y, theta, beta, cur, G, XD, JtJ, Jtr)
        if not _project(G, XD, JtJ, M, v4[0], v4[1]):
            break
        if _free_set(theta, lo, hi, Jtr, free) == 0:
            break
        status, sse, lam, rel = _try_steps(t, y, theta, lo, hi, tol, sse, lam, JtJ, Jtr, free, beta, trl, sc3,
                                          v4[2])
        if status == _IMPROVED:
            cur, trl = trl, cur
        if status != _IMPROVED or rel < tol:
            break
        if sse > (abandon_above if _it >= 1 else _EARLY * abandon_above):
            break  # a later start still well above the best after 1 iteration, or above it after 2
        if _it >= 1 and n_known > 0 and _in_known_basin(theta, lo, hi, known, n_known, 1e-2):
            break
    return sse
