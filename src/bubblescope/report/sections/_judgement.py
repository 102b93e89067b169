"""The verdict paragraph, the signals behind it, the falsifier watch, the rule and the ledger (HTML).

Formats :class:`~bubblescope.verdict.VerdictResult` (computed by :mod:`bubblescope.report.judgement`);
used by the verdict section. Pure formatting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bubblescope.report.sections._html import esc, figure_html, table
from bubblescope.verdict.rule import STALE_DAYS, rule_text

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData
    from bubblescope.verdict import VerdictResult

STATUS_LIGHT = {"triggered": "green", "weakening": "amber", "holding": "red", "not available": "neutral"}
VERDICT_LIGHT = {"no boom": "green", "boom": "green", "bubble-like boom": "amber", "bubble": "red", "bust": "red"}


def paragraph_html(v: VerdictResult) -> str:
    light = VERDICT_LIGHT.get(v.verdict or "", "neutral")
    head = (f'<div class="verdict-head {light}"><span class="verdict-word">{esc(v.verdict or "no verdict")}</span>'
            f' · stage <b>{esc(v.stage or "–")}</b> · as of <b>{esc(v.as_of)}</b>'
            + ("" if v.aggregate.score is None else f" · score {v.aggregate.score:.2f}") + "</div>")
    stale = ""
    if v.aggregate.stale:
        stale = (f'<p class="banner amber">Stale inputs: {len(v.aggregate.stale)} signal(s) rest on data more than '
                 f"{STALE_DAYS} days older than {esc(v.as_of)}: {esc(', '.join(v.aggregate.stale[:12]))}"
                 + (" …" if len(v.aggregate.stale) > 12 else "") + ".</p>")
    return head + f'<p class="verdict-paragraph" id="verdict-paragraph">{esc(v.paragraph())}</p>' + stale


def headlines_html(v: VerdictResult) -> str:
    if not v.headlines:
        return ""
    rows = ""
    for h in v.headlines:
        pub = "; ".join(f"{esc(n)} {val:,.0f}" for n, val in h.published) or "–"

        def f(x: float | None) -> str:
            return "–" if x is None else f"{x:,.0f}"
        rows += (f"<tr><td>{esc(h.label)}</td><td>{f(h.low)}</td><td><b>{f(h.central)}</b></td><td>{f(h.high)}</td>"
                 f"<td>{esc(h.unit)}</td><td class=\"small\">{pub}</td></tr>")
    return "<h3>Headline numbers with their ranges</h3>" + table(
        ["Quantity", "Low", "Central", "High", "Unit", "Published estimates"], rows)


def falsifiers_html(v: VerdictResult) -> str:
    if not v.falsifiers:
        return ""
    rows = ""
    for r in v.falsifiers:
        f = r.falsifier
        reading = "–" if r.reading is None else f"{r.reading:.3g}"
        op = "≥" if f.direction == "above" else "≤"
        light = STATUS_LIGHT.get(r.status, "neutral")
        rows += (f"<tr><td>{esc(f.condition)}</td><td>{op} {f.threshold:g} {esc(f.unit)}</td><td>{reading}</td>"
                 f'<td><span class="dot {light}"></span>{esc(r.status)}</td>'
                 f'<td class="small">{esc(r.source or "–")}{(" · " + esc(r.note)) if r.note else ""}</td></tr>')
    return ('<h3 id="falsifiers">What would change the verdict (falsifier watch)</h3>'
            '<p class="small">Each condition, if met, argues against the bubble reading. <b>holding</b>: the bubble '
            "case holds on this count; <b>weakening</b>: past the warning level; <b>triggered</b>: the condition is "
            "met. Add your own with <code>bubblescope verdict --falsifiers FILE</code>.</p>"
            + table(["Condition", "Threshold", "Reading", "Status", "Source"], rows, cls="compact falsifiers"))


def signals_html(v: VerdictResult) -> str:
    rows = ""
    for s in v.to_dict()["signals"]:
        b = "–" if s["bubble"] is None else f"{s['bubble']:.2f}"
        w = f"{s['weight']:.1%}" if s["weight"] else "not counted"
        st = " (stale)" if s["stale"] else ""
        rows += (f"<tr><td>{esc(s['family'])}</td><td>{esc(s['label'])}</td><td>{esc(s['reading'])}</td><td>{b}</td>"
                 f"<td>{w}</td><td>{esc(s['as_of'] or '–')}{st}</td><td class=\"small\">{esc(s['rule'] or s['reason'])}</td></tr>")
    fams = "".join(f"<tr><td>{esc(f['family'])}</td><td>{'–' if f['score'] is None else format(f['score'], '.2f')}</td>"
                   f"<td>{f['weight']:.0%}</td><td>{f['speaking']}/{f['signals']}</td><td class=\"small\">{esc(f['note'])}</td></tr>"
                   for f in v.to_dict()["families"])
    return ("<details><summary>Signals behind the verdict</summary>"
            + table(["Family", "Score", "Weight used", "Speaking", "Note"], fams)
            + table(["Family", "Signal", "Reading", "Bubble (0–1)", "Weight", "As of", "Rule / reason"], rows)
            + "</details>")


def methodology_html(v: VerdictResult) -> str:
    bt = v.backtest
    if bt.get("available"):
        def ci(x: Any) -> str:
            return "–" if not x or x[0] is None else f"{x[0]:.0%}–{x[1]:.0%}"
        track = (f"<p>Backtest of this rule on the historical catalogue ({esc(bt.get('note', ''))}): bubbles flagged "
                 f"in the run-up {bt['hits']}/{bt['bubbles']} (95% interval {ci(bt.get('hit_rate_ci95'))}); calm spans "
                 f"with a false alarm {bt['false_alarms']}/{bt['calm_spans']} ({ci(bt.get('false_alarm_rate_ci95'))}); "
                 f"misses: {esc(', '.join(bt.get('misses') or []) or 'none')}.</p>")
    else:
        track = f"<p>Track record: not available ({esc(bt.get('reason', ''))}).</p>"
    from bubblescope.report.methodology import CARD_METHODS

    rules = "".join(f"<li>{esc(t)}</li>" for t in rule_text())
    cards = "".join(f"<tr><td><b>{esc(m.card)}</b></td><td>{esc(m.how)}</td><td>{esc(m.validation)}</td>"
                    f"<td>{esc(m.limits)}</td></tr>" for m in CARD_METHODS)
    return (f'<details class="methodology"><summary>Methodology: how the verdict is computed</summary><ol>{rules}</ol>'
            f"<p>Why this verdict: {esc(v.why)}.</p>{track}</details>"
            '<details class="methodology"><summary>Methodology of each card (how, validation, limits)</summary>'
            + table(["Card", "How it is computed", "Validation", "Known limits"], cards) + "</details>")


def ledger_html(entries: Sequence[dict[str, Any]]) -> str:
    if not entries:
        return ""
    rows = "".join(f"<tr><td>{e.get('seq')}</td><td>{esc(e.get('as_of'))}</td><td>{esc(e.get('episode'))}</td>"
                   f"<td>{esc(e.get('verdict'))}</td><td>{esc(e.get('stage'))}</td><td>{esc(e.get('version'))}</td>"
                   f"<td class=\"small\"><code>{esc(str(e.get('hash', ''))[:12])}</code></td></tr>" for e in entries)
    return ("<details><summary>Forecast ledger (recorded verdicts)</summary>"
            + table(["#", "As of", "Episode", "Verdict", "Stage", "Version", "Hash"], rows) + "</details>")


def timeline_html(line: Sequence[VerdictResult]) -> str:
    """A past episode judged as of its own dates (before the peak, at it, after it)."""
    if not line:
        return ""
    rows = ""
    for v in line:
        m = v.market
        mk = "–" if m is None else f"{m.series}: {m.run_up:+.0%} from the low, {m.drawdown:.0%} below the high"
        sc = "–" if v.aggregate.score is None else f"{v.aggregate.score:.2f}"
        rows += (f"<tr><td>{esc(v.as_of)}</td><td><b>{esc(v.verdict or 'no verdict')}</b></td><td>{esc(v.stage or '–')}</td>"
                 f"<td>{sc}</td><td>{esc(mk)}</td></tr>")
    return ("<h3>What the tool would have said at the time</h3>"
            '<p class="small">Each row is computed from the data up to that date only (the evidence base is '
            "not cut by date).</p>" + table(["As of", "Verdict", "Stage", "Score", "Main index"], rows))


def overlay_html(data: ReportData) -> str:
    a = data.analysis
    if a is None or data.episode.end is not None:
        return ""
    if a.overlay is None:
        return f'<h3>Peak-aligned overlay</h3><p class="na">Not available: {esc(a.overlay_needs or "no data")}.</p>'
    fig = a.overlay.plot()
    fig.update_layout(title=None)  # the heading above says it
    src = "Closes from the data folder / cache: " + ", ".join(a.overlay.anchors) + "."
    return ('<h3 id="overlay">Today\'s leaders against the Nasdaq 1995–2002</h3>'
            '<p class="small">Left: each series divided by its close at the start of its episode (log scale). '
            "Right: each series divided by its highest close so far, months from that high; for today's leaders "
            "the high to date is a peak only if it holds.</p>" + figure_html(fig, "verdict-overlay", 480, src))


def judgement_html(data: ReportData) -> str:
    v = data.judgement
    if v is None:
        return ""
    return (paragraph_html(v) + timeline_html(data.timeline) + headlines_html(v) + falsifiers_html(v)
            + overlay_html(data) + signals_html(v) + methodology_html(v) + ledger_html(data.ledger))
