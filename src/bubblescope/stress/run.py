"""Run a shock scenario through an exposure network: first-round losses, then contagion.

Both methods start from the same first-round (direct) losses of the scenario:

* holders of claims on a node with a payment shortfall lose the unpaid share × loss-given-default
  of each claim, holders of its equity lose ``equity_loss`` of their stake;
* an equity drawdown costs holders of stakes in the named nodes ``loss`` of the stake;
* an asset write-down costs the node ``loss`` × its asset value.

``method="debtrank"`` then propagates relative equity losses (Battiston et al. 2012): node i's loss
is h_i × equity_i. Nodes whose equity is not published cannot be distressed relative to their
capital: their loss is counted in money (exposures × the obligors' final h) and does not spread.

``method="eisenberg-noe"`` clears the debt-like obligations (contracts, loans/bonds, leases,
guarantees) at face value with each node's liquid (plus GPU) assets as external assets; the shocked
node pays its ``pays`` share. A node's loss is its unpaid claims × loss-given-default, plus its
direct losses, plus its equity stakes in nodes that default. Default = it cannot pay in full, or
its losses exceed its equity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable
from bubblescope.stress.contagion import debtrank, eisenberg_noe
from bubblescope.stress.macro import (
    DEFAULT_MPC,
    WealthEffect,
    default_probability_from_spread,
    wealth_effect,
)
from bubblescope.stress.network import DEBT_LIKE, Network
from bubblescope.stress.scenario import AssetWritedown, EquityDrawdown, PaymentShortfall, Scenario

Method = Literal["debtrank", "eisenberg-noe"]
METHODS: tuple[str, ...] = ("debtrank", "eisenberg-noe")


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


def _equity_vector(network: Network) -> np.ndarray:
    return np.array([np.nan if n.equity is None else n.equity for n in network.nodes], dtype=float)


def run_stress(
    network: Network,
    scenario: Scenario,
    method: Method | str = "debtrank",
    *,
    mpc: float = DEFAULT_MPC,
) -> StressResult:
    """Apply ``scenario`` to ``network`` and propagate with DebtRank or Eisenberg–Noe clearing.

    ``mpc`` is used for the household wealth effect (dollars of consumption per dollar of stock
    wealth lost). Raises :class:`InputError` for an unknown method or shocks naming unknown nodes.
    """
    if method not in METHODS:
        raise InputError(f"unknown method {method!r} (choose from: {', '.join(METHODS)})")
    scenario.check_against(network)
    ids = network.node_ids
    idx = {nid: k for k, nid in enumerate(ids)}
    n = len(ids)
    lgd = dict(scenario.loss_given_default)
    edges = network.active_edges(scenario.include_contingent)
    E = _equity_vector(network)
    known = ~np.isnan(E)
    assumptions: list[str] = []

    # ---- first-round (direct) losses, per node and per edge --------------------------------
    direct = np.zeros(n)
    edge_loss = {e.id: 0.0 for e in network.edges}
    pays = np.ones(n)
    origin = np.zeros(n, dtype=bool)
    equity_hit = np.zeros(n)  # share of a node's market equity lost (stake holders lose it)
    gpu_loss = np.zeros(n)
    for s in scenario.shocks:
        if isinstance(s, PaymentShortfall):
            k = idx[s.node]
            pays[k] = min(pays[k], s.pays_share)
            origin[k] = True
            equity_hit[k] = max(equity_hit[k], s.equity_loss)
        elif isinstance(s, EquityDrawdown):
            for name in s.nodes:
                equity_hit[idx[name]] = max(equity_hit[idx[name]], s.loss)
        elif isinstance(s, AssetWritedown):
            targets = s.nodes or [nd.id for nd in network.nodes if nd.gpu_assets]
            for name in targets:
                v = network.node(name).gpu_assets
                if not v:
                    raise InputError(f"scenario {scenario.id!r}: node {name!r} has no gpu_assets to write down")
                gpu_loss[idx[name]] += v * s.loss
    if not (origin.any() or equity_hit.any() or gpu_loss.any()):
        raise InputError(f"scenario {scenario.id!r} causes no loss on network {network.id!r}")
    direct += gpu_loss
    for e in edges:
        i, j = idx[e.obligor], idx[e.holder]
        assert e.amount is not None
        if e.type == "equity_stake":
            loss = e.amount * equity_hit[i]
        else:
            loss = e.amount * (1.0 - pays[i]) * lgd.get(e.type, 1.0)
        if loss:
            direct[j] += loss
            edge_loss[e.id] += loss

    L, A = network.matrices(scenario.include_contingent, loss_share=lgd)
    totals: dict[str, float] = {}
    loss = direct.copy()
    default = np.zeros(n, dtype=bool)
    rounds = np.zeros(n, dtype=int)

    if method == "debtrank":
        # Exposures to shocked nodes were settled above; DebtRank spreads what follows.
        A_dr = A.copy()
        A_dr[:, origin] = 0.0
        for i in np.flatnonzero(equity_hit > 0):  # equity stakes in drawn-down nodes: settled above
            for e in edges:
                if e.type == "equity_stake" and idx[e.obligor] == i:
                    A_dr[idx[e.holder], i] -= e.amount * lgd.get(e.type, 1.0)  # type: ignore[operator]
        A_dr = np.clip(A_dr, 0.0, None)
        # Without published (positive) equity a node cannot be distressed relative to its capital.
        rel = known & (np.nan_to_num(E) > 0)
        A_dr[~rel, :] = 0.0
        E_dr = np.where(rel, E, 1.0)
        with np.errstate(over="ignore"):  # a tiny equity makes the ratio huge; it is capped at 1
            h0 = np.where(rel, np.minimum(1.0, direct / E_dr), 0.0)
        if np.any(h0 > 0):
            dr = debtrank(A_dr, E_dr, h0, value=np.where(rel, E, 0.0))
            h = dr.h
            totals["debtrank"] = dr.debtrank
            rounds = dr.default_round.copy()
        else:
            h = h0
            totals["debtrank"] = 0.0
        loss = np.where(rel, h * E_dr, direct + _unknown_equity_loss(A, rel, h, origin))
        default = rel & (h >= 1 - 1e-12)
        assumptions.append("DebtRank assumes no recovery: a node that loses all its equity costs its "
                           "creditors their whole exposure")
        absorbers = [ids[k] for k in np.flatnonzero(~rel & (loss > direct + 1e-12) & ~origin)]
        if absorbers:
            assumptions.append("equity not published; contagion loss counted in money and not spread further: "
                               + ", ".join(absorbers))
        for e in edges:  # money lost on each edge from contagion (holder's exposure × obligor's h)
            i, j = idx[e.obligor], idx[e.holder]
            if not origin[i] and equity_hit[i] == 0 and h[i] > 0:
                edge_loss[e.id] += e.amount * lgd.get(e.type, 1.0) * h[i]  # type: ignore[operator]
        # Round 1 is the shock itself; when a node fails to pay (payment shortfall), the losses it
        # causes land in round 2, as in the Eisenberg–Noe numbering below.
        rounds = np.where(default, rounds + (1 if origin.any() else 0), 0)
    else:
        pbar = L.sum(axis=1)
        full_inflow = L.sum(axis=0)
        gpu = np.array([nd.gpu_assets or 0.0 for nd in network.nodes])
        # Nodes without published liquid assets are assumed just able to pay absent the shock:
        # external assets = obligations − receivables (≥ 0). Without this, every node with an
        # unpublished balance sheet would "default" in the baseline and the scenario would be noise.
        liquid = np.array([
            nd.liquid_assets if nd.liquid_assets is not None else max(0.0, pbar[k] - full_inflow[k])
            for k, nd in enumerate(network.nodes)
        ])
        assumed = [nd.id for k, nd in enumerate(network.nodes)
                   if pbar[k] > 0 and nd.liquid_assets is None and not origin[k]]
        if assumed:
            assumptions.append("liquid assets not published; assumed just enough to pay absent the shock: "
                               + ", ".join(assumed))
        e_ext = np.maximum(liquid + gpu - gpu_loss, 0.0)
        # The shocked node's payments are fixed by the scenario (its stated share, not cut by default
        # costs; its own receivables are set aside): they leave the clearing system and reach its
        # creditors as external assets; everyone else is cleared.
        L_rest = np.where(origin[:, None], 0.0, L)
        e_ext = e_ext + (pays[:, None] * L * origin[:, None]).sum(axis=0)
        if origin.any():
            assumptions.append("the shocked node pays exactly its stated share; its receivables are set aside")
        cl = eisenberg_noe(L_rest, e_ext, alpha=scenario.alpha, beta=scenario.beta)
        pbar_rest = L_rest.sum(axis=1)
        paid_share = np.divide(cl.payments, pbar_rest, out=np.ones(n), where=pbar_rest > 0)
        paid_share = np.where(origin, pays, paid_share)
        shift = 1 if origin.any() else 0  # round 1 is the shocked node's own failure
        failed = cl.default | (origin & (pays < 1))
        fail_round = np.where(origin, 1, np.where(cl.default, cl.default_round + shift, 0))
        loss = gpu_loss.copy()
        # a defaulting node's shareholders lose everything; the shocked node's lose what the scenario says
        stake_fail = np.where(failed & ~origin, 1.0, equity_hit)
        for e in network.edges:
            edge_loss[e.id] = 0.0
        for e in edges:
            i, j = idx[e.obligor], idx[e.holder]
            if e.type in DEBT_LIKE:
                el = e.amount * (1.0 - paid_share[i]) * lgd.get(e.type, 1.0)  # type: ignore[operator]
            else:
                el = e.amount * stake_fail[i]  # type: ignore[operator]
            edge_loss[e.id] = el
            loss[j] += el
        wiped = known & (loss >= np.where(known, E, np.inf) - 1e-12) & (E > 0)
        default = failed | wiped
        rounds = fail_round.copy()
        for j in np.flatnonzero(wiped & ~failed):
            debtors = [idx[e.obligor] for e in edges if idx[e.holder] == j and failed[idx[e.obligor]]]
            rounds[j] = 1 + max((int(fail_round[d]) for d in debtors), default=0)
        totals["clearing_rounds"] = float(cl.rounds)
        totals["unpaid_obligations"] = float(cl.shortfall.sum() + ((1 - pays) * pbar)[origin].sum())
        capped = known & (np.nan_to_num(E) > 0)  # limited liability: the equity loss stops at the equity
        loss = np.where(capped, np.minimum(loss, _equity_or_zero(E)), loss)

    # The shocked node's own loss: its equity × equity_loss when published, otherwise unknown (NaN);
    # its shareholders' and creditors' losses are counted at them.
    own = np.array([max((s.equity_loss for s in scenario.shocks
                         if isinstance(s, PaymentShortfall) and s.node == nid), default=0.0) for nid in ids])
    loss = np.where(origin, np.where(known, own * _equity_or_zero(E), np.nan), loss)
    has_equity = known & (np.nan_to_num(E) > 0)
    direct = np.where(has_equity, np.minimum(direct, _equity_or_zero(E)), direct)
    lte = np.where(known & (E > 0), loss / np.where(E > 0, E, 1.0), np.nan)
    frame = pd.DataFrame(
        {
            "name": [nd.name for nd in network.nodes],
            "type": [nd.type for nd in network.nodes],
            "equity": E,
            "direct_loss": direct,
            "loss": loss,
            "loss_to_equity": lte,
            "default": default | origin,
            "default_round": np.where(origin, 1, rounds).astype(int),
            "implied_pd_1y": [
                np.nan if nd.credit_spread_bp is None else default_probability_from_spread(nd.credit_spread_bp)
                for nd in network.nodes
            ],
            "source": [nd.source.cite() for nd in network.nodes],
        },
        index=pd.Index(ids, name="node"),
    )
    edge_rows = [
        {
            "id": e.id, "type": e.type, "obligor": e.obligor, "holder": e.holder, "amount": e.amount,
            "contingent": e.contingent, "in_scenario": e in edges, "loss": edge_loss[e.id], "as_of": e.as_of,
            "source": e.source.cite(), "url": e.source.url, "evidence": ", ".join(e.evidence),
        }
        for e in network.edges
    ]
    edges_df = pd.DataFrame(edge_rows)
    totals["total_loss"] = float(np.nansum(loss[~origin]))
    totals["direct_loss"] = float(np.nansum(direct[~origin]))
    totals["contagion_loss"] = totals["total_loss"] - totals["direct_loss"]
    totals["defaults"] = float((default & ~origin).sum())
    macro = None
    hh = [k for k, nd in enumerate(network.nodes) if nd.type == "households"]
    hh_loss = float(sum(loss[k] for k in hh))
    if hh and hh_loss > 0:
        hh_stakes = sum(e.amount for e in edges if idx[e.holder] in hh and e.type == "equity_stake")  # type: ignore[misc]
        if hh_stakes > 0:
            hh_wealth = float(sum(E[k] for k in hh if known[k])) or None
            macro = wealth_effect(hh_stakes, min(1.0, hh_loss / hh_stakes), mpc=mpc, household_wealth=hh_wealth,
                                  gdp=network.gdp)
            totals["household_consumption_drop"] = macro.consumption_drop
    return StressResult(
        network_id=network.id, scenario_id=scenario.id, scenario_title=scenario.title, method=method,
        unit=network.unit, nodes=frame, edges=edges_df, totals=totals,
        shocks=[s.describe() for s in scenario.shocks], assumptions=assumptions, macro=macro,
    )


def _unknown_equity_loss(A: np.ndarray, known: np.ndarray, h: np.ndarray, origin: np.ndarray) -> np.ndarray:
    """Money lost by nodes without published equity on exposures to distressed nodes (A · h)."""
    hh = np.where(origin, 0.0, h)
    return np.where(known, 0.0, A @ hh)


def _equity_or_zero(E: np.ndarray) -> np.ndarray:
    """Equity with unknowns as 0 (for arithmetic masked by ``known`` afterwards)."""
    return np.nan_to_num(E, nan=0.0)
