"""Verdict panel: colour-coded cards (score, gauges, bubble tests, revenue gap, stress) and the data used.

The rules (which numbers, which light) are in :mod:`bubblescope.report.verdict`; this module only
turns its :class:`~bubblescope.report.verdict.Verdict` into HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bubblescope.report.sections._html import NEEDS_ANALYSIS, Section, esc, mode_badge, num, table
from bubblescope.report.sections._judgement import judgement_html

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData
    from bubblescope.report.verdict import BubbleTest, DataUsed, Verdict

TITLE = "Verdict"


def card(label: str, value: str, detail: str, light: str | None = None) -> str:
    cls = f" {light}" if light in ("green", "amber", "red") else " neutral"
    return (f'<div class="card{cls}"><div class="card-label">{esc(label)}</div>'
            f'<div class="card-value">{value}</div><div class="card-detail">{detail}</div></div>')


def _score(v: Verdict) -> str:
    s = v.score
    return card("Four-factor score", f"{s.total}/8", f"ranks {s.rank} of {s.of} episodes compared"
                + (" · includes an override" if s.overridden else ""), s.light)


def _gauges(v: Verdict) -> str:
    g = v.gauges
    if g is None:
        return card("Gauge lights", "n/a", "no gauge inputs")
    dots = " ".join(f'<span class="dot {c}"></span>{n}' for c, n in g.lights.items())
    return card("Gauge lights", dots, f"boom/bubble gauges: <b>{esc(g.verdict)}</b> ({g.reds} red of "
                f"{g.available} available)", g.light)


def _lppls_text(t: BubbleTest, past: bool) -> str:
    if t.lppls_last_pos_conf is None:
        return ""
    if past:
        return f"; LPPLS confidence max {t.lppls_max_pos_conf:.0%} ({t.lppls_max_date})"
    return f"; LPPLS confidence {t.lppls_last_pos_conf:.0%} now"


def _tests(v: Verdict) -> str:
    c = v.tests
    if not c.tests:
        return card("Bubble tests (PSY, LPPLS)", "n/a", "no market series available")
    lines = "".join(f"<div><b>{esc(t.symbol)}</b>: {esc(t.psy)}{esc(_lppls_text(t, c.past))}</div>" for t in c.tests)
    what = ("series explosive around the market peak (red: any; amber: episodes at other times)" if c.past else
            "series explosive at the last date (red: any now; amber: an episode earlier in the window)")
    return card("Bubble tests (PSY, LPPLS)", f"{c.n_red}/{len(c.tests)}",
                what + f"<div class=\"card-lines\">{lines}</div>", c.light)


def _gap(v: Verdict) -> str:
    g = v.revenue_gap
    if g is None:
        return card("AI revenue gap", "n/a", "no investment-economics scenario for this episode")
    return card("AI revenue gap", f"${num(g.gap)}bn/yr", f"needed {num(g.required)} ({esc(g.method)}) vs actual "
                f"{num(g.actual)} USD bn/yr · scenario {esc(g.scenario)}", g.light)


def _stress(v: Verdict) -> str:
    s = v.stress
    if s is None:
        return card("Stress loss", "n/a", "no exposure network for this episode")
    detail = (f"largest of {s.n_scenarios} scenarios: {esc(s.scenario)} "
              f"({int(s.defaults or 0)} default(s), {esc(s.unit)})")
    if s.consumption_drop is not None:
        share = s.consumption_drop_share_of_gdp
        gdp = "" if share is None else f" = {share:.1%} of GDP"
        detail += f"<br>its wealth effect: consumption −{num(s.consumption_drop)} USD bn a year{gdp}"
    return card("Stress loss", f"{num(s.total_loss)}<span class=\"unit\"> {esc(s.unit)}</span>", detail)


def _data_used(d: DataUsed) -> str:
    rows = "".join(f"<tr><td>{esc(i.symbol)}</td><td>{esc(i.first)} → {esc(i.as_of)}</td>"
                   f'<td>{mode_badge(i.mode)}</td><td class="small">{esc(i.source)}</td></tr>' for i in d.series)
    rows += "".join(f"<tr><td>{esc(k)}</td><td>→ {esc(v['as_of'])}</td><td>{mode_badge(v['mode'])}</td>"
                    f"<td class=\"small\">{esc(v['source'])}</td></tr>" for k, v in d.other.items())
    rows += "".join(f'<tr><td>{esc(s)}</td><td colspan="3" class="na">not found (offline: no cached or packaged '
                    "copy)</td></tr>" for s in d.missing)
    notes = "".join(f"<li>{esc(n)}</li>" for n in d.notes)
    return (
        f'<h3>Data used and as-of dates</h3>{table(["Series", "Span", "Data", "Source"], rows)}'
        f'<p class="small">Network: {esc(d.network)}. Data folder: {esc(d.data_dir or "none")}. '
        "<b>local</b> = files in --data-dir, <b>live</b> = downloaded now, <b>cached</b> = an earlier download, "
        "<b>packaged</b> = a dataset shipped with an installed package (arch.data).</p>"
        + (f'<details><summary class="small">Notes ({len(d.notes)})</summary><ul class="small">{notes}</ul>'
           "</details>" if d.notes else "")
    )


def verdict_section(data: ReportData) -> Section:
    v = data.verdict
    j = data.judgement
    head = judgement_html(data)
    payload = v.to_dict() | ({"judgement": j.to_dict()} if j is not None else {})
    if data.timeline:
        payload["timeline"] = [t.to_dict() for t in data.timeline]
    if data.analysis is not None and data.analysis.overlay is not None:
        payload["overlay"] = data.analysis.overlay.to_dict()
    if not v.computed or v.data is None:
        body = (head + '<div class="cards">' + _score(v) + "</div>"
                f'<p class="na">Market, gauge, economics and stress figures need {esc(NEEDS_ANALYSIS)}.</p>')
        return Section("verdict", TITLE, body, payload)
    cards = _score(v) + _gauges(v) + _tests(v) + (_gap(v) if v.revenue_gap is not None else "") + _stress(v)
    return Section("verdict", TITLE, head + f'<div class="cards">{cards}</div>' + _data_used(v.data), payload)
