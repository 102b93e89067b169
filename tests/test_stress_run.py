"""run_stress on the AI network and on small hand-checked networks."""

from __future__ import annotations

import json
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.errors import InputError
from bubblescope.stress import (
    METHODS,
    StressResult,
    eisenberg_noe,
    load_network,
    load_shock_scenario,
    parse_network,
    parse_scenario,
    run_stress,
)

SRC = "{organisation: Example Org, title: Example filing, published: 2025-01}"

TOY = textwrap.dedent(
    f"""\
    id: toy
    as_of: 2025-01
    nodes:
      - {{id: lab, name: Lab, type: ai_lab, equity: 5, liquid_assets: 0, as_of: 2025-01, source: {SRC}}}
      - {{id: cloud, name: Cloud, type: cloud, equity: 10, liquid_assets: 4, as_of: 2025-01, source: {SRC}}}
      - {{id: fund, name: Fund, type: asset_manager, equity: 20, liquid_assets: 30, as_of: 2025-01, source: {SRC}}}
      - {{id: vc, name: VC, type: investor, equity: 8, liquid_assets: 1, as_of: 2025-01, source: {SRC}}}
    edges:
      - {{id: c1, type: funded_claim, obligor: lab, holder: cloud, amount: 40, as_of: 2025-01, source: {SRC}}}
      - {{id: b1, type: funded_claim, obligor: cloud, holder: fund, amount: 30, as_of: 2025-01, source: {SRC}}}
      - {{id: s1, type: equity_stake, obligor: lab, holder: vc, amount: 4, as_of: 2025-01, source: {SRC}}}
    """
)


def toy_scenario(pays: float) -> str:
    return f"id: t\ntitle: T\nnetwork: toy\nshocks:\n  - {{type: payment_shortfall, node: lab, pays: {pays}}}\n"


def test_toy_eisenberg_noe_matches_the_clearing_function() -> None:
    """Lab pays 50% of 40 = 20 to Cloud; Cloud has 4 + 20 = 24 < 30 → pays 24; Fund loses 6 of 30."""
    net = parse_network(TOY)
    res = run_stress(net, parse_scenario(toy_scenario(0.5)), method="eisenberg-noe")
    L, _ = net.matrices()
    cl = eisenberg_noe(L, [20.0, 4.0, 30.0, 1.0])
    np.testing.assert_allclose(cl.payments[:3], [20, 24, 0])
    nodes = res.nodes
    assert nodes.loc["cloud", "loss"] == pytest.approx(10)  # 20 unpaid, capped at its equity 10
    assert nodes.loc["fund", "loss"] == pytest.approx(6)
    assert nodes.loc["vc", "loss"] == pytest.approx(4)  # equity stake wiped
    assert nodes.loc["cloud", "default"] and nodes.loc["cloud", "default_round"] == 2
    assert not nodes.loc["fund", "default"]
    assert res.totals["total_loss"] == pytest.approx(20)
    assert res.ranked().index[0] == "cloud"


def test_toy_debtrank_by_hand() -> None:
    """Direct: Cloud loses 0.5·40 = 20 ≥ E 10 → h = 1; VC loses 4/8 = 0.5. Then Fund: W = min(1, 30/20) = 1,
    h_Fund = 1·h_Cloud = 1 (DebtRank assumes no recovery). R = v·h − v·h(1) = 20/43."""
    net = parse_network(TOY)
    res = run_stress(net, parse_scenario(toy_scenario(0.5)), method="debtrank")
    n = res.nodes
    assert n.loc["cloud", "loss_to_equity"] == pytest.approx(1.0)
    assert n.loc["vc", "loss_to_equity"] == pytest.approx(0.5)
    assert n.loc["fund", "loss"] == pytest.approx(20)
    assert n.loc["fund", "default_round"] == 3  # shock in round 1, Cloud wiped in 2, Fund in 3
    assert res.totals["debtrank"] == pytest.approx(20 / 43)


def test_full_payment_means_no_loss() -> None:
    net = parse_network(TOY)
    with pytest.raises(InputError, match="no loss"):
        run_stress(net, parse_scenario(
            "id: t\ntitle: T\nshocks:\n  - {type: equity_drawdown, nodes: [fund], loss: 0}\n"))
    for m in METHODS:
        res = run_stress(net, parse_scenario(toy_scenario(1.0)), method=m)
        assert res.totals["total_loss"] == pytest.approx(4)  # only the wiped equity stake (equity_loss = 1)


@pytest.mark.parametrize("method", METHODS)
def test_ai_network_default_scenario_ranks_losers(method: str) -> None:
    net = load_network("ai-2023")
    sc = load_shock_scenario("openai-shortfall")
    res = run_stress(net, sc, method=method)
    assert isinstance(res, StressResult)
    amount = {e.id: e.amount for e in net.edges}
    unpaid = 1 - sc.shocks[0].pays_share
    ranked = res.ranked()
    # Microsoft's loss = its OpenAI stake (wiped) + the lost profit on the unpaid share of the Azure
    # contract (the scenario's default 30% margin, five years discounted at 10%)
    from bubblescope.stress.semantics import pv_factor

    assert ranked.index[0] == "microsoft"
    assert ranked.loc["microsoft", "loss"] == pytest.approx(
        amount["microsoft-openai-stake"] + unpaid * amount["openai-microsoft-azure"] * 0.30 * pv_factor(0.10, 5))
    # Oracle loses the profit on 90 of lost revenue (14% margin), not the 90: below its equity, no default
    oracle_loss = unpaid * amount["openai-oracle-compute"] * 0.14 * pv_factor(0.10, 5)
    assert ranked.loc["oracle", "direct_loss"] == pytest.approx(oracle_loss)
    assert oracle_loss < net.node("oracle").equity and not ranked.loc["oracle", "default"]
    assert ranked.loc["openai", "default"] and ranked.loc["openai", "default_round"] == 1
    # every edge carrying a loss is traced to a source
    hit = res.edges[res.edges["loss"] > 0]
    assert len(hit) >= 4 and hit["source"].str.len().min() > 10 and hit["as_of"].notna().all()
    json.dumps(res.to_dict(), allow_nan=False)
    assert "microsoft" in res.summary()


def test_methods_differ_where_they_should() -> None:
    """Clearing gives Oracle's bondholders OpenAI's 70% (enough to pay them); DebtRank assumes no recovery."""
    net = load_network("ai-2023")
    sc = load_shock_scenario("openai-shortfall")
    en = run_stress(net, sc, method="eisenberg-noe").nodes
    dr = run_stress(net, sc, method="debtrank").nodes
    assert en.loc["oracle-bondholders", "loss"] == 0
    h = dr.loc["oracle", "loss"] / dr.loc["oracle", "equity"]  # Oracle's relative distress
    assert dr.loc["oracle-bondholders", "loss"] == pytest.approx(100 * h) and 0 < h < 1


def test_household_wealth_effect_in_equity_scenario() -> None:
    res = run_stress(load_network("ai-2023"), load_shock_scenario("ai-equities-halve"), mpc=0.032)
    assert res.macro is not None
    assert res.macro.wealth_loss == pytest.approx(0.5 * 21840)
    assert res.totals["household_consumption_drop"] == pytest.approx(0.5 * 21840 * 0.032)


def test_gpu_writedown_hits_gpu_holders() -> None:
    res = run_stress(load_network("ai-2023"), load_shock_scenario("gpu-value-halves"), method="eisenberg-noe")
    assert res.nodes.loc["coreweave", "direct_loss"] == pytest.approx(0.5 * 9.8)
    assert res.assumptions  # unpublished liquid assets are reported


def test_contingent_edges_only_when_asked() -> None:
    net = load_network("ai-2023")
    sc = load_shock_scenario("ai-bust")
    bust = run_stress(net, sc)  # Nvidia's up-to commitments lapse: they were never paid
    honoured = run_stress(net, sc.model_copy(update={"include_contingent": True}))
    assert bust.nodes.loc["nvidia", "loss"] == 0 and honoured.nodes.loc["nvidia", "loss"] > 0


def test_same_input_same_output() -> None:
    net = load_network("ai-2023")
    sc = load_shock_scenario("ai-bust")
    a = json.dumps(run_stress(net, sc, method="eisenberg-noe").to_dict())
    b = json.dumps(run_stress(net, sc, method="eisenberg-noe").to_dict())
    assert a == b


def test_plot_sizes_nodes_by_loss() -> None:
    res = run_stress(load_network("ai-2023"), load_shock_scenario("openai-shortfall"))
    fig = res.plot()
    nodes = fig.data[-1]
    sizes = dict(zip(nodes.text, nodes.marker.size, strict=True))
    assert sizes["microsoft"] > sizes["amazon"] > sizes["meta"]
    assert any("Wall Street Journal" in t for t in fig.data[1].hovertext)


def test_unknown_method() -> None:
    with pytest.raises(InputError, match="unknown method"):
        run_stress(load_network("ai-2023"), load_shock_scenario("openai-shortfall"), method="contagion")


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.sampled_from(METHODS))
def test_losses_grow_as_payments_shrink(p1: float, p2: float, method: str) -> None:
    """Paying less never lowers anyone's loss; losses never exceed published equity."""
    net = parse_network(TOY)
    lo, hi = sorted((p1, p2))
    a = run_stress(net, parse_scenario(toy_scenario(lo)), method=method).nodes
    b = run_stress(net, parse_scenario(toy_scenario(hi)), method=method).nodes
    others = a.index != "lab"
    assert np.all(a.loc[others, "loss"].to_numpy() >= b.loc[others, "loss"].to_numpy() - 1e-9)
    assert np.all(a["loss"].to_numpy() <= a["equity"].to_numpy() + 1e-9)


def test_credit_spread_gives_implied_default_probability() -> None:
    text = TOY.replace(
        "{id: cloud, name: Cloud, type: cloud, equity: 10, liquid_assets: 4,",
        "{id: cloud, name: Cloud, type: cloud, equity: 10, liquid_assets: 4, credit_spread_bp: 300, "
        f"credit_spread_source: {SRC},",
    )
    res = run_stress(parse_network(text), parse_scenario(toy_scenario(0.5)))
    assert res.nodes.loc["cloud", "implied_pd_1y"] == pytest.approx(1 - np.exp(-0.03 / 0.6))
    assert np.isnan(res.nodes.loc["fund", "implied_pd_1y"])


@pytest.mark.parametrize("method", METHODS)
def test_zero_equity_node_and_partial_equity_loss(method: str) -> None:
    """A node with zero equity is not a DebtRank error; equity_loss < 1 is honoured by both methods."""
    text = TOY.replace("{id: vc, name: VC, type: investor, equity: 8,", "{id: vc, name: VC, type: investor, equity: 0,")
    sc = ("id: t\ntitle: T\nshocks:\n  - {type: payment_shortfall, node: lab, pays: 0.9, equity_loss: 0.25}\n")
    res = run_stress(parse_network(text), parse_scenario(sc), method=method)
    assert res.nodes.loc["vc", "loss"] == pytest.approx(0.25 * 4)
    assert np.isnan(res.nodes.loc["vc", "loss_to_equity"])


@st.composite
def random_networks(draw):
    """Small random networks with unpublished equity, unknown amounts and contingent edges."""
    from bubblescope.stress import Network

    n = draw(st.integers(2, 6))
    src = {"organisation": "Example Org", "title": "Example"}
    money = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))
    nodes = [
        {"id": f"n{k}", "name": f"N{k}", "type": "firm", "equity": draw(money), "liquid_assets": draw(money),
         "gpu_assets": draw(st.one_of(st.none(), st.floats(0.1, 50))), "as_of": "2025", "source": src}
        for k in range(n)
    ]
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1]),
                          min_size=1, max_size=12))
    edges = [
        {"id": f"e{k}", "type": draw(st.sampled_from(["funded_claim", "contracted_revenue", "contingent_commitment", "equity_stake"])),
         "obligor": f"n{a}", "holder": f"n{b}", "amount": draw(money), "contingent": draw(st.booleans()),
         "as_of": "2025", "source": src}
        for k, (a, b) in enumerate(pairs)
    ]
    return Network.model_validate({"id": "rand", "as_of": "2025", "nodes": nodes, "edges": edges})


@settings(max_examples=60, deadline=None)
@given(random_networks(), st.floats(0, 1), st.floats(0, 1), st.booleans(), st.sampled_from(METHODS))
def test_run_stress_invariants_on_random_networks(net, pays, gpu_loss, contingent, method) -> None:
    shocks = [{"type": "payment_shortfall", "node": "n0", "pays": pays}]
    if any(nd.gpu_assets for nd in net.nodes):
        shocks.append({"type": "asset_writedown", "asset": "gpu", "loss": gpu_loss})
    from bubblescope.stress import Scenario

    sc = Scenario.model_validate({"id": "r", "title": "R", "shocks": shocks, "include_contingent": contingent})
    try:
        res = run_stress(net, sc, method=method)
    except InputError as exc:  # the only refusal: obligations circulating in a cycle with no assets at all
        assert "closed cycle" in str(exc)
        return
    nodes = res.nodes
    others = nodes.drop(index="n0")
    assert (others["loss"] >= -1e-9).all() and (nodes["direct_loss"] >= -1e-9).all()
    eq = others["equity"]
    pos = eq.notna() & (eq > 0)
    assert (others.loc[pos, "loss"] <= eq[pos] + 1e-9).all()
    assert res.totals["total_loss"] == pytest.approx(others["loss"].sum())
    assert (res.edges["loss"] >= -1e-9).all()
    assert not res.edges.loc[~res.edges["in_scenario"], "loss"].any()
    json.dumps(res.to_dict(), allow_nan=False)


def test_toy_fire_sale_costs() -> None:
    """With α = 0.5 a defaulting Cloud realises half of its 4 + 20: it pays 12, so Fund loses 18 (not 6)."""
    sc = toy_scenario(0.5).replace("shocks:", "alpha: 0.5\nshocks:")
    res = run_stress(parse_network(TOY), parse_scenario(sc), method="eisenberg-noe")
    assert res.nodes.loc["fund", "loss"] == pytest.approx(18)
    assert res.edges.set_index("id").loc["c1", "loss"] == pytest.approx(20)  # Lab still pays its 50%
