"""Who gets hurt if it bursts: exposure networks, contagion (DebtRank, Eisenberg–Noe), wealth effect.

Public API::

    net = load_network("ai-2023")                  # or a YAML file
    sc = load_shock_scenario("openai-shortfall")   # or a YAML file
    res = run_stress(net, sc, method="debtrank")   # or "eisenberg-noe"
    res.summary(); res.to_frame(); res.plot(); res.to_dict()
    wealth_effect(42_000, 0.37, gdp=31_095)        # USD bn
    default_probability_from_spread(250)           # bp → 1-year default probability
"""

from __future__ import annotations

from bubblescope.stress.contagion import ClearingResult, DebtRankResult, debtrank, eisenberg_noe
from bubblescope.stress.macro import (
    DEFAULT_MPC,
    MPC_RANGE,
    WealthEffect,
    default_probability_from_spread,
    hazard_rate_from_spread,
    wealth_effect,
)
from bubblescope.stress.network import Edge, Network, Node, load_network, packaged_networks, parse_network
from bubblescope.stress.run import METHODS, StressResult, run_stress
from bubblescope.stress.scenario import Scenario, load_shock_scenario, packaged_scenarios, parse_scenario

__all__ = [
    "DEFAULT_MPC",
    "METHODS",
    "MPC_RANGE",
    "ClearingResult",
    "DebtRankResult",
    "Edge",
    "Network",
    "Node",
    "Scenario",
    "StressResult",
    "WealthEffect",
    "debtrank",
    "default_probability_from_spread",
    "eisenberg_noe",
    "hazard_rate_from_spread",
    "load_network",
    "load_shock_scenario",
    "packaged_networks",
    "packaged_scenarios",
    "parse_network",
    "parse_scenario",
    "run_stress",
    "wealth_effect",
]
