"""Exposure network and scenario files: the packaged AI network, and a clear error per bad input."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from bubblescope.errors import BubblescopeError, EvidenceError, InputError
from bubblescope.evidence import load_evidence
from bubblescope.stress import (
    load_network,
    load_shock_scenario,
    packaged_networks,
    packaged_scenarios,
    parse_network,
    parse_scenario,
)
from bubblescope.stress.network import check_evidence

AGREED_IDS = {  # written by the foundation part in evidence/episodes/ai-2023.yaml
    "ai-2023.oracle-openai-contract",
    "ai-2023.oracle-rpo",
    "ai-2023.oracle-debt",
    "ai-2023.oracle-share-drop-3m",
    "ai-2023.cds-trading-increase",
    "ai-2023.meta-offbalance-financing",
}

SRC = "{organisation: Example Org, title: Example filing, published: 2025-01}"


def net_yaml(nodes: str, edges: str) -> str:
    return textwrap.dedent(
        """\
        id: test-net
        as_of: 2025-01
        nodes:
        {nodes}
        edges:
        {edges}
        """
    ).format(nodes=textwrap.indent(textwrap.dedent(nodes), "  "), edges=textwrap.indent(textwrap.dedent(edges), "  "))


def node(nid: str, equity: str = "10", liquid: str = "5") -> str:
    return (f"- {{id: {nid}, name: {nid.upper()}, type: firm, equity: {equity}, liquid_assets: {liquid}, "
            f"as_of: 2025-01, source: {SRC}}}\n")


def edge(eid: str, a: str, b: str, amount: str = "5", typ: str = "funded_claim") -> str:
    return f"- {{id: {eid}, type: {typ}, obligor: {a}, holder: {b}, amount: {amount}, as_of: 2025-01, source: {SRC}}}\n"


def test_packaged_network_loads_and_every_edge_has_a_source() -> None:
    assert "ai-2023" in packaged_networks()
    net = load_network("ai-2023")
    assert len(net.nodes) >= 15 and len(net.edges) >= 20
    for e in net.edges:
        assert e.source.organisation and e.source.title and e.as_of
    for n in net.nodes:
        assert n.source.organisation and n.as_of
    ids = set(net.node_ids)
    # the known links of the episode are all there
    pairs = {(e.obligor, e.holder, e.type) for e in net.edges}
    for pair in [
        ("openai", "oracle", "contracted_revenue"),
        ("openai", "microsoft", "contracted_revenue"),
        ("openai", "microsoft", "equity_stake"),
        ("openai", "coreweave", "contracted_revenue"),
        ("openai", "nvidia", "contingent_commitment"),
        ("xai", "nvidia", "contingent_commitment"),
        ("oracle", "oracle-bondholders", "funded_claim"),
        ("beignet", "pimco", "funded_claim"),
        ("meta", "beignet", "guarantee"),
        ("ai-equities", "us-households", "equity_stake"),
    ]:
        assert pair in pairs, pair
    assert {"openai", "oracle", "meta", "beignet", "pimco", "us-households"} <= ids
    oracle_contract = next(e for e in net.edges if e.id == "openai-oracle-compute")
    assert oracle_contract.amount == 300 and "ai-2023.oracle-openai-contract" in oracle_contract.evidence


def test_network_evidence_ids_resolve() -> None:
    net = load_network("ai-2023")
    base = load_evidence()
    chk = check_evidence(net, base.records)
    own_missing = {i for i in chk.missing if i.startswith("ai-2023.net.")}
    assert not own_missing, own_missing
    unknown = chk.missing - AGREED_IDS
    assert not unknown, f"evidence ids that are neither ours nor agreed: {sorted(unknown)}"
    if chk.missing:
        pytest.skip(f"agreed foundation records not merged yet: {sorted(chk.missing)}")


def test_household_stake_is_derived_from_evidence() -> None:
    """0.52 × 42 000: the households' AI-equity holding follows from two sourced records."""
    base = load_evidence()
    wealth = base.get("ai-2023.net.household-stock-wealth").numeric
    share = base.get("ai-2023.net.top20-share-sp500").numeric
    net = load_network("ai-2023")
    stake = next(e for e in net.edges if e.id == "households-ai-equities")
    assert stake.amount == pytest.approx(wealth * share / 100)
    hh = net.node("us-households")
    assert hh.equity == pytest.approx(wealth / (base.get("ai-2023.net.household-stock-share").numeric / 100))


def test_matrices_follow_the_conventions() -> None:
    net = parse_network(net_yaml(node("a") + node("b") + node("c"),
                                 edge("ab", "a", "b", "4") + edge("bc", "b", "c", "3", "equity_stake")))
    L, A = net.matrices()
    # a owes b 4 (debt); c holds 3 of b's equity (not a liability)
    assert L[0, 1] == 4 and L.sum() == 4
    assert A[1, 0] == 4 and A[2, 1] == 3


def test_packaged_scenarios_load() -> None:
    names = packaged_scenarios()
    assert {"openai-shortfall", "gpu-value-halves", "ai-equities-halve", "ai-bust", "dotcom-style-crash"} <= set(names)
    sc = load_shock_scenario("openai-shortfall")
    assert sc.shocks[0].pays_share == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (net_yaml(node("a") + node("b"), edge("ab", "a", "zz")), r"bad.yaml: edge 'ab': holder 'zz' is not a node"),
        (net_yaml(node("a") + node("b"), edge("ab", "a", "b", "-3")), r"edges\[0\] \(id=ab\): amount: .*≥ 0"),
        (net_yaml(node("a", equity="-1") + node("b"), edge("ab", "a", "b")), r"nodes\[0\] \(id=a\): equity"),
        (net_yaml(node("a", "0", "0") + node("b", "0", "0"), edge("ab", "a", "b") + edge("ba", "b", "a")),
         r"cycle a → b has no equity"),
        (net_yaml(node("a") + node("a"), edge("ab", "a", "a")), r"same node|used twice"),
        (net_yaml(node("a") + node("b"), edge("ab", "a", "b", typ="swap")), r"type"),
        ("id: x\nas_of: 2025\nnodes: []\nedges: []\n", r"nodes"),
        (net_yaml(node("a").replace("liquid_assets: 5,", "liquid_assets: 5, credit_spread_bp: 100,") + node("b"),
                  edge("ab", "a", "b")), r"credit_spread_source"),
        ("id: x\nas_of: 2025\ngdp: 100\n" + net_yaml(node("a") + node("b"), edge("ab", "a", "b")).split("\n", 2)[2],
         r"gdp needs a gdp_source"),
        ("", r"empty"),
        ("nodes: [unclosed\n", r"malformed YAML"),
    ],
)
def test_bad_network_files(text: str, match: str) -> None:
    with pytest.raises(EvidenceError, match=match):
        parse_network(text, "bad.yaml")


def test_unknown_network_name() -> None:
    with pytest.raises(InputError, match="unknown network 'nowhere'"):
        load_network("nowhere")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("id: s\ntitle: S\nshocks: []\n", r"scenario is empty"),
        ("id: s\ntitle: S\n", r"scenario is empty"),
        ("id: s\ntitle: S\nshocks:\n  - {type: payment_shortfall, node: a}\n", r"exactly one of"),
        ("id: s\ntitle: S\nshocks:\n  - {type: payment_shortfall, node: a, pays: 1.5}\n", r"shocks\[0\]"),
        ("id: s\ntitle: S\nshocks:\n  - {type: meteor, node: a}\n", r"shocks\[0\]"),
        ("id: s\ntitle: S\nshocks:\n  - {type: equity_drawdown, nodes: [a], loss: -0.1}\n", r"loss"),
    ],
)
def test_bad_scenarios(text: str, match: str) -> None:
    with pytest.raises(EvidenceError, match=match):
        parse_scenario(text, "bad.yaml")


def test_scenario_naming_unknown_node() -> None:
    from bubblescope.stress import run_stress

    sc = parse_scenario("id: s\ntitle: S\nshocks:\n  - {type: payment_shortfall, node: ghost, pays: 0.5}\n")
    with pytest.raises(InputError, match="unknown node 'ghost'"):
        run_stress(load_network("ai-2023"), sc)


def test_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "n.yaml"
    bad.write_text(net_yaml(node("a") + node("b"), edge("ab", "a", "zz")), encoding="utf-8")
    with pytest.raises(BubblescopeError) as info:
        load_network(bad)
    assert "\n" not in str(info.value) and str(bad) in str(info.value)


def test_graph_export_keeps_sources() -> None:
    g = load_network("ai-2023").graph()
    data = g.get_edge_data("openai", "oracle")["openai-oracle-compute"]
    assert data["amount"] == 300 and "Wall Street Journal" in data["source"]
    assert np.isclose(g.nodes["oracle"]["equity"], 21.0)
