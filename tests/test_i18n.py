"""The Chinese edition (issue 21, point 1): the message catalogue is complete, the zh page's chrome has no
English left, the editions link to each other, `score --lang zh`, and CJK glyphs render in Chromium."""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest

import _report_builds as rb
from bubblescope.i18n import CATALOGUE, EPISODE_NAMES, SECTION_TITLES, tr

CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")  # ideographs and CJK punctuation
#: Latin words allowed on the zh page chrome: names of the program, files and formats.
ALLOWED = {"bubblescope", "report", "json", "csv", "pdf", "english", "yaml"}


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_catalogue_has_both_languages_with_the_same_fields() -> None:
    for key, msg in CATALOGUE.items():
        assert msg.zh, f"{key}: no Chinese text"
        assert _fields(msg.en) == _fields(msg.zh) or not msg.en, key
        if key not in ("page.csv",):
            assert CJK.search(msg.zh), f"{key}: the Chinese text has no Chinese characters: {msg.zh!r}"
    assert tr("score.title", "zh", name="甲", id="x", total=3) == "甲（x）：3/8"


def test_every_report_section_and_episode_has_a_chinese_name() -> None:
    from bubblescope.evidence import load_evidence
    from bubblescope.report import ReportContext, build_report

    base = load_evidence()
    assert set(base.episodes) <= set(EPISODE_NAMES), set(base.episodes) - set(EPISODE_NAMES)
    rep = build_report(ReportContext(base=base, episode_id="ai-2023"))
    assert {s.id for s in rep.sections} <= set(SECTION_TITLES), {s.id for s in rep.sections} - set(SECTION_TITLES)


class _Chrome(HTMLParser):
    """Visible text of the page chrome: header, table of contents, section headings, footer (not <code>)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("meta", "br", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        chrome = any(t in self.stack for t in ("header", "nav", "h2", "footer", "title"))
        if chrome and "code" not in self.stack and "script" not in self.stack and "style" not in self.stack:
            self.texts.append(data)


def english_words(html: str) -> list[str]:
    p = _Chrome()
    p.feed(html)
    words = re.findall(r"[A-Za-z]{2,}", " ".join(p.texts))
    return [w for w in words if w.lower() not in ALLOWED]


@pytest.fixture(scope="module")
def editions() -> Path:
    return rb.build("--offline", "--lang", "en,zh")


def test_zh_page_chrome_has_no_english(editions: Path) -> None:
    zh = (editions / "zh" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh
    assert english_words(zh) == []
    en = (editions / "index.html").read_text(encoding="utf-8")
    assert {"Contents", "Verdict", "Downloads"} <= set(english_words(en))  # the checker sees English


def test_editions_link_to_each_other(editions: Path) -> None:
    en = (editions / "index.html").read_text(encoding="utf-8")
    zh = (editions / "zh" / "index.html").read_text(encoding="utf-8")
    assert 'href="zh/index.html"' in en and 'href="../index.html"' in zh
    assert 'href="../report.json"' in zh and (editions / "report.json").is_file()
    assert sorted(p.name for p in (editions / "zh" / "tables").glob("*.csv")) == \
        sorted(p.name for p in (editions / "tables").glob("*.csv"))
    assert "生成式人工智能热潮" in zh and "目录" in zh


def test_lang_option_errors(cli, tmp_path) -> None:
    r = cli("report", "--offline", "--out", tmp_path / "r", "--lang", "fr")
    assert r.code == 2 and r.err.startswith("error: --lang 'fr'")
    s = cli("score", "--lang", "xx")
    assert s.code == 2 and "--lang" in s.err


def test_score_table_in_chinese(cli) -> None:
    r = cli("score", "ai-2023", "--lang", "zh")
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[0].startswith("生成式人工智能热潮（ai-2023）：")
    assert lines[1].split() == ["因素", "得分", "依据", "理由", "证据编号"]
    assert {"不确定性", "纯概念公司", "新手投资者", "叙事"} <= {ln.split()[0] for ln in lines[3:]}


@pytest.mark.browser
def test_cjk_glyphs_render_in_chromium(editions: Path) -> None:
    """No tofu: two different characters drawn in the page's own font give different pixels (missing
    glyphs all draw the same empty box), and each draws something."""
    from playwright.sync_api import sync_playwright

    from _browser import ARGS, ARTIFACTS, chromium_path

    exe = chromium_path()
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((editions / "zh" / "index.html").resolve().as_uri(), wait_until="load")
            got = page.evaluate("""() => {
                const font = getComputedStyle(document.querySelector('h1')).fontFamily;
                function draw(ch) {
                    const c = document.createElement('canvas'); c.width = 64; c.height = 64;
                    const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, 64, 64);
                    g.fillStyle = '#000'; g.font = '48px ' + font; g.textBaseline = 'top'; g.fillText(ch, 8, 8);
                    const d = g.getImageData(0, 0, 64, 64).data; const bits = [];
                    for (let i = 0; i < d.length; i += 4) bits.push(d[i] < 128 ? 1 : 0);
                    return bits;
                }
                const a = draw('泡'), b = draw('沫'), box = draw('\\u{10FFFD}');
                const diff = (x, y) => x.reduce((n, v, i) => n + (v !== y[i]), 0);
                return {ink_a: a.reduce((n, v) => n + v, 0), ink_b: b.reduce((n, v) => n + v, 0),
                        ab: diff(a, b), a_box: diff(a, box), font: font};
            }""")
            page.screenshot(path=str(ARTIFACTS / "report-zh.png"))
        finally:
            browser.close()
    assert got["ink_a"] > 50 and got["ink_b"] > 50, got
    assert got["ab"] > 50, f"two CJK characters draw the same glyph (tofu boxes?): {got}"
    assert got["a_box"] > 50, f"a CJK character draws like an unassigned code point (tofu): {got}"


def test_every_verdict_stage_and_status_word_has_chinese() -> None:
    from bubblescope.i18n import word
    from bubblescope.verdict.falsifiers import STATUSES
    from bubblescope.verdict.rule import STAGES, VERDICTS

    for kind, words in (("v", VERDICTS), ("stage", STAGES), ("status", STATUSES)):
        for w in words:
            assert CJK.search(word(kind, w, "zh")), (kind, w)
            assert word(kind, w, "en") == w
    assert word("stage", None, "zh") == "未测定"


@pytest.mark.slow
def test_verdict_headline_and_tables_in_chinese(cli) -> None:
    r = cli("verdict", "ai-2023", "--offline", "--lang", "zh")
    assert r.code == 0, r
    assert r.out.startswith("结论：") and "信号类别" in r.out
    assert cli("verdict", "--lang", "fr").code == 2


def test_whole_zh_page_has_no_english_of_ours_offline(editions: Path) -> None:
    """The whole zh page (chrome and every section, charts included): no run of English words of ours."""
    from zh_text import english_leftovers

    zh = (editions / "zh" / "index.html").read_text(encoding="utf-8")
    assert english_leftovers(zh) == []
    en = (editions / "index.html").read_text(encoding="utf-8")
    assert len(english_leftovers(en)) > 20  # the checker sees the English page's English


@pytest.mark.slow
def test_whole_zh_page_has_no_english_of_ours_with_real_data() -> None:
    """As above on the full build `make report` runs (real data, backtest, narratives)."""
    from zh_text import english_leftovers

    out = rb.full()
    assert english_leftovers((out / "zh" / "index.html").read_text(encoding="utf-8")) == []
