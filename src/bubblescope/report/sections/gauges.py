"""Valuation & concentration gauges: every gauge with value, percentile, light and source, and a
percentile bar chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bubblescope.i18n import Lang, tr
from bubblescope.report.sections._analysis_zh import known, known_html, needs_analysis, source_html
from bubblescope.report.sections._html import (
    Section,
    esc,
    figure_html,
    finite,
    link_ids,
    not_available,
    table,
)
from bubblescope.results import to_jsonable
from bubblescope.style import BLUE, LIGHTS, RED, axis_titles

if TYPE_CHECKING:
    from bubblescope.gauges import Gauge
    from bubblescope.gauges.panel import GaugePanel
    from bubblescope.report.compute import ReportData

TITLE = "Gauges: valuation, concentration, froth, credit and monetary conditions"
PEAK_LABELS = ("1929", "2000", "2007", "2021")


def _pct(g: Gauge, value: float | None) -> str:
    return f"{value:.0f}" if g.history is not None and g.available and finite(value) else "–"


def _light(light: str | None, lang: Lang) -> str:
    return tr(f"gau.light.{light}", lang) if light in ("green", "amber", "red") else (light or "")


def _name(g: Gauge | str, lang: Lang) -> str:
    return known(g if isinstance(g, str) else g.name, lang, "gau.name.")


def _row(g: Gauge, ids: set[str], lang: Lang = "en") -> str:
    h = g.history
    light = f'<span class="dot {g.light}"></span>{esc(_light(g.light, lang))}' if g.light else ""
    name = f'{esc(_name(g, lang))}<div class="small">{esc(known(g.group, lang, "gau.group."))}</div>'
    if g.available:
        pct, wpct = _pct(g, h.percentile if h else None), _pct(g, h.window_percentile if h else None)
        cells = (f'<td class="num">{esc(known(g.display(), lang, "gau.disp."))}</td><td>{esc(g.as_of or "")}</td>'
                 f'<td class="num">{pct}</td><td class="num">{wpct}</td><td>{light}</td>')
    else:
        needs = known_html(g.needs, lang, "gau.needs.") if g.needs else esc(tr("gau.input_data", lang))
        cells = f'<td colspan="5" class="na">{esc(tr("gau.row_na", lang, needs="{needs}")).format(needs=needs)}</td>'
    return (f'<tr class="{"" if g.available else "muted"}"><th>{name}</th>{cells}'
            f'<td class="small src">{link_ids(source_html(g.source or "", lang), ids)}</td></tr>')


def _num(v: Any) -> str:
    return f"{v:,.2f}" if finite(v) else "–"


def peaks_table(panel: GaugePanel, lang: Lang = "en") -> str:
    """"Now vs past peaks": each gauge with a history, its hottest reading around each market top."""
    rows = "".join(
        f"<tr><th>{esc(_name(r['gauge'], lang))}</th>"
        + "".join(f'<td class="num">{_num(r.get(lb))}</td>' for lb in PEAK_LABELS)
        + f'<td class="num"><b>{_num(r["now"])}</b></td><td>{esc(_light(r.get("light"), lang))}</td></tr>'
        for r in panel.peaks_table())
    if not rows:
        return ""
    head = [tr("gau.th.gauge", lang), *PEAK_LABELS, tr("gau.th.now", lang), tr("gau.th.light_lc", lang)]
    return (f"<h3>{tr('gau.peaks_title', lang)}</h3>" + table(head, rows)
            + f'<p class="small">{tr("gau.peaks_note", lang)}</p>')


def policy_table(panel: GaugePanel, lang: Lang = "en") -> str:
    """The monetary test: fed funds changes now and before past busts."""
    policy = panel.details.get("policy_path")
    if policy is None or not policy.now:
        return ""
    n = policy.now
    rows = (f'<tr><th>{tr("gau.policy_now", lang)}</th><td>{esc(n["as_of"])}</td><td class="num">{_num(n["rate"])}</td>'
            f'<td class="num">{n["change_12m"]:+.2f}</td><td class="num">{n["change_24m"]:+.2f}</td></tr>')
    for p in policy.peaks:
        if p["available"]:
            rows += (f'<tr><th>{tr("gau.policy_before", lang, peak=esc(p["peak"]))}</th><td>{esc(p["month"])}</td><td class="num">'
                     f'{_num(p["rate"])}</td><td class="num">{p["change_12m"]:+.2f}</td>'
                     f'<td class="num">{p["change_24m"]:+.2f}</td></tr>')
        else:
            reason = tr("gau.policy_na", lang, reason=known(p["reason"], lang, "gau.needs."))
            rows += (f'<tr class="muted"><th>{tr("gau.policy_before", lang, peak=esc(p["peak"]))}</th>'
                     f'<td>{esc(p["month"])}</td><td colspan="3" class="na">{esc(reason)}</td></tr>')
    head = ["", *(tr(f"gau.th.{k}", lang) for k in ("month", "fed_funds", "change_12m", "change_24m"))]
    return (f"<h3>{tr('gau.policy_title', lang)}</h3>" + table(head, rows)
            + f'<p class="small">{esc(known(panel["policy_path"].light_rule, lang, "gau.rule."))}</p>')


def percentile_figure(panel: GaugePanel, lang: Lang = "en") -> Any | None:
    """Each available gauge's percentile of its own history, coloured by its light (None: no gauge has one)."""
    import plotly.graph_objects as go

    shown = [(g, g.history.percentile) for g in panel.gauges
             if g.available and g.history is not None and finite(g.history.percentile)]
    if not shown:
        return None
    fig = go.Figure(go.Bar(x=[float(p) for _, p in shown], y=[_name(g, lang) for g, _ in shown],
                           orientation="h", marker_color=[LIGHTS.get(g.colour or "", BLUE) for g, _ in shown],
                           text=[known(g.display(), lang, "gau.disp.") for g, _ in shown], textposition="auto",
                           hovertemplate=tr("gau.hover", lang)))
    fig.add_vline(x=90, line_dash="dot", line_color=RED, annotation_text=tr("gau.p90", lang))
    fig.update_xaxes(range=[0, 100])
    axis_titles(fig, x=tr("gau.x_title", lang))
    fig.update_yaxes(autorange="reversed")
    return fig


def gauges_section(data: ReportData) -> Section:
    a, lang = data.analysis, data.lang
    if a is None:
        return needs_analysis("gauges", TITLE, lang)
    if a.gauges is None:
        return not_available("gauges", TITLE, "gauge inputs (Shiller data, prices or evidence records)", lang,
                             tr("gau.needs_inputs", lang))
    panel = a.gauges
    ids = {r.id for r in data.records}
    rows = "".join(_row(g, ids, lang) for g in panel.gauges)
    fig = percentile_figure(panel, lang)
    fig_html = "" if fig is None else figure_html(fig, "fig-gauges", max(260, 34 * len(fig.data[0].y) + 90))
    b = panel.boom
    head = [tr(f"gau.th.{k}", lang) for k in ("gauge", "value", "as_of", "pct_all", "pct_30y", "light", "source")]
    verdict = tr(f"gau.verdict.{b.verdict}", lang) if b.verdict in ("boom", "caution", "bubble") else b.verdict
    body = (
        "<p>" + tr("gau.verdict", lang, verdict=esc(verdict), reds=b.reds, available=b.available)
        + (tr("gau.at_peak", lang, date=esc(panel.as_of)) if panel.as_of else "") + "</p>"
        + (f'<div>{fig_html}</div>' if fig_html else "")
        + table(head, rows)
        + "".join(f'<p class="small">{esc(tr("gau.note", lang, note=known(n, lang, "gau.note.")))}</p>'
                  for n in b.notes)
        + f'<p class="small">{tr("gau.lights_rule", lang)}</p>'
        + peaks_table(panel, lang) + policy_table(panel, lang)
    )
    return Section("gauges", TITLE, body, {"panel": to_jsonable(panel), "inputs": a.gauge_sources})
