"""Contagion on an exposure network: Eisenberg–Noe clearing (with Rogers–Veraart default costs) and DebtRank.

Both functions are pure numpy: matrices in, frozen dataclasses out. Money is in whatever unit the
caller uses (the packaged networks use USD bn); nothing here assumes a unit.

Conventions
-----------
* ``liabilities[i, j]`` is what node ``i`` owes node ``j`` (nominal, ≥ 0, zero diagonal).
* ``exposures[i, j]`` is what node ``i`` holds *on* node ``j`` (i's asset whose value depends on j);
  it is the transpose of a liabilities matrix when the exposures are debt claims.

Why hand-written: networkx has no clearing or DebtRank algorithm and no maintained PyPI package
implements Eisenberg–Noe with Rogers–Veraart costs *and* returns the default round; both algorithms
are a few lines of linear algebra, so they are written here and checked against hand-solved examples
and the fixed-point properties in tests/test_stress_contagion.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bubblescope.errors import InputError

_TOL = 1e-9


def _as_square(name: str, m: np.ndarray | list) -> np.ndarray:
    a = np.asarray(m, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise InputError(f"{name} must be a square matrix, got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise InputError(f"{name} contains NaN or infinite values")
    if np.any(a < 0):
        i, j = np.argwhere(a < 0)[0]
        raise InputError(f"{name}[{i}, {j}] is negative ({a[i, j]:g}); amounts must be ≥ 0")
    if np.any(np.diag(a) != 0):
        raise InputError(f"{name} has a non-zero diagonal: a node cannot owe itself")
    return a


def _as_vector(name: str, v: np.ndarray | list, n: int, *, allow_negative: bool = False) -> np.ndarray:
    a = np.asarray(v, dtype=float)
    if a.shape != (n,):
        raise InputError(f"{name} must have length {n}, got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise InputError(f"{name} contains NaN or infinite values")
    if not allow_negative and np.any(a < 0):
        i = int(np.argmax(a < 0))
        raise InputError(f"{name}[{i}] is negative ({a[i]:g}); must be ≥ 0")
    return a


def closed_cycles_without_assets(liabilities: np.ndarray, external_assets: np.ndarray) -> list[list[int]]:
    """Groups of nodes that owe only each other in a cycle and have no external assets at all.

    For such a group the Eisenberg–Noe clearing vector is not unique (any circulating amount clears),
    so :func:`eisenberg_noe` refuses it. Uses networkx strongly connected components.
    """
    import networkx as nx

    g = nx.DiGraph()
    n = liabilities.shape[0]
    g.add_nodes_from(range(n))
    for i, j in zip(*np.nonzero(liabilities > 0), strict=True):
        g.add_edge(int(i), int(j))
    bad: list[list[int]] = []
    cond = nx.condensation(g)
    for c in cond.nodes:
        members = sorted(cond.nodes[c]["members"])
        if cond.out_degree(c) > 0 or len(members) < 2:
            continue  # payments leave the group (to someone outside), or a single node
        if all(external_assets[m] <= _TOL for m in members):
            bad.append(members)
    return bad


@dataclass(frozen=True)
class ClearingResult:
    """The greatest clearing payment vector and what it means for each node (arrays indexed by node).

    ``payments`` p_i (what i actually pays in total), ``obligations`` p̄_i (what it owes),
    ``received`` (Π^T p)_i, ``default`` p_i < p̄_i, ``default_round`` the fictitious-default round in
    which i first defaulted (1 = fundamental default, 0 = never), ``equity`` the clearing net worth
    e_i + received_i − p_i (≥ 0 without default costs; a defaulting node's value after costs can be
    smaller, reported as 0), ``rounds`` the number of rounds until no new default.
    """

    payments: np.ndarray
    obligations: np.ndarray
    received: np.ndarray
    default: np.ndarray
    default_round: np.ndarray
    equity: np.ndarray
    rounds: int
    alpha: float
    beta: float

    @property
    def shortfall(self) -> np.ndarray:
        """Unpaid obligations p̄ − p per node."""
        return self.obligations - self.payments


def eisenberg_noe(
    liabilities: np.ndarray | list,
    external_assets: np.ndarray | list,
    *,
    alpha: float = 1.0,
    beta: float = 1.0,
    max_rounds: int | None = None,
) -> ClearingResult:
    """Clear a payment network (Eisenberg & Noe 2001; default costs as Rogers & Veraart 2013).

    Parameters
    ----------
    liabilities : (n, n) array, ``liabilities[i, j]`` = nominal amount i owes j (≥ 0, zero diagonal).
    external_assets : (n,) array of assets outside the network (cash, securities), ≥ 0.
    alpha : share of external assets a *defaulting* node realises (fire-sale cost = 1 − alpha), in (0, 1].
    beta : share of incoming payments a defaulting node realises (bankruptcy cost = 1 − beta), in (0, 1].

    With ``alpha = beta = 1`` this is the original Eisenberg–Noe model: p = min(p̄, e + Πᵀp). The
    greatest clearing vector is found by the fictitious-default algorithm (Eisenberg–Noe §3; the
    Greatest Clearing Vector Algorithm of Rogers–Veraart with costs): start from p = p̄, mark nodes
    that cannot pay, solve the linear system for the defaulters, repeat until no new default
    (at most n rounds).

    Raises :class:`InputError` on negative amounts, wrong shapes, α/β outside (0, 1], or a closed
    cycle of nodes without external assets (the clearing vector would not be unique).
    """
    L = _as_square("liabilities", liabilities)
    n = L.shape[0]
    e = _as_vector("external_assets", external_assets, n)
    for name, val in (("alpha", alpha), ("beta", beta)):
        if not (0.0 < val <= 1.0) or not np.isfinite(val):
            raise InputError(f"{name} must be in (0, 1], got {val!r}")
    bad = closed_cycles_without_assets(L, e)
    if bad:
        raise InputError(
            f"nodes {bad[0]} owe each other in a closed cycle with no external assets (no equity): "
            "the clearing payments are not unique"
        )
    pbar = L.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        Pi = np.where(pbar[:, None] > 0, L / np.where(pbar > 0, pbar, 1.0)[:, None], 0.0)
    p = pbar.copy()
    defaulted = np.zeros(n, dtype=bool)
    first_round = np.zeros(n, dtype=int)
    rounds = 0
    limit = n + 1 if max_rounds is None else max_rounds
    while rounds < limit:
        inflow = Pi.T @ p
        new = (~defaulted) & (e + inflow < pbar - _TOL * np.maximum(1.0, pbar))
        if not new.any():
            break
        rounds += 1
        defaulted |= new
        first_round[new] = rounds
        D = np.flatnonzero(defaulted)
        S = np.flatnonzero(~defaulted)
        # Defaulters pay everything they realise: p_D = α e_D + β (Π_SDᵀ p̄_S + Π_DDᵀ p_D).
        A = np.eye(len(D)) - beta * Pi[np.ix_(D, D)].T
        b = alpha * e[D] + beta * (Pi[np.ix_(S, D)].T @ pbar[S])
        try:
            pD = np.linalg.solve(A, b)
        except np.linalg.LinAlgError:  # pragma: no cover - excluded by the closed-cycle check
            raise InputError("the clearing system is singular (a closed cycle without assets)") from None
        p = pbar.copy()
        p[D] = np.clip(pD, 0.0, pbar[D])
    inflow = Pi.T @ p
    default = p < pbar - _TOL * np.maximum(1.0, pbar)
    equity = np.where(default, 0.0, np.maximum(e + inflow - p, 0.0))
    return ClearingResult(
        payments=p, obligations=pbar, received=inflow, default=default, default_round=np.where(default, first_round, 0),
        equity=equity, rounds=rounds, alpha=float(alpha), beta=float(beta),
    )


@dataclass(frozen=True)
class DebtRankResult:
    """DebtRank propagation (Battiston et al. 2012) per node.

    ``h`` final relative equity loss in [0, 1]; ``h_initial`` the shock h(1); ``default`` h ≥ 1;
    ``default_round`` the step t at which h first reached 1 (1 = the initial shock, 0 = never);
    ``debtrank`` R = Σ h_j(T) v_j − Σ h_j(1) v_j (the paper's eq. for the set of initially shocked
    nodes, i.e. the loss *caused by contagion*, in units of total economic value); ``rounds`` steps
    until no node is distressed.
    """

    h: np.ndarray
    h_initial: np.ndarray
    default: np.ndarray
    default_round: np.ndarray
    debtrank: float
    rounds: int
    impact: np.ndarray


def debtrank_impact(exposures: np.ndarray | list, equity: np.ndarray | list) -> np.ndarray:
    """Impact matrix W[i, j] = min(1, A[i, j] / E_i): the share of i's equity lost if j fails.

    ``exposures[i, j]`` is what i holds on j (its loss if j's value goes to zero); ``equity`` > 0.
    This is the paper's impact of j on i (the exposure relative to the exposed node's capital),
    stored with the exposed node as the row.
    """
    A = _as_square("exposures", exposures)
    E = _as_vector("equity", equity, A.shape[0])
    if np.any(E <= 0):
        i = int(np.argmax(E <= 0))
        raise InputError(f"equity[{i}] must be > 0 for DebtRank (got {E[i]:g})")
    return np.minimum(1.0, A / E[:, None])


def debtrank(
    exposures: np.ndarray | list,
    equity: np.ndarray | list,
    shock: np.ndarray | list,
    *,
    value: np.ndarray | list | None = None,
    max_rounds: int | None = None,
) -> DebtRankResult:
    """DebtRank as defined by Battiston, Puliga, Kaushik, Tasca & Caldarelli (Sci. Rep. 2, 541, 2012).

    Each node has a state S (undistressed), D (distressed) or I (inactive) and a relative equity loss
    h ∈ [0, 1]. At t = 1 the shocked nodes (h > 0) are D. Then
    h_i(t) = min(1, h_i(t−1) + Σ_{j: s_j(t−1)=D} W_ij h_j(t−1)), and a node that was D becomes I
    (it propagates its distress only once, which is what stops the walk from cycling); a node with
    h_i(t) > 0 that was S becomes D. ``value`` v are the relative economic values (the paper uses
    each node's share of the system, e.g. of total assets; the default here is the equity share);
    DebtRank R = Σ_j v_j h_j(T) − Σ_j v_j h_j(1).

    Parameters
    ----------
    exposures : (n, n), ``exposures[i, j]`` = what i holds on j (≥ 0).
    equity : (n,) equity (capital) of each node, > 0, same unit as exposures.
    shock : (n,) initial relative equity loss h(1) in [0, 1].
    value : (n,) economic value weights (normalised to sum 1); default equity / Σ equity.
    """
    W = debtrank_impact(exposures, equity)
    n = W.shape[0]
    h0 = _as_vector("shock", shock, n)
    if np.any(h0 > 1):
        raise InputError("shock values are relative equity losses and must be in [0, 1]")
    if not np.any(h0 > 0):
        raise InputError("the shock hits no node (all initial losses are 0)")
    E = np.asarray(equity, dtype=float)
    v = E / E.sum() if value is None else _as_vector("value", value, n)
    if v.sum() <= 0:
        raise InputError("value weights must not all be 0")
    v = v / v.sum()
    h = h0.copy()
    # states: 0 = S, 1 = D, 2 = I
    state = np.where(h > 0, 1, 0)
    first = np.where(h >= 1 - _TOL, 1, 0)
    t = 1
    limit = 2 * n + 2 if max_rounds is None else max_rounds
    while np.any(state == 1) and t < limit:
        distressed = state == 1
        h_new = np.minimum(1.0, h + W[:, distressed] @ h[distressed])
        t += 1
        state = np.where(distressed, 2, np.where((state == 0) & (h_new > 0), 1, state))
        newly = (first == 0) & (h_new >= 1 - _TOL)
        first[newly] = t
        h = h_new
    R = float(v @ h - v @ h0)
    return DebtRankResult(
        h=h, h_initial=h0, default=h >= 1 - _TOL, default_round=first, debtrank=R, rounds=t, impact=W,
    )
