"""Verdict panel: colour-coded cards (score, gauges, bubble tests, revenue gap, stress) and the data used.

The rules (which numbers, which light) are in :mod:`bubblescope.report.verdict`; this module only
turns its :class:`~bubblescope.report.verdict.Verdict` into HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bubblescope.i18n import CATALOGUE, Lang, tr
from bubblescope.i18n.numbers import usd_bn
from bubblescope.i18n.phrases import mark_code, phrase
from bubblescope.report.sections._html import NEEDS_ANALYSIS, Section, esc, mode_badge, num, table, verbatim
from bubblescope.report.sections._judgement import judgement_html
from bubblescope.report.signal_text import quoted, source_html

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData
    from bubblescope.report.verdict import BubbleTest, DataUsed, Verdict

TITLE = "Verdict"


def card(label: str, value: str, detail: str, light: str | None = None) -> str:
    cls = f" {light}" if light in ("green", "amber", "red") else " neutral"
    return (f'<div class="card{cls}"><div class="card-label">{esc(label)}</div>'
            f'<div class="card-value">{value}</div><div class="card-detail">{detail}</div></div>')


def _score(v: Verdict, lang: Lang = "en") -> str:
    s = v.score
    return card(tr("vs.score", lang), f"{s.total}/8", tr("vs.score_rank", lang, rank=s.rank, of=s.of)
                + (tr("vs.score_override", lang) if s.overridden else ""), s.light)


def _gauges(v: Verdict, lang: Lang = "en") -> str:
    g = v.gauges
    if g is None:
        return card(tr("vs.gauges", lang), tr("vs.na", lang), tr("vs.no_gauges", lang))
    dots = " ".join(f'<span class="dot {c}"></span>{n}' for c, n in g.lights.items())
    key = f"vs.gv.{g.verdict}"
    verdict = tr(key, lang) if lang == "zh" and key in CATALOGUE else g.verdict
    return card(tr("vs.gauges", lang), dots, tr("vs.gauges_detail", lang, verdict=esc(verdict), reds=g.reds,
                                                 available=g.available), g.light)


def _lppls_text(t: BubbleTest, past: bool, lang: Lang = "en") -> str:
    if t.lppls_last_pos_conf is None:
        return ""
    if past:
        return tr("vs.lppls_past", lang, conf=f"{t.lppls_max_pos_conf:.0%}", date=t.lppls_max_date)
    return tr("vs.lppls_now", lang, conf=f"{t.lppls_last_pos_conf:.0%}")


def _tests(v: Verdict, lang: Lang = "en") -> str:
    c = v.tests
    title = tr("vs.tests", lang)
    if not c.tests:
        return card(title, tr("vs.na", lang), tr("vs.no_market", lang))
    lines = "".join(f"<div><b>{esc(t.symbol)}</b>: {phrase(t.psy, lang, html=True)}{esc(_lppls_text(t, c.past, lang))}"
                    "</div>" for t in c.tests)
    what = tr("vs.tests_past" if c.past else "vs.tests_now", lang)
    return card(title, f"{c.n_red}/{len(c.tests)}", what + f"<div class=\"card-lines\">{lines}</div>", c.light)


def _gap(v: Verdict, lang: Lang = "en") -> str:
    g = v.revenue_gap
    if g is None:
        return card(tr("vs.gap", lang), tr("vs.na", lang), tr("vs.no_gap", lang))
    if lang == "zh":
        return card(tr("vs.gap", lang), tr("vs.gap_value", lang, gap=usd_bn(g.gap, lang)),
                    tr("vs.gap_detail", lang, required=usd_bn(g.required, lang), method=phrase(g.method, lang, html=True),
                       actual=usd_bn(g.actual, lang), scenario=phrase(g.scenario, lang, html=True)), g.light)
    return card("AI revenue gap", f"${num(g.gap)}bn/yr", f"needed {num(g.required)} ({esc(g.method)}) vs actual "
                f"{num(g.actual)} USD bn/yr · scenario {esc(g.scenario)}", g.light)


def _stress(v: Verdict, lang: Lang = "en") -> str:
    s = v.stress
    if s is None:
        return card(tr("vs.stress", lang), tr("vs.na", lang), tr("vs.no_stress", lang))
    bn = s.unit == "USD bn" and lang == "zh"  # a sum in billions: 亿 / 万亿美元 on the zh page
    unit = "" if bn else s.unit
    detail = tr("vs.stress_detail", lang, n=s.n_scenarios, scenario=phrase(s.scenario, lang, html=True),
                defaults=int(s.defaults or 0), unit=esc(unit))
    if s.consumption_drop is not None:
        share = s.consumption_drop_share_of_gdp
        gdp = "" if share is None else tr("vs.stress_gdp", lang, share=f"{share:.1%}")
        drop = usd_bn(s.consumption_drop, lang) if lang == "zh" else num(s.consumption_drop)
        detail += tr("vs.stress_wealth", lang, drop=drop, gdp=gdp)
    if bn:
        return card(tr("vs.stress", lang), esc(usd_bn(s.total_loss, lang)), detail)
    return card(tr("vs.stress", lang), f"{num(s.total_loss, lang=lang)}<span class=\"unit\"> {esc(unit)}</span>", detail)


def _code(text: str, lang: Lang) -> str:
    return mark_code(text) if lang == "zh" else text


def _data_used(d: DataUsed, lang: Lang = "en") -> str:
    def src(text: str) -> str:
        return source_html(str(text), lang)
    rows = "".join(f"<tr><td>{esc(i.symbol)}</td><td>{esc(i.first)} → {esc(i.as_of)}</td>"
                   f'<td>{mode_badge(i.mode, lang)}</td><td class="small">{src(i.source)}</td></tr>' for i in d.series)
    rows += "".join(f"<tr><td>{esc(k)}</td><td>→ {esc(v['as_of'])}</td><td>{mode_badge(v['mode'], lang)}</td>"
                    f"<td class=\"small\">{src(v['source'])}</td></tr>" for k, v in d.other.items())
    rows += "".join(f'<tr><td>{esc(s)}</td><td colspan="3" class="na">{esc(tr("vs.not_found", lang))}</td></tr>'
                    for s in d.missing)
    notes = "".join(f"<li>{quoted(n, lang)}</li>" for n in d.notes)
    net_key = f"vs.net.{d.network}"
    network = tr(net_key, lang) if net_key in CATALOGUE else d.network
    folder = verbatim(d.data_dir, lang) if d.data_dir else esc(tr("vs.none", lang))
    head = [esc(tr(f"vs.col_{c}", lang)) for c in ("series", "span", "data", "source")]
    return (
        f'<h3>{esc(tr("vs.data_used", lang))}</h3>{table(head, rows)}'
        f'<p class="small">{_code(tr("vs.network_note", lang, network=esc(network), folder=folder), lang)}</p>'
        + (f'<details><summary class="small">{esc(tr("vs.notes", lang, n=len(d.notes)))}</summary>'
           f'<ul class="small">{notes}</ul></details>' if d.notes else "")
    )


def verdict_section(data: ReportData) -> Section:
    v, lang = data.verdict, data.lang
    j = data.judgement
    head = judgement_html(data)
    payload = v.to_dict() | ({"judgement": j.to_dict()} if j is not None else {})
    if data.timeline:
        payload["timeline"] = [t.to_dict() for t in data.timeline]
    if data.analysis is not None and data.analysis.overlay is not None:
        payload["overlay"] = data.analysis.overlay.to_dict()
    if not v.computed or v.data is None:
        needs = esc(NEEDS_ANALYSIS) if lang == "en" else tr("vs.needs_what", lang)
        body = (head + '<div class="cards">' + _score(v, lang) + "</div>"
                f'<p class="na">{tr("vs.needs_analysis", lang, needs=needs)}</p>')
        return Section("verdict", TITLE, body, payload)
    cards = (_score(v, lang) + _gauges(v, lang) + _tests(v, lang) + (_gap(v, lang) if v.revenue_gap is not None else "")
             + _stress(v, lang))
    return Section("verdict", TITLE, head + f'<div class="cards">{cards}</div>' + _data_used(v.data, lang), payload)
