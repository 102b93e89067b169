"""Episode comparison: every episode in the evidence base ranked by its four-factor total."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bubblescope.i18n import Lang, episode_name, tr
from bubblescope.report.sections._html import Section, esc, figure_html, table

if TYPE_CHECKING:
    from bubblescope.framework.compare import ComparedEpisode, ComparisonResult
    from bubblescope.report.compute import ReportData

OUTCOME = {"bubble": "cmp.bubble", "no_bubble": "cmp.no_bubble"}


def _outcome(outcome: str | None, lang: Lang) -> str:
    return tr(OUTCOME.get(outcome or "", "cmp.unlabelled"), lang)


def _row(row: ComparedEpisode, me: bool, lang: Lang = "en") -> str:
    r = row.result
    cells = "".join(f'<td class="pts p{f.points}">{f.points}{"*" if f.override else ""}</td>' for f in r.factors)
    ctrl = f' <span class="badge muted">{esc(tr("cmp.control", lang))}</span>' if r.control else ""
    cls = ' class="me"' if me else ""
    ident = "" if lang == "en" else ' translate="no"'
    return (f"<tr{cls}><td>{row.rank}</td><th>{esc(episode_name(r.episode_id, r.episode_name, lang))}{ctrl}"
            f"<div class=\"small\"{ident}>{esc(r.episode_id)}</div></th><td title=\"{esc(row.outcome_provenance)}\">"
            f"{_outcome(row.outcome, lang)}</td><td class=\"tot\">{r.total}/8</td><td>{row.subscore:.3f}</td>{cells}"
            f"<td>{r.measured_share:.0%}</td></tr>")


def _chart_zh(cmp: ComparisonResult, fig: Any) -> Any:
    """The comparison chart's texts in Chinese: episode names, outcomes, factor names, title, axis."""
    names = [f"{r.rank}. {episode_name(r.episode_id, r.result.episode_name, 'zh')}"
             + ("" if r.outcome is None else f"（{_outcome(r.outcome, 'zh')}）") for r in cmp.rows]
    by_title = {f.title: f.factor for r in cmp.rows for f in r.result.factors}  # a trace is named by its factor
    fig.for_each_trace(lambda t: t.update(x=names, name=tr(f"factor.{by_title[t.name]}", "zh")
                                          if t.name in by_title else t.name))
    for ann, name in zip(fig.layout.annotations, names, strict=False):
        ann.x = name
    fig.update_layout(title=tr("cmp.fig_title", "zh"), yaxis_title=tr("cmp.points", "zh"))
    return fig


def comparison_section(data: ReportData) -> Section:
    cmp, lang = data.comparison, data.lang
    top = max((r.max_total for r in cmp.results), default=8)  # headroom above the bars for their labels
    rows = "".join(_row(r, r.episode_id == data.episode_id, lang) for r in cmp.rows)
    head = [esc(tr(f"cmp.col.{c}", lang)) for c in
            ("rank", "episode", "outcome", "total", "sub", "unc", "pure", "novice", "narr", "measured")]
    fig = cmp.plot().update_yaxes(range=[0, top + 1])
    if lang == "zh":
        _chart_zh(cmp, fig)
    body = (
        f'<p class="small">{esc(tr("cmp.intro", lang))}</p>'
        f'<div class="grid"><div>{table(head, rows, "")}</div>'
        f'<div>{figure_html(fig, "fig-comparison")}</div></div>'
    )
    return Section("comparison", "Episode comparison", body, cmp.to_dict())
