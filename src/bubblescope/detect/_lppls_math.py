"""Vectorisable log, exp and sin/cos for the LPPLS columns (numba; private).

Why by hand: the LPPLS fit spends most of its time on ln(tc − t), (tc − t)^m and cos/sin(ω ln(tc − t))
over a window (issue 17's profile: 9.6 of the 12 µs of one profiled SSE at 437 points). numba calls the
scalar libm for these, which the compiler cannot vectorise; a vector maths library would, but the
llvmlite wheels on PyPI are built without Intel's SVML and numba offers no hook for glibc's libmvec. So
the three functions are written here as plain arithmetic (range reduction, polynomial, exponent bits
through an int64 view of the buffers) that LLVM turns into SIMD code, in separate loops so each loop sees
one element type per buffer.

Accuracy against libm (benchmarks/lppls_columns.py, 2 million random points each; the bounds are
tests/test_lppls_math.py): log within 2 ulp, exp within 1 ulp, sin/cos within 1.2e-16 absolute at
|argument| ≤ 1e4 — the same numbers up
to the last bit or two, so fits move only where two optima are that close. Series coefficients are the
Taylor ones (1/k!, 1/(2k+1)), taken to degrees whose next term is below 1e-16 on the reduced ranges
|r| ≤ ln2/2, |r| ≤ π/4 and s ≤ 3 − 2√2. ``error_model="numpy"`` lets the divisions vectorise (no
Python ZeroDivisionError check; the divisors are ≥ 1.7).
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: 1.5·2^52: adding it rounds a float of magnitude < 2^51 to an integer kept in the low mantissa bits.
_MAGIC = 6755399441055744.0
_MAGIC_BITS = 0x4338000000000000  # the bits of _MAGIC
_TWO52 = 4503599627370496.0  # 2^52; 0x4330000000000000 | e is the float 2^52 + e
_MANT = 0x000FFFFFFFFFFFFF
_ONE_BITS = 0x3FF0000000000000
_TWO52_BITS = 0x4330000000000000
_SQRT2 = 1.4142135623730951
_TINY = 2.2250738585072014e-308  # the smallest normal float: log_into reads exponent bits
# ln 2 and π/2 split so that k·HI is exact for |k| < 2^20 (Cody & Waite); values from 80-digit decimal
# arithmetic (tests/test_lppls_math.py recomputes them).
_LN2_HI = 0.6931471803691238
_LN2_LO = 1.9082149292705877e-10
_INV_LN2 = 1.4426950408889634
_PIO2_1 = 1.5707963267341256
_PIO2_2 = 6.077100506303966e-11
_PIO2_3 = 2.0222662487959506e-21
_TWO_OVER_PI = 0.6366197723675814


@njit(cache=True, inline="always", error_model="numpy")
def _exp_poly(r):
    """e^r for |r| ≤ ln2/2 (Taylor to degree 13; the next term is < 5e-18)."""
    p = 1.0 / 6227020800.0
    p = p * r + 1.0 / 479001600.0
    p = p * r + 1.0 / 39916800.0
    p = p * r + 1.0 / 3628800.0
    p = p * r + 1.0 / 362880.0
    p = p * r + 1.0 / 40320.0
    p = p * r + 1.0 / 5040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    p = p * r + 1.0
    return p * r + 1.0


@njit(cache=True, inline="always", error_model="numpy")
def _log_poly(x):
    """ln x for 1/√2 ≤ x ≤ √2: 2·atanh(s), s = (x − 1)/(x + 1) ≤ 0.1716 (series to s^21)."""
    s = (x - 1.0) / (x + 1.0)
    z = s * s
    p = 1.0 / 21.0
    p = p * z + 1.0 / 19.0
    p = p * z + 1.0 / 17.0
    p = p * z + 1.0 / 15.0
    p = p * z + 1.0 / 13.0
    p = p * z + 1.0 / 11.0
    p = p * z + 1.0 / 9.0
    p = p * z + 1.0 / 7.0
    p = p * z + 1.0 / 5.0
    p = p * z + 1.0 / 3.0
    return 2.0 * s + 2.0 * s * (z * p)


@njit(cache=True, inline="always", error_model="numpy")
def _sin_poly(r):
    """sin r for |r| ≤ π/4 (Taylor to r^17)."""
    z = r * r
    p = 1.0 / 355687428096000.0
    p = -p * z + 1.0 / 1307674368000.0
    p = -p * z + 1.0 / 6227020800.0
    p = -p * z + 1.0 / 39916800.0
    p = -p * z + 1.0 / 362880.0
    p = -p * z + 1.0 / 5040.0
    p = -p * z + 1.0 / 120.0
    p = -p * z + 1.0 / 6.0
    return r - r * (z * p)


@njit(cache=True, inline="always", error_model="numpy")
def _cos_poly(r):
    """cos r for |r| ≤ π/4 (Taylor to r^16)."""
    z = r * r
    p = 1.0 / 20922789888000.0
    p = -p * z + 1.0 / 87178291200.0
    p = -p * z + 1.0 / 479001600.0
    p = -p * z + 1.0 / 3628800.0
    p = -p * z + 1.0 / 40320.0
    p = -p * z + 1.0 / 720.0
    p = -p * z + 1.0 / 24.0
    p = -p * z + 0.5
    return 1.0 - z * p


@njit(cache=True, error_model="numpy")
def log_into(x, out, s1, s2):
    """out = ln x for finite x > 0 (normal floats). ``s1``, ``s2`` are scratch of the same length."""
    n = x.shape[0]
    xb = x.view(np.int64)
    mb = s1.view(np.int64)
    eb = s2.view(np.int64)
    for i in range(n):  # mantissa in [1, 2) and biased exponent (as the float 2^52 + e) of x
        b = xb[i]
        mb[i] = (b & _MANT) | _ONE_BITS
        eb[i] = (b >> 52) | _TWO52_BITS
    for i in range(n):
        u = s1[i]
        e = s2[i] - _TWO52 - 1023.0
        big = u > _SQRT2
        u = u * 0.5 if big else u
        e = e + 1.0 if big else e
        out[i] = e * _LN2_HI + (_log_poly(u) + e * _LN2_LO)


@njit(cache=True, error_model="numpy")
def exp_into(c, x, out, s1):
    """out = exp(c·x), with c·x clamped to ±700. ``s1`` is scratch of the same length (may not be ``out``)."""
    n = x.shape[0]
    kb = s1.view(np.int64)
    for i in range(n):
        a = min(max(c * x[i], -700.0), 700.0)
        kf = a * _INV_LN2 + _MAGIC  # k = round(a / ln 2) in the low bits
        k = kf - _MAGIC
        out[i] = _exp_poly((a - k * _LN2_HI) - k * _LN2_LO)
        s1[i] = kf
    for i in range(n):  # 2^k from k's bits
        kb[i] = (kb[i] - _MAGIC_BITS + 1023) << 52
    for i in range(n):
        out[i] *= s1[i]


@njit(cache=True, error_model="numpy")
def sincos_into(c, x, cos_out, sin_out):
    """cos_out = cos(c·x), sin_out = sin(c·x) for |c·x| < 2^20 (Cody–Waite reduction by π/2)."""
    for i in range(x.shape[0]):
        ph = c * x[i]
        q = (ph * _TWO_OVER_PI + _MAGIC) - _MAGIC  # nearest multiple of π/2
        r = ((ph - q * _PIO2_1) - q * _PIO2_2) - q * _PIO2_3
        sr = _sin_poly(r)
        cr = _cos_poly(r)
        q4 = q - 4.0 * np.floor(q * 0.25)  # quadrant 0..3
        odd = q4 == 1.0 or q4 == 3.0
        co = sr if odd else cr
        si = cr if odd else sr
        cos_out[i] = -co if (q4 == 1.0 or q4 == 2.0) else co
        sin_out[i] = -si if q4 >= 2.0 else si


@njit(cache=True, error_model="numpy")
def lppls_columns(t, tc, m, w, f, g, h, lnd, sn):
    """f = (tc − t)^m, g = f·cos(ω ln(tc − t)), h = f·sin(ω ln(tc − t)), lnd = ln(tc − t).

    False (outputs undefined) unless tc − t is a finite normal float (> 2.2e-308) everywhere; ``t`` is
    increasing, so only its end points are tested. ``sn`` is scratch of the same length.
    """
    n = t.shape[0]
    if n == 0:
        return True
    if not (tc - t[n - 1] >= _TINY) or not (tc - t[0] < np.inf):
        return False
    for i in range(n):
        sn[i] = tc - t[i]
    log_into(sn, lnd, g, h)
    exp_into(m, lnd, f, g)
    sincos_into(w, lnd, g, h)
    for i in range(n):
        fi = f[i]
        g[i] = fi * g[i]
        h[i] = fi * h[i]
    return True
