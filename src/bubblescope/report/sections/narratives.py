"""Narratives in the user's texts (``--text``): lexicon counts per narrative family."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bubblescope.report.sections._html import Section, esc, not_available, table

if TYPE_CHECKING:
    from bubblescope.framework.narratives import NarrativeResult
    from bubblescope.report.compute import ReportData

TITLE = "Narratives in your texts"


def _text(res: NarrativeResult) -> str:
    badge = ' <span class="badge muted">talk, not a family</span>'
    rows = "".join(
        f"<tr><th>{esc(f.title)}{badge if f.kind == 'talk' else ''}"
        f"</th><td class=\"tot\">{f.count}</td><td>{f.per_1000:.2f}</td><td>"
        + (", ".join(f"{esc(p)} ×{n}" for p, n in f.phrases.items()) or "–") + "</td></tr>"
        for f in [*res.narrative_families, *res.talk])
    head = ["Family", "Count", f"Per 1,000 {esc(res.unit)}", "Matched phrases"]
    return (f"<h3>{esc(res.name)}</h3><p class=\"small\">{esc(res.language)}, {res.size:,} {esc(res.unit)}; "
            f"{len(res.families_present)} of {len(res.narrative_families)} narrative families present; "
            f"bubble talk ×{res.bubble_talk_count}, reported apart (talk of a bubble is a different, "
            f"contrarian signal)</p>{table(head, rows, '')}")


def narratives_section(data: ReportData) -> Section:
    if not data.narratives:
        return not_available("narratives", TITLE, "one or more texts to analyse (bubblescope report --text FILE)")
    body = ('<p class="small">Lexicon-based counts on the texts below (the stated corpus); the number of '
            "narrative families present, without bubble talk, feeds the narratives factor above (evidence id <code>" + esc(data.episode_id) + ".narrative-families-article</code>).</p>"
            + "".join(_text(r) for r in data.narratives))
    return Section("narratives", TITLE, body, {"texts": [r.to_dict() for r in data.narratives]})
