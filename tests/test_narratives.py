"""Narrative detector: English and Chinese lexicons, the scrambled source article, bad text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.errors import EvidenceError, InputError
from bubblescope.evidence import load_evidence
from bubblescope.framework.narratives import (
    decode_text,
    default_lexicon,
    detect_language,
    detect_narratives,
    parse_lexicon,
)

# The families BRIEF.md section 2 (and issue 2) name.
BRIEF_FAMILIES = {"agi_inevitability", "scaling_laws", "rival_race", "new_era", "bubble_talk", "fomo",
                  "transformative_promise", "replace_everyone"}
# Bubble talk is counted, but it is not a narrative family (issue 20).
NARRATIVE_FAMILIES = BRIEF_FAMILIES - {"bubble_talk"}


@pytest.fixture(scope="module")
def article(shared_seed):
    return (shared_seed / "article-zh.txt").read_text(encoding="utf-8")


def test_lexicon_has_every_brief_family():
    lex = default_lexicon()
    assert set(lex.families) >= BRIEF_FAMILIES
    for fam in lex.families.values():
        assert fam.en and fam.zh


def test_scrambled_article_has_every_family(article):
    res = detect_narratives(article, "article-zh.txt")
    assert res.language == "zh" and res.unit == "characters"
    assert set(res.families_present) >= NARRATIVE_FAMILIES and "bubble_talk" not in res.families_present
    assert res.bubble_talk_count == res.family("bubble_talk").count > 0
    # the scrambled look-alike synonyms are what is found
    assert res.family("scaling_laws").phrases.get("扩大模子规模") == 1
    assert res.family("scaling_laws").phrases.get("锻炼数据") == 1
    assert res.family("rival_race").phrases.get("取中国合作") == 1
    assert res.family("new_era").phrases.get("这一次确实分歧") == 1
    assert res.family("fomo").phrases.get("FOMO") == 1
    assert res.family("transformative_promise").phrases.get("治愈癌症") == 1
    for f in res.families:
        assert f.count == sum(f.phrases.values())
        assert f.per_1000 == pytest.approx(1000 * f.count / res.size)


def test_evidence_record_matches_detector(article):
    """The ai-2023 narratives evidence is re-counted from the article, not typed in blind."""
    rec = load_evidence().get("ai-2023.narrative-families-article")
    assert rec.numeric == len(detect_narratives(article).families_present)


def test_bubble_compounds_count_once():
    res = detect_narratives("泡沫分裂。泡沫破裂。AI泡沫论", "t")
    assert res.family("bubble_talk").count == 3


def test_english_phrases_and_word_boundaries():
    text = ("This time is different: AGI is coming, we must beat China, and scaling laws say just add compute. "
            "Call it a bubble, but FOMO rules. AI will cure cancer and replace workers. MAGIC agility.")
    res = detect_narratives(text, "en.txt")
    assert res.language == "en" and res.unit == "words"
    assert set(res.families_present) == NARRATIVE_FAMILIES
    assert res.bubble_talk_count == 1 and res.to_dict()["bubble_talk"]["phrases"] == {"bubble": 1}
    assert res.family("agi_inevitability").phrases == {"AGI is coming": 1}  # not MAGIC, not agility


def test_case_insensitive_and_whitespace():
    res = detect_narratives("THIS TIME IS\nDIFFERENT and this time is different", "t")
    assert res.family("new_era").phrases == {"THIS TIME IS DIFFERENT": 1, "this time is different": 1}


def test_text_without_narratives():
    res = detect_narratives("Insulin lowered blood sugar in patients in Toronto in January 1922.", "t")
    assert res.families_present == []
    assert res.total_per_1000 == 0


@settings(max_examples=40, deadline=None)
@given(words=st.lists(st.sampled_from(["bubble", "AGI", "cat", "泡沫", "模型", "new era", "and", "FOMO"]),
                      min_size=1, max_size=40))
def test_repeating_text_doubles_counts_keeps_rate(words):
    text = " ".join(words)
    if not any(c.isalpha() for c in text):
        return
    one = detect_narratives(text, "t")
    two = detect_narratives(text + "\n.\n" + text, "t", language=one.language)
    for a, b in zip(one.families, two.families, strict=True):
        assert b.count == 2 * a.count
        assert b.per_1000 == pytest.approx(a.per_1000)


def test_language_detection():
    assert detect_language("这是一个中文句子, with a few words") == "zh"
    assert detect_language("An English sentence with 一 character") == "en"


@pytest.mark.parametrize(
    ("raw", "needle"),
    [(b"\x00\x01\x02binary", "binary"), (b"\xff\xfe\xfa bad", "not UTF-8"), (b"   \n ", "empty")],
)
def test_decode_text_errors(raw, needle):
    with pytest.raises(InputError, match=needle):
        decode_text(raw, "f.txt")


def test_no_words():
    with pytest.raises(InputError, match="no words"):
        detect_narratives("1234 5678 !!!", "digits.txt")


def test_bad_lexicon():
    with pytest.raises(EvidenceError, match="families"):
        parse_lexicon("version: 1\nfamilies: {}\n")


def test_result_shapes(article):
    res = detect_narratives(article, "a")
    assert len(res.to_frame()) == len(default_lexicon().families)
    assert res.to_dict()["families_present"] == res.families_present
    assert "per 1,000 characters" in res.summary()
    assert res.plot().data[0].type == "bar"


def test_narrative_evidence_replaces_packaged_count():
    from bubblescope.framework import score_episode
    from bubblescope.framework.narratives import narrative_evidence

    base = load_evidence()
    res = [detect_narratives("A bubble? This time is different, FOMO says.", "quote.txt")]
    rec = narrative_evidence(res, "ai-2023", "2026-01")
    assert rec.numeric == 2 and rec.id == "ai-2023.narrative-families-article"  # bubble talk not counted
    assert rec.coded_by == "bubblescope" and "Bubble talk (not counted as a family): 1" in rec.note
    new = base.with_records([rec], "--text")
    assert rec.id in new.overridden and base.get(rec.id).numeric == 7  # the original base is untouched
    assert score_episode("ai-2023", new).factor("narratives").points == 1
    with pytest.raises(InputError):
        narrative_evidence([], "ai-2023", "2026-01")
    with pytest.raises(EvidenceError, match="unknown episode"):
        base.with_records([narrative_evidence(res, "nope", "2026-01")])


@pytest.mark.parametrize(("text", "family"), [
    ("通用人工智能即将到来", "agi_inevitability"),
    ("这一次真的不同", "new_era"),
    ("这次真的不一样，这是新范式。", "new_era"),
    ("This time really is different.", "new_era"),
    ("They replaced workers; investors feared missing out.", "replace_everyone"),
    ("Bigger models and scaling-law talk", "scaling_laws"),
])
def test_plain_phrasings_find_their_family(text, family):
    """Standard Chinese and English phrasings (not the scrambled article's look-alikes), with variants."""
    assert family in detect_narratives(text, "t").families_present


@pytest.mark.parametrize("text", ["泡沫", "泡沫！AI泡沫论", "It is a bubble, bubbles everywhere, a mania.",
                                  "市场过热"])
def test_bubble_talk_is_not_a_family(text):
    res = detect_narratives(text, "t")
    assert res.families_present == [] and res.bubble_talk_count >= 1
