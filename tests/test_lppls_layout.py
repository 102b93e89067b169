"""LPPLS after the split: public names, lazy ``bubblescope.detect`` exports, kernel steps, figures."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect import lppls as L
from test_lppls import PARAM_SETS, lppls_series  # same folder (pytest puts tests/ on sys.path)


def test_facade_keeps_every_public_name() -> None:
    for name in L.__all__:
        assert getattr(L, name) is not None, name
    assert L.lppls_fit is L.fit
    assert L.Bounds().tc == (0.002, 0.5)


def test_detect_lazy_exports() -> None:
    import bubblescope.detect as D

    assert {"lppls_fit", "indicators"} <= set(D.__all__)
    assert D.lppls_fit is L.fit and D.indicators is L.indicators
    assert "lppls_fit" in dir(D)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = D.nope


def test_import_detect_loads_no_numeric_stack() -> None:
    code = ("import sys, bubblescope.detect; heavy = [m for m in ('numpy', 'pandas', 'numba') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"import bubblescope.detect loaded {out}"


def test_small_solvers_match_numpy() -> None:
    from bubblescope.detect._lppls_linalg import chol4, householder_lstsq, solve3

    rng = np.random.default_rng(0)
    for _ in range(5):
        a = rng.normal(size=(6, 4))
        M = a.T @ a + 0.1 * np.eye(4)
        b = rng.normal(size=4)
        x = np.empty(4)
        assert chol4(M.copy(), b.copy(), x)
        np.testing.assert_allclose(x, np.linalg.solve(M, b), rtol=1e-10)
        M3, b3, x3 = M[:3, :3].copy(), b[:3].copy(), np.empty(3)
        assert solve3(M3, b3, x3)
        np.testing.assert_allclose(x3, np.linalg.solve(M[:3, :3], b[:3]), rtol=1e-10)
        np.testing.assert_array_equal(M3, M[:3, :3])  # solve3 keeps its inputs
        X = rng.normal(size=(30, 4))
        y = rng.normal(size=30)
        beta = np.empty(4)
        assert householder_lstsq(X.copy(), y.copy(), beta) == 4
        np.testing.assert_allclose(beta, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-9)
    singular = np.ones((4, 4))
    assert not chol4(singular, np.ones(4), np.empty(4))
    X = rng.normal(size=(30, 4))
    X[:, 3] = 2 * X[:, 1]
    assert householder_lstsq(X, rng.normal(size=30), np.empty(4)) == 3


def test_lm_steps_descend_and_respect_bounds() -> None:
    from bubblescope.detect._lppls_kernels import lm_refine
    from bubblescope.detect._lppls_lm import _profile

    n, tc_off, m, omega, B, C, noise = PARAM_SETS[0]
    s, _tc = lppls_series(n, tc_off, m, omega, B, C, noise, 0)
    y = np.log(s.to_numpy())
    t = np.arange(n, dtype=float)
    lo = np.array([t[-1] + 1.0, 0.01, 1.0])
    hi = np.array([t[-1] + 200.0, 1.5, 30.0])
    theta = np.array([t[-1] + 90.0, 0.9, 12.0])
    ws = [np.empty(n) for _ in range(4)]
    start_sse = _profile(t, y, *theta, *ws, np.empty(4))
    sse = lm_refine(t, y, theta, lo, hi, 60, 1e-10)
    assert sse < start_sse
    assert np.all(theta >= lo) and np.all(theta <= hi)
    assert sse == pytest.approx(_profile(t, y, *theta, *ws, np.empty(4)), rel=1e-12)
    # a box that excludes the optimum keeps the parameters on the bound
    hi2 = hi.copy()
    hi2[1] = 0.2
    theta2 = np.array([t[-1] + 90.0, 0.15, 12.0])
    lm_refine(t, y, theta2, lo, hi2, 60, 1e-10)
    assert theta2[1] <= 0.2


def test_figures_are_styled_and_take_context_price() -> None:
    from bubblescope.detect.lppls_plot import fit_figure, indicators_figure

    s, _ = lppls_series(*PARAM_SETS[0], seed=0)
    f = L.fit(s)
    fig = fit_figure(f, title="custom")
    assert fig.layout.title.text == "custom" and len(fig.data) == 2
    assert any(a.name == "source" for a in fig.layout.annotations)
    ind = L.indicators(s, start=s.index[-3], windows=(150, 125), n_resamples=0)
    fig2 = indicators_figure(ind, price=s)
    assert len(fig2.data[0].x) == len(s)  # the context series, not only the indicator dates
    assert "filters sornette2015" in fig2.layout.title.text
    assert len(ind.plot().data[0].x) == len(ind.frame)


def test_indicator_frame_columns_constant() -> None:
    s, _ = lppls_series(*PARAM_SETS[1], seed=0)
    ind = L.indicators(s, start=s.index[-1], windows=(125,), n_resamples=0)
    assert tuple(ind.frame.columns) == L._FRAME_COLUMNS
    assert isinstance(ind.frame.index, pd.DatetimeIndex)
