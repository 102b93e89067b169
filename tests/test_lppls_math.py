"""The vectorisable log / exp / sin·cos of the LPPLS kernels against libm (numpy), and their constants."""

from __future__ import annotations

import math
from decimal import Decimal, getcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bubblescope.detect import _lppls_math as lm


def _ulps(got: np.ndarray, ref: np.ndarray) -> float:
    return float(np.max(np.abs(got - ref) / np.spacing(np.abs(ref))))


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(1, 300), elements=st.floats(1e-300, 1e300)))
def test_log_within_two_ulps(x: np.ndarray) -> None:
    out = np.empty_like(x)
    lm.log_into(x, out, np.empty_like(x), np.empty_like(x))
    ref = np.log(x)
    one = ref == 0.0
    assert np.all(out[one] == 0.0)
    if not one.all():
        assert _ulps(out[~one], ref[~one]) <= 2.0


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(1, 300), elements=st.floats(-350.0, 350.0)),
       st.floats(0.01, 2.0))
def test_exp_within_two_ulps(x: np.ndarray, c: float) -> None:
    out = np.empty_like(x)
    lm.exp_into(c, x, out, np.empty_like(x))
    assert _ulps(out, np.exp(c * x)) <= 2.0


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(1, 300), elements=st.floats(-1e3, 1e3)), st.floats(0.5, 10.0))
def test_sincos_close_to_libm(x: np.ndarray, c: float) -> None:
    co, si = np.empty_like(x), np.empty_like(x)
    lm.sincos_into(c, x, co, si)
    ph = c * x
    assert float(np.max(np.abs(co - np.cos(ph)))) <= 2.3e-16
    assert float(np.max(np.abs(si - np.sin(ph)))) <= 2.3e-16


def test_special_points() -> None:
    x = np.array([1.0, 2.0, 0.5, math.sqrt(2.0), 1e-300, 1e300])
    out = np.empty_like(x)
    lm.log_into(x, out, np.empty_like(x), np.empty_like(x))
    assert out[0] == 0.0 and abs(out[1] - math.log(2.0)) <= 1e-16 and abs(out[2] + math.log(2.0)) <= 1e-16
    q = np.array([0.0, math.pi / 2, math.pi, 3 * math.pi / 2, -math.pi / 2, 1e-20])
    co, si = np.empty_like(q), np.empty_like(q)
    lm.sincos_into(1.0, q, co, si)
    np.testing.assert_allclose(co, np.cos(q), rtol=0, atol=4e-16)
    np.testing.assert_allclose(si, np.sin(q), rtol=0, atol=4e-16)
    e = np.empty(3)
    lm.exp_into(1.0, np.array([0.0, 1.0, -1.0]), e, np.empty(3))
    assert e[0] == 1.0 and abs(e[1] - math.e) <= 4.5e-16 and abs(e[2] - 1 / math.e) <= 1.2e-16


def _pi() -> Decimal:
    def arctan_inv(k: int) -> Decimal:
        x, s, term, j = Decimal(k), Decimal(0), 1 / Decimal(k), 0
        while term > Decimal(10) ** -75:
            s += term / (2 * j + 1) * (1 if j % 2 == 0 else -1)
            term /= x * x
            j += 1
        return s
    return 16 * arctan_inv(5) - 4 * arctan_inv(239)  # Machin


def _split(v: Decimal, bits: int) -> tuple[float, Decimal]:
    e = math.floor(math.log2(float(v)))
    scale = Fraction(2) ** (bits - 1 - e)
    hi = Fraction(math.floor(Fraction(v) * scale)) / scale
    return float(hi), v - Decimal(hi.numerator) / Decimal(hi.denominator)


def test_constants_from_80_digit_arithmetic() -> None:
    getcontext().prec = 80
    ln2, pio2 = Decimal(2).ln(), _pi() / 2
    hi, lo = _split(ln2, 32)
    assert (hi, float(lo)) == (lm._LN2_HI, lm._LN2_LO)
    p1, r1 = _split(pio2, 33)
    p2, r2 = _split(r1, 33)
    assert (p1, p2, float(r2)) == (lm._PIO2_1, lm._PIO2_2, lm._PIO2_3)
    assert float(1 / ln2) == lm._INV_LN2 and float(1 / pio2) == lm._TWO_OVER_PI
    assert float(Decimal(2).sqrt()) == lm._SQRT2
    assert np.array([lm._MAGIC]).view(np.int64)[0] == lm._MAGIC_BITS
    assert np.array([lm._TWO52]).view(np.int64)[0] == lm._TWO52_BITS


def test_columns_match_the_libm_formula() -> None:
    n = 437
    t = np.arange(n, dtype=float)
    rng = np.random.default_rng(0)
    bufs = [np.empty(n) for _ in range(5)]
    for _ in range(200):
        tc, m, w = n - 1 + rng.uniform(1e-3, 400.0), rng.uniform(0.01, 1.5), rng.uniform(2.0, 25.0)
        assert lm.lppls_columns(t, tc, m, w, *bufs)
        f, g, h, lnd = bufs[:4]
        ld = np.log(tc - t)
        assert _ulps(lnd, ld) <= 2.0
        np.testing.assert_allclose(f, np.exp(m * lnd), rtol=5e-16, atol=0)
        np.testing.assert_allclose(g, f * np.cos(w * lnd), rtol=0, atol=5e-16 * f.max())
        np.testing.assert_allclose(h, f * np.sin(w * lnd), rtol=0, atol=5e-16 * f.max())


@pytest.mark.parametrize("tc", [436.0, 435.0, float("nan"), float("inf")])
def test_columns_refuse_tc_not_after_the_window(tc: float) -> None:
    t = np.arange(437, dtype=float)
    assert not lm.lppls_columns(t, tc, 0.5, 8.0, *[np.empty(437) for _ in range(5)])
