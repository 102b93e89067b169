"""Lexicon-based narrative detector (English and Chinese).

Counts the narrative families of technology booms (AGI / inevitability, scaling laws, race with a rival
power, "this time is different", bubble talk, FOMO, world-changing promises, replacing everyone) in a
text and reports, per family, the number of matches, the rate per 1,000 words (English) or per 1,000
Chinese characters (Chinese), and the phrases matched.

A lexicon rather than a trained model: the families are few, the phrases are known from the literature
and the source article, and a lexicon is transparent (every count points to the phrases behind it),
works offline and on a scrambled text with look-alike synonyms once the variants are listed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from bubblescope.errors import InputError
from bubblescope.evidence.schema import EvidenceRecord, Source
from bubblescope.evidence.yamlio import validate_yaml_model
from bubblescope.framework._lookup import find
from bubblescope.results import Result

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


class LexiconFamily(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    kind: Literal["narrative", "talk"] = Field(
        default="narrative", description="'talk': talk about a bubble, reported apart from the narrative families.")
    description: str = ""
    en: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int
    families: dict[str, LexiconFamily] = Field(min_length=1)


def parse_lexicon(text: str, name: str = "narratives.yaml") -> Lexicon:
    """Validate a lexicon YAML document (the packaged one or a user's own)."""
    return validate_yaml_model(text, name, Lexicon, "a lexicon mapping with 'families'")


@cache
def default_lexicon() -> Lexicon:
    """The packaged English/Chinese lexicon (immutable, so caching it is safe)."""
    text = (resources.files("bubblescope.framework") / "lexicons" / "narratives.yaml").read_text("utf-8")
    return parse_lexicon(text)


#: Simple English stemming: every Latin word of a phrase may take one of these endings
#: ("replace workers" finds "replaced workers", "bubble" finds "bubbles", "miss out" finds "missed out").
_SUFFIX = r"(?:s|es|d|ed|ing|['’]s)?"


def _phrase_body(phrase: str) -> str:
    """The phrase as a regex: each Latin word may take an English ending, words are separated by spaces,
    line breaks or hyphens; Latin letters at the end must not continue a longer word ("AGI" is not in
    "AGILE"). The look-behind for a Latin start is added once per family (:func:`_family_regex`); CJK
    characters have no word boundaries, so Chinese phrases match as substrings."""
    words = [re.escape(w) + (_SUFFIX if re.search(r"[A-Za-z]$", w) else "") for w in phrase.split()]
    body = r"[\s-]+".join(words)
    if re.search(r"[A-Za-z0-9]$", phrase):
        body += r"(?![A-Za-z0-9])"
    return body


@cache
def _family_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    # Longest phrase first, so "泡沫分裂" style compounds win over their parts and matches do not overlap.
    # The Latin-initial phrases share one look-behind (2-3x faster than one per phrase, same matches: a
    # Latin-initial and another phrase can never start at the same character).
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    latin = [_phrase_body(p) for p in ordered if re.match(r"[A-Za-z0-9]", p)]
    other = [_phrase_body(p) for p in ordered if not re.match(r"[A-Za-z0-9]", p)]
    parts = ([r"(?<![A-Za-z0-9])(?:" + "|".join(latin) + ")"] if latin else []) + other
    return re.compile("|".join(parts), re.IGNORECASE)


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))  # no list of every word: memory stays flat


@dataclass(frozen=True)
class FamilyCount:
    family: str
    title: str
    count: int
    per_1000: float
    phrases: dict[str, int]  # matched phrase (as written in the text) -> count
    kind: str = "narrative"  # "narrative" or "talk" (bubble talk, not a narrative family)


@dataclass(frozen=True)
class NarrativeResult(Result):
    """Narrative-family counts of one text.

    ``per_1000`` is per 1,000 words for English and per 1,000 Chinese characters for Chinese
    (``language`` and ``size``/``unit`` say which).
    """

    name: str
    language: Literal["en", "zh"]
    size: int  # words (en) or Chinese characters (zh)
    unit: str  # "words" or "characters"
    families: tuple[FamilyCount, ...]

    @property
    def families_present(self) -> list[str]:
        """Narrative families found (bubble talk is not one: see :attr:`talk`)."""
        return [f.family for f in self.families if f.count > 0 and f.kind == "narrative"]

    @property
    def narrative_families(self) -> list[FamilyCount]:
        return [f for f in self.families if f.kind == "narrative"]

    @property
    def talk(self) -> list[FamilyCount]:
        """Talk about a bubble (a contrarian signal of its own, reported apart from the narratives)."""
        return [f for f in self.families if f.kind == "talk"]

    @property
    def bubble_talk_count(self) -> int:
        return sum(f.count for f in self.talk)

    @property
    def total_per_1000(self) -> float:
        return sum(f.per_1000 for f in self.families)

    def family(self, name: str) -> FamilyCount:
        return find(self.families, "family", name, "narrative family")

    def summary(self) -> str:
        lines = [f"{self.name}: {self.language}, {self.size} {self.unit}, "
                 f"{len(self.families_present)}/{len(self.narrative_families)} narrative families present, "
                 f"bubble talk x{self.bubble_talk_count}"]
        for f in self.families:
            top = ", ".join(f"{p} x{n}" for p, n in sorted(f.phrases.items(), key=lambda kv: -kv[1])[:5])
            lines.append(f"  {f.title:<34} {f.count:>4}  {f.per_1000:7.2f} per 1,000 {self.unit}  {top}")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{
            "family": f.family, "title": f.title, "count": f.count, "per_1000": f.per_1000,
            "phrases": "; ".join(f"{p} x{n}" for p, n in f.phrases.items()),
        } for f in self.families]).set_index("family")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "language": self.language, "size": self.size, "unit": self.unit,
            "families_present": self.families_present,
            "bubble_talk": {"count": self.bubble_talk_count,
                            "per_1000": sum(f.per_1000 for f in self.talk),
                            "phrases": {p: n for f in self.talk for p, n in f.phrases.items()}},
            "families": [{"family": f.family, "title": f.title, "kind": f.kind, "count": f.count,
                          "per_1000": f.per_1000, "phrases": dict(f.phrases)} for f in self.families],
        }

    def plot(self) -> Any:
        import plotly.graph_objects as go

        fig = go.Figure(go.Bar(x=[f.title for f in self.families], y=[f.per_1000 for f in self.families]))
        fig.update_layout(title=f"Narrative intensity: {self.name}",
                          yaxis={"title": f"matches per 1,000 {self.unit}"})
        return fig


def detect_language(text: str) -> Literal["en", "zh"]:
    """``zh`` when Chinese characters outnumber Latin words, else ``en``."""
    return "zh" if _count(_CJK, text) > _count(_WORD, text) else "en"


def detect_narratives(text: str, name: str = "text", lexicon: Lexicon | None = None,
                      language: Literal["en", "zh"] | None = None) -> NarrativeResult:
    """Count narrative families in ``text``.

    Both the English and the Chinese phrase lists are applied (Chinese texts quote English terms
    such as "AGI" or "FOMO"); the rate is per 1,000 words for English and per 1,000 Chinese characters
    for Chinese (``language`` None: detected). Raises :class:`InputError` for a text with no words.
    """
    if not isinstance(text, str):
        raise InputError(f"{name}: text must be a string, got {type(text).__name__}")
    return detect_narratives_chunks([text], name, lexicon, language)


def detect_narratives_chunks(chunks: Iterable[str], name: str = "text", lexicon: Lexicon | None = None,
                             language: Literal["en", "zh"] | None = None) -> NarrativeResult:
    """:func:`detect_narratives` over a text given in pieces (e.g. a large file read in chunks split at
    paragraph breaks, :func:`bubblescope.fileio.iter_text_chunks`): time linear in the text, memory of
    one chunk. Phrases are matched within each chunk, so a chunk boundary must not fall inside a phrase."""
    lexicon = lexicon if lexicon is not None else default_lexicon()
    if language is not None and language not in ("en", "zh"):
        raise InputError(f"{name}: language must be 'en' or 'zh', got {language!r}")
    fams = [(fid, fam, _family_regex(tuple(p for p in (*fam.en, *fam.zh) if p.strip())))
            for fid, fam in lexicon.families.items()]
    found: dict[str, Counter[str]] = {fid: Counter() for fid, _, _ in fams}
    n_cjk = n_words = 0
    for chunk in chunks:
        n_cjk += _count(_CJK, chunk)
        n_words += _count(_WORD, chunk)
        for fid, _, rx in fams:
            if rx.pattern:
                found[fid].update(" ".join(m.group(0).split()) for m in rx.finditer(chunk))
    lang = language or ("zh" if n_cjk > n_words else "en")
    size = n_cjk if lang == "zh" else n_words
    if size == 0:
        raise InputError(f"{name}: no {'Chinese characters' if lang == 'zh' else 'words'} to analyse")
    unit = "characters" if lang == "zh" else "words"
    counts = [FamilyCount(fid, fam.title, sum(found[fid].values()), 1000.0 * sum(found[fid].values()) / size,
                          dict(found[fid].most_common()), fam.kind) for fid, fam, _ in fams]
    return NarrativeResult(name, lang, size, unit, tuple(counts))


def narrative_evidence(results: Sequence[NarrativeResult], episode_id: str, as_of: str,
                       organisation: str = "User-supplied texts") -> EvidenceRecord:
    """Turn detector results into the evidence record the narratives factor reads.

    The value is the number of narrative families present in any of the texts (bubble talk is not
    counted: it is a different signal); the record id is ``<episode>.narrative-families-article`` so
    that it replaces the packaged count for that episode. The corpus is the texts named in the title.
    """
    if not results:
        raise InputError("narrative evidence needs at least one text")
    present = sorted({f for r in results for f in r.families_present})
    names = ", ".join(r.name for r in results)
    talk = sum(r.bubble_talk_count for r in results)
    return EvidenceRecord(
        id=f"{episode_id}.narrative-families-article", episode=episode_id, informs=["narratives"],
        metric="narrative_families_present", value=len(present), unit="families", as_of=as_of,
        source=Source(organisation=organisation, title=f"Narrative detector on: {names}"), coded_by="bubblescope",
        note="Narrative families present: " + (", ".join(present) or "none")
        + f". Bubble talk (not counted as a family): {talk} matches.",
    )


def decode_text(raw: bytes, name: str) -> str:
    """Bytes of a text file → str, or a one-line :class:`InputError` (binary, not UTF-8, empty)."""
    if b"\x00" in raw:
        raise InputError(f"{name}: binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    return text


def compare_texts(texts: Mapping[str, str] | Sequence[tuple[str, str]],
                  lexicon: Lexicon | None = None) -> list[NarrativeResult]:
    """Run :func:`detect_narratives` on several named texts."""
    items = list(texts.items()) if isinstance(texts, Mapping) else list(texts)
    return [detect_narratives(t, n, lexicon) for n, t in items]
