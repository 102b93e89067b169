"""Plotly figures of a :class:`~bubblescope.dashboard.model.WhatIfResult` (pure: result in, figure out).

One function per chart, in the package style (:mod:`bubblescope.style`). The economics charts are
the report's and ``bubblescope capex --plot``'s own (:mod:`bubblescope.economics.charts`, the
households' wealth effect included) and the radar is :meth:`bubblescope.framework.FourFactorResult.plot`;
only the losses-by-holder bars are drawn here.
This module imports the model; the model never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bubblescope.economics import charts as econ
from bubblescope.style import BLUE, RED, add_source, axis_titles, style

if TYPE_CHECKING:
    from bubblescope.dashboard.model import WhatIfResult

HEIGHT = 340


def _econ_source(res: WhatIfResult) -> str:
    return f"bubblescope economics, scenario {res.economics.scenario.name!r} with your assumptions"


def _stress_source(res: WhatIfResult) -> str:
    return (f"bubblescope stress on the ai-2023 exposure network, from scenario {res.assumptions.shock_scenario!r}"
            f" ({res.assumptions.stress_method})")


def _empty(title: str) -> Any:
    import plotly.graph_objects as go

    return style(go.Figure(), HEIGHT, title)


def revenue_figure(res: WhatIfResult) -> Any:
    """Projected AI revenue (compound growth) against the revenue needed (headline method), USD bn/yr."""
    return add_source(style(res.plot(), HEIGHT), _econ_source(res))


def methods_figure(res: WhatIfResult) -> Any:
    """Required revenue by method vs actual AI revenue (USD bn/yr)."""
    return add_source(style(econ.revenue_needed_figure(res.economics), HEIGHT), _econ_source(res))


def depreciation_figure(res: WhatIfResult) -> Any:
    """Depreciation a year under the reported vs the economic chip life (USD bn)."""
    return add_source(style(econ.depreciation_figure(res.economics.depreciation), HEIGHT), _econ_source(res))


def financing_figure(res: WhatIfResult) -> Any:
    """How the capex need is funded: operating cash flow and the external sources of the gap."""
    return add_source(style(econ.financing_figure(res.economics.financing), HEIGHT), _econ_source(res))


def stress_figure(res: WhatIfResult, top: int = 10) -> Any:
    """Losses by node (USD bn, log scale), largest first; defaults in red."""
    import plotly.graph_objects as go

    if res.stress is None:
        return _empty("No shock: every shock is 0")
    t = res.stress.ranked()
    t = t[t["loss"] > 0].head(top).iloc[::-1]
    fig = go.Figure(go.Bar(y=list(t["name"]), x=t["loss"], orientation="h",
                           marker_color=[RED if d else BLUE for d in t["default"]],
                           text=[f"{v:,.0f}" for v in t["loss"]], textposition="auto"))
    fig.update_xaxes(type="log", dtick=1)
    axis_titles(fig, x="USD bn (log scale)")
    fig.update_layout(title="Losses by holder (red: default)", margin={"l": 160})
    return add_source(style(fig, HEIGHT), _stress_source(res))


def wealth_figure(res: WhatIfResult) -> Any:
    """Household consumption drop at the low, central and high MPC (USD bn a year)."""
    w = res.wealth
    if w is None:
        return _empty("No household stock-wealth loss")
    fig = econ.wealth_effect_figure({res.assumptions.shock_scenario: w})
    return add_source(style(fig, HEIGHT), _stress_source(res))


def score_figure(res: WhatIfResult) -> Any:
    """The four-factor radar chart (computed points dotted when overridden)."""
    return style(res.score.plot(), 360)


def all_figures(res: WhatIfResult) -> dict[str, Any]:
    """Every chart of the dashboard by name."""
    return {
        "revenue": revenue_figure(res), "methods": methods_figure(res), "depreciation": depreciation_figure(res),
        "financing": financing_figure(res), "stress": stress_figure(res), "wealth": wealth_figure(res),
        "score": score_figure(res),
    }
