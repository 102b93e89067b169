"""Issue 18, point 4: typed edges, each with a hand-solved network; the packaged scenarios' acceptance."""

from __future__ import annotations

import json
import textwrap

import pytest

from bubblescope.stress import load_network, load_shock_scenario, parse_network, parse_scenario, run_stress
from bubblescope.stress.circular import circular_financing
from bubblescope.stress.semantics import DEFAULT_MEANING, pv_factor

SRC = "{organisation: Example Org, title: Example filing, published: 2025-01}"


def net(edge: str, lab_equity: str = "null") -> str:
    return textwrap.dedent(f"""\
        id: t
        as_of: 2025-01
        nodes:
          - {{id: lab, name: Lab, type: ai_lab, equity: {lab_equity}, as_of: 2025-01, source: {SRC}}}
          - {{id: sup, name: Supplier, type: cloud, equity: 50, liquid_assets: 5, as_of: 2025-01, source: {SRC}}}
          - {{id: bank, name: Bank, type: bank, equity: 100, liquid_assets: 100, as_of: 2025-01, source: {SRC}}}
        edges:
          - {edge}
        """)


SHORT = "id: s\ntitle: S\nnetwork: t\nshocks:\n  - {type: payment_shortfall, node: lab, pays: 0.6}\n"


@pytest.mark.parametrize("method", ["debtrank", "eisenberg-noe"])
def test_funded_claim_loses_unpaid_share(method):
    n = parse_network(net(f"{{id: e, type: funded_claim, obligor: lab, holder: bank, amount: 40, as_of: 2025-01, source: {SRC}}}"))
    r = run_stress(n, parse_scenario(SHORT), method=method)
    assert r.nodes.loc["bank", "loss"] == pytest.approx(0.4 * 40)  # 16, no default


@pytest.mark.parametrize("method", ["debtrank", "eisenberg-noe"])
def test_contracted_revenue_loses_discounted_profit(method):
    edge = (f"{{id: e, type: contracted_revenue, obligor: lab, holder: sup, amount: 100, years: 4, margin: 0.2, "
            f"margin_source: 'Example filing', as_of: 2025-01, source: {SRC}}}")
    r = run_stress(parse_network(net(edge)), parse_scenario(SHORT), method=method)
    # 40 of revenue lost over 4 years = 10 a year; profit 2 a year; PV at 10% = 2 x 3.1699 = 6.34
    assert r.nodes.loc["sup", "loss"] == pytest.approx(0.4 * 100 * 0.2 * pv_factor(0.10, 4))
    assert r.nodes.loc["sup", "loss"] == pytest.approx(6.3397, abs=1e-3)
    assert not r.nodes.loc["sup", "default"]  # 40 of lost revenue against 50 of equity would not matter either


def test_contracted_revenue_without_margin_uses_the_scenario_default():
    edge = f"{{id: e, type: contracted_revenue, obligor: lab, holder: sup, amount: 100, as_of: 2025-01, source: {SRC}}}"
    sc = parse_scenario(SHORT.replace("network: t\n", "network: t\ncontract_margin: 0.5\ncontract_years: 1\ndiscount_rate: 0\n"))
    r = run_stress(parse_network(net(edge)), sc)
    assert r.nodes.loc["sup", "loss"] == pytest.approx(0.4 * 100 * 0.5)


def test_contingent_commitment_lapses_unless_honoured():
    edge = f"{{id: e, type: contingent_commitment, obligor: lab, holder: sup, amount: 80, as_of: 2025-01, source: {SRC}}}"
    n = parse_network(net(edge, lab_equity="10"))
    lapsed = run_stress(n, parse_scenario(SHORT))
    assert lapsed.nodes.loc["sup", "loss"] == 0 and not lapsed.nodes.loc["sup", "default"]
    honoured = run_stress(n, parse_scenario(SHORT.replace("network: t\n", "network: t\ninclude_contingent: true\n")))
    assert honoured.nodes.loc["sup", "loss"] == pytest.approx(50)  # 80 paid in and wiped, capped at equity 50
    assert honoured.nodes.loc["sup", "default"]


def test_guarantee_charges_the_guarantor():
    edges = (f"{{id: g, type: guarantee, obligor: sup, holder: bank, covers: lab, amount: 30, as_of: 2025-01, "
             f"source: {SRC}}}")
    r = run_stress(parse_network(net(edges)), parse_scenario(SHORT))
    assert r.nodes.loc["sup", "loss"] == pytest.approx(0.4 * 30)  # the guarantor pays what the lab does not
    assert r.nodes.loc["bank", "loss"] == 0


@pytest.mark.parametrize(("edge", "needle"), [
    (f"{{id: e, type: loan, obligor: lab, holder: bank, amount: 1, as_of: 2025-01, source: {SRC}}}", "type"),
    ("{id: e, type: funded_claim, obligor: lab, holder: bank, amount: 1, as_of: 2025-01}", "source"),
    (f"{{id: e, type: guarantee, obligor: sup, holder: bank, amount: 1, as_of: 2025-01, source: {SRC}}}", "covers"),
])
def test_bad_edges_exit_2(cli, tmp_path, edge, needle):
    p = tmp_path / "bad.yaml"
    p.write_text(net(edge))
    r = cli("stress", "openai-shortfall", "--network", str(p))
    assert r.code == 2, r
    assert needle in r.err and "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def test_ai_bust_nvidia_does_not_default(cli):
    for method in ("debtrank", "eisenberg-noe"):
        r = cli("stress", "ai-bust", "--method", method, "--json")
        assert r.code == 0, r
        d = json.loads(r.out)
        nodes = {n["node"]: n for n in d["nodes"]}
        assert not nodes["nvidia"]["default"] and nodes["nvidia"]["loss"] == 0
        assert d["default_meaning"] == DEFAULT_MEANING
        loi = next(e for e in d["edges"] if e["id"] == "nvidia-openai-loi")
        assert loi["type"] == "contingent_commitment" and loi["loss"] == 0


def test_openai_shortfall_oracle_loses_profit_not_revenue():
    r = run_stress(load_network("ai-2023"), load_shock_scenario("openai-shortfall"))
    o = r.nodes.loc["oracle"]
    assert not o["default"] and o["loss"] < 0.5 * o["equity"]


def test_gpu_writedown_hits_every_holder_with_an_estimate():
    network = load_network("ai-2023")
    holders = {n.id for n in network.nodes if n.gpu_assets}
    assert {"amazon", "meta", "oracle", "coreweave"} <= holders
    for n in network.nodes:
        if n.type == "hyperscaler":
            assert n.gpu_assets_note, n.id  # the share behind the estimate, or why there is none
    r = run_stress(network, load_shock_scenario("gpu-value-halves"), method="eisenberg-noe")
    for h in holders:
        gpu = network.node(h).gpu_assets
        assert gpu is not None
        assert r.nodes.loc[h, "direct_loss"] >= 0.5 * gpu - 1e-9 or r.nodes.loc[h, "direct_loss"] == pytest.approx(
            min(0.5 * gpu, r.nodes.loc[h, "equity"]))


def test_gpu_estimates_match_the_filings(shared_data):
    from bubblescope.data.sec_extracts import read_ixbrl_facts

    f = read_ixbrl_facts(shared_data / "sec" / "10k_ixbrl" / "meta-10-k-2025-01-30.html")
    net_ppe = f[(f["name"].str.endswith("AfterAccumulatedDepreciationAndAmortization")) & ~f["dimension"]
                & (f["end"] == "2024-12-31")]["value"].iloc[0]
    assert net_ppe == pytest.approx(121.346)
    assert load_network("ai-2023").node("meta").gpu_assets == pytest.approx(net_ppe * 68.397 / 164.663, abs=0.05)


def test_circular_financing_ratio():
    c = circular_financing(load_network("ai-2023"))
    assert c.outside == pytest.approx(30) and c.vendor_funded == pytest.approx(135)
    assert c.vendor_committed == pytest.approx(100 + 2 + 10 + 5)
    assert c.funded_ratio == pytest.approx(4.5)
    (s,) = c.to_signals()
    assert s.family == "stress" and s.bubble == 1.0


def test_stress_signal():
    r = run_stress(load_network("ai-2023"), load_shock_scenario("openai-shortfall"))
    (s,) = r.to_signals()
    assert s.family == "stress" and 0 <= s.bubble <= 1 and s.as_of == "2025-11-01"


def test_independent_dotcom_crash_is_larger_than_the_back_solved_one():
    net_ = load_network("ai-2023")
    a = run_stress(net_, load_shock_scenario("dotcom-crash-sp500")).macro
    b = run_stress(net_, load_shock_scenario("dotcom-style-crash")).macro
    assert a is not None and b is not None
    assert a.consumption_drop_share_of_gdp == pytest.approx(42000 * 0.491 * 0.032 / 31095.089, rel=1e-3)
    assert a.consumption_drop > b.consumption_drop
