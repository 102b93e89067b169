"""Investment economics: revenue gap, depreciation sensitivity, financing, every input with its source.

The figures are :mod:`bubblescope.economics.charts`' (the dashboard and ``bubblescope capex --plot``
draw the same ones).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bubblescope.economics import charts
from bubblescope.i18n import CATALOGUE, Lang, tr
from bubblescope.i18n.numbers import usd_bn
from bubblescope.report.sections._analysis_zh import figure_texts, known, mark_code, needs_analysis
from bubblescope.report.sections._html import (
    Section,
    esc,
    evidence_link,
    figure_html,
    not_available,
    num,
    quoted_en,
    table,
)
from bubblescope.results import to_jsonable

if TYPE_CHECKING:
    from bubblescope.economics import CapexAssessment, Sensitivity
    from bubblescope.report.compute import ReportData

TITLE = "Investment economics"


def _input_row(r: Any, lang: Lang = "en") -> str:
    ev = r["evidence"]
    link = f" {evidence_link(ev)}" if isinstance(ev, str) and ev else ""
    val = f"{r['value']:,.4g}"
    # the source is the scenario file's citation (publisher, title, date): quoted as it is
    source = quoted_en(r["source"], lang)
    return (f"<tr><td><code>{esc(r['name'])}</code></td><td class=\"num\">{esc(val)}</td>"
            f"<td>{esc(known(r['unit'], lang, 'eco.unit.'))}</td><td class=\"small\">{source}{link}</td></tr>")


def _figures(c: CapexAssessment, chip_life: Sensitivity, lang: Lang = "en") -> str:
    src = charts.scenario_source(c) if lang == "en" else tr("eco.fig_source", lang, name=c.scenario.name)
    chip = charts.sensitivity_figure(chip_life, x_title=tr("eco.chip_x", lang), y_title=tr("eco.chip_y", lang),
                                     title=tr("eco.chip_title", lang))
    gap = figure_texts(charts.revenue_gap_figure(c), lang)
    fin = figure_texts(charts.financing_figure(c.financing), lang)
    return ('<div class="grid2">'
            f"<div>{figure_html(gap, 'fig-econ-waterfall', 360, src)}</div>"
            f"<div>{figure_html(figure_texts(chip, lang), 'fig-econ-chiplife', 360, src)}</div></div>"
            f"{figure_html(fin, 'fig-econ-financing', 380, src)}")


def _pub(name: str, part: str, english: str, lang: Lang) -> str:
    key = f"eco.pub.{name}.{part}"
    return tr(key, lang) if english and key in CATALOGUE else english


def _published_rows(published: Any, lang: Lang = "en") -> str:
    return "".join(f"<tr><td>{esc(_pub(e.name, 'label', e.label, lang))}</td>"
                   f"<td>{esc(known(e.method, lang, 'eco.method.'))}</td><td class=\"num\">{num(e.result, 1, lang=lang)}</td>"
                   f"<td class=\"num\">{num(e.paper_value, 1, lang=lang)}</td><td class=\"num\">{e.diff_pct:+.1f}%</td>"
                   f"<td class=\"small\">{esc(_pub(e.name, 'note', e.note, lang))}</td></tr>"
                   for e in published.estimates)


def _head(keys: tuple[str, ...], lang: Lang) -> list[str]:
    return [tr(f"eco.th.{k}", lang) for k in keys]


def _headline(c: CapexAssessment, lang: Lang) -> str:
    """The revenue-needed paragraph and the whole-$5trn note."""
    needed, sc = c.needed, c.scenario
    assert needed is not None
    money = (lambda x: usd_bn(x, lang)) if lang == "zh" else num
    scen = [tr(f"eco.scen.{n}", lang) if f"eco.scen.{n}" in CATALOGUE else n for n in needed.scenarios[:3]]
    return ("<p>" + tr("eco.headline", lang, year=needed.year, central=money(needed.central), low=money(needed.low),
                       high=money(needed.high), s0=esc(scen[0]), s1=esc(scen[1]), s2=esc(scen[2]),
                       actual=money(needed.actual_revenue), coverage=f"{needed.coverage:.1%}") + "</p>"
            + '<p class="small">' + tr("eco.whole", lang, method=esc(sc.headline), required=money(c.required_revenue))
            + "</p>")


def economics_section(data: ReportData) -> Section:
    a, lang = data.analysis, data.lang
    if a is None:
        return needs_analysis("economics", TITLE, lang)
    if a.capex is None or a.chip_life is None:
        return mark_code(not_available("economics", TITLE, "an investment-economics scenario for this episode (the "
                                       "packaged base/bear/bull scenarios describe the AI boom; see bubblescope capex "
                                       "FILE)", lang, tr("eco.needs_scenario", lang)), lang, "bubblescope capex FILE")
    c = a.capex
    sc = c.scenario
    headline_badge = f' <span class="badge muted">{tr("eco.headline_badge", lang)}</span>'
    methods = "".join(f"<tr><td>{esc(n)}{headline_badge if n == sc.headline else ''}</td><td class=\"num\">"
                      f"{num(r.required_revenue, lang=lang)}</td><td class=\"num\">{num(r.gap, lang=lang)}</td></tr>"
                      for n, r in c.revenue.items())
    inputs = sc.inputs_frame()
    irows = "".join(_input_row(r, lang) for _, r in inputs.iterrows())
    needed, published = c.needed, c.published
    if needed is None or published is None:
        return mark_code(not_available("economics", TITLE, "the revenue-needed range and the published estimates "
                                       "(economics.complete_assessment was not run)", lang,
                                       tr("eco.needs_complete", lang)), lang, "economics.complete_assessment")
    summaries = "".join(f'<p class="small">{esc(known(x.summary(), lang, "eco.sum."))}</p>'
                        for x in (c.depreciation, c.chips, c.power))
    body = (
        _headline(c, lang)
        + f"<h3>{tr('eco.published_title', lang)}</h3>"
        + table(_head(("estimate", "method", "result", "paper", "difference", "note"), lang),
                _published_rows(published, lang))
        + _figures(c, a.chip_life, lang)
        + f'<div class="grid2"><div><h3>{tr("eco.by_method_title", lang)}</h3>'
        f'{table(_head(("method", "required", "gap"), lang), methods)}'
        f'{summaries}</div>'
        f'<div><details><summary>{tr("eco.inputs_summary", lang)}</summary>'
        f'{table(_head(("input", "value", "unit", "source"), lang), irows)}</details></div></div>'
    )
    out = {"assessment": c.to_dict(), "chip_life_sensitivity": a.chip_life.to_dict(),
           "inputs": to_jsonable(inputs), "revenue_needed": needed.to_dict(),
           "published": [e.to_dict() for e in published.estimates],
           "signals": [s.to_dict() for s in needed.to_signals()]}
    return Section("economics", TITLE, body, out)
