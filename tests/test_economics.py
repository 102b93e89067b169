"""Unit and reference tests for bubblescope.economics (pure functions, scenarios, evidence)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from bubblescope.economics import (
    bain_required_revenue,
    capital_recovery_factor,
    chip_value_decay,
    depreciation_gap,
    depreciation_schedule,
    financing_gap,
    load_scenario,
    power_constraint,
    roic_implied,
    roic_required_revenue,
    run_scenario,
    sensitivity,
    sequoia_required_revenue,
    tornado,
)
from bubblescope.economics.scenario import FINANCING_SOURCES, INPUT_SPECS
from bubblescope.errors import EvidenceError, InputError
from bubblescope.evidence import load_evidence

# Ids the foundation helper writes in ai-2023.yaml (agreed); the scenarios reference them.
FOUNDATION_IDS = {
    "ai-2023.ai-revenue-annual", "ai-2023.ai-buildout-need", "ai-2023.jpm-required-revenue-10pct",
    "ai-2023.chip-life-economic-low", "ai-2023.chip-life-economic-high", "ai-2023.chip-life-reported-low",
    "ai-2023.chip-life-reported-high", "ai-2023.rubin-vs-blackwell", "ai-2023.grid-queue-years-low",
    "ai-2023.grid-queue-years-high",
}


@pytest.fixture(scope="module")
def evidence():
    return load_evidence()


@pytest.fixture(scope="module")
def base():
    return load_scenario("base")


def ev(evidence, rid: str) -> float:
    return evidence.get(rid).numeric


# ------------------------------------------------------------------------------------------ Sequoia


def test_sequoia_600_and_200_exactly():
    assert sequoia_required_revenue(150, 0.5, 0.5).required_revenue == 600.0
    assert sequoia_required_revenue(50, 0.5, 0.5).required_revenue == 200.0


def test_sequoia_reproduces_published_figures_from_evidence(evidence):
    for year in ("2023", "2024"):
        r = sequoia_required_revenue(
            ev(evidence, f"ai-2023.econ.sequoia-{year}-run-rate"),
            ev(evidence, "ai-2023.econ.sequoia-gpu-share-of-dc-cost") / 100,
            ev(evidence, "ai-2023.econ.sequoia-end-user-margin") / 100,
        )
        assert r.required_revenue == ev(evidence, f"ai-2023.econ.sequoia-{year}-required")
    # Cahn's $500bn hole: $600bn less about $100bn of big-tech AI revenue
    hole = sequoia_required_revenue(150, 0.5, 0.5, actual_revenue=100).gap
    assert hole == ev(evidence, "ai-2023.econ.sequoia-2024-hole")


def test_sequoia_steps_and_frame():
    r = sequoia_required_revenue(150, 0.5, 0.5, actual_revenue=50)
    f = r.to_frame()
    assert list(f["value"]) == [150, 0.5, 300, 0.5, 600, 50, 550]
    assert r.gap == 550 and r.coverage == pytest.approx(50 / 600)
    json.dumps(r.to_dict(), allow_nan=False)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"end_user_gross_margin": 1.0}, "below 100%"),
        ({"end_user_gross_margin": 1.2}, "below 100%"),
        ({"accelerator_share_of_dc_cost": 0.0}, "between"),
        ({"accelerator_run_rate": -1}, "negative"),
        ({"accelerator_run_rate": float("nan")}, "finite"),
    ],
)
def test_sequoia_bad_input(kwargs, match):
    args = {"accelerator_run_rate": 150, "accelerator_share_of_dc_cost": 0.5, "end_user_gross_margin": 0.5} | kwargs
    with pytest.raises(InputError, match=match):
        sequoia_required_revenue(**args)


# ------------------------------------------------------------------------------------------ ROIC


def test_capital_recovery_factor_hand_computed():
    # 0.1 / (1 - 1.1**-5): 1.1**5 = 1.61051, 1/1.61051 = 0.62092132, factor = 0.26379748
    assert capital_recovery_factor(0.10, 5) == pytest.approx(0.26379748, abs=1e-8)
    # 0.08 / (1 - 1.08**-3): 1.08**3 = 1.259712, factor = 0.38803351
    assert capital_recovery_factor(0.08, 3) == pytest.approx(0.38803351, abs=1e-8)
    assert capital_recovery_factor(0.0, 4) == 0.25


def test_roic_annuity_hand_computed():
    r = roic_required_revenue(1000, 0.10, 0.5, asset_life=5, actual_revenue=50)
    assert r.method == "roic_annuity"
    assert r.required_revenue == pytest.approx(263.79748 / 0.5, abs=1e-4)  # 527.595
    assert r.gap == pytest.approx(477.595, abs=1e-3)
    r2 = roic_required_revenue(100, 0.08, 0.4, asset_life=3)
    assert r2.required_revenue == pytest.approx(38.803351 / 0.4, abs=1e-5)  # 97.0084


def test_roic_perpetuity_and_asset_mix():
    assert roic_required_revenue(5000, 0.10, 0.5).required_revenue == pytest.approx(1000.0)
    single = roic_required_revenue(1000, 0.1, 0.5, asset_life=4).required_revenue
    mixed = roic_required_revenue(1000, 0.1, 0.5, asset_mix=((1.0, 4),)).required_revenue
    assert mixed == pytest.approx(single)
    # 60% over 3 years and 40% over 20: 0.6*0.40211480 + 0.4*0.11745962 = 0.28825273
    m = roic_required_revenue(1000, 0.1, 0.5, asset_mix=((0.6, 3), (0.4, 20)))
    assert m.required_revenue == pytest.approx(288.25273 / 0.5, abs=1e-3)


def test_jpm_650_implies_investment_over_margin():
    j = roic_implied(650, 0.10, investments=(5000,), margins=(0.5,))
    assert j.investment_per_margin == pytest.approx(6500)
    t = j.to_frame()
    assert t.loc[t["given"] == "investment", "margin"].iloc[0] == pytest.approx(5000 / 6500)
    assert t.loc[t["given"] == "margin", "investment"].iloc[0] == pytest.approx(3250)
    # the perpetuity form inverts exactly
    assert roic_required_revenue(3250, 0.10, 0.5).required_revenue == pytest.approx(650)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((1000, 0.1, 1.0), {}, "below 100%"),
        ((1000, 0.1, 0.5), {"asset_life": -3}, "positive number of years"),
        ((1000, 0.1, 0.5), {"asset_life": 0}, "positive number of years"),
        ((-5, 0.1, 0.5), {}, "positive"),
        ((1000, -1.5, 0.5), {}, "above -100%"),
        ((1000, 0.1, 0.5), {"asset_mix": ((0.5, 3),)}, "sum to 100%"),
        ((1000, 0.1, 0.5), {"asset_mix": ((1.0, 3),), "asset_life": 3}, "either"),
    ],
)
def test_roic_bad_input(args, kwargs, match):
    with pytest.raises(InputError, match=match):
        roic_required_revenue(*args, **kwargs)


def test_bain_reproduces_2000(evidence):
    r = bain_required_revenue(10, ev(evidence, "ai-2023.econ.nvidia-capex-per-gw"),
                              ev(evidence, "ai-2023.econ.bain-capex-to-revenue") / 100, actual_revenue=1200)
    assert r.steps[2].value == ev(evidence, "ai-2023.econ.bain-capex-per-year-2030")
    assert r.required_revenue == ev(evidence, "ai-2023.econ.bain-required-revenue-2030")
    assert r.gap == ev(evidence, "ai-2023.econ.bain-revenue-shortfall-2030")
    with pytest.raises(InputError):
        bain_required_revenue(10, 0, 0.25)


# ------------------------------------------------------------------------------------------ depreciation

WORKED_CAPEX = pd.Series({2024: 120.0, 2025: 240.0, 2026: 60.0})


def test_worked_example_from_docs():
    """The table in docs/economics.md, section 'Worked example: depreciation'."""
    g = depreciation_gap(WORKED_CAPEX, reported_life=6, economic_life=3, pretax_income=200.0, period=(2024, 2026))
    f = g.to_frame()
    assert list(f.index) == list(range(2024, 2032))
    assert list(f["reported"]) == pytest.approx([20, 60, 70, 70, 70, 70, 50, 10])
    assert list(f["economic"]) == pytest.approx([40, 120, 140, 100, 20, 0, 0, 0])
    assert list(f["understatement"]) == pytest.approx([20, 60, 70, 30, -50, -70, -50, -10])
    assert list(f["share_of_earnings"].iloc[:3]) == pytest.approx([0.10, 0.30, 0.35])
    assert g.cumulative_understatement == pytest.approx(150)
    assert g.cumulative_share_of_earnings == pytest.approx(150 / 600)
    assert f["understatement"].sum() == pytest.approx(0)  # same total cost, only timing differs


def test_fractional_life_and_half_year():
    s = depreciation_schedule(pd.Series({2025: 110.0}), 5.5)
    assert list(s) == pytest.approx([20, 20, 20, 20, 20, 10])
    h = depreciation_schedule(pd.Series({2025: 100.0}), 2, convention="half")
    assert list(h) == pytest.approx([25, 50, 25])


def test_burry_structure_matches_hand_sum(base):
    """The scenario's understatement is the 2026-2028 sum of (economic - reported) straight-line charges of
    every vintage from 2019 (issue 18: the 2021-2022 vintages still charge at a 6-year life)."""
    a = run_scenario(base)
    capex = pd.Series({y: base.value(f"capex_{y}") for y in range(2019, 2029)}) * base.pct("server_share_of_capex")
    by_hand = 0.0
    for year in (2026, 2027, 2028):
        for v, c in capex.items():
            age = year - v
            if age < 0:
                continue
            eco = c / 3 if age < 3 else 0.0
            rep = c / 6 if age < 6 else 0.0
            by_hand += eco - rep
    assert a.depreciation.cumulative_understatement == pytest.approx(by_hand)
    assert a.depreciation.period == (2026, 2028)


@pytest.mark.parametrize(
    ("capex", "kwargs", "match"),
    [
        (WORKED_CAPEX, {"reported_life": -6, "economic_life": 3}, "reported_life"),
        (WORKED_CAPEX, {"reported_life": 6, "economic_life": -1}, "economic_life"),
        (pd.Series({2024: -1.0}), {"reported_life": 6, "economic_life": 3}, "negative"),
        (pd.Series(dtype=float), {"reported_life": 6, "economic_life": 3}, "empty"),
        (pd.Series({2024.5: 1.0}), {"reported_life": 6, "economic_life": 3}, "integer years"),
        (WORKED_CAPEX, {"reported_life": 6, "economic_life": 3, "period": (2027, 2026)}, "before"),
        (WORKED_CAPEX, {"reported_life": 6, "economic_life": 3, "depreciable_share": 1.5}, "100%"),
    ],
)
def test_depreciation_bad_input(capex, kwargs, match):
    with pytest.raises(InputError, match=match):
        depreciation_gap(capex, **kwargs)


# ------------------------------------------------------------------------------------------ chips


def test_chip_decay_closed_form():
    c = chip_value_decay(40000, 4, 2, reported_life=6)
    f = c.to_frame()
    assert f.loc[2, "market_value"] == pytest.approx(10000)  # one generation: 1/4
    assert f.loc[4, "market_value"] == pytest.approx(2500)
    assert c.half_life == pytest.approx(1.0)
    assert f.loc[3, "book_value"] == pytest.approx(20000)
    assert f.loc[3, "impairment"] == pytest.approx(20000 - 40000 * 4 ** -1.5)
    assert c.years_to_fraction(0.25) == pytest.approx(2.0)
    step = chip_value_decay(40000, 4, 2, reported_life=6, mode="step").to_frame()
    assert step.loc[1, "market_value"] == 40000 and step.loc[2, "market_value"] == 10000


def test_chip_breakeven_hand_computed():
    # no release within the horizon (step mode, cadence 10), r = 0: PV = 2 years x 8760 h x $1
    c = chip_value_decay(8760, 2, 10, reported_life=2, mode="step", rental_price=1.0, discount_rate=0.0)
    assert c.breakeven_utilisation == pytest.approx(0.5)
    idle = chip_value_decay(8760, 2, 10, reported_life=2, mode="step", rental_price=1.0, idle_years=1)
    assert idle.breakeven_utilisation_idle == pytest.approx(1.0)
    assert idle.idle_value_loss == 0.0
    never = chip_value_decay(1000, 2, 1, reported_life=3, rental_price=0.1, operating_cost=0.5)
    assert never.breakeven_utilisation is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"perf_per_dollar_gain": 1.0}, "above 1x"),
        ({"release_cadence": 0}, "positive"),
        ({"reported_life": -5}, "positive"),
        ({"idle_years": 6}, "shorter"),
        ({"cost": 0}, "positive"),
    ],
)
def test_chip_bad_input(kwargs, match):
    args = {"cost": 40000, "perf_per_dollar_gain": 4, "release_cadence": 2, "reported_life": 6} | kwargs
    with pytest.raises(InputError, match=match):
        chip_value_decay(**args)


# ------------------------------------------------------------------------------------------ financing, power


def test_morgan_stanley_default(evidence, base):
    a = run_scenario(base)
    assert a.financing.gap == ev(evidence, "ai-2023.econ.ms-financing-gap")
    by = a.financing.by_source
    for key, rid in [("private_credit", "private-credit"), ("corporate_bonds", "corporate-bonds"),
                     ("abs", "abs"), ("pe_sovereign", "pe-sovereign")]:
        assert by[key] == pytest.approx(ev(evidence, f"ai-2023.econ.ms-gap-{rid}"), abs=1e-6)
    assert sum(by.values()) == pytest.approx(a.financing.gap)


def test_financing_bad_shares():
    with pytest.raises(InputError, match="sum to 100%"):
        financing_gap(2900, 1400, {"private_credit": 0.5, "abs": 0.2})
    assert financing_gap(100, 150).gap == 0.0


def test_power_constraint():
    p = power_constraint(725, 50, (3, 4, 5), build_years=2, equipment_share=0.55, cost_of_capital=0.1,
                         annual_value_loss=0.3)
    assert p.implied_gw_per_year == pytest.approx(14.5)
    f = p.to_frame()
    assert list(f["delay_years"]) == [1, 2, 3]
    assert list(f["idle_capex"]) == pytest.approx([0.55 * 725 * d for d in (1, 2, 3)])
    assert p.cost_per_year_of_delay == pytest.approx(0.55 * 725 * 0.4)
    with pytest.raises(InputError):
        power_constraint(725, 0)


# ------------------------------------------------------------------------------------------ scenarios


@pytest.mark.parametrize("name", ["base", "bear", "bull"])
def test_packaged_scenarios_complete_and_sourced(name):
    s = load_scenario(name)
    assert set(s.inputs) == set(INPUT_SPECS)
    for i in s.inputs.values():
        assert i.source.strip(), i.name
        assert i.unit == INPUT_SPECS[i.name].unit
    # our own evidence ids must always resolve
    assert not [e for e in s.unresolved if e.startswith("ai-2023.econ.")]
    assert set(s.unresolved) <= FOUNDATION_IDS
    a = run_scenario(s)
    json.dumps(a.to_dict(), allow_nan=False)
    assert a.revenue_gap == pytest.approx(a.required_revenue - a.actual_revenue)


def test_foundation_evidence_ids_resolve(base):
    if base.unresolved:
        pytest.skip(f"foundation evidence records not merged yet: {', '.join(base.unresolved)}")
    assert all(i.evidence is None or "as of" in i.source for i in base.inputs.values())


def test_bear_worse_than_bull():
    bear, bull = run_scenario(load_scenario("bear")), run_scenario(load_scenario("bull"))
    assert bear.revenue_gap > bull.revenue_gap
    assert bear.depreciation.cumulative_understatement > bull.depreciation.cumulative_understatement


def test_overrides_and_errors(base):
    s = load_scenario("base", {"chip_life_economic": 2})
    assert s.inputs["chip_life_economic"].overridden and s.value("chip_life_economic") == 2
    assert "override" in s.inputs["chip_life_economic"].source
    assert run_scenario(s).revenue_gap > run_scenario(base).revenue_gap
    with pytest.raises(InputError, match=r"unknown scenario input 'chip_lif'.*chip_life"):
        load_scenario("base", {"chip_lif": 2})
    with pytest.raises(InputError, match="positive number of years"):
        load_scenario("base", {"chip_life_reported": -6})
    with pytest.raises(InputError, match="below 100%"):
        load_scenario("base", {"operating_margin": 100})
    with pytest.raises(InputError, match="below 100%"):
        load_scenario("base", {"end_user_gross_margin": 120})
    with pytest.raises(InputError, match="sum to 100%"):
        load_scenario("base", {"share_spv": 20})
    with pytest.raises(InputError, match="unknown scenario 'nope'"):
        load_scenario("nope")


def test_user_yaml_file(tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text(
        "name: mine\nextends: base\ninputs:\n  actual_ai_revenue:\n    value: 80\n    unit: USD bn\n"
        "    source: my estimate\n"
    )
    s = load_scenario(p)
    assert s.name == "mine" and s.value("actual_ai_revenue") == 80 and s.value("capex_need") == 2900
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "child.yaml").write_text("name: child\nextends: ../mine.yaml\ninputs: {}\n")
    child = load_scenario(sub / "child.yaml")
    assert child.name == "child" and child.value("actual_ai_revenue") == 80
    loop = tmp_path / "loop.yaml"
    loop.write_text("name: loop\nextends: loop.yaml\n")
    with pytest.raises(EvidenceError, match="loops back"):
        load_scenario(loop)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nextends: base\ninputs:\n  capex_need:\n    value: 1\n    unit: USD bn\n"
                   "    source: x\n    evidence: ai-2023.econ.ms-dc-capex-2025-2028\n")
    with pytest.raises(EvidenceError, match="differs from evidence"):
        load_scenario(bad)
    unit = tmp_path / "unit.yaml"
    unit.write_text("name: u\nextends: base\ninputs:\n  capex_need:\n    value: 2900\n    unit: USD\n    source: x\n")
    with pytest.raises(EvidenceError, match="must be in 'USD bn'"):
        load_scenario(unit)
    extra = tmp_path / "extra.yaml"
    extra.write_text("name: e\nextends: base\ninputs:\n  capex_need:\n    value: 1\n    unit: USD bn\n"
                     "    source: x\n    colour: red\n")
    with pytest.raises(EvidenceError, match="unknown field"):
        load_scenario(extra)
    rng = tmp_path / "range.yaml"
    rng.write_text("name: r\nextends: base\ninputs:\n  chip_life_economic:\n    value: 3\n    unit: years\n"
                   "    source: x\n    range: [-1, 4]\n")
    with pytest.raises(EvidenceError, match=r"inputs.chip_life_economic.range: chip_life_economic must be a positive"):
        load_scenario(rng)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(EvidenceError, match="malformed YAML"):
        load_scenario(broken)
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("name: u\nextends: base\ninputs:\n  magic:\n    value: 1\n    unit: x\n    source: x\n")
    with pytest.raises(EvidenceError, match="unknown scenario input 'magic'"):
        load_scenario(unknown)


def test_sensitivity_chip_life_and_margin(base):
    s = sensitivity(base, {"chip_life_economic": [2, 3, 4, 5, 6]})
    gaps = s.to_frame()["revenue_gap"].to_numpy()
    assert np.all(np.diff(gaps) < 0)  # longer economic life -> smaller gap
    m = sensitivity(base, {"operating_margin": [30, 40, 50, 60, 70]}).to_frame()["revenue_gap"].to_numpy()
    assert np.all(np.diff(m) < 0)
    grid = sensitivity(base, {"chip_life_economic": [2, 6], "operating_margin": [30, 70]})
    t = grid.to_frame()
    assert t.shape == (2, 2) and t.loc[2.0, 30.0] == t.to_numpy().max()
    assert base.value("chip_life_economic") == 3  # the scenario itself is unchanged
    d = sensitivity(base, {"chip_life_economic": [2, 6]}, output="depreciation_understatement").to_frame()
    assert d.iloc[0, 0] > 0 and d.iloc[1, 0] == pytest.approx(0.0, abs=1e-9)  # same life -> no gap
    with pytest.raises(InputError):
        sensitivity(base, {"chip_life_economic": [-1]})
    with pytest.raises(InputError, match="unknown output"):
        sensitivity(base, {"chip_life_economic": [2]}, output="nope")


def test_tornado(base):
    t = tornado(base)
    f = t.to_frame()
    assert list(f["swing"]) == sorted(f["swing"], reverse=True)
    assert "chip_life_economic" in set(f["parameter"]) and "operating_margin" in set(f["parameter"])
    assert "accelerator_run_rate" not in set(f["parameter"])  # does not move the ROIC gap
    fig = t.plot()
    assert len(fig.data) == 2


def test_deterministic_and_plots(base):
    a1, a2 = run_scenario(base), run_scenario(base)
    assert json.dumps(a1.to_dict()) == json.dumps(a2.to_dict())
    for r in (a1, a1.depreciation, a1.chips, a1.financing, a1.power, a1.headline):
        assert r.summary()
        assert isinstance(r.to_frame(), pd.DataFrame)
        assert r.plot() is not None
    assert math.isfinite(a1.metrics["revenue_gap"])


# ------------------------------------------------------------------------------------------ filings (real data)


def _text(path) -> str:
    import html
    import re

    raw = path.read_text(encoding="utf-8", errors="replace")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def test_life_change_records_match_10k_filings(shared_data, evidence):
    """The Amazon and Meta records quote their 10-K filings (inline XBRL copies in ../shared/data/sec)."""
    folder = shared_data / "sec" / "10k_ixbrl"
    amzn, meta = folder / "amzn-10-k-2025-02-07.html", folder / "meta-10-k-2025-01-30.html"
    if not (amzn.exists() and meta.exists()):
        pytest.skip("10-K iXBRL files absent from the shared data folder")
    a, m = _text(amzn), _text(meta)
    assert "servers and networking equipment, effective January 1, 2025, from six years to five years" in a
    assert ev(evidence, "ai-2023.econ.life-amzn-2025") == 5 and ev(evidence, "ai-2023.econ.life-amzn-2025-prior") == 6
    assert "decrease in 2025 operating income of approximately $ 0.7 billion" in a
    assert ev(evidence, "ai-2023.econ.life-amzn-2025-effect") == -0.7
    assert "increased the useful life of our servers from five years to six years effective January 1, 2024" in a
    assert "reduction in depreciation and amortization expense of $ 3.2 billion" in a
    assert ev(evidence, "ai-2023.econ.life-amzn-2024-effect") == 3.2
    assert "estimated useful life to 5.5 years, effective beginning fiscal year 2025" in m
    assert ev(evidence, "ai-2023.econ.life-meta-2025") == 5.5
    assert "reduce our full-year 2025 depreciation expense by approximately $2.9 billion" in m
    assert ev(evidence, "ai-2023.econ.life-meta-2025-effect") == 2.9


def test_every_life_change_is_cited(evidence):
    lives = {r.id: r for r in evidence.records.values() if r.metric == "server_useful_life"}
    assert {"ai-2023.econ.life-msft-fy2023", "ai-2023.econ.life-googl-2023", "ai-2023.econ.life-amzn-2024",
            "ai-2023.econ.life-amzn-2025", "ai-2023.econ.life-meta-2025"} <= set(lives)
    for r in lives.values():
        assert r.source.url and r.source.url.startswith("https://www.sec.gov/")
        assert "depreciation" in r.informs
        assert f"{r.id}-prior" in evidence.records
    assert FINANCING_SOURCES[0] == "private_credit"


def test_depreciation_by_company_uses_disclosed_lives(evidence):
    from bubblescope.economics import depreciation_gap_by_company

    capex = pd.DataFrame({"MSFT": {2024: 60.0, 2025: 90.0}, "META": {2024: 40.0, 2025: 70.0}})
    lives = {"MSFT": ev(evidence, "ai-2023.econ.life-msft-fy2023"), "META": ev(evidence, "ai-2023.econ.life-meta-2025")}
    res = depreciation_gap_by_company(capex, lives, 3, period=(2024, 2025))
    msft = depreciation_gap(capex["MSFT"], 6, 3, period=(2024, 2025)).cumulative_understatement
    meta = depreciation_gap(capex["META"], 5.5, 3, period=(2024, 2025)).cumulative_understatement
    assert res.companies["MSFT"].cumulative_understatement == pytest.approx(msft)
    # 2024: 60/3 - 60/6 = 10; 2025: 150/3 - 150/6 = 25
    assert msft == pytest.approx(35)
    assert res.total_understatement == pytest.approx(msft + meta)
    assert list(res.to_frame()["reported_life"]) == [6, 5.5]
    with pytest.raises(InputError, match="no reported life for META"):
        depreciation_gap_by_company(capex, {"MSFT": 6}, 3)


def _ixbrl_values(path, tag: str) -> list[float]:
    import re

    raw = path.read_text(encoding="utf-8", errors="replace")
    return [float(v.replace(",", "")) / 1000 for v in re.findall(rf'name="{tag}"[^>]*scale="6"[^>]*>([\d,]+)<', raw)]


def test_capex_2024_source_matches_sec_filings(shared_data, base):
    """The per-company 2024 capex quoted in base.yaml's source matches the SEC data (USD bn, rounded)."""
    sec = shared_data / "sec"
    googl = sec / "companyfacts" / "CIK0001652044_GOOGL_companyfacts.json"
    amzn = sec / "10k_ixbrl" / "amzn-10-k-2025-02-07.html"
    meta = sec / "10k_ixbrl" / "meta-10-k-2025-01-30.html"
    if not (googl.exists() and amzn.exists() and meta.exists()):
        pytest.skip("SEC files absent from the shared data folder")
    facts = json.loads(googl.read_text(encoding="utf-8"))
    rows = facts["facts"]["us-gaap"]["PaymentsToAcquirePropertyPlantAndEquipment"]["units"]["USD"]
    annual = {int(r["frame"][2:]): r["val"] / 1e9 for r in rows
              if r.get("form") == "10-K" and r.get("frame", "").startswith("CY") and len(r["frame"]) == 6}
    amzn_2024 = max(_ixbrl_values(amzn, "us-gaap:PaymentsToAcquireProductiveAssets"))
    meta_2024 = max(_ixbrl_values(meta, "us-gaap:PaymentsToAcquirePropertyPlantAndEquipment"))
    src = base.inputs["capex_2024"].source
    assert f"Alphabet {round(annual[2024])}" in src
    assert f"Amazon {round(amzn_2024)}" in src
    assert f"Meta {round(meta_2024)}" in src
    # a real capex schedule through the per-company depreciation gap: hand sum of one year
    from bubblescope.economics import depreciation_gap_by_company

    capex = pd.DataFrame({"GOOGL": pd.Series(annual)}).loc[2018:2025]
    res = depreciation_gap_by_company(capex, {"GOOGL": 6}, 3, period=(2025, 2025))
    c = capex["GOOGL"]
    by_hand = c.loc[2023:2025].sum() / 3 - c.loc[2020:2025].sum() / 6
    assert res.total_understatement == pytest.approx(by_hand)


def test_power_path_integer_and_fractional_delay():
    from bubblescope.economics import power_path

    capex = pd.Series({2024: 100.0, 2025: 200.0, 2026: 300.0})
    p = power_path(capex, 50, queue_years=3, build_years=2, equipment_share=0.5).to_frame()
    assert list(p["implied_gw"]) == [2, 4, 6]
    assert list(p["connectable_gw"]) == [0, 2, 4]  # one year late
    assert list(p["idle_gw"]) == [2, 4, 6]
    assert list(p["idle_capex"]) == [50, 100, 150]
    none = power_path(capex, 50, queue_years=1, build_years=2).to_frame()
    assert list(none["connectable_gw"]) == [2, 4, 6] and not none["idle_gw"].any()
    half = power_path(capex, 50, queue_years=2.5, build_years=2).to_frame()
    assert list(half["connectable_gw"]) == pytest.approx([1, 3, 5])
    assert half["connectable_gw"].sum() + half["idle_gw"].iloc[-1] == pytest.approx(12)
    with pytest.raises(InputError):
        power_path(capex, 50, queue_years=-1)


def test_disclosed_life_changes_table(evidence):
    from bubblescope.economics import disclosed_life_changes

    t = disclosed_life_changes(evidence)
    assert list(t["effective"]) == sorted(t["effective"])
    by = {r["id"]: r for _, r in t.iterrows()}
    assert (by["ai-2023.econ.life-msft-fy2023"]["prior_life"], by["ai-2023.econ.life-msft-fy2023"]["new_life"]) == (4, 6)
    assert (by["ai-2023.econ.life-amzn-2025"]["prior_life"], by["ai-2023.econ.life-amzn-2025"]["new_life"]) == (6, 5)
    assert by["ai-2023.econ.life-meta-2025"]["new_life"] == 5.5
    assert by["ai-2023.econ.life-googl-2023"]["effect"] == 3.9
    assert all(s.startswith(("Microsoft", "Alphabet", "Amazon", "Meta")) for s in t["source"])


def test_required_revenue_path_hand_computed():
    from bubblescope.economics import required_revenue_path

    capex = pd.Series({2024: 100.0, 2025: 200.0})
    p = required_revenue_path(capex, 0.10, 0.5, asset_mix=((1.0, 2.0),), actual_revenue=10.0).to_frame()
    f = capital_recovery_factor(0.10, 2)  # 0.1 / (1 - 1.1**-2) = 0.57619048
    assert f == pytest.approx(0.57619048, abs=1e-8)
    assert list(p.index) == [2024, 2025, 2026]
    assert list(p["required_cash_profit"]) == pytest.approx([100 * f, 300 * f, 200 * f])
    assert list(p["required_revenue"]) == pytest.approx([200 * f, 600 * f, 400 * f])
    assert p["gap"].iloc[0] == pytest.approx(200 * f - 10)
    # a single vintage over a 1.5-year life pays a full factor, then half
    half = required_revenue_path(pd.Series({2024: 100.0}), 0.1, 0.5, ((1.0, 1.5),)).to_frame()
    g = capital_recovery_factor(0.1, 1.5)
    assert list(half["required_cash_profit"]) == pytest.approx([100 * g, 50 * g])
    with pytest.raises(InputError, match="sum to 100%"):
        required_revenue_path(capex, 0.1, 0.5, ((0.5, 3),))


@pytest.mark.parametrize(
    "name, value, match",
    [
        ("operating_margin", 100, "below 100%"),
        ("accelerator_share_of_dc_cost", 0, "above 0% and at most 100%"),
        ("share_abs", 101, "between 0% and 100%"),
        ("facility_life", 0, "positive number of years"),
        ("capex_2025", -1, r"must not be negative \(got -1 USD bn\)"),
        ("gw_per_year", -1, r"must not be negative \(got -1 GW\)"),
        ("capex_per_gw", 0, r"must be positive \(got 0 USD bn/GW\)"),
        ("next_gen_performance", 1, "above 1x"),
        ("period_start", 2024.5, "a year between 1900 and 2100"),
        ("actual_ai_revenue", float("nan"), "finite number"),
        ("actual_ai_revenue", "lots", "must be a number"),
    ],
)
def test_check_value_rejects_each_kind_at_its_boundary(name, value, match):
    from bubblescope.economics.inputs import check_value

    with pytest.raises(InputError, match=match):
        check_value(name, value)


def test_check_value_accepts_the_boundaries_it_allows():
    from bubblescope.economics.inputs import check_value

    assert check_value("share_abs", 0) == 0.0  # share0: 0% allowed
    assert check_value("accelerator_share_of_dc_cost", 100) == 100.0  # share: 100% allowed
    assert check_value("pretax_income", -5) == -5.0  # money_any: any finite number


def test_scenario_module_keeps_the_old_names():
    from bubblescope.economics import assessment, inputs, scenario
    from bubblescope.economics import sensitivity_analysis as sens

    assert scenario.Scenario is inputs.Scenario and scenario.INPUT_SPECS is inputs.INPUT_SPECS
    assert scenario.run_scenario is assessment.run_scenario and scenario.CapexAssessment is assessment.CapexAssessment
    assert scenario.tornado is sens.tornado and scenario.Sensitivity is sens.Sensitivity


@pytest.mark.parametrize(
    "items, match",
    [
        (["chip_life_economic"], "expects name=v1,v2"),
        (["chip_lifetime=2,3"], "unknown scenario input 'chip_lifetime'"),
        (["chip_life_economic=2,x"], "numbers separated by commas"),
        (["chip_life_economic=,"], "no values"),
        (["chip_life_economic=2", "operating_margin=40", "target_return=5"], "at most two inputs"),
    ],
)
def test_parse_grid_errors(items, match):
    from bubblescope.economics import parse_grid

    with pytest.raises(InputError, match=match):
        parse_grid(items)


def test_parse_grid_and_assignments():
    from bubblescope.economics import parse_assignments, parse_grid

    assert parse_grid(["chip_life_economic=2, 3,4", " operating_margin=40"]) == {
        "chip_life_economic": [2.0, 3.0, 4.0], "operating_margin": [40.0]}
    assert parse_assignments(["operating_margin = 40 %"]) == {"operating_margin": 40.0}
    with pytest.raises(InputError, match="--set expects name=value"):
        parse_assignments(["operating_margin"])


def test_json_attrs_keeps_the_given_order():
    from bubblescope.economics._common import json_attrs

    r = roic_implied(650.0, 0.10, investments=(5000.0,))
    d = json_attrs(r, "target_return", "required_revenue", extra=np.float64(1.5), nan=float("nan"))
    assert list(d) == ["target_return", "required_revenue", "extra", "nan"]
    assert d == {"target_return": 0.10, "required_revenue": 650.0, "extra": 1.5, "nan": None}
