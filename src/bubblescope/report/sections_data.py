"""Data-driven report sections: verdict panel, market diagnostics, gauges, economics, stress, validation.

Each renders results computed by :func:`bubblescope.report.analysis.analyse` (carried in
``ReportContext.analysis``); none does I/O. Every number shown is also put in the section's data
(→ report.json) with the provenance of its inputs.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from bubblescope.report.analysis import LPPLS_STEP, LPPLS_WINDOWS, LPPLS_YEARS, PSY_REPS, MarketDiagnostics
from bubblescope.report.sections import (
    ReportContext,
    Section,
    esc,
    evidence_anchor,
    figure_html,
    not_available,
)
from bubblescope.results import to_jsonable
from bubblescope.style import BAND, LIGHTS, SHADE

_NEEDS_ANALYSIS = "the compute phase (bubblescope report runs it; in Python: report.analysis.analyse)"


def _num(v: Any, digits: int = 0, unit: str = "") -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "n/a"
    return f"{v:,.{digits}f}{unit}"


def _card(label: str, value: str, detail: str, light: str | None = None) -> str:
    cls = f" {light}" if light in ("green", "amber", "red") else " neutral"
    return (f'<div class="card{cls}"><div class="card-label">{esc(label)}</div>'
            f'<div class="card-value">{value}</div><div class="card-detail">{detail}</div></div>')


def _date(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return "–"
    try:
        return pd.Timestamp(v).date().isoformat()
    except (ValueError, TypeError):
        return str(v)


# ------------------------------------------------------------------------------------------- verdict


def _psy_status(m: MarketDiagnostics, peak: str | None = None, past: bool = False) -> tuple[str, str | None]:
    """One line on the series in the PSY test, and a light. Ongoing episodes: the state at the last
    date (red = explosive now). Past episodes: whether an explosive episode covers the market peak."""
    r = m.psy
    if r is None:
        return "PSY not run", None
    eps = r.episodes
    if past and peak is not None:
        pk = pd.Timestamp(peak)
        for e in eps.itertuples():
            end = r.bsadf.index[-1] if e.ongoing else e.end
            if e.start <= pk <= end:
                return f"explosive {_date(e.start)} → {_date(end)}, covering the {_date(pk)} peak", "red"
        if len(eps):
            return f"{len(eps)} explosive episode(s), none covering the {_date(pk)} peak", "amber"
        return "no explosive episode in the window", "green"
    if len(eps) and bool(eps.iloc[-1]["ongoing"]):
        return f"explosive since {_date(eps.iloc[-1]['start'])}", "red"
    if len(eps):
        return f"no explosive episode now (last ended {_date(eps.iloc[-1]['end'])})", "amber"
    return "no explosive episode in the window", "green"


def verdict_section(ctx: ReportContext) -> Section:
    a = ctx.analysis
    res = ctx.score()
    cmp = ctx.comparison()
    rank = next((i for i, r in enumerate(cmp.results, 1) if r.episode_id == ctx.episode_id), None)
    light = "green" if res.total <= 2 else ("amber" if res.total <= 5 else "red")
    cards = [_card("Four-factor score", f"{res.total}/8",
                   f"ranks {rank} of {len(cmp.results)} episodes compared" + (" · includes an override"
                                                                            if res.overrides else ""), light)]
    data: dict[str, Any] = {
        "four_factor": {"total": res.total, "computed_total": res.computed_total, "max": res.max_total,
                        "rank": rank, "of": len(cmp.results),
                        "light_rule": "0-2 green, 3-5 amber, 6-8 red (display rule of this report)"},
    }
    if a is None:
        body = ('<div class="cards">' + "".join(cards) + "</div>"
                f'<p class="na">Market, gauge, economics and stress figures need {esc(_NEEDS_ANALYSIS)}.</p>')
        return Section("verdict", "Verdict", body, data)
    # gauge lights
    if a.gauges is not None:
        lights = {c: sum(1 for g in a.gauges.gauges if g.available and g.colour == c) for c in LIGHTS}
        b = a.gauges.boom
        glight = {"boom": "green", "caution": "amber", "bubble": "red"}.get(b.verdict)
        dots = " ".join(f'<span class="dot {c}"></span>{n}' for c, n in lights.items())
        cards.append(_card("Gauge lights", dots, f"boom/bubble gauges: <b>{esc(b.verdict)}</b> ({b.reds} red of "
                           f"{b.available} available)", glight))
        data["gauges"] = {"lights": lights, "boom_bubble_verdict": b.verdict, "reds": b.reds,
                          "available": b.available, "as_of": a.gauges.as_of}
    else:
        cards.append(_card("Gauge lights", "n/a", "no gauge inputs"))
    # bubble tests
    tests = []
    worst = None
    order = {"green": 0, "amber": 1, "red": 2}
    ep = ctx.base.episode(ctx.episode_id)
    past = ep.end is not None and ep.peak is not None
    for m in a.market:
        text, lt = _psy_status(m, ep.peak, past)
        conf = cmax = cdate = None
        if m.lppls is not None and len(m.lppls.frame):
            pc = m.lppls.frame["pos_conf"]
            conf, cmax, cdate = float(pc.iloc[-1]), float(pc.max()), _date(pc.idxmax())
        tests.append({"symbol": m.info.symbol, "psy": text, "psy_light": lt, "lppls_last_pos_conf": conf,
                      "lppls_max_pos_conf": cmax, "lppls_max_date": cdate, "as_of": m.info.as_of})
        if lt is not None and (worst is None or order[lt] > order[worst]):
            worst = lt
    if tests:
        def lp(t: dict[str, Any]) -> str:
            if t["lppls_last_pos_conf"] is None:
                return ""
            if past:
                return f"; LPPLS confidence max {t['lppls_max_pos_conf']:.0%} ({t['lppls_max_date']})"
            return f"; LPPLS confidence {t['lppls_last_pos_conf']:.0%} now"

        lines = "".join(f"<div><b>{esc(t['symbol'])}</b>: {esc(t['psy'])}{esc(lp(t))}</div>" for t in tests)
        n_now = sum(1 for t in tests if t["psy_light"] == "red")
        what = ("series explosive around the market peak (red: any; amber: episodes at other times)" if past else
                "series explosive at the last date (red: any now; amber: an episode earlier in the window)")
        cards.append(_card("Bubble tests (PSY, LPPLS)", f"{n_now}/{len(tests)}", what
                           + f"<div class=\"card-lines\">{lines}</div>", worst))
    else:
        cards.append(_card("Bubble tests (PSY, LPPLS)", "n/a", "no market series available"))
    data["bubble_tests"] = tests
    # revenue gap
    if a.capex is not None:
        c = a.capex
        gap_share = c.revenue_gap / c.required_revenue if c.required_revenue else float("nan")
        cards.append(_card("AI revenue gap", f"${_num(c.revenue_gap)}bn/yr",
                           f"needed {_num(c.required_revenue)} ({esc(c.scenario.headline)}) vs actual "
                           f"{_num(c.actual_revenue)} USD bn/yr · scenario {esc(c.scenario.name)}",
                           "red" if gap_share > 0.5 else ("amber" if gap_share > 0.1 else "green")))
        data["revenue_gap"] = {"gap": c.revenue_gap, "required": c.required_revenue, "actual": c.actual_revenue,
                               "unit": "USD bn/yr", "method": c.scenario.headline, "scenario": c.scenario.name,
                               "light_rule": "gap > 50% of required red, > 10% amber"}
    else:
        cards.append(_card("AI revenue gap", "n/a", "no investment-economics scenario for this episode"))
    # stress
    if a.stress:
        worst_s = max(a.stress, key=lambda r: r.totals.get("total_loss", 0.0))
        macro = worst_s.macro
        detail = (f"largest of {len(a.stress)} scenarios: {esc(worst_s.scenario_title)} "
                  f"({int(worst_s.totals.get('defaults', 0))} default(s), {esc(worst_s.unit)})")
        if macro is not None:
            detail += (f"<br>its wealth effect: consumption −{_num(macro.consumption_drop)} USD bn a year = "
                       f"{macro.consumption_drop_share_of_gdp:.1%} of GDP")
        cards.append(_card("Stress loss", f"{_num(worst_s.totals.get('total_loss'))}<span class=\"unit\"> "
                           f"{esc(worst_s.unit)}</span>", detail))
        data["stress"] = {"scenario": worst_s.scenario_title, "total_loss": worst_s.totals.get("total_loss"),
                          "unit": worst_s.unit, "defaults": worst_s.totals.get("defaults"),
                          "consumption_drop": None if macro is None else macro.consumption_drop,
                          "consumption_drop_share_of_gdp": None if macro is None
                          else macro.consumption_drop_share_of_gdp}
    else:
        cards.append(_card("Stress loss", "n/a", "no exposure network for this episode"))
    # data as-of
    rows = "".join(f"<tr><td>{esc(m.info.symbol)}</td><td>{esc(m.info.first)} → {esc(m.info.as_of)}</td>"
                   f'<td><span class="mode {esc(m.info.mode.split()[0])}">{esc(m.info.mode)}</span></td>'
                   f'<td class="small">{esc(m.info.source)}</td></tr>' for m in a.market)
    rows += "".join(f"<tr><td>{esc(k)}</td><td>→ {esc(v['as_of'])}</td><td><span class=\"mode "
                    f"{esc(v['mode'].split()[0])}\">{esc(v['mode'])}</span></td><td class=\"small\">"
                    f"{esc(v['source'])}</td></tr>" for k, v in a.gauge_sources.items())
    rows += "".join(f'<tr><td>{esc(s)}</td><td colspan="3" class="na">not found (offline: no cached or packaged '
                    "copy)</td></tr>" for s in a.missing_series)
    net = ("not tried (--offline)" if a.offline and a.network_reachable is None else
           "unreachable" if a.network_reachable is False else "not needed (all data found locally)"
           if a.network_reachable is None else "used")
    notes = "".join(f"<li>{esc(n)}</li>" for n in a.notes)
    body = (
        '<div class="cards">' + "".join(cards) + "</div>"
        '<h3>Data used and as-of dates</h3><table class="compact"><thead><tr><th>Series</th><th>Span</th>'
        f"<th>Data</th><th>Source</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="small">Network: {esc(net)}. Data folder: {esc(a.data_dir or "none")}. '
        "<b>local</b> = files in --data-dir, <b>live</b> = downloaded now, <b>cached</b> = an earlier download, "
        "<b>packaged</b> = a dataset shipped with an installed package (arch.data).</p>"
        + (f'<details><summary class="small">Notes ({len(a.notes)})</summary><ul class="small">{notes}</ul>'
           "</details>" if a.notes else "")
    )
    data["data"] = {"series": [m.info.to_dict() for m in a.market], "other": a.gauge_sources,
                    "missing": list(a.missing_series), "network": net, "data_dir": a.data_dir,
                    "notes": list(a.notes)}
    return Section("verdict", "Verdict", body, data)


# ------------------------------------------------------------------------------------------- market


def _psy_figure(m: MarketDiagnostics) -> Any:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    r = m.psy
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.58, 0.42],
                        subplot_titles=(f"log price ({m.psy_frequency}); PSY explosive episodes shaded",
                                        "BSADF vs 95% critical sequence"))
    fig.add_trace(go.Scatter(x=r.series.index, y=r.series.to_numpy(), name="log price", line={"width": 1.6},
                             hovertemplate="%{x|%Y-%m-%d}: %{y:.3f}<extra>log price</extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=r.bsadf.index, y=r.bsadf.to_numpy(), name="BSADF", line={"width": 1.4}),
                  row=2, col=1)
    fig.add_trace(go.Scatter(x=r.cv.index, y=r.cv.to_numpy(), name="95% critical value",
                             line={"dash": "dash", "width": 1.2}), row=2, col=1)
    last = r.bsadf.index[-1]
    for e in r.episodes.itertuples():
        for row in (1, 2):
            fig.add_vrect(x0=e.start, x1=last if e.ongoing else e.end, fillcolor=SHADE, line_width=0,
                          row=row, col=1)
    fig.update_annotations(font_size=12)
    fig.update_layout(legend={"y": -0.08, "yanchor": "top"}, margin={"t": 30})
    return fig


def _lppls_figure(m: MarketDiagnostics) -> Any:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    f = m.lppls.frame
    s = m.info.series
    lo = f.index[0] - pd.DateOffset(months=3)
    q = f.dropna(subset=["tc_q10", "tc_q90"])
    hi = max([f.index[-1], *q["tc_q90"].tolist()]) if not q.empty else f.index[-1]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.62, 0.38],
                        subplot_titles=("daily log price; LPPLS critical time (median ×, 10–90% band)",
                                        "LPPLS positive-bubble confidence (share of windows)"))
    w = s[(s.index >= lo) & (s.index <= f.index[-1])]
    fig.add_trace(go.Scatter(x=w.index, y=[math.log(v) for v in w], name="log price", line={"width": 1.3},
                             hovertemplate="%{x|%Y-%m-%d}: %{y:.3f}<extra>log price</extra>"), row=1, col=1)
    if not q.empty:
        # one horizontal bar per end date: the 10–90% range of the critical times of its qualified fits
        y = [math.log(v) for v in q["price"]]
        for t2, a, b, yy in zip(q.index, q["tc_q10"], q["tc_q90"], y, strict=True):
            fig.add_trace(go.Scatter(x=[a, b], y=[yy, yy], mode="lines", line={"color": BAND, "width": 6},
                                     showlegend=False, hovertemplate=f"fit at {t2.date()}: tc {a.date()} – "
                                     f"{b.date()}<extra>tc band</extra>"), row=1, col=1)
        fig.add_trace(go.Scatter(x=q["tc_median"], y=y, mode="markers", name="median tc",
                                 marker={"symbol": "x", "size": 8, "color": "#c92a2a"}), row=1, col=1)
    fig.add_trace(go.Bar(x=f.index, y=f["pos_conf"], name="confidence", marker_color="#7048e8"), row=2, col=1)
    fig.update_yaxes(range=[0, 1], row=2, col=1)
    fig.update_xaxes(range=[lo, hi + pd.DateOffset(months=1)])
    fig.update_annotations(font_size=12)
    fig.update_layout(legend={"y": -0.08, "yanchor": "top"}, margin={"t": 30})
    return fig


def market_section(ctx: ReportContext) -> Section:
    a = ctx.analysis
    title = "Market diagnostics"
    if a is None:
        return not_available("market", title, _NEEDS_ANALYSIS)
    ep = ctx.base.episode(ctx.episode_id)
    if not a.market:
        want = ", ".join(ep.market_series) or "none listed"
        return not_available("market", title, f"price data for the episode's series ({want}): give --data-dir "
                             "with CSVs, go online once to fill the cache, or install the packaged datasets")
    parts = []
    data: dict[str, Any] = {"settings": a.settings, "series": []}
    for i, m in enumerate(a.market):
        d: dict[str, Any] = {"symbol": m.info.symbol, "data": m.info.to_dict(), "notes": list(m.notes)}
        head = (f'<h3>{esc(m.info.symbol)} <span class="mode {esc(m.info.mode.split()[0])}">{esc(m.info.mode)}'
                f'</span></h3><p class="small">{esc(m.info.source)} · {esc(m.info.first)} → {esc(m.info.as_of)}</p>')
        if m.psy is None:
            parts.append(head + "".join(f'<p class="na">{esc(n)}</p>' for n in m.notes))
            data["series"].append(d)
            continue
        r = m.psy
        eps = r.episodes
        rows = "".join(f"<tr><td>{_date(e.start)}</td><td>{_date(e.peak)}</td><td>"
                       f"{'ongoing' if e.ongoing else _date(e.end)}</td><td>{e.duration}</td>"
                       f"<td>{e.peak_stat:.2f}</td></tr>" for e in eps.itertuples())
        verdict = ("rejects" if r.gsadf_cv is not None and r.gsadf > r.gsadf_cv else "does not reject")
        stats = (f"<p>GSADF <b>{r.gsadf:.2f}</b> vs 95% critical value {_num(r.gsadf_cv, 2)}: {verdict} the "
                 f"unit-root null. {len(eps)} explosive episode(s) on {r.params['n_obs']} {esc(m.psy_frequency)} "
                 f"({esc(r.params['first'])} → {esc(r.params['last'])}).</p>")
        table = ("<table class=\"compact\"><thead><tr><th>Start</th><th>Peak</th><th>End</th><th>Obs</th>"
                 f"<th>Peak BSADF</th></tr></thead><tbody>{rows}</tbody></table>" if len(eps) else
                 '<p class="small">No explosive episode stamped.</p>')
        lp = ""
        if m.lppls is not None:
            f = m.lppls.frame
            last = f.iloc[-1]
            tc = f"median tc {_date(last['tc_median'])}" if pd.notna(last["tc_median"]) else "no qualified fit"
            lp = (f"<p>LPPLS at {_date(f.index[-1])}: positive confidence <b>{last['pos_conf']:.0%}</b> "
                  f"({tc}); peak {f['pos_conf'].max():.0%} on {_date(f['pos_conf'].idxmax())}.</p>")
            d["lppls"] = {"filters": m.lppls.filters.name, "windows": list(m.lppls.windows),
                          "indicators": to_jsonable(f[["price", "pos_conf", "neg_conf", "tc_median", "tc_q10",
                                                       "tc_q90", "n_windows", "n_fitted", "n_pos"]])}
        d["psy"] = {k: v for k, v in r.to_dict().items() if k != "sequence"} | {
            "frequency": m.psy_frequency, "sequence": to_jsonable(r.to_frame())}
        lp_fig = (figure_html(_lppls_figure(m), f"fig-lppls-{i}", 480) if m.lppls is not None else
                  '<p class="na">LPPLS not available for this series.</p>')
        parts.append(head + '<div class="grid2"><div>' + stats + lp
                     + "".join(f'<p class="na">{esc(n)}</p>' for n in m.notes) + "</div><div>" + table
                     + '</div></div><div class="grid2"><div>' + figure_html(_psy_figure(m), f"fig-psy-{i}", 480)
                     + f"</div><div>{lp_fig}</div></div>")
        data["series"].append(d)
    missing = "".join(f'<p class="na">{esc(s)}: not available (no local, cached or packaged data).</p>'
                      for s in a.missing_series)
    intro = (f'<p class="small">PSY (Phillips, Shi &amp; Yu 2015) on log prices, Monte Carlo critical sequence '
             f"({PSY_REPS} replications, seed 0, cached on disk), on the last close of each month for spans over 10 "
             f"years, else of each week. LPPLS kept cheap for the report: windows {', '.join(map(str, LPPLS_WINDOWS))} trading "
             f"days, an end date every {LPPLS_STEP} trading days over {LPPLS_YEARS} years, Sornette (2015) "
             "filters, no resampling; the tc band is the 10–90% range of critical times of qualified fits. Run "
             "<code>bubblescope psy</code> / <code>bubblescope lppls</code> for the full procedures.</p>")
    data["missing"] = list(a.missing_series)
    return Section("market", title, intro + "".join(parts) + missing, data)


# ------------------------------------------------------------------------------------------- gauges


def gauges_section(ctx: ReportContext) -> Section:
    a = ctx.analysis
    title = "Valuation & concentration gauges"
    if a is None:
        return not_available("gauges", title, _NEEDS_ANALYSIS)
    if a.gauges is None:
        return not_available("gauges", title, "gauge inputs (Shiller data, prices or evidence records)")
    import plotly.graph_objects as go

    panel = a.gauges
    known = {r.id for r in ctx.base.for_episode(ctx.episode_id)}
    rows = []
    bars_x, bars_y, bars_c, bars_t = [], [], [], []
    for g in panel.gauges:
        h = g.history
        pct = f"{h.percentile:.0f}" if h is not None and g.available and _finite(h.percentile) else "–"
        wpct = f"{h.window_percentile:.0f}" if h is not None and g.available and _finite(h.window_percentile) else "–"
        light = f'<span class="dot {g.colour}"></span>{g.colour}' if g.colour and g.available else ""
        src = _link_ids(esc(g.source or ""), known)
        name = f'{esc(g.name)}<div class="small">{esc(g.group)}</div>'
        if g.available:
            cells = (f'<td class="num">{esc(g.display())}</td><td>{esc(g.as_of or "")}</td><td class="num">{pct}'
                     f'</td><td class="num">{wpct}</td><td>{light}</td>')
        else:
            cells = f'<td colspan="5" class="na">not available: needs {esc(g.needs or "input data")}</td>'
        rows.append(f'<tr class="{"" if g.available else "muted"}"><th>{name}</th>{cells}'
                    f'<td class="small src">{src}</td></tr>')
        if g.available and h is not None and _finite(h.percentile):
            bars_x.append(float(h.percentile))
            bars_y.append(g.name)
            bars_c.append(LIGHTS.get(g.colour or "", "#3b5bdb"))
            bars_t.append(g.display())
    fig_html = ""
    if bars_x:
        fig = go.Figure(go.Bar(x=bars_x, y=bars_y, orientation="h", marker_color=bars_c, text=bars_t,
                               textposition="auto", hovertemplate="%{y}: percentile %{x:.0f}<extra></extra>"))
        fig.add_vline(x=90, line_dash="dot", line_color="#c92a2a", annotation_text="90th")
        fig.update_xaxes(range=[0, 100], title_text="percentile of the gauge's own history")
        fig.update_yaxes(autorange="reversed")
        fig_html = figure_html(fig, "fig-gauges", max(260, 34 * len(bars_x) + 90))
    b = panel.boom
    body = (
        f'<p>Boom/bubble gauges: <b>{esc(b.verdict)}</b> ({b.reds} red of {b.available} available; rule: 0–1 red '
        "= boom, 2 = caution, ≥ 3 = bubble)." + (f" Evaluated at the episode's peak, {esc(panel.as_of)}."
                                                  if panel.as_of else "") + "</p>"
        + (f'<div>{fig_html}</div>' if fig_html else "")
        + '<table class="compact"><thead><tr><th>Gauge</th><th>Value</th><th>As of</th>'
        "<th>Pctile (all)</th><th>Pctile 30y</th><th>Light</th><th>Source</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
        + "".join(f'<p class="small">note: {esc(n)}</p>' for n in b.notes)
    )
    return Section("gauges", title, body, {"panel": to_jsonable(panel), "inputs": a.gauge_sources})


def _loss_row(r: Any) -> str:
    lte = f"{r['loss_to_equity']:.0%}" if _finite(r["loss_to_equity"]) else "n/d"
    flag = '<b class="red-t">default</b>' if r["default"] else ""
    return (f"<tr><td>{esc(r['name'])}</td><td>{esc(r['type'])}</td><td class=\"num\">{_num(r['loss'], 1)}</td>"
            f"<td class=\"num\">{_num(r['direct_loss'], 1)}</td><td class=\"num\">{lte}</td><td>{flag}</td></tr>")


def _input_row(r: Any) -> str:
    ev = r["evidence"]
    link = f' <a class="ev" href="#{evidence_anchor(ev)}">{esc(ev)}</a>' if isinstance(ev, str) and ev else ""
    val = f"{r['value']:,.4g}"
    return (f"<tr><td><code>{esc(r['name'])}</code></td><td class=\"num\">{esc(val)}</td><td>{esc(r['unit'])}"
            f"</td><td class=\"small\">{esc(r['source'])}{link}</td></tr>")


def _link_ids(text: str, known: set[str]) -> str:
    """``[record-id; other-id]`` in a source text → links to the evidence appendix (known ids only)."""

    def one(m: re.Match[str]) -> str:
        ids = [i.strip() for i in m.group(1).split(";")]
        if not all(i in known for i in ids):
            return m.group(0)
        return " ".join(f'<a class="ev" href="#{evidence_anchor(i)}">{esc(i)}</a>' for i in ids)

    return re.sub(r"\[([A-Za-z0-9_.;\- ]+)\]", one, text)


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(float(x))


# ------------------------------------------------------------------------------------------- economics


def economics_section(ctx: ReportContext) -> Section:
    a = ctx.analysis
    title = "Investment economics"
    if a is None:
        return not_available("economics", title, _NEEDS_ANALYSIS)
    if a.capex is None:
        return not_available("economics", title, "an investment-economics scenario for this episode (the packaged "
                             "base/bear/bull scenarios describe the AI boom; see bubblescope capex FILE)")
    import plotly.graph_objects as go

    c = a.capex
    sc = c.scenario
    wf = go.Figure(go.Waterfall(
        x=["actual AI revenue", "gap", f"required ({sc.headline})"], measure=["absolute", "relative", "total"],
        y=[c.actual_revenue, c.revenue_gap, 0], text=[_num(c.actual_revenue), _num(c.revenue_gap),
                                                      _num(c.required_revenue)],
        textposition="outside", connector={"line": {"color": "#adb5bd"}},
        increasing={"marker": {"color": "#c92a2a"}}, totals={"marker": {"color": "#3b5bdb"}},
        decreasing={"marker": {"color": "#2b8a3e"}}))
    wf.update_yaxes(title_text="USD bn per year")
    wf.update_layout(title="Revenue gap (headline method)")
    sens = a.chip_life.to_frame()
    col = sens.columns[0]
    sf = go.Figure(go.Scatter(x=list(sens.index), y=sens[col].to_numpy(), mode="lines+markers+text",
                              text=[_num(v) for v in sens[col]], textposition="top center"))
    sf.update_xaxes(title_text="economic life of AI chips (years)", dtick=1)
    sf.update_yaxes(title_text="revenue gap, USD bn/yr", rangemode="tozero")
    sf.update_layout(title="Depreciation sensitivity: gap vs chip life")
    fin = c.financing
    by = fin.by_source
    ff = go.Figure(go.Waterfall(
        x=["capex need", "operating cash flow", *by.keys()],
        measure=["absolute", "relative", *(["relative"] * len(by))],
        y=[fin.to_dict()["capex_need"], -fin.to_dict()["cash_flow_cover"], *(-v for v in by.values())],
        text=[_num(fin.to_dict()["capex_need"]), _num(-fin.to_dict()["cash_flow_cover"]),
              *(_num(-v) for v in by.values())],
        textposition="outside", decreasing={"marker": {"color": "#2b8a3e"}},
        increasing={"marker": {"color": "#3b5bdb"}}, connector={"line": {"color": "#adb5bd"}}))
    fd = fin.to_dict()
    ff.update_layout(title=f"Financing {fd['period'][0]}–{fd['period'][1]}: capex, cash flow and external "
                     f"sources (gap {_num(fin.gap)} = {fin.external_share:.0%})")
    ff.update_yaxes(title_text="USD bn")
    headline_badge = ' <span class="badge muted">headline</span>'
    methods = "".join(f"<tr><td>{esc(n)}{headline_badge if n == sc.headline else ''}</td><td class=\"num\">"
                      f"{_num(r.required_revenue)}</td><td class=\"num\">{_num(r.gap)}</td></tr>"
                      for n, r in c.revenue.items())
    inputs = sc.inputs_frame()
    irows = "".join(_input_row(r) for _, r in inputs.iterrows())
    body = (
        f"<p>Scenario <b>{esc(sc.name)}</b>: AI revenue {_num(c.actual_revenue)} USD bn a year against "
        f"{_num(c.required_revenue)} needed (method {esc(sc.headline)}): a gap of <b>{_num(c.revenue_gap)} USD bn a "
        "year</b>. Change any input with <code>bubblescope capex --set name=value</code>.</p>"
        '<div class="grid2">' + f"<div>{figure_html(wf, 'fig-econ-waterfall', 360)}</div>"
        f"<div>{figure_html(sf, 'fig-econ-chiplife', 360)}</div></div>"
        f"{figure_html(ff, 'fig-econ-financing', 380)}"
        '<div class="grid2"><div><h3>Revenue needed by method (USD bn/yr)</h3><table class="compact"><thead><tr>'
        f"<th>Method</th><th>Required</th><th>Gap</th></tr></thead><tbody>{methods}</tbody></table>"
        f'<p class="small">{esc(c.depreciation.summary())}</p><p class="small">{esc(c.chips.summary())}</p>'
        f'<p class="small">{esc(c.power.summary())}</p></div>'
        '<div><details><summary>Every input with its source</summary><table class="compact"><thead><tr>'
        f"<th>Input</th><th>Value</th><th>Unit</th><th>Source</th></tr></thead><tbody>{irows}</tbody></table>"
        "</details></div></div>"
    )
    data = {"assessment": c.to_dict(), "chip_life_sensitivity": a.chip_life.to_dict(),
            "inputs": to_jsonable(inputs)}
    return Section("economics", title, body, data)


# ------------------------------------------------------------------------------------------- stress


def stress_section(ctx: ReportContext) -> Section:
    a = ctx.analysis
    title = "Stress: who gets hurt"
    if a is None:
        return not_available("stress", title, _NEEDS_ANALYSIS)
    if not a.stress:
        return not_available("stress", title, f"an exposure network for {ctx.episode_id} (bubblescope stress "
                             "--network FILE takes your own)")
    # the graph shows the scenario with the most contagion (defaults first, then second-round losses)
    main = max(a.stress, key=lambda r: (r.totals.get("defaults", 0.0), r.totals.get("contagion_loss", 0.0)))
    summ = "".join(
        f"<tr><td>{esc(r.scenario_title)}</td><td class=\"num\">{_num(r.totals.get('total_loss'), 1)}</td>"
        f"<td class=\"num\">{_num(r.totals.get('direct_loss'), 1)}</td><td class=\"num\">"
        f"{_num(r.totals.get('contagion_loss'), 1)}</td><td class=\"num\">{int(r.totals.get('defaults', 0))}</td>"
        "</tr>" for r in a.stress)
    ranked = main.ranked()
    lrows = "".join(_loss_row(r) for _, r in ranked.iterrows()
                    if (_finite(r["loss"]) and r["loss"] > 0) or r["default"])
    wealth = ""
    with_macro = [r for r in a.stress if r.macro is not None]
    if with_macro:
        import plotly.graph_objects as go

        wf = go.Figure()
        for label, attr in (("low MPC", "consumption_drop_low"), ("central MPC", "consumption_drop"),
                            ("high MPC", "consumption_drop_high")):
            vals = [getattr(r.macro, attr) for r in with_macro]
            wf.add_bar(x=[r.scenario_id for r in with_macro], y=vals, name=label,
                       text=[_num(v) for v in vals], textposition="outside",
                       hovertext=[r.scenario_title for r in with_macro])
        wf.update_layout(barmode="group", title="Consumption drop from the stock-wealth effect")
        wf.update_yaxes(title_text="USD bn per year")
        lines = "".join(f"<h3>{esc(r.scenario_title)} <code>{esc(r.scenario_id)}</code></h3><p class=\"small\">"
                        + esc(r.macro.summary()).replace("\n", "<br>") + "</p>" for r in with_macro)
        wealth = (f'<h3>Wealth effect</h3><div class="grid"><div>{figure_html(wf, "fig-stress-wealth", 380)}'
                  f"</div><div>{lines}</div></div>")
    body = (
        f'<p class="small">Amounts in {esc(main.unit)}. Each edge of the network has a source and date '
        "(hover the graph's edge midpoints; full list in report.json).</p>"
        '<div class="grid"><div><h3>Scenarios on this network</h3><table class="compact"><thead><tr><th>Scenario</th>'
        "<th>Total loss</th><th>Direct</th><th>Contagion</th><th>Defaults</th></tr></thead>"
        f"<tbody>{summ}</tbody></table><h3>Losses: {esc(main.scenario_title)}</h3><table class=\"compact\"><thead>"
        "<tr><th>Node</th><th>Type</th><th>Loss</th><th>Direct</th><th>Loss/equity</th><th></th></tr></thead>"
        f"<tbody>{lrows}</tbody></table></div><div>{figure_html(main.plot(), 'fig-stress-network', 520)}</div></div>"
        + wealth
    )
    data = {"scenarios": [r.to_dict() for r in a.stress], "shown": main.scenario_title}
    return Section("stress", title, body, data)


# ------------------------------------------------------------------------------------------- validation


def validation_section(ctx: ReportContext) -> Section:
    a = ctx.analysis
    title = "Validation: do the signals work?"
    if a is None or a.backtest is None:
        return not_available("validation", title, "a backtest: run `bubblescope backtest --out DIR`, then "
                             "`bubblescope report --backtest DIR`")
    bt = a.backtest
    sc = bt.get("scorecard") or []
    cols = [k for k in (sc[0].keys() if sc else []) if k != "index"]
    head = "".join(f"<th>{esc(k.replace('_', ' '))}</th>" for k in cols)
    rows = "".join("<tr>" + "".join(f"<td>{esc(_cell(r.get(k)))}</td>" for k in cols) + "</tr>" for r in sc)
    sigs = "".join(f"<li><b>{esc(k)}</b>: {esc(v)}</li>" for k, v in (bt.get("signals") or {}).items())
    named = bt.get("named_case") or None
    named_html = ""
    if isinstance(named, dict) and named.get("matches"):
        m = named["matches"]
        found = sum(1 for r in m if r.get("found"))
        mrows = "".join(f"<tr><td>{esc(r.get('event', ''))}</td><td>{esc(r.get('years', ''))}</td>"
                        f"<td>{'yes' if r.get('found') else 'no'}</td><td>{esc(r.get('episodes') or '–')}</td></tr>"
                        for r in m)
        named_html = (f"<h3>Named case: {found} of {len(m)} published episodes stamped</h3>"
                      f'<p class="small">{esc(named.get("citation", ""))}</p><table class="compact"><thead><tr>'
                      "<th>Event</th><th>Years</th><th>Found</th><th>Episodes stamped</th></tr></thead>"
                      f"<tbody>{mrows}</tbody></table>")
    body = (f'<p class="small">From {esc(a.backtest_file)} (written by <code>bubblescope backtest</code>).</p>'
            f'<table class="compact"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
            + (f'<ul class="small">{sigs}</ul>' if sigs else "") + named_html)
    return Section("validation", title, body, {"file": a.backtest_file, "scorecard": sc,
                                                "signals": bt.get("signals"), "crash_rule": bt.get("crash_rule"),
                                                "named_case": named})


def _cell(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.2f}" if math.isfinite(v) else "–"
    return str(v)
