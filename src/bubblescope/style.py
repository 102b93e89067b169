"""The one chart style of the package (palette, fonts, margins, legend): report, dashboard and CLI `--plot` alike.

A base-layer module (imports nothing from bubblescope), so analysis results' `.plot()` may use it too.
"""

from __future__ import annotations

from typing import Any

#: Palette used by every report chart (colour-blind-safe order: blue, orange, green, red, purple, grey).
COLORWAY = ["#3b5bdb", "#e8590c", "#2b8a3e", "#c92a2a", "#7048e8", "#495057", "#0c8599", "#e67700"]
FONT = '-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif'
SHADE = "rgba(232, 89, 12, 0.18)"  # PSY episodes
BAND = "rgba(201, 42, 42, 0.35)"  # LPPLS tc band
LIGHTS = {"green": "#2b8a3e", "amber": "#e67700", "red": "#c92a2a"}


def style(fig: Any, height: int = 420, title: str | None = None) -> Any:
    """Apply the report's look to a plotly figure (in place) and return it."""
    has_title = bool(title or fig.layout.title.text)
    own_legend = fig.layout.legend.y is not None  # a figure that placed its legend keeps it
    top = fig.layout.margin.t if fig.layout.margin.t is not None else (56 if has_title else 28)
    if not own_legend and len(fig.data) > 1:
        top = max(top, 64)  # room for a legend above the plot
    fig.update_layout(
        template="plotly_white", colorway=COLORWAY, height=height,
        font={"family": FONT, "size": 12, "color": "#1d2433"},
        title={"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 14}} if title is not None else None,
        margin={"l": 56, "r": 24, "t": max(top, 56) if has_title else top, "b": 40},
        legend={"orientation": "h", "x": 0, "font": {"size": 11}}
        | ({} if own_legend else {"yanchor": "bottom", "y": 1.02}),
        hoverlabel={"font": {"family": FONT}},
    )
    if title is None and fig.layout.title.text:
        fig.update_layout(title={"x": 0.0, "xanchor": "left", "font": {"size": 14}})
    return fig
