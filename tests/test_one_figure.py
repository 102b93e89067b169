"""One source of truth (issue 15): the revenue needed is one number in the score, economics and report."""

from __future__ import annotations

import json

import pytest

import _report_builds as rb


def _walk(obj, key):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == key:
                yield v
            yield from _walk(v, key)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk(v, key)


def test_revenue_needed_is_one_figure_in_score_economics_and_report(cli):
    from bubblescope.economics.needed import episode_revenue_needed

    central = episode_revenue_needed().central
    # economics: `capex base --json`
    r = cli("capex", "base", "--json")
    assert r.code == 0, r
    assert json.loads(r.out)["range"]["central"] == pytest.approx(central, rel=1e-12)
    # the four-factor score: the denominator of revenue coverage
    s = cli("score", "ai-2023", "--json")
    assert s.code == 0, s
    unc = next(f for f in json.loads(s.out)["factors"] if f["factor"] == "uncertainty")
    cov = next(i for i in unc["indicators"] if i["metric"] == "revenue_coverage_pct")
    assert cov["value"] == pytest.approx(100 * 50 / central, rel=1e-9)
    # the report: the verdict card, the verdict's headline range
    doc = json.loads((rb.offline() / "report.json").read_text(encoding="utf-8"))
    verdict = next(x for x in doc["sections"] if x["id"] == "verdict")["data"]
    assert verdict["revenue_gap"]["required"] == pytest.approx(central, rel=1e-12)
    head = next(h for h in verdict["judgement"]["headlines"] if h["name"] == "revenue_needed")
    assert head["central"] == pytest.approx(central, rel=1e-12)
    sig = next(x for x in verdict["judgement"]["signals"] if x["name"] == "economics:revenue_coverage")
    assert sig["value"] == pytest.approx(50 / central, rel=1e-9)
