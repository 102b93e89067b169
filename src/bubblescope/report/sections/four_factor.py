"""Four-factor bubble score: radar and table, each point linked to its evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bubblescope.report.sections._html import Section, esc, evidence_link, figure_html, table

if TYPE_CHECKING:
    from bubblescope.framework.score import FactorScore
    from bubblescope.report.compute import ReportData


def _row(f: FactorScore) -> str:
    ids = " ".join(evidence_link(i) for i in f.evidence_ids) or "–"
    pts = f"{f.points}/2"
    rationale = esc(f.rationale)
    cls = ""
    if f.override:
        cls = ' class="overridden"'
        pts += f' <span class="badge">override</span><div class="small">computed {f.computed_points}/2</div>'
        rationale = (f'<strong>Analyst override:</strong> {esc(f.override.reason)}'
                     f'<div class="small">Rubric: {rationale}</div>')
    return (f"<tr{cls}><th>{esc(f.title)}</th><td class=\"pts p{f.points}\">{pts}</td>"
            f"<td>{esc(f.basis)}</td><td>{rationale}</td><td>{ids}</td></tr>")


def four_factor_section(data: ReportData) -> Section:
    res = data.score
    note = (f' <span class="badge">overridden</span> <span class="small">computed {res.computed_total}/8</span>'
            if res.overrides else "")
    rows = "".join(_row(f) for f in res.factors)
    body = (
        f'<div class="headline"><div class="total">{res.total}/8</div><div>{esc(res.episode_name)}'
        f'{" (control)" if res.control else ""}{note}<div class="small">Goldfarb &amp; Kirsch four factors, '
        f'0–2 points each. Every point links to its evidence below.</div></div></div>'
        f'<div class="grid"><div>{table(["Factor", "Points", "Basis", "Rationale", "Evidence"], rows, "")}</div>'
        f'<div>{figure_html(res.plot(), "fig-four-factor-radar")}</div></div>'
    )
    return Section("four_factor", "Four-factor bubble score", body, res.to_dict())
