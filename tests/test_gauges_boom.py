"""The five boom/bubble gauges: colours, the red-count rule, user thresholds, missing and bad input."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bubblescope.errors import InputError
from bubblescope.gauges import (
    DEFAULT_THRESHOLDS,
    Reading,
    Threshold,
    boom_bubble_gauges,
    doubling_time_years,
    thresholds_with,
    verdict_for,
)


def r(value: float, unit: str) -> Reading:
    return Reading(value, "2025-09", "test source", unit)


def all_five(**kw):
    base = {
        "capex_share_gdp": r(0.9, "%"),
        "capex": r(370, "USD bn"),
        "genai_revenue": r(50, "USD bn"),
        "revenue_earlier": (r(3.7, "USD bn"), 2024.5),
        "revenue_later": (r(13, "USD bn"), 2025.5),
        "nasdaq100_pe": r(32, "x"),
        "ocf_funded_share": r(80, "%"),
    }
    base.update(kw)
    return boom_bubble_gauges(**base)


def test_values_and_colours_with_defaults():
    res = all_five()
    assert res["economic_strain"].colour == "green"
    assert res["industry_strain"].value == pytest.approx(7.4)
    assert res["industry_strain"].colour == "red"
    assert res["revenue_momentum"].value == pytest.approx(math.log(2) / math.log(13 / 3.7))
    assert res["revenue_momentum"].colour == "green"
    assert res["valuation_heat"].colour == "amber"
    assert res["funding_quality"].colour == "green"
    assert res.reds == 1 and res.available == 5 and res.verdict == "boom"
    assert "0-1 red = boom" in res.summary()


def test_rule_boom_caution_bubble():
    assert [verdict_for(n) for n in range(6)] == ["boom", "boom", "caution", "bubble", "bubble", "bubble"]
    assert verdict_for(0, available=0) == "not available"
    two = all_five(nasdaq100_pe=r(60, "x"))
    assert two.reds == 2 and two.verdict == "caution"
    three = all_five(nasdaq100_pe=r(60, "x"), ocf_funded_share=r(40, "%"))
    assert three.reds == 3 and three.verdict == "bubble"


def test_user_thresholds_change_colours():
    res = all_five(thresholds={"industry_strain": {"red": 10}, "economic_strain": {"amber": 0.5}})
    assert res["industry_strain"].colour == "amber"
    assert res["economic_strain"].colour == "amber"
    assert res.thresholds["industry_strain"].red == 10
    assert DEFAULT_THRESHOLDS["industry_strain"].red == 6.0  # defaults untouched


def test_lower_is_worse_threshold():
    t = Threshold(amber=75, red=50, higher_is_worse=False)
    assert [t.colour(v) for v in (90, 75, 60, 50, 10)] == ["green", "amber", "amber", "red", "red"]


def test_economic_strain_computed_from_capex_and_gdp():
    res = boom_bubble_gauges(capex=r(300, "USD bn"), gdp=r(30000, "USD bn"))
    assert res["economic_strain"].value == pytest.approx(1.0)
    assert res["economic_strain"].colour == "amber"


def test_missing_inputs_are_not_available_and_not_counted():
    res = boom_bubble_gauges()
    assert res.available == 0 and res.reds == 0 and res.verdict == "not available"
    assert all(g.display().startswith("not available (needs") for g in res.gauges)
    assert any("not available" in n for n in res.notes)
    import json

    json.dumps(res.to_dict(), allow_nan=False)


def test_doubling_time():
    assert doubling_time_years(1, 2, 1) == pytest.approx(1.0)
    assert doubling_time_years(1, 4, 2) == pytest.approx(1.0)
    assert math.isinf(doubling_time_years(2, 1, 1))
    res = all_five(revenue_later=(r(3.0, "USD bn"), 2025.5))
    assert res["revenue_momentum"].colour == "red"
    assert res["revenue_momentum"].display() == "none (not growing)"


@given(st.floats(0.1, 1e4), st.floats(1.0001, 100), st.floats(0.1, 10))
def test_doubling_time_property(r0, growth, years):
    t = doubling_time_years(r0, r0 * growth, years)
    assert r0 * 2 ** (years / t) == pytest.approx(r0 * growth, rel=1e-9)


def test_bad_inputs():
    with pytest.raises(InputError, match="unknown gauge"):
        thresholds_with({"nope": {"red": 1}})
    with pytest.raises(InputError, match="unknown threshold field"):
        thresholds_with({"valuation_heat": {"yellow": 1}})
    with pytest.raises(InputError, match="must not exceed red"):
        thresholds_with({"valuation_heat": {"amber": 60}})
    with pytest.raises(InputError, match="finite"):
        Threshold(amber=float("nan"), red=1)
    with pytest.raises(InputError, match="unit"):
        boom_bubble_gauges(nasdaq100_pe=r(30, "%"))
    with pytest.raises(InputError, match="between 0 and 100"):
        boom_bubble_gauges(ocf_funded_share=r(120, "%"))
    with pytest.raises(InputError, match="positive"):
        boom_bubble_gauges(capex=r(300, "USD bn"), genai_revenue=r(0, "USD bn"))
    with pytest.raises(InputError, match="time order"):
        doubling_time_years(1, 2, 0)
    with pytest.raises(InputError, match="positive"):
        doubling_time_years(0, 2, 1)
