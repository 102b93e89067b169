"""The one chart style of the package (palette, fonts, margins, legend, axis titles, source footers):
report, dashboard and CLI ``--plot`` alike.

A base-layer module (imports nothing from bubblescope), so analysis results' ``.plot()`` may use it too.
Figure functions build a plotly figure, then call :func:`style` once at the end; :func:`axis_titles`
and :func:`add_source` may come before or after it.
"""

from __future__ import annotations

from typing import Any

#: Palette used by every chart (colour-blind-safe order: blue, orange, green, red, purple, grey, teal, amber).
COLORWAY = ["#3b5bdb", "#e8590c", "#2b8a3e", "#c92a2a", "#7048e8", "#495057", "#0c8599", "#e67700"]
BLUE, ORANGE, GREEN, RED, PURPLE, GREY, TEAL, AMBER = COLORWAY
MUTED = "#adb5bd"  # connectors, context bars, neutral marks
TEXT = "#1d2433"
FONT = '-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif'
SHADE = "rgba(232, 89, 12, 0.18)"  # PSY episodes, highlighted periods
BAND = "rgba(201, 42, 42, 0.35)"  # LPPLS tc band
LIGHTS = {"green": GREEN, "amber": AMBER, "red": RED}

_SOURCE = "source"  # the name of the footer annotation (see add_source)
_BOTTOM, _SOURCE_ROOM = 40, 22  # bottom margin, and what a source footer adds to it (px)
_TITLE_AND_LEGEND = 84  # top margin for a title with a legend under it (px)


def style(fig: Any, height: int = 420, title: str | None = None) -> Any:
    """Apply the package's look to a plotly figure (in place) and return it."""
    has_title = bool(title or fig.layout.title.text)
    own_legend = fig.layout.legend.y is not None  # a figure that placed its legend keeps it
    top = fig.layout.margin.t if fig.layout.margin.t is not None else (56 if has_title else 28)
    if not own_legend and len(fig.data) > 1:
        top = max(top, _TITLE_AND_LEGEND if has_title else 64)  # room for a legend above the plot
    left = fig.layout.margin.l if fig.layout.margin.l is not None else 56  # long category labels keep theirs
    fig.update_layout(
        template="plotly_white", colorway=COLORWAY, height=height,
        font={"family": FONT, "size": 12, "color": TEXT},
        margin={"l": left, "r": 24, "t": max(top, 56) if has_title else top, "b": _bottom(fig)},
        legend={"orientation": "h", "x": 0, "font": {"size": 11}}
        | ({} if own_legend else {"yanchor": "bottom", "y": 1.02}),
        hoverlabel={"font": {"family": FONT}},
    )
    if has_title:  # the figure's own title is kept (update_layout(title=None) would delete it)
        fig.update_layout(title={"x": 0.0, "xanchor": "left", "y": 0.98, "yanchor": "top", "yref": "container",
                                 "font": {"size": 14}} | ({} if title is None else {"text": title}))
    _place_source(fig)
    return fig


def axis_titles(fig: Any, x: str | None = None, y: str | None = None, *, row: int | None = None,
                col: int | None = None) -> Any:
    """Set the x and/or y axis titles (of one subplot with ``row``/``col``) in the package's font; returns fig."""
    font = {"size": 12}
    if x is not None:
        fig.update_xaxes(title_text=x, title_font=font, row=row, col=col)
    if y is not None:
        fig.update_yaxes(title_text=y, title_font=font, row=row, col=col)
    return fig


def add_source(fig: Any, text: str) -> Any:
    """A one-line source footer under the plot, bottom left (replaces an earlier one); returns fig.

    Where every number comes from, in words a reader can cite ("Shiller ie_data; bubblescope 0.2").
    """
    kept = [a for a in fig.layout.annotations if a.name != _SOURCE]
    fig.layout.annotations = kept
    fig.add_annotation(name=_SOURCE, text=text, xref="paper", yref="paper", x=0, y=0, xanchor="left",
                       yanchor="top", showarrow=False, align="left", font={"size": 10, "color": GREY})
    fig.update_layout(margin={"b": _bottom(fig)})
    _place_source(fig)
    return fig


def _has_source(fig: Any) -> bool:
    return any(a.name == _SOURCE for a in fig.layout.annotations)


def _bottom(fig: Any) -> int:
    return _BOTTOM + (_SOURCE_ROOM if _has_source(fig) else 0)


def _place_source(fig: Any) -> None:
    """Put the footer at the bottom of the figure's bottom margin (below tick labels and axis titles)."""
    b = fig.layout.margin.b if fig.layout.margin.b is not None else _bottom(fig)
    fig.update_annotations(selector={"name": _SOURCE}, yshift=-(b - 16))
