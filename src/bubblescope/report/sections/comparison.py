"""Episode comparison: every episode in the evidence base ranked by its four-factor total."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bubblescope.report.sections._html import Section, esc, figure_html, table

if TYPE_CHECKING:
    from bubblescope.framework.compare import ComparedEpisode
    from bubblescope.report.compute import ReportData


def _row(row: ComparedEpisode, me: bool) -> str:
    r = row.result
    cells = "".join(f'<td class="pts p{f.points}">{f.points}{"*" if f.override else ""}</td>' for f in r.factors)
    ctrl = ' <span class="badge muted">control</span>' if r.control else ""
    cls = ' class="me"' if me else ""
    outcome = {"bubble": "bubble", "no_bubble": "no bubble"}.get(row.outcome or "", "unlabelled")
    return (f"<tr{cls}><td>{row.rank}</td><th>{esc(r.episode_name)}{ctrl}<div class=\"small\">"
            f"{esc(r.episode_id)}</div></th><td title=\"{esc(row.outcome_provenance)}\">{outcome}</td>"
            f"<td class=\"tot\">{r.total}/8</td><td>{row.subscore:.3f}</td>{cells}<td>{r.measured_share:.0%}</td></tr>")


def comparison_section(data: ReportData) -> Section:
    cmp = data.comparison
    top = max((r.max_total for r in cmp.results), default=8)  # headroom above the bars for their labels
    rows = "".join(_row(r, r.episode_id == data.episode_id) for r in cmp.rows)
    head = ["#", "Episode", "Outcome", "Total", "Sub-score", "Unc.", "Pure", "Novice", "Narr.", "Measured"]
    body = (
        '<p class="small">Ranked by total, then by the sub-score (mean percentile of the factors among '
        'the compared episodes); equal total and sub-score share a rank. * marks an analyst override. '
        'Outcome labels are coded by bubblescope from the sources named in the evidence base.</p>'
        f'<div class="grid"><div>{table(head, rows, "")}</div>'
        f'<div>{figure_html(cmp.plot().update_yaxes(range=[0, top + 1]), "fig-comparison")}</div></div>'
    )
    return Section("comparison", "Episode comparison", body, cmp.to_dict())
