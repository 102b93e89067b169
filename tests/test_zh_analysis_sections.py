"""The zh edition of the market, gauges, economics, stress and scan sections (issue 21, point 1): no English
of ours left on the zh page (tests/zh_text.py), the English page unchanged; offline (packaged data) and
with the real data folder (../shared/data)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bubblescope.evidence import load_evidence
from bubblescope.report import ReportContext, build_report, render_html
from bubblescope.report.compute import compute
from bubblescope.report.sections._analysis_zh import figure_texts, known, source_html
from conftest import SHARED_DATA
from zh_text import english_leftovers

MINE = ("market", "gauges", "economics", "stress", "scan")
_SECTION = re.compile(r'<section id="([a-z_-]+)"[^>]*>(.*?)</section>', re.DOTALL)


def _pages(ctx: ReportContext) -> dict[str, dict[str, str]]:
    """The English and Chinese pages of one compute phase, split into sections: lang → id → HTML."""
    report = build_report(compute(ctx), generated="2026-01-01T00:00:00Z", langs=("en", "zh"))
    return {lang: dict(_SECTION.findall(render_html(report, lang=lang))) for lang in ("en", "zh")}


@pytest.fixture(scope="module")
def offline() -> dict[str, dict[str, str]]:
    return _pages(ReportContext(base=load_evidence(), episode_id="ai-2023", offline=True))


def _shared(episode: str) -> dict[str, dict[str, str]]:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (set BUBBLESCOPE_SHARED_DATA)")
    return _pages(ReportContext(base=load_evidence(), episode_id=episode, data_dir=Path(SHARED_DATA)))


@pytest.fixture(scope="module")
def shared() -> dict[str, dict[str, str]]:
    return _shared("ai-2023")


def _leftovers(pages: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    return {sid: english_leftovers(pages["zh"][sid]) for sid in MINE if sid in pages["zh"]}


@pytest.mark.slow
def test_offline_zh_sections_have_no_english_left(offline):
    assert set(MINE) <= offline["zh"].keys()
    assert _leftovers(offline) == {sid: [] for sid in MINE}


@pytest.mark.slow
def test_shared_data_zh_sections_have_no_english_left(shared):
    assert _leftovers(shared) == {sid: [] for sid in MINE}


@pytest.mark.slow
def test_shared_data_past_episode_zh_sections_have_no_english_left():
    # a past episode is judged at its peak: gauges without the history before it (no economics, stress or scan)
    pages = _shared("dotcom-1995")
    assert {"market", "gauges"} <= pages["zh"].keys()
    assert "评估日期之前更长的历史" in pages["zh"]["gauges"]
    assert _leftovers(pages) == {sid: [] for sid in MINE if sid in pages["zh"]}


@pytest.mark.slow
def test_english_page_keeps_its_sentences(shared):
    en, zh = shared["en"], shared["zh"]
    assert "explosive episode(s) on" in en["market"] and "Block-bootstrap null" in en["market"]
    assert "Boom/bubble gauges: <b>" in en["gauges"] and "Now vs past peaks" in en["gauges"]
    assert "Revenue needed in" in en["economics"] and "Published estimates, each redone" in en["economics"]
    assert "What default means here." in en["stress"] and "Scenarios on this network" in en["stress"]
    assert "Share of the market in a bubble" in en["scan"] and "A screen, not a verdict." in en["scan"]
    assert "识别出" in zh["market"] and "单位根原假设" in zh["market"]


def test_known_matches_whole_texts_with_fields_and_leaves_english_alone():
    assert known("PSY date stamping (month-end closes); explosive episodes shaded", "zh", "chart.") == \
        "PSY 日期识别（月末收盘价）；阴影为爆炸性行情"
    assert known("PSY date stamping (month-end closes); explosive episodes shaded", "en", "chart.") == \
        "PSY date stamping (month-end closes); explosive episodes shaded"
    assert known("no such sentence here", "zh", "chart.") == "no such sentence here"


def test_source_html_keeps_paths_verbatim_and_translates_our_words():
    zh = source_html("local files: prices/a.csv, prices/b.csv", "zh")
    assert zh == '本地文件：<span lang="en">prices/a.csv, prices/b.csv</span>'
    assert source_html("local files: prices/a.csv", "en") == "local files: prices/a.csv"
    assert english_leftovers(f"<p>{source_html('local files: my data/x y.csv; Shiller CPI', 'zh')}</p>") == []


def test_figure_texts_translates_titles_axes_and_trace_names():
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=[1], y=[1], name="log price"))
    fig.update_layout(title="PSY date stamping")
    fig.update_yaxes(title_text="statistic")
    figure_texts(fig, "zh")
    assert (fig.layout.title.text, fig.layout.yaxis.title.text, fig.data[0].name) == ("PSY 日期识别", "统计量", "对数价格")
    en = go.Figure(go.Scatter(x=[1], y=[1], name="log price"))
    assert figure_texts(en, "en").data[0].name == "log price"


def test_without_compute_phase_the_zh_sections_say_what_they_need_in_chinese():
    from bubblescope.report.compute import report_data

    rep = build_report(report_data(ReportContext(base=load_evidence(), episode_id="ai-2023")),
                       generated="2026-01-01T00:00:00Z", langs=("en", "zh"))
    zh = {s.id: s for s in rep.edition("zh")}
    en = {s.id: s for s in rep.edition("en")}
    for sid in MINE:
        assert not zh[sid].available and english_leftovers(zh[sid].html) == []
        assert "计算阶段" in zh[sid].html
        assert "Not available: needs the compute phase" in en[sid].html or "needs the compute phase" in en[sid].html
        assert zh[sid].needs == en[sid].needs  # report.json keeps the English reason


def test_known_translates_a_chain_of_scan_errors_and_sources_of_ours():
    err = ("gauges: run-up: the run-up test needs at least 25 months of prices, got 17; 2σ: needs at least 20 years "
           "of monthly prices, got 17 months")
    zh = known(err, "zh", "scan.err.")
    assert zh.startswith("估值指标：大幅上涨：") and english_leftovers(f"<p>{zh}</p>") == []
    sec = source_html("SEC filings (a.json, b.json): capex / operating cash flow 0.55 over the four quarters to "
                      "2025-12-31, Alphabet + Meta", "zh")
    assert sec.startswith("SEC 文件（") and english_leftovers(f"<p>{sec}</p>") == []
