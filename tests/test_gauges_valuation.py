"""Valuation gauges: dated values on Shiller's real data, history statistics, missing inputs, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.errors import InputError
from bubblescope.evidence.schema import EvidenceRecord
from bubblescope.gauges import history_stats, valuation_gauges
from bubblescope.gauges.valuation import valuation_series
from test_gauges_data import series, shiller_frame


@pytest.fixture(scope="module")
def shiller(shared_data):
    return shiller_frame(shared_data)


@pytest.fixture(scope="module")
def buffett(shared_data):
    return series(shared_data, "fred/other/buffett_indicator_NCBEILQ027S_over_GDP_batsco.csv")


# ----------------------------------------------------------------------------------- real data points

def test_cape_at_2000_peak_is_about_44_and_a_record(shiller):
    res = valuation_gauges(shiller, as_of="1999-12-01")
    cape = res["cape"]
    assert cape.value == pytest.approx(44.2, abs=0.1)  # Shiller's CAPE, Dec 1999
    assert cape.history.percentile == pytest.approx(100.0)  # highest reading up to then
    assert cape.history.zscore > 3
    # the "value at past peak" of today's reading is the same 44.2 (hottest month of the 2000 window)
    peaks = {p.label: p for p in valuation_gauges(shiller)["cape"].history.peaks}
    assert peaks["2000"].value == pytest.approx(44.2, abs=0.1)
    assert peaks["2000"].date == pd.Timestamp("1999-12-01")
    assert peaks["1929"].value == pytest.approx(32.6, abs=0.1)  # Sep 1929


def test_cape_in_march_2000_percentile_near_100(shiller):
    cape = valuation_gauges(shiller, as_of="2000-03-01")["cape"]
    assert 43 < cape.value < 44
    assert cape.history.percentile > 99
    assert cape.history.window_percentile > 98


def test_latest_cape_matches_the_sheet(shiller):
    cape = valuation_gauges(shiller)["cape"]
    assert cape.as_of == "2026-07-01"
    assert cape.value == pytest.approx(41.37, abs=0.01)  # PROVENANCE.md: CAPE 2026-07 = 41.37
    assert cape.history.percentile > 98


def test_fed_model_gap_2000_versus_2026(shiller):
    g2000 = valuation_gauges(shiller, as_of="2000-01-01")["fed_model_gap"]
    g2026 = valuation_gauges(shiller)["fed_model_gap"]
    # 2000-01: E = 49.10, P = 1425.59, GS10 = 6.66 -> 3.44 - 6.66 = -3.22 pp
    assert g2000.value == pytest.approx(100 * 49.0966667 / 1425.59 - 6.66, abs=1e-3)
    assert g2000.value == pytest.approx(-3.22, abs=0.01)
    # latest month with earnings (2026-03): stocks still yield less than bonds, but far less so than 2000
    assert g2026.as_of == "2026-03-01"
    assert g2000.value < g2026.value < 0
    assert g2000.history.percentile < 5
    assert {p.label: p.value for p in g2026.history.peaks}["2000"] == pytest.approx(g2000.value)


def test_trailing_pe_and_excess_cape_yield(shiller):
    res = valuation_gauges(shiller, as_of="2000-01-01")
    assert res["trailing_pe"].value == pytest.approx(1425.59 / 49.0966667, rel=1e-6)
    assert res["excess_cape_yield"].value == pytest.approx(-1.52, abs=0.01)  # Shiller's ECY x 100
    assert res["excess_cape_yield"].history.percentile < 5  # low yield = expensive


def test_buffett_indicator(shiller, buffett):
    res = valuation_gauges(shiller, buffett=buffett)
    b = res["buffett"]
    assert b.as_of == "2026-01-01"
    assert b.value == pytest.approx(218.1, abs=0.1)  # PROVENANCE.md: 218.1 % at 2026Q1
    assert b.history.percentile > 98
    peaks = {p.label: p.value for p in b.history.peaks}
    assert np.isnan(peaks["1929"])  # series starts 1947: no made-up value
    assert peaks["2000"] > 150


def test_window_changes_only_the_window_numbers(shiller):
    a = valuation_gauges(shiller, window_years=10)["cape"].history
    b = valuation_gauges(shiller, window_years=50)["cape"].history
    assert a.percentile == b.percentile and a.zscore == b.zscore
    assert a.window_years == 10 and b.window_years == 50


def test_result_shapes(shiller, buffett):
    res = valuation_gauges(shiller, buffett=buffett)
    df = res.to_frame()
    assert {"value", "as_of", "percentile", "zscore", "window_percentile", "source"} <= set(df.columns)
    assert res.peaks_frame().loc["cape", "2000"] == pytest.approx(44.2, abs=0.1)
    import json

    json.dumps(res.to_dict(), allow_nan=False)
    assert "CAPE" in res.summary()
    assert len(res.plot().data) == 5


# ----------------------------------------------------------------------------------- missing inputs

def test_no_inputs_means_not_available_never_a_number():
    res = valuation_gauges()
    assert all(not g.available for g in res.gauges)
    assert all(g.display().startswith("not available (needs") for g in res.gauges)
    assert "cape" in res["cape"].needs


def test_missing_columns_name_what_is_needed():
    idx = pd.date_range("2000-01-01", periods=30, freq="MS")
    df = pd.DataFrame({"cape": np.linspace(20, 30, 30)}, index=idx)
    res = valuation_gauges(df)
    assert res["cape"].available
    assert not res["fed_model_gap"].available
    assert "gs10" in res["fed_model_gap"].needs


def _record(metric: str, value, unit: str = "x") -> EvidenceRecord:
    return EvidenceRecord.model_validate({
        "id": f"t.{metric}", "episode": "ai-2023", "informs": ["valuation"], "metric": metric, "value": value,
        "unit": unit, "as_of": "2025-10", "source": {"organisation": "Org", "title": "T", "published": "2025-10"},
    })


def test_forward_pe_from_evidence_record():
    res = valuation_gauges(forward_pe=_record("sp500_forward_pe", 22.5))
    g = res["forward_pe"]
    assert g.value == 22.5 and g.as_of == "2025-10" and "t.sp500_forward_pe" in g.source
    assert g.history is None


def test_evidence_record_with_wrong_unit_is_rejected():
    with pytest.raises(InputError, match="unit must be 'x'"):
        valuation_gauges(forward_pe=_record("sp500_forward_pe", 22.5, unit="%"))


# ----------------------------------------------------------------------------------- bad input

def test_bad_inputs_raise_input_error():
    with pytest.raises(InputError, match="DataFrame"):
        valuation_gauges([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(InputError, match="DatetimeIndex"):
        valuation_gauges(pd.DataFrame({"cape": [1.0, 2.0]}))
    idx = pd.DatetimeIndex(["2000-01-01", "2000-01-01"])
    with pytest.raises(InputError, match="duplicate"):
        valuation_gauges(pd.DataFrame({"cape": [1.0, 2.0]}, index=idx))
    with pytest.raises(InputError, match="window_years"):
        valuation_gauges(window_years=0)
    with pytest.raises(InputError, match="buffett"):
        valuation_gauges(buffett=[1, 2])  # type: ignore[arg-type]


def test_zero_earnings_are_missing_not_infinite():
    idx = pd.date_range("2000-01-01", periods=30, freq="MS")
    df = pd.DataFrame({"price": 100.0, "earnings": [5.0] * 29 + [0.0], "gs10": 4.0}, index=idx)
    s = valuation_series(df)
    assert np.isfinite(s["trailing_pe"]).all() and len(s["trailing_pe"]) == 29


# ----------------------------------------------------------------------------------- properties

_values = st.lists(st.integers(-1000, 1000).map(lambda i: i / 4), min_size=24, max_size=80)


@settings(max_examples=60, deadline=None)
@given(_values)
def test_history_stats_properties(vals):
    s = pd.Series(vals, index=pd.date_range("1990-01-01", periods=len(vals), freq="MS"))
    h = history_stats(s, min_obs=24)
    assert 0 < h.percentile <= 100
    assert h.value == vals[-1]
    if vals[-1] >= max(vals):
        assert h.percentile == 100
    shifted = history_stats(s * 2 + 7, min_obs=24)
    assert shifted.percentile == pytest.approx(h.percentile)
    if np.isfinite(h.zscore):
        assert shifted.zscore == pytest.approx(h.zscore, rel=1e-6, abs=1e-6)


def test_history_stats_rejects_short_history():
    s = pd.Series([1.0, 2.0], index=pd.date_range("2000-01-01", periods=2, freq="MS"))
    with pytest.raises(InputError, match="at least 24"):
        history_stats(s)


def test_xls_parser_and_csv_dump_give_the_same_gauges(shared_data, shiller):
    from bubblescope.data.sources.shiller import parse_ie_data

    df = parse_ie_data((shared_data / "shiller" / "ie_data.xls").read_bytes())
    for when in (None, "1999-12-01", "2000-01-01"):
        a, b = valuation_gauges(df, as_of=when), valuation_gauges(shiller, as_of=when)
        for key in ("cape", "trailing_pe", "fed_model_gap", "excess_cape_yield"):
            assert a[key].as_of == b[key].as_of
            assert a[key].value == pytest.approx(b[key].value, rel=1e-9)
            assert a[key].history.percentile == pytest.approx(b[key].history.percentile)
