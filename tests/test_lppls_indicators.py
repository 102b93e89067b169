"""LPPLS indicators: semantics, reproducibility across workers, bad input and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bubblescope.detect import lppls as L
from bubblescope.errors import InputError
from test_lppls import lppls_series  # same folder (pytest puts tests/ on sys.path)

SMALL = (120, 100, 80, 60)  # small window grid keeps these tests fast


@pytest.fixture(scope="module")
def bubble() -> pd.Series:
    """A clear synthetic positive bubble: tc 5 trading days after the end, damping 1.5."""
    s, _ = lppls_series(200, 5, 0.6, 8.0, -0.01, 0.0005, 0.003, seed=5)
    return s


@pytest.fixture(scope="module")
def ind(bubble: pd.Series) -> L.LPPLSIndicators:
    return L.indicators(bubble, start=bubble.index[-4], windows=SMALL, n_resamples=10, seed=3)


def test_frame_columns_and_counts(ind: L.LPPLSIndicators) -> None:
    f = ind.to_frame()
    assert list(f.columns) == list(L._FRAME_COLUMNS)
    assert len(f) == 4 and (f["n_windows"] == 4).all() and (f["n_fitted"] == 4).all()
    assert np.allclose(f["pos_conf"], f["n_pos"] / f["n_windows"])
    assert np.allclose(f["neg_conf"], f["n_neg"] / f["n_windows"])
    assert f[["pos_conf", "neg_conf", "pos_trust", "neg_trust"]].apply(lambda c: c.between(0, 1)).all().all()
    q = f.dropna(subset=["tc_median"])
    assert (q["tc_q10"] <= q["tc_median"]).all() and (q["tc_median"] <= q["tc_q90"]).all()
    assert len(ind.fits) == 4 * len(SMALL)


def test_confidence_matches_filter_on_fits(ind: L.LPPLSIndicators) -> None:
    """Confidence recomputed by hand from the per-window fits and the filter conditions."""
    fits = ind.fits
    c = ind.filters.confidence
    tc_rel = fits["tc_days"] / (fits["window"] - 1)
    ok = (
        fits["m"].between(*c["m"]) & fits["omega"].between(*c["omega"]) & tc_rel.between(*c["tc"])
        & (fits["oscillations"] >= c["oscillations_min"]) & (fits["damping"] >= c["damping_min"])
        & (fits["rel_error"] <= c["rel_error_max"])
    )
    assert (ok == fits["qualified"]).all()
    pos = (ok & (fits["B"] < 0)).groupby(fits["t2"]).sum() / fits.groupby("t2").size()
    assert np.allclose(pos.to_numpy(), ind.frame["pos_conf"].to_numpy())


def test_strong_bubble_is_detected_with_trust(ind: L.LPPLSIndicators) -> None:
    f = ind.to_frame()
    assert f["pos_conf"].iloc[-1] >= 0.5
    assert f["neg_conf"].max() == 0.0
    assert f["pos_trust"].iloc[-1] > 0.5
    assert (f["tc_median"] > f.index).all()


def test_same_seed_same_result_and_no_trust_when_zero_resamples(bubble: pd.Series) -> None:
    a = L.indicators(bubble, start=bubble.index[-2], windows=SMALL, n_resamples=5, seed=11)
    b = L.indicators(bubble, start=bubble.index[-2], windows=SMALL, n_resamples=5, seed=11)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    pd.testing.assert_frame_equal(a.fits, b.fits)
    c = L.indicators(bubble, start=bubble.index[-2], windows=SMALL, n_resamples=0)
    assert c.frame["pos_trust"].isna().all() and c.frame["neg_trust"].isna().all()


def test_one_and_two_workers_identical(bubble: pd.Series) -> None:
    kw = dict(start=bubble.index[-6], windows=(100, 80, 60), n_resamples=4, seed=2)
    seen: list[tuple[int, int]] = []
    one = L.indicators(bubble, workers=1, progress=lambda d, t: seen.append((d, t)), **kw)
    two = L.indicators(bubble, workers=2, **kw)
    pd.testing.assert_frame_equal(one.frame, two.frame, check_exact=True)
    pd.testing.assert_frame_equal(one.fits, two.fits, check_exact=True)
    assert seen[-1] == (6, 6) and len(seen) == 6


def test_short_history_skips_long_windows(bubble: pd.Series) -> None:
    r = L.indicators(bubble, start=bubble.index[79], end=bubble.index[79], windows=SMALL, n_resamples=0)
    assert r.frame["n_windows"].iloc[0] == 2  # only the 80- and 60-day windows fit in 80 observations


def test_flat_stretch_is_no_fit_not_zeros() -> None:
    rng = np.random.default_rng(0)
    v = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, 150)))
    v[-70:] = v[-70]  # the last 70 prices are constant
    s = pd.Series(v, index=pd.bdate_range("2015-01-01", periods=150))
    r = L.indicators(s, start=s.index[-1], windows=(120, 60), n_resamples=3)
    fits = r.fits.set_index("window")
    assert r.frame["n_windows"].iloc[0] == 2 and r.frame["n_fitted"].iloc[0] == 1
    assert fits.loc[60, ["tc_days", "m", "omega", "B", "sse"]].isna().all()
    assert not bool(fits.loc[60, "qualified"])
    assert r.frame["pos_conf"].iloc[0] + r.frame["neg_conf"].iloc[0] <= 0.5


# ------------------------------------------------------------------------------- bad input


def test_indicator_bad_inputs(bubble: pd.Series) -> None:
    with pytest.raises(InputError, match="first usable date"):
        L.indicators(bubble, start=bubble.index[10], windows=SMALL)
    with pytest.raises(InputError, match="need at least 300"):
        L.indicators(bubble, windows=(300,))
    with pytest.raises(InputError, match="seed"):
        L.indicators(bubble, windows=SMALL, seed=-3)
    with pytest.raises(InputError, match="below the minimum"):
        L.indicators(bubble, windows=(10,))
    with pytest.raises(InputError, match="no observations between"):
        L.indicators(bubble, start="2030-01-01", windows=SMALL)
    with pytest.raises(InputError, match="neither a shipped set"):
        L.indicators(bubble, windows=SMALL, filters="fco-2099")
    bad = bubble.copy()
    bad.iloc[150] = -1.0
    with pytest.raises(InputError, match="non-positive"):
        L.indicators(bad, windows=SMALL)
    bad.iloc[150] = np.nan
    with pytest.raises(InputError, match="NaN"):
        L.indicators(bad, windows=SMALL)
    with pytest.raises(InputError, match="not sorted"):
        L.indicators(bubble.iloc[::-1], windows=SMALL)


def test_indicator_result_object(ind: L.LPPLSIndicators) -> None:
    d = ind.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["filters"]["name"] == "sornette2015" and len(d["indicators"]) == 4
    assert "positive confidence" in ind.summary()
    fig = ind.plot()
    assert len(fig.data) >= 3


def test_filimonov_filter_changes_qualification(bubble: pd.Series) -> None:
    a = L.indicators(bubble, start=bubble.index[-1], windows=SMALL, n_resamples=0, filters="filimonov2013")
    fits = a.fits
    expect = fits["m"].between(0.1, 0.9) & fits["omega"].between(6, 13)
    assert (fits["qualified"] == expect).all()


# ------------------------------------------------------------------------------- CLI


def _write_csv(path, s: pd.Series) -> str:
    pd.DataFrame({"date": s.index.strftime("%Y-%m-%d"), "close": s.to_numpy()}).to_csv(path, index=False)
    return str(path)


def test_cli_fit_json_and_plot(cli, tmp_path, bubble: pd.Series) -> None:
    csv = _write_csv(tmp_path / "b.csv", bubble)
    r = cli("lppls", csv, "--json", "--plot", tmp_path / "fit.html")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["bubble"] == "positive" and d["n"] == 200
    assert (tmp_path / "fit.html").stat().st_size > 10_000
    r = cli("lppls", csv, "--start", str(bubble.index[50].date()))
    assert r.code == 0 and "tc (date)" in r.out


def test_cli_indicators(cli, tmp_path, bubble: pd.Series) -> None:
    csv = _write_csv(tmp_path / "b.csv", bubble)
    # Default FCO windows: with 199 / 200 points up to t2, the 125…195 / 125…200-day windows run.
    r = cli("lppls", csv, "--indicators", "--start", str(bubble.index[-2].date()), "--resamples", "0", "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert len(d["indicators"]) == 2 and [r["n_windows"] for r in d["indicators"]] == [15, 16]
    r = cli("lppls", csv, "--indicators", "--start", str(bubble.index[-1].date()), "--resamples", "2",
            "--plot", tmp_path / "ind.html")
    assert r.code == 0, r
    assert "conf+" in r.out and (tmp_path / "ind.html").exists()


def test_cli_bad_inputs(cli, tmp_path, bubble: pd.Series) -> None:
    neg = bubble.copy()
    neg.iloc[3] = -5.0
    r = cli("lppls", _write_csv(tmp_path / "neg.csv", neg))
    assert r.code == 2 and "non-positive price" in r.err and "Traceback" not in r.err
    r = cli("lppls", _write_csv(tmp_path / "few.csv", bubble.iloc[:10]))
    assert r.code == 2 and "need at least" in r.err
    flat = pd.Series(np.full(40, 3.0), index=pd.bdate_range("2020-01-01", periods=40))
    r = cli("lppls", _write_csv(tmp_path / "flat.csv", flat))
    assert r.code == 2 and "no valid fit" in r.err
    ok = _write_csv(tmp_path / "b.csv", bubble)
    r = cli("lppls", ok, "--filters", "nonexistent")
    assert r.code == 2 and "neither a shipped set" in r.err
    r = cli("lppls", ok, "--time", "weeks")
    assert r.code == 2 and "--time" in r.err
    r = cli("lppls", ok, "--indicators", "--start", str(bubble.index[5].date()))
    assert r.code == 2 and "first usable date" in r.err


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), drift=st.floats(-0.005, 0.005))
def test_property_indicator_invariants(seed: int, drift: float) -> None:
    """On random walks: shares in [0, 1], counts nested, qualified fits carry finite parameters."""
    rng = np.random.default_rng(seed)
    s = pd.Series(50 * np.exp(np.cumsum(rng.normal(drift, 0.015, 90))), index=pd.bdate_range("2012-01-02", periods=90))
    r = L.indicators(s, start=s.index[-2], windows=(80, 60, 40), n_resamples=3, seed=seed % 1000)
    f = r.frame
    assert ((f["pos_conf"] >= 0) & (f["pos_conf"] + f["neg_conf"] <= 1)).all()
    assert ((f["n_pos"] + f["n_neg"] <= f["n_fitted"]) & (f["n_fitted"] <= f["n_windows"])).all()
    q = r.fits[r.fits["qualified"]]
    assert np.isfinite(q[["tc_days", "m", "omega", "B", "sse"]].to_numpy()).all()
    assert (r.fits["tc_days"].dropna() > 0).all()  # tc is always after the window end
