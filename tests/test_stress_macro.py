"""Wealth effect (reproduces The Economist's 2025 estimate) and spread-implied default probabilities."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bubblescope.errors import InputError
from bubblescope.evidence import load_evidence
from bubblescope.stress import (
    DEFAULT_MPC,
    default_probability_from_spread,
    load_network,
    load_shock_scenario,
    run_stress,
    wealth_effect,
)
from bubblescope.stress.macro import hazard_rate_from_spread

# The crash size The Economist does not print: a "dotcom-style" fall of 37% in stock prices is what its
# $500bn at 3.2 cents per dollar on $42trn implies (500 / 0.032 / 42 000 = 0.372); it lives in the
# packaged scenario dotcom-style-crash.yaml (docs/stress.md).
DOTCOM_STYLE_DRAWDOWN = load_shock_scenario("dotcom-style-crash").shocks[0].loss


def _economist_inputs() -> dict[str, float]:
    base = load_evidence()
    v = {rid.removeprefix("ai-2023.net."): base.get(rid).numeric for rid in [
        "ai-2023.net.household-stock-wealth", "ai-2023.net.household-stock-share",
        "ai-2023.net.mpc-stock-wealth", "ai-2023.net.us-gdp-2025q3", "ai-2023.net.economist-consumption-drop"]}
    return v  # type: ignore[return-value]


def test_reproduces_the_economist_2025_estimate() -> None:
    """$42trn of stocks (21% of wealth), 3.2 cents per dollar, GDP 2025Q3 → ~$500bn, 1.6% of GDP, ~8% of wealth."""
    v = _economist_inputs()
    we = wealth_effect(
        v["household-stock-wealth"], DOTCOM_STYLE_DRAWDOWN, mpc=v["mpc-stock-wealth"],
        gdp=v["us-gdp-2025q3"], household_wealth=v["household-stock-wealth"] / (v["household-stock-share"] / 100),
    )
    assert we.mpc == DEFAULT_MPC
    assert we.consumption_drop == pytest.approx(v["economist-consumption-drop"], rel=0.01)  # 497 ≈ 500
    assert round(we.consumption_drop_share_of_gdp * 100, 1) == 1.6
    assert round(we.wealth_loss_share_of_household_wealth * 100) == 8
    assert we.consumption_drop_low < we.consumption_drop < we.consumption_drop_high
    assert we.consumption_drop_high == pytest.approx(we.wealth_loss * 0.05)
    text = we.summary()
    assert "1.60% of GDP" in text and "7.8% of household wealth" in text


def test_matches_the_agreed_article_records() -> None:
    """When the foundation's records of the article's figures are present, our reproduction matches them."""
    base = load_evidence()
    ids = ("ai-2023.household-wealth-drop", "ai-2023.consumption-drop-gdp")
    if any(i not in base.records for i in ids):
        pytest.skip("agreed records ai-2023.household-wealth-drop / consumption-drop-gdp not merged yet")
    v = _economist_inputs()
    we = wealth_effect(v["household-stock-wealth"], DOTCOM_STYLE_DRAWDOWN, gdp=v["us-gdp-2025q3"],
                       household_wealth=v["household-stock-wealth"] / (v["household-stock-share"] / 100))
    assert we.wealth_loss_share_of_household_wealth * 100 == pytest.approx(base.get(ids[0]).numeric, abs=0.5)
    assert we.consumption_drop_share_of_gdp * 100 == pytest.approx(base.get(ids[1]).numeric, abs=0.05)


def test_dotcom_style_scenario_on_the_network_reproduces_it() -> None:
    """The same estimate through the exposure network: households hold AI and other US stocks."""
    v = _economist_inputs()
    net = load_network("ai-2023")
    res = run_stress(net, load_shock_scenario("dotcom-style-crash"))
    assert net.gdp == pytest.approx(v["us-gdp-2025q3"])
    assert res.macro is not None
    assert res.macro.household_equity_wealth == pytest.approx(v["household-stock-wealth"])
    assert res.macro.consumption_drop == pytest.approx(v["economist-consumption-drop"], rel=0.01)
    assert round(res.macro.consumption_drop_share_of_gdp * 100, 1) == 1.6
    assert round(res.nodes.loc["us-households", "loss_to_equity"] * 100) == 8


def test_gdp_record_matches_shared_fred_data(shared_data) -> None:
    """The GDP evidence record is BEA's 2025Q3 figure as served by FRED (shared data copy)."""
    path = shared_data / "fred" / "codex_macro_monitor" / "GDP.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    gdp = pd.read_csv(path, parse_dates=["date"]).set_index("date")["value"]
    assert gdp.loc["2025-07-01"] == pytest.approx(load_evidence().get("ai-2023.net.us-gdp-2025q3").numeric)


def test_spillover_via_export_shares() -> None:
    we = wealth_effect(1000, 0.5, mpc=0.04, import_content=0.25, partners={"A": (0.2, 100.0), "B": (0.1, 50.0)})
    # drop 20; imports fall 5; A loses 1 (1% of its GDP), B 0.5 (1%)
    assert we.consumption_drop == pytest.approx(20)
    assert we.spillover.loc["A", "export_loss"] == pytest.approx(1.0)
    assert we.spillover.loc["B", "gdp_impact_share"] == pytest.approx(0.01)
    d = we.to_dict()
    assert d["inputs"]["mpc"] == 0.04 and len(d["spillover"]) == 2
    assert we.plot().data


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((-1, 0.3), {}, "household_equity_wealth"),
        ((100, 1.3), {}, "drawdown"),
        ((100, 0.3), {"mpc": -0.1}, "mpc"),
        ((100, 0.3), {"mpc_range": (0.05, 0.02)}, "mpc_range"),
        ((100, 0.3), {"household_wealth": 50}, "smaller"),
        ((100, 0.3), {"gdp": 0}, "gdp"),
        ((100, 0.3), {"partners": {"A": (0.1, 10)}}, "import_content"),
        ((100, 0.3), {"import_content": 0.2}, "partners"),
        ((100, float("nan")), {}, "drawdown"),
    ],
)
def test_wealth_effect_bad_input(args, kwargs, match) -> None:
    with pytest.raises(InputError, match=match):
        wealth_effect(*args, **kwargs)


def test_default_probability_hand_computed() -> None:
    # 300 bp, R = 40%: λ = 0.03 / 0.6 = 0.05; 1-year PD = 1 − e^−0.05; 5-year PD = 1 − e^−0.25
    assert hazard_rate_from_spread(300) == pytest.approx(0.05)
    assert default_probability_from_spread(300) == pytest.approx(1 - math.exp(-0.05))
    assert default_probability_from_spread(0.03, horizon=5, unit="fraction") == pytest.approx(1 - math.exp(-0.25))
    s = pd.Series([100.0, 200.0], index=["ORCL", "CRWV"])
    out = default_probability_from_spread(s, recovery=0.4)
    assert isinstance(out, pd.Series) and list(out.index) == ["ORCL", "CRWV"]
    assert default_probability_from_spread(0) == 0.0


@given(st.floats(0, 5000), st.floats(0, 0.95), st.floats(0.1, 30))
def test_default_probability_properties(spread, recovery, horizon) -> None:
    p = default_probability_from_spread(spread, recovery, horizon)
    assert 0.0 <= p <= 1.0
    assert default_probability_from_spread(spread * 1.1 + 1, recovery, horizon) >= p
    # small-spread limit: PD ≈ λT
    lam = spread / 1e4 / (1 - recovery)
    assert p <= lam * horizon + 1e-12


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((-5,), {}, "spread"),
        ((np.nan,), {}, "NaN"),
        ((100,), {"recovery": 1.0}, "recovery"),
        ((100,), {"horizon": 0}, "horizon"),
        ((100,), {"unit": "pct"}, "unit"),
    ],
)
def test_default_probability_bad_input(args, kwargs, match) -> None:
    with pytest.raises(InputError, match=match):
        default_probability_from_spread(*args, **kwargs)
