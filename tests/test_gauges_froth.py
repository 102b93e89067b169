"""Froth and conditions panel, the monetary test, margin-debt growth, gauge signals (issue 19, point 3)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblescope.errors import InputError
from bubblescope.gauges import GaugeInputs, episode_gauges
from bubblescope.gauges.froth import froth_gauges, margin_debt_growth
from bubblescope.gauges.monetary import policy_path
from bubblescope.signals import Signal

FROTH_KEYS = {"margin_vs_trend", "margin_growth_1y", "margin_growth_2y", "aaii_bull_bear", "naaim",
              "fear_greed", "google_trends", "vix", "hy_oas", "ig_oas", "nfci", "policy_path"}


def _monthly(values, start="2000-01-31"):
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="ME"), dtype=float)


def test_margin_debt_growth_uses_data_up_to_as_of_only():
    s = _monthly(100.0 * 1.01 ** np.arange(120))  # +1 % a month
    g = margin_debt_growth(s, "2004-12-31")
    assert g.as_of == pd.Timestamp("2004-12-31")
    assert g.growth_1y == pytest.approx(100 * (1.01 ** 12 - 1))
    assert g.growth_2y == pytest.approx(100 * (1.01 ** 24 - 1))
    assert abs(g.vs_trend) < 1e-6  # exactly on its log-linear trend
    late = s.copy()
    late.loc["2006":] *= 3  # a later surge must not change the 2004 reading
    assert margin_debt_growth(late, "2004-12-31") == g
    with pytest.raises(InputError, match="at least 25"):
        margin_debt_growth(s, "2001-06-30")


def test_froth_gauges_place_each_reading_in_its_history_with_direction():
    rng = np.random.default_rng(0)
    vix = _monthly(rng.uniform(15, 40, 200))
    vix.iloc[-1] = 10.0  # lowest ever: complacent, hot
    gauges = {g.key: g for g in froth_gauges({"VIXCLS": vix, "naaim": _monthly(np.arange(200.0))})}
    assert gauges["vix"].history.percentile < 1 and gauges["vix"].higher_is_hotter is False
    assert gauges["naaim"].history.percentile == 100
    assert not gauges["aaii_bull_bear"].available and "AAII" in gauges["aaii_bull_bear"].needs


def test_policy_path_tightening_is_red_easing_green_and_1929_not_available():
    idx = pd.date_range("1995-01-01", "2010-12-01", freq="MS")
    rate = pd.Series(5.0, index=idx)
    rate.loc["1998-04":"2000-03"] = np.linspace(5.0, 6.5, 24)  # +1.5 pp into the 2000 peak
    rate.loc["2000-04":] = 6.5
    rate.loc["2005-11":"2007-10"] = np.linspace(6.5, 8.0, 24)
    rate.loc["2007-11":] = 8.0
    rate.loc["2009-01":] = np.linspace(8.0, 2.0, len(rate.loc["2009-01":]))
    p = policy_path(rate, as_of="2010-12-31")
    peaks = {x["peak"]: x for x in p.peaks}
    assert not peaks["1929"]["available"] and peaks["2000"]["change_24m"] > 1.2
    assert p.gauge.light == "green" and p.gauge.value < 0
    assert policy_path(rate, as_of="2007-10-31").gauge.light == "red"


def test_panel_signals_cover_the_four_families():
    idx = pd.date_range("1990-01-31", periods=300, freq="ME")
    cond = {"VIXCLS": pd.Series(np.linspace(30, 10, 300), index=idx),
            "BAMLH0A0HYM2": pd.Series(np.linspace(8, 3, 300), index=idx),
            "FEDFUNDS": pd.Series(np.linspace(8, 2, 300), index=idx)}
    panel = episode_gauges("x", GaugeInputs(conditions=cond), None)
    sigs = panel.to_signals()
    assert all(isinstance(s, Signal) for s in sigs)
    fam = {s.name: s.family for s in sigs}
    assert fam["gauge:vix"] == "froth" and fam["gauge:hy_oas"] == "credit"
    assert fam["gauge:policy_path"] == "monetary" and fam["gauge:cape"] == "valuation"
    vix = next(s for s in sigs if s.name == "gauge:vix")
    assert vix.bubble == 1.0 and vix.available  # lowest VIX ever: red
    assert next(s for s in sigs if s.name == "gauge:cape").available is False


def test_ai_2023_froth_gauges_have_percentile_as_of_source(cli, shared_data):
    r = cli("gauges", "ai-2023", "--data-dir", shared_data, "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    by = {g["key"]: g for g in d["gauges"]}
    for key in FROTH_KEYS:
        g = by[key]
        assert g["available"], key
        assert g["history"]["percentile"] is not None and g["as_of"] and g["source"] and g["light"], key
    assert {p["peak"] for p in d["monetary"]["peaks"]} == {"1929", "2000", "2007"}


def test_sentiment_csv_with_wrong_columns_exits_2(cli, tmp_path):
    (tmp_path / "sentiment").mkdir()
    (tmp_path / "sentiment" / "aaii_sentiment_weekly.csv").write_text("when,bulls\n2020-01-03,40\n")
    r = cli("gauges", "ai-2023", "--data-dir", str(tmp_path), "--json", "--offline")
    assert r.code == 2, r
    assert "expected columns" in r.err and "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
