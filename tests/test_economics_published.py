"""Issue 18, points 2 and 6: published estimates by their own methods; the one revenue-needed figure."""

from __future__ import annotations

import json

import pytest

from bubblescope.economics import load_scenario
from bubblescope.economics.needed import RULE, episode_revenue_needed, revenue_needed
from bubblescope.economics.published import (
    bain,
    per_user,
    published_estimates,
    roic_perpetuity,
    sequoia,
    wealth_effect_share_of_gdp,
)
from bubblescope.errors import InputError
from bubblescope.evidence.loader import load_evidence

SV = {"target_return": (10.0, "scenario"), "operating_margin": (50.0, "scenario")}


def test_methods_by_hand():
    assert sequoia(150, 0.5, 0.5) == pytest.approx(600)
    assert per_user(34.72, 1.5) == pytest.approx(624.96)
    assert roic_perpetuity(5000, 0.10, 0.5) == pytest.approx(1000)
    assert bain(500, 0.25) == pytest.approx(2000)
    assert wealth_effect_share_of_gdp(42000, 0.491, 0.032, 31095.089) == pytest.approx(
        100 * 42000 * 0.491 * 0.032 / 31095.089)


def test_published_estimates_against_the_papers():
    p = published_estimates(load_evidence(), SV)
    assert p.get("sequoia_2023").result == pytest.approx(200)
    assert p.get("sequoia_2024").result == pytest.approx(600) and p.get("sequoia_2024").paper_value == 600
    assert p.get("sequoia_2025").paper_value == 840 and abs(p.get("sequoia_2025").diff_pct) < 5
    assert abs(p.get("jpmorgan_iphone").diff_pct) < 5 and abs(p.get("jpmorgan_netflix").diff_pct) < 5
    assert p.get("bain_2030").result == pytest.approx(2000)
    assert p.get("morgan_stanley_gap").result == pytest.approx(1500)
    # the Economist's crash is an independent input (S&P 500 2000-2002), not back-solved: the difference shows
    e = p.get("economist_gdp")
    assert e.paper_value == 1.6 and e.diff_pct > 10
    for est in p.estimates:
        assert all(i.source for i in est.inputs), est.name


def test_missing_source_raises():
    ev = load_evidence()
    from dataclasses import replace

    records = dict(ev.records)
    del records["ai-2023.pub.iphone-users"]
    with pytest.raises(InputError, match="missing"):
        published_estimates(replace(ev, records=records), SV)


def test_capex_json_has_published_and_range(cli):
    r = cli("capex", "base", "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    pub = {p["name"]: p for p in d["published"]}
    for p in pub.values():
        assert {"name", "inputs", "result", "paper_value", "diff_pct"} <= set(p)
    assert pub["sequoia_2024"]["result"] == pytest.approx(600)
    assert abs(pub["jpmorgan_iphone"]["result"] / 650 - 1) < 0.05
    assert "bain_2030" in pub and "economist_gdp" in pub
    rg = d["range"]
    assert rg["low"] <= rg["central"] <= rg["high"]
    assert rg["central"] == pytest.approx(d["metrics"]["path_required_revenue_last_capex_year"])


def test_revenue_needed_is_the_phased_path_with_bull_and_bear():
    r = episode_revenue_needed()
    assert (r.low, r.high) != (r.central, r.central)
    assert r.scenarios == ("bull", "base", "bear")
    from bubblescope.economics import run_scenario

    assert r.central == pytest.approx(run_scenario(load_scenario("base")).revenue_path.frame.loc[2028, "required_revenue"])
    assert r.coverage == pytest.approx(50 / r.central)


def test_revenue_needed_overrides_apply_to_all_three():
    a = episode_revenue_needed({"operating_margin": 30})
    b = episode_revenue_needed()
    assert a.central > b.central and a.low > b.low


def test_revenue_needed_signal():
    (s,) = episode_revenue_needed().to_signals()
    assert s.family == "economics" and s.rule == RULE
    assert s.bubble == pytest.approx(1 - s.value) and s.as_of == "2025-09-01"


def test_revenue_needed_bad_year():
    with pytest.raises(InputError):
        revenue_needed(load_scenario("base"), year=2035)


def test_complete_assessment_signals_and_range():
    from bubblescope.economics import run_scenario
    from bubblescope.economics.needed import complete_assessment

    a = complete_assessment(run_scenario(load_scenario("base")))
    assert a.range is a.needed and a.needed is not None
    assert [e.name for e in a.published][:2] == ["sequoia_2023", "sequoia_2024"]  # iterable for the report
    names = [s.name for s in a.to_signals()]
    assert names == ["economics:revenue_coverage", "economics:depreciation_understatement"]
    assert all(s.family == "economics" for s in a.to_signals())


def test_report_headline_uses_the_phased_central_value():
    from types import SimpleNamespace

    from bubblescope.economics import run_scenario
    from bubblescope.economics.needed import complete_assessment
    from bubblescope.report.signals import headlines

    a = complete_assessment(run_scenario(load_scenario("base")))
    (h,) = headlines(SimpleNamespace(capex=a))
    assert a.needed is not None
    assert h.central == pytest.approx(a.needed.central) and h.low == pytest.approx(a.needed.low)
    assert any(n.startswith("Sequoia 2024") and v == 600.0 for n, v in h.published)  # shown by label
