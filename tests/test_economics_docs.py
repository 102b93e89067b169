"""The figures quoted in docs/economics.md are what the code computes (no hand-typed results)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bubblescope.economics import load_scenario, run_scenario, sensitivity

DOC = Path(__file__).resolve().parents[1] / "docs" / "economics.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_base_scenario_figures_in_docs(doc):
    a = run_scenario(load_scenario("base"))
    assert f"**{a.revenue['roic_annuity'].required_revenue:,.1f}**" in doc
    assert f"**{a.depreciation.cumulative_understatement:,.1f}**" in doc
    assert f"{a.depreciation.cumulative_share_of_earnings:.1%}" in doc
    assert f"**{a.chips.breakeven_utilisation:.0%}**" in doc
    idle = " / ".join(f"{v:,.0f}" for v in a.power.frame["idle_capex"])
    assert idle in doc
    assert f"{a.power.cost_per_year_of_delay:,.0f} a year in the base case" in doc
    assert f"**{a.metrics['path_required_revenue_last_capex_year']:,.0f}** a year in 2028" in doc
    bear = run_scenario(load_scenario("bear"))
    assert f"needs {bear.chips.breakeven_utilisation:.0%}" in doc


def test_burry_variants_in_docs(doc):
    five = run_scenario(load_scenario("base", {"chip_life_reported": 5})).depreciation.cumulative_understatement
    four = run_scenario(load_scenario("base", {"chip_life_economic": 4})).depreciation.cumulative_understatement
    assert f"**{five:,.1f}**" in doc and f"**{four:,.1f}**" in doc


def test_sensitivity_tables_in_docs(doc):
    s = load_scenario("base")
    life = sensitivity(s, {"chip_life_economic": [2, 3, 4, 5, 6]}).to_frame()["revenue_gap"]
    margin = sensitivity(s, {"operating_margin": [30, 40, 50, 60, 70]}).to_frame()["revenue_gap"]
    for series in (life, margin):
        row = "| gap | " + " | ".join(f"{v:,.0f}" for v in series) + " |"
        assert row in doc


def test_burry_reproduction_in_docs(doc):
    from bubblescope.economics.vintages import burry_reproduction

    r = burry_reproduction(load_scenario("base"))
    assert f"**{r.result:,.1f}**, {r.diff_pct:+.1f}% from 176" in doc


def test_published_estimates_and_range_in_docs(doc):
    from bubblescope.economics.needed import episode_revenue_needed
    from bubblescope.economics.published import published_estimates
    from bubblescope.evidence.loader import load_evidence

    p = published_estimates(load_evidence(), {"target_return": (10, "s"), "operating_margin": (50, "s")})
    for e in p.estimates:
        assert f"| {e.label} | {e.method} | {e.result:,.1f} | {e.paper_value:,.1f} | {e.diff_pct:+.1f}% |" in doc
    n = episode_revenue_needed()
    assert f"**{n.central:,.0f}** a year in {n.year} (range **{n.low:,.0f}** to **{n.high:,.0f}**)" in doc
