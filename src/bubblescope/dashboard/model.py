"""The what-if model behind the dashboard: assumptions in, every headline number out (pure, no I/O).

:func:`compute_whatif` turns an :class:`~bubblescope.dashboard.assumptions.Assumptions` into a
:class:`WhatIfResult` by calling the package's own APIs — :func:`bubblescope.economics.run_scenario`,
:func:`bubblescope.stress.run_stress` and :func:`bubblescope.framework.score_episode` — on the data
held by a :class:`~bubblescope.dashboard.assumptions.DashboardData`. The only arithmetic written here
is the revenue-growth projection (a compound-growth line, too small to need a library).

Conventions:

* ``capex_scale_pct`` scales the *assumed* capex path (2026–2028 in the packaged scenarios) and the
  2025–2028 financing need by the same proportional change; reported and guided years stay put.
* ``score_with_whatif`` feeds the what-if revenue coverage (actual / required revenue, headline
  method) into the uncertainty factor as a clearly labelled computed record.

The assumptions' names (``Assumptions``, ``DashboardData``, ``default_assumptions``, ...) are also
importable from here, as in 0.1.0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from bubblescope.dashboard.assumptions import (
    AI_EQUITIES,
    ASSUMED_CAPEX_YEARS,
    EPISODE,
    FINANCING_CAPEX_YEARS,
    MPC_SOURCE,
    OTHER_EQUITIES,
    SHORTFALL_NODE,
    Assumptions,
    DashboardData,
    assumption_sources,
    default_assumptions,
    find_capex_scenario,
    find_shock_scenario,
    whatif_shock_scenario,
)
from bubblescope.economics import CapexAssessment, run_scenario
from bubblescope.economics import Scenario as CapexScenario
from bubblescope.economics.needed import revenue_needed
from bubblescope.errors import InputError
from bubblescope.evidence.schema import FACTORS, EvidenceRecord, Source
from bubblescope.framework import FourFactorResult, score_episode
from bubblescope.results import Result, to_jsonable
from bubblescope.stress import StressResult, WealthEffect, run_stress

__all__ = [
    "AI_EQUITIES",
    "ASSUMED_CAPEX_YEARS",
    "EPISODE",
    "FINANCING_CAPEX_YEARS",
    "METRIC_UNITS",
    "MPC_SOURCE",
    "OTHER_EQUITIES",
    "SHORTFALL_NODE",
    "Assumptions",
    "DashboardData",
    "WhatIfResult",
    "assumption_sources",
    "compute_whatif",
    "default_assumptions",
    "whatif_shock_scenario",
]


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
    needed: Any = None  # economics.needed.RevenueNeeded of the what-if scenario

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
        """The revenue projection against the required revenue (:mod:`bubblescope.economics.charts`)."""
        from bubblescope.economics.charts import revenue_projection_figure

        return revenue_projection_figure(self.revenue_path, self.assumptions.ai_revenue_growth_pct)


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


def _revenue_path(a: Assumptions, start_year: int, required: float, ceiling: float) -> tuple[pd.DataFrame, float]:
    """Compound growth capped at ``ceiling`` (:mod:`bubblescope.economics.projection`, issue 18)."""
    from bubblescope.economics.projection import capped_projection, years_to_reach

    g = a.ai_revenue_growth_pct / 100.0
    frame = capped_projection(a.ai_revenue, g, start_year, a.horizon_year, ceiling)
    frame["required"] = required
    return frame, years_to_reach(a.ai_revenue, g, required, ceiling)


def _ceiling(data: DashboardData) -> float:
    from bubblescope.economics.projection import CEILING_RECORD

    rec = data.evidence.records.get(CEILING_RECORD)
    if rec is None or rec.numeric is None:
        raise InputError(f"the revenue-projection ceiling needs evidence record {CEILING_RECORD}")
    return float(rec.numeric)


def compute_whatif(data: DashboardData, a: Assumptions) -> WhatIfResult:
    """Run the economics, the stress test and the four-factor score on one set of assumptions."""
    a.validate()
    preset = find_capex_scenario(data, a.capex_scenario)
    sc = preset.with_values(_capex_inputs(preset, a), source="dashboard what-if")
    econ = run_scenario(sc)
    # the one revenue-needed figure of the product (economics.needed: phased, last capex year), as in the
    # score, the economics section, the report and the verdict
    needed = revenue_needed(sc)
    required = needed.central
    path, years = _revenue_path(a, data.revenue_year, required, _ceiling(data))
    shock = whatif_shock_scenario(find_shock_scenario(data, a.shock_scenario), a)
    stress = None if shock is None else run_stress(data.network, shock, method=a.stress_method, mpc=a.mpc)

    base = data.evidence
    coverage = 100.0 * a.ai_revenue / required
    if a.score_with_whatif:
        rec = EvidenceRecord(
            id=f"{EPISODE}.whatif.revenue-coverage", episode=EPISODE, informs=["uncertainty"],
            metric="revenue_coverage_pct", value=round(coverage, 9), unit="%", coded_by="bubblescope",
            as_of=str(data.revenue_year),
            source=Source(organisation="bubblescope dashboard (what-if)",
                          title=f"AI revenue {a.ai_revenue:,.0f} / required {required:,.0f} USD bn a year "
                                "(phased, your assumptions)"),
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
        "revenue_gap": required - econ.actual_revenue,
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
    return WhatIfResult(a, econ, path, stress, score, metrics, needed)


def whatif_verdict(res: WhatIfResult, market: Sequence[Any] = (), as_of: str | None = None) -> Any:
    """The verdict (:mod:`bubblescope.verdict`) on the what-if: the score's, the revenue needed's and the
    stress test's signals, and the market tab's PSY / LPPLS signals where their results offer them."""
    import datetime as dt

    from bubblescope.verdict import judge

    sig = list(res.score.to_signals())
    if res.needed is not None:
        sig += res.needed.to_signals()
    if res.stress is not None:
        sig += res.stress.to_signals()
    for m in market:
        for r in (m.psy, m.lppls):
            fn = getattr(r, "to_signals", None)
            if callable(fn):
                sig += fn()
    return judge(sig, episode=EPISODE, episode_name="the generative-AI boom (your assumptions)",
                 as_of=as_of or dt.date.today().isoformat())
