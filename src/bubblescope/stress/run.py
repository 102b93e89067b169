"""Run a shock scenario through an exposure network: first-round losses, then contagion.

Both methods start from the same first-round (direct) losses of the scenario:

* holders of claims on a node with a payment shortfall lose the unpaid share × loss-given-default
  of each claim, holders of its equity lose ``equity_loss`` of their stake;
* an equity drawdown costs holders of stakes in the named nodes ``loss`` of the stake;
* an asset write-down costs the node ``loss`` × its asset value.

``method="debtrank"`` then propagates relative equity losses (Battiston et al. 2012): node i's loss
is h_i × equity_i. Nodes whose equity is not published cannot be distressed relative to their
capital: their loss is counted in money (exposures × the obligors' final h) and does not spread.

What each edge type costs is in :mod:`bubblescope.stress.semantics` (funded claims: unpaid share ×
loss given default; contracted revenue: the lost profit, discounted; contingent commitments lapse
unless the scenario honours them; guarantees charge the guarantor).

``method="eisenberg-noe"`` clears the funded claims at face value; a node's external assets are its
liquid and GPU assets or, when its equity is published and that is larger, its obligations less its
receivables plus its equity, less its first-round losses; the shocked node pays its ``pays`` share.
A node's loss is its unpaid claims × loss-given-default, plus its direct losses, plus its equity
stakes in nodes that default. Default (:data:`~bubblescope.stress.semantics.DEFAULT_MEANING`) = it
cannot pay its funded claims in full, or its losses reach its equity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from bubblescope.errors import InputError
from bubblescope.stress._frames import edge_frame as _edge_frame
from bubblescope.stress._frames import node_frame as _node_frame
from bubblescope.stress.contagion import debtrank, eisenberg_noe
from bubblescope.stress.macro import DEFAULT_MPC, WealthEffect, wealth_effect
from bubblescope.stress.network import Edge, Network
from bubblescope.stress.result import StressResult
from bubblescope.stress.scenario import AssetWritedown, EquityDrawdown, PaymentShortfall, Scenario
from bubblescope.stress.semantics import DEFAULT_MEANING, edge_weight

#: Edge types whose holders lose the obligor's fall in equity value (a contingent commitment only
#: when the scenario honours it, i.e. treats it as paid in).
STAKE_LIKE: frozenset[str] = frozenset({"equity_stake", "contingent_commitment"})

__all__ = ["METHODS", "Method", "StressResult", "run_stress"]

Method = Literal["debtrank", "eisenberg-noe"]
METHODS: tuple[str, ...] = ("debtrank", "eisenberg-noe")


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
    Steps: build (node order, active edges) → shock (first-round losses) → propagate → summarise.
    """
    if method not in METHODS:
        raise InputError(f"unknown method {method!r} (choose from: {', '.join(METHODS)})")
    scenario.check_against(network)
    setup = _build(network, scenario)
    first = _shock(network, scenario, setup)
    L, A = network.matrices(scenario.include_contingent, weight=setup.lgd_of)
    if method == "debtrank":
        spread = _propagate_debtrank(setup, first, A)
    else:
        spread = _propagate_clearing(network, scenario, setup, first, L)
    return _summarise(network, scenario, method, setup, first, spread, mpc)


# ---------------------------------------------------------------------------------------------- build


@dataclass(frozen=True)
class _Setup:
    """What every step shares: the node order, the scenario's edges and loss given default, equity."""

    ids: list[str]
    idx: dict[str, int]
    edges: list[Edge]  # the edges active in the scenario (amount known)
    lgd: dict[str, float]
    equity: np.ndarray  # NaN where not published
    known: np.ndarray  # equity published
    contract: tuple[float, float, float] = (0.3, 5.0, 0.1)  # default margin, years, discount rate

    def lgd_of(self, e: Edge) -> float:
        """Money lost per unit of the amount not honoured (docs/stress.md, "What an edge is")."""
        return edge_weight(e, self.lgd, *self.contract)


def _build(network: Network, scenario: Scenario) -> _Setup:
    ids = network.node_ids
    equity = np.array([np.nan if n.equity is None else n.equity for n in network.nodes], dtype=float)
    lgd: dict[str, float] = {str(k): v for k, v in scenario.loss_given_default.items()}
    return _Setup(ids, {nid: k for k, nid in enumerate(ids)}, network.active_edges(scenario.include_contingent),
                  lgd, equity, ~np.isnan(equity),
                  (scenario.contract_margin, scenario.contract_years, scenario.discount_rate))


def _amount(e: Edge) -> float:
    assert e.amount is not None  # active edges have a known amount
    return e.amount


# ---------------------------------------------------------------------------------------------- shock


@dataclass(frozen=True)
class _FirstRound:
    """First-round (direct) losses per node and per edge, and the shock itself per node."""

    direct: np.ndarray
    edge_loss: dict[str, float]
    pays: np.ndarray  # share of its obligations a node pays (1 unless shocked)
    origin: np.ndarray  # nodes with a payment shortfall
    equity_hit: np.ndarray  # share of a node's market equity lost (stake holders lose it)
    gpu_loss: np.ndarray
    other_direct: np.ndarray  # first-round losses not on funded claims (lost profit, stakes, guarantees)


def _shock(network: Network, scenario: Scenario, setup: _Setup) -> _FirstRound:
    pays, origin, equity_hit, gpu_loss = _shock_vectors(network, scenario, setup.idx)
    if not (origin.any() or equity_hit.any() or gpu_loss.any()):
        raise InputError(f"scenario {scenario.id!r} causes no loss on network {network.id!r}")
    direct = gpu_loss.copy()
    other = np.zeros(len(direct))
    edge_loss = {e.id: 0.0 for e in network.edges}
    for e in setup.edges:
        i, j = setup.idx[e.obligor], setup.idx[e.holder]
        if e.type == "guarantee":  # the guarantor (obligor) pays what the covered node does not
            assert e.covers is not None
            j, loss = i, _amount(e) * (1.0 - pays[setup.idx[e.covers]])
        elif e.type in STAKE_LIKE:
            loss = _amount(e) * equity_hit[i]
        else:
            loss = _amount(e) * (1.0 - pays[i]) * setup.lgd_of(e)
        if loss:
            direct[j] += loss
            edge_loss[e.id] += loss
            if e.type != "funded_claim":
                other[j] += loss
    return _FirstRound(direct, edge_loss, pays, origin, equity_hit, gpu_loss, other)


def _shock_vectors(
    network: Network, scenario: Scenario, idx: dict[str, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(pays, origin, equity_hit, gpu_loss) per node from the scenario's shocks."""
    n = len(idx)
    pays, origin, equity_hit, gpu_loss = np.ones(n), np.zeros(n, dtype=bool), np.zeros(n), np.zeros(n)
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
    return pays, origin, equity_hit, gpu_loss


# ---------------------------------------------------------------------------------------------- propagate


@dataclass(frozen=True)
class _Spread:
    """Losses after propagation (before the shocked node's own loss and the equity cap of direct losses)."""

    loss: np.ndarray
    default: np.ndarray
    rounds: np.ndarray
    edge_loss: dict[str, float]
    totals: dict[str, float]
    assumptions: list[str]


def _propagate_debtrank(setup: _Setup, first: _FirstRound, A: np.ndarray) -> _Spread:
    E, origin = setup.equity, first.origin
    A_dr, rel = _debtrank_exposures(setup, first, A)
    E_dr = np.where(rel, E, 1.0)
    with np.errstate(over="ignore"):  # a tiny equity makes the ratio huge; it is capped at 1
        h0 = np.where(rel, np.minimum(1.0, first.direct / E_dr), 0.0)
    totals: dict[str, float] = {}
    if np.any(h0 > 0):
        dr = debtrank(A_dr, E_dr, h0, value=np.where(rel, E, 0.0))
        h, totals["debtrank"], rounds = dr.h, dr.debtrank, dr.default_round.copy()
    else:
        h, totals["debtrank"], rounds = h0, 0.0, np.zeros(len(E), dtype=int)
    loss = np.where(rel, h * E_dr, first.direct + _unknown_equity_loss(A, rel, h, origin))
    default = rel & (h >= 1 - 1e-12)
    assumptions = ["DebtRank assumes no recovery: a node that loses all its equity costs its "
                   "creditors their whole exposure"]
    absorbers = [setup.ids[k] for k in np.flatnonzero(~rel & (loss > first.direct + 1e-12) & ~origin)]
    if absorbers:
        assumptions.append("equity not published; contagion loss counted in money and not spread further: "
                           + ", ".join(absorbers))
    edge_loss = dict(first.edge_loss)
    for e in setup.edges:  # money lost on each edge from contagion (holder's exposure × obligor's h)
        i = setup.idx[e.obligor]
        if not origin[i] and first.equity_hit[i] == 0 and h[i] > 0:
            edge_loss[e.id] += _amount(e) * setup.lgd_of(e) * h[i]
    # Round 1 is the shock itself; when a node fails to pay (payment shortfall), the losses it
    # causes land in round 2, as in the Eisenberg–Noe numbering.
    rounds = np.where(default, rounds + (1 if origin.any() else 0), 0)
    return _Spread(loss, default, rounds, edge_loss, totals, assumptions)


def _debtrank_exposures(setup: _Setup, first: _FirstRound, A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The exposure matrix DebtRank spreads (without what the first round settled) and the nodes
    that can be distressed relative to their (published, positive) equity."""
    A_dr = A.copy()
    A_dr[:, first.origin] = 0.0  # exposures to shocked nodes were settled in the first round
    for i in np.flatnonzero(first.equity_hit > 0):  # equity stakes in drawn-down nodes: settled too
        for e in setup.edges:
            if e.type in STAKE_LIKE and setup.idx[e.obligor] == i:
                A_dr[setup.idx[e.holder], i] -= _amount(e) * setup.lgd_of(e)
    A_dr = np.clip(A_dr, 0.0, None)
    rel = setup.known & (np.nan_to_num(setup.equity) > 0)
    A_dr[~rel, :] = 0.0
    return A_dr, rel


def _propagate_clearing(network: Network, scenario: Scenario, setup: _Setup, first: _FirstRound,
                        L: np.ndarray) -> _Spread:
    origin, pays, known, E = first.origin, first.pays, setup.known, setup.equity
    e_ext, assumptions = _external_assets(network, first, L)
    # The shocked node's payments are fixed by the scenario (its stated share, not cut by default
    # costs; its own receivables are set aside): they leave the clearing system and reach its
    # creditors as external assets; everyone else is cleared.
    L_rest = np.where(origin[:, None], 0.0, L)
    e_ext = e_ext + (pays[:, None] * L * origin[:, None]).sum(axis=0)
    if origin.any():
        assumptions.append("the shocked node pays exactly its stated share; its receivables are set aside")
    cl = eisenberg_noe(L_rest, e_ext, alpha=scenario.alpha, beta=scenario.beta)
    pbar_rest = L_rest.sum(axis=1)
    paid_share = np.divide(cl.payments, pbar_rest, out=np.ones(len(E)), where=pbar_rest > 0)
    paid_share = np.where(origin, pays, paid_share)
    shift = 1 if origin.any() else 0  # round 1 is the shocked node's own failure
    failed = cl.default | (origin & (pays < 1))
    fail_round = np.where(origin, 1, np.where(cl.default, cl.default_round + shift, 0))
    # a defaulting node's shareholders lose everything; the shocked node's lose what the scenario says
    stake_fail = np.where(failed & ~origin, 1.0, first.equity_hit)
    loss = first.gpu_loss.copy()
    edge_loss = {e.id: 0.0 for e in network.edges}
    for e in setup.edges:
        i, j = setup.idx[e.obligor], setup.idx[e.holder]
        if e.type == "guarantee":
            edge_loss[e.id] = first.edge_loss.get(e.id, 0.0)
            j = i  # charged to the guarantor
        elif e.type in STAKE_LIKE:
            edge_loss[e.id] = _amount(e) * stake_fail[i]
        else:  # funded claims cleared; contracted revenue: lost profit on the unpaid share
            edge_loss[e.id] = _amount(e) * (1.0 - paid_share[i]) * setup.lgd_of(e)
        loss[j] += edge_loss[e.id]
    wiped = known & (loss >= np.where(known, E, np.inf) - 1e-12) & (E > 0)
    totals = {"clearing_rounds": float(cl.rounds),
              "unpaid_obligations": float(cl.shortfall.sum() + ((1 - pays) * L.sum(axis=1))[origin].sum())}
    capped = known & (np.nan_to_num(E) > 0)  # limited liability: the equity loss stops at the equity
    loss = np.where(capped, np.minimum(loss, _equity_or_zero(E)), loss)
    return _Spread(loss, failed | wiped, _wipe_rounds(setup, failed, wiped, fail_round), edge_loss, totals,
                   assumptions)


def _external_assets(network: Network, first: _FirstRound, L: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Each node's liquid plus (written-down) GPU assets, and the assumption made where unpublished."""
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
    # A node with published equity holds assets = its liabilities + its equity (balance-sheet identity):
    # its funded claims are not all due at once, so it can pay them unless its losses exceed its equity.
    equity = np.array([nd.equity if nd.equity is not None else np.nan for nd in network.nodes])
    solvent = np.where(np.isnan(equity), 0.0, np.maximum(0.0, pbar + np.nan_to_num(equity) - full_inflow))
    assumed = [nd.id for k, nd in enumerate(network.nodes)
               if pbar[k] > 0 and nd.liquid_assets is None and not first.origin[k]]
    assumptions = ["external assets: liquid and GPU assets, or (if larger, for nodes with published equity) "
                   "obligations less receivables plus equity; less the first-round losses (lost profit, "
                   "stakes, GPU write-downs)"]
    if assumed:
        assumptions.append("liquid assets not published; assumed just enough to pay absent the shock: "
                           + ", ".join(assumed))
    ext = np.maximum(liquid + gpu, solvent) - first.gpu_loss - first.other_direct
    return np.maximum(ext, 0.0), assumptions


def _wipe_rounds(setup: _Setup, failed: np.ndarray, wiped: np.ndarray, fail_round: np.ndarray) -> np.ndarray:
    """Default rounds: a node wiped out by its losses defaults the round after its last failed debtor."""
    rounds = fail_round.copy()
    for j in np.flatnonzero(wiped & ~failed):
        debtors = [setup.idx[e.obligor] for e in setup.edges
                   if setup.idx[e.holder] == j and failed[setup.idx[e.obligor]]]
        rounds[j] = 1 + max((int(fail_round[d]) for d in debtors), default=0)
    return rounds


def _unknown_equity_loss(A: np.ndarray, known: np.ndarray, h: np.ndarray, origin: np.ndarray) -> np.ndarray:
    """Money lost by nodes without published equity on exposures to distressed nodes (A · h)."""
    hh = np.where(origin, 0.0, h)
    return np.where(known, 0.0, A @ hh)


def _equity_or_zero(E: np.ndarray) -> np.ndarray:
    """Equity with unknowns as 0 (for arithmetic masked by ``known`` afterwards)."""
    return np.nan_to_num(E, nan=0.0)


# ---------------------------------------------------------------------------------------------- summarise


def _summarise(network: Network, scenario: Scenario, method: str, setup: _Setup, first: _FirstRound,
               spread: _Spread, mpc: float) -> StressResult:
    E, known, origin = setup.equity, setup.known, first.origin
    # The shocked node's own loss: its equity × equity_loss when published, otherwise unknown (NaN);
    # its shareholders' and creditors' losses are counted at them.
    own = np.array([max((s.equity_loss for s in scenario.shocks
                         if isinstance(s, PaymentShortfall) and s.node == nid), default=0.0) for nid in setup.ids])
    loss = np.where(origin, np.where(known, own * _equity_or_zero(E), np.nan), spread.loss)
    has_equity = known & (np.nan_to_num(E) > 0)
    direct = np.where(has_equity, np.minimum(first.direct, _equity_or_zero(E)), first.direct)
    totals = dict(spread.totals)
    totals["total_loss"] = float(np.nansum(loss[~origin]))
    totals["direct_loss"] = float(np.nansum(direct[~origin]))
    totals["contagion_loss"] = totals["total_loss"] - totals["direct_loss"]
    totals["defaults"] = float((spread.default & ~origin).sum())
    macro = _household_effect(network, setup, loss, mpc)
    if macro is not None:
        totals["household_consumption_drop"] = macro.consumption_drop
    return StressResult(
        network_id=network.id, scenario_id=scenario.id, scenario_title=scenario.title, method=method,
        unit=network.unit,
        nodes=_node_frame(network, setup, direct, loss, spread.default | origin,
                          np.where(origin, 1, spread.rounds).astype(int)),
        edges=_edge_frame(network, setup, spread.edge_loss), totals=totals,
        shocks=[s.describe() for s in scenario.shocks], assumptions=spread.assumptions, macro=macro,
        default_meaning=DEFAULT_MEANING, as_of=str(network.as_of),
    )


def _household_effect(network: Network, setup: _Setup, loss: np.ndarray, mpc: float) -> WealthEffect | None:
    """The wealth effect of the households' loss on their equity stakes (None without households)."""
    hh = [k for k, nd in enumerate(network.nodes) if nd.type == "households"]
    hh_loss = float(sum(loss[k] for k in hh))
    if not (hh and hh_loss > 0):
        return None
    hh_stakes = sum(_amount(e) for e in setup.edges if setup.idx[e.holder] in hh and e.type in STAKE_LIKE)
    if not hh_stakes > 0:
        return None
    hh_wealth = float(sum(setup.equity[k] for k in hh if setup.known[k])) or None
    return wealth_effect(hh_stakes, min(1.0, hh_loss / hh_stakes), mpc=mpc, household_wealth=hh_wealth,
                         gdp=network.gdp)
