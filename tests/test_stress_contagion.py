"""Eisenberg–Noe clearing and DebtRank: hand-solved examples, fixed-point properties, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bubblescope.errors import InputError
from bubblescope.stress.contagion import debtrank, eisenberg_noe

# A owes B 10 and C 10, B owes C 8, C owes A 4; external assets 6, 1, 2 (solved by hand in the docstring
# of test_eisenberg_noe_hand_solved).
L3 = np.array([[0, 10, 10], [0, 0, 8], [4, 0, 0]], dtype=float)
E3 = np.array([6.0, 1.0, 2.0])


def test_eisenberg_noe_hand_solved() -> None:
    """p̄ = (20, 8, 4). Round 1: A has 6 + 4 = 10 < 20 → defaults and pays 10. Then B receives 5,
    has 1 + 5 = 6 < 8 → defaults in round 2 and pays 6. C receives 5 + 6 and pays its 4 in full."""
    r = eisenberg_noe(L3, E3)
    np.testing.assert_allclose(r.payments, [10.0, 6.0, 4.0])
    assert r.default.tolist() == [True, True, False]
    assert r.default_round.tolist() == [1, 2, 0]
    np.testing.assert_allclose(r.equity, [0.0, 0.0, 2 + 5 + 6 - 4])
    np.testing.assert_allclose(r.shortfall, [10.0, 2.0, 0.0])
    assert r.rounds == 2


def test_eisenberg_noe_with_default_costs_hand_solved() -> None:
    """Rogers–Veraart with α = β = 0.5: p_A = .5·6 + .5·4 = 5; B gets 2.5, 1 + 2.5 < 8 → defaults,
    p_B = .5·1 + .5·(.5·5) = 1.75; C still pays 4."""
    r = eisenberg_noe(L3, E3, alpha=0.5, beta=0.5)
    np.testing.assert_allclose(r.payments, [5.0, 1.75, 4.0])
    assert r.default.tolist() == [True, True, False]
    # default costs can only lower payments (Rogers–Veraart: the clearing vector is monotone in α, β)
    assert np.all(r.payments <= eisenberg_noe(L3, E3).payments + 1e-12)


def test_eisenberg_noe_no_default_when_solvent() -> None:
    r = eisenberg_noe(L3, [20.0, 10.0, 10.0])
    np.testing.assert_allclose(r.payments, r.obligations)
    assert not r.default.any() and r.rounds == 0


def test_four_node_chain_hand_solved() -> None:
    """A → B → C → D chain of 10s; A has 4: every node passes on what it gets plus its own cash."""
    L = np.zeros((4, 4))
    L[0, 1] = L[1, 2] = L[2, 3] = 10
    r = eisenberg_noe(L, [4.0, 3.0, 2.0, 0.0])
    np.testing.assert_allclose(r.payments, [4.0, 7.0, 9.0, 0.0])
    assert r.default_round.tolist() == [1, 2, 3, 0]


@st.composite
def networks(draw):
    n = draw(st.integers(2, 7))
    amounts = st.floats(0, 100, allow_nan=False, allow_infinity=False)
    L = draw(arrays(float, (n, n), elements=amounts))
    mask = draw(arrays(bool, (n, n)))
    L = np.where(mask, L, 0.0)
    np.fill_diagonal(L, 0.0)
    e = draw(arrays(float, (n,), elements=st.floats(0.01, 100, allow_nan=False)))
    return L, e


@settings(max_examples=150, deadline=None)
@given(networks(), st.sampled_from([(1.0, 1.0), (0.6, 0.9), (1.0, 0.5)]))
def test_clearing_fixed_point_properties(net, costs) -> None:
    L, e = net
    alpha, beta = costs
    r = eisenberg_noe(L, e, alpha=alpha, beta=beta)
    p, pbar = r.payments, r.obligations
    Pi = np.divide(L, pbar[:, None], out=np.zeros_like(L), where=pbar[:, None] > 0)
    inflow = Pi.T @ p
    tol = 1e-7 * (1 + pbar.max())
    # limited liability: nobody pays more than it owes or than it has
    assert np.all(p >= -tol) and np.all(p <= pbar + tol)
    assert np.all(p <= e + inflow + tol)
    # absolute priority: either debts are paid in full or everything realised goes to creditors
    realised = np.where(r.default, alpha * e + beta * inflow, e + inflow)
    full = np.isclose(p, pbar, atol=tol)
    assert np.all(full | np.isclose(p, realised, atol=tol))
    # it is the greatest fixed point: iterating the clearing map down from p̄ reaches it
    q = pbar.copy()
    for _ in range(5000):
        infl = Pi.T @ q
        pays_all = e + infl >= pbar
        q_new = np.where(pays_all, pbar, np.minimum(pbar, alpha * e + beta * infl))
        if np.allclose(q_new, q, atol=1e-12, rtol=0):
            break
        q = q_new
    np.testing.assert_allclose(p, q, atol=1e-6 * (1 + pbar.max()))


def test_debtrank_hand_solved_three_nodes() -> None:
    """A holds 5 on B (E_A 10 → W=0.5), B holds 8 on C (E_B 4 → W=1), C holds 4 on A (E_C 8 → W=0.5).
    Shock C by 0.5: t=2 B += 1·0.5; t=3 A += 0.5·0.5; t=4 C += 0.5·0.25 (C is inactive but its h
    still grows; it does not propagate again). R = (10·.25 + 4·.5 + 8·.625 − 8·.5)/22 = 0.25."""
    A = np.array([[0, 5, 0], [0, 0, 8], [4, 0, 0]], dtype=float)
    r = debtrank(A, [10.0, 4.0, 8.0], [0.0, 0.0, 0.5])
    np.testing.assert_allclose(r.h, [0.25, 0.5, 0.625])
    assert r.debtrank == pytest.approx(0.25)
    assert r.rounds == 4
    assert not r.default.any()


def test_debtrank_default_and_round() -> None:
    """Full loss of C wipes out B (W=1) in round 2, A loses 0.5 in round 3."""
    A = np.array([[0, 5, 0], [0, 0, 8], [0, 0, 0]], dtype=float)
    r = debtrank(A, [10.0, 4.0, 8.0], [0.0, 0.0, 1.0])
    np.testing.assert_allclose(r.h, [0.5, 1.0, 1.0])
    assert r.default_round.tolist() == [0, 2, 1]


@settings(max_examples=100, deadline=None)
@given(networks(), st.data())
def test_debtrank_bounds(net, data) -> None:
    A, E = net
    n = len(E)
    shock = data.draw(arrays(float, (n,), elements=st.floats(0, 1, allow_nan=False)))
    if not np.any(shock > 0):
        shock[0] = 0.5
    r = debtrank(A, E, shock)
    assert np.all(r.h >= r.h_initial - 1e-12) and np.all(r.h <= 1.0)
    assert -1e-12 <= r.debtrank <= 1.0
    assert r.rounds <= 2 * n + 2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"liabilities": [[0, -1], [0, 0]], "external_assets": [1, 1]}, "negative"),
        ({"liabilities": [[0, 1], [0, 0]], "external_assets": [1, -1]}, "negative"),
        ({"liabilities": [[0, 1, 0]], "external_assets": [1]}, "square"),
        ({"liabilities": [[1, 1], [0, 0]], "external_assets": [1, 1]}, "diagonal"),
        ({"liabilities": [[0, np.nan], [0, 0]], "external_assets": [1, 1]}, "NaN"),
        ({"liabilities": [[0, 5], [5, 0]], "external_assets": [0, 0]}, "closed cycle"),
        ({"liabilities": [[0, 5], [5, 0]], "external_assets": [1, 1], "alpha": 0}, "alpha"),
    ],
)
def test_eisenberg_noe_bad_input(kwargs, match) -> None:
    with pytest.raises(InputError, match=match):
        eisenberg_noe(**kwargs)


def test_cycle_with_assets_is_fine() -> None:
    r = eisenberg_noe([[0, 5], [5, 0]], [1, 0])
    np.testing.assert_allclose(r.payments, [5, 5])


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([[0, 1], [1, 0]], [1, 0], [0.5, 0]), "equity"),
        (([[0, 1], [1, 0]], [1, 1], [0, 0]), "no node"),
        (([[0, 1], [1, 0]], [1, 1], [2, 0]), r"\[0, 1\]"),
    ],
)
def test_debtrank_bad_input(args, match) -> None:
    with pytest.raises(InputError, match=match):
        debtrank(*args)
