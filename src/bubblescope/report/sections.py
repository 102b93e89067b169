"""Report sections: independent functions ``(ReportContext) -> Section``.

Each section returns an HTML fragment and a JSON-ready dict, or a section marked *not available*
with what it needs (``not_available(...)``). Sections never raise for missing optional inputs, and
they never read files: everything comes through the context. To add a section, write a function
with this signature and list it in :data:`bubblescope.report.default.DEFAULT_SECTIONS` (or pass ``sections=`` to
:func:`bubblescope.report.build_report`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bubblescope.evidence.loader import EvidenceBase
from bubblescope.framework.narratives import NarrativeResult
from bubblescope.framework.score import (
    ComparisonResult,
    FourFactorResult,
    Override,
    compare_episodes,
    score_episode,
)
from bubblescope.report.analysis import Analysis
from bubblescope.results import to_jsonable
from bubblescope.style import style


@dataclass(frozen=True)
class ReportContext:
    """Everything a section may use. ``data_dir``/``offline`` are for sections that read market data."""

    base: EvidenceBase
    episode_id: str
    overrides: tuple[Override, ...] = ()
    data_dir: Path | None = None
    offline: bool = False
    compare_ids: tuple[str, ...] | None = None  # None: every episode in the base
    narratives: tuple[NarrativeResult, ...] = ()  # detector results on the user's texts (--text)
    analysis: Analysis | None = None  # data-driven results (report.analysis.analyse); None: not computed

    def score(self) -> FourFactorResult:
        return score_episode(self.episode_id, self.base, self.overrides)

    def comparison(self) -> ComparisonResult:
        return compare_episodes(self.compare_ids, self.base, {self.episode_id: self.overrides})


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    html: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    available: bool = True
    needs: str | None = None  # what a not-available section is missing


SectionFn = Callable[[ReportContext], Section]


def not_available(section_id: str, title: str, needs: str) -> Section:
    """A placeholder section: 'not available: needs X'."""
    body = f'<p class="na">Not available: needs {html.escape(needs)}.</p>'
    return Section(section_id, title, body, {"available": False, "needs": needs}, False, needs)


def esc(v: object) -> str:
    return html.escape(str(v))


def fmt_value(v: object) -> str:
    """A record value for display: numbers without spurious decimals, flags as yes/no."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:,.6g}"
    return str(v)


def evidence_anchor(rid: str) -> str:
    return "ev-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in rid)


def figure_html(fig: Any, div_id: str, height: int = 420) -> str:
    """A plotly figure as an HTML fragment in the report's style; plotly.js is embedded once by the page."""
    style(fig, height)
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})


def four_factor_section(ctx: ReportContext) -> Section:
    res = ctx.score()
    rows = []
    for f in res.factors:
        ids = " ".join(f'<a class="ev" href="#{evidence_anchor(i)}">{esc(i)}</a>' for i in f.evidence_ids) or "–"
        pts = f"{f.points}/2"
        rationale = esc(f.rationale)
        cls = ""
        if f.override:
            cls = ' class="overridden"'
            pts += f' <span class="badge">override</span><div class="small">computed {f.computed_points}/2</div>'
            rationale = (f'<strong>Analyst override:</strong> {esc(f.override.reason)}'
                         f'<div class="small">Rubric: {rationale}</div>')
        rows.append(f"<tr{cls}><th>{esc(f.title)}</th><td class=\"pts p{f.points}\">{pts}</td>"
                    f"<td>{esc(f.basis)}</td><td>{rationale}</td><td>{ids}</td></tr>")
    total = f"{res.total}/8"
    note = (f' <span class="badge">overridden</span> <span class="small">computed {res.computed_total}/8</span>'
            if res.overrides else "")
    body = (
        f'<div class="headline"><div class="total">{total}</div><div>{esc(res.episode_name)}'
        f'{" (control)" if res.control else ""}{note}<div class="small">Goldfarb &amp; Kirsch four factors, '
        f'0–2 points each. Every point links to its evidence below.</div></div></div>'
        '<div class="grid"><div><table><thead><tr><th>Factor</th><th>Points</th><th>Basis</th>'
        '<th>Rationale</th><th>Evidence</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>"
        f'<div>{figure_html(res.plot(), "fig-four-factor-radar")}</div></div>'
    )
    return Section("four_factor", "Four-factor bubble score", body, res.to_dict())


def comparison_section(ctx: ReportContext) -> Section:
    cmp = ctx.comparison()
    top = max((r.max_total for r in cmp.results), default=8)  # headroom above the bars for their labels
    rows = []
    for i, r in enumerate(cmp.results, 1):
        cells = "".join(f'<td class="pts p{f.points}">{f.points}{"*" if f.override else ""}</td>' for f in r.factors)
        me = ' class="me"' if r.episode_id == ctx.episode_id else ""
        ctrl = ' <span class="badge muted">control</span>' if r.control else ""
        rows.append(f"<tr{me}><td>{i}</td><th>{esc(r.episode_name)}{ctrl}<div class=\"small\">{esc(r.episode_id)}"
                    f"</div></th><td class=\"tot\">{r.total}/8</td>{cells}<td>{r.measured_share:.0%}</td></tr>")
    body = (
        '<p class="small">Ranked by total; ties go to the episode with more measured (rather than coded) '
        'evidence. * marks an analyst override.</p>'
        '<div class="grid"><div><table><thead><tr><th>#</th><th>Episode</th><th>Total</th><th>Unc.</th>'
        '<th>Pure</th><th>Novice</th><th>Narr.</th><th>Measured</th></tr></thead><tbody>'
        + "".join(rows) + "</tbody></table></div>"
        f'<div>{figure_html(cmp.plot().update_yaxes(range=[0, top + 1]), "fig-comparison")}</div></div>'
    )
    return Section("comparison", "Episode comparison", body, cmp.to_dict())


def narratives_section(ctx: ReportContext) -> Section:
    if not ctx.narratives:
        return not_available("narratives", "Narratives in your texts",
                             "one or more texts to analyse (bubblescope report --text FILE)")
    parts = []
    for res in ctx.narratives:
        rows = "".join(
            f"<tr><th>{esc(f.title)}</th><td class=\"tot\">{f.count}</td><td>{f.per_1000:.2f}</td><td>"
            + (", ".join(f"{esc(p)} ×{n}" for p, n in f.phrases.items()) or "–") + "</td></tr>"
            for f in res.families)
        parts.append(
            f"<h3>{esc(res.name)}</h3><p class=\"small\">{esc(res.language)}, {res.size:,} {esc(res.unit)}; "
            f"{len(res.families_present)} of {len(res.families)} families present</p>"
            f"<table><thead><tr><th>Family</th><th>Count</th><th>Per 1,000 {esc(res.unit)}</th>"
            f"<th>Matched phrases</th></tr></thead><tbody>{rows}</tbody></table>")
    body = ('<p class="small">Lexicon-based counts; the number of families present feeds the narratives '
            "factor above (evidence id <code>" + esc(ctx.episode_id) + ".narrative-families-article</code>).</p>"
            + "".join(parts))
    return Section("narratives", "Narratives in your texts", body,
                   {"texts": [r.to_dict() for r in ctx.narratives]})


def evidence_section(ctx: ReportContext) -> Section:
    recs = sorted(ctx.base.for_episode(ctx.episode_id), key=lambda r: r.id)
    rows = []
    for r in recs:
        src = esc(r.source.cite())
        if r.source.url:
            src += f' <a href="{esc(r.source.url)}">{esc(r.source.url)}</a>'
        mine = ' <span class="badge">your file</span>' if r.id in ctx.base.overridden else ""
        rows.append(f'<tr id="{evidence_anchor(r.id)}"><td><code>{esc(r.id)}</code>{mine}</td>'
                    f"<td>{esc(fmt_value(r.value))} {esc(r.unit)}</td><td>{esc(r.as_of)}</td><td>{src}"
                    f'<div class="small">{esc(r.note)}</div></td></tr>')
    body = ("<table><thead><tr><th>Id</th><th>Value</th><th>As of</th><th>Source and note</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table>")
    data = {"records": [to_jsonable(r) for r in recs]}
    return Section("evidence", "Evidence appendix", body, data)
