"""Run a capex scenario through every model of the package: :func:`run_scenario` → :class:`CapexAssessment`.

Pure: no I/O. Each model gets its inputs from the :class:`~bubblescope.economics.inputs.Scenario`
(percentages converted to fractions), one small step per model below.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.economics.chips import ChipDecay, chip_value_decay
from bubblescope.economics.depreciation import DepreciationGap, depreciation_gap
from bubblescope.economics.financing import FinancingGap, financing_gap
from bubblescope.economics.inputs import (
    AI_CAPEX_START,
    CAPEX_YEARS,
    FINANCING_SOURCES,
    HEADLINE_METHODS,
    Scenario,
)
from bubblescope.economics.power import PowerConstraint, PowerPath, power_constraint, power_path
from bubblescope.economics.revenue import (
    RequiredRevenue,
    RoicImplied,
    bain_required_revenue,
    roic_implied,
    roic_required_revenue,
    sequoia_required_revenue,
)
from bubblescope.economics.revenue_path import RevenuePath, required_revenue_path
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal

#: Units of :attr:`CapexAssessment.metrics` (anything not listed is in USD bn).
METRIC_UNITS: dict[str, str] = {
    "required_revenue": "USD bn/yr",
    "actual_revenue": "USD bn/yr",
    "revenue_gap": "USD bn/yr",
    **{f"{m}_{k}": "USD bn/yr" for m in HEADLINE_METHODS for k in ("required", "gap")},
    "jpm_investment_per_margin": "USD bn",
    "depreciation_understatement": "USD bn",
    "chip_half_life": "years",
    "breakeven_utilisation": "fraction",
    "breakeven_utilisation_idle": "fraction",
    "financing_gap": "USD bn",
    "implied_gw_per_year": "GW/yr",
    "idle_capex": "USD bn",
    "idle_cost_per_year_of_delay": "USD bn/yr",
    "path_implied_gw_last_year": "GW",
    "path_connectable_gw_last_year": "GW",
    "path_idle_capex_last_year": "USD bn",
    "path_required_revenue_last_capex_year": "USD bn/yr",
}


@dataclass(frozen=True)
class CapexAssessment(Result):
    """The economics of an AI capex scenario: revenue needed vs actual, depreciation, chips, financing, power.

    Headline: ``required_revenue`` and ``revenue_gap`` (USD bn a year) under the scenario's headline
    method; every method is in ``revenue``.
    """

    scenario: Scenario
    revenue: dict[str, RequiredRevenue]
    jpm_implied: RoicImplied | None  # None when the target return is 0%
    depreciation: DepreciationGap
    chips: ChipDecay
    financing: FinancingGap
    power: PowerConstraint
    power_path: PowerPath
    revenue_path: RevenuePath
    metrics: dict[str, float] = field(default_factory=dict)
    #: the one revenue-needed figure (an ``economics.needed.RevenueNeeded``) and the published estimates
    #: (``economics.published.PublishedEstimates``), filled by ``economics.needed.complete_assessment``;
    #: None when the assessment was made from a scenario alone (typed Any: those modules import this one)
    needed: Any = None
    published: Any = None

    @property
    def range(self) -> Any:
        """The one revenue-needed figure with its low / central / high (None before complete_assessment)."""
        return self.needed

    def to_signals(self) -> list[Signal]:
        """Economics signals: revenue coverage (the phased figure) and the depreciation understatement."""
        out = list(self.needed.to_signals()) if self.needed is not None else []
        dep = self.depreciation
        share = dep.cumulative_share_of_earnings
        if share is not None:
            a, b = dep.period
            out.append(Signal(
                family="economics", name="economics:depreciation_understatement",
                label="Depreciation understated by long reported chip lives",
                reading=(f"{dep.cumulative_understatement:,.0f} USD bn over {a}-{b} at {dep.economic_life:g} vs "
                         f"{dep.reported_life:g} years ({share:.1%} of reported pre-tax income)"),
                value=share, unit="fraction", bubble=min(1.0, max(0.0, share / 0.25)),
                rule="bubble = understatement / reported pre-tax income over the period / 25%, clipped to [0, 1]",
                source=f"scenario {self.scenario.name}"))
        return out

    @property
    def headline(self) -> RequiredRevenue:
        return self.revenue[self.scenario.headline]

    @property
    def required_revenue(self) -> float:
        return self.headline.required_revenue

    @property
    def actual_revenue(self) -> float:
        return self.scenario.value("actual_ai_revenue")

    @property
    def revenue_gap(self) -> float:
        return self.required_revenue - self.actual_revenue

    def summary(self) -> str:
        s = self.scenario
        lines = [
            f"Scenario {s.name}: AI revenue {self.actual_revenue:,.0f} USD bn/yr vs {self.required_revenue:,.0f} "
            f"needed ({s.headline}): gap {self.revenue_gap:,.0f} USD bn/yr",
            "Required revenue by method: "
            + "; ".join(f"{k} {v.required_revenue:,.0f}" for k, v in self.revenue.items()),
            self.jpm_summary(),
            self.depreciation.summary()
            + f" (Burry: {s.value('burry_understatement'):,.0f} USD bn)",
            self.chips.summary(),
            self.financing.summary(),
            self.power.summary(),
            self.power_path.summary() + " (hyperscaler capex schedule)",
            self.revenue_path.summary() + " (hyperscaler capex schedule)",
        ]
        return "\n".join(lines)

    def jpm_summary(self) -> str:
        """What JPMorgan's required revenue implies about investment and margin, in one line."""
        if self.jpm_implied is None:
            return "JPMorgan inversion skipped: the target return is 0%"
        t = self.jpm_implied.table
        line = self.jpm_implied.summary()
        inv = t[t["given"] == "investment"]
        mar = t[t["given"] == "margin"]
        if len(inv):
            line += f": at I = {inv['investment'].iloc[0]:,.0f} a margin of {inv['margin'].iloc[0]:.0%}"
        if len(mar):
            line += f"; at m = {mar['margin'].iloc[0]:.0%} an investment of {mar['investment'].iloc[0]:,.0f} USD bn"
        return line

    def to_frame(self) -> pd.DataFrame:
        """One row per headline metric with its unit."""
        rows = [{"metric": k, "value": v, "unit": METRIC_UNITS.get(k, "USD bn")} for k, v in self.metrics.items()]
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "scenario": self.scenario.name,
                "description": self.scenario.description,
                "headline_method": self.scenario.headline,
                "headline": {
                    "required_revenue": self.required_revenue,
                    "actual_revenue": self.actual_revenue,
                    "revenue_gap": self.revenue_gap,
                    "unit": "USD bn/yr",
                },
                "metrics": self.metrics,
                "revenue": {k: v.to_dict() for k, v in self.revenue.items()},
                "jpm_implied": self.jpm_implied.to_dict() if self.jpm_implied is not None else None,
                "depreciation": self.depreciation.to_dict(),
                "chips": self.chips.to_dict(),
                "financing": self.financing.to_dict(),
                "power": self.power.to_dict(),
                "power_path": self.power_path.to_dict(),
                "revenue_path": self.revenue_path.to_dict(),
                "inputs": [dataclasses.asdict(i) for i in self.scenario.inputs.values()],
            }
        )

    def plot(self) -> Any:
        import plotly.graph_objects as go

        names = list(self.revenue)
        fig = go.Figure()
        fig.add_bar(x=names, y=[self.revenue[n].required_revenue for n in names], name="required revenue")
        fig.add_hline(y=self.actual_revenue, line_dash="dash",
                      annotation_text=f"actual AI revenue {self.actual_revenue:,.0f}")
        fig.update_layout(title=f"AI revenue needed vs actual — scenario {self.scenario.name}",
                          yaxis_title="USD bn per year")
        return fig


AssetMix = tuple[tuple[float, float], ...]


def run_scenario(scenario: Scenario) -> CapexAssessment:
    """Run every model on one scenario (pure; no I/O)."""
    s = scenario
    actual = s.value("actual_ai_revenue")
    mix = _asset_mix(s)
    vintages = pd.Series([s.value(f"capex_{y}") for y in CAPEX_YEARS], index=list(CAPEX_YEARS), dtype=float)
    capex = vintages.loc[AI_CAPEX_START:]  # the AI build-out; earlier vintages only for depreciation
    a = CapexAssessment(
        s,
        _required_revenue(s, mix, actual),
        _jpm_implied(s),
        depreciation_gap(
            vintages, s.value("chip_life_reported"), s.value("chip_life_economic"),
            depreciable_share=s.pct("server_share_of_capex"), pretax_income=s.value("pretax_income"),
            period=(int(s.value("period_start")), int(s.value("period_end"))),
        ),
        _chips(s),
        financing_gap(
            s.value("capex_need"), s.value("cash_flow_cover"),
            {src: s.pct(f"share_{src}") for src in FINANCING_SOURCES},
            (int(s.value("financing_start")), int(s.value("financing_end"))),
        ),
        _power(s),
        power_path(capex, s.value("capex_per_gw"), s.value("queue_years"), build_years=s.value("build_years"),
                   equipment_share=s.pct("server_share_of_capex")),
        required_revenue_path(capex, s.pct("target_return"), s.pct("operating_margin"), mix, actual),
    )
    return dataclasses.replace(a, metrics=_metrics(a))


def _asset_mix(s: Scenario) -> AssetMix:
    """Chips and servers over their economic life, buildings and power over the facility life."""
    chip_share = s.pct("server_share_of_capex")
    mix = ((chip_share, s.value("chip_life_economic")), (1.0 - chip_share, s.value("facility_life")))
    return tuple((sh, lf) for sh, lf in mix if sh > 0)


def _required_revenue(s: Scenario, mix: AssetMix, actual: float) -> dict[str, RequiredRevenue]:
    return {
        "sequoia": sequoia_required_revenue(
            s.value("accelerator_run_rate"), s.pct("accelerator_share_of_dc_cost"), s.pct("end_user_gross_margin"),
            actual,
        ),
        "roic_annuity": roic_required_revenue(
            s.value("invested_capital"), s.pct("target_return"), s.pct("operating_margin"), actual_revenue=actual,
            asset_mix=mix,
        ),
        "roic_perpetuity": roic_required_revenue(
            s.value("invested_capital"), s.pct("target_return"), s.pct("operating_margin"), None, actual
        ),
        "bain": bain_required_revenue(
            s.value("gw_per_year"), s.value("capex_per_gw"), s.pct("capex_to_revenue"), actual
        ),
    }


def _jpm_implied(s: Scenario) -> RoicImplied | None:
    if s.pct("target_return") <= 0:  # at a zero return any investment is "justified": nothing to invert
        return None
    return roic_implied(
        s.value("jpm_required_revenue"), s.pct("target_return"),
        investments=(s.value("invested_capital"),), margins=(s.pct("operating_margin"),),
    )


def _per_dollar(s: Scenario) -> float:
    """Performance per dollar of the next accelerator generation relative to this one (x)."""
    return s.value("next_gen_performance") / s.value("next_gen_price_ratio")


def _chips(s: Scenario) -> ChipDecay:
    return chip_value_decay(
        s.value("accelerator_cost"), _per_dollar(s), s.value("release_cadence"),
        s.value("chip_life_reported"), horizon=s.value("chip_life_reported"),
        idle_years=s.value("idle_years"),
        rental_price=s.value("rental_price"), operating_cost=s.value("gpu_operating_cost"),
        discount_rate=s.pct("target_return"),
    )


def _power(s: Scenario) -> PowerConstraint:
    """Idle capex for the scenario's queue and its range, capex spread evenly over the financing years."""
    fin_years = int(s.value("financing_end")) - int(s.value("financing_start")) + 1
    annual_loss = 1.0 - _per_dollar(s) ** (-1.0 / s.value("release_cadence"))
    q = s.inputs["queue_years"]
    queues = sorted({q.value, *(q.range or ())})
    return power_constraint(
        s.value("capex_need") / fin_years, s.value("capex_per_gw"), tuple(queues),
        build_years=s.value("build_years"), equipment_share=s.pct("server_share_of_capex"),
        cost_of_capital=max(s.pct("target_return"), 0.0), annual_value_loss=annual_loss,
    )


def _or_inf(x: float | None) -> float:
    return np.inf if x is None else x


def _metrics(a: CapexAssessment) -> dict[str, float]:
    """Every headline number of an assessment (units in :data:`METRIC_UNITS`)."""
    revenue, actual = a.revenue, a.actual_revenue
    pw, end = a.power, a.power_path.frame.iloc[-1]
    queue = a.scenario.value("queue_years")
    return {
        "required_revenue": a.required_revenue,
        "actual_revenue": actual,
        "revenue_gap": a.required_revenue - actual,
        **{f"{k}_required": v.required_revenue for k, v in revenue.items()},
        **{f"{k}_gap": v.required_revenue - actual for k, v in revenue.items()},
        "jpm_investment_per_margin": a.jpm_implied.investment_per_margin if a.jpm_implied is not None else np.inf,
        "depreciation_understatement": a.depreciation.cumulative_understatement,
        "chip_half_life": a.chips.half_life,
        "breakeven_utilisation": _or_inf(a.chips.breakeven_utilisation),
        "breakeven_utilisation_idle": _or_inf(a.chips.breakeven_utilisation_idle),
        "financing_gap": a.financing.gap,
        "implied_gw_per_year": pw.implied_gw_per_year,
        "idle_capex": float(pw.frame.loc[pw.frame["queue_years"] == queue, "idle_capex"].iloc[0]),
        "idle_cost_per_year_of_delay": pw.cost_per_year_of_delay,
        "path_implied_gw_last_year": float(end["implied_gw"]),
        "path_connectable_gw_last_year": float(end["connectable_gw"]),
        "path_idle_capex_last_year": float(end["idle_capex"]),
        "path_required_revenue_last_capex_year": float(a.revenue_path.frame.loc[CAPEX_YEARS[-1], "required_revenue"]),
    }
