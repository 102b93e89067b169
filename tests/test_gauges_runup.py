"""GSY run-up test and GMO trend deviation: real episodes, a brute-force reference, properties, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.errors import InputError
from bubblescope.gauges import gmo_trend_deviation, gsy_runup
from bubblescope.gauges.runup import CRASH_FREQUENCIES, _expanding_ols_sigma, crash_frequency
from test_gauges_data import series, shiller_frame


@pytest.fixture(scope="module")
def shiller(shared_data):
    return shiller_frame(shared_data)


@pytest.fixture(scope="module")
def sp500(shared_data):
    return series(shared_data, "prices/yfinance_whan1569/indices/SP500_1d.csv")


# ----------------------------------------------------------------------------------------------- GMO

def test_gmo_flags_1929_2000_2021_not_2007(shiller):
    r = gmo_trend_deviation(shiller["real_price"], name="S&P Composite real")
    assert r.max_between("1929-01", "1929-12") >= 2.0
    assert r.max_between("1999-01", "2000-12") >= 2.5  # the dot-com super-bubble
    assert r.max_between("2021-01", "2021-12") >= 2.0
    assert r.max_between("2007-01", "2007-12") < 2.0  # 2007 was a housing, not an equity, bubble
    assert r.max_between("1937-01", "1937-12") < 2.0
    labels = {(e["start"].year, e["level"]) for e in r.events}
    assert (1929, "bubble") in labels
    assert any(e["level"] == "super-bubble" and e["peak_date"].year in (1999, 2000) for e in r.events)


def test_gmo_nominal_price_deflated_by_cpi_matches_real_price(shiller):
    a = gmo_trend_deviation(shiller["real_price"])
    b = gmo_trend_deviation(shiller["price"], cpi=shiller["cpi"])
    # Shiller's real price is price x (latest CPI / CPI): a constant factor, invisible to a log-linear trend
    common = a.sigma.index.intersection(b.sigma.index)
    assert np.allclose(a.sigma.loc[common], b.sigma.loc[common], atol=1e-6)
    assert b.real


def test_expanding_closed_form_equals_refitting_ols(shiller):
    y = np.log(shiller["real_price"].dropna().to_numpy())
    z = _expanding_ols_sigma(y, 240)
    for i in (239, 700, 1547, len(y) - 1):
        t = np.arange(i + 1)
        b, a = np.polyfit(t, y[: i + 1], 1)
        res = y[: i + 1] - (a + b * t)
        assert z[i] == pytest.approx(res[-1] / res.std(ddof=1), rel=1e-7)
    assert np.isnan(z[:239]).all()


def test_gmo_full_trend_option(shiller):
    r = gmo_trend_deviation(shiller["real_price"], trend="full")
    assert r.trend == "full"
    assert abs(r.sigma.mean()) < 1e-8  # OLS residuals average zero over the fit


@settings(max_examples=30, deadline=None)
@given(st.floats(0.01, 100.0), st.floats(-0.01, 0.01), st.integers(0, 2**32 - 1))
def test_gmo_invariant_to_scale_and_log_linear_growth(scale, growth, seed):
    rng = np.random.default_rng(seed)
    n = 300
    idx = pd.date_range("1950-01-01", periods=n, freq="MS")
    logp = np.cumsum(rng.normal(0.005, 0.04, n))
    base = gmo_trend_deviation(pd.Series(np.exp(logp), index=idx), min_years=10)
    moved = gmo_trend_deviation(pd.Series(scale * np.exp(logp + growth * np.arange(n)), index=idx), min_years=10)
    assert np.allclose(base.sigma.to_numpy(), moved.sigma.to_numpy(), atol=1e-6)


def test_gmo_result_shapes(shiller):
    import json

    r = gmo_trend_deviation(shiller["real_price"])
    assert set(r.to_frame().columns) == {"sigma", "level"}
    json.dumps(r.to_dict(), allow_nan=False)
    assert "sigma" in r.summary()
    assert len(r.plot().data) == 1


def test_gmo_bad_input():
    idx = pd.date_range("2000-01-01", periods=100, freq="MS")
    with pytest.raises(InputError, match="at least 20 years"):
        gmo_trend_deviation(pd.Series(np.arange(1.0, 101.0), index=idx))
    with pytest.raises(InputError, match="positive"):
        gmo_trend_deviation(pd.Series(np.r_[-1.0, np.ones(99)], index=idx))
    with pytest.raises(InputError, match="trend"):
        gmo_trend_deviation(pd.Series(np.ones(100), index=idx), trend="hp")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="DatetimeIndex"):
        gmo_trend_deviation(pd.Series(np.ones(300)))
    with pytest.raises(InputError, match="bubble_sigma"):
        gmo_trend_deviation(pd.Series(np.ones(300), index=pd.date_range("1950", periods=300, freq="MS")),
                            bubble_sigma=3, super_sigma=2)


# ----------------------------------------------------------------------------------------------- GSY

def test_gsy_flags_nasdaq_in_1999_2000(shared_data, sp500):
    ixic = series(shared_data, "prices/yfinance_whan1569/indices/NASDAQ_Composite_1d.csv")
    r = gsy_runup(ixic, sp500, name="Nasdaq Composite")
    assert r.flagged_between("1999-01", "2000-12")
    assert r.raw_2y.loc["2000-02-01"] > 100 and r.net_2y.loc["2000-02-01"] > 100
    dotcom = [e for e in r.episodes if e.start.year in (1999, 2000)]
    assert dotcom and all(e.crashed_40pct_within_2y for e in dotcom)  # the Nasdaq fell ~78% from 2000
    assert not r.flagged_between("1985-01", "1998-12")


def test_gsy_flags_nvidia_in_2023_2024(shared_data, sp500):
    nvda = series(shared_data, "prices/close_adj_dsturdy/NVDA.csv")
    spx = series(shared_data, "prices/close_batsco/spx.csv")
    r = gsy_runup(nvda, spx, name="NVDA")
    assert r.flagged_between("2023-01", "2023-12")
    assert r.flagged_between("2024-01", "2024-12")
    assert r.raw_2y.loc["2024-06-01"] > 300
    # the 2020-22 run-up was followed by the 2022 fall of more than 40 %
    e2021 = next(e for e in r.episodes if e.start.year in (2020, 2021))
    assert e2021.crashed_40pct_within_2y is True
    assert isinstance(r.characteristics["volatility_ann_pct"], float)
    assert "not available" in r.characteristics["turnover"]


def test_gsy_does_not_flag_the_market_itself(sp500):
    r = gsy_runup(sp500, sp500, name="S&P 500")
    assert not r.flagged
    assert (r.net_2y.abs() < 1e-9).all()


def test_gsy_threshold_arithmetic_and_5y_option():
    idx = pd.date_range("2000-01-31", periods=61, freq="ME")
    p = pd.Series(np.r_[np.full(36, 10.0), np.linspace(10.0, 20.0, 25)], index=idx)  # doubles over 24 months
    r = gsy_runup(p)
    assert r.raw_2y.iloc[-1] == pytest.approx(100.0)
    assert r.latest["flag"] and r.latest["net_2y_pct"] is None
    r5 = gsy_runup(p, threshold_5y=150.0)
    assert not r5.latest["flag"]  # 5-year return is also 100 % < 150 %
    assert r.episodes[-1].crashed_40pct_within_2y is None  # outcome pending


def test_gsy_result_shapes_and_citations(sp500):
    import json

    r = gsy_runup(sp500, name="S&P 500")
    json.dumps(r.to_dict(), allow_nan=False)
    assert {"raw_2y_pct", "raw_5y_pct", "flag"} <= set(r.to_frame().columns)
    assert "nber.org/papers/w23191" in r.citation
    assert all(c["source"] for c in CRASH_FREQUENCIES)
    assert len(r.plot().data) == 1


def test_gsy_bad_input():
    idx = pd.date_range("2000-01-31", periods=10, freq="ME")
    with pytest.raises(InputError, match="at least 25 months"):
        gsy_runup(pd.Series(np.ones(10), index=idx))
    with pytest.raises(InputError, match="positive"):
        gsy_runup(pd.Series(np.r_[0.0, np.ones(40)], index=pd.date_range("2000", periods=41, freq="MS")))
    with pytest.raises(InputError, match="threshold_2y"):
        gsy_runup(pd.Series(np.ones(40), index=pd.date_range("2000", periods=40, freq="MS")), threshold_2y=0)
    with pytest.raises(InputError, match="Series"):
        gsy_runup([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(InputError, match="overlap"):
        gsy_runup(pd.Series(np.ones(40), index=pd.date_range("2000", periods=40, freq="MS")),
                  pd.Series(np.ones(40), index=pd.date_range("1950", periods=40, freq="MS")))


def test_crash_frequency_lookup():
    assert crash_frequency(40) is None
    assert crash_frequency(60)["crash_probability"] == 0.20
    assert crash_frequency(100)["crash_probability"] == 0.53
    assert crash_frequency(149.9)["episodes"] == "21 of 40"
    assert crash_frequency(400)["crash_probability"] == 0.80


@settings(max_examples=30, deadline=None)
@given(st.floats(0.01, 1000.0), st.integers(0, 2**32 - 1))
def test_gsy_invariant_to_price_scale(scale, seed):
    rng = np.random.default_rng(seed)
    idx = pd.date_range("2000-01-31", periods=60, freq="ME")
    p = pd.Series(np.exp(np.cumsum(rng.normal(0.02, 0.12, 60))), index=idx)
    m = pd.Series(np.exp(np.cumsum(rng.normal(0.005, 0.04, 60))), index=idx)
    a, b = gsy_runup(p, m), gsy_runup(p * scale, m / scale)
    assert np.allclose(a.raw_2y.to_numpy(), b.raw_2y.to_numpy(), rtol=1e-9, atol=1e-9)
    assert np.allclose(a.net_2y.to_numpy(), b.net_2y.to_numpy(), rtol=1e-9, atol=1e-9)
    # flags agree except where a return sits within float noise of the threshold
    near = (a.raw_2y - 100).abs().lt(1e-6) | (a.net_2y - 100).abs().lt(1e-6)
    assert (a.flag[~near] == b.flag[~near]).all()


# ----------------------------------------------------------------------------------------------- run finder

@given(st.lists(st.booleans(), max_size=40))
def test_runs_cover_exactly_the_true_positions_in_maximal_runs(flags):
    from bubblescope.gauges._series import runs

    found = runs(np.array(flags, dtype=bool))
    covered = [k for i, j in found for k in range(i, j + 1)]
    assert covered == [k for k, f in enumerate(flags) if f]
    for i, j in found:  # maximal: the neighbours of a run are False (or outside)
        assert i == 0 or not flags[i - 1]
        assert j == len(flags) - 1 or not flags[j + 1]


def test_trend_names_stay_importable_from_runup():
    from bubblescope.gauges import runup, trend

    assert runup.gmo_trend_deviation is trend.gmo_trend_deviation
    assert runup.TrendDeviationResult is trend.TrendDeviationResult
