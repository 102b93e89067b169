"""Narratives in the user's texts (``--text``): lexicon counts per narrative family.

On the Chinese page the packaged families' titles are translated; a family of the user's own lexicon keeps
its title, and the text's name and the phrases matched in an English text are quotations (``lang="en"``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bubblescope.i18n import CATALOGUE, Lang, tr
from bubblescope.report.sections._html import Section, esc, not_available, table, verbatim

if TYPE_CHECKING:
    from bubblescope.framework.narratives import FamilyCount, NarrativeResult
    from bubblescope.report.compute import ReportData

TITLE = "Narratives in your texts"


def _title(f: FamilyCount, lang: Lang) -> str:
    key = f"nar.family.{f.family}"
    if lang != "zh":
        return esc(f.title)
    return esc(tr(key, lang)) if key in CATALOGUE and CATALOGUE[key].en == f.title else \
        f'<span lang="en">{esc(f.title)}</span>'


def _phrases(f: FamilyCount, lang: Lang) -> str:
    text = ", ".join(f"{esc(p)} ×{n}" for p, n in f.phrases.items()) or "–"
    if lang != "zh":
        return text
    return "，".join(f'<span lang="en">{esc(p)}</span> ×{n}' if p.isascii() else f"{esc(p)} ×{n}"
                    for p, n in f.phrases.items()) or "–"


def _text(res: NarrativeResult, lang: Lang = "en") -> str:
    badge = f' <span class="badge muted">{esc(tr("nar.badge.talk", lang))}</span>'
    rows = "".join(
        f"<tr><th>{_title(f, lang)}{badge if f.kind == 'talk' else ''}"
        f"</th><td class=\"tot\">{f.count}</td><td>{f.per_1000:.2f}</td><td>{_phrases(f, lang)}</td></tr>"
        for f in [*res.narrative_families, *res.talk])
    unit = res.unit if lang != "zh" else tr(f"nar.unit.{res.unit}", lang)
    head = [esc(tr("nar.head.family", lang)), esc(tr("nar.head.count", lang)),
            esc(tr("nar.head.per_1000", lang, unit=unit)), esc(tr("nar.head.phrases", lang))]
    language = res.language if lang != "zh" else tr(f"nar.lang.{res.language}", lang)
    summary = tr("nar.summary", lang, language=language, size=f"{res.size:,}", unit=unit,
                 present=len(res.families_present), total=len(res.narrative_families), talk=res.bubble_talk_count)
    name = verbatim(res.name, lang)
    return f"<h3>{name}</h3><p class=\"small\">{esc(summary)}</p>{table(head, rows, '')}"


def narratives_section(data: ReportData) -> Section:
    lang = data.lang
    if not data.narratives:
        needs = tr("nar.needs", "en")
        return not_available("narratives", TITLE, needs, lang, needs_text=tr("nar.needs", lang))
    rid = "<code>" + esc(data.episode_id) + ".narrative-families-article</code>"
    body = (f'<p class="small">{tr("nar.intro", lang, id=rid)}</p>'
            + "".join(_text(r, lang) for r in data.narratives))
    return Section("narratives", TITLE, body, {"texts": [r.to_dict() for r in data.narratives]})
