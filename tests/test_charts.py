"""One chart style (bubblescope.style) and figures shared by the report, the dashboard and capex --plot."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from bubblescope.economics import charts, load_scenario, run_scenario
from bubblescope.style import COLORWAY, FONT, GREY, MUTED, ORANGE, add_source, axis_titles, style


def _sources(fig):
    return [a for a in fig.layout.annotations if a.name == "source"]


def test_style_keeps_a_figures_own_title_and_sets_a_given_one():
    fig = go.Figure(go.Bar(x=[1], y=[2]))
    fig.update_layout(title="Revenue gap")
    style(fig, 300)
    assert fig.layout.title.text == "Revenue gap" and fig.layout.title.x == 0.0  # left-aligned, not deleted
    assert fig.layout.height == 300 and fig.layout.font.family == FONT and list(fig.layout.colorway) == COLORWAY
    style(fig, 300, "Another")
    assert fig.layout.title.text == "Another"
    untitled = style(go.Figure(go.Bar(x=[1], y=[2])))
    assert not untitled.layout.title.text and untitled.layout.margin.t < 56


def test_title_and_legend_get_room_above_the_plot():
    fig = go.Figure([go.Bar(x=[1], y=[2], name="a"), go.Bar(x=[1], y=[3], name="b")])
    fig.update_layout(title="Two series")
    style(fig)
    assert fig.layout.legend.y == 1.02 and fig.layout.margin.t >= 84


def test_add_source_one_footer_below_the_plot():
    fig = style(go.Figure(go.Bar(x=[1], y=[2])))
    b0 = fig.layout.margin.b
    add_source(fig, "first")
    add_source(fig, "Shiller ie_data; bubblescope")
    (src,) = _sources(fig)  # a second call replaces the first
    assert src.text == "Shiller ie_data; bubblescope" and src.yref == "paper" and src.yshift < 0
    assert fig.layout.margin.b > b0
    style(fig)  # restyling keeps the footer and its room
    assert len(_sources(fig)) == 1 and fig.layout.margin.b > b0


def test_axis_titles_one_subplot_or_all():
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2)
    axis_titles(fig, x="years", y="USD bn", row=1, col=2)
    assert fig.layout.xaxis2.title.text == "years" and fig.layout.yaxis2.title.text == "USD bn"
    assert fig.layout.xaxis.title.text is None


@pytest.fixture(scope="module")
def assessment():
    return run_scenario(load_scenario("base"))


def test_economics_figures_have_titles_axis_titles_and_the_scenarios_numbers(assessment):
    c = assessment
    gap = charts.revenue_gap_figure(c)
    assert gap.layout.title.text == "Revenue gap (headline method)"
    assert list(gap.data[0].y[:2]) == [c.actual_revenue, c.revenue_gap]
    fin = charts.financing_figure(c.financing)
    assert f"{c.financing.external_share:.0%}" in fin.layout.title.text and fin.layout.yaxis.title.text == "USD bn"
    need = charts.revenue_needed_figure(c)
    assert list(need.data[0].y) == [r.required_revenue for r in c.revenue.values()]


def test_one_wealth_effect_figure_for_report_and_dashboard():
    from bubblescope.dashboard import all_figures, compute_whatif, default_assumptions, load_dashboard_data
    from bubblescope.stress import load_network, load_shock_scenario, run_stress

    runs = {n: run_stress(load_network("ai-2023"), load_shock_scenario(n)).macro for n in ("ai-bust", "dotcom-style-crash")}
    fig = charts.wealth_effect_figure(runs, {"ai-bust": "AI bust"})
    assert [t.name for t in fig.data] == ["low MPC", "central MPC", "high MPC"]
    assert [t.marker.color for t in fig.data] == [MUTED, ORANGE, GREY]
    assert list(fig.data[1].x) == ["ai-bust", "dotcom-style-crash"]
    assert list(fig.data[1].y) == [w.consumption_drop for w in runs.values()]
    assert list(fig.data[0].hovertext) == ["AI bust", "dotcom-style-crash"]
    data = load_dashboard_data()
    res = compute_whatif(data, default_assumptions(data, "base", "ai-bust"))
    dash = all_figures(res)["wealth"]
    assert [t.name for t in dash.data] == ["low MPC", "central MPC", "high MPC"]
    assert [t.y[0] for t in dash.data] == [res.wealth.consumption_drop_low, res.wealth.consumption_drop,
                                           res.wealth.consumption_drop_high]
    assert _sources(dash) and dash.layout.title.text == fig.layout.title.text
