"""Sign-based (volatility-robust) PSY test (detect/robust.py): kernel against a direct regression,
exact invariance to the volatility path, size under a variance shift, power on a PSY bubble."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect.robust import sign_critical_values, sign_psy, sign_statistics, sign_transform
from bubblescope.detect.simulate import simulate
from bubblescope.errors import InputError


def _direct(c: np.ndarray, r1: int, r2: int) -> float:
    z = c[r1:r2] - c[r1]
    d = np.diff(c[r1:r2 + 1])
    b = (z @ d) / (z @ z)
    e = d - b * z
    return float(b / np.sqrt(e @ e / (d.size - 1) / (z @ z)))


def test_kernel_equals_direct_regressions() -> None:
    x = np.cumsum(np.random.default_rng(0).standard_normal(80))
    m = 12
    badf, bsadf = sign_statistics(x, m)
    c = sign_transform(x)
    for r2 in (m, 30, 79):
        assert badf[r2 - m] == pytest.approx(_direct(c, 0, r2), abs=1e-12)
        assert bsadf[r2 - m] == pytest.approx(max(_direct(c, r1, r2) for r1 in range(r2 - m + 1)), abs=1e-12)


def test_invariant_to_the_volatility_path() -> None:
    rng = np.random.default_rng(1)
    e = rng.standard_normal(300)
    vol = np.where(np.arange(300) > 150, 5.0, 1.0) * (1 + np.sin(np.arange(300) / 20) ** 2)
    a, b = sign_statistics(np.cumsum(e), 30), sign_statistics(np.cumsum(e * vol), 30)
    np.testing.assert_array_equal(a[1], b[1])


@pytest.fixture(scope="module")
def cv200():
    return sign_critical_values(200, reps=1000, seed=5)


def test_size_under_variance_shift_where_gsadf_over_rejects(cv200) -> None:
    from bubblescope.detect import psy as P

    sim = simulate("volshift", 200, n_paths=200, seed=11, ratio=4.0, at=100)
    sign_rej = np.mean([sign_psy(sim.series(i), log=False, critical_values=cv200).rejects for i in range(200)])
    assert 0.03 <= sign_rej <= 0.08, sign_rej
    g95 = P.critical_values_mc(200, reps=500, seed=2).gsadf[0.95]
    ordinary = np.mean([P.gsadf(sim.series(i), log=False) > g95 for i in range(200)])
    assert ordinary > 0.2, ordinary  # the ordinary test over-rejects on the same paths


def test_power_and_result(cv200) -> None:
    sim = simulate("psy1", 200, n_paths=40, seed=2, start=100, end=140)
    res = [sign_psy(sim.series(i), log=False, critical_values=cv200) for i in range(40)]
    assert np.mean([r.rejects for r in res]) > 0.6
    r = res[0]
    assert "Sign-based" in r.summary() and r.to_dict()["gsadf_cv"] == pytest.approx(cv200.gsadf[0.95])
    assert r.to_frame().shape[0] == 200 - cv200.params["min_window"]
    sig = r.to_signals("sim")[0]
    assert sig.family == "market_tests" and sig.bubble == (1.0 if r.rejects else 0.0)


def test_bad_input(cv200) -> None:
    s = pd.Series(np.arange(1.0, 101.0))
    with pytest.raises(InputError):
        sign_psy(s, critical_values=cv200)  # table for T = 200
    with pytest.raises(InputError):
        sign_psy(s, min_window=200)
    with pytest.raises(InputError):
        sign_critical_values(200, reps=1)
