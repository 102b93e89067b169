"""Critical values: seeding, the wild bootstrap's design (catching the peers' known bugs), the disk cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect import cvcache
from bubblescope.detect import psy as P
from bubblescope.detect._psy_cv import fit_null_ar
from bubblescope.errors import InputError


def _rw(T: int, seed: int, ar: float = 0.0) -> pd.Series:
    rng = np.random.default_rng(seed)
    e = rng.standard_normal(T)
    dx = np.empty(T)
    dx[0] = e[0]
    for t in range(1, T):
        dx[t] = ar * dx[t - 1] + e[t]
    return pd.Series(100.0 + np.cumsum(dx), index=pd.date_range("2000-01-31", periods=T, freq="ME"))


def test_mc_seeded_bit_identical_and_chunking_invariant():
    a = P.critical_values_mc(80, reps=40, seed=11)
    b = P.critical_values_mc(80, reps=40, seed=11, chunk=7)
    c = P.critical_values_mc(80, reps=40, seed=12)
    for name in ("bsadf", "sadf_running", "badf"):
        assert np.array_equal(getattr(a, name).to_numpy(), getattr(b, name).to_numpy())
    assert np.array_equal(a.gsadf.to_numpy(), b.gsadf.to_numpy())
    assert not np.array_equal(a.bsadf.to_numpy(), c.bsadf.to_numpy())


def test_mc_sequences_are_labelled_and_differ():
    cvs = P.critical_values_mc(120, reps=200, seed=3)
    assert list(cvs.bsadf.columns) == [0.9, 0.95, 0.99]
    # running SADF quantiles are non-decreasing in time by construction; BSADF quantiles are not the same
    run = cvs.sadf_running[0.95].to_numpy()
    assert np.all(np.diff(run) >= -1e-12)
    assert not np.allclose(run, cvs.bsadf[0.95].to_numpy())
    assert cvs.gsadf[0.95] >= cvs.sadf[0.95]


def test_wild_seeded_bit_identical():
    s = _rw(150, 1)
    a = P.wild_bootstrap_cv(s, reps=30, seed=5, horizon=12)
    b = P.wild_bootstrap_cv(s, reps=30, seed=5, horizon=12, chunk=4)
    assert np.array_equal(a.distribution, b.distribution)
    assert np.array_equal(a.quantiles.to_numpy(), b.quantiles.to_numpy())


@pytest.mark.parametrize("multiplier", ["rademacher", "normal"])
def test_wild_fresh_multiplier_per_observation(multiplier):
    """psymonitor's bug: one random draw reused for every observation and replication."""
    s = _rw(150, 2)
    cvs = P.wild_bootstrap_cv(s, reps=20, seed=1, horizon=12, multiplier=multiplier, return_paths=True)
    _idx, w = cvs.draws
    for row in w:
        if multiplier == "rademacher":
            assert set(np.unique(row)) == {-1.0, 1.0}
        else:
            assert np.unique(row).size == row.size
    assert not np.array_equal(w[0], w[1])


def test_wild_residuals_drawn_from_whole_sample():
    """exuber's bug: residual indices drawn only among the first T_b residuals."""
    s = _rw(400, 3)
    cvs = P.wild_bootstrap_cv(s, reps=50, seed=2, horizon=10, return_paths=True)
    idx, _ = cvs.draws
    n_resid = 400 - 1  # lag 0: one residual per difference
    Tb = cvs.params["Tb"]
    assert Tb < 100
    frac_late = np.mean(idx >= Tb)
    assert frac_late == pytest.approx((n_resid - Tb) / n_resid, abs=0.05)
    assert idx.max() > n_resid - 20


def test_wild_uses_statistic_lag_in_null_model_and_statistic():
    """exuber's bug: the bootstrap statistic is always computed with lag 0."""
    s = _rw(200, 4, ar=0.5)
    lag = 2
    cvs = P.wild_bootstrap_cv(s, lag=lag, reps=15, seed=3, horizon=8, log=False, return_paths=True)
    assert cvs.params["null_lag"] == lag and len(cvs.params["gamma"]) == lag
    gamma, resid = fit_null_ar(s.to_numpy(), lag)
    np.testing.assert_allclose(cvs.params["gamma"], gamma)
    assert gamma[0] == pytest.approx(0.5, abs=0.2)  # the AR structure is estimated, not discarded
    paths = cvs.paths
    idx, w = cvs.draws
    # the paths follow the fitted AR(lag) null exactly
    d = np.diff(paths, axis=1)
    for r in range(paths.shape[0]):
        for t in range(lag, d.shape[1]):
            pred = sum(gamma[j] * d[r, t - 1 - j] for j in range(lag))
            assert d[r, t] - pred == pytest.approx(w[r, t - lag] * resid[idx[r, t - lag]], abs=1e-9)
    rows = cvs.params["rows"]
    with_lag = [P.gsadf(pd.Series(p), min_window=rows, lag=lag, log=False) for p in paths]
    np.testing.assert_allclose(cvs.distribution, with_lag, rtol=0, atol=1e-12)
    lag0 = [P.gsadf(pd.Series(p[lag:]), min_window=rows, lag=0, log=False) for p in paths]
    assert not np.allclose(cvs.distribution, lag0)


def test_wild_horizon_sets_bootstrap_length():
    s = _rw(300, 5)
    cvs = P.wild_bootstrap_cv(s, min_window=40, reps=10, seed=0, horizon=24, log=False)
    assert cvs.params["Tb"] == 40 + 0 + 24  # rows + lag + horizon, so BSADF* has `horizon` values


def test_cache_second_call_reads_file(tmp_path, monkeypatch):
    calls = []
    real = cvcache.critical_values_mc

    def spy(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(cvcache, "critical_values_mc", spy)
    a = cvcache.cached_critical_values_mc(90, reps=20, seed=1, directory=tmp_path)
    b = cvcache.cached_critical_values_mc(90, reps=20, seed=1, directory=tmp_path)
    assert len(calls) == 1
    assert np.array_equal(a.bsadf.to_numpy(), b.bsadf.to_numpy())
    assert np.array_equal(a.gsadf.to_numpy(), b.gsadf.to_numpy())
    cvcache.cached_critical_values_mc(90, reps=20, seed=2, directory=tmp_path)
    cvcache.cached_critical_values_mc(90, reps=20, seed=1, lag=1, directory=tmp_path)
    assert len(calls) == 3
    assert len(list(tmp_path.glob("*.npz"))) == 3
    assert not list(tmp_path.glob("*.tmp"))  # atomic writes leave no temp files


def test_cache_env_dir_and_corrupt_file_recomputed(tmp_path, monkeypatch):
    monkeypatch.setenv("BUBBLESCOPE_CACHE_DIR", str(tmp_path))
    a = cvcache.cached_critical_values_mc(70, reps=10, seed=1)
    files = list((tmp_path / "psy-cv").glob("*.npz"))
    assert len(files) == 1
    files[0].write_bytes(b"garbage")
    b = cvcache.cached_critical_values_mc(70, reps=10, seed=1)
    assert np.array_equal(a.bsadf.to_numpy(), b.bsadf.to_numpy())


def test_cached_wild_keyed_by_series(tmp_path):
    s = _rw(120, 6)
    a = cvcache.cached_wild_bootstrap_cv(s, reps=10, seed=1, horizon=6, directory=tmp_path)
    b = cvcache.cached_wild_bootstrap_cv(s, reps=10, seed=1, horizon=6, directory=tmp_path)
    assert np.array_equal(a.distribution, b.distribution)
    cvcache.cached_wild_bootstrap_cv(s * 1.01 + np.arange(120) * 0.01, reps=10, seed=1, horizon=6,
                                     directory=tmp_path)
    assert len(list(tmp_path.glob("wild-*.npz"))) == 2


def test_psy_uses_given_table_and_rejects_mismatch():
    s = _rw(100, 7)
    cvs = P.critical_values_mc(100, reps=20, seed=1)
    r = P.psy(s, cv="mc", lag=0, critical_values=cvs)
    np.testing.assert_array_equal(r.cv.to_numpy(), cvs.bsadf[0.95].to_numpy())
    assert r.cv.name.startswith("Monte Carlo, per-date quantile of BSADF")
    r2 = P.psy(s, cv="mc-sadf", lag=0, critical_values=cvs)
    np.testing.assert_array_equal(r2.cv.to_numpy(), cvs.sadf_running[0.95].to_numpy())
    with pytest.raises(InputError, match="computed for"):
        P.psy(s.iloc[:90], cv="mc", lag=0, critical_values=cvs)
    # the default lag choice (BIC) uses the lag-0 table, aligned on the dates of its statistic
    r3 = P.psy(s, cv="mc", critical_values=cvs)
    pmax = r3.params["max_lag"]
    assert pmax >= 1 and r3.spec.criterion == "bic"
    np.testing.assert_array_equal(r3.cv.to_numpy(), cvs.bsadf[0.95].to_numpy()[pmax:])
    with pytest.raises(InputError, match="'mc' but cv='wild'"):
        P.psy(s, cv="wild", critical_values=cvs)


@pytest.mark.slow
def test_two_mc_sequences_differ_materially_psy_setting():
    """T=1680, window 36: the last-date 95% values of the two MC sequences (see docs/psy.md)."""
    cvs = P.critical_values_mc(1680, min_window=36, reps=2000, seed=0)
    last_bsadf = cvs.bsadf[0.95].iloc[-1]
    last_sadf = cvs.sadf_running[0.95].iloc[-1]
    assert abs(last_bsadf - last_sadf) > 0.5
