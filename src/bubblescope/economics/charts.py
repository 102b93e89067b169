"""Plotly figures of the investment economics: one function per figure (pure: results in, figure out).

The report, the dashboard and ``bubblescope capex --plot`` draw with these same functions, in the
package style (:mod:`bubblescope.style`); :func:`capex_figure` (the CLI's 2 x 2 page) copies the
traces of the single figures, and its tornado panel those of :meth:`Tornado.plot`. The households'
wealth effect of a stock-market fall (:class:`bubblescope.stress.WealthEffect`, the macro side of a
stress scenario) is drawn here too, by :func:`wealth_effect_figure`, for the report and the dashboard.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bubblescope.style import BLUE, GREEN, GREY, MUTED, ORANGE, RED, SHADE, add_source, axis_titles, style

if TYPE_CHECKING:
    import pandas as pd

    from bubblescope.economics import CapexAssessment, DepreciationGap, FinancingGap, Sensitivity, Tornado
    from bubblescope.stress import WealthEffect

USD_BN_YR = "USD bn a year"
HEIGHT = 360


def _bn(v: float | None) -> str:
    return "n/a" if v is None or not math.isfinite(v) else f"{v:,.0f}"


def scenario_source(assessment: CapexAssessment) -> str:
    """The footer of an economics figure: the scenario it comes from and where its inputs are listed."""
    name = assessment.scenario.name
    return f"bubblescope economics, scenario {name!r}; every input with its source: bubblescope capex {name}"


def revenue_needed_figure(assessment: CapexAssessment) -> Any:
    """Revenue needed by each method (headline method in red) against actual AI revenue (dashed), USD bn/yr."""
    import plotly.graph_objects as go

    names = list(assessment.revenue)
    labels = [n.replace("_", " ") for n in names]
    vals = [assessment.revenue[n].required_revenue for n in names]
    actual = assessment.actual_revenue
    fig = go.Figure(go.Bar(x=labels, y=vals, name="required revenue", text=[_bn(v) for v in vals],
                           textposition="outside",
                           marker_color=[RED if n == assessment.scenario.headline else GREY for n in names]))
    fig.add_scatter(x=labels, y=[actual] * len(labels), mode="lines", name=f"actual AI revenue {_bn(actual)}",
                    line={"color": BLUE, "dash": "dash"})
    fig.update_layout(title="Revenue needed by method (headline in red) vs actual", showlegend=False)
    axis_titles(fig, y=USD_BN_YR)
    return style(fig, HEIGHT)


def revenue_gap_figure(assessment: CapexAssessment) -> Any:
    """Waterfall: actual AI revenue + the gap = the revenue needed under the headline method (USD bn/yr)."""
    import plotly.graph_objects as go

    c = assessment
    fig = go.Figure(go.Waterfall(
        x=["actual AI revenue", "gap", f"required ({c.scenario.headline})"], measure=["absolute", "relative", "total"],
        y=[c.actual_revenue, c.revenue_gap, 0], text=[_bn(c.actual_revenue), _bn(c.revenue_gap),
                                                      _bn(c.required_revenue)],
        textposition="outside", connector={"line": {"color": MUTED}},
        increasing={"marker": {"color": RED}}, totals={"marker": {"color": BLUE}},
        decreasing={"marker": {"color": GREEN}}))
    fig.update_layout(title="Revenue gap (headline method)")
    axis_titles(fig, y="USD bn per year")
    return style(fig, HEIGHT)


def revenue_projection_figure(path: pd.DataFrame, growth_pct: float) -> Any:
    """Projected AI revenue (compound growth, ``path["revenue"]`` by year) against ``path["required"]``."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_scatter(x=list(path.index), y=path["revenue"], mode="lines+markers",
                    name=f"AI revenue at {growth_pct:g}% a year", line={"color": BLUE})
    fig.add_scatter(x=list(path.index), y=path["required"], mode="lines", name="revenue needed",
                    line={"color": RED, "dash": "dash"})
    if "ceiling" in path:  # the documented cap of the projection (economics.projection)
        fig.add_scatter(x=list(path.index), y=path["ceiling"], mode="lines", name="ceiling: world IT spending (Gartner 2025)",
                        line={"color": GREY, "dash": "dot"})
    fig.update_layout(title="AI revenue vs revenue needed")
    axis_titles(fig, y=USD_BN_YR)
    return style(fig, HEIGHT)


def depreciation_figure(dep: DepreciationGap) -> Any:
    """Depreciation a year under the reported vs the economic chip life (USD bn); the summed period shaded."""
    import plotly.graph_objects as go

    f = dep.frame
    fig = go.Figure()
    fig.add_bar(x=list(f.index), y=f["reported"], name=f"reported life {dep.reported_life:g} y", marker_color=GREY)
    fig.add_bar(x=list(f.index), y=f["economic"], name=f"economic life {dep.economic_life:g} y", marker_color=RED)
    a, b = dep.period
    fig.add_vrect(x0=a - 0.5, x1=b + 0.5, fillcolor=SHADE, line_width=0)
    fig.update_layout(title=f"Depreciation a year (gap summed over {a}-{b} shaded)", barmode="group")
    axis_titles(fig, y="USD bn")
    return style(fig, HEIGHT)


def financing_figure(fin: FinancingGap) -> Any:
    """Waterfall: capex need, minus operating cash flow, minus each external source of the gap (USD bn)."""
    import plotly.graph_objects as go

    by = fin.by_source
    fig = go.Figure(go.Waterfall(
        x=["capex need", "operating cash flow", *by.keys()],
        measure=["absolute", "relative", *(["relative"] * len(by))],
        y=[fin.capex_need, -fin.cash_flow_cover, *(-v for v in by.values())],
        text=[_bn(fin.capex_need), _bn(-fin.cash_flow_cover), *(_bn(-v) for v in by.values())],
        textposition="outside", decreasing={"marker": {"color": GREEN}},
        increasing={"marker": {"color": BLUE}}, connector={"line": {"color": MUTED}}))
    when = f" {fin.period[0]}–{fin.period[1]}" if fin.period else ""
    fig.update_layout(title=f"Financing{when}: capex, cash flow and external sources (gap {_bn(fin.gap)} = "
                      f"{fin.external_share:.0%})")
    axis_titles(fig, y="USD bn")
    return style(fig, HEIGHT)


def sensitivity_figure(sens: Sensitivity, *, x_title: str | None = None, y_title: str | None = None,
                       title: str | None = None) -> Any:
    """The output against one input (labelled points), or one line per value of the second input."""
    import plotly.graph_objects as go

    tab = sens.table
    fig = go.Figure()
    if len(sens.parameters) == 1:
        y = tab.iloc[:, 0].to_numpy(dtype=float)
        fig.add_scatter(x=list(tab.index), y=y, mode="lines+markers+text", name=sens.output,
                        text=[_bn(v) for v in y], textposition="top center")
    else:
        for col in tab.columns:
            fig.add_scatter(x=list(tab.index), y=tab[col].to_numpy(dtype=float), mode="lines+markers",
                            name=f"{sens.parameters[1]}={col:g}")
    axis_titles(fig, x=x_title or sens.parameters[0], y=y_title or sens.output)
    whole = all(float(v).is_integer() for v in tab.index)
    fig.update_xaxes(dtick=1 if whole and len(tab.index) <= 20 else None)
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(title=title or f"{sens.output} by {' and '.join(sens.parameters)}")
    return style(fig, HEIGHT)


def wealth_effect_figure(effects: Mapping[str, WealthEffect], hover: Mapping[str, str] | None = None) -> Any:
    """Households' consumption drop from the stock-wealth effect at the low, central and high MPC
    (USD bn a year), one group of bars per key of ``effects`` (a scenario); ``hover``: key → long name."""
    import plotly.graph_objects as go

    keys = list(effects)
    fig = go.Figure()
    for label, attr, colour in (("low MPC", "consumption_drop_low", MUTED), ("central MPC", "consumption_drop", ORANGE),
                                ("high MPC", "consumption_drop_high", GREY)):
        vals = [getattr(effects[k], attr) for k in keys]
        fig.add_bar(x=keys, y=vals, name=label, marker_color=colour, text=[_bn(v) for v in vals],
                    textposition="outside", hovertext=[(hover or {}).get(k, k) for k in keys])
    fig.update_layout(barmode="group", title="Consumption drop from the stock-wealth effect")
    axis_titles(fig, y="USD bn per year")
    return style(fig, HEIGHT)


def capex_figure(assessment: CapexAssessment, tornado: Tornado | None = None,
                 sensitivity: Sensitivity | None = None) -> Any:
    """A 2 x 2 page: revenue needed by method, tornado, sensitivity, depreciation (pure: writes nothing)."""
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=2, cols=2,
        subplot_titles=(
            "Required vs actual AI revenue (USD bn/yr)",
            f"Tornado: {tornado.output if tornado else 'revenue gap'}",
            f"{sensitivity.output if sensitivity else 'revenue gap'} by "
            f"{' and '.join(sensitivity.parameters) if sensitivity else 'input'}",
            "Depreciation: reported vs economic life (USD bn)",
        ),
    )
    panels: list[tuple[Any, int, int]] = [(revenue_needed_figure(assessment), 1, 1),
                                          (depreciation_figure(assessment.depreciation), 2, 2)]
    if tornado is not None and not tornado.table.empty:
        panels.append((tornado.plot(), 1, 2))
    if sensitivity is not None:
        panels.append((sensitivity_figure(sensitivity), 2, 1))
        axis_titles(fig, x=sensitivity.parameters[0], row=2, col=1)
    for single, row, col in panels:
        for trace in single.data:
            fig.add_trace(trace, row=row, col=col)
    fig.update_layout(
        title=f"AI capex economics — scenario {assessment.scenario.name}: revenue gap "
              f"{assessment.revenue_gap:,.0f} USD bn/yr ({assessment.scenario.headline})",
        barmode="group",
    )
    add_source(fig, scenario_source(assessment))
    return style(fig, 900)
