"""Validation: the backtest scorecard (``bubblescope backtest``'s validation.json) and the named case."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from bubblescope.report.sections._html import Section, esc, not_available, table

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData

TITLE = "Validation: do the signals work?"


def _cell(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.2f}" if math.isfinite(v) else "–"
    return str(v)


def _named_case(named: Any) -> str:
    if not (isinstance(named, dict) and named.get("matches")):
        return ""
    m = named["matches"]
    found = sum(1 for r in m if r.get("found"))
    rows = "".join(f"<tr><td>{esc(r.get('event', ''))}</td><td>{esc(r.get('years', ''))}</td>"
                   f"<td>{'yes' if r.get('found') else 'no'}</td><td>{esc(r.get('episodes') or '–')}</td></tr>"
                   for r in m)
    return (f"<h3>Named case: {found} of {len(m)} published episodes stamped</h3>"
            f'<p class="small">{esc(named.get("citation", ""))}</p>'
            + table(["Event", "Years", "Found", "Episodes stamped"], rows))


def validation_section(data: ReportData) -> Section:
    a = data.analysis
    if a is None or a.backtest is None:
        return not_available("validation", TITLE, "a backtest: run `bubblescope backtest --out DIR`, then "
                             "`bubblescope report --backtest DIR`")
    bt = a.backtest
    sc = bt.get("scorecard") or []
    cols = [k for k in (sc[0].keys() if sc else []) if k != "index"]
    rows = "".join("<tr>" + "".join(f"<td>{esc(_cell(r.get(k)))}</td>" for k in cols) + "</tr>" for r in sc)
    sigs = "".join(f"<li><b>{esc(k)}</b>: {esc(v)}</li>" for k, v in (bt.get("signals") or {}).items())
    named = bt.get("named_case") or None
    body = (f'<p class="small">From {esc(a.backtest_file)} (written by <code>bubblescope backtest</code>).</p>'
            + table([esc(k.replace("_", " ")) for k in cols], rows)
            + (f'<ul class="small">{sigs}</ul>' if sigs else "") + _named_case(named))
    return Section("validation", TITLE, body, {"file": a.backtest_file, "scorecard": sc,
                                               "signals": bt.get("signals"), "crash_rule": bt.get("crash_rule"),
                                               "named_case": named})
