"""Valuation & concentration gauges: every gauge with value, percentile, light and source, and a
percentile bar chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bubblescope.report.sections._html import (
    NEEDS_ANALYSIS,
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


def _row(g: Gauge, known: set[str]) -> str:
    h = g.history
    light = f'<span class="dot {g.light}"></span>{g.light}' if g.light else ""
    name = f'{esc(g.name)}<div class="small">{esc(g.group)}</div>'
    if g.available:
        pct, wpct = _pct(g, h.percentile if h else None), _pct(g, h.window_percentile if h else None)
        cells = (f'<td class="num">{esc(g.display())}</td><td>{esc(g.as_of or "")}</td><td class="num">{pct}'
                 f'</td><td class="num">{wpct}</td><td>{light}</td>')
    else:
        cells = f'<td colspan="5" class="na">not available: needs {esc(g.needs or "input data")}</td>'
    return (f'<tr class="{"" if g.available else "muted"}"><th>{name}</th>{cells}'
            f'<td class="small src">{link_ids(esc(g.source or ""), known)}</td></tr>')


def _num(v: Any) -> str:
    return f"{v:,.2f}" if finite(v) else "–"


def peaks_table(panel: GaugePanel) -> str:
    """"Now vs past peaks": each gauge with a history, its hottest reading around each market top."""
    rows = "".join(
        f"<tr><th>{esc(r['gauge'])}</th>" + "".join(f'<td class="num">{_num(r.get(lb))}</td>' for lb in PEAK_LABELS)
        + f'<td class="num"><b>{_num(r["now"])}</b></td><td>{esc(r.get("light") or "")}</td></tr>'
        for r in panel.peaks_table())
    if not rows:
        return ""
    return ("<h3>Now vs past peaks</h3>" + table(["Gauge", *PEAK_LABELS, "now", "light"], rows)
            + '<p class="small">Hottest reading in the window around each market top (docs/gauges.md); '
            "– where the gauge's history does not reach it.</p>")


def policy_table(panel: GaugePanel) -> str:
    """The monetary test: fed funds changes now and before past busts."""
    policy = panel.details.get("policy_path")
    if policy is None or not policy.now:
        return ""
    n = policy.now
    rows = (f'<tr><th>now</th><td>{esc(n["as_of"])}</td><td class="num">{_num(n["rate"])}</td>'
            f'<td class="num">{n["change_12m"]:+.2f}</td><td class="num">{n["change_24m"]:+.2f}</td></tr>')
    for p in policy.peaks:
        if p["available"]:
            rows += (f'<tr><th>before {esc(p["peak"])}</th><td>{esc(p["month"])}</td><td class="num">'
                     f'{_num(p["rate"])}</td><td class="num">{p["change_12m"]:+.2f}</td>'
                     f'<td class="num">{p["change_24m"]:+.2f}</td></tr>')
        else:
            rows += (f'<tr class="muted"><th>before {esc(p["peak"])}</th><td>{esc(p["month"])}</td>'
                     f'<td colspan="3" class="na">not available: {esc(p["reason"])}</td></tr>')
    return ("<h3>Monetary test: policy-rate path vs the tightening before past busts</h3>"
            + table(["", "month", "fed funds %", "12-month change (pp)", "24-month change (pp)"], rows)
            + f'<p class="small">{esc(panel["policy_path"].light_rule)}</p>')


def percentile_figure(panel: GaugePanel) -> Any | None:
    """Each available gauge's percentile of its own history, coloured by its light (None: no gauge has one)."""
    import plotly.graph_objects as go

    shown = [(g, g.history.percentile) for g in panel.gauges
             if g.available and g.history is not None and finite(g.history.percentile)]
    if not shown:
        return None
    fig = go.Figure(go.Bar(x=[float(p) for _, p in shown], y=[g.name for g, _ in shown],
                           orientation="h", marker_color=[LIGHTS.get(g.colour or "", BLUE) for g, _ in shown],
                           text=[g.display() for g, _ in shown], textposition="auto",
                           hovertemplate="%{y}: percentile %{x:.0f}<extra></extra>"))
    fig.add_vline(x=90, line_dash="dot", line_color=RED, annotation_text="90th")
    fig.update_xaxes(range=[0, 100])
    axis_titles(fig, x="percentile of the gauge's own history")
    fig.update_yaxes(autorange="reversed")
    return fig


def gauges_section(data: ReportData) -> Section:
    a = data.analysis
    if a is None:
        return not_available("gauges", TITLE, NEEDS_ANALYSIS)
    if a.gauges is None:
        return not_available("gauges", TITLE, "gauge inputs (Shiller data, prices or evidence records)")
    panel = a.gauges
    known = {r.id for r in data.records}
    rows = "".join(_row(g, known) for g in panel.gauges)
    fig = percentile_figure(panel)
    fig_html = "" if fig is None else figure_html(fig, "fig-gauges", max(260, 34 * len(fig.data[0].y) + 90))
    b = panel.boom
    head = ["Gauge", "Value", "As of", "Pctile (all)", "Pctile 30y", "Light", "Source"]
    body = (
        f'<p>Boom/bubble gauges: <b>{esc(b.verdict)}</b> ({b.reds} red of {b.available} available; rule: 0–1 red '
        "= boom, 2 = caution, ≥ 3 = bubble)." + (f" Evaluated at the episode's peak, {esc(panel.as_of)}."
                                                  if panel.as_of else "") + "</p>"
        + (f'<div>{fig_html}</div>' if fig_html else "")
        + table(head, rows)
        + "".join(f'<p class="small">note: {esc(n)}</p>' for n in b.notes)
        + '<p class="small">Lights: published thresholds where a gauge has them (boom/bubble gauges, GSY '
        "run-up, GMO trend, monetary test), else the gauge's hot percentile in its own history (red from the "
        "95th, amber from the 80th); a point reading without either has no light (docs/gauges.md).</p>"
        + peaks_table(panel) + policy_table(panel)
    )
    return Section("gauges", TITLE, body, {"panel": to_jsonable(panel), "inputs": a.gauge_sources})
