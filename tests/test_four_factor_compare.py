"""Issue 20: the comparison set, provenance, sub-scores and shared ranks, leave-one-out accuracy."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from bubblescope.evidence import load_evidence
from bubblescope.evidence.schema import is_coded_metric
from bubblescope.framework.compare import compare_episodes, midrank_percentiles, shared_ranks
from bubblescope.framework.loo import auc, fit_threshold, leave_one_out
from bubblescope.framework.score import score_episode
from bubblescope.report.sections.four_factor import LOO_END, LOO_START, loo_markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "four-factors.md"


@pytest.fixture(scope="module")
def base():
    return load_evidence()


@pytest.fixture(scope="module")
def cmp(base):
    return compare_episodes(base=base)


def test_comparison_set_size_and_labels(base):
    eps = list(base.episodes.values())
    assert len(eps) >= 24
    assert sum(e.outcome == "no_bubble" for e in eps) >= 10
    assert sum(e.outcome == "bubble" for e in eps) >= 10
    for e in eps:
        if e.outcome is not None:
            assert e.outcome_source is not None and e.outcome_source.title
        assert base.for_episode(e.id), e.id  # every episode has evidence
    for e in eps:  # every labelled episode has evidence for each of the four factors
        informed = {p for r in base.for_episode(e.id) for p in r.informs}
        assert {"uncertainty", "pure_plays", "novice_investors", "narratives"} <= informed, e.id


def test_every_coded_record_says_who_coded_it(base):
    coded = [r for r in base.records.values() if is_coded_metric(r.metric, r.unit)]
    assert len(coded) >= 80
    assert all(r.coded_by in ("bubblescope", "source") for r in coded)
    r = base.get("radio-1925.pure-plays-coded")
    assert r.provenance.startswith("coded by bubblescope from University of Maryland")


def test_midrank_and_shared_ranks():
    assert midrank_percentiles([1, 2, 2, 3]) == [0.0, 0.5, 0.5, 1.0]
    assert midrank_percentiles([7]) == [0.5]
    assert shared_ranks([8, 7, 7, 5]) == [1, 2, 2, 4]
    assert shared_ranks([(8, 0.9), (8, 0.8), (8, 0.8), (7, 1.0)]) == [1, 2, 2, 4]


def test_ranks_are_shared_on_ties_and_ordered(cmp):
    rows = cmp.rows
    assert len(rows) >= 24
    keys = [(r.total, round(r.subscore, 9)) for r in rows]
    assert keys == sorted(keys, reverse=True)
    for a, b in itertools.pairwise(rows):
        assert (a.rank == b.rank) == (keys[rows.index(a)] == keys[rows.index(b)])
    assert any(a.rank == b.rank for a, b in itertools.pairwise(rows))  # the set has real ties
    assert all(0.0 <= r.subscore <= 1.0 for r in rows)
    # the sub-score separates some episodes that tie on the total
    eights = {round(r.subscore, 6) for r in rows if r.total == 8}
    assert len(eights) >= 2


def test_subscore_follows_points(cmp):
    """A factor with more points never gets a lower sub-score than one with fewer."""
    for f in ("uncertainty", "pure_plays", "novice_investors", "narratives"):
        pairs = sorted((r.result.factor(f).points, r.subscores[f]) for r in cmp.rows)
        for (p1, s1), (p2, s2) in itertools.pairwise(pairs):
            assert p1 == p2 or s1 < s2


def test_threshold_and_auc_by_hand():
    assert auc([3, 2, 1, 0], [True, True, False, False]) == 1.0
    assert auc([1, 1], [True, False]) == 0.5
    assert auc([0, 1, 2], [True, False, True]) == 0.5
    # best thresholds 2 and 3 (both perfect): median rounded down
    assert fit_threshold([0, 1, 3, 4], [False, False, True, True]) == 2


def test_leave_one_out_recomputed(cmp):
    loo = leave_one_out(cmp)
    assert len(loo.episodes) == len(cmp.labelled()) >= 20
    c = loo.confusion
    assert sum(c.values()) == len(loo.episodes)
    assert loo.accuracy == (c["true_bubble"] + c["true_no_bubble"]) / len(loo.episodes)
    # the held-out call for each episode uses a threshold fitted without it
    for i, e in enumerate(loo.episodes):
        others = [t for j, t in enumerate(loo.totals) if j != i]
        ys = [y for j, y in enumerate(loo.actual) if j != i]
        assert loo.fold_thresholds[i] == fit_threshold(others, ys), e


def test_doc_table_is_current(cmp):
    doc = DOC.read_text(encoding="utf-8")
    block = doc[doc.index(LOO_START):doc.index(LOO_END) + len(LOO_END)]
    assert block == loo_markdown(leave_one_out(cmp), cmp), "run `make four-factors` to regenerate the table"


def test_leave_one_out_flips_with_a_bad_label(base, tmp_path):
    """A mislabelled control shows up as an error: the test can fail."""
    f = tmp_path / "flip.yaml"
    f.write_text("episode:\n  id: fake-boom\n  name: Fake\n  technology: t\n  region: r\n  start: 2000\n"
                 "  outcome: bubble\n  outcome_source: {organisation: Me, title: Mine}\n"
                 "evidence: []\n", encoding="utf-8")
    b = load_evidence([f])
    loo = leave_one_out(compare_episodes(base=b))
    assert loo.confusion["missed_bubble"] >= 1 and loo.accuracy < 1.0


def test_to_signals_family_and_call(cmp):
    res = score_episode("bicycles-1896")
    sig = res.to_signals()
    assert {s.family for s in sig} == {"four_factor"}
    total = next(s for s in sig if s.name.startswith("four_factor:total:"))
    assert total.value == res.total and total.bubble == res.total / 8 and total.as_of == "1896-01-01"
    call = leave_one_out(cmp).bubble_call()
    got = next(s for s in res.to_signals(call) if s.name.startswith("four_factor:call:"))
    assert got.bubble == (1.0 if res.total >= call.threshold else 0.0)
    low = score_episode("insulin-1922").to_signals(call)
    assert next(s for s in low if s.name.startswith("four_factor:call:")).bubble == 0.0


def test_cli_compare_json_fields(cli):
    d = json.loads(cli("score", "--compare", "--json").out)["comparison"]
    assert len(d["episodes"]) >= 24
    for e in d["episodes"]:
        assert {"outcome", "total", "subscore", "rank"} <= set(e)
        for f in e["factors"]:
            assert all(c["coded_by"] in ("bubblescope", "source") for c in f["coded_by"])
            assert all(len(i["coded_by"]) == len(i["evidence_ids"]) for i in f["indicators"])


def _one_line_error(r, needle):
    assert r.code == 2, r
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0], r


def test_bad_input_outcome_without_source(cli, tmp_path):
    f = tmp_path / "ep.yaml"
    f.write_text("episode:\n  id: x-1\n  name: X\n  technology: t\n  region: r\n  start: 2000\n"
                 "  outcome: bubble\n", encoding="utf-8")
    _one_line_error(cli("score", "--evidence", str(f), "--compare"), "outcome_source")


def test_bad_input_coded_record_without_coded_by(cli, tmp_path):
    f = tmp_path / "rec.yaml"
    f.write_text("evidence:\n  - id: insulin-1922.novice-coded\n    episode: insulin-1922\n"
                 "    informs: [novice_investors]\n    metric: novice_investors_assessment\n    value: 1\n"
                 "    unit: points (coded)\n    as_of: 1923\n    source: {organisation: Me, title: Mine}\n",
                 encoding="utf-8")
    _one_line_error(cli("evidence", "insulin-1922", "--evidence", str(f)), "coded_by")


def test_cli_loo_and_write_doc(cli, tmp_path):
    d = json.loads(cli("score", "--loo", "--json").out)["out_of_sample"]
    assert d["n"] >= 20 and 0 <= d["accuracy"] <= 1
    doc = tmp_path / "doc.md"
    doc.write_text(f"# t\n\n{LOO_START}\nstale-table\n{LOO_END}\n", encoding="utf-8")
    assert cli("score", "--write-doc", str(doc)).code == 0
    assert "stale-table" not in doc.read_text(encoding="utf-8") and "AUC" in doc.read_text(encoding="utf-8")
    doc.write_text("# no markers\n", encoding="utf-8")
    _one_line_error(cli("score", "--write-doc", str(doc)), "markers")


def test_report_sections_show_out_of_sample_and_shared_ranks(base):
    from bubblescope.report.compute import ReportContext, report_data
    from bubblescope.report.sections import comparison_section, four_factor_section

    data = report_data(ReportContext(base=base, episode_id="ai-2023"))
    assert data.out_of_sample is not None
    sec = four_factor_section(data)
    assert "Leave-one-out over 22 labelled episodes" in sec.html and "Bubble call: total at least" in sec.html
    assert sec.data["out_of_sample"]["threshold"] == data.out_of_sample.threshold
    cmp = comparison_section(data)
    assert "Sub-score" in cmp.html and "share a rank" in cmp.html
    ranks = [e["rank"] for e in cmp.data["episodes"]]
    assert len(ranks) != len(set(ranks))  # shared ranks reach the page
    only = report_data(ReportContext(base=base, episode_id="ai-2023", compare_ids=("ai-2023", "dotcom-1995")))
    assert only.out_of_sample is None and "needs at least three" in only.out_of_sample_reason
    assert "not available" in four_factor_section(only).html
