"""The result of a stress run: per-node losses, edges with their sources, systemic totals."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal
from bubblescope.stress.macro import WealthEffect

STRESS_RULE = ("bubble = 1 if any institution defaults, else the loss of the institutions hit as a share "
               "of their published equity, capped at 1 (households excluded)")


@dataclass(frozen=True)
class StressResult(Result):
    """Per-node losses and systemic totals of one scenario on one network (money in ``unit``).

    ``nodes`` columns: name, type, equity, direct_loss, loss, loss_to_equity (NaN when equity is not
    published), default, default_round (1 = the shock round, 0 = no default), implied_pd_1y (from the
    node's credit spread, 40% recovery, when the network gives one), source; ranked by loss.
    ``edges`` has one row per link with its amount, loss, as-of date and source citation.
    ``totals``: total_loss, defaults, and (DebtRank) the DebtRank R of the initial shock.
    ``macro`` is the household wealth effect of the households' loss, when the network has them.
    """

    network_id: str
    scenario_id: str
    scenario_title: str
    method: str
    unit: str
    nodes: pd.DataFrame
    edges: pd.DataFrame
    totals: dict[str, float]
    shocks: list[str]
    assumptions: list[str] = field(default_factory=list)
    macro: WealthEffect | None = None
    default_meaning: str = ""
    as_of: str | None = None  # the network's date

    def to_signals(self) -> list[Signal]:
        """One stress signal: the share of the hit institutions' equity lost (households excluded)."""
        n = self.nodes
        firms = n[(n["type"] != "households") & n["equity"].notna() & (n["equity"] > 0) & (n["loss"] > 0)]
        loss = float(firms["loss"].sum())
        share = loss / float(firms["equity"].sum()) if len(firms) else 0.0
        defaults = int(self.totals.get("defaults", 0))
        bubble = 1.0 if defaults else min(1.0, share)
        reading = (f"{self.scenario_title}: institutions with published equity lose {loss:,.1f} {self.unit} "
                   f"({share:.1%} of their equity); {defaults} default(s) ({self.method})")
        as_of = None if self.as_of is None else (self.as_of + "-01" if len(self.as_of) == 7 else self.as_of)
        return [Signal(family="stress", name=f"stress:{self.scenario_id}", label=f"Stress test: {self.scenario_title}",
                       reading=reading, value=share, unit="fraction", bubble=bubble,
                       rule=STRESS_RULE, as_of=as_of, source=f"exposure network {self.network_id}")]

    def ranked(self) -> pd.DataFrame:
        return self.nodes.sort_values(["loss", "direct_loss"], ascending=False, kind="mergesort", na_position="last")

    def summary(self) -> str:
        top = self.ranked()
        top = top[top["loss"] > 0].head(5)
        lines = [
            f"{self.scenario_title} on network {self.network_id} ({self.method}):",
            f"total loss {self.totals['total_loss']:,.1f} {self.unit}, {int(self.totals['defaults'])} default(s)",
        ]
        if "debtrank" in self.totals:
            lines.append(f"DebtRank of the shock: {self.totals['debtrank']:.4f}")
        for nid, r in top.iterrows():
            lte = "" if math.isnan(r["loss_to_equity"]) else f", {r['loss_to_equity']:.0%} of equity"
            lines.append(f"  {nid}: {r['loss']:,.1f}{lte}{' — DEFAULT' if r['default'] else ''}")
        if self.macro is not None:
            lines.append(self.macro.summary())
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        return self.ranked()

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "network": self.network_id,
                "scenario": self.scenario_id,
                "title": self.scenario_title,
                "method": self.method,
                "unit": self.unit,
                "shocks": self.shocks,
                "totals": self.totals,
                "nodes": self.ranked(),
                "edges": self.edges,
                "assumptions": self.assumptions,
                "default_meaning": self.default_meaning,
                "macro": self.macro.to_dict() if self.macro is not None else None,
            }
        )

    def plot(self) -> Any:
        """Plotly network graph: node size ∝ √loss, red = default; hover shows each edge's source."""
        import networkx as nx
        import plotly.graph_objects as go

        g = nx.DiGraph()
        g.add_nodes_from(self.nodes.index)
        for _, e in self.edges.iterrows():
            g.add_edge(e["obligor"], e["holder"])
        pos = nx.spring_layout(g, seed=7, k=1.2)  # fixed seed: the same picture every run
        ex: list[float | None] = []
        ey: list[float | None] = []
        for a, b in g.edges():
            ex += [pos[a][0], pos[b][0], None]
            ey += [pos[a][1], pos[b][1], None]
        mid_x, mid_y, mid_text = [], [], []
        for _, e in self.edges.iterrows():
            a, b = pos[e["obligor"]], pos[e["holder"]]
            mid_x.append((a[0] + b[0]) / 2)
            mid_y.append((a[1] + b[1]) / 2)
            amt = "n/d" if pd.isna(e["amount"]) else f"{e['amount']:,.1f}"
            mid_text.append(f"{e['id']} ({e['type']}): {e['obligor']} → {e['holder']} {amt} {self.unit}"
                            f"<br>loss {e['loss']:,.1f}<br>{e['source']} (as of {e['as_of']})")
        nodes = self.nodes
        loss = np.nan_to_num(nodes["loss"].to_numpy(dtype=float), nan=0.0)  # unknown own loss: smallest dot
        size = 12 + 50 * np.sqrt(loss / loss.max()) if loss.max() > 0 else np.full(len(loss), 12.0)
        colour = ["#c0392b" if d else "#2e86c1" for d in nodes["default"]]
        hover = [
            f"<b>{r['name']}</b> ({r['type']})<br>loss {r['loss']:,.1f} {self.unit}"
            + ("" if math.isnan(r["loss_to_equity"]) else f"<br>{r['loss_to_equity']:.0%} of equity")
            + ("<br>DEFAULT" if r["default"] else "")
            for _, r in nodes.iterrows()
        ]
        fig = go.Figure()
        fig.add_trace(go.Scatter(x=ex, y=ey, mode="lines", line={"width": 1, "color": "#999"}, hoverinfo="none",
                                 showlegend=False))
        fig.add_trace(go.Scatter(x=mid_x, y=mid_y, mode="markers", marker={"size": 5, "color": "#999"},
                                 hovertext=mid_text, hoverinfo="text", showlegend=False))
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in nodes.index], y=[pos[n][1] for n in nodes.index], mode="markers+text",
            text=list(nodes.index), textposition="top center", hovertext=hover, hoverinfo="text",
            marker={"size": size, "color": colour, "line": {"width": 1, "color": "#333"}}, showlegend=False,
        ))
        fig.update_layout(
            title=f"{self.scenario_title} — losses by node ({self.method}, {self.unit})",
            xaxis={"visible": False}, yaxis={"visible": False}, plot_bgcolor="white",
        )
        return fig
