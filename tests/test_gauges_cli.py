"""`bubblescope gauges`: every gauge with its source and as-of date; JSON; bad input exits 2."""

from __future__ import annotations

import json

import pytest

from bubblescope.gauges.boom import NAMES


@pytest.fixture(scope="module")
def wide():
    import os

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "250"
    from bubblescope.cli import _common

    _common.console.width = 250
    yield
    _common.console.width = None  # type: ignore[assignment]
    if old is None:
        os.environ.pop("COLUMNS", None)
    else:
        os.environ["COLUMNS"] = old


def test_gauges_ai_2023_json_has_every_gauge_with_source_and_as_of(cli, shared_data):
    r = cli("gauges", "ai-2023", "--data-dir", shared_data, "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["episode"] == "ai-2023"
    keys = {g["key"] for g in d["gauges"]}
    assert {"cape", "trailing_pe", "excess_cape_yield", "fed_model_gap", "buffett", "forward_pe",
            "price_cash_flow", "top10_share", "hhi", "mag7_share", *NAMES} <= keys
    assert any(k.startswith("gsy:") for k in keys) and any(k.startswith("gmo:") for k in keys)
    for g in d["gauges"]:
        if g["available"]:
            assert g["source"] and g["as_of"], g["key"]
            assert g["value"] is not None
        else:
            assert g["value"] is None and g["needs"], g["key"]
            assert g["display"].startswith("not available (needs")
    by = {g["key"]: g for g in d["gauges"]}
    assert by["cape"]["value"] == pytest.approx(41.37, abs=0.01)
    assert by["cape"]["history"]["percentile"] > 98
    assert by["buffett"]["available"]
    assert by["gmo:S&P Composite"]["value"] >= 2.0
    assert d["verdict"]["verdict"] in {"boom", "caution", "bubble"}
    assert d["verdict"]["rule"] == "0-1 red = boom, 2 = caution, >= 3 = bubble"


def test_gauges_table_shows_gauges_sources_and_dates(cli, shared_data, wide):
    r = cli("gauges", "ai-2023", "--data-dir", shared_data)
    assert r.code == 0, r
    for text in ("CAPE (Shiller P/E10)", "Fed-model gap", "Buffett indicator", "Economic strain",
                 "Industry strain", "Revenue momentum", "Valuation heat", "Funding quality",
                 "GSY run-up: NVDA", "GMO trend deviation", "Shiller ie_data", "2026-07-01",
                 "Boom/bubble verdict", "not available", "needs", "Values at past market peaks", "44.20"):
        assert text in r.out, text
    assert "[ai-2023.gauge.ai-capex-share-us-gdp]" in r.out  # evidence id shown, not eaten as markup


def test_gauges_as_of_2000(cli, shared_data):
    r = cli("gauges", "ai-2023", "--data-dir", shared_data, "--as-of", "2000-03", "--json")
    assert r.code == 0, r
    by = {g["key"]: g for g in json.loads(r.out)["gauges"]}
    assert by["cape"]["as_of"] == "2000-03-01"
    assert by["cape"]["history"]["percentile"] > 99


def test_thresholds_option(cli, shared_data):
    r = cli("gauges", "--data-dir", shared_data, "--json", "--threshold", "economic_strain.amber=0.5")
    assert r.code == 0, r
    by = {g["key"]: g for g in json.loads(r.out)["gauges"]}
    assert by["economic_strain"]["colour"] == "amber"


def test_without_data_dir_runs_and_never_invents_numbers(cli, tmp_path):
    # an empty data folder and --offline: only the packaged evidence and the cache can answer
    r = cli("gauges", "ai-2023", "--json", "--offline", "--data-dir", tmp_path)
    assert r.code == 0, r
    for g in json.loads(r.out)["gauges"]:
        assert (g["value"] is not None and g["source"]) or g["needs"], g["key"]
    by = {g["key"]: g for g in json.loads(r.out)["gauges"]}
    assert by["economic_strain"]["value"] == pytest.approx(0.9)  # evidence needs no data
    assert not by["buffett"]["available"]  # the Buffett ratio only comes from a data folder


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("gauges", "no-such-episode"), "unknown episode"),
        (("gauges", "--offline", "--threshold", "valuation_heat=3"), "--threshold"),
        (("gauges", "--offline", "--threshold", "nope.red=3"), "unknown gauge"),
        (("gauges", "--offline", "--threshold", "valuation_heat.red=10"), "must not exceed red"),
        (("gauges", "--as-of", "yesterday"), "--as-of"),
        (("gauges", "--window-years", "0"), "--window-years"),
        (("gauges", "--data-dir", "/no/such/folder"), "not a folder"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli, args, message):
    r = cli(*args)
    assert r.code == 2, r
    assert "Traceback" not in r.err
    assert message in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_past_episode_defaults_to_its_peak(cli, shared_data, tmp_path):
    user = tmp_path / "dotcom.yaml"
    user.write_text(
        "episode:\n  id: test-dotcom\n  name: Test dot-com\n  technology: Internet\n  region: US\n"
        "  start: 1995\n  end: 2002\n  peak: 2000-03\n  market_series: ['^IXIC', '^GSPC']\n",
        encoding="utf-8",
    )
    r = cli("gauges", "test-dotcom", "--evidence", user, "--data-dir", shared_data, "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["as_of"] == "2000-03-31"  # the peak month, through its last day
    by = {g["key"]: g for g in d["gauges"]}
    assert by["cape"]["as_of"] == "2000-03-01" and by["cape"]["history"]["percentile"] > 99
    assert by["gsy:^IXIC"]["colour"] == "red"
    assert by["gmo:S&P Composite"]["value"] >= 2.5
    assert not by["economic_strain"]["available"]  # no AI evidence for this episode


def test_plot_option_writes_html(cli, shared_data, tmp_path):
    out = tmp_path / "g.html"
    r = cli("gauges", "--data-dir", shared_data, "--json", "--plot", out)
    assert r.code == 0, r
    assert out.stat().st_size > 10_000 and "<html" in out.read_text(encoding="utf-8")[:2000].lower()


def test_market_values_csv_gives_concentration(cli, tmp_path):
    csv = tmp_path / "mv.csv"
    csv.write_text("date,NVDA,AAPL,XOM\n2025-01-31,1,3,6\n2025-02-28,3,3,4\n", encoding="utf-8")
    r = cli("gauges", "--offline", "--data-dir", tmp_path, "--market-values", csv, "--json")
    assert r.code == 0, r
    by = {g["key"]: g for g in json.loads(r.out)["gauges"]}
    assert by["mag7_share"]["value"] == pytest.approx(60.0)
    assert by["hhi"]["value"] == pytest.approx(3400.0)
    assert by["top10_share"]["as_of"] == "2025-02-28"


@pytest.mark.parametrize(
    ("content", "message"),
    [("date,NVDA\nnot-a-date,1\n", "must hold dates"), ("date,NVDA\n2025-01-31,x\n", "no numbers"),
     ("date\n2025-01-31\n", "at least one ticker"), ("date,NVDA\n2025-01-31,-1\n", "negative")],
)
def test_bad_market_values_exit_2(cli, tmp_path, content, message):
    csv = tmp_path / "mv.csv"
    csv.write_text(content, encoding="utf-8")
    r = cli("gauges", "--offline", "--data-dir", tmp_path, "--market-values", csv)
    assert r.code == 2, r
    assert message in r.err and len(r.err.strip().splitlines()) == 1
