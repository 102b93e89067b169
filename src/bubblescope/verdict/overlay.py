"""Peak-aligned overlay: today's leaders against the Nasdaq of 1995–2002.

Two alignments, because the question "how far along?" has two readings:

* **from the start of the run-up**: each series divided by its close on its episode's first trading day
  (the Nasdaq on 1995-01-03; today's leaders on the first day of the AI episode), against months since
  that day;
* **at the peak**: each series divided by its highest close so far, against months from that high
  (the Nasdaq's 2000-03-10 top; for today's leaders the high to date, which is only a peak if it holds).

Pure: price series in, an :class:`OverlayResult` out (``.plot()`` draws both panels).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class OverlayResult(Result):
    """Aligned series: ``from_start`` and ``at_peak`` (columns = series, index = months)."""

    from_start: pd.DataFrame
    at_peak: pd.DataFrame
    anchors: dict[str, dict[str, str]]  # series → {"start": date, "peak": date}
    reference: str

    def summary(self) -> str:
        lines = [f"Peak-aligned overlay against {self.reference}:"]
        for name, a in self.anchors.items():
            s = self.from_start[name].dropna()
            lines.append(f"  {name}: from {a['start']} ×{s.iloc[-1]:.1f} after {s.index[-1]:.0f} months; "
                         f"high {a['peak']}")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        return pd.concat({"from_start": self.from_start, "at_peak": self.at_peak}, axis=1)

    def to_dict(self) -> dict[str, Any]:
        return {"reference": self.reference, "anchors": self.anchors,
                "months_since_start": {c: to_jsonable(self.from_start[c].dropna().round(4)) for c in self.from_start},
                "months_from_peak": {c: to_jsonable(self.at_peak[c].dropna().round(4)) for c in self.at_peak}}

    def plot(self) -> Any:
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        from bubblescope.style import COLORWAY, axis_titles, style

        fig = make_subplots(rows=1, cols=2, subplot_titles=("From the start of the run-up (×)",
                                                            "Relative to the high (1 = the high)"))
        for i, name in enumerate(self.from_start.columns):
            dash = "solid" if name != self.reference else "dot"
            colour = "#495057" if name == self.reference else COLORWAY[i % len(COLORWAY)]
            s = self.from_start[name].dropna()
            fig.add_trace(go.Scatter(x=s.index, y=s.values, name=name, mode="lines",
                                     line={"color": colour, "dash": dash}, legendgroup=name), row=1, col=1)
            p = self.at_peak[name].dropna()
            fig.add_trace(go.Scatter(x=p.index, y=p.values, name=name, mode="lines", showlegend=False,
                                     line={"color": colour, "dash": dash}, legendgroup=name), row=1, col=2)
        fig.update_yaxes(type="log", row=1, col=1)
        axis_titles(fig, "months since the start", "price / price at the start", row=1, col=1)
        axis_titles(fig, "months from the high", "price / highest close", row=1, col=2)
        fig = style(fig, 460, "Today's leaders against the Nasdaq 1995–2002")
        # the legend above the two panel titles (style() keeps a legend the figure placed itself)
        fig.update_layout(legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 1.10, "yanchor": "bottom"},
                          margin={"t": 96})
        return fig


def _months(idx: pd.DatetimeIndex, t0: pd.Timestamp) -> pd.Index:
    return pd.Index(((idx - t0).days / DAYS_PER_MONTH).round(2))


def peak_overlay(series: Mapping[str, pd.Series], starts: Mapping[str, str], *, reference: str,
                 reference_end: str | None = None) -> OverlayResult:
    """Align every series in ``series`` at its start (``starts[name]``) and at its high.

    ``reference`` names the historical series (e.g. the Nasdaq), cut at ``reference_end`` (e.g.
    2002-12-31). Every series needs a start date and at least 20 closes after it.
    """
    if reference not in series:
        raise InputError(f"overlay: the reference series {reference!r} is missing")
    fs: dict[str, pd.Series] = {}
    pk: dict[str, pd.Series] = {}
    anchors: dict[str, dict[str, str]] = {}
    for name, s in series.items():
        if name not in starts:
            raise InputError(f"overlay: no start date for {name!r}")
        p = s.dropna()
        p = p[p > 0]
        if name == reference and reference_end is not None:
            p = p.loc[: pd.Timestamp(reference_end)]
        p = p.loc[pd.Timestamp(starts[name]):]
        if len(p) < 20:
            raise InputError(f"overlay: {name} has {len(p)} closes after {starts[name]} (needs 20)")
        t0, top = p.index[0], p.idxmax()
        fs[name] = pd.Series((p / p.iloc[0]).to_numpy(), _months(p.index, t0))
        pk[name] = pd.Series((p / p.max()).to_numpy(), _months(p.index, top))
        anchors[name] = {"start": t0.date().isoformat(), "peak": top.date().isoformat()}
    to_frame = lambda d: pd.concat(d, axis=1).sort_index()  # noqa: E731
    return OverlayResult(to_frame(fs), to_frame(pk), anchors, reference)
