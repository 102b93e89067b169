"""Episode comparison: every episode in the evidence base ranked by its four-factor total."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bubblescope.report.sections._html import Section, esc, figure_html, table

if TYPE_CHECKING:
    from bubblescope.framework.score import FourFactorResult
    from bubblescope.report.compute import ReportData


def _row(i: int, r: FourFactorResult, me: bool) -> str:
    cells = "".join(f'<td class="pts p{f.points}">{f.points}{"*" if f.override else ""}</td>' for f in r.factors)
    ctrl = ' <span class="badge muted">control</span>' if r.control else ""
    cls = ' class="me"' if me else ""
    return (f"<tr{cls}><td>{i}</td><th>{esc(r.episode_name)}{ctrl}<div class=\"small\">"
            f"{esc(r.episode_id)}</div></th><td class=\"tot\">{r.total}/8</td>{cells}<td>{r.measured_share:.0%}</td></tr>")


def comparison_section(data: ReportData) -> Section:
    cmp = data.comparison
    top = max((r.max_total for r in cmp.results), default=8)  # headroom above the bars for their labels
    rows = "".join(_row(i, r, r.episode_id == data.episode_id) for i, r in enumerate(cmp.results, 1))
    head = ["#", "Episode", "Total", "Unc.", "Pure", "Novice", "Narr.", "Measured"]
    body = (
        '<p class="small">Ranked by total; ties go to the episode with more measured (rather than coded) '
        'evidence. * marks an analyst override.</p>'
        f'<div class="grid"><div>{table(head, rows, "")}</div>'
        f'<div>{figure_html(cmp.plot().update_yaxes(range=[0, top + 1]), "fig-comparison")}</div></div>'
    )
    return Section("comparison", "Episode comparison", body, cmp.to_dict())
