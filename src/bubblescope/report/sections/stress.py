"""Stress: who gets hurt. Every packaged shock scenario on the episode's exposure network, the network
graph and loss table of the one with most contagion, and the households' wealth effect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bubblescope.economics.charts import wealth_effect_figure
from bubblescope.report.sections._html import (
    NEEDS_ANALYSIS,
    Section,
    esc,
    figure_html,
    finite,
    not_available,
    num,
    table,
)

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData
    from bubblescope.stress import StressResult

TITLE = "Stress: who gets hurt"


def _loss_row(r: Any) -> str:
    lte = f"{r['loss_to_equity']:.0%}" if finite(r["loss_to_equity"]) else "n/d"
    flag = '<b class="red-t">default</b>' if r["default"] else ""
    return (f"<tr><td>{esc(r['name'])}</td><td>{esc(r['type'])}</td><td class=\"num\">{num(r['loss'], 1)}</td>"
            f"<td class=\"num\">{num(r['direct_loss'], 1)}</td><td class=\"num\">{lte}</td><td>{flag}</td></tr>")


def _scenario_row(r: StressResult) -> str:
    t = r.totals
    return (f"<tr><td>{esc(r.scenario_title)}</td><td class=\"num\">{num(t.get('total_loss'), 1)}</td>"
            f"<td class=\"num\">{num(t.get('direct_loss'), 1)}</td><td class=\"num\">"
            f"{num(t.get('contagion_loss'), 1)}</td><td class=\"num\">{int(t.get('defaults', 0))}</td></tr>")


def _wealth(results: tuple[StressResult, ...]) -> str:
    """The wealth effect of the scenarios that have one: grouped bars and each scenario's summary."""
    effects = {r.scenario_id: r.macro for r in results if r.macro is not None}
    if not effects:
        return ""
    titles = {r.scenario_id: r.scenario_title for r in results}
    fig = wealth_effect_figure(effects, titles)
    lines = "".join(f"<h3>{esc(titles[k])} <code>{esc(k)}</code></h3><p class=\"small\">"
                    + esc(w.summary()).replace("\n", "<br>") + "</p>" for k, w in effects.items())
    return (f'<h3>Wealth effect</h3><div class="grid"><div>{figure_html(fig, "fig-stress-wealth", 380)}'
            f"</div><div>{lines}</div></div>")


def stress_section(data: ReportData) -> Section:
    a = data.analysis
    if a is None:
        return not_available("stress", TITLE, NEEDS_ANALYSIS)
    if not a.stress:
        return not_available("stress", TITLE, f"an exposure network for {data.episode_id} (bubblescope stress "
                             "--network FILE takes your own)")
    # the graph shows the scenario with the most contagion (defaults first, then second-round losses)
    main = max(a.stress, key=lambda r: (r.totals.get("defaults", 0.0), r.totals.get("contagion_loss", 0.0)))
    ranked = main.ranked()
    lrows = "".join(_loss_row(r) for _, r in ranked.iterrows()
                    if (finite(r["loss"]) and r["loss"] > 0) or r["default"])
    body = (
        f'<p class="small">Amounts in {esc(main.unit)}. Each edge of the network has a source and date '
        "(hover the graph's edge midpoints; full list in report.json).</p>"
        f'<p class="small"><b>What default means here.</b> {esc(main.default_meaning)} A creditor loses the '
        "unpaid share of its funded claims; a supplier loses the profit on contracts that are not paid "
        "(margin times lost revenue, discounted), not the revenue; letters of intent and "
        "up-to investments lapse.</p>"
        '<div class="grid"><div><h3>Scenarios on this network</h3>'
        + table(["Scenario", "Total loss", "Direct", "Contagion", "Defaults"], "".join(map(_scenario_row, a.stress)))
        + f"<h3>Losses: {esc(main.scenario_title)}</h3>"
        + table(["Node", "Type", "Loss", "Direct", "Loss/equity", ""], lrows)
        + f"</div><div>{figure_html(main.plot(), 'fig-stress-network', 520)}</div></div>"
        + _wealth(a.stress)
    )
    signals = [sig.to_dict() for r in a.stress for sig in r.to_signals()]
    return Section("stress", TITLE, body, {"scenarios": [r.to_dict() for r in a.stress], "shown": main.scenario_title,
                                           "default_meaning": main.default_meaning, "signals": signals})
