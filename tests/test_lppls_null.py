"""LPPLS confidence against a block-bootstrap null (issue 17, point 4) and its verdict signal."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect import lppls as L
from bubblescope.detect._lppls_null import bootstrap_paths, p_values
from bubblescope.errors import InputError
from bubblescope.signals import Signal
from test_lppls import lppls_series  # same folder (pytest puts tests/ on sys.path)

SMALL = (60, 50, 40)


@pytest.fixture(scope="module")
def bubble() -> pd.Series:
    s, _ = lppls_series(200, 12, 0.5, 8.0, -0.02, 0.001, 0.003, seed=1)
    return s.rename("SYNTH")


def test_bootstrap_paths_resample_the_returns() -> None:
    rng = np.random.default_rng(0)
    y = np.cumsum(rng.normal(0.001, 0.01, 500))
    spec = L.NullSpec(n_paths=30, block=10, seed=4)
    p = bootstrap_paths(y, 120, spec)
    assert p.shape == (30, 120) and np.all(p[:, 0] == y[0])
    r = np.diff(y)
    steps = np.diff(p, axis=1)
    assert np.isin(np.round(steps, 12), np.round(r, 12)).all()  # every step is one of the series' returns
    np.testing.assert_array_equal(p, bootstrap_paths(y, 120, spec))  # seeded
    assert not np.array_equal(p, bootstrap_paths(y, 120, spec, stream=1))  # another stream, other paths
    # consecutive steps mostly continue a block (mean block 10): step k+1 is the return after step k
    nxt = {float(np.round(r[i], 12)): float(np.round(r[(i + 1) % r.size], 12)) for i in range(r.size)}
    cont = np.mean([nxt[float(np.round(a, 12))] == float(np.round(b, 12))
                    for a, b in zip(steps[:, :-1].ravel(), steps[:, 1:].ravel(), strict=True)])
    assert 0.8 <= cont <= 0.97  # expected 1 − 1/10 plus chance restarts
    with pytest.raises(InputError, match="twice the block length"):
        bootstrap_paths(y[:15], 10, spec)


def test_p_values_formula() -> None:
    null = np.array([0.0, 0.0, 0.1, 0.2, 0.5])
    np.testing.assert_allclose(p_values(np.array([0.0, 0.15, 0.5, 0.9, np.nan]), null),
                               [1.0, 3 / 6, 2 / 6, 1 / 6, np.nan])


def test_null_spec_validation() -> None:
    for bad in ({"n_paths": 5}, {"block": 0}, {"level": 1.0}, {"seed": -1}):
        with pytest.raises(InputError, match="LPPLS null"):
            L.NullSpec(**bad)


def test_indicators_with_null(bubble: pd.Series) -> None:
    spec = L.NullSpec(n_paths=20, block=5, seed=0)
    ind = L.indicators(bubble, start=bubble.index[-2], windows=SMALL, n_resamples=0, null=spec)
    assert ind.null_values is not None and len(ind.null_values) == 20
    assert ind.null_q95 == pytest.approx(np.quantile(ind.null_values, 0.95))
    expect = p_values(ind.frame["pos_conf"].to_numpy(), ind.null_values)
    np.testing.assert_allclose(ind.frame["p_value"], expect)
    d = ind.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["null_q95"] == ind.null_q95 and d["p_value"] == pytest.approx(expect[-1])
    assert "95% null quantile" in ind.summary()
    plain = L.indicators(bubble, start=bubble.index[-2], windows=SMALL, n_resamples=0)
    assert plain.frame["p_value"].isna().all() and plain.to_dict()["null_q95"] is None
    np.testing.assert_array_equal(plain.frame["pos_conf"], ind.frame["pos_conf"])  # the null changes no reading


def test_cached_null_matches_indicators_and_reads_from_disk(bubble: pd.Series, tmp_path, monkeypatch) -> None:
    from bubblescope.detect import lppls_cache as LC

    spec = L.NullSpec(n_paths=20, block=5, seed=3)
    ind = L.indicators(bubble, start=bubble.index[-1], windows=SMALL, n_resamples=0, null=spec)
    got = LC.cached_null(bubble, list(SMALL), spec, cache=tmp_path)
    np.testing.assert_array_equal(got, ind.null_values)
    assert len(list(tmp_path.glob("*.npz"))) == 1

    def boom(*a, **k):
        raise AssertionError("recomputed although cached")

    monkeypatch.setattr(LC, "null_distribution", boom)
    np.testing.assert_array_equal(LC.cached_null(bubble, list(SMALL), spec, cache=tmp_path), got)
    with pytest.raises(AssertionError):  # another seed is another key
        LC.cached_null(bubble, list(SMALL), L.NullSpec(n_paths=20, block=5, seed=4), cache=tmp_path)


def test_signal_counts_only_above_the_null(bubble: pd.Series) -> None:
    plain = L.indicators(bubble, start=bubble.index[-1], windows=SMALL, n_resamples=0)
    (sig,) = plain.to_signals()
    assert isinstance(sig, Signal) and sig.name == "lppls:SYNTH" and not sig.available and sig.bubble is None
    ind = L.indicators(bubble, start=bubble.index[-1], windows=SMALL, n_resamples=0,
                       null=L.NullSpec(n_paths=20, block=5))
    (sig,) = ind.to_signals()
    conf = float(ind.frame["pos_conf"].iloc[-1])
    assert sig.family == "market_tests" and sig.available and sig.value == conf
    assert sig.bubble == (1.0 if conf > ind.null_q95 else 0.0)
    assert sig.as_of == str(bubble.index[-1].date())
    # a null that every reading exceeds / none does
    lo = type(ind)(**{**ind.__dict__, "null_q95": -1.0})
    hi = type(ind)(**{**ind.__dict__, "null_q95": 2.0})
    assert lo.to_signals()[0].bubble == 1.0 and hi.to_signals()[0].bubble == 0.0
    assert "above the 95% null quantile" in lo.to_signals()[0].reading
    assert "not above" in hi.to_signals()[0].reading


def test_cli_null_paths(cli, tmp_path, bubble: pd.Series) -> None:
    path = tmp_path / "b.csv"
    pd.DataFrame({"date": bubble.index.strftime("%Y-%m-%d"), "close": bubble.to_numpy()}).to_csv(path, index=False)
    r = cli("lppls", str(path), "--null-paths", "30")
    assert r.code == 2 and "--null-paths needs --indicators" in r.err
    r = cli("lppls", str(path), "--indicators", "--null-paths", "5")
    assert r.code == 2 and "at least 20 paths" in r.err


# ------------------------------------------------------------------ FCO time scales (point 5, scales only)


def test_multiscale_scales_windows_and_equivalence() -> None:
    s, _ = lppls_series(800, 20, 0.5, 8.0, -0.02, 0.001, 0.003, seed=2)
    ms = L.multiscale(s, start=s.index[-2], step=25)
    assert set(ms.runs) == {"super_short", "short", "medium", "long"} - set(ms.skipped)
    assert ms.skipped == ("long",)  # 800 points < 1 460-day windows
    assert [min(ms.runs["short"].windows), max(ms.runs["short"].windows)] == [40, 365]
    assert max(ms.runs["medium"].windows) <= 730 and min(ms.runs["medium"].windows) == 365
    direct = L.indicators(s, start=s.index[-2], windows=range(365, 731, 25), n_resamples=0)
    np.testing.assert_array_equal(ms.frame["medium_pos_conf"], direct.frame["pos_conf"])
    assert list(ms.frame.index) == list(s.index[-2:])
    d = ms.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["skipped"] == ["long"] and "medium" in ms.summary() and len(ms.plot().data) == 2 * len(ms.runs)
    with pytest.raises(InputError, match="step"):
        L.multiscale(s, step=0)
