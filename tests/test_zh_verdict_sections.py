"""The Chinese edition of the verdict, four-factor and comparison sections (issue 21, point 1): no English
left in them on the zh page (evidence base only, offline compute, and the real data folder), the English
edition unchanged, the verdict paragraph and the CLI verdict in Chinese, and the phrase templates."""

from __future__ import annotations

import dataclasses
import re

import pytest

from bubblescope.i18n import CATALOGUE
from bubblescope.i18n.phrases import mark_code, match, phrase
from conftest import SHARED_DATA
from zh_text import english_leftovers

MINE = ("verdict", "four_factor", "comparison")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _context(episode: str = "ai-2023", **kw):
    from bubblescope.evidence import load_evidence
    from bubblescope.evidence.falsifiers import load_falsifiers
    from bubblescope.report import ReportContext

    return ReportContext(base=load_evidence(), episode_id=episode, falsifiers=tuple(load_falsifiers(episode, None)),
                         **kw)


def _editions(data):
    from bubblescope.report import build_report
    from bubblescope.report.sections.comparison import comparison_section
    from bubblescope.report.sections.four_factor import four_factor_section
    from bubblescope.report.sections.verdict import verdict_section

    rep = build_report(data, sections=[verdict_section, four_factor_section, comparison_section], langs=("en", "zh"),
                       generated="2026-01-01T00:00:00Z")
    return {s.id: s for s in rep.edition("en")}, {s.id: s for s in rep.edition("zh")}


def _leftovers(zh) -> dict[str, list[str]]:
    return {sid: english_leftovers(zh[sid].html) for sid in MINE}


def _english_unchanged(en, zh) -> None:
    """A few key English strings as they were before the Chinese edition; the JSON data equal in both."""
    assert "Four-factor score" in en["verdict"].html and "四因素得分" in zh["verdict"].html
    assert "Goldfarb &amp; Kirsch four factors, 0–2 points each." in en["four_factor"].html
    assert "Ranked by total, then by the sub-score" in en["comparison"].html
    assert "Each family&#x27;s score is the mean bubble reading (0 to 1) of its signals that can speak." in \
        en["verdict"].html
    assert 'id="verdict-paragraph">As of ' in en["verdict"].html
    assert not CJK.search(en["verdict"].html + en["four_factor"].html + en["comparison"].html)
    for sid in MINE:
        assert en[sid].data == zh[sid].data, sid  # report.json keeps the English edition


# ------------------------------------------------------------------------- evidence base only (no compute)
def test_zh_sections_from_the_evidence_base_have_no_english() -> None:
    from bubblescope.report.compute import report_data

    en, zh = _editions(report_data(_context()))
    assert _leftovers(zh) == {sid: [] for sid in MINE}
    _english_unchanged(en, zh)
    assert "需要先运行计算阶段" in zh["verdict"].html
    assert "<code>bubblescope report</code>" in zh["verdict"].html


# ------------------------------------------------------------------------- offline compute
@pytest.fixture(scope="module")
def offline_data():
    from bubblescope.report import compute

    return compute(_context(offline=True))


@pytest.mark.slow
def test_zh_sections_offline_have_no_english(offline_data) -> None:
    en, zh = _editions(offline_data)
    assert _leftovers(zh) == {sid: [] for sid in MINE}
    _english_unchanged(en, zh)
    assert "结论背后的信号" in zh["verdict"].html and "什么会改变结论" in zh["verdict"].html


# ------------------------------------------------------------------------- the real data folder
@pytest.fixture(scope="module")
def shared_compute():
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (set BUBBLESCOPE_SHARED_DATA)")
    from bubblescope.report import compute

    return compute(_context(data_dir=SHARED_DATA, offline=True))


@pytest.mark.slow
def test_zh_sections_on_real_data_have_no_english(shared_compute) -> None:
    en, zh = _editions(shared_compute)
    assert _leftovers(zh) == {sid: [] for sid in MINE}
    _english_unchanged(en, zh)
    assert "数据截至" in zh["verdict"].html or "百分位" in zh["verdict"].html


@pytest.mark.slow
def test_every_signal_text_on_real_data_has_a_template(shared_compute) -> None:
    """A label, reading or rule no template matches would show in English: name it (a changed analysis text)."""
    v = shared_compute.judgement
    missing = []
    for s in v.signals:
        for text in (s.label, s.reading, s.rule or s.reason):
            if text and match(text) is None and phrase(text, "zh") == text:
                missing.append(f"{s.name}: {text}")
    assert missing == []
    for r in v.falsifiers:
        assert match(r.falsifier.condition) is not None, r.falsifier.condition


@pytest.mark.slow
def test_verdict_paragraph_in_chinese_and_english_unchanged(shared_compute) -> None:
    v = shared_compute.judgement
    en, zh = v.paragraph(), v.paragraph("zh")
    assert en == v.to_dict()["summary"] and en.startswith(f"As of {v.as_of}, Generative-AI boom reads as a ")
    assert zh.startswith(f"截至 {v.as_of}，生成式") and "最强的证据" in zh
    assert not english_leftovers(f"<p>{v.paragraph('zh', html=True)}</p>")
    assert v.why_text("en") == v.why and CJK.search(v.why_text("zh"))


@pytest.mark.slow
def test_zh_sections_of_a_past_episode_on_real_data_have_no_english() -> None:
    """A past episode: judged as of its own dates (the timeline), data ending before it, a bust."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (set BUBBLESCOPE_SHARED_DATA)")
    from bubblescope.report import compute

    data = compute(_context("dotcom-1995", data_dir=SHARED_DATA, offline=True))
    en, zh = _editions(data)
    assert data.timeline and "本工具在当时会得出的结论" in zh["verdict"].html
    assert _leftovers(zh) == {sid: [] for sid in MINE}
    assert "What the tool would have said at the time" in en["verdict"].html


# ------------------------------------------------------------------------- the CLI
@pytest.mark.slow
def test_cli_verdict_prints_the_paragraph_in_chinese(cli) -> None:
    r = cli("verdict", "ai-2023", "--offline", "--lang", "zh")
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[0].startswith("结论：")
    assert lines[1].startswith("截至 ") and "判定为" in lines[1], lines[1]
    assert "以下段落为英文原文" not in r.out and "As of" not in r.out
    assert lines[2].startswith("规则：")
    assert "证伪条件监测" in r.out and "AI 收入至少覆盖" in r.out
    assert "rule: " in cli("verdict", "ai-2023", "--offline").out


# ------------------------------------------------------------------------- the phrase templates
def test_phrase_templates_fill_numbers_units_and_names() -> None:
    assert phrase("41.37x, 99th percentile of its history: red", "zh") == "41.37倍，处于历史第 99 百分位：红"
    assert phrase("41.37x, 99th percentile of its history: red") == "41.37x, 99th percentile of its history: red"
    got = phrase("GSY run-up: ^NDX (2y return)", "zh", html=True)
    assert got == 'GSY 涨幅：<span translate="no">^NDX</span>（2 年回报）'
    stress = phrase("GPU value −50%: institutions with published equity lose 101.8 USD bn (20.8% of their equity); "
                    "0 default(s) (debtrank)", "zh")
    assert stress.startswith("GPU 价值 −50%：") and "1,018 亿美元" in stress
    assert phrase("not available: the data end 2018-12-31, before the episode starts (2023-01-01)", "zh") == \
        "暂无：数据截至 2018-12-31，早于本案例的起点（2023-01-01）"
    assert phrase("30.00x", "zh") == "30.00倍"
    assert phrase("something nobody wrote a template for", "zh") == "something nobody wrote a template for"
    assert mark_code("见 docs/gauges.md 与 --data-dir") == "见 <code>docs/gauges.md</code> 与 <code>--data-dir</code>"


def test_the_report_layer_adapters_have_templates() -> None:
    """The English that report/signals.py writes for results without their own to_signals()."""
    from bubblescope.report.signals import GAUGE_RULE

    for text in ("explosive since 2024-01-02", "no explosive episode at the last date", "PSY explosive-root test, ^IXIC",
                 "1 when an explosive episode is ongoing at the last date, else 0", "LPPLS bubble confidence, NVDA",
                 "the confidence is not calibrated against a null yet, so it is not counted", GAUGE_RULE,
                 "AI revenue as a share of the revenue needed", "50 of 934 USD bn a year (5%)",
                 "coverage below 25% 1, below 50% 0.5, else 0", "Defaults in the stress scenarios",
                 "no light and no history: shown, not counted", "41.4 x, 97% percentile",
                 "Losses on the exposure network across 6 shock scenarios",
                 "the data end 2018-12-31, before the episode starts (2023-01-01)"):
        assert match(text) is not None, text
        assert not english_leftovers(f"<p>{phrase(text, 'zh', html=True)}</p>"), text


def test_phrase_templates_are_well_formed() -> None:
    """Every template's Chinese has the English one's fields (test_i18n checks it) and no two English
    templates are the same text."""
    en = [m.en for k, m in CATALOGUE.items() if k.startswith(("sig.", "fal."))]
    assert len(en) == len(set(en))


def test_the_rule_text_in_chinese_has_the_same_numbers() -> None:
    from bubblescope.verdict.rule import rule_text

    for e, z in zip(rule_text(), rule_text(lang="zh"), strict=True):
        assert re.findall(r"\d+", e) == re.findall(r"\d+", z), (e, z)


def test_an_unknown_falsifier_condition_is_quoted_as_english() -> None:
    from bubblescope.report.signal_text import quoted

    assert quoted("My own condition holds", "zh") == '<span lang="en">My own condition holds</span>'
    assert quoted("My own condition holds", "en") == "My own condition holds"
    assert dataclasses.is_dataclass(_context())
