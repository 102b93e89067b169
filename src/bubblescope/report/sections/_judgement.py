"""The verdict paragraph, the signals behind it, the falsifier watch, the rule and the ledger (HTML).

Formats :class:`~bubblescope.verdict.VerdictResult` (computed by :mod:`bubblescope.report.judgement`);
used by the verdict section, in the page's language (``lang``). Pure formatting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bubblescope.i18n import CATALOGUE, Lang, tr, word
from bubblescope.i18n.phrases import mark_code, phrase
from bubblescope.report.sections._html import esc, figure_html, table, verbatim
from bubblescope.report.signal_text import quoted, signal_cells, source_html
from bubblescope.verdict.rule import STALE_DAYS, family_name, rule_text

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData
    from bubblescope.verdict import VerdictResult

STATUS_LIGHT = {"triggered": "green", "weakening": "amber", "holding": "red", "not available": "neutral"}
VERDICT_LIGHT = {"no boom": "green", "boom": "green", "bubble-like boom": "amber", "bubble": "red", "bust": "red"}
#: The notes verdict.rule.aggregate writes on a family that does not speak, and their catalogue keys.
_FAMILY_NOTES = {"no signal": "vs.fam.no_signal", "no signal can speak": "vs.fam.cannot_speak"}


def _heads(lang: Lang, *keys: str) -> list[str]:
    return [esc(tr(f"jd.col.{k}", lang)) for k in keys]


def paragraph_html(v: VerdictResult, lang: Lang = "en") -> str:
    light = VERDICT_LIGHT.get(v.verdict or "", "neutral")
    verdict = word("v", v.verdict, lang) if v.verdict else tr("jd.no_verdict", lang)
    head = (f'<div class="verdict-head {light}"><span class="verdict-word">{esc(verdict)}</span>'
            + tr("jd.head", lang, stage=esc(word("stage", v.stage, lang) if v.stage else "–"), as_of=esc(v.as_of))
            + ("" if v.aggregate.score is None else tr("jd.head_score", lang, s=f"{v.aggregate.score:.2f}")) + "</div>")
    stale = ""
    if v.aggregate.stale:
        stale = ('<p class="banner amber">' + tr(
            "jd.stale", lang, n=len(v.aggregate.stale), days=STALE_DAYS, as_of=esc(v.as_of),
            names=verbatim(", ".join(v.aggregate.stale[:12]), lang),
            more=" …" if len(v.aggregate.stale) > 12 else "") + "</p>")
    text = esc(v.paragraph()) if lang == "en" else v.paragraph(lang, html=True)
    return head + f'<p class="verdict-paragraph" id="verdict-paragraph">{text}</p>' + stale


def headlines_html(v: VerdictResult, lang: Lang = "en") -> str:
    if not v.headlines:
        return ""
    rows = ""
    units = {"USD bn/yr": "jd.unit.bn_yr", "USD bn": "jd.unit.bn"}
    for h in v.headlines:
        pub = tr("jd.sep", lang).join(f"{quoted(n, lang)} {val:,.0f}" for n, val in h.published) or "–"

        def f(x: float | None) -> str:
            return "–" if x is None else f"{x:,.0f}"
        unit = tr(units[h.unit], lang) if h.unit in units else h.unit
        rows += (f"<tr><td>{phrase(h.label, lang, html=True)}</td><td>{f(h.low)}</td><td><b>{f(h.central)}</b></td>"
                 f"<td>{f(h.high)}</td><td>{esc(unit)}</td><td class=\"small\">{pub}</td></tr>")
    return f"<h3>{esc(tr('jd.headlines', lang))}</h3>" + table(
        _heads(lang, "quantity", "low", "central", "high", "unit", "published"), rows)


def falsifiers_html(v: VerdictResult, lang: Lang = "en") -> str:
    if not v.falsifiers:
        return ""
    rows = ""
    for r in v.falsifiers:
        f = r.falsifier
        reading = "–" if r.reading is None else f"{r.reading:.3g}"
        op = "≥" if f.direction == "above" else "≤"
        light = STATUS_LIGHT.get(r.status, "neutral")
        unit = tr(f"fal.unit.{f.unit}", lang) if f"fal.unit.{f.unit}" in CATALOGUE else f.unit
        note = phrase(r.note, lang, html=True) if r.note else ""
        rows += (f"<tr><td>{quoted(f.condition, lang)}</td><td>{op} {f.threshold:g} {esc(unit)}</td><td>{reading}</td>"
                 f'<td><span class="dot {light}"></span>{esc(word("status", r.status, lang))}</td>'
                 f'<td class="small">{source_html(r.source, lang) if r.source else "–"}'
                 f'{(" · " + note) if note else ""}</td></tr>')
    return (f'<h3 id="falsifiers">{esc(tr("jd.fal.title", lang))}</h3>'
            f'<p class="small">{tr("jd.fal.intro", lang)}</p>'
            + table(_heads(lang, "condition", "threshold", "reading", "status", "source"), rows, cls="compact falsifiers"))


def signals_html(v: VerdictResult, lang: Lang = "en") -> str:
    rows = ""
    for s in v.to_dict()["signals"]:
        b = "–" if s["bubble"] is None else f"{s['bubble']:.2f}"
        w = f"{s['weight']:.1%}" if s["weight"] else esc(tr("jd.not_counted", lang))
        st = tr("jd.stale_tag", lang) if s["stale"] else ""
        label, reading, rule = signal_cells(s, lang)
        rows += (f"<tr><td>{esc(family_name(s['family'], lang) if lang == 'zh' else s['family'])}</td><td>{label}</td>"
                 f"<td>{reading}</td><td>{b}</td><td>{w}</td><td>{esc(s['as_of'] or '–')}{st}</td>"
                 f"<td class=\"small\">{rule}</td></tr>")
    fams = ""
    for f in v.to_dict()["families"]:
        note = f["note"]
        if lang == "zh" and note in _FAMILY_NOTES:
            note = tr(_FAMILY_NOTES[note], lang)
        fams += (f"<tr><td>{esc(family_name(f['family'], lang) if lang == 'zh' else f['family'])}</td>"
                 f"<td>{'–' if f['score'] is None else format(f['score'], '.2f')}</td>"
                 f"<td>{f['weight']:.0%}</td><td>{f['speaking']}/{f['signals']}</td><td class=\"small\">{esc(note)}</td></tr>")
    return (f"<details><summary>{esc(tr('jd.signals', lang))}</summary>"
            + table(_heads(lang, "family", "score", "weight_used", "speaking", "note"), fams)
            + table(_heads(lang, "family", "signal", "reading", "bubble", "weight", "as_of", "rule"), rows)
            + "</details>")


def _track(bt: dict[str, Any], lang: Lang) -> str:
    if not bt.get("available"):
        reason = str(bt.get("reason", ""))
        shown = next((tr(k, lang) for k in ("jd.bt.no_file", "jd.bt.no_rule") if CATALOGUE[k].en == reason), reason)
        text = esc(tr("jd.track_na", lang, reason=shown))
        return f"<p>{mark_code(text) if lang == 'zh' else text}</p>"

    def ci(x: Any) -> str:
        return "–" if not x or x[0] is None else f"{x[0]:.0%}–{x[1]:.0%}"
    note = str(bt.get("note", ""))
    if lang == "zh" and note == CATALOGUE["jd.track_note"].en:
        note = tr("jd.track_note", lang)
    misses = ", ".join(bt.get("misses") or [])
    misses_html = verbatim(misses, lang) if misses else esc(tr("vs.none", lang))
    return "<p>" + tr("jd.track", lang, note=esc(note), hits=bt["hits"], bubbles=bt["bubbles"],
                      ci=ci(bt.get("hit_rate_ci95")), fa=bt["false_alarms"], calm=bt["calm_spans"],
                      ci2=ci(bt.get("false_alarm_rate_ci95")), misses=misses_html) + "</p>"


def methodology_html(v: VerdictResult, lang: Lang = "en") -> str:
    from bubblescope.report.methodology import card_methods, method_html

    rules = "".join(f"<li>{esc(t)}</li>" for t in rule_text(lang=lang))
    cards = "".join(f"<tr><td><b>{method_html(m.card, lang)}</b></td><td>{method_html(m.how, lang)}</td>"
                    f"<td>{method_html(m.validation, lang)}</td><td>{method_html(m.limits, lang)}</td></tr>"
                    for m in card_methods(lang))
    return (f'<details class="methodology"><summary>{esc(tr("jd.method", lang))}</summary><ol>{rules}</ol>'
            f"<p>{esc(tr('jd.why_this', lang, why=v.why_text(lang)))}</p>{_track(v.backtest, lang)}</details>"
            f'<details class="methodology"><summary>{esc(tr("jd.cards", lang))}</summary>'
            + table(_heads(lang, "card", "how", "validation", "limits"), cards) + "</details>")


def ledger_html(entries: Sequence[dict[str, Any]], lang: Lang = "en") -> str:
    if not entries:
        return ""
    rows = "".join(f"<tr><td>{e.get('seq')}</td><td>{esc(e.get('as_of'))}</td><td>{esc(e.get('episode'))}</td>"
                   f"<td>{esc(word('v', e.get('verdict'), lang) if e.get('verdict') else e.get('verdict'))}</td>"
                   f"<td>{esc(word('stage', e.get('stage'), lang) if e.get('stage') else e.get('stage'))}</td>"
                   f"<td>{esc(e.get('version'))}</td>"
                   f"<td class=\"small\"><code>{esc(str(e.get('hash', ''))[:12])}</code></td></tr>" for e in entries)
    return (f"<details><summary>{esc(tr('jd.ledger', lang))}</summary>"
            + table(["#", *_heads(lang, "as_of", "episode", "verdict", "stage", "version", "hash")], rows)
            + "</details>")


def timeline_html(line: Sequence[VerdictResult], lang: Lang = "en") -> str:
    """A past episode judged as of its own dates (before the peak, at it, after it)."""
    if not line:
        return ""
    rows = ""
    for v in line:
        m = v.market
        mk = "–" if m is None else tr("jd.tl.market", lang, series=m.series, ru=f"{m.run_up:+.0%}", dd=f"{m.drawdown:.0%}")
        sc = "–" if v.aggregate.score is None else f"{v.aggregate.score:.2f}"
        verdict = word("v", v.verdict, lang) if v.verdict else tr("jd.no_verdict", lang)
        rows += (f"<tr><td>{esc(v.as_of)}</td><td><b>{esc(verdict)}</b></td>"
                 f"<td>{esc(word('stage', v.stage, lang) if v.stage else '–')}</td><td>{sc}</td><td>{esc(mk)}</td></tr>")
    return (f"<h3>{esc(tr('jd.timeline', lang))}</h3>"
            f'<p class="small">{esc(tr("jd.timeline_note", lang))}</p>'
            + table(_heads(lang, "as_of", "verdict", "stage", "score", "main_index"), rows))


def _overlay_zh(fig: Any) -> Any:
    """The overlay figure's own texts in Chinese (the traces keep their series names)."""
    fig.layout.annotations[0].text = tr("jd.ov.left", "zh")
    fig.layout.annotations[1].text = tr("jd.ov.right", "zh")
    fig.update_xaxes(title_text=tr("jd.ov.x1", "zh"), row=1, col=1).update_yaxes(title_text=tr("jd.ov.y1", "zh"), row=1, col=1)
    fig.update_xaxes(title_text=tr("jd.ov.x2", "zh"), row=1, col=2).update_yaxes(title_text=tr("jd.ov.y2", "zh"), row=1, col=2)
    return fig


def overlay_html(data: ReportData) -> str:
    a, lang = data.analysis, data.lang
    if a is None or data.episode.end is not None:
        return ""
    if a.overlay is None:
        reason = a.overlay_needs or tr("jd.no_data", lang)
        return (f'<h3>{esc(tr("jd.overlay", lang))}</h3>'
                f'<p class="na">{tr("jd.overlay_na", lang, reason=phrase(reason, lang, html=True))}</p>')
    fig = a.overlay.plot()
    fig.update_layout(title=None)  # the heading above says it
    if lang == "zh":
        _overlay_zh(fig)
    src = tr("jd.overlay_src", lang, names=", ".join(a.overlay.anchors))
    return (f'<h3 id="overlay">{tr("jd.overlay_title", lang)}</h3>'
            f'<p class="small">{tr("jd.overlay_note", lang)}</p>' + figure_html(fig, "verdict-overlay", 480, src))


def judgement_html(data: ReportData) -> str:
    v, lang = data.judgement, data.lang
    if v is None:
        return ""
    return (paragraph_html(v, lang) + timeline_html(data.timeline, lang) + headlines_html(v, lang)
            + falsifiers_html(v, lang) + overlay_html(data) + signals_html(v, lang) + methodology_html(v, lang)
            + ledger_html(data.ledger, lang))
