"""The dashboard's pure what-if model: defaults reproduce the package, each assumption moves the right
outputs in the right direction, bad values fail with one-line errors."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.dashboard import (
    all_figures,
    assumption_sources,
    compute_whatif,
    default_assumptions,
    load_dashboard_data,
)
from bubblescope.economics import load_scenario, run_scenario
from bubblescope.errors import BubblescopeError, InputError
from bubblescope.framework import score_episode
from bubblescope.stress import load_network, load_shock_scenario, run_stress


@pytest.fixture(scope="module")
def data():
    return load_dashboard_data()


@pytest.fixture(scope="module")
def base(data):
    return default_assumptions(data)


@pytest.fixture(scope="module")
def res0(data, base):
    return compute_whatif(data, base)


# ------------------------------------------------------------------ defaults reproduce the package


def test_defaults_reproduce_economics_stress_and_score(data, base, res0):
    from bubblescope.economics.needed import episode_revenue_needed

    econ = run_scenario(load_scenario("base"))
    needed = episode_revenue_needed()  # the product's one revenue-needed figure (issue 15)
    assert res0.metrics["required_revenue"] == pytest.approx(needed.central, rel=1e-12)
    assert res0.metrics["revenue_gap"] == pytest.approx(needed.central - needed.actual_revenue, rel=1e-12)
    assert res0.metrics["depreciation_gap"] == pytest.approx(econ.depreciation.cumulative_understatement, rel=1e-12)
    assert res0.metrics["financing_gap"] == pytest.approx(1500.0)  # Morgan Stanley: 2,900 - 1,400
    st_ref = run_stress(load_network("ai-2023"), load_shock_scenario("ai-bust"))
    assert res0.metrics["stress_total_loss"] == pytest.approx(st_ref.totals["total_loss"], rel=1e-12)
    assert res0.metrics["stress_defaults"] == st_ref.totals["defaults"]
    assert res0.metrics["consumption_drop"] == pytest.approx(st_ref.macro.consumption_drop, rel=1e-12)
    plain = compute_whatif(data, base.replace(score_with_whatif=False))
    assert plain.score.total == score_episode("ai-2023").total


def test_default_growth_is_openai_plan(data, base):
    # (200 / 13) ** (1 / 5) - 1 = 72.7% a year, from the evidence records named in the source line
    assert base.ai_revenue_growth_pct == pytest.approx(100 * ((200 / 13) ** 0.2 - 1), abs=0.05)
    assert "ai-2023.openai-revenue-2025" in data.growth_default[1]


@pytest.mark.parametrize("preset", ["openai-shortfall", "gpu-value-halves", "ai-equities-halve", "dotcom-style-crash"])
def test_each_packaged_shock_preset_is_reproduced(data, base, preset):
    a = default_assumptions(data, shock_scenario=preset)
    res = compute_whatif(data, a)
    ref = run_stress(load_network("ai-2023"), load_shock_scenario(preset))
    assert res.metrics["stress_total_loss"] == pytest.approx(ref.totals["total_loss"], rel=1e-9)


def test_every_default_has_a_source(data, base):
    src = assumption_sources(data, base)
    assert len(src) == 15
    assert src["source"].str.len().min() > 20
    assert not src["changed"].any()
    changed = assumption_sources(data, base.replace(mpc=0.05))
    assert changed.set_index("assumption").loc["mpc", "changed"]


# ------------------------------------------------------------------ directions

UP, DOWN, SAME = 1, -1, 0

CASES = [
    # assumption, new value, {metric: direction}
    ("chip_life_economic", 2.0, {"depreciation_gap": UP, "revenue_gap": UP, "financing_gap": SAME}),
    ("chip_life_reported", 7.0, {"depreciation_gap": UP, "revenue_gap": SAME}),
    # the revenue gap is the phased one (economics.needed: every capex vintage earning its return), so
    # it moves with the capex schedule; the whole-stock annuity (invested capital) is one method beside it
    ("capex_scale_pct", 150.0, {"depreciation_gap": UP, "financing_gap": UP, "revenue_gap": UP}),
    ("invested_capital", 7000.0, {"roic_annuity_required": UP, "revenue_gap": SAME, "depreciation_gap": SAME}),
    ("ai_revenue", 200.0, {"revenue_gap": DOWN, "years_to_close_gap": DOWN, "stress_total_loss": SAME}),
    ("ai_revenue_growth_pct", 100.0, {"years_to_close_gap": DOWN, "revenue_gap": SAME}),
    ("operating_margin_pct", 70.0, {"revenue_gap": DOWN, "sequoia_required": SAME}),
    ("end_user_gross_margin_pct", 70.0, {"sequoia_required": UP, "revenue_gap": SAME}),
    ("target_return_pct", 14.0, {"revenue_gap": UP, "financing_gap": SAME}),
    ("cash_flow_cover", 1800.0, {"financing_gap": DOWN, "revenue_gap": SAME}),
    ("openai_shortfall", 0.6, {"stress_total_loss": UP, "revenue_gap": SAME}),
    ("gpu_value_loss", 0.8, {"stress_total_loss": UP, "consumption_drop": SAME}),
    ("ai_equity_drawdown", 0.8, {"stress_total_loss": UP, "wealth_loss": UP, "consumption_drop": UP}),
    ("market_drawdown", 0.3, {"wealth_loss": UP, "consumption_drop": UP, "consumption_drop_share_of_gdp": UP}),
    ("mpc", 0.05, {"consumption_drop": UP, "wealth_loss": SAME, "stress_total_loss": SAME}),
]


@pytest.mark.parametrize(("name", "value", "expect"), CASES, ids=[c[0] for c in CASES])
def test_each_assumption_moves_the_right_outputs(data, base, res0, name, value, expect):
    assert getattr(base, name) != value
    res = compute_whatif(data, base.replace(**{name: value}))
    for metric, direction in expect.items():
        old, new = res0.metrics[metric], res.metrics[metric]
        if direction == SAME:
            assert new == pytest.approx(old, rel=1e-12), metric
        elif direction == UP:
            assert new > old, metric
        else:
            assert new < old, metric


def test_override_changes_score(data, base, res0):
    res = compute_whatif(data, base.replace(overrides={"pure_plays": 0, "narratives": 1}))
    assert res.score.total == res0.score.total - 3
    assert res.metrics["score_computed_total"] == res0.metrics["score_computed_total"]
    assert res.score.factor("pure_plays").override.reason == "dashboard what-if override"


def test_revenue_coverage_feeds_uncertainty(data, base, res0):
    assert res0.score.factor("uncertainty").points == 2
    rich = base.replace(ai_revenue=3000.0)  # covers more than the 2,740 needed
    assert compute_whatif(data, rich).score.factor("uncertainty").points < 2
    assert compute_whatif(data, rich.replace(score_with_whatif=False)).score.factor("uncertainty").points == 2


def test_no_shock_means_no_stress(data, base):
    res = compute_whatif(data, base.replace(openai_shortfall=0.0, gpu_value_loss=0.0, ai_equity_drawdown=0.0,
                                            market_drawdown=0.0))
    assert res.stress is None and res.wealth is None
    assert res.metrics["stress_total_loss"] == 0.0 and res.metrics["consumption_drop"] == 0.0
    assert "no shock" in res.summary()
    assert set(all_figures(res)) == {"revenue", "methods", "depreciation", "financing", "stress", "wealth", "score"}


def test_zero_growth_never_closes_the_gap(data, base):
    res = compute_whatif(data, base.replace(ai_revenue_growth_pct=0.0))
    assert math.isinf(res.metrics["years_to_close_gap"])
    assert "never" in res.summary()
    json.dumps(res.to_dict(), allow_nan=False)  # infinities become null


def test_result_interface_and_determinism(data, base, res0):
    again = compute_whatif(data, base)
    assert json.dumps(again.to_dict(), allow_nan=False, sort_keys=True) == json.dumps(
        res0.to_dict(), allow_nan=False, sort_keys=True)
    frame = res0.to_frame()
    assert frame.loc["revenue_gap", "unit"] == "USD bn/yr"
    assert res0.plot().data
    assert "Revenue gap" in res0.summary()


# ------------------------------------------------------------------ bad input

BAD = [
    ({"chip_life_economic": 0.0}, "chip_life_economic"),
    ({"chip_life_reported": -1.0}, "chip_life_reported"),
    ({"operating_margin_pct": 100.0}, "operating_margin_pct"),
    ({"ai_revenue": float("nan")}, "ai_revenue"),
    ({"ai_revenue": -5.0}, "ai_revenue"),
    ({"openai_shortfall": 1.5}, "openai_shortfall"),
    ({"mpc": -0.1}, "mpc"),
    ({"stress_method": "magic"}, "stress_method"),
    ({"overrides": {"hype": 1}}, "unknown factor"),
    ({"overrides": {"pure_plays": 3}}, "points must be 0, 1 or 2"),
    ({"capex_scenario": "nope"}, "unknown capex scenario"),
    ({"shock_scenario": "nope"}, "unknown stress scenario"),
]


@pytest.mark.parametrize(("change", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_assumptions_raise_one_line(data, base, change, message):
    with pytest.raises(InputError, match=message) as exc:
        compute_whatif(data, base.replace(**change))
    assert "\n" not in str(exc.value)


# ------------------------------------------------------------------ properties


@settings(max_examples=15, deadline=None)
@given(rev=st.floats(1.0, 3000.0), extra=st.floats(1.0, 500.0), growth=st.floats(1.0, 150.0))
def test_revenue_gap_falls_with_revenue_and_projection_meets_requirement(data, base, rev, extra, growth):
    lo = compute_whatif(data, base.replace(ai_revenue=rev, ai_revenue_growth_pct=growth, horizon_year=2100))
    hi = compute_whatif(data, base.replace(ai_revenue=rev + extra, ai_revenue_growth_pct=growth))
    assert hi.metrics["revenue_gap"] < lo.metrics["revenue_gap"]
    assert hi.metrics["years_to_close_gap"] <= lo.metrics["years_to_close_gap"]
    t = lo.metrics["years_to_close_gap"]
    if 0 < t < 60:  # the compound-growth line crosses the requirement at t
        assert rev * (1 + growth / 100) ** t == pytest.approx(lo.metrics["required_revenue"], rel=1e-9)


def test_data_errors_are_bubblescope_errors():
    with pytest.raises(BubblescopeError, match="does not exist"):
        load_dashboard_data("/nonexistent/folder/for/bubblescope")
