"""Lights on every gauge (issue 19, point 1): published thresholds, history percentile bands, the
thresholds file; valuation heat from the best P/E series held (point 2)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblescope.errors import InputError
from bubblescope.gauges import GaugeInputs, episode_gauges
from bubblescope.gauges._gauge import Gauge
from bubblescope.gauges._history import history_stats
from bubblescope.gauges.boom import Reading
from bubblescope.gauges.lights import PercentileBands, parse_thresholds, read_thresholds_file, with_light


def _gauge(values, *, hot_high=True, colour=None):
    s = pd.Series(values, index=pd.date_range("2000-01-31", periods=len(values), freq="ME"), dtype=float)
    h = history_stats(s, min_obs=2, higher_is_hotter=hot_high)
    return Gauge(key="k", name="k", unit="x", value=h.value, as_of="2001-01-01", source="test", history=h,
                 higher_is_hotter=hot_high, colour=colour)


def test_percentile_bands_light_high_and_low_hot_gauges():
    rising = list(range(1, 101))  # the reading is the maximum: 100th percentile
    assert with_light(_gauge(rising)).light == "red"
    assert with_light(_gauge(rising, hot_high=False)).light == "green"  # low is hot: 0th hot percentile
    middle = [*range(1, 101), 85]  # about the 85th percentile -> amber with the default 80/95 bands
    g = with_light(_gauge(middle))
    assert g.light == "amber" and "percentile bands" in g.light_rule
    assert with_light(_gauge(middle), PercentileBands(amber=50, red=80)).light == "red"


def test_published_thresholds_are_kept_and_point_readings_say_why_there_is_no_light():
    g = with_light(_gauge(list(range(1, 101)), colour="green"))
    assert g.light == "green" and g.light_rule.startswith("published")
    point = Gauge(key="p", name="p", unit="x", value=30.0, as_of="2025-10", source="ev")
    lit = with_light(point)
    assert lit.light is None and lit.light_rule.startswith("no light")
    assert with_light(Gauge(key="n", name="n", unit="x", value=None, as_of=None, source="")).light is None


def test_inverted_bands_and_thresholds_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="inverted"):
        PercentileBands(amber=95, red=80)
    with pytest.raises(InputError, match="must not exceed"):
        parse_thresholds({"valuation_heat": {"amber": 60, "red": 40}})
    with pytest.raises(InputError, match="unknown gauge"):
        parse_thresholds({"no_such_gauge": {"red": 1}})
    f = tmp_path / "t.yaml"
    f.write_text("percentile_bands: {amber: 70, red: 90}\nvaluation_heat: {red: 40}\n")
    boom, bands = read_thresholds_file(f)
    assert bands == PercentileBands(70, 90) and boom == {"valuation_heat": {"red": 40.0}}


def test_cli_thresholds_file_with_inverted_band_exits_2(cli, tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("percentile_bands: {amber: 95, red: 80}\n")
    r = cli("gauges", "ai-2023", "--thresholds", str(f), "--json")
    assert r.code == 2 and "inverted" in r.err and "Traceback" not in r.err


def test_valuation_heat_from_a_pe_series_is_named_on_the_card():
    idx = pd.date_range("1995-01-01", periods=360, freq="MS")
    pe = pd.Series(np.linspace(15, 60, 360), index=idx)
    inputs = GaugeInputs(valuation_heat=pe, valuation_heat_name="IT sector trailing P/E",
                         valuation_heat_source="test file",
                         funding_quality=Reading(40.0, "2024-12-31", "filings", "%"))
    panel = episode_gauges("x", inputs, None, as_of="2010-06-30")
    heat = panel["valuation_heat"]
    assert heat.name == "Valuation heat (IT sector trailing P/E)" and heat.as_of == "2010-06-01"
    assert heat.value == pytest.approx(float(pe.loc[:"2010-06-30"].iloc[-1]))
    assert panel["funding_quality"].available is False  # a 2024 reading is not known in 2010
    late = episode_gauges("x", inputs, None)
    assert late["funding_quality"].value == 40.0 and late["funding_quality"].light == "red"


def test_ai_2023_every_gauge_has_a_light_key_and_peaks_table(cli, shared_data):
    r = cli("gauges", "ai-2023", "--data-dir", shared_data, "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    for g in d["gauges"]:
        assert "light" in g and g["light_rule"], g["key"]
        if g["available"] and g["history"] is not None:
            assert g["light"] in ("green", "amber", "red"), g["key"]
    by_key = {g["key"]: g for g in d["gauges"]}
    assert d["verdict"]["available"] == 5  # funding quality from the SEC files (issue 18)
    assert by_key["funding_quality"]["source"].startswith("SEC filings")
    assert by_key["cape"]["light"] == "red" and by_key["buffett"]["light"] == "red"
    assert "IT sector" in by_key["valuation_heat"]["name"] and by_key["valuation_heat"]["available"]
    peaks = {row["key"]: row for row in d["peaks"]}
    assert {"1929", "2000", "2007", "2021", "now"} <= set(peaks["cape"])
    assert peaks["cape"]["2000"] > 40


def test_funding_input_wires_issue_18_modules_and_cuts_at_as_of(tmp_path, monkeypatch):
    import sys
    import types

    from bubblescope.report.steps import funding_input

    assert funding_input(None) == {} and funding_input(tmp_path) == {}  # no sec/ folder
    (tmp_path / "sec").mkdir()
    seen = {}
    frame = pd.DataFrame({"period_end": ["2023-12-31", "2025-12-31"], "capex": [1.0, 2.0], "ocf": [2.0, 2.0]})
    fakes = {
        "bubblescope.data.sec_extracts": {"load_sec_folder": lambda path: frame},
        "bubblescope.economics.funding": {"funding_quality": lambda df: seen.setdefault("df", df)},
        "bubblescope.gauges.funding": {"funding_reading": lambda res: Reading(80.0, "2023-12-31", "SEC", "%")},
    }
    for name, attrs in fakes.items():
        mod = types.ModuleType(name)
        for k, v in attrs.items():
            setattr(mod, k, v)
        monkeypatch.setitem(sys.modules, name, mod)
    got = funding_input(tmp_path, pd.Timestamp("2024-06-30"))
    assert got["funding_quality"].value == 80.0
    assert seen["df"]["period_end"].tolist() == ["2023-12-31"]  # quarters after the as-of date are cut
