"""The what-if model behind the dashboard: assumptions in, every headline number out (pure, no I/O).

:class:`Assumptions` holds what a user can move on the dashboard, in the units people quote
(USD bn, % and years for the economics; fractions 0–1 for shocks and the MPC, as in the stress
package). :func:`compute_whatif` turns them into a :class:`WhatIfResult` by calling the package's
own APIs — :func:`bubblescope.economics.run_scenario`, :func:`bubblescope.stress.run_stress` and
:func:`bubblescope.framework.score_episode` — on the data held by a :class:`DashboardData` (loaded
once by :func:`bubblescope.dashboard.data.load_dashboard_data`). The only arithmetic written here is
the revenue-growth projection (a compound-growth line, too small to need a library).

Conventions:

* ``capex_scale_pct`` scales the *assumed* capex path (2026–2028 in the packaged scenarios) and the
  2025–2028 financing need by the same proportional change; reported and guided years stay put.
* The AI-equity shock hits the AI-linked stocks; ``market_drawdown`` hits the rest of US stocks and
  the AI stocks at least as much (the network's equity_drawdown shocks take the larger loss).
* ``score_with_whatif`` feeds the what-if revenue coverage (actual / required revenue, headline
  method) into the uncertainty factor as a clearly labelled computed record.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.economics import CapexAssessment, run_scenario
from bubblescope.economics import Scenario as CapexScenario
from bubblescope.economics.scenario import CAPEX_YEARS
from bubblescope.errors import InputError
from bubblescope.evidence.loader import EvidenceBase
from bubblescope.evidence.schema import FACTORS, EvidenceRecord, Source
from bubblescope.framework import FourFactorResult, score_episode
from bubblescope.results import Result, to_jsonable
from bubblescope.stress import DEFAULT_MPC, METHODS, Network, StressResult, WealthEffect, run_stress
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
    sc = _capex(data, capex_scenario)
    shocks = _shock_values(_shock(data, shock_scenario))
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
        mpc=DEFAULT_MPC,
        **shocks,
    )


def assumption_sources(data: DashboardData, assumptions: Assumptions) -> pd.DataFrame:
    """One row per assumption: label, current value, unit, the scenario default and its source."""
    sc = _capex(data, assumptions.capex_scenario)
    shock = _shock(data, assumptions.shock_scenario)
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


def _capex(data: DashboardData, name: str) -> CapexScenario:
    try:
        return data.capex_scenarios[name]
    except KeyError:
        raise InputError(f"unknown capex scenario {name!r} (known: {', '.join(sorted(data.capex_scenarios))})") from None


def _shock(data: DashboardData, name: str) -> ShockScenario:
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


@dataclass(frozen=True)
class WhatIfResult(Result):
    """Every headline number of one set of assumptions.

    ``economics`` is the capex assessment (revenue gap, depreciation gap, financing gap);
    ``revenue_path`` the projected AI revenue (USD bn/yr) by year against the required revenue;
    ``stress`` the network losses (None when every shock is 0); ``wealth`` the households' wealth
    effect (None without a stock-market loss); ``score`` the four-factor result. ``metrics`` holds the
    headline numbers, units in :data:`METRIC_UNITS`.
    """

    assumptions: Assumptions
    economics: CapexAssessment
    revenue_path: pd.DataFrame
    stress: StressResult | None
    score: FourFactorResult
    metrics: dict[str, float]

    @property
    def wealth(self) -> WealthEffect | None:
        return None if self.stress is None else self.stress.macro

    def summary(self) -> str:
        m = self.metrics
        yrs = m["years_to_close_gap"]
        close = "never at this growth" if not math.isfinite(yrs) else f"in {yrs:.1f} years ({m['year_gap_closed']:.0f})"
        lines = [
            f"Revenue gap {m['revenue_gap']:,.0f} USD bn/yr (required {m['required_revenue']:,.0f}, "
            f"actual {m['actual_revenue']:,.0f}); revenue reaches the requirement {close}",
            f"Depreciation understated by {m['depreciation_gap']:,.0f} USD bn; financing gap {m['financing_gap']:,.0f} USD bn",
        ]
        if self.stress is None:
            lines.append("Stress: no shock")
        else:
            lines.append(f"Stress: total loss {m['stress_total_loss']:,.0f} USD bn, {m['stress_defaults']:.0f} default(s); "
                         f"consumption drop {m['consumption_drop']:,.0f} USD bn/yr ({m['consumption_drop_share_of_gdp']:.2%} of GDP)")
        lines.append(f"Four-factor score {self.score.total}/8")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"value": pd.Series(self.metrics, dtype=float),
                             "unit": pd.Series({k: METRIC_UNITS.get(k, "") for k in self.metrics})})

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({
            "assumptions": {f.name: getattr(self.assumptions, f.name) for f in fields(self.assumptions)},
            "metrics": self.metrics,
            "units": {k: METRIC_UNITS.get(k, "") for k in self.metrics},
            "revenue_path": self.revenue_path.reset_index(),
            "stress": None if self.stress is None else self.stress.to_dict(),
            "score": self.score.to_dict(),
        })

    def plot(self) -> Any:
        """The revenue projection against the required revenue (see :mod:`bubblescope.dashboard.charts`)."""
        from bubblescope.dashboard.charts import revenue_figure

        return revenue_figure(self)


METRIC_UNITS: dict[str, str] = {
    "required_revenue": "USD bn/yr", "actual_revenue": "USD bn/yr", "revenue_gap": "USD bn/yr",
    "sequoia_required": "USD bn/yr", "roic_annuity_required": "USD bn/yr",
    "roic_perpetuity_required": "USD bn/yr", "bain_required": "USD bn/yr",
    "revenue_coverage_pct": "%", "years_to_close_gap": "years", "year_gap_closed": "year",
    "revenue_at_horizon": "USD bn/yr", "depreciation_gap": "USD bn", "depreciation_gap_share_of_income": "fraction",
    "financing_gap": "USD bn", "financing_need": "USD bn", "stress_total_loss": "USD bn",
    "stress_direct_loss": "USD bn", "stress_contagion_loss": "USD bn", "stress_defaults": "count",
    "wealth_loss": "USD bn", "consumption_drop": "USD bn/yr", "consumption_drop_share_of_gdp": "fraction",
    "score_total": "points of 8", "score_computed_total": "points of 8",
    **{f"score_{f}": "points of 2" for f in FACTORS},
}


def _capex_inputs(sc: CapexScenario, a: Assumptions) -> dict[str, float]:
    scale = a.capex_scale_pct / 100.0
    values: dict[str, float] = {
        "chip_life_economic": a.chip_life_economic,
        "chip_life_reported": a.chip_life_reported,
        "invested_capital": a.invested_capital,
        "actual_ai_revenue": a.ai_revenue,
        "operating_margin": a.operating_margin_pct,
        "end_user_gross_margin": a.end_user_gross_margin_pct,
        "target_return": a.target_return_pct,
        "cash_flow_cover": a.cash_flow_cover,
    }
    years = [y for y in ASSUMED_CAPEX_YEARS if f"capex_{y}" in sc.inputs]
    for y in years:
        values[f"capex_{y}"] = sc.value(f"capex_{y}") * scale
    base_fin = sum(sc.value(f"capex_{y}") for y in FINANCING_CAPEX_YEARS)
    new_fin = sum(values.get(f"capex_{y}", sc.value(f"capex_{y}")) for y in FINANCING_CAPEX_YEARS)
    if base_fin > 0 and not math.isclose(new_fin, base_fin):
        values["capex_need"] = max(sc.value("capex_need") * new_fin / base_fin, 1e-9)
    # only what differs from the scenario is an override (keeps the scenario's sources on the rest)
    return {k: v for k, v in values.items() if not math.isclose(v, sc.value(k), rel_tol=1e-12, abs_tol=0.0)}


def _revenue_path(a: Assumptions, start_year: int, required: float) -> tuple[pd.DataFrame, float]:
    g = a.ai_revenue_growth_pct / 100.0
    years = np.arange(start_year, max(a.horizon_year, start_year) + 1)
    revenue = a.ai_revenue * (1.0 + g) ** (years - start_year)
    frame = pd.DataFrame({"revenue": revenue, "required": required}, index=pd.Index(years, name="year"))
    if a.ai_revenue >= required:
        t = 0.0
    elif a.ai_revenue <= 0 or g <= 0:
        t = math.inf
    else:
        t = math.log(required / a.ai_revenue) / math.log1p(g)
    return frame, t


def compute_whatif(data: DashboardData, a: Assumptions) -> WhatIfResult:
    """Run the economics, the stress test and the four-factor score on one set of assumptions."""
    a.validate()
    sc = _capex(data, a.capex_scenario).with_values(_capex_inputs(_capex(data, a.capex_scenario), a),
                                                    source="dashboard what-if")
    econ = run_scenario(sc)
    required = econ.required_revenue
    path, years = _revenue_path(a, data.revenue_year, required)
    shock = whatif_shock_scenario(_shock(data, a.shock_scenario), a)
    stress = None if shock is None else run_stress(data.network, shock, method=a.stress_method, mpc=a.mpc)

    base = data.evidence
    coverage = 100.0 * a.ai_revenue / required
    if a.score_with_whatif:
        rec = EvidenceRecord(
            id=f"{EPISODE}.whatif.revenue-coverage", episode=EPISODE, informs=["uncertainty"],
            metric="revenue_coverage_pct", value=round(coverage, 9), unit="%",
            as_of=str(data.revenue_year),
            source=Source(organisation="bubblescope dashboard (what-if)",
                          title=f"AI revenue {a.ai_revenue:,.0f} / required {required:,.0f} USD bn a year "
                                f"({sc.headline}, your assumptions)"),
            note="Computed from the dashboard's assumptions, not a published figure.",
        )
        base = base.with_records([rec], origin="dashboard what-if")
    overrides = {f: (int(p), "dashboard what-if override") for f, p in a.overrides.items()}
    score = score_episode(EPISODE, base=base, overrides=overrides or None)

    dep = econ.depreciation
    share = dep.cumulative_share_of_earnings
    metrics: dict[str, float] = {
        "required_revenue": required,
        "actual_revenue": econ.actual_revenue,
        "revenue_gap": econ.revenue_gap,
        **{f"{k}_required": v.required_revenue for k, v in econ.revenue.items()},
        "revenue_coverage_pct": coverage,
        "years_to_close_gap": years,
        "year_gap_closed": data.revenue_year + years if math.isfinite(years) else math.inf,
        "revenue_at_horizon": float(path["revenue"].iloc[-1]),
        "depreciation_gap": dep.cumulative_understatement,
        "depreciation_gap_share_of_income": math.nan if share is None else share,
        "financing_gap": econ.financing.gap,
        "financing_need": econ.financing.capex_need,
        "stress_total_loss": 0.0, "stress_direct_loss": 0.0, "stress_contagion_loss": 0.0, "stress_defaults": 0.0,
        "wealth_loss": 0.0, "consumption_drop": 0.0, "consumption_drop_share_of_gdp": 0.0,
        "score_total": float(score.total),
        "score_computed_total": float(score.computed_total),
        **{f"score_{f.factor}": float(f.points) for f in score.factors},
    }
    if stress is not None:
        metrics["stress_total_loss"] = stress.totals["total_loss"]
        metrics["stress_direct_loss"] = stress.totals["direct_loss"]
        metrics["stress_contagion_loss"] = stress.totals["contagion_loss"]
        metrics["stress_defaults"] = stress.totals["defaults"]
        if stress.macro is not None:
            metrics["wealth_loss"] = stress.macro.wealth_loss
            metrics["consumption_drop"] = stress.macro.consumption_drop
            share_gdp = stress.macro.consumption_drop_share_of_gdp
            metrics["consumption_drop_share_of_gdp"] = math.nan if share_gdp is None else share_gdp
    return WhatIfResult(a, econ, path, stress, score, metrics)
