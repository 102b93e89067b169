"""What a dashboard user moves and where its defaults come from (pure, no I/O).

:class:`Assumptions` holds what a user can move on the dashboard, in the units people quote
(USD bn, % and years for the economics; fractions 0–1 for shocks and the MPC, as in the stress
package). :func:`default_assumptions` reads them off the packaged scenarios held by a
:class:`DashboardData` (loaded once by :func:`bubblescope.dashboard.data.load_dashboard_data`),
:func:`assumption_sources` cites each default, and :func:`whatif_shock_scenario` turns the shock
sliders into a stress scenario. :mod:`bubblescope.dashboard.model` computes the results.

Conventions:

* The AI-equity shock hits the AI-linked stocks; ``market_drawdown`` hits the rest of US stocks and
  the AI stocks at least as much (the network's equity_drawdown shocks take the larger loss).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from bubblescope.economics import Scenario as CapexScenario
from bubblescope.economics.scenario import CAPEX_YEARS
from bubblescope.errors import InputError
from bubblescope.evidence.loader import EvidenceBase
from bubblescope.evidence.schema import FACTORS
from bubblescope.stress import DEFAULT_MPC, METHODS, Network
from bubblescope.stress.scenario import AssetWritedown, EquityDrawdown, PaymentShortfall
from bubblescope.stress.scenario import Scenario as ShockScenario

EPISODE = "ai-2023"
AI_EQUITIES, OTHER_EQUITIES, SHORTFALL_NODE = "ai-equities", "other-us-equities", "openai"
#: Years of the assumed (not reported or guided) capex path the scale applies to.
ASSUMED_CAPEX_YEARS: tuple[int, ...] = (2026, 2027, 2028)
FINANCING_CAPEX_YEARS: tuple[int, ...] = (2025, 2026, 2027, 2028)
MPC_SOURCE = ("Chodorow-Reich, Nenov & Simsek (2021), American Economic Review 111(5): about 3.2 cents of "
              "consumption per dollar of stock wealth (bubblescope.stress.DEFAULT_MPC)")


@dataclass(frozen=True)
class DashboardData:
    """Everything the dashboard reads, loaded once (packaged data plus the user's ``--data-dir``).

    ``capex_scenarios`` and ``shock_scenarios`` map a name to a scenario; ``growth_default`` is the
    default AI-revenue growth in % a year with its source; ``revenue_year`` the as-of year of the AI
    revenue figure (the first year of the projection); ``ignored`` lists data-dir files not used, with why.
    """

    evidence: EvidenceBase
    capex_scenarios: dict[str, CapexScenario]
    shock_scenarios: dict[str, ShockScenario]
    network: Network
    growth_default: tuple[float, str]
    revenue_year: int
    data_dir: str | None = None
    ignored: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assumptions:
    """What the user moves. Money in USD bn, rates and margins in %, lives in years; shocks and the
    MPC as fractions (0.3 = 30%). ``overrides`` maps a factor to 0, 1 or 2 points (analyst override)."""

    capex_scenario: str = "base"
    shock_scenario: str = "ai-bust"
    chip_life_economic: float = 3.0
    chip_life_reported: float = 6.0
    capex_scale_pct: float = 100.0
    invested_capital: float = 5000.0
    ai_revenue: float = 50.0
    ai_revenue_growth_pct: float = 30.0
    operating_margin_pct: float = 50.0
    end_user_gross_margin_pct: float = 50.0
    target_return_pct: float = 10.0
    cash_flow_cover: float = 1400.0
    openai_shortfall: float = 0.0
    gpu_value_loss: float = 0.0
    ai_equity_drawdown: float = 0.0
    market_drawdown: float = 0.0
    mpc: float = DEFAULT_MPC
    stress_method: str = "debtrank"
    overrides: Mapping[str, int] = field(default_factory=dict)
    score_with_whatif: bool = True
    horizon_year: int = 2035

    def replace(self, **changes: Any) -> Assumptions:
        return replace(self, **changes)

    def validate(self) -> Assumptions:
        """Raise InputError (one line) for any value out of range; returns self."""
        def rng(name: str, lo: float, hi: float, unit: str = "", lo_open: bool = False) -> None:
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise InputError(f"{name} must be a finite number (got {v!r})")
            if v > hi or v < lo or (lo_open and v == lo):
                raise InputError(f"{name} must be {'above' if lo_open else 'at least'} {lo:g}{unit} "
                                 f"and at most {hi:g}{unit} (got {v:g}{unit})")

        rng("chip_life_economic", 0, 30, " years", lo_open=True)
        rng("chip_life_reported", 0, 30, " years", lo_open=True)
        rng("capex_scale_pct", 0, 1000, "%")
        rng("invested_capital", 0, 1e6, " USD bn", lo_open=True)
        rng("ai_revenue", 0, 1e6, " USD bn")
        rng("ai_revenue_growth_pct", -99, 1000, "%")
        rng("operating_margin_pct", 0, 99.9, "%", lo_open=True)
        rng("end_user_gross_margin_pct", 0, 99.9, "%", lo_open=True)
        rng("target_return_pct", -99, 100, "%")
        rng("cash_flow_cover", 0, 1e6, " USD bn")
        for name in ("openai_shortfall", "gpu_value_loss", "ai_equity_drawdown", "market_drawdown", "mpc"):
            rng(name, 0, 1)
        rng("horizon_year", 2000, 2100)
        if self.stress_method not in METHODS:
            raise InputError(f"stress_method must be one of {', '.join(METHODS)} (got {self.stress_method!r})")
        for f, p in self.overrides.items():
            if f not in FACTORS:
                raise InputError(f"override: unknown factor {f!r} (factors: {', '.join(FACTORS)})")
            if isinstance(p, bool) or p not in (0, 1, 2):
                raise InputError(f"override {f}: points must be 0, 1 or 2 (got {p!r})")
        return self


def default_assumptions(data: DashboardData, capex_scenario: str = "base",
                        shock_scenario: str = "ai-bust") -> Assumptions:
    """The assumptions as the named scenarios set them (see :func:`assumption_sources` for why)."""
    sc = find_capex_scenario(data, capex_scenario)
    shocks = _shock_values(find_shock_scenario(data, shock_scenario))
    return Assumptions(
        capex_scenario=capex_scenario,
        shock_scenario=shock_scenario,
        chip_life_economic=sc.value("chip_life_economic"),
        chip_life_reported=sc.value("chip_life_reported"),
        capex_scale_pct=100.0,
        invested_capital=sc.value("invested_capital"),
        ai_revenue=sc.value("actual_ai_revenue"),
        ai_revenue_growth_pct=round(data.growth_default[0], 1),
        operating_margin_pct=sc.value("operating_margin"),
        end_user_gross_margin_pct=sc.value("end_user_gross_margin"),
        target_return_pct=sc.value("target_return"),
        cash_flow_cover=sc.value("cash_flow_cover"),
        openai_shortfall=shocks["openai_shortfall"],
        gpu_value_loss=shocks["gpu_value_loss"],
        ai_equity_drawdown=shocks["ai_equity_drawdown"],
        market_drawdown=shocks["market_drawdown"],
        mpc=DEFAULT_MPC,
    )


def assumption_sources(data: DashboardData, assumptions: Assumptions) -> pd.DataFrame:
    """One row per assumption: label, current value, unit, the scenario default and its source."""
    sc = find_capex_scenario(data, assumptions.capex_scenario)
    shock = find_shock_scenario(data, assumptions.shock_scenario)
    d = default_assumptions(data, assumptions.capex_scenario, assumptions.shock_scenario)
    shock_src = f"stress scenario {shock.id!r}: {shock.title}"

    def econ(key: str) -> str:
        i = sc.inputs[key]
        return i.source + (f" [evidence {i.evidence}]" if i.evidence else "")

    capex_path = ", ".join(f"{y}: {sc.value(f'capex_{y}'):,.0f}" for y in CAPEX_YEARS)
    rows = [
        ("chip_life_economic", "Economic life of AI chips", "years", econ("chip_life_economic")),
        ("chip_life_reported", "Reported useful life of servers", "years", econ("chip_life_reported")),
        ("capex_scale_pct", "Assumed capex path 2026-2028 (and financing need), % of scenario", "%",
         f"capex scenario {sc.name!r} ({capex_path} USD bn): {econ('capex_2026')}"),
        ("invested_capital", "Cumulative AI investment I", "USD bn", econ("invested_capital")),
        ("ai_revenue", f"AI revenue a year ({data.revenue_year})", "USD bn/yr", econ("actual_ai_revenue")),
        ("ai_revenue_growth_pct", "AI revenue growth", "% a year", data.growth_default[1]),
        ("operating_margin_pct", "Operating margin m (ROIC methods)", "%", econ("operating_margin")),
        ("end_user_gross_margin_pct", "End-user gross margin (Sequoia)", "%", econ("end_user_gross_margin")),
        ("target_return_pct", "Target return on invested capital r", "%", econ("target_return")),
        ("cash_flow_cover", "Capex covered by operating cash flow 2025-2028", "USD bn", econ("cash_flow_cover")),
        ("openai_shortfall", "OpenAI: share of compute commitments unpaid", "fraction", shock_src),
        ("gpu_value_loss", "GPU value write-down", "fraction", shock_src),
        ("ai_equity_drawdown", "AI equities drawdown", "fraction", shock_src),
        ("market_drawdown", "Rest of US stocks drawdown", "fraction", shock_src),
        ("mpc", "Consumption per dollar of stock wealth lost (MPC)", "USD per USD", MPC_SOURCE),
    ]
    out = [{"assumption": k, "label": label, "value": getattr(assumptions, k), "default": getattr(d, k),
            "unit": unit, "changed": not math.isclose(getattr(assumptions, k), getattr(d, k), rel_tol=1e-9,
                                                      abs_tol=1e-12),
            "source": src} for k, label, unit, src in rows]
    return pd.DataFrame(out)


def find_capex_scenario(data: DashboardData, name: str) -> CapexScenario:
    try:
        return data.capex_scenarios[name]
    except KeyError:
        raise InputError(f"unknown capex scenario {name!r} (known: {', '.join(sorted(data.capex_scenarios))})") from None


def find_shock_scenario(data: DashboardData, name: str) -> ShockScenario:
    try:
        return data.shock_scenarios[name]
    except KeyError:
        raise InputError(f"unknown stress scenario {name!r} (known: {', '.join(sorted(data.shock_scenarios))})") from None


def _shock_values(sc: ShockScenario) -> dict[str, float]:
    """The four dashboard shocks as a packaged scenario sets them (0 when it has no such shock)."""
    out = {"openai_shortfall": 0.0, "gpu_value_loss": 0.0, "ai_equity_drawdown": 0.0, "market_drawdown": 0.0}
    for s in sc.shocks:
        if isinstance(s, PaymentShortfall) and s.node == SHORTFALL_NODE:
            out["openai_shortfall"] = round(1.0 - s.pays_share, 9)
        elif isinstance(s, AssetWritedown) and s.nodes is None:
            out["gpu_value_loss"] = s.loss
        elif isinstance(s, EquityDrawdown):
            if OTHER_EQUITIES in s.nodes:
                out["market_drawdown"] = max(out["market_drawdown"], s.loss)
            elif AI_EQUITIES in s.nodes:
                out["ai_equity_drawdown"] = max(out["ai_equity_drawdown"], s.loss)
    if out["market_drawdown"] > out["ai_equity_drawdown"]:
        out["ai_equity_drawdown"] = out["market_drawdown"]
    return out


def _replaced(s: Any) -> bool:
    """True for the shocks the dashboard's sliders replace (GPU write-down of all holders, equity
    drawdowns of the AI and other US stocks)."""
    if isinstance(s, AssetWritedown):
        return s.nodes is None
    return isinstance(s, EquityDrawdown) and set(s.nodes) <= {AI_EQUITIES, OTHER_EQUITIES}


def whatif_shock_scenario(base: ShockScenario, a: Assumptions) -> ShockScenario | None:
    """The preset scenario with its four dashboard shocks replaced by the user's (None: no shock at all).

    Shocks the dashboard does not model (other nodes) are kept as the preset has them.
    """
    kept = []
    equity_loss = 1.0
    for s in base.shocks:
        if isinstance(s, PaymentShortfall) and s.node == SHORTFALL_NODE:
            equity_loss = s.equity_loss
        elif not _replaced(s):
            kept.append(s)
    new: list[Any] = []
    if a.openai_shortfall > 0:
        new.append(PaymentShortfall(type="payment_shortfall", node=SHORTFALL_NODE, pays=1.0 - a.openai_shortfall,
                                    equity_loss=equity_loss))
    if a.gpu_value_loss > 0:
        new.append(AssetWritedown(type="asset_writedown", loss=a.gpu_value_loss))
    ai_loss = max(a.ai_equity_drawdown, a.market_drawdown)
    if ai_loss > 0:
        new.append(EquityDrawdown(type="equity_drawdown", nodes=[AI_EQUITIES], loss=ai_loss))
    if a.market_drawdown > 0:
        new.append(EquityDrawdown(type="equity_drawdown", nodes=[OTHER_EQUITIES], loss=a.market_drawdown))
    shocks = [*kept, *new]
    if not shocks:
        return None
    return base.model_copy(update={"id": "what-if", "title": f"What-if (from {base.id})", "shocks": shocks})
