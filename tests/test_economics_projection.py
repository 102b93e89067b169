"""Issue 18, point 5: compounding projections are capped by a documented ceiling, shown on the chart."""

from __future__ import annotations

import math

import pytest

from bubblescope.economics.projection import CEILING_RECORD, capped_projection, years_to_reach
from bubblescope.evidence.loader import load_evidence


def test_cap_binds_and_is_flagged():
    f = capped_projection(50, 0.727, 2025, 2035, 5430)
    assert f["uncapped"].iloc[-1] > 10_000  # the uncapped line that the dashboard used to show
    assert f["revenue"].max() == pytest.approx(5430)
    assert f["capped"].iloc[-1] and not f["capped"].iloc[0]
    assert (f["revenue"] <= f["ceiling"]).all()


def test_years_to_reach():
    assert years_to_reach(50, 1.0, 400, 5430) == pytest.approx(3.0)
    assert math.isinf(years_to_reach(50, 1.0, 6000, 5430))


def test_ceiling_is_sourced():
    rec = load_evidence().records[CEILING_RECORD]
    assert rec.numeric == 5430 and rec.source.organisation == "Gartner"


def test_dashboard_projection_is_capped_and_charted():
    from dataclasses import replace

    from bubblescope.dashboard.data import load_dashboard_data
    from bubblescope.dashboard.model import compute_whatif, default_assumptions

    data = load_dashboard_data()
    a = replace(default_assumptions(data), ai_revenue_growth_pct=72.7, horizon_year=2035)
    res = compute_whatif(data, a)
    assert res.revenue_path["revenue"].max() <= 5430 + 1e-9
    assert res.metrics["revenue_at_horizon"] == pytest.approx(5430)
    names = [t.name for t in res.plot().data]
    assert any("ceiling" in (n or "") for n in names)
