"""The LPPLS figures: one function per figure, styled by :mod:`bubblescope.style`.

:func:`fit_figure` draws one fit (price, fitted curve extended towards tc, the tc line);
:func:`indicators_figure` the FCO indicators (log price with the 10–90% critical-time band of each end
date and the median tc, then the positive / negative confidence and the trust). ``LPPLSFit.plot()``
and ``LPPLSIndicators.plot()`` call them; plotly is imported only when a figure is drawn.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bubblescope.detect._lppls_model import _tc_to_date
from bubblescope.style import BAND, BLUE, GREEN, GREY, PURPLE, RED, add_source, axis_titles, style

if TYPE_CHECKING:
    from bubblescope.detect._lppls_fit import LPPLSFit
    from bubblescope.detect._lppls_indicators import LPPLSIndicators

_SOURCE = "bubblescope LPPLS (Filimonov & Sornette 2013 form; FCO indicators after Sornette et al. 2015)"


def fit_figure(fit: LPPLSFit, *, title: str | None = None) -> Any:
    """Price on a log scale, the LPPLS fit extended to 98% of the way to tc, and a dashed line at tc
    (only for a qualified fit)."""
    import plotly.graph_objects as go

    df = fit.to_frame()
    fig = go.Figure()
    fig.add_scatter(x=df.index, y=np.exp(df["log_price"]), name="price", line={"color": GREY, "width": 1.2})
    t_ext = np.linspace(fit.t2, fit.t2 + 0.98 * (fit.tc - fit.t2), 30)
    d_ext = [_tc_to_date(x, fit.t2, fit.end, fit.time, fit.freq, fit.step_days) for x in t_ext]
    fig.add_scatter(x=list(df.index) + d_ext, y=np.exp(np.r_[df["fitted"].to_numpy(), fit.predict(t_ext)]),
                    name="LPPLS fit", line={"color": BLUE, "width": 1.8})
    if fit.crash_date is not None:
        fig.add_vline(x=fit.crash_date, line={"color": RED, "dash": "dash"})
        fig.add_annotation(x=fit.crash_date, y=1, yref="paper", text=f"tc {fit.crash_date.date()}",
                           showarrow=False, font={"color": RED})
    else:
        fig.add_annotation(x=0, y=1, xref="paper", yref="paper", xanchor="left", showarrow=False,
                           text="No tc line: the fit does not qualify (see its reasons).", font={"color": GREY})
    fig.update_yaxes(type="log")
    axis_titles(fig, y="price (log scale)")
    add_source(fig, _SOURCE)
    return style(fig, title=title or f"LPPLS fit {fit.start.date()} – {fit.end.date()} ({fit.bubble} bubble)")


def _band_xy(q: pd.DataFrame) -> tuple[list[Any], list[float | None]]:
    """One horizontal segment per end date, tc_q10 → tc_q90 at that date's log price (None separators)."""
    xs: list[Any] = []
    ys: list[float | None] = []
    for a, b, p in zip(q["tc_q10"], q["tc_q90"], q["price"], strict=True):
        y = math.log(p)
        xs += [a, b, None]
        ys += [y, y, None]
    return xs, ys


def indicators_figure(ind: LPPLSIndicators, *, price: pd.Series | None = None, title: str | None = None,
                      height: int = 520) -> Any:
    """Two panels: log price with the critical-time band and median tc, then the confidence indicators.

    ``price`` (optional) is a longer price series drawn for context; by default the price column of
    the indicators is used. Negative confidence is drawn below zero; trust, when computed, dotted.
    """
    from plotly.subplots import make_subplots

    f = ind.frame
    p = f["price"] if price is None else price[(price.index <= f.index[-1])]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.6, 0.4], vertical_spacing=0.06)
    fig.add_scatter(x=p.index, y=np.log(p.to_numpy(dtype=float)), name="log price",
                    line={"color": GREY, "width": 1.2}, row=1, col=1)
    q = f.dropna(subset=["tc_q10", "tc_q90"])
    if not q.empty:
        bx, by = _band_xy(q)
        fig.add_scatter(x=bx, y=by, mode="lines", name="tc 10–90% (qualified fits)",
                        line={"color": BAND, "width": 6}, hoverinfo="skip", row=1, col=1)
        fig.add_scatter(x=q["tc_median"], y=np.log(q["price"].to_numpy(dtype=float)), mode="markers",
                        name="median tc", marker={"symbol": "x", "size": 7, "color": RED}, row=1, col=1)
    fig.add_scatter(x=f.index, y=f["pos_conf"], name="positive confidence", line={"color": PURPLE}, row=2, col=1)
    fig.add_scatter(x=f.index, y=-f["neg_conf"], name="negative confidence (drawn below 0)",
                    line={"color": GREEN}, row=2, col=1)
    if f["pos_trust"].notna().any():
        fig.add_scatter(x=f.index, y=f["pos_trust"], name="positive trust", line={"color": PURPLE, "dash": "dot"},
                        row=2, col=1)
    if ind.null_q95 is not None:
        fig.add_hline(y=ind.null_q95, line={"color": RED, "dash": "dash", "width": 1}, row=2, col=1,
                      annotation_text="95% null quantile", annotation_font={"size": 10, "color": RED})
    fig.update_yaxes(range=[-1, 1], row=2, col=1)
    axis_titles(fig, y="log price", row=1, col=1)
    axis_titles(fig, y="share of windows", row=2, col=1)
    add_source(fig, _SOURCE)
    return style(fig, height=height, title=title or f"LPPLS indicators (filters {ind.filters.name}, "
                                                     f"{len(ind.windows)} windows)")


def multiscale_figure(ms: Any, *, title: str | None = None, height: int = 420) -> Any:
    """One line per FCO scale: positive confidence over the end dates (negative drawn below zero)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    colours = [BLUE, PURPLE, RED, GREY]
    for (name, _), colour in zip(ms.runs.items(), colours, strict=False):
        label = name.replace("_", "-")
        fig.add_scatter(x=ms.frame.index, y=ms.frame[f"{name}_pos_conf"], name=f"{label} (+)", line={"color": colour})
        fig.add_scatter(x=ms.frame.index, y=-ms.frame[f"{name}_neg_conf"], name=f"{label} (−)",
                        line={"color": colour, "dash": "dot"}, showlegend=False)
    fig.update_yaxes(range=[-1, 1])
    axis_titles(fig, y="share of windows")
    add_source(fig, _SOURCE)
    return style(fig, height=height, title=title or "LPPLS confidence by time scale")
