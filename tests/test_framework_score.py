"""The four-factor score: rubric thresholds, evidence tracing, overrides, comparison."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.economics.complete import with_revenue_needed
from bubblescope.economics.needed import episode_revenue_needed
from bubblescope.errors import EvidenceError, InputError
from bubblescope.evidence import load_evidence
from bubblescope.evidence.loader import build_base, parse_episode_file
from bubblescope.evidence.schema import FACTORS
from bubblescope.framework import compare_episodes, parse_override, score_episode
from bubblescope.framework.rubric import default_rubric, parse_rubric
from bubblescope.framework.score import Override


@pytest.fixture(scope="module")
def base():
    return load_evidence()


def _record(rid, episode, metric, value, informs="novice_investors", as_of="2025-10", unit="x"):
    return (f"  - id: {rid}\n    episode: {episode}\n    informs: [{informs}]\n    metric: {metric}\n"
            f"    value: {value}\n    unit: {unit}\n    as_of: {as_of}\n    source: {{organisation: Me, title: Test}}\n"
            + ("    coded_by: bubblescope\n" if metric.endswith("_assessment") else ""))


def _with_user(tmp_path, *records):
    f = tmp_path / "mine.yaml"
    f.write_text("evidence:\n" + "".join(records), encoding="utf-8")
    return load_evidence([f])


def test_every_point_traces_to_existing_evidence(base):
    for eid in base.episodes:
        res = score_episode(eid, base)
        assert 0 <= res.total <= 8
        assert res.total == sum(f.points for f in res.factors)
        for f in res.factors:
            assert f.points in (0, 1, 2)
            if f.basis != "no evidence":
                assert f.evidence_ids, (eid, f.factor)
            for rid in f.evidence_ids:
                # the economics model's revenue needed is computed, not packaged (issue 15: one figure)
                rec = base.get(rid) if rid in base.records else with_revenue_needed(base, eid).get(rid)
                assert rec.episode == eid


def test_ai_2023_rests_on_measured_agreed_evidence(base):
    res = score_episode("ai-2023", base)
    assert res.measured_share == 1.0
    ids = {i for f in res.factors for i in f.evidence_ids}
    assert {"ai-2023.ai-revenue-annual", "ai-2023.required-revenue-model"} <= ids
    unc = res.factor("uncertainty")
    cov = next(i for i in unc.indicators if i.metric == "revenue_coverage_pct")
    # one revenue-needed figure (issue 15): the economics model's, as in `capex --json` range.central
    assert cov.value == pytest.approx(100 * 50 / episode_revenue_needed(evidence=base).central)


def test_default_episode_is_ai(base):
    assert score_episode(None, base).episode_id == "ai-2023"


def test_comparison_puts_booms_above_controls(base):
    cmp = compare_episodes(base=base)
    totals = {r.episode_id: r.total for r in cmp.results}
    assert totals["ai-2023"] == totals["dotcom-1995"] == max(totals.values())
    controls = [e for e, ep in base.episodes.items() if ep.control]
    assert len(controls) >= 10
    assert set(cmp.ranking[-len(controls):]) <= set(controls) | {"telephone-1880", "television-1948"}
    assert all(totals["insulin-1922"] <= totals[e] for e in totals)
    assert len(cmp.to_frame()) == len(base.episodes)


@pytest.mark.parametrize(
    ("factor", "records"),
    [
        ("novice_investors", [_record("ai-2023.finra-margin-debt-2023-10", "ai-2023", "margin_debt_2y_earlier",
                                      1100, as_of="2023-10")]),
        ("pure_plays", [_record("ai-2023.pitchbook-ai-vc-share", "ai-2023", "venture_funding_share_pct", 5,
                                informs="pure_plays")]),
        ("narratives", [_record("ai-2023.narrative-families-article", "ai-2023", "narrative_families_present", 1,
                                informs="narratives")]),
        ("uncertainty", [_record("ai-2023.ai-revenue-annual", "ai-2023", "technology_revenue_annual", 600,
                                 informs="uncertainty", unit="USD bn")]),
    ],
)
def test_moving_one_indicator_across_threshold_changes_only_that_factor(tmp_path, base, factor, records):
    before = score_episode("ai-2023", base)
    after = score_episode("ai-2023", _with_user(tmp_path, *records))
    changed = [f.factor for f, g in zip(before.factors, after.factors, strict=True) if f.points != g.points]
    assert changed == [factor]
    assert after.factor(factor).points < before.factor(factor).points


def test_margin_threshold_exact_boundaries(tmp_path):
    ind = next(i for i in default_rubric().factors["novice_investors"].indicators
               if i.metric == "margin_debt_growth_2y_pct")
    # growth = 100 * (now / before - 1); before = 100 -> growth = now - 100
    for now, expected in [(119.99, 0), (120, 1), (149.99, 1), (150, 2)]:
        b = _with_user(tmp_path,
                       _record("ai-2023.finra-margin-debt-2025-10", "ai-2023", "margin_debt", now),
                       _record("ai-2023.finra-margin-debt-2023-10", "ai-2023", "margin_debt_2y_earlier", 100,
                               as_of="2023-10"))
        f = score_episode("ai-2023", b).factor("novice_investors")
        assert f.points == expected == ind.points(now - 100), now


@settings(max_examples=60, deadline=None)
@given(value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_indicator_points_monotone(value):
    for fr in default_rubric().factors.values():
        for ind in fr.indicators:
            if ind.coded:
                continue
            p = ind.points(value)
            assert p in (0, 1, 2)
            bigger = ind.points(value + 1.0)
            assert (bigger >= p) if ind.direction == "higher" else (bigger <= p)


_EPISODE = ("episode:\n  id: synth\n  name: Synthetic\n  technology: t\n  region: r\n  start: 2000\n"
            "evidence:\n")


@settings(max_examples=40, deadline=None)
@given(growth=st.floats(min_value=-90, max_value=500, allow_nan=False))
def test_synthetic_novice_score_matches_rubric(growth):
    text = _EPISODE + _record("synth.m1", "synth", "margin_debt", 100 + growth) + _record(
        "synth.m0", "synth", "margin_debt_2y_earlier", 100, as_of="2023-10") + _record(
        "synth.pp", "synth", "pure_plays_assessment", 1, informs="pure_plays")
    base = build_base([("synth.yaml", parse_episode_file(text, "synth.yaml"))])
    res = score_episode("synth", base)
    ind = next(i for i in default_rubric().factors["novice_investors"].indicators if not i.coded)
    assert res.factor("novice_investors").points == ind.points(100 * ((100 + growth) / 100 - 1))
    assert res.factor("pure_plays").points == 1 and res.factor("pure_plays").basis == "coded"
    assert res.factor("uncertainty").basis == "no evidence" and res.factor("uncertainty").points == 0


def test_overrides_are_recorded_not_hidden(base):
    res = score_episode("ai-2023", base, ["pure_plays=1:OpenAI is private, Nvidia is diversified"])
    f = res.factor("pure_plays")
    assert f.points == 1 and f.computed_points == 2 and f.override is not None
    assert res.total == res.computed_total - 1
    d = res.to_dict()
    pp = next(x for x in d["factors"] if x["factor"] == "pure_plays")
    assert pp["override"] == {"factor": "pure_plays", "points": 1, "reason": "OpenAI is private, Nvidia is diversified"}
    assert d["overrides"] and d["computed_total"] == res.computed_total
    assert "override" in res.summary()
    assert res.to_frame().loc["pure_plays", "overridden"]


def test_override_mapping_form(base):
    res = score_episode("ai-2023", base, {"narratives": (0, "analyst disagrees")})
    assert res.factor("narratives").points == 0


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("pure_plays=3:too high", "0, 1 or 2"),
        ("pure_plays=-1:negative", "0, 1 or 2"),
        ("pure_plays=two:words", "0, 1 or 2"),
        ("hype=1:unknown factor", "unknown factor"),
        ("pure_plays=1:", "reason is required"),
        ("pure_plays=1", "expected factor=points:reason"),
    ],
)
def test_bad_overrides(text, needle):
    with pytest.raises(InputError, match=needle):
        parse_override(text)


def test_override_given_twice(base):
    with pytest.raises(InputError, match="twice"):
        score_episode("ai-2023", base, ["pure_plays=1:a", "pure_plays=2:b"])


def test_override_object_validates():
    with pytest.raises(InputError):
        Override("pure_plays", True, "bool is not a score")


def test_unknown_episode(base):
    with pytest.raises(EvidenceError, match="unknown episode 'nope'"):
        score_episode("nope", base)


def test_coded_value_out_of_range(tmp_path):
    b = _with_user(tmp_path, _record("insulin-1922.pure-plays-coded", "insulin-1922", "pure_plays_assessment", 3,
                                     informs="pure_plays"))
    with pytest.raises(EvidenceError, match="must be 0, 1 or 2"):
        score_episode("insulin-1922", b)


def test_text_value_for_measured_indicator(tmp_path):
    b = _with_user(tmp_path, _record("ai-2023.pitchbook-ai-vc-share", "ai-2023", "venture_funding_share_pct",
                                     "lots", informs="pure_plays"))
    with pytest.raises(EvidenceError, match="must be a number"):
        score_episode("ai-2023", b)


def test_rubric_is_data_and_validated():
    r = default_rubric()
    assert tuple(r.factors) == FACTORS
    for fr in r.factors.values():
        assert sorted(fr.criteria) == [0, 1, 2]
    with pytest.raises(EvidenceError, match="wrong order"):
        parse_rubric(
            "version: 1\nfactors:\n  uncertainty:\n    title: U\n    question: q\n    criteria: {0: a, 1: b, 2: c}\n"
            "    indicators:\n      - {metric: m, label: l, unit: u, direction: higher, one: 5, two: 1}\n")


def test_result_shapes(base):
    res = score_episode("dotcom-1995", base)
    assert list(res.to_frame().index) == list(FACTORS)
    fig = res.plot()
    assert fig.data[0].type == "scatterpolar"
    cmp = compare_episodes(["ai-2023", "insulin-1922"], base)
    assert cmp.plot().data[0].type == "bar"
    assert "Insulin" in cmp.summary()
