"""Property and unit tests of the PSY statistics (hypothesis + small hand-checkable cases)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bubblescope.detect import psy as P
from bubblescope.detect._psy_stamp import stamp
from bubblescope.errors import InputError


def _walk(seed: int, T: int, explosive_at: int | None = None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.standard_normal(T))
    if explosive_at is not None:
        for t in range(explosive_at, T):
            x[t] = 1.04 * x[t - 1] + rng.standard_normal() * 0.2 + 0.5
    return x


def _ols_t(x: np.ndarray, p: int) -> float:
    """Reference ADF t-ratio by plain least squares (numpy lstsq)."""
    dx = np.diff(x)
    y = dx[p:]
    cols = [np.ones_like(y), x[p:-1]] + [dx[p - j: dx.size - j] for j in range(1, p + 1)]
    X = np.column_stack(cols)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    e = y - X @ beta
    s2 = e @ e / (y.size - X.shape[1])
    cov = s2 * np.linalg.inv(X.T @ X)
    return float(beta[1] / np.sqrt(cov[1, 1]))


@pytest.mark.parametrize("lag", [0, 1, 3])
def test_badf_and_bsadf_equal_brute_force_ols(lag):
    x = _walk(1, 70)
    m = 20
    s = pd.Series(x)
    bf = P.badf(s, min_window=m, lag=lag, log=False).to_numpy()
    bs = P.bsadf(s, min_window=m, lag=lag, log=False).to_numpy()
    n = x.size - 1 - lag
    for k, r2 in enumerate(range(m - 1, n)):
        # window rows r1..r2 ↔ levels r1 .. r2 + 1 + lag
        ref_f = _ols_t(x[0: r2 + 2 + lag], lag)
        ref_b = max(_ols_t(x[r1: r2 + 2 + lag], lag) for r1 in range(0, r2 - m + 2))
        assert bf[k] == pytest.approx(ref_f, abs=1e-10)
        assert bs[k] == pytest.approx(ref_b, abs=1e-10)


def test_ic_mode_equals_brute_force_bic():
    """Per-window BIC selection on the window's common rows (Gaussian likelihood)."""
    x = _walk(2, 60)
    m, pmax = 18, 2
    bs = P.bsadf(pd.Series(x), min_window=m, ic="bic", max_lag=pmax, log=False).to_numpy()

    def best_t(w: np.ndarray) -> float:
        # common rows: drop the first pmax differences for every candidate lag
        dx = np.diff(w)
        y = dx[pmax:]
        n = y.size
        out = []
        for p in range(pmax + 1):
            X = np.column_stack([np.ones(n), w[pmax:-1]] + [dx[pmax - j: dx.size - j] for j in range(1, p + 1)])
            beta, *_ = np.linalg.lstsq(X, y, rcond=None)
            e = y - X @ beta
            rss = e @ e
            bic = n * np.log(rss / n) + X.shape[1] * np.log(n)
            t = beta[1] / np.sqrt(rss / (n - X.shape[1]) * np.linalg.inv(X.T @ X)[1, 1])
            out.append((bic, t))
        return min(out, key=lambda v: v[0])[1]

    n_rows = x.size - 1 - pmax
    for k, r2 in enumerate(range(m - 1, n_rows)):
        ref = max(best_t(x[r1: r2 + 2 + pmax]) for r1 in range(0, r2 - m + 2))
        assert bs[k] == pytest.approx(ref, abs=1e-10)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), scale=st.floats(1e-3, 1e3), shift=st.floats(-1e4, 1e4),
       sign=st.sampled_from([1.0, -1.0]), lag=st.integers(0, 2))
def test_affine_rescaling_leaves_statistics_unchanged(seed, scale, shift, sign, lag):
    x = _walk(seed, 60)
    a = pd.Series(x)
    b = pd.Series(sign * scale * x + shift)
    kw = {"min_window": 15, "lag": lag, "log": False}
    np.testing.assert_allclose(P.bsadf(a, **kw).to_numpy(), P.bsadf(b, **kw).to_numpy(), rtol=1e-7, atol=1e-7)
    np.testing.assert_allclose(P.badf(a, **kw).to_numpy(), P.badf(b, **kw).to_numpy(), rtol=1e-7, atol=1e-7)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.floats(1e-3, 1e3), ic=st.sampled_from(["aic", "bic"]))
def test_ic_selection_is_scale_invariant(seed, scale, ic):
    x = _walk(seed, 50)
    kw = {"min_window": 15, "ic": ic, "max_lag": 2, "log": False}
    np.testing.assert_allclose(P.bsadf(pd.Series(x), **kw).to_numpy(),
                               P.bsadf(pd.Series(scale * x), **kw).to_numpy(), rtol=1e-7, atol=1e-7)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), T=st.integers(30, 120))
def test_sequence_relations(seed, T):
    s = pd.Series(_walk(seed, T) + 1000.0)
    bs = P.bsadf(s, log=True)
    bf = P.badf(s, log=True)
    assert (bs.index == bf.index).all()
    assert np.all(bs.to_numpy() >= bf.to_numpy() - 1e-12)  # BSADF includes the forward window
    assert P.gsadf(s) >= P.sadf(s) - 1e-12
    assert P.sadf(s) == pytest.approx(bf.max())


def test_default_window_and_alignment():
    T = 200
    s = pd.Series(_walk(3, T) + 50, index=pd.date_range("2001-01-31", periods=T, freq="ME"))
    w = P.default_min_window(T)
    assert w == int(np.floor((0.01 + 1.8 / np.sqrt(T)) * T)) == 27
    ex = P.bsadf(s, log=False)
    pm = P.bsadf(s, log=False, convention="psymonitor")
    assert ex.index[0] == s.index[w]  # exuber: first value at observation rows + lag (0-based)
    assert pm.index[0] == s.index[w - 1]  # psymonitor: window of w levels ends at observation w-1
    lagged = P.bsadf(s, log=False, lag=2)
    assert lagged.index[0] == s.index[w + 2]


def test_explosive_episode_detected_and_dated():
    T = 160
    x = _walk(5, T, explosive_at=120)
    s = pd.Series(np.exp(x / 20), index=pd.date_range("2010-01-31", periods=T, freq="ME"))
    r = P.psy(s, cv="mc", reps=100, seed=1)
    assert len(r.episodes) >= 1
    last = r.episodes.iloc[-1]
    assert s.index[118] <= last["start"] <= s.index[135]
    assert bool(last["ongoing"]) and pd.isna(last["end"])
    fr = r.to_frame()
    assert fr["in_bubble"].iloc[-1]
    d = r.to_dict()
    assert d["cv_method"] == "mc" and d["critical_values_params"]["reps"] == 100
    import json

    json.dumps(d, allow_nan=False)
    fig = r.plot()
    assert len(fig.data) == 3
    assert "GSADF" in r.summary()


def test_stamp_rules():
    stat = np.array([0, 2, 0, 0, 0, 2, 2, 2, 2, 0, 2, 2], dtype=float)
    cv = np.ones_like(stat)
    cross = stamp(stat, cv, 2, "crossing")
    assert [(s.start, s.end) for s in cross] == [(5, 9), (10, None)]
    assert [(s.start, s.end) for s in stamp(stat, cv, 0, "crossing")] == [(1, 2), (5, 9), (10, None)]
    # PSY rule: the end is searched only from start + min_duration on
    psy = stamp(stat, cv, 3, "psy")
    assert [(s.start, s.end) for s in psy] == [(1, 4), (5, 9), (10, None)]
    # equal to the critical value is neither above nor below
    assert stamp(np.array([2.0, 1.0, 1.0, 0.0]), np.ones(4), 1, "psy")[0].end == 3


@pytest.mark.parametrize("T", [700, 2300])
def test_lane_kernel_equals_by_start_kernel(T):
    """The blocked lag-0 kernel (long series) agrees with the by-start kernel, incl. BADF."""
    from bubblescope.detect import _psy_kernels as K

    x = _walk(T, T) + 50.0
    m = P.default_min_window(T)
    nout = T - 1 - m + 1
    out = [np.empty(nout) for _ in range(4)]
    bad = [np.full(2, -1, dtype=np.int64) for _ in range(2)]
    K._lag0_fast(x, m, True, out[0], out[1], bad[0])
    K._lag0_bystart(x, m, True, out[2], out[3], bad[1])
    np.testing.assert_allclose(out[0], out[2], atol=1e-10, rtol=0)
    np.testing.assert_allclose(out[1], out[3], atol=1e-10, rtol=0)
    assert bad[0][0] == bad[1][0] == -1


def test_singular_window_located_on_long_series():
    x = _walk(9, 900) + 50.0
    x[500:700] = x[500]
    with pytest.raises(InputError, match="singular in the window"):
        P.bsadf(pd.Series(x), log=False)
