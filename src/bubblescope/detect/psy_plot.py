"""The PSY figure: the (log) series over the BSADF sequence and its critical sequence, episodes shaded.

One function, :func:`psy_figure`, used by :meth:`bubblescope.detect.psy.PSYResult.plot`; styled by
:mod:`bubblescope.style` like every chart of the package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bubblescope import style as S

if TYPE_CHECKING:
    from bubblescope.detect.psy import PSYResult


def psy_figure(res: PSYResult, height: int = 650) -> Any:
    """Plotly figure of ``res``: series (row 1), the stamped statistic (BSADF, or BADF for PWY stamping) vs
    its critical sequence (row 2), shaded episodes."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    log = bool(res.spec.log)
    stat = res.stamped
    name = stat.name.upper() if isinstance(stat.name, str) else "BSADF"
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=("log level" if log else "level", f"{name} vs critical sequence"))
    fig.add_trace(go.Scatter(x=res.series.index, y=res.series.to_numpy(), name="series",
                             line={"color": S.GREY}), row=1, col=1)
    fig.add_trace(go.Scatter(x=stat.index, y=stat.to_numpy(), name=name,
                             line={"color": S.BLUE}), row=2, col=1)
    fig.add_trace(go.Scatter(x=res.cv.index, y=res.cv.to_numpy(), name=f"{res.cv.name} (size {res.spec.size:g})",
                             line={"color": S.RED, "dash": "dash"}), row=2, col=1)
    last = res.bsadf.index[-1]
    for r in res.episodes.itertuples():
        fig.add_vrect(x0=r.start, x1=last if r.ongoing else r.end, fillcolor=S.SHADE, line_width=0)
    S.axis_titles(fig, y="log value" if log else "value", row=1, col=1)
    S.axis_titles(fig, y="statistic", row=2, col=1)
    return S.style(fig, height=height, title="PSY date stamping")
