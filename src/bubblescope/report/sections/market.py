"""Market diagnostics: per series, PSY (log price with explosive episodes shaded, BSADF against the
critical sequence, episode table) and LPPLS (critical-time band, positive-bubble confidence).

``_psy_figure`` and ``_lppls_figure`` are the report's drawings of a PSY and an LPPLS result (the
detect package's figure functions may replace them).
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from bubblescope.i18n import CATALOGUE, Lang, tr
from bubblescope.report.analysis import (
    LPPLS_SCALE_STEP,
    LPPLS_STEP,
    LPPLS_WINDOWS,
    LPPLS_YEARS,
    PSY_REPS,
    MarketDiagnostics,
)
from bubblescope.report.sections._analysis_zh import (
    figure_texts,
    known,
    mark_code,
    needs_analysis,
    source_html,
)
from bubblescope.report.sections._html import (
    Section,
    date,
    esc,
    figure_html,
    mode_badge,
    not_available,
    num,
    table,
)
from bubblescope.results import to_jsonable
from bubblescope.style import BAND, PURPLE, RED

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData

TITLE = "Market diagnostics"
_LPPLS_COLUMNS = ["price", "pos_conf", "neg_conf", "tc_median", "tc_q10", "tc_q90", "n_windows", "n_fitted", "n_pos"]


def _psy_figure(m: MarketDiagnostics, lang: Lang = "en") -> Any:
    """The PSY figure of the package (the result's own ``plot()``: ``detect.psy_plot.psy_figure``)."""
    fig = m.psy.plot()
    fig.update_layout(title=f"PSY date stamping ({m.psy_frequency}); explosive episodes shaded")
    return figure_texts(fig, lang)


def _lppls_figure(m: MarketDiagnostics, lang: Lang = "en") -> Any:
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
                             hovertemplate=tr("chart.lppls_hover_price", lang)), row=1, col=1)
    if not q.empty:
        # one horizontal bar per end date: the 10–90% range of the critical times of its qualified fits
        y = [math.log(v) for v in q["price"]]
        for t2, a, b, yy in zip(q.index, q["tc_q10"], q["tc_q90"], y, strict=True):
            fig.add_trace(go.Scatter(x=[a, b], y=[yy, yy], mode="lines", line={"color": BAND, "width": 6},
                                     showlegend=False, hovertemplate=tr("chart.lppls_hover_band", lang, fit=t2.date(),
                                                                        a=a.date(), b=b.date())), row=1, col=1)
        fig.add_trace(go.Scatter(x=q["tc_median"], y=y, mode="markers", name="median tc",
                                 marker={"symbol": "x", "size": 8, "color": RED}), row=1, col=1)
    fig.add_trace(go.Bar(x=f.index, y=f["pos_conf"], name="confidence", marker_color=PURPLE), row=2, col=1)
    if m.lppls.null_q95 is not None:
        fig.add_trace(go.Scatter(x=[f.index[0], f.index[-1]], y=[m.lppls.null_q95] * 2, mode="lines",
                                 name="95% null quantile", line={"color": RED, "dash": "dash", "width": 1.2}),
                      row=2, col=1)
    fig.update_yaxes(range=[0, 1], row=2, col=1)
    fig.update_xaxes(range=[lo, hi + pd.DateOffset(months=1)])
    fig.update_annotations(font_size=12)
    fig.update_layout(legend={"y": -0.08, "yanchor": "top"}, margin={"t": 30})
    return figure_texts(fig, lang)


_SCALES = ("super_short", "short", "medium", "long")


def _scales_figure(frame: pd.DataFrame, lang: Lang = "en") -> Any:
    """One panel per FCO time scale: positive-bubble confidence at each LPPLS end date."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    keys = [k for k in _SCALES if f"{k}_pos_conf" in frame]
    fig = make_subplots(rows=len(keys), cols=1, shared_xaxes=True, vertical_spacing=0.06,
                        subplot_titles=[tr(f"chart.scale.{k}", "en") for k in keys])
    for r, k in enumerate(keys, start=1):
        fig.add_trace(go.Bar(x=frame.index, y=frame[f"{k}_pos_conf"], name=tr(f"chart.scale.{k}", "en"),
                             marker_color=PURPLE, showlegend=False), row=r, col=1)
        fig.update_yaxes(range=[0, 1], row=r, col=1)
    fig.update_annotations(font_size=12)
    fig.update_layout(margin={"t": 30})
    return figure_texts(fig, lang)


def _scales_text(frame: pd.DataFrame, lang: Lang = "en") -> str:
    """The last reading on each scale, and what the panels are (and are not) calibrated against."""
    last = frame.iloc[-1]
    rows = "".join(f"<tr><td>{esc(tr(f'chart.scale.{k}', lang))}</td>"
                   f"<td>{num(last[f'{k}_pos_conf'] * 100, 0, '%', lang=lang)}</td>"
                   f"<td>{num(frame[f'{k}_pos_conf'].max() * 100, 0, '%', lang=lang)}</td></tr>"
                   for k in _SCALES if f"{k}_pos_conf" in frame)
    head = [tr(f"mkt.scales_th.{k}", lang) for k in ("scale", "last", "high")]
    return ('<p class="small">' + tr("mkt.scales_intro", lang, step=LPPLS_SCALE_STEP) + "</p>"
            + table(head, rows))


def _psy_text(m: MarketDiagnostics, lang: Lang = "en") -> tuple[str, str]:
    """The PSY statistics paragraph and the table of explosive episodes."""
    r = m.psy
    eps = r.episodes
    rows = "".join(f"<tr><td>{date(e.start)}</td><td>{date(e.peak)}</td><td>"
                   f"{tr('mkt.ongoing', lang) if e.ongoing else date(e.end)}</td><td>{e.duration}</td>"
                   f"<td>{e.peak_stat:.2f}</td></tr>" for e in eps.itertuples())
    rejects = r.gsadf_cv is not None and r.gsadf > r.gsadf_cv
    freq = m.psy_frequency
    freq = tr(f"mkt.freq.{freq}", lang) if f"mkt.freq.{freq}" in CATALOGUE else freq
    stats = "<p>" + tr("mkt.psy_rejects" if rejects else "mkt.psy_not_rejected", lang, gsadf=f"{r.gsadf:.2f}",
                       cv=num(r.gsadf_cv, 2, lang=lang), n=len(eps), obs=r.params["n_obs"], freq=esc(freq),
                       first=esc(r.params["first"]), last=esc(r.params["last"])) + "</p>"
    head = [tr(f"mkt.th.{k}", lang) for k in ("start", "peak", "end", "obs", "peak_bsadf")]
    tab = (table(head, rows) if len(eps) else f'<p class="small">{tr("mkt.no_episode", lang)}</p>')
    return stats, tab


def _lppls_text(m: MarketDiagnostics, lang: Lang = "en") -> str:
    f = m.lppls.frame
    last = f.iloc[-1]
    tc = (tr("mkt.lppls_tc", lang, date=date(last["tc_median"])) if pd.notna(last["tc_median"])
          else tr("mkt.lppls_no_fit", lang))
    text = "<p>" + tr("mkt.lppls_text", lang, date=date(f.index[-1]), conf=f"{last['pos_conf']:.0%}", tc=tc,
                      peak=f"{f['pos_conf'].max():.0%}", peak_date=date(f["pos_conf"].idxmax())) + "</p>"
    q95, n = m.lppls.null_q95, 0 if m.lppls.null_values is None else len(m.lppls.null_values)
    if q95 is None:
        return text + f'<p class="small">{tr("mkt.lppls_uncalibrated", lang)}</p>'
    above = int((f["pos_conf"] > q95).sum())
    return text + ('<p class="small">' + tr("mkt.lppls_null", lang, n=n, q95=f"{q95:.0%}",
                                            p=f"{float(last['p_value']):.3f}", above=above, total=len(f)) + "</p>")


def _series(i: int, m: MarketDiagnostics, lang: Lang = "en") -> tuple[str, dict[str, Any]]:
    """One series: HTML and JSON."""
    d: dict[str, Any] = {"symbol": m.info.symbol, "data": m.info.to_dict(), "notes": list(m.notes)}
    head = (f'<h3>{esc(m.info.symbol)} {mode_badge(m.info.mode, lang)}</h3>'
            f'<p class="small">{source_html(m.info.source, lang)} · {esc(m.info.first)} → {esc(m.info.as_of)}</p>')
    notes = "".join(f'<p class="na">{esc(known(n, lang, "mkt.note."))}</p>' for n in m.notes)
    if m.psy is None:
        return head + notes, d
    stats, tab = _psy_text(m, lang)
    lp = ""
    if m.lppls is not None:
        lp = _lppls_text(m, lang)
        cols = [*_LPPLS_COLUMNS, "p_value"] if "p_value" in m.lppls.frame else _LPPLS_COLUMNS
        d["lppls"] = {"filters": m.lppls.filters.name, "windows": list(m.lppls.windows),
                      "null": None if m.lppls.null is None else dataclasses.asdict(m.lppls.null),
                      "null_q95": m.lppls.null_q95, "indicators": to_jsonable(m.lppls.frame[cols])}
    d["psy"] = {k: v for k, v in m.psy.to_dict().items() if k != "sequence"} | {
        "frequency": m.psy_frequency, "sequence": to_jsonable(m.psy.to_frame())}
    lp_fig = (figure_html(_lppls_figure(m, lang), f"fig-lppls-{i}", 480) if m.lppls is not None else
              f'<p class="na">{tr("mkt.lppls_na", lang)}</p>')
    html = (head + '<div class="grid2"><div>' + stats + lp + notes + "</div><div>" + tab
            + '</div></div><div class="grid2"><div>' + figure_html(_psy_figure(m, lang), f"fig-psy-{i}", 480)
            + f"</div><div>{lp_fig}</div></div>")
    sc = getattr(m, "lppls_scales", None)
    if sc is not None and not sc.empty:
        d["lppls_scales"] = {"step_trading_days": LPPLS_SCALE_STEP, "confidence": to_jsonable(sc)}
        html += ('<div class="grid2"><div>' + _scales_text(sc, lang) + "</div><div>"
                 + figure_html(_scales_figure(sc, lang), f"fig-lppls-scales-{i}", 520) + "</div></div>")
    return html, d


def _intro(lang: Lang = "en") -> str:
    return ('<p class="small">' + tr("mkt.intro", lang, reps=PSY_REPS, windows=", ".join(map(str, LPPLS_WINDOWS)),
                                     step=LPPLS_STEP, years=LPPLS_YEARS) + "</p>")


def market_section(data: ReportData) -> Section:
    a = data.analysis
    lang = data.lang
    if a is None:
        return needs_analysis("market", TITLE, lang)
    if not a.market:
        want = ", ".join(data.episode.market_series) or "none listed"
        shown = ", ".join(data.episode.market_series) or tr("mkt.none_listed", lang)
        return mark_code(not_available("market", TITLE, f"price data for the episode's series ({want}): give "
                                       "--data-dir with CSVs, go online once to fill the cache, or install the "
                                       "packaged datasets", lang, tr("mkt.needs_prices", lang, want=shown)),
                         lang, "--data-dir")
    parts, series = zip(*(_series(i, m, lang) for i, m in enumerate(a.market)), strict=True)
    missing = "".join(f'<p class="na">{tr("mkt.missing_series", lang, symbol=esc(s))}</p>'
                      for s in a.missing_series)
    out = {"settings": a.settings, "series": list(series), "missing": list(a.missing_series)}
    return Section("market", TITLE, _intro(lang) + "".join(parts) + missing, out)

