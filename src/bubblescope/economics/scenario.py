"""Scenarios: every input of the capex economics, named, with unit and source; run, sensitivity, tornado.

A :class:`Scenario` is plain data (the YAML loader in :mod:`bubblescope.economics.loader` builds one);
:func:`run_scenario` turns it into a :class:`CapexAssessment` by calling the pure functions of this
package. Inputs keep the units people quote: money in USD bn, percentages in % (converted to fractions
here), lives in years.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.economics.chips import ChipDecay, chip_value_decay
from bubblescope.economics.depreciation import DepreciationGap, depreciation_gap
from bubblescope.economics.financing import FinancingGap, financing_gap
from bubblescope.economics.power import PowerConstraint, PowerPath, power_constraint, power_path
from bubblescope.economics.revenue import (
    RequiredRevenue,
    RevenuePath,
    RoicImplied,
    bain_required_revenue,
    required_revenue_path,
    roic_implied,
    roic_required_revenue,
    sequoia_required_revenue,
)
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable


@dataclass(frozen=True)
class InputSpec:
    unit: str
    kind: str
    label: str


CAPEX_YEARS: tuple[int, ...] = tuple(range(2023, 2029))
FINANCING_SOURCES: tuple[str, ...] = ("private_credit", "corporate_bonds", "abs", "pe_sovereign", "spv")

#: Every scenario input: unit (as written in YAML and on the command line), kind (the check) and label.
INPUT_SPECS: dict[str, InputSpec] = {
    # required revenue
    "actual_ai_revenue": InputSpec("USD bn", "money", "AI revenue a year (actual)"),
    "accelerator_run_rate": InputSpec("USD bn", "money", "accelerator data-centre revenue run-rate"),
    "accelerator_share_of_dc_cost": InputSpec("%", "share", "accelerators' share of data-centre cost"),
    "end_user_gross_margin": InputSpec("%", "margin", "end-user gross margin (Sequoia)"),
    "invested_capital": InputSpec("USD bn", "money_pos", "cumulative AI investment I"),
    "target_return": InputSpec("%", "share0", "target return on invested capital r"),
    "operating_margin": InputSpec("%", "margin", "operating margin m"),
    "facility_life": InputSpec("years", "life", "life of buildings and power equipment"),
    "jpm_required_revenue": InputSpec("USD bn", "money_pos", "JPMorgan: revenue for a 10% return"),
    "gw_per_year": InputSpec("GW", "nonneg", "compute build-out a year (Bain-style)"),
    "capex_per_gw": InputSpec("USD bn/GW", "money_pos", "capex per GW of data-centre capacity"),
    "capex_to_revenue": InputSpec("%", "share", "sustainable capex / revenue"),
    # depreciation
    "chip_life_economic": InputSpec("years", "life", "economic life of accelerators and servers"),
    "chip_life_reported": InputSpec("years", "life", "reported useful life of servers"),
    **{f"capex_{y}": InputSpec("USD bn", "money", f"hyperscaler capex {y}") for y in CAPEX_YEARS},
    "server_share_of_capex": InputSpec("%", "share", "share of capex in servers, chips and network"),
    "pretax_income": InputSpec("USD bn", "money_any", "hyperscalers' reported pre-tax income a year"),
    "period_start": InputSpec("year", "year", "first year of the depreciation comparison"),
    "period_end": InputSpec("year", "year", "last year of the depreciation comparison"),
    "burry_understatement": InputSpec("USD bn", "money", "Burry: depreciation understated 2026-2028"),
    # chips
    "next_gen_performance": InputSpec("x", "gain", "performance of the next accelerator generation"),
    "next_gen_price_ratio": InputSpec("x", "money_pos", "price of the next generation relative to this one"),
    "release_cadence": InputSpec("years", "life", "years between accelerator generations"),
    "accelerator_cost": InputSpec("USD", "money_pos", "all-in cost of one accelerator"),
    "rental_price": InputSpec("USD/h", "money_pos", "rental price per GPU-hour when new"),
    "gpu_operating_cost": InputSpec("USD/h", "money", "operating cost per GPU-hour (power, staff)"),
    "idle_years": InputSpec("years", "nonneg", "years a chip sits idle before use"),
    # financing
    "capex_need": InputSpec("USD bn", "money_pos", "data-centre capex over the financing period"),
    "cash_flow_cover": InputSpec("USD bn", "money", "capex covered by operating cash flow"),
    "financing_start": InputSpec("year", "year", "first year of the financing period"),
    "financing_end": InputSpec("year", "year", "last year of the financing period"),
    **{f"share_{s}": InputSpec("%", "share0", f"share of the gap from {s.replace('_', ' ')}") for s in FINANCING_SOURCES},
    # power
    "queue_years": InputSpec("years", "nonneg", "grid interconnection queue"),
    "build_years": InputSpec("years", "nonneg", "years to build a data centre"),
}

HEADLINE_METHODS: tuple[str, ...] = ("sequoia", "roic_annuity", "roic_perpetuity", "bain")

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
class Input:
    """One named scenario input with its unit and where it comes from.

    ``source`` is a one-line citation; ``evidence`` the evidence-record id it was taken from (when
    there is one); ``range`` the (low, high) used by the tornado chart; ``overridden`` True when the
    user changed the value (``--set``).
    """

    name: str
    value: float
    unit: str
    source: str
    evidence: str | None = None
    range: tuple[float, float] | None = None
    range_source: str = ""
    note: str = ""
    overridden: bool = False


def check_value(name: str, value: float) -> float:
    """Validate one input value against :data:`INPUT_SPECS` (unit conventions of the YAML)."""
    spec = INPUT_SPECS.get(name)
    if spec is None:
        raise InputError(unknown_input_message(name))
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number (got {value!r})") from None
    if not math.isfinite(v):
        raise InputError(f"{name} must be a finite number (got {value!r})")
    kind, unit = spec.kind, spec.unit
    if kind == "margin" and not 0 < v < 100:
        raise InputError(f"{name} must be above 0% and below 100% (got {v:g}%)")
    if kind == "share" and not 0 < v <= 100:
        raise InputError(f"{name} must be above 0% and at most 100% (got {v:g}%)")
    if kind == "share0" and not 0 <= v <= 100:
        raise InputError(f"{name} must be between 0% and 100% (got {v:g}%)")
    if kind == "rate" and v <= -100:
        raise InputError(f"{name} must be above -100% (got {v:g}%)")
    if kind == "life" and v <= 0:
        raise InputError(f"{name} must be a positive number of years (got {v:g})")
    if kind in ("money", "nonneg") and v < 0:
        raise InputError(f"{name} must not be negative (got {v:g} {unit})")
    if kind == "money_pos" and v <= 0:
        raise InputError(f"{name} must be positive (got {v:g} {unit})")
    if kind == "gain" and v <= 1:
        raise InputError(f"{name} must be above 1x (got {v:g}x)")
    if kind == "year" and (v != int(v) or not 1900 <= v <= 2100):
        raise InputError(f"{name} must be a year between 1900 and 2100 (got {v:g})")
    return v


def unknown_input_message(name: str) -> str:
    close = difflib.get_close_matches(name, list(INPUT_SPECS), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `bubblescope capex --list` shows them all"
    return f"unknown scenario input {name!r}{hint}"


@dataclass(frozen=True)
class Scenario:
    """A named set of inputs (see :data:`INPUT_SPECS`)."""

    name: str
    description: str
    inputs: dict[str, Input]
    headline: str = "roic_annuity"
    origin: str = ""
    unresolved: tuple[str, ...] = ()  # evidence ids named by inputs but absent from the evidence base

    def __post_init__(self) -> None:
        missing = [k for k in INPUT_SPECS if k not in self.inputs]
        if missing:
            raise InputError(f"scenario {self.name!r} lacks input(s): {', '.join(missing)}")
        for k, inp in self.inputs.items():
            check_value(k, inp.value)
            if inp.unit != INPUT_SPECS[k].unit:
                raise InputError(f"scenario {self.name!r}: {k} must be in {INPUT_SPECS[k].unit!r} (got {inp.unit!r})")
        if self.headline not in HEADLINE_METHODS:
            raise InputError(f"headline must be one of {', '.join(HEADLINE_METHODS)} (got {self.headline!r})")
        if self.value("period_end") < self.value("period_start"):
            raise InputError("period_end is before period_start")
        if self.value("financing_end") < self.value("financing_start"):
            raise InputError("financing_end is before financing_start")
        if self.value("idle_years") >= self.value("chip_life_reported"):
            raise InputError(
                f"idle_years ({self.value('idle_years'):g}) must be shorter than chip_life_reported "
                f"({self.value('chip_life_reported'):g} years)"
            )
        if self.value("next_gen_performance") / self.value("next_gen_price_ratio") <= 1:
            raise InputError("next_gen_performance / next_gen_price_ratio (performance per dollar) must be above 1x")
        total = sum(self.value(f"share_{s}") for s in FINANCING_SOURCES)
        if not math.isclose(total, 100.0, abs_tol=0.1):
            raise InputError(f"financing shares (share_*) must sum to 100% (got {total:g}%)")

    def value(self, name: str) -> float:
        try:
            return float(self.inputs[name].value)
        except KeyError:
            raise InputError(unknown_input_message(name)) from None

    def pct(self, name: str) -> float:
        """A % input as a fraction."""
        return self.value(name) / 100.0

    def values(self) -> dict[str, float]:
        return {k: float(v.value) for k, v in self.inputs.items()}

    def with_values(self, overrides: Mapping[str, float], source: str = "user override") -> Scenario:
        """A copy with some values replaced; unknown names and invalid values raise InputError."""
        new = dict(self.inputs)
        for k, v in overrides.items():
            if k not in INPUT_SPECS:
                raise InputError(unknown_input_message(k))
            val = check_value(k, v)
            old = new[k]
            new[k] = replace(old, value=val, source=f"{source} (scenario value {old.value:g} {old.unit})",
                             evidence=None, overridden=True)
        return replace(self, inputs=new)

    def inputs_frame(self) -> pd.DataFrame:
        rows = [
            {
                "name": k,
                "label": INPUT_SPECS[k].label,
                "value": i.value,
                "unit": i.unit,
                "source": i.source,
                "evidence": i.evidence,
                "low": i.range[0] if i.range else None,
                "high": i.range[1] if i.range else None,
                "overridden": i.overridden,
            }
            for k, i in self.inputs.items()
        ]
        return pd.DataFrame(rows)


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


def run_scenario(scenario: Scenario) -> CapexAssessment:
    """Run every model on one scenario (pure; no I/O)."""
    s = scenario
    actual = s.value("actual_ai_revenue")
    chip_share = s.pct("server_share_of_capex")
    mix = ((chip_share, s.value("chip_life_economic")), (1.0 - chip_share, s.value("facility_life")))
    mix = tuple((sh, lf) for sh, lf in mix if sh > 0)
    revenue = {
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
    jpm = None
    if s.pct("target_return") > 0:  # at a zero return any investment is "justified": nothing to invert
        jpm = roic_implied(
            s.value("jpm_required_revenue"), s.pct("target_return"),
            investments=(s.value("invested_capital"),), margins=(s.pct("operating_margin"),),
        )
    capex = pd.Series([s.value(f"capex_{y}") for y in CAPEX_YEARS], index=list(CAPEX_YEARS), dtype=float)
    dep = depreciation_gap(
        capex, s.value("chip_life_reported"), s.value("chip_life_economic"),
        depreciable_share=chip_share, pretax_income=s.value("pretax_income"),
        period=(int(s.value("period_start")), int(s.value("period_end"))),
    )
    horizon = s.value("chip_life_reported")
    per_dollar = s.value("next_gen_performance") / s.value("next_gen_price_ratio")
    chips = chip_value_decay(
        s.value("accelerator_cost"), per_dollar, s.value("release_cadence"),
        s.value("chip_life_reported"), horizon=horizon,
        idle_years=s.value("idle_years"),
        rental_price=s.value("rental_price"), operating_cost=s.value("gpu_operating_cost"),
        discount_rate=s.pct("target_return"),
    )
    fin_years = int(s.value("financing_end")) - int(s.value("financing_start")) + 1
    fin = financing_gap(
        s.value("capex_need"), s.value("cash_flow_cover"),
        {src: s.pct(f"share_{src}") for src in FINANCING_SOURCES},
        (int(s.value("financing_start")), int(s.value("financing_end"))),
    )
    annual_loss = 1.0 - per_dollar ** (-1.0 / s.value("release_cadence"))
    q = s.inputs["queue_years"]
    queues = sorted({q.value, *(q.range or ())})
    pw = power_constraint(
        s.value("capex_need") / fin_years, s.value("capex_per_gw"), tuple(queues),
        build_years=s.value("build_years"), equipment_share=chip_share,
        cost_of_capital=max(s.pct("target_return"), 0.0), annual_value_loss=annual_loss,
    )
    path = power_path(capex, s.value("capex_per_gw"), s.value("queue_years"), build_years=s.value("build_years"),
                      equipment_share=chip_share)
    end = path.frame.iloc[-1]
    rpath = required_revenue_path(capex, s.pct("target_return"), s.pct("operating_margin"), mix, actual)
    last_capex_year = CAPEX_YEARS[-1]
    metrics: dict[str, float] = {
        "required_revenue": revenue[s.headline].required_revenue,
        "actual_revenue": actual,
        "revenue_gap": revenue[s.headline].required_revenue - actual,
        **{f"{k}_required": v.required_revenue for k, v in revenue.items()},
        **{f"{k}_gap": v.required_revenue - actual for k, v in revenue.items()},
        "jpm_investment_per_margin": jpm.investment_per_margin if jpm is not None else np.inf,
        "depreciation_understatement": dep.cumulative_understatement,
        "chip_half_life": chips.half_life,
        "breakeven_utilisation": chips.breakeven_utilisation if chips.breakeven_utilisation is not None else np.inf,
        "breakeven_utilisation_idle": (
            chips.breakeven_utilisation_idle if chips.breakeven_utilisation_idle is not None else np.inf
        ),
        "financing_gap": fin.gap,
        "implied_gw_per_year": pw.implied_gw_per_year,
        "idle_capex": float(pw.frame.loc[pw.frame["queue_years"] == q.value, "idle_capex"].iloc[0]),
        "idle_cost_per_year_of_delay": pw.cost_per_year_of_delay,
        "path_implied_gw_last_year": float(end["implied_gw"]),
        "path_connectable_gw_last_year": float(end["connectable_gw"]),
        "path_idle_capex_last_year": float(end["idle_capex"]),
        "path_required_revenue_last_capex_year": float(rpath.frame.loc[last_capex_year, "required_revenue"]),
    }
    return CapexAssessment(s, revenue, jpm, dep, chips, fin, pw, path, rpath, metrics)


# ---------------------------------------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class Sensitivity(Result):
    """How one output moves with one or two inputs.

    One input: ``table`` has the input values as index and the output as column. Two inputs: rows are
    the first input's values, columns the second's.
    """

    scenario: str
    output: str
    parameters: tuple[str, ...]
    table: pd.DataFrame
    base_value: float

    def summary(self) -> str:
        t = self.table.to_numpy(dtype=float)
        return (
            f"{self.output} over {' x '.join(self.parameters)} (scenario {self.scenario}): "
            f"{np.nanmin(t):,.1f} to {np.nanmax(t):,.1f} (base {self.base_value:,.1f})"
        )

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        t = self.table
        return to_jsonable(
            {
                "scenario": self.scenario,
                "output": self.output,
                "parameters": list(self.parameters),
                "base_value": self.base_value,
                "index": list(t.index),
                "columns": [str(c) for c in t.columns],
                "values": t.to_numpy(dtype=float),
            }
        )

    def plot(self) -> Any:
        import plotly.graph_objects as go

        t = self.table
        if len(self.parameters) == 1:
            fig = go.Figure(go.Scatter(x=list(t.index), y=t.iloc[:, 0], mode="lines+markers"))
            fig.update_layout(xaxis_title=self.parameters[0], yaxis_title=self.output)
        else:
            fig = go.Figure(go.Heatmap(z=t.to_numpy(dtype=float), x=[str(c) for c in t.columns],
                                       y=[str(i) for i in t.index], colorbar={"title": self.output}))
            fig.update_layout(xaxis_title=self.parameters[1], yaxis_title=self.parameters[0])
        fig.update_layout(title=f"Sensitivity of {self.output} (scenario {self.scenario})")
        return fig


def _metric(scenario: Scenario, output: str) -> float:
    m = run_scenario(scenario).metrics
    if output not in m:
        raise InputError(f"unknown output {output!r} (known: {', '.join(m)})")
    return float(m[output])


def sensitivity(
    scenario: Scenario,
    grid: Mapping[str, Sequence[float]],
    output: str = "revenue_gap",
) -> Sensitivity:
    """Re-run ``scenario`` over a grid of one or two inputs (values in the inputs' own units) and
    tabulate ``output`` (a key of :attr:`CapexAssessment.metrics`, e.g. ``revenue_gap``)."""
    params = tuple(grid)
    if not 1 <= len(params) <= 2:
        raise InputError("sensitivity takes one or two inputs")
    for p in params:
        if p not in INPUT_SPECS:
            raise InputError(unknown_input_message(p))
        if len(grid[p]) == 0:
            raise InputError(f"no values given for {p}")
    base = _metric(scenario, output)
    first = [check_value(params[0], v) for v in grid[params[0]]]
    if len(params) == 1:
        vals = [_metric(scenario.with_values({params[0]: v}), output) for v in first]
        table = pd.DataFrame({output: vals}, index=pd.Index(first, name=params[0]))
    else:
        second = [check_value(params[1], v) for v in grid[params[1]]]
        data = [[_metric(scenario.with_values({params[0]: a, params[1]: b}), output) for b in second] for a in first]
        table = pd.DataFrame(data, index=pd.Index(first, name=params[0]), columns=pd.Index(second, name=params[1]))
    return Sensitivity(scenario.name, output, params, table, base)


@dataclass(frozen=True)
class Tornado(Result):
    """One-at-a-time swings of an output when each input moves to its low and high value.

    ``table`` columns: parameter, low, high (input values), out_low, out_high (output), swing
    (|out_high − out_low|), sorted by swing, largest first.
    """

    scenario: str
    output: str
    base_value: float
    table: pd.DataFrame

    def summary(self) -> str:
        if self.table.empty:
            return f"no input of scenario {self.scenario} has a range"
        top = self.table.iloc[0]
        return (
            f"{self.output} (base {self.base_value:,.1f}) moves most with {top['parameter']}: "
            f"{top['out_low']:,.1f} to {top['out_high']:,.1f}"
        )

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"scenario": self.scenario, "output": self.output, "base_value": self.base_value,
                            "rows": self.table})

    def plot(self) -> Any:
        import plotly.graph_objects as go

        t = self.table.iloc[::-1]
        labels = [f"{p} ({lo:g} to {hi:g})" for p, lo, hi in zip(t["parameter"], t["low"], t["high"], strict=True)]
        fig = go.Figure()
        fig.add_bar(y=labels, x=t["out_low"] - self.base_value, base=self.base_value, orientation="h",
                    name="input at low")
        fig.add_bar(y=labels, x=t["out_high"] - self.base_value, base=self.base_value, orientation="h",
                    name="input at high")
        fig.add_vline(x=self.base_value, line_dash="dash")
        fig.update_layout(barmode="overlay", title=f"Tornado: {self.output} (scenario {self.scenario})",
                          xaxis_title=self.output, height=max(300, 40 * len(t) + 120))
        return fig


def tornado(
    scenario: Scenario,
    output: str = "revenue_gap",
    parameters: Iterable[str] | None = None,
    drop_zero: bool = True,
) -> Tornado:
    """Swing of ``output`` as each input with a ``range`` moves to its low and then its high value.

    ``drop_zero`` leaves out inputs that do not move ``output`` at all (e.g. Sequoia's inputs for the
    ROIC gap)."""
    base = _metric(scenario, output)
    names = list(parameters) if parameters is not None else [k for k, i in scenario.inputs.items() if i.range]
    rows = []
    for p in names:
        if p not in INPUT_SPECS:
            raise InputError(unknown_input_message(p))
        rng = scenario.inputs[p].range
        if rng is None:
            raise InputError(f"input {p} has no range in scenario {scenario.name!r}")
        lo, hi = rng
        out_lo = _metric(scenario.with_values({p: lo}), output)
        out_hi = _metric(scenario.with_values({p: hi}), output)
        rows.append({"parameter": p, "low": lo, "high": hi, "out_low": out_lo, "out_high": out_hi,
                     "swing": abs(out_hi - out_lo)})
    table = pd.DataFrame(rows, columns=["parameter", "low", "high", "out_low", "out_high", "swing"])
    if drop_zero:
        table = table[table["swing"] > 1e-9 * max(1.0, abs(base))]
    table = table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return Tornado(scenario.name, output, base, table)
