"""Stress: who gets hurt. Every packaged shock scenario on the episode's exposure network, the network
graph and loss table of the one with most contagion, and the households' wealth effect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bubblescope.economics.charts import wealth_effect_figure
from bubblescope.i18n import CATALOGUE, Lang, tr
from bubblescope.report.sections._analysis_zh import figure_texts, known, mark_code, needs_analysis
from bubblescope.report.sections._html import (
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


def _own(kind: str, key: str, english: str, lang: Lang) -> str:
    """A packaged scenario's title, node's name or type in ``lang`` as HTML (an unknown one, from the
    user's own network file, quoted as it is)."""
    if lang == "en":
        return esc(english)
    k = f"sts.{kind}.{key}"
    return tr(k, lang) if k in CATALOGUE else f'<span lang="en">{esc(english)}</span>'


def _loss_row(node: str, r: Any, lang: Lang = "en") -> str:
    lte = f"{r['loss_to_equity']:.0%}" if finite(r["loss_to_equity"]) else tr("sts.nd", lang)
    flag = f'<b class="red-t">{tr("sts.default", lang)}</b>' if r["default"] else ""
    return (f"<tr><td>{_own('node', node, r['name'], lang)}</td><td>{_own('type', r['type'], r['type'], lang)}</td>"
            f"<td class=\"num\">{num(r['loss'], 1, lang=lang)}</td>"
            f"<td class=\"num\">{num(r['direct_loss'], 1, lang=lang)}</td><td class=\"num\">{lte}</td><td>{flag}</td></tr>")


def _scenario_row(r: StressResult, lang: Lang = "en") -> str:
    t = r.totals
    return (f"<tr><td>{_own('scen', r.scenario_id, r.scenario_title, lang)}</td>"
            f"<td class=\"num\">{num(t.get('total_loss'), 1, lang=lang)}</td>"
            f"<td class=\"num\">{num(t.get('direct_loss'), 1, lang=lang)}</td><td class=\"num\">"
            f"{num(t.get('contagion_loss'), 1, lang=lang)}</td><td class=\"num\">{int(t.get('defaults', 0))}</td></tr>")


def _summary(text: str, lang: Lang) -> str:
    return "<br>".join(esc(known(line, lang, "sts.sum.")) for line in text.split("\n"))


def _wealth(results: tuple[StressResult, ...], lang: Lang = "en") -> str:
    """The wealth effect of the scenarios that have one: grouped bars and each scenario's summary."""
    effects = {r.scenario_id: r.macro for r in results if r.macro is not None}
    if not effects:
        return ""
    titles = {r.scenario_id: r.scenario_title for r in results}
    hover = {k: tr(f"sts.scen.{k}", lang) if f"sts.scen.{k}" in CATALOGUE else t for k, t in titles.items()}
    fig = figure_texts(wealth_effect_figure(effects, titles if lang == "en" else hover), lang)
    lines = "".join(f"<h3>{_own('scen', k, titles[k], lang)} <code>{esc(k)}</code></h3><p class=\"small\">"
                    + _summary(w.summary(), lang) + "</p>" for k, w in effects.items())
    return (f'<h3>{tr("sts.wealth_title", lang)}</h3><div class="grid"><div>'
            f'{figure_html(fig, "fig-stress-wealth", 380)}</div><div>{lines}</div></div>')


def _network(main: StressResult, lang: Lang) -> Any:
    """The network graph of the scenario shown, its title in ``lang``."""
    fig = main.plot()
    if lang != "en":
        title = _own("scen", main.scenario_id, main.scenario_title, lang)
        unit = tr(f"sts.unit.{main.unit}", lang) if f"sts.unit.{main.unit}" in CATALOGUE else main.unit
        fig.update_layout(title=tr("sts.network_title", lang, scenario=title, method=main.method, unit=unit))
        for trace in fig.data:  # the hover texts of the nodes and of the edges' midpoints
            if trace.hovertext is not None and not isinstance(trace.hovertext, str):
                trace.hovertext = [known(h, lang, "chart.sts_hover") for h in trace.hovertext]
    return fig


def stress_section(data: ReportData) -> Section:
    a, lang = data.analysis, data.lang
    if a is None:
        return needs_analysis("stress", TITLE, lang)
    if not a.stress:
        return mark_code(not_available("stress", TITLE, f"an exposure network for {data.episode_id} (bubblescope "
                                       "stress --network FILE takes your own)", lang,
                                       tr("sts.needs_network", lang, episode=data.episode_id)),
                         lang, "bubblescope stress --network FILE")
    # the graph shows the scenario with the most contagion (defaults first, then second-round losses)
    main = max(a.stress, key=lambda r: (r.totals.get("defaults", 0.0), r.totals.get("contagion_loss", 0.0)))
    ranked = main.ranked()
    lrows = "".join(_loss_row(str(n), r, lang) for n, r in ranked.iterrows()
                    if (finite(r["loss"]) and r["loss"] > 0) or r["default"])
    unit = tr(f"sts.unit.{main.unit}", lang) if f"sts.unit.{main.unit}" in CATALOGUE else main.unit
    head = [tr(f"sts.th.{k}", lang) for k in ("node", "type", "loss", "direct", "loss_equity")] + [""]
    body = (
        f'<p class="small">{tr("sts.amounts", lang, unit=esc(unit))}</p>'
        f'<p class="small"><b>{tr("sts.default_title", lang)}</b> '
        f'{esc(known(main.default_meaning, lang, "sts.default_meaning"))} {tr("sts.default_rest", lang)}</p>'
        f'<div class="grid"><div><h3>{tr("sts.scenarios_title", lang)}</h3>'
        + table([tr(f"sts.th.{k}", lang) for k in ("scenario", "total", "direct", "contagion", "defaults")],
                "".join(_scenario_row(r, lang) for r in a.stress))
        + f"<h3>{tr('sts.losses_title', lang, scenario=_own('scen', main.scenario_id, main.scenario_title, lang))}</h3>"
        + table(head, lrows)
        + f"</div><div>{figure_html(_network(main, lang), 'fig-stress-network', 520)}</div></div>"
        + _wealth(a.stress, lang)
    )
    signals = [sig.to_dict() for r in a.stress for sig in r.to_signals()]
    return Section("stress", TITLE, body, {"scenarios": [r.to_dict() for r in a.stress], "shown": main.scenario_title,
                                           "default_meaning": main.default_meaning, "signals": signals})
