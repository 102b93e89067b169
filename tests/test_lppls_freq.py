"""LPPLS at any sampling frequency (issue 17, point 1): detection, units, calendars, gaps, CLI keys."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect import lppls as L
from bubblescope.detect._lppls_time import check_freq, detect_freq, scale_windows, steps_to_dates
from bubblescope.errors import InputError

TC_DATE = pd.Timestamp("2010-06-01")


def _years(ix: pd.DatetimeIndex) -> np.ndarray:
    return (ix - pd.Timestamp("2000-01-01")).days.to_numpy() / 365.25


def synthetic_daily() -> pd.Series:
    """Business-day LPPLS prices 2000–2009 with tc on 2010-06-01 (time in calendar years)."""
    idx = pd.bdate_range("2000-01-03", "2009-12-31")
    dt = _years(pd.DatetimeIndex([TC_DATE]))[0] - _years(idx)
    y = 5 + dt**0.5 * (-0.4 + 0.04 * np.cos(8 * np.log(dt)))
    return pd.Series(np.exp(y), index=idx, name="price")


def test_daily_weekly_monthly_give_the_same_tc_date() -> None:
    s = synthetic_daily()
    versions = {"B": s, "W": s.resample("W-FRI").last(), "M": s.resample("ME").last()}
    dates = {}
    for code, ser in versions.items():
        f = L.fit(ser)
        assert f.freq == code and f.tc_unit == {"B": "trading days", "W": "weeks", "M": "months"}[code]
        dates[code] = f.tc_date
    # within one observation of the coarsest frequency (a month)
    for code, d in dates.items():
        assert abs((d - TC_DATE).days) <= 31, (code, d)
    # the monthly tc is in months: about 5 steps after 2009-12-31
    assert 4 <= L.fit(versions["M"]).tc - L.fit(versions["M"]).t2 <= 6


def test_detect_freq_codes_and_errors() -> None:
    assert detect_freq(pd.bdate_range("2020-01-01", periods=50)) == "B"
    assert detect_freq(pd.date_range("2020-01-01", periods=50, freq="D")) == "D"  # 24/7 (crypto)
    assert detect_freq(pd.date_range("2020-01-01", periods=50, freq="W")) == "W"
    assert detect_freq(pd.date_range("2000-01-01", periods=50, freq="MS")) == "M"
    assert detect_freq(pd.date_range("2000-01-01", periods=50, freq="QS")) == "Q"
    assert detect_freq(pd.date_range("2020-01-01", periods=50, freq="h")) == "intraday"
    with pytest.raises(InputError, match="--freq"):
        detect_freq(pd.date_range("2000-01-01", periods=50, freq="14D"))
    with pytest.raises(InputError, match="unknown frequency"):
        check_freq("fortnightly", pd.bdate_range("2020-01-01", periods=50))
    idx = pd.bdate_range("2020-01-01", periods=50).delete(slice(20, 40))  # 20 trading days missing
    with pytest.raises(InputError, match="gap of 29 days between 2020-01-28 and 2020-02-26"):
        check_freq(None, idx)
    assert check_freq("W", pd.bdate_range("2020-01-01", periods=50)) == "W"  # an explicit code is kept


def test_steps_to_dates_calendars() -> None:
    fri = pd.Timestamp("2024-03-08")  # a Friday
    b = steps_to_dates(fri, np.array([0.0, 1.0, 5.0, 1.5, np.nan]), "B", 1.0)
    assert list(b[:3]) == [fri, pd.Timestamp("2024-03-11"), pd.Timestamp("2024-03-15")]  # business days
    assert b[3] == pd.Timestamp("2024-03-11 12:00") and pd.isna(b[4])
    m = steps_to_dates(pd.Timestamp("2024-01-31"), np.array([1.0, 12.0]), "M", 30.4375)
    assert list(m) == [pd.Timestamp("2024-02-29"), pd.Timestamp("2025-01-31")]
    w = steps_to_dates(fri, np.array([2.0]), "W", 7.0)
    assert w[0] == pd.Timestamp("2024-03-22")


def test_default_windows_follow_the_frequency() -> None:
    assert scale_windows(L.FCO_WINDOWS, "B", L.MIN_POINTS) == sorted(L.FCO_WINDOWS)
    weekly = scale_windows(L.FCO_WINDOWS, "W", L.MIN_POINTS)
    assert weekly[0] == 26 and weekly[-1] == 155  # 125 and 750 trading days in weeks
    monthly = scale_windows(L.FCO_WINDOWS, "M", L.MIN_POINTS)
    assert monthly[0] == L.MIN_POINTS and monthly[-1] == 36
    with pytest.raises(InputError, match="intraday"):
        scale_windows(L.FCO_WINDOWS, "intraday", L.MIN_POINTS)


def test_weekly_indicators_in_weeks() -> None:
    w = synthetic_daily().resample("W-FRI").last()
    ind = L.indicators(w, start=w.index[-1], n_resamples=0)
    assert ind.freq == "W" and min(ind.windows) == 26 and max(ind.windows) == 155
    d = ind.to_dict()
    assert d["freq"] == "W" and d["tc_unit"] == "weeks" and "weeks" in ind.summary()


def test_cli_freq_and_json_keys(cli, tmp_path) -> None:
    s = synthetic_daily().resample("ME").last()
    path = tmp_path / "m.csv"
    pd.DataFrame({"date": s.index.strftime("%Y-%m-%d"), "close": s.to_numpy()}).to_csv(path, index=False)
    r = cli("lppls", str(path), "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["freq"] == "M" and d["tc_unit"] == "months"
    assert isinstance(d["bounds_hit"], list) and isinstance(d["qualified"], bool)
    r = cli("lppls", str(path))
    assert r.code == 0 and "tc − t2 (months)" in r.out
    r = cli("lppls", str(path), "--freq", "fortnightly")
    assert r.code == 2 and "unknown frequency" in r.err and "Traceback" not in r.err


# ------------------------------------------------------------------ Lagrange-regularised t1 (point 6)


def test_lagrange_pick_removes_the_linear_trend() -> None:
    from bubblescope.detect._lppls_model import lagrange_pick

    lens = np.arange(100, 400, 10)
    chi = 1e-4 + 2e-7 * lens  # normalised cost rising with the window length (the bias)
    chi[15] -= 5e-6  # the window where the model really fits best
    sse = chi * (lens - 7)
    j, lam = lagrange_pick(lens, sse)
    assert j == 15 and lam == pytest.approx(2e-7, rel=0.05)
    assert int(np.argmin(chi)) == 0  # without the regularisation the shortest window wins
    sse[2:] = np.nan  # two fitted windows: no line to remove
    j, lam = lagrange_pick(lens, sse)
    assert j == -1 and np.isnan(lam)


def test_fit_with_lagrange_t1_finds_the_bubble_start() -> None:
    rng = np.random.default_rng(0)
    n_b, n_rw = 400, 400
    t = np.arange(n_b, dtype=float)
    tc = n_b - 1 + 30
    yb = 8 + (tc - t) ** 0.5 * (-0.02 + 0.001 * np.cos(8 * np.log(tc - t)))
    walk = np.cumsum(rng.normal(0.0, 0.01, n_rw))
    y = np.r_[walk - walk[-1] + yb[0], yb] + rng.normal(0, 0.004, n_b + n_rw)
    s = pd.Series(np.exp(y), index=pd.bdate_range("2001-01-01", periods=y.size))
    f = L.fit(s, t1="lagrange")
    assert f.t1_rule == "lagrange" and np.isfinite(f.lagrange_lambda)
    assert 300 <= f.n <= 550  # true bubble: the last 400 points (measured: 495)
    ind = L.indicators(s, start=s.index[-1], n_resamples=0)
    assert ind.frame["t1_lagrange"].iloc[-1] == f.start  # the same choice per end date
    with pytest.raises(InputError, match="lagrange"):
        L.fit(s.iloc[:130], t1="lagrange")  # windows 125 and 130 only


# ------------------------------------------------------------------ residual stationarity (point 7)


def test_adf_of_residuals_matches_statsmodels() -> None:
    from bubblescope.detect._lppls_model import adf_residuals

    adfuller = pytest.importorskip("statsmodels.tsa.stattools").adfuller
    rng = np.random.default_rng(0)
    e = np.zeros(300)
    for i in range(1, 300):
        e[i] = 0.8 * e[i - 1] + rng.normal()
    stat, cv = adf_residuals(e)
    ref = adfuller(e, maxlag=1, autolag=None, regression="c")
    assert stat == pytest.approx(ref[0], rel=1e-9) and cv == pytest.approx(ref[4]["5%"], abs=1e-5)
    walk = np.cumsum(rng.normal(size=300))
    assert adf_residuals(walk)[0] > adf_residuals(walk)[1]  # a random walk is not stationary


def test_fit_reports_residual_stationarity_and_optional_filter() -> None:
    from test_lppls import lppls_series

    s, _ = lppls_series(400, 30, 0.5, 8.0, -0.02, 0.001, 0.005, seed=0)  # i.i.d. noise: stationary
    f = L.fit(s)
    assert f.resid_stationary and f.resid_adf < f.resid_adf_cv5 < -2.8
    assert f.to_dict()["resid_stationary"] is True
    # the optional condition: the same fit with residuals declared non-stationary does not qualify
    from bubblescope.detect._lppls_fit import _qualify
    from bubblescope.detect._lppls_model import _fit_nested

    spec = {"confidence": {"m": [0.0, 2.0], "resid_stationary": True}, "trust": {}}
    fs = L.load_filters(spec)
    t = np.arange(len(s), dtype=float)
    res = _fit_nested(t, np.log(s.to_numpy()), np.array([len(s)]), L.Bounds(), L.SearchSettings(), 2, 0, len(s) - 1)
    assert _qualify(res, t[-1], fs, L.Bounds(), True)[1]
    _, ok, reasons = _qualify(res, t[-1], fs, L.Bounds(), False)
    assert not ok and reasons == ("The residuals are not stationary (ADF test at 5%), as the filter set requires.",)
    assert L.fit(s, filters=spec).qualified  # its residuals are stationary
    with pytest.raises(InputError, match="fit\\(\\) only"):
        L.indicators(s, start=s.index[-1], windows=(125,), filters=spec)


def test_cli_gap_and_unknown_frequency_exit_2(cli, tmp_path) -> None:
    s = synthetic_daily().iloc[-300:]
    gap = s.drop(s.index[100:130])  # six weeks missing
    p1 = tmp_path / "gap.csv"
    pd.DataFrame({"date": gap.index.strftime("%Y-%m-%d"), "close": gap.to_numpy()}).to_csv(p1, index=False)
    r = cli("lppls", str(p1))
    assert r.code == 2 and "gap of" in r.err and "Traceback" not in r.err
    odd = s.iloc[::10]  # every 10th trading day: no known frequency
    p2 = tmp_path / "odd.csv"
    pd.DataFrame({"date": odd.index.strftime("%Y-%m-%d"), "close": odd.to_numpy()}).to_csv(p2, index=False)
    r = cli("lppls", str(p2))
    assert r.code == 2 and "--freq" in r.err
    r = cli("lppls", str(p2), "--freq", "W")  # an explicit frequency is accepted
    assert r.code == 0, r
