"""CLI: episodes, evidence, score, narratives, and every bad-input case of issue 2 (exit 2, one line)."""

from __future__ import annotations

import json

import pytest

from bubblescope.cli._common import console


@pytest.fixture(autouse=True)
def wide_console():
    """Render tables as on a 200-column terminal (pytest's captured stdout defaults to 80)."""
    old = console.width
    console.width = 200
    yield
    console.width = old


def _one_line_error(r, needle):
    assert r.code == 2, r
    assert "Traceback" not in r.err + r.out
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), r
    assert needle in lines[0], r


def test_episodes(cli):
    r = cli("episodes")
    assert r.code == 0, r
    for eid in ("ai-2023", "dotcom-1995", "railways-1845", "lighting-1882", "radio-1925", "aviation-1929",
                "insulin-1922"):
        assert eid in r.out
    data = json.loads(cli("episodes", "--json").out)
    assert any(e["control"] for e in data) and any(e["default"] for e in data)


def test_evidence_table_has_sources(cli):
    r = cli("evidence", "ai-2023")
    assert r.code == 0, r
    for org in ("JPMorgan", "FINRA", "MIT NANDA", "OpenRouter", "Morgan Stanley", "Bank of America", "Oracle",
                "PitchBook", "The Economist"):
        assert org in r.out, org
    data = json.loads(cli("evidence", "ai-2023", "--json").out)
    assert {d["id"] for d in data} >= {"ai-2023.oracle-rpo", "ai-2023.household-wealth-drop"}


def test_score_prints_total_and_evidence_ids(cli):
    r = cli("score", "ai-2023")
    assert r.code == 0, r
    assert "/8" in r.out
    assert "ai-2023.finra-margin-debt-2025-10" in r.out
    d = json.loads(cli("score", "ai-2023", "--json").out)
    assert d["total"] == sum(f["points"] for f in d["factors"])
    assert all(f["evidence_ids"] for f in d["factors"])


def test_score_default_episode_and_compare(cli):
    d = json.loads(cli("score", "--compare", "--json").out)
    assert d["episode"] == "ai-2023"
    cmp = d["comparison"]
    ranks = dict(zip(cmp["ranking"], cmp["ranks"], strict=True))
    assert ranks["dotcom-1995"] == 1 and ranks["insulin-1922"] == max(ranks.values())


def test_override_in_json_and_table(cli):
    d = json.loads(cli("score", "ai-2023", "--override", "pure_plays=1:OpenAI is private", "--json").out)
    pp = next(f for f in d["factors"] if f["factor"] == "pure_plays")
    assert pp["points"] == 1 and pp["override"]["reason"] == "OpenAI is private"
    assert d["overrides"][0]["factor"] == "pure_plays"
    r = cli("score", "ai-2023", "--override", "pure_plays=1:OpenAI is private")
    assert "OVERRIDE: OpenAI is private" in r.out


def test_user_evidence_changes_score(cli, tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("evidence:\n  - id: ai-2023.pitchbook-ai-vc-share\n    episode: ai-2023\n    informs: [pure_plays]\n"
                 "    metric: venture_funding_share_pct\n    value: 5\n    unit: '%'\n    as_of: 2026-01\n"
                 "    source: {organisation: Me, title: My count}\n", encoding="utf-8")
    d = json.loads(cli("score", "ai-2023", "--evidence", str(f), "--json").out)
    assert next(x for x in d["factors"] if x["factor"] == "pure_plays")["points"] == 0


def test_narratives_on_article(cli, shared_seed):
    r = cli("narratives", str(shared_seed / "article-zh.txt"), "--json")
    assert r.code == 0, r
    d = json.loads(r.out)[0]
    assert len(d["families_present"]) == len(d["families"]) - 1 == 7  # bubble talk is not a family
    assert d["bubble_talk"]["count"] > 0
    assert d["unit"] == "characters"
    r = cli("narratives", str(shared_seed / "article-zh.txt"))
    assert "per 1,000 characters" in r.out and "锻炼数据" in r.out


def test_narratives_several_files(cli, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("It is a bubble and this time is different.", encoding="utf-8")
    b.write_text("泡沫分裂的风险", encoding="utf-8")
    d = json.loads(cli("narratives", str(a), str(b), "--json").out)
    assert [x["language"] for x in d] == ["en", "zh"]


# ---- bad input: one line, exit 2, no traceback -----------------------------------------------------------

def _write(tmp_path, name, content):
    p = tmp_path / name
    (p.write_bytes if isinstance(content, bytes) else p.write_text)(content)
    return p


REC = ("evidence:\n  - id: zz1\n    episode: ai-2023\n    informs: [narratives]\n    metric: m\n    value: {value}\n"
       "    unit: n\n    as_of: {as_of}\n    source: {{organisation: o, title: t}}\n")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("episode: [unclosed", "malformed YAML"),
        ("evidence:\n  - id: zz1\n    episode: ai-2023\n", "missing required field"),
        (REC.format(value=1, as_of="someday"), "as_of"),
        (REC.format(value="[1, 2]", as_of=2024), "value"),
        (REC.format(value=1, as_of=2024).replace("informs: [narratives]", "informs: narratives"), "informs"),
        (b"\x00\x00binary", "binary"),
    ],
    ids=["malformed", "missing-field", "bad-date", "mistyped-value", "mistyped-list", "binary"],
)
def test_bad_evidence_file(cli, tmp_path, content, needle):
    f = _write(tmp_path, "bad.yaml", content)
    for cmd in (["score"], ["evidence", "ai-2023"], ["episodes"], ["report", "--out", str(tmp_path / "r")]):
        _one_line_error(cli(*cmd, "--evidence", str(f)), needle)


def test_missing_evidence_file(cli, tmp_path):
    _one_line_error(cli("score", "--evidence", str(tmp_path / "nope.yaml")), "cannot read")


@pytest.mark.parametrize("cmd", [["score", "nope-1900"], ["evidence", "nope-1900"]])
def test_unknown_episode(cli, cmd):
    _one_line_error(cli(*cmd), "unknown episode 'nope-1900'")


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ("pure_plays=3:too many", "0, 1 or 2"),
        ("pure_plays=-1:negative", "0, 1 or 2"),
        ("pure_plays=x:not a number", "0, 1 or 2"),
        ("hype=1:no such factor", "unknown factor"),
        ("pure_plays=1", "factor=points:reason"),
        ("pure_plays=1:", "reason is required"),
    ],
)
def test_bad_override(cli, override, needle):
    _one_line_error(cli("score", "ai-2023", "--override", override), needle)


def test_coded_score_out_of_range_in_user_file(cli, tmp_path):
    f = _write(tmp_path, "mine.yaml", REC.format(value=5, as_of=2024).replace("metric: m", "metric: narratives_assessment")
               .replace("episode: ai-2023", "episode: insulin-1922") + "    coded_by: bubblescope\n")
    _one_line_error(cli("score", "insulin-1922", "--evidence", str(f)), "must be 0, 1 or 2")


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"\x00\x01\x02\x03", "binary"), (b"caf\xe9 \xff", "not UTF-8"), (b"", "empty"), (b"12 34 !!", "no words")],
    ids=["binary", "latin1", "empty", "no-words"],
)
def test_bad_text_files(cli, tmp_path, content, needle):
    _one_line_error(cli("narratives", str(_write(tmp_path, "t.txt", content))), needle)


def test_unreadable_text_files(cli, tmp_path):
    _one_line_error(cli("narratives", str(tmp_path / "missing.txt")), "no such file")
    _one_line_error(cli("narratives", str(tmp_path)), "is a directory")


def test_score_text_feeds_narratives_factor(cli, tmp_path, shared_seed):
    calm = _write(tmp_path, "calm.txt", "Insulin lowered blood sugar in patients treated in Toronto.")
    d = json.loads(cli("score", "ai-2023", "--text", str(calm), "--json").out)
    narr = next(f for f in d["factors"] if f["factor"] == "narratives")
    assert narr["points"] == 0 and narr["evidence_ids"] == ["ai-2023.narrative-families-article"]
    d = json.loads(cli("score", "ai-2023", "--text", str(shared_seed / "article-zh.txt"), "--json").out)
    assert next(f for f in d["factors"] if f["factor"] == "narratives")["points"] == 2
    _one_line_error(cli("score", "--text", str(_write(tmp_path, "b.bin", b"\x00\x01"))), "binary")


def test_narratives_with_own_lexicon(cli, tmp_path):
    lex = _write(tmp_path, "lex.yaml", "version: 1\nfamilies:\n  hype:\n    title: Hype\n    en: [to the moon]\n")
    txt = _write(tmp_path, "t.txt", "Nvidia to the moon, to the moon!")
    d = json.loads(cli("narratives", str(txt), "--lexicon", str(lex), "--json").out)[0]
    assert [f["family"] for f in d["families"]] == ["hype"] and d["families"][0]["count"] == 2
    bad = _write(tmp_path, "bad.yaml", "version: 1\nfamilies:\n  hype: {title: H, colour: red}\n")
    _one_line_error(cli("narratives", str(txt), "--lexicon", str(bad)), "colour")
    _one_line_error(cli("narratives", str(txt), "--lexicon", str(_write(tmp_path, "m.yaml", "a: [b"))),
                    "malformed YAML")
