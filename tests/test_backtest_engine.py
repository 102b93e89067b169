from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.backtest import (
    CrashRule,
    Signal,
    alarm_runs,
    crash_after,
    evaluate,
    load_catalogue,
    realtime,
)
from bubblescope.backtest.catalogue import parse_catalogue
from bubblescope.errors import EvidenceError, InputError

CAT = """
crash: {drawdown: 0.4, horizon_years: 2}
episodes:
  - id: b1
    name: a bubble
    kind: bubble
    series: X
    runup_start: 2000-01
    peak: 2001-12-31
    trough: 2002-12-31
    sources: [{organisation: me, title: t}]
  - id: c1
    name: calm
    kind: calm
    series: X
    start: 2004-01
    end: 2005-12
    sources: [{organisation: me, title: t}]
"""


def _price() -> pd.Series:
    idx = pd.date_range("1999-01-01", "2007-12-31", freq="MS")
    p = np.ones(len(idx)) * 100.0
    s = pd.Series(p, index=idx)
    s.loc["2000-01-01":"2001-12-01"] = np.linspace(100, 300, 24)  # run-up
    s.loc["2002-01-01":"2002-12-01"] = np.linspace(280, 120, 12)  # crash: 300 -> 120 = -60%
    s.loc["2003-01-01":] = 120.0
    return s


def test_hand_computed_metrics():
    cat = parse_catalogue(CAT, "t.yaml")
    price = _price()
    alarm = pd.Series(False, index=price.index)
    alarm.loc["2001-03-01":"2001-12-01"] = True  # 10 of the 24 run-up months
    alarm.loc["2004-06-01":"2004-07-01"] = True  # one false alarm run in the calm span
    alarm.loc["2005-03-01"] = True  # a second
    res = evaluate([Signal("s", "X", alarm)], {"X": price}, cat)
    t = res.to_frame().set_index("episode")
    assert t.loc["b1", "first_alarm"] == pd.Timestamp("2001-03-01")
    assert t.loc["b1", "lead_days"] == (pd.Timestamp("2001-12-31") - pd.Timestamp("2001-03-01")).days
    assert t.loc["b1", "share_flagged"] == pytest.approx(10 / 24)
    assert bool(t.loc["b1", "crash_followed"])
    assert t.loc["c1", "alarm_runs"] == 2
    assert bool(t.loc["c1", "false_alarm"])
    assert t.loc["c1", "crash_followed"] is not None and not t.loc["c1", "crash_followed"]
    sc = res.scorecard().iloc[0]
    assert (sc.hits, sc.misses, sc.calm_spans_with_alarm) == (1, 0, 1)
    md = res.to_markdown()
    assert "| s | 1/1 | 0 |" in md and "2001-03-01" in md


def test_miss_is_reported_as_miss():
    cat = parse_catalogue(CAT, "t.yaml")
    price = _price()
    res = evaluate([Signal("never", "X", pd.Series(False, index=price.index))], {"X": price}, cat)
    t = res.to_frame().set_index("episode")
    assert not t.loc["b1", "hit"] and t.loc["b1", "first_alarm"] is None
    assert res.scorecard().iloc[0].misses == 1


def test_crash_after_respects_horizon_and_unknown_future():
    price = _price()
    rule = CrashRule(drawdown=0.4, horizon_years=2)
    assert crash_after(price, pd.Timestamp("2001-06-01"), rule) is True
    assert crash_after(price, pd.Timestamp("2004-01-01"), rule) is False
    assert crash_after(price, pd.Timestamp("2007-01-01"), rule) is None  # horizon beyond the data


def test_alarm_runs():
    idx = pd.date_range("2000-01-01", periods=8, freq="D")
    a = pd.Series([0, 1, 1, 0, 1, 0, 0, 1], index=idx).astype(bool)
    assert alarm_runs(a) == [(idx[1], idx[2]), (idx[4], idx[4]), (idx[7], idx[7])]


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=20, max_value=80))
def test_realtime_wrapper_is_truncation_invariant(cut):
    rng = np.random.default_rng(1)
    idx = pd.date_range("2000-01-31", periods=100, freq="ME")
    s = pd.Series(np.exp(np.cumsum(rng.normal(0, 0.05, 100))), index=idx)

    def detrended_last(x: pd.Series) -> float:  # a full-sample statistic (trend fitted on all data)
        t = np.arange(len(x))
        b = np.polyfit(t, np.log(x.to_numpy()), 1) if len(x) > 1 else (0.0, float(np.log(x.iloc[0])))
        return float(np.log(x.iloc[-1]) - np.polyval(b, t[-1]))

    full = realtime(detrended_last, s, idx)
    part = realtime(detrended_last, s.iloc[:cut], idx[:cut])
    pd.testing.assert_series_equal(full.iloc[:cut], part)


def test_bad_catalogue_errors():
    with pytest.raises(EvidenceError, match="peak must come after runup_start"):
        parse_catalogue(CAT.replace("peak: 2001-12-31", "peak: 1999-01-01").replace("trough: 2002-12-31", "trough: null"), "t.yaml")
    with pytest.raises(EvidenceError, match=r"t.yaml: .*calm span needs start and end"):
        parse_catalogue(CAT.replace("    end: 2005-12\n", ""), "t.yaml")
    with pytest.raises(InputError, match="no signals"):
        evaluate([], {}, parse_catalogue(CAT, "t.yaml"))


def test_packaged_catalogue_loads_with_sources():
    cat = load_catalogue()
    kinds = {e.kind for e in cat.episodes}
    assert kinds == {"bubble", "calm"}
    assert all(e.sources for e in cat.episodes)
    assert {"sp500-1929", "sp500-1987", "nasdaq-2000", "sp500-2007", "nasdaq-2021", "nvda-2023"} <= {e.id for e in cat.episodes}


def _daily(shared_data, name):
    from bubblescope.data import get_series

    return get_series(shared_data / "prices" / "yfinance_whan1569" / "indices" / name)


@pytest.mark.parametrize("ep_id", ["sp500-1987", "nasdaq-2000", "sp500-2007", "nasdaq-2021"])
def test_catalogue_peaks_and_troughs_match_the_data(shared_data, ep_id):
    ep = load_catalogue().get(ep_id)
    price = _daily(shared_data, "SP500_1d.csv" if ep.series == "^GSPC" else "NASDAQ_Composite_1d.csv")
    runup = price.loc[ep.runup_start : ep.trough]
    assert runup.idxmax() == pd.Timestamp(ep.peak)
    assert price.loc[ep.peak : ep.trough].idxmin() == pd.Timestamp(ep.trough)


@pytest.mark.parametrize("ep_id", ["calm-sp500-1950", "calm-sp500-1993", "calm-sp500-2004", "calm-sp500-2012"])
def test_calm_spans_are_calm(shared_data, ep_id):
    ep = load_catalogue().get(ep_id)
    price = _daily(shared_data, "SP500_1d.csv")
    span = price.loc[ep.start : pd.Timestamp(ep.end) + pd.DateOffset(years=2, months=1)]
    assert float((span / span.cummax() - 1).min()) > -0.20
