"""Plotly figures of a :class:`~bubblescope.dashboard.model.WhatIfResult` (pure: result in, figure out)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bubblescope.dashboard.model import WhatIfResult

_LAYOUT: dict[str, Any] = {
    "template": "plotly_white",
    "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
    "height": 340,
    "font": {"size": 12},
    "legend": {"orientation": "h", "y": -0.18},
}
BLUE, RED, GREY, ORANGE = "#2e86c1", "#c0392b", "#7f8c8d", "#e67e22"


def revenue_figure(res: WhatIfResult) -> Any:
    """Projected AI revenue (compound growth) against the revenue needed (headline method), USD bn/yr."""
    import plotly.graph_objects as go

    p = res.revenue_path
    g = res.assumptions.ai_revenue_growth_pct
    fig = go.Figure()
    fig.add_scatter(x=list(p.index), y=p["revenue"], mode="lines+markers", name=f"AI revenue at {g:g}% a year",
                    line={"color": BLUE})
    fig.add_scatter(x=list(p.index), y=p["required"], mode="lines", name="revenue needed", line={"color": RED,
                    "dash": "dash"})
    fig.update_layout(title="AI revenue vs revenue needed", yaxis_title="USD bn a year", **_LAYOUT)
    return fig


def methods_figure(res: WhatIfResult) -> Any:
    """Required revenue by method vs actual AI revenue (USD bn/yr)."""
    import plotly.graph_objects as go

    econ = res.economics
    names = list(econ.revenue)
    vals = [econ.revenue[n].required_revenue for n in names]
    colours = [RED if n == econ.scenario.headline else GREY for n in names]
    fig = go.Figure(go.Bar(x=[n.replace("_", " ") for n in names], y=vals, marker_color=colours,
                           text=[f"{v:,.0f}" for v in vals], textposition="outside", name="required"))
    fig.add_hline(y=econ.actual_revenue, line_dash="dash", line_color=BLUE,
                  annotation_text=f"actual {econ.actual_revenue:,.0f}", annotation_position="top left")
    fig.update_layout(title="Revenue needed by method (headline in red)", yaxis_title="USD bn a year",
                      showlegend=False, **_LAYOUT)
    return fig


def depreciation_figure(res: WhatIfResult) -> Any:
    """Depreciation a year under the reported vs the economic chip life (USD bn)."""
    import plotly.graph_objects as go

    dep = res.economics.depreciation
    f = dep.frame
    fig = go.Figure()
    fig.add_bar(x=list(f.index), y=f["reported"], name=f"reported life {dep.reported_life:g} y", marker_color=GREY)
    fig.add_bar(x=list(f.index), y=f["economic"], name=f"economic life {dep.economic_life:g} y", marker_color=RED)
    a, b = dep.period
    fig.add_vrect(x0=a - 0.5, x1=b + 0.5, fillcolor=ORANGE, opacity=0.08, line_width=0)
    fig.update_layout(title=f"Depreciation a year (gap summed over {a}-{b} shaded)", yaxis_title="USD bn",
                      barmode="group", **_LAYOUT)
    return fig


def financing_figure(res: WhatIfResult) -> Any:
    """How the capex need is funded: operating cash flow and the external sources of the gap."""
    fig = res.economics.financing.plot()
    fig.update_layout(**{**_LAYOUT, "legend": {"orientation": "v"}})
    return fig


def stress_figure(res: WhatIfResult, top: int = 10) -> Any:
    """Losses by node (USD bn), largest first; defaults in red."""
    import plotly.graph_objects as go

    if res.stress is None:
        fig = go.Figure()
        fig.update_layout(title="No shock: every shock is 0", **_LAYOUT)
        return fig
    t = res.stress.ranked()
    t = t[t["loss"] > 0].head(top).iloc[::-1]
    fig = go.Figure(go.Bar(y=list(t["name"]), x=t["loss"], orientation="h",
                           marker_color=[RED if d else BLUE for d in t["default"]],
                           text=[f"{v:,.0f}" for v in t["loss"]], textposition="auto"))
    fig.update_layout(title="Losses by holder (red: default)", xaxis={"title": "USD bn (log scale)", "type": "log", "dtick": 1},
                      **{**_LAYOUT, "margin": {"l": 160, "r": 20, "t": 50, "b": 40}})
    return fig


def wealth_figure(res: WhatIfResult) -> Any:
    """Household consumption drop at the low, central and high MPC (USD bn a year)."""
    import plotly.graph_objects as go

    w = res.wealth
    if w is None:
        fig = go.Figure()
        fig.update_layout(title="No household stock-wealth loss", **_LAYOUT)
        return fig
    fig = w.plot()
    fig.update_traces(marker_color=[GREY, ORANGE, GREY], textposition="outside")
    fig.update_layout(**_LAYOUT)
    return fig


def score_figure(res: WhatIfResult) -> Any:
    """The four-factor radar chart (computed points dotted when overridden)."""
    fig = res.score.plot()
    fig.update_layout(height=360, margin={"l": 40, "r": 40, "t": 60, "b": 40}, template="plotly_white")
    return fig


def all_figures(res: WhatIfResult) -> dict[str, Any]:
    """Every chart of the dashboard by name."""
    return {
        "revenue": revenue_figure(res), "methods": methods_figure(res), "depreciation": depreciation_figure(res),
        "financing": financing_figure(res), "stress": stress_figure(res), "wealth": wealth_figure(res),
        "score": score_figure(res),
    }
