"""The message catalogue: every user-visible sentence of the report and of the CLI's score and verdict
tables in English and Simplified Chinese, as small typed tables (no gettext files, no global state):
``page`` (page chrome, CLI tables), ``verdict`` (verdict, judgement, four-factor and comparison
sections), ``analysis`` (market, gauges, economics, stress, scan sections and chart titles), ``evidence_text``
(evidence, narratives, validation, methodology sections), ``names``
(section titles, episode names), merged into :data:`CATALOGUE` (a key defined twice is an error).

``tr(key, lang)`` gives the text of a key; ``section_title(section_id, english, lang)`` the title of a
report section (English: the section's own title); ``episode_name(episode_id, english, lang)`` an
episode's name. English is the default; a key with no Chinese text is a ``KeyError`` when asked in
Chinese (the tests ask for every key), so a new string cannot silently stay English on the zh page.
Entries are whole sentences or labels (never fragments glued together), with ``{name}`` fields for
``str.format``. Light: stdlib and ``bubblescope.errors`` only.
"""

from __future__ import annotations

from bubblescope.errors import InputError
from bubblescope.i18n._msg import Lang, Msg
from bubblescope.i18n.analysis import ANALYSIS
from bubblescope.i18n.evidence_text import EVIDENCE_TEXT
from bubblescope.i18n.names import EPISODE_NAMES, SECTION_TITLES
from bubblescope.i18n.page import PAGE
from bubblescope.i18n.verdict import VERDICT

LANGS: tuple[Lang, ...] = ("en", "zh")
#: The ``<html lang>`` attribute of each language.
HTML_LANG: dict[Lang, str] = {"en": "en", "zh": "zh-CN"}


def _merge(*parts: dict[str, Msg]) -> dict[str, Msg]:
    """One catalogue from the per-area tables; a key defined twice is a programming error."""
    out: dict[str, Msg] = {}
    for part in parts:
        twice = out.keys() & part.keys()
        if twice:
            raise KeyError(f"catalogue keys defined twice: {sorted(twice)}")
        out.update(part)
    return out


CATALOGUE: dict[str, Msg] = _merge(PAGE, VERDICT, ANALYSIS, EVIDENCE_TEXT)
__all__ = ["CATALOGUE", "EPISODE_NAMES", "HTML_LANG", "LANGS", "SECTION_TITLES", "Lang", "Msg", "check_lang",
           "episode_name", "mode_name", "section_title", "tr", "word"]


def check_lang(lang: str) -> Lang:
    """The language code, or InputError naming the choices."""
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r} (choose from {', '.join(LANGS)})")
    return lang


def tr(key: str, lang: Lang = "en", **fields: object) -> str:
    """The catalogue text of ``key`` in ``lang``, formatted with ``fields``."""
    text = CATALOGUE[key].get(lang)
    return text.format(**fields) if fields else text


def section_title(section_id: str, english: str, lang: Lang = "en") -> str:
    return SECTION_TITLES[section_id] if lang == "zh" else english


def episode_name(episode_id: str, english: str, lang: Lang = "en") -> str:
    return EPISODE_NAMES.get(episode_id, english) if lang == "zh" else english


def word(kind: str, text: str | None, lang: Lang = "en") -> str:
    """A verdict (``kind="v"``), stage or falsifier status word in ``lang``; None → "not measured"."""
    if text is None:
        return tr("verdict.not_measured", lang)
    key = f"{kind}.{text}"
    return tr(key, lang) if key in CATALOGUE else text


def mode_name(mode: str, lang: Lang = "en") -> str:
    """local / live / cached / packaged in ``lang`` (an unknown mode as given)."""
    key = f"mode.{mode}"
    return tr(key, lang) if key in CATALOGUE else mode
