"""One plotly figure for a capex assessment: revenue needed by method, tornado, sensitivity, depreciation."""

from __future__ import annotations

from typing import Any

from bubblescope.economics.scenario import CapexAssessment, Sensitivity, Tornado


def capex_figure(assessment: CapexAssessment, tornado: Tornado | None = None,
                 sensitivity: Sensitivity | None = None) -> Any:
    """A 2 x 2 plotly figure (pure: builds the figure, writes nothing)."""
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
    names = list(assessment.revenue)
    fig.add_bar(x=names, y=[assessment.revenue[n].required_revenue for n in names], name="required revenue",
                row=1, col=1)
    fig.add_bar(x=names, y=[assessment.actual_revenue] * len(names), name="actual AI revenue", row=1, col=1)
    if tornado is not None and not tornado.table.empty:
        t = tornado.table.iloc[::-1]
        labels = [f"{p} ({lo:g}-{hi:g})" for p, lo, hi in zip(t["parameter"], t["low"], t["high"], strict=True)]
        fig.add_bar(y=labels, x=t["out_low"] - tornado.base_value, base=tornado.base_value, orientation="h",
                    name="input at low", row=1, col=2)
        fig.add_bar(y=labels, x=t["out_high"] - tornado.base_value, base=tornado.base_value, orientation="h",
                    name="input at high", row=1, col=2)
    if sensitivity is not None:
        tab = sensitivity.table
        if len(sensitivity.parameters) == 1:
            fig.add_scatter(x=list(tab.index), y=tab.iloc[:, 0], mode="lines+markers", name=sensitivity.output,
                            row=2, col=1)
        else:
            for col in tab.columns:
                fig.add_scatter(x=list(tab.index), y=tab[col], mode="lines+markers",
                                name=f"{sensitivity.parameters[1]}={col:g}", row=2, col=1)
        fig.update_xaxes(title_text=sensitivity.parameters[0], row=2, col=1)
    d = assessment.depreciation.frame
    fig.add_bar(x=list(d.index), y=d["reported"], name=f"reported {assessment.depreciation.reported_life:g}y",
                row=2, col=2)
    fig.add_bar(x=list(d.index), y=d["economic"], name=f"economic {assessment.depreciation.economic_life:g}y",
                row=2, col=2)
    fig.update_layout(
        title=f"AI capex economics — scenario {assessment.scenario.name}: revenue gap "
              f"{assessment.revenue_gap:,.0f} USD bn/yr ({assessment.scenario.headline})",
        barmode="group", height=900,
    )
    return fig
