"""Small dense solvers for the LPPLS kernels (numba; private).

* :func:`chol4` / :func:`solve3`: Jacobi-scaled Cholesky solves of the 4x4 normal equations of the
  linear parameters and of the 3x3 damped Gauss–Newton system of the nonlinear ones;
* :func:`sse4`: the profiled SSE of a 4x4 system by LDLᵀ (the grid scan's inner step);
* :func:`linear_params`: least-squares (A, B, C1, C2) by Householder QR with a numerical rank.

A pivot below ``PIVOT_TOL`` (relative to the scaled diagonal) means a singular system: the solvers
return False / inf, never zeros.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from bubblescope.detect._lppls_math import exp_into, lppls_columns

PIVOT_TOL = 1e-12


@njit(cache=True, inline="always")
def _cholesky_lower(A, p):
    """Cholesky L Lᵀ of the leading p x p block of ``A`` (lower triangle stored in A); False if singular."""
    for j in range(p):
        s = A[j, j]
        for k in range(j):
            s -= A[j, k] * A[j, k]
        if s <= PIVOT_TOL:
            return False
        ljj = math.sqrt(s)
        A[j, j] = ljj
        for i in range(j + 1, p):
            s2 = A[i, j]
            for k in range(j):
                s2 -= A[i, k] * A[j, k]
            A[i, j] = s2 / ljj
    return True


@njit(cache=True, inline="always")
def _cho_solve_scaled(A, r, d, x, p):
    """x = D·(L Lᵀ)⁻¹·r for the factor in ``A`` (forward then backward substitution, then the scaling)."""
    for i in range(p):  # forward
        s = r[i]
        for k in range(i):
            s -= A[i, k] * x[k]
        x[i] = s / A[i, i]
    for i in range(p - 1, -1, -1):  # backward
        s = x[i]
        for k in range(i + 1, p):
            s -= A[k, i] * x[k]
        x[i] = s / A[i, i]
    for i in range(p):
        x[i] *= d[i]


@njit(cache=True, inline="always")
def _jacobi_diag(M, d, p):
    """d = 1/√diag(M); False when a diagonal entry is not positive."""
    for i in range(p):
        if not (M[i, i] > 0.0):
            return False
        d[i] = 1.0 / math.sqrt(M[i, i])
    return True


@njit(cache=True)
def chol4(M, b, x):
    """Solve the symmetric 4x4 system M x = b in place (Jacobi-scaled Cholesky).

    Returns False when the scaled matrix is numerically singular (pivot below 1e-12); ``M`` and
    ``b`` are overwritten.
    """
    d = np.empty(4)
    if not _jacobi_diag(M, d, 4):
        return False
    for i in range(4):
        for j in range(4):
            M[i, j] *= d[i] * d[j]
        b[i] *= d[i]
    if not _cholesky_lower(M, 4):
        return False
    _cho_solve_scaled(M, b, d, x, 4)
    return True


@njit(cache=True)
def solve3(M, b, x):
    """Solve a 3x3 SPD system by Jacobi-scaled Cholesky; False if singular (``M`` and ``b`` are kept)."""
    d = np.empty(3)
    if not _jacobi_diag(M, d, 3):
        return False
    A = np.empty((3, 3))
    r = np.empty(3)
    for i in range(3):
        for j in range(3):
            A[i, j] = M[i, j] * d[i] * d[j]
        r[i] = b[i] * d[i]
    if not _cholesky_lower(A, 3):
        return False
    _cho_solve_scaled(A, r, d, x, 3)
    return True


@njit(cache=True, inline="always")
def sse4(a00, a01, a02, a03, a11, a12, a13, a22, a23, a33, b0, b1, b2, b3, yy):
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
    if not (d1 > PIVOT_TOL * a11):
        return np.inf
    l21 = (a12 - a02 * l10) / d1
    l31 = (a13 - a03 * l10) / d1
    d2 = a22 - a02 * l20 - l21 * l21 * d1
    if not (d2 > PIVOT_TOL * a22):
        return np.inf
    l32 = (a23 - a02 * l30 - l31 * l21 * d1) / d2
    d3 = a33 - a03 * l30 - l31 * l31 * d1 - l32 * l32 * d2
    if not (d3 > PIVOT_TOL * a33):
        return np.inf
    z0 = b0
    z1 = b1 - l10 * z0
    z2 = b2 - l20 * z0 - l21 * z1
    z3 = b3 - l30 * z0 - l31 * z1 - l32 * z2
    sse = yy - (z0 * z0 / d0 + z1 * z1 / d1 + z2 * z2 / d2 + z3 * z3 / d3)
    return sse if sse > 0.0 else 0.0


@njit(cache=True, inline="always", error_model="numpy")
def sse4_select(a00, a01, a02, a03, a11, a12, a13, a22, a23, a33, b0, b1, b2, b3, yy):
    """:func:`sse4` without branches (the same operations; a failed pivot test selects inf at the end),
    so a loop over many systems vectorises; a singular pivot's division is computed and discarded."""
    d0 = a00
    l10 = a01 / d0
    l20 = a02 / d0
    l30 = a03 / d0
    d1 = a11 - a01 * l10
    l21 = (a12 - a02 * l10) / d1
    l31 = (a13 - a03 * l10) / d1
    d2 = a22 - a02 * l20 - l21 * l21 * d1
    l32 = (a23 - a02 * l30 - l31 * l21 * d1) / d2
    d3 = a33 - a03 * l30 - l31 * l31 * d1 - l32 * l32 * d2
    z0 = b0
    z1 = b1 - l10 * z0
    z2 = b2 - l20 * z0 - l21 * z1
    z3 = b3 - l30 * z0 - l31 * z1 - l32 * z2
    sse = yy - (z0 * z0 / d0 + z1 * z1 / d1 + z2 * z2 / d2 + z3 * z3 / d3)
    ok = (a00 > 0.0) & (d1 > PIVOT_TOL * a11) & (d2 > PIVOT_TOL * a22) & (d3 > PIVOT_TOL * a33)
    sse = sse if sse > 0.0 else 0.0
    return sse if ok else np.inf


@njit(cache=True)
def _reflect(X, y, k):
    """Apply the Householder reflection of column k (rows k..n−1) to the later columns and to ``y``;
    leaves R_kk in X[k, k]."""
    n = X.shape[0]
    p = X.shape[1]
    norm = 0.0
    for i in range(k, n):
        norm += X[i, k] * X[i, k]
    norm = math.sqrt(norm)
    if norm == 0.0:
        return
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


@njit(cache=True)
def householder_lstsq(X, y, beta):
    """Least squares min ||X b − y|| for an (n, 4) X by Householder QR (X and y are overwritten).

    Written out because numpy's ``lstsq`` (SVD, LAPACK gelsd) costs ~0.2 ms per call here and is
    called once per window. Returns the numerical rank: columns whose |R_kk| falls below
    1e-10·max|R_jj| count as dependent (and ``beta`` is then not meaningful).
    """
    p = X.shape[1]
    for k in range(p):
        _reflect(X, y, k)
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
def _design(t, tc, m, w, X):
    """Columns 1, f, f·cos, f·sin of the design at (tc, m, ω) into X (n, 4); False if some t ≥ tc."""
    n = t.shape[0]
    f, g, h, lnd, sn = np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    if not lppls_columns(t, tc, m, w, f, g, h, lnd, sn):
        return False
    for i in range(n):
        X[i, 0] = 1.0
        X[i, 1] = f[i]
        X[i, 2] = g[i]
        X[i, 3] = h[i]
    return True


@njit(cache=True)
def linear_params(t, y, tc, m, w, out):
    """Least-squares (A, B, C1, C2) by Householder QR, SSE and price relative errors.

    ``out`` (8,) receives A, B, C1, C2, sse, mean and max of |1 − exp(ŷ − y)| (relative price
    error) and the numerical rank. Returns False (``out`` all NaN) if some t ≥ tc.
    """
    n = t.shape[0]
    X = np.empty((n, 4))
    if not _design(t, tc, m, w, X):
        for k in range(8):
            out[k] = np.nan
        return False
    F = X.copy()
    yy = y.copy()
    sol = np.empty(4)
    rank = householder_lstsq(X, yy, sol)
    sse = 0.0
    d = np.empty(n)
    for i in range(n):
        yh = sol[0] + sol[1] * F[i, 1] + sol[2] * F[i, 2] + sol[3] * F[i, 3]
        r = y[i] - yh
        sse += r * r
        d[i] = yh - y[i]
    ratio = np.empty(n)
    exp_into(1.0, d, ratio, np.empty(n))
    rel_sum = 0.0
    rel_max = 0.0
    for i in range(n):
        re = abs(1.0 - ratio[i])
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
