"""The Chinese edition of the evidence appendix, narratives, validation sections and the methodology notes
(issue 21, point 1): no English of ours left on the zh page (record quotations are marked lang="en"), the
English page unchanged, units and sums in Chinese, the backtest's signal rules read back in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import _report_builds as rb
from bubblescope.evidence import load_evidence
from bubblescope.evidence.schema import EvidenceRecord
from bubblescope.framework.narratives import detect_narratives
from bubblescope.report import ReportContext, build_report
from bubblescope.report import analysis as A
from bubblescope.report import steps as S
from bubblescope.report.methodology import CARD_METHODS, card_methods, method_html
from bubblescope.report.sections.evidence import _row, value_zh
from bubblescope.report.sections.validation import signal_rule
from conftest import REPO
from zh_text import english_leftovers

MINE = ("evidence", "narratives", "validation")
EN_TEXT = ("Scaling laws mean that bigger models keep getting better and AGI is inevitable. This time is different: "
           "a new era. Some call it a bubble, but investors fear missing out, and AI will replace workers.")


def _sections(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="([^"]+)"[^>]*>(.*?)</section>', page, re.S))


def _leftovers(sections: dict[str, str]) -> dict[str, list[str]]:
    return {sid: english_leftovers(sections[sid]) for sid in MINE if sid in sections}


@pytest.fixture(scope="module")
def editions():
    """Evidence, narratives (an English and a Chinese text) and the repository's backtest, both editions,
    rendered without the compute phase (fast)."""
    zh_text = "人工智能泡沫？规模定律让模型越来越好，通用人工智能必然到来，这一次确实不一样。"
    ctx = ReportContext(base=load_evidence(), episode_id="ai-2023",
                        narratives=(detect_narratives(EN_TEXT, "mine.txt"), detect_narratives(zh_text, "文章.txt")),
                        analysis=A.Analysis(backtest=S.read_backtest(REPO / "docs")[0],
                                            backtest_file="docs/validation.json"))
    rep = build_report(ctx, generated="2026-01-01T00:00:00Z", langs=("en", "zh"))
    return ({s.id: s.html for s in rep.edition("en")}, {s.id: s.html for s in rep.edition("zh")})


def test_zh_sections_have_no_english_of_ours(editions) -> None:
    _, zh = editions
    assert {sid: english_leftovers(zh[sid]) for sid in MINE} == {sid: [] for sid in MINE}
    assert "具名案例：论文列出的" in zh["validation"] and "次贷危机" in zh["validation"]
    assert "规模定律" in zh["narratives"] and '<span lang="en">scaling laws</span>' in zh["narratives"].lower()
    assert "每千词" in zh["narratives"] and "每千字" in zh["narratives"]
    assert "<th>来源与说明</th>" in zh["evidence"] and "由 bubblescope 依据以下来源编码" in zh["evidence"]


def test_english_page_keeps_its_text(editions) -> None:
    en, _ = editions
    assert "<th>Id</th><th>Value</th><th>As of</th><th>Source and note</th>" in en["evidence"]
    assert "coded by bubblescope from " in en["evidence"] and "USD bn</td>" in en["evidence"]
    assert 'lang="en"' not in en["evidence"] + en["narratives"] + en["validation"]
    assert "Per 1,000 words" in en["narratives"] and "talk, not a family" in en["narratives"]
    assert "From docs/validation.json (written by <code>bubblescope backtest</code>)." in en["validation"]
    assert "median lead days" in en["validation"] and "Named case: 5 of 5 published episodes stamped" in en["validation"]
    assert "PSY BSADF above the 95% Monte Carlo critical value" in en["validation"]


def test_zh_sections_not_available_say_why_in_chinese() -> None:
    rep = build_report(ReportContext(base=load_evidence(), episode_id="ai-2023"), langs=("en", "zh"))
    zh = {s.id: s for s in rep.edition("zh")}
    en = {s.id: s for s in rep.sections}
    for sid in ("validation", "narratives"):
        assert not zh[sid].available and "暂无" in zh[sid].html and english_leftovers(zh[sid].html) == []
        assert zh[sid].needs == en[sid].needs  # report.json keeps the English reason
    assert "run `bubblescope backtest --out DIR`" in en["validation"].html


def _record(value: object, unit: str, **kw: object) -> EvidenceRecord:
    return EvidenceRecord(id="x.test", episode="x", informs=["economics"], metric="m", value=value, unit=unit,
                          as_of="2025-01", source={"organisation": "Some Bank", "title": "A note on things",
                                                   "outlet": "Some Paper", "published": "2025-02"}, **kw)


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (2690.0, "USD bn", "2.69 万亿美元"), (600.0, "USD bn", "6,000 亿美元"), (0.05, "USD bn", "0.5 亿美元"),
    (1.5, "bn users", "15 亿用户"), (800.0, "million", "80,000 万"), (2029.0, "year", "2029 年"),
    (True, "flag", "是"), (50.0, "%", "50％"), (3.0, "years", "3 年"),
    (7.0, "widgets", '7 <span lang="en">widgets</span>')])
def test_values_in_chinese_units(value, unit, shown) -> None:
    assert value_zh(_record(value, unit)) == shown


def test_record_row_quotes_the_source_and_marks_the_users_file() -> None:
    row = _row(_record(1.0, "x", note="Checked 2026-11.", coded_by="bubblescope"), True, "zh")
    assert "你的文件" in row and english_leftovers(row) == []
    assert ('由 bubblescope 依据以下来源编码：<span lang="en">Some Bank, A note on things</span>，转引自 '
            '<span lang="en">Some Paper</span>，2025-02') in row
    assert '<div class="small" lang="en">Checked 2026-11.</div>' in row


def test_every_backtest_signal_rule_reads_back_in_chinese() -> None:
    import json

    signals = json.loads((REPO / "docs" / "validation.json").read_text(encoding="utf-8"))["signals"]
    for name, description in signals.items():
        assert signal_rule(description, "en") == description, name  # the pattern is the English text itself
        zh = signal_rule(description, "zh")
        assert zh is not None and english_leftovers(zh) == [], (name, zh)
    for d in ("GMO: log real price ≥ 2σ above its expanding log-linear trend (≥ 20 years of history)",
              "Greenwood–Shleifer–You: 2-year return ≥ 100% (raw)"):
        assert signal_rule(d, "en") == d and signal_rule(d, "zh")
    assert signal_rule("some other rule", "zh") is None


def test_methodology_notes_in_both_languages() -> None:
    assert card_methods("en") == CARD_METHODS
    assert CARD_METHODS[0].card == "Verdict" and "Wilson intervals" in CARD_METHODS[0].validation
    for m in card_methods("zh"):
        for text in (m.card, m.how, m.validation, m.limits):
            assert english_leftovers(method_html(text, "zh")) == [], text
    assert method_html("tests/test_stress_*.py checks it", "zh").startswith("<code>tests/test_stress_*.py</code>")
    assert method_html("a < b, tests/x.py", "en") == "a &lt; b, tests/x.py"


def test_offline_page_evidence_section_has_no_english_of_ours() -> None:
    zh = _sections((rb.build("--offline", "--lang", "en,zh") / "zh" / "index.html").read_text(encoding="utf-8"))
    assert english_leftovers(zh["evidence"]) == []


@pytest.mark.slow
def test_shared_data_page_sections_have_no_english_of_ours() -> None:
    out = rb.full()
    zh = _sections((out / "zh" / "index.html").read_text(encoding="utf-8"))
    assert set(MINE) <= set(zh)
    assert _leftovers(zh) == {sid: [] for sid in MINE}
    en = _sections((out / "index.html").read_text(encoding="utf-8"))
    assert "Named case: 5 of 5 published episodes stamped" in en["validation"]
    assert "narrative families present" in en["narratives"]
    assert Path(out / "report.json").is_file()


def test_every_episodes_evidence_appendix_in_chinese() -> None:
    from dataclasses import replace

    from bubblescope.report.compute import report_data
    from bubblescope.report.sections.evidence import evidence_section

    base = load_evidence()
    for ep in base.episodes:
        data = replace(report_data(ReportContext(base=base, episode_id=ep)), lang="zh")
        assert data.records and english_leftovers(evidence_section(data).html) == [], ep
