"""`bubblescope stress`: ranked table with sources, --json, --plot, and exit code 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch):
    """A wide console so the table cells are not folded (the layout itself is rich's business)."""
    from bubblescope.cli import _common

    monkeypatch.setattr(_common.console, "width", 250)


def test_default_scenario_ranks_losers_with_sources(cli) -> None:
    r = cli("stress")
    assert r.code == 0, r
    assert "Who loses most" in r.out and "OpenAI revenue 30% below plan" in r.out
    first_row = next(line for line in r.out.splitlines() if line.lstrip("│ ").startswith("1 "))
    assert "Microsoft" in first_row
    assert "Edges and their sources" in r.out and "Wall Street Journal" in r.out
    assert "ai-2023.oracle-openai-contract" in r.out


def test_json_output(cli) -> None:
    r = cli("stress", "openai-shortfall", "--method", "eisenberg-noe", "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["method"] == "eisenberg-noe" and d["nodes"][0]["node"] == "microsoft"
    assert all(e["source"] for e in d["edges"])


def test_plot_file(cli, tmp_path: Path) -> None:
    out = tmp_path / "net.html"
    r = cli("stress", "ai-equities-halve", "--plot", out)
    assert r.code == 0, r
    assert out.stat().st_size > 10_000 and "plotly" in out.read_text(encoding="utf-8")[:200_000].lower()
    assert "Consumption drop" in r.out


def test_scenario_and_network_files(cli, tmp_path: Path) -> None:
    sc = tmp_path / "s.yaml"
    sc.write_text("id: mine\ntitle: Mine\nshocks:\n  - {type: payment_shortfall, node: anthropic, pays: 0.5}\n",
                  encoding="utf-8")
    r = cli("stress", sc, "--all-edges")
    assert r.code == 0, r
    assert "anthropic-azure-compute" in r.out and "meta-hyperion-rvg" in r.out


def test_bad_inputs_exit_2(cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("id: e\ntitle: E\nshocks: []\n", encoding="utf-8")
    badnet = tmp_path / "net.yaml"
    badnet.write_text("id: n\nas_of: 2025\nnodes: []\nedges: []\n", encoding="utf-8")
    cases = [
        (("stress", "no-such-scenario"), "unknown scenario"),
        (("stress", "--method", "magic"), "--method"),
        (("stress", empty), "scenario is empty"),
        (("stress", "--network", badnet), "nodes"),
        (("stress", "--mpc", "2"), "--mpc"),
        (("stress", "--method", "eisenberg-noe", "--alpha", "0"), "--alpha"),
        (("stress", "--beta", "0.5"), "eisenberg-noe only"),
        (("stress", "--plot", tmp_path), "is a directory"),
    ]
    for args, msg in cases:
        r = cli(*args)
        assert r.code == 2, (args, r)
        assert r.err.startswith("error:") and msg in r.err and "Traceback" not in r.err, (args, r.err)


def test_spread_column_when_network_has_spreads(cli, tmp_path: Path) -> None:
    from bubblescope.stress.network import _packaged

    original = _packaged("networks")["ai-2023"].read_text(encoding="utf-8")
    assert original.count("    equity: 21.0\n") == 1  # Oracle's node (fact-checked 2026-11)
    text = original.replace(
        "    equity: 21.0\n",
        "    equity: 21.0\n    credit_spread_bp: 150\n"
        "    credit_spread_source: {organisation: Example, title: Example quote, published: 2025-11}\n",
    )
    net = tmp_path / "n.yaml"
    net.write_text(text, encoding="utf-8")
    r = cli("stress", "--network", net)
    assert r.code == 0, r
    assert "1y PD from spread" in r.out and "2.5%" in r.out  # 1 − exp(−0.015/0.6) = 2.47%


def test_list(cli) -> None:
    r = cli("stress", "--list")
    assert r.code == 0, r
    assert "openai-shortfall" in r.out and "gpu-value-halves" in r.out and "network ai-2023" in r.out


def test_default_costs_lower_payments(cli) -> None:
    """Fire-sale and bankruptcy costs (Rogers–Veraart) can only raise losses."""
    base = json.loads(cli("stress", "ai-bust", "--method", "eisenberg-noe", "--json").out)
    costly = json.loads(cli("stress", "ai-bust", "--method", "eisenberg-noe", "--alpha", "0.5", "--beta", "0.5",
                            "--json").out)
    assert costly["totals"]["total_loss"] >= base["totals"]["total_loss"]
    assert costly["totals"]["unpaid_obligations"] >= base["totals"]["unpaid_obligations"]
    # the scenario's "OpenAI pays 70%" is not cut by the costs; Oracle loses the profit on the unpaid
    # 30% of the contract (14% margin, five years discounted at 10%), not the revenue
    from bubblescope.stress.semantics import pv_factor

    openai = next(e for e in costly["edges"] if e["id"] == "openai-oracle-compute")
    assert openai["loss"] == pytest.approx(0.3 * 300 * 0.14 * pv_factor(0.10, 5))


def test_dotcom_style_crash_reproduces_the_economist(cli) -> None:
    r = cli("stress", "dotcom-style-crash")
    assert r.code == 0, r
    assert "1.60% of GDP" in r.out and "7.8% of household wealth" in r.out and "497" in r.out
