"""Hypothesis property tests for the numerical economics functions (monotonicity, identities)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.economics import (
    capital_recovery_factor,
    chip_value_decay,
    depreciation_gap,
    depreciation_schedule,
    financing_gap,
    roic_required_revenue,
    sequoia_required_revenue,
)

FAST = settings(max_examples=60, deadline=None)
money = st.floats(min_value=0.1, max_value=1e4, allow_nan=False)
share = st.floats(min_value=0.01, max_value=1.0)
margin = st.floats(min_value=0.01, max_value=0.95)
rate = st.floats(min_value=0.001, max_value=0.5)
lives = st.floats(min_value=0.5, max_value=30)


@FAST
@given(money, share, margin)
def test_sequoia_identity(run_rate, s, m):
    r = sequoia_required_revenue(run_rate, s, m).required_revenue
    assert r * s * (1 - m) == pytest.approx(run_rate, rel=1e-12)
    assert r >= run_rate


@FAST
@given(money, share, margin, st.floats(min_value=1.01, max_value=2))
def test_sequoia_monotone(run_rate, s, m, k):
    base = sequoia_required_revenue(run_rate, s, m).required_revenue
    assert sequoia_required_revenue(run_rate * k, s, m).required_revenue > base
    assert sequoia_required_revenue(run_rate, s / k, m).required_revenue > base
    assert sequoia_required_revenue(run_rate, s, m / k).required_revenue < base


@FAST
@given(rate, lives, st.floats(min_value=0.1, max_value=10))
def test_annuity_factor_properties(r, L, dL):
    f = capital_recovery_factor(r, L)
    assert f > r  # recovering the capital costs more than the perpetuity return
    assert f >= 1 / L - 1e-12  # and at least straight-line recovery
    assert capital_recovery_factor(r, L + dL) < f  # longer life -> smaller factor
    assert capital_recovery_factor(r * 1.5, L) > f  # higher return -> larger factor
    # identity: the present value of the level payment over an integer life equals the investment
    n = max(1, round(L))
    assert capital_recovery_factor(r, n) * sum(1 / (1 + r) ** t for t in range(1, n + 1)) == pytest.approx(1.0)


@FAST
@given(money, rate, margin, lives)
def test_annuity_at_least_perpetuity(inv, r, m, L):
    annuity = roic_required_revenue(inv, r, m, asset_life=L).required_revenue
    perp = roic_required_revenue(inv, r, m).required_revenue
    assert annuity > perp
    assert roic_required_revenue(inv, r, m * 0.9, asset_life=L).required_revenue > annuity


capex_lists = st.lists(st.floats(min_value=0, max_value=1000), min_size=1, max_size=8)


@FAST
@given(capex_lists, lives, st.sampled_from(["full", "half"]))
def test_depreciation_sums_to_capex(values, L, convention):
    capex = pd.Series(values, index=range(2020, 2020 + len(values)))
    dep = depreciation_schedule(capex, L, convention=convention)
    assert dep.sum() == pytest.approx(sum(values), abs=1e-6)
    assert (dep >= -1e-12).all()


@FAST
@given(st.lists(st.floats(min_value=0, max_value=500), min_size=1, max_size=8), lives, lives)
def test_shorter_life_front_loads_for_growing_capex(increments, l1, l2):
    """For a non-decreasing capex schedule, the shorter life charges at least as much every year
    while capex is still being spent, and the totals agree over the full run."""
    econ, rep = min(l1, l2), max(l1, l2)
    capex = pd.Series(np.cumsum(increments), index=range(2020, 2020 + len(increments)))
    g = depreciation_gap(capex, reported_life=rep, economic_life=econ).to_frame()
    spend_years = g.loc[: capex.index[-1], "understatement"]
    assert (spend_years >= -1e-9).all()
    assert g["understatement"].sum() == pytest.approx(0.0, abs=1e-6)


@FAST
@given(st.floats(min_value=1.1, max_value=10), st.floats(min_value=0.5, max_value=4),
       st.floats(min_value=1, max_value=8), st.floats(min_value=0.5, max_value=10))
def test_chip_value_monotone(g, cadence, life, rent):
    c = chip_value_decay(10000, g, cadence, life, rental_price=rent, discount_rate=0.05)
    f = c.to_frame()
    assert (np.diff(f["market_value"]) < 0).all()
    assert (f["impairment"] >= 0).all()
    richer = chip_value_decay(10000, g, cadence, life, rental_price=rent * 2, discount_rate=0.05)
    assert richer.breakeven_utilisation == pytest.approx(c.breakeven_utilisation / 2)


@FAST
@given(st.floats(min_value=1, max_value=1e4), st.floats(min_value=0, max_value=1e4),
       st.lists(st.floats(min_value=0.01, max_value=1), min_size=1, max_size=5))
def test_financing_split_sums_to_gap(need, cover, weights):
    total = sum(weights)
    shares = {f"s{i}": w / total for i, w in enumerate(weights)}
    f = financing_gap(need, cover, shares)
    assert sum(f.by_source.values()) == pytest.approx(f.gap)
    assert f.gap == pytest.approx(max(need - cover, 0.0))


@FAST
@given(capex_lists, st.floats(min_value=0, max_value=8), st.floats(min_value=0, max_value=4))
def test_power_path_conserves_gw(values, queue, build):
    from bubblescope.economics import power_path

    capex = pd.Series(values, index=range(2020, 2020 + len(values)))
    f = power_path(capex, 40, queue, build_years=build).to_frame()
    cum = f["implied_gw"].cumsum()
    assert (f["connectable_gw"].cumsum() + f["idle_gw"]).to_numpy() == pytest.approx(cum.to_numpy(), abs=1e-9)
    assert (f["connectable_gw"] >= -1e-12).all() and (f["idle_gw"] >= -1e-9).all()


@FAST
@given(capex_lists, rate, margin, lives, lives, st.floats(min_value=0, max_value=1))
def test_revenue_path_pays_every_annuity(values, r, m, l1, l2, sh):
    """Total cash required = sum over vintages and parts of capex x share x factor x life."""
    from bubblescope.economics import required_revenue_path

    capex = pd.Series(values, index=range(2020, 2020 + len(values)))
    mix = ((sh, l1), (1 - sh, l2))
    f = required_revenue_path(capex, r, m, mix).to_frame()
    expected = sum(values) * sum(s * capital_recovery_factor(r, lf) * lf for s, lf in mix)
    assert f["required_cash_profit"].sum() == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert f["required_revenue"].to_numpy() == pytest.approx(f["required_cash_profit"].to_numpy() / m)
