"""`bubblescope capex`: the revenue gap with sources, --set, --json, --plot, and one-line errors."""

from __future__ import annotations

import json

import pytest


def test_capex_prints_gap_with_sources(cli):
    r = cli("capex")
    assert r.code == 0, r
    assert "AI revenue gap" in r.out and "USD bn a year" in r.out
    assert "Sequoia Capital" in r.out and "Morgan Stanley" in r.out
    assert "Sensitivity of revenue_gap" in r.out and "Tornado" in r.out


def test_capex_json_matches_api(cli):
    from bubblescope.economics import load_scenario, run_scenario

    r = cli("capex", "bear", "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    a = run_scenario(load_scenario("bear"))
    assert d["scenario"] == "bear"
    assert d["headline"]["revenue_gap"] == pytest.approx(a.revenue_gap)
    assert d["revenue"]["sequoia"]["required_revenue"] == pytest.approx(500.0)
    assert d["sensitivity"]["parameters"] == ["chip_life_economic", "operating_margin"]
    names = {i["name"]: i for i in d["inputs"]}
    assert names["capex_need"]["source"].startswith("Morgan Stanley")


def test_capex_set_changes_inputs(cli):
    base = json.loads(cli("capex", "--json").out)
    r = cli("capex", "--set", "chip_life_economic=2", "--set", "operating_margin=40%", "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["headline"]["revenue_gap"] > base["headline"]["revenue_gap"]
    changed = {i["name"]: i for i in d["inputs"]}
    assert changed["chip_life_economic"]["value"] == 2 and changed["chip_life_economic"]["overridden"]
    assert changed["operating_margin"]["value"] == 40
    # Sequoia's inputs can be changed too: $50bn run-rate gives Sequoia's 2023 $200bn
    s = json.loads(cli("capex", "--set", "accelerator_run_rate=50", "--json").out)
    assert s["revenue"]["sequoia"]["required_revenue"] == 200.0


def test_capex_sensitivity_option(cli):
    r = cli("capex", "--sensitivity", "chip_life_economic=2,3,4,5,6", "--json")
    assert r.code == 0, r
    vals = [row[0] for row in json.loads(r.out)["sensitivity"]["values"]]
    assert vals == sorted(vals, reverse=True)


def test_capex_plot_and_list(cli, tmp_path):
    out = tmp_path / "capex.html"
    r = cli("capex", "bull", "--plot", str(out))
    assert r.code == 0, r
    assert out.exists() and "plotly" in out.read_text(encoding="utf-8")[:100000].lower()
    r = cli("capex", "--list")
    assert r.code == 0 and "share_private_credit" in r.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--set", "chip_lifetime=2"), "unknown scenario input 'chip_lifetime'"),
        (("--set", "chip_life_economic=-2"), "chip_life_economic must be a positive number of years"),
        (("--set", "chip_life_reported=0"), "chip_life_reported must be a positive number of years"),
        (("--set", "operating_margin=100"), "operating_margin must be above 0% and below 100%"),
        (("--set", "end_user_gross_margin=150"), "end_user_gross_margin must be above 0% and below 100%"),
        (("--set", "operating_margin"), "--set expects name=value"),
        (("--set", "operating_margin=abc"), "is not a number"),
        (("--sensitivity", "bogus=1,2"), "unknown scenario input 'bogus'"),
        (("nope",), "unknown scenario 'nope'"),
        (("--set", "idle_years=10"), "idle_years (10) must be shorter than chip_life_reported"),
        (("--set", "target_return=-50"), "target_return must be between 0% and 100%"),
        (("--set", "next_gen_price_ratio=4"), "performance per dollar) must be above 1x"),
        (("--set", "financing_end=2020"), "financing_end is before financing_start"),
    ],
)
def test_capex_bad_input_exit_2(cli, args, message):
    r = cli("capex", *args)
    assert r.code == 2, r
    assert r.err.startswith("error: ") and message in r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def test_capex_edge_values_run(cli):
    r = cli("capex", "--set", "target_return=0", "--set", "rental_price=0.1", "--set", "gw_per_year=0")
    assert r.code == 0, r
    assert "never" in r.out  # break-even utilisation row (table cells may wrap)
    assert "JPMorgan inversion skipped" in r.out
    d = json.loads(cli("capex", "--set", "target_return=0", "--set", "rental_price=0.1", "--json").out)
    assert d["chips"]["breakeven_utilisation"] is None and d["jpm_implied"] is None


def test_capex_user_evidence_file_replaces_record(cli, tmp_path):
    ev = tmp_path / "mine.yaml"
    ev.write_text(
        "evidence:\n"
        "  - id: ai-2023.econ.ms-cash-flow-cover\n"
        "    episode: ai-2023\n"
        "    informs: [financing]\n"
        "    metric: capex_covered_by_cash_flow\n"
        "    value: 2000\n"
        "    unit: USD bn\n"
        "    as_of: 2026-01\n"
        "    source: {organisation: Me, title: My estimate}\n",
        encoding="utf-8",
    )
    r = cli("capex", "--evidence", str(ev), "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["financing"]["gap"] == 900.0
    inp = {i["name"]: i for i in d["inputs"]}["cash_flow_cover"]
    assert inp["value"] == 2000 and "your evidence file" in inp["source"]
    assert cli("capex", "--evidence", str(tmp_path / "missing.yaml")).code == 2
