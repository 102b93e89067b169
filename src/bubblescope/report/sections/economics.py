"""Investment economics: revenue gap, depreciation sensitivity, financing, every input with its source.

The figures are :mod:`bubblescope.economics.charts`' (the dashboard and ``bubblescope capex --plot``
draw the same ones).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bubblescope.economics import charts
from bubblescope.report.sections._html import (
    NEEDS_ANALYSIS,
    Section,
    esc,
    evidence_link,
    figure_html,
    not_available,
    num,
    table,
)
from bubblescope.results import to_jsonable

if TYPE_CHECKING:
    from bubblescope.economics import CapexAssessment, Sensitivity
    from bubblescope.report.compute import ReportData

TITLE = "Investment economics"


def _input_row(r: Any) -> str:
    ev = r["evidence"]
    link = f" {evidence_link(ev)}" if isinstance(ev, str) and ev else ""
    val = f"{r['value']:,.4g}"
    return (f"<tr><td><code>{esc(r['name'])}</code></td><td class=\"num\">{esc(val)}</td><td>{esc(r['unit'])}"
            f"</td><td class=\"small\">{esc(r['source'])}{link}</td></tr>")


def _figures(c: CapexAssessment, chip_life: Sensitivity) -> str:
    src = charts.scenario_source(c)
    chip = charts.sensitivity_figure(chip_life, x_title="economic life of AI chips (years)",
                                     y_title="revenue gap, USD bn/yr",
                                     title="Depreciation sensitivity: gap vs chip life")
    return ('<div class="grid2">'
            f"<div>{figure_html(charts.revenue_gap_figure(c), 'fig-econ-waterfall', 360, src)}</div>"
            f"<div>{figure_html(chip, 'fig-econ-chiplife', 360, src)}</div></div>"
            f"{figure_html(charts.financing_figure(c.financing), 'fig-econ-financing', 380, src)}")


def _published_rows(published: Any) -> str:
    return "".join(f"<tr><td>{esc(e.label)}</td><td>{esc(e.method)}</td><td class=\"num\">{num(e.result, 1)}</td>"
                   f"<td class=\"num\">{num(e.paper_value, 1)}</td><td class=\"num\">{e.diff_pct:+.1f}%</td>"
                   f"<td class=\"small\">{esc(e.note)}</td></tr>" for e in published.estimates)


def economics_section(data: ReportData) -> Section:
    a = data.analysis
    if a is None:
        return not_available("economics", TITLE, NEEDS_ANALYSIS)
    if a.capex is None or a.chip_life is None:
        return not_available("economics", TITLE, "an investment-economics scenario for this episode (the packaged "
                             "base/bear/bull scenarios describe the AI boom; see bubblescope capex FILE)")
    c = a.capex
    sc = c.scenario
    headline_badge = ' <span class="badge muted">headline</span>'
    methods = "".join(f"<tr><td>{esc(n)}{headline_badge if n == sc.headline else ''}</td><td class=\"num\">"
                      f"{num(r.required_revenue)}</td><td class=\"num\">{num(r.gap)}</td></tr>"
                      for n, r in c.revenue.items())
    inputs = sc.inputs_frame()
    irows = "".join(_input_row(r) for _, r in inputs.iterrows())
    needed, published = c.needed, c.published
    if needed is None or published is None:
        return not_available("economics", TITLE, "the revenue-needed range and the published estimates "
                             "(economics.complete_assessment was not run)")
    body = (
        f"<p>Revenue needed in {needed.year}: <b>{num(needed.central)} USD bn a year</b> (range {num(needed.low)} "
        f"to {num(needed.high)}: scenarios {esc(needed.scenarios[0])} / {esc(needed.scenarios[1])} / "
        f"{esc(needed.scenarios[2])}), against {num(needed.actual_revenue)} of AI revenue: coverage "
        f"{needed.coverage:.1%}. Each year's capex from 2023 earns the target return over its own lives "
        "(chips over their economic life, buildings over the facility life). Change any input with "
        "<code>bubblescope capex --set name=value</code>.</p>"
        f'<p class="small">The whole $5trn treated as invested at once (method {esc(sc.headline)}) would need '
        f"{num(c.required_revenue)} a year; it is shown among the methods below, not as the headline.</p>"
        "<h3>Published estimates, each redone by its own method (USD bn/yr unless stated)</h3>"
        + table(["Estimate", "Method", "Result", "Paper", "Difference", "Note"], _published_rows(published))
        + _figures(c, a.chip_life)
        + '<div class="grid2"><div><h3>Revenue needed by method (USD bn/yr)</h3>'
        f'{table(["Method", "Required", "Gap"], methods)}'
        f'<p class="small">{esc(c.depreciation.summary())}</p><p class="small">{esc(c.chips.summary())}</p>'
        f'<p class="small">{esc(c.power.summary())}</p></div>'
        '<div><details><summary>Every input with its source</summary>'
        f'{table(["Input", "Value", "Unit", "Source"], irows)}</details></div></div>'
    )
    out = {"assessment": c.to_dict(), "chip_life_sensitivity": a.chip_life.to_dict(),
           "inputs": to_jsonable(inputs), "revenue_needed": needed.to_dict(),
           "published": [e.to_dict() for e in published.estimates],
           "signals": [s.to_dict() for s in needed.to_signals()]}
    return Section("economics", TITLE, body, out)
