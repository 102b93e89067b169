"""Scenario inputs: what each input is (unit, check, label), one input with its source, a scenario.

A :class:`Scenario` is plain data (the YAML loader in :mod:`bubblescope.economics.loader` builds one);
:func:`bubblescope.economics.assessment.run_scenario` turns it into a ``CapexAssessment``. Inputs keep
the units people quote: money in USD bn, percentages in % (converted to fractions by
:meth:`Scenario.pct`), lives in years.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from bubblescope.economics._common import finite
from bubblescope.errors import InputError


@dataclass(frozen=True)
class InputSpec:
    unit: str
    kind: str
    label: str


#: Capex vintages of the scenarios: from 2019, so that every vintage still on the books (at a 6-year
#: reported life) in the depreciation comparison years 2026-2028 is counted.
CAPEX_YEARS: tuple[int, ...] = tuple(range(2019, 2029))
#: First year of the AI build-out: capex from this year is the AI investment of the revenue and power
#: paths (earlier vintages are cloud capex; they matter only for depreciation).
AI_CAPEX_START = 2023
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


#: The check of each input kind: (what a valid value satisfies, the message after the input's name).
_KIND_RULES: dict[str, tuple[Callable[[float], bool], str]] = {
    "margin": (lambda v: 0 < v < 100, "must be above 0% and below 100% (got {v:g}%)"),
    "share": (lambda v: 0 < v <= 100, "must be above 0% and at most 100% (got {v:g}%)"),
    "share0": (lambda v: 0 <= v <= 100, "must be between 0% and 100% (got {v:g}%)"),
    "rate": (lambda v: v > -100, "must be above -100% (got {v:g}%)"),
    "life": (lambda v: v > 0, "must be a positive number of years (got {v:g})"),
    "money": (lambda v: v >= 0, "must not be negative (got {v:g} {unit})"),
    "nonneg": (lambda v: v >= 0, "must not be negative (got {v:g} {unit})"),
    "money_pos": (lambda v: v > 0, "must be positive (got {v:g} {unit})"),
    "gain": (lambda v: v > 1, "must be above 1x (got {v:g}x)"),
    "year": (lambda v: v == int(v) and 1900 <= v <= 2100, "must be a year between 1900 and 2100 (got {v:g})"),
}


def check_value(name: str, value: float) -> float:
    """Validate one input value against :data:`INPUT_SPECS` (unit conventions of the YAML)."""
    spec = INPUT_SPECS.get(name)
    if spec is None:
        raise InputError(unknown_input_message(name))
    v = finite(name, value)
    rule = _KIND_RULES.get(spec.kind)  # "money_any": any finite number
    if rule is not None and not rule[0](v):
        raise InputError(f"{name} " + rule[1].format(v=v, unit=spec.unit))
    return v


def unknown_input_message(name: str) -> str:
    m = re.fullmatch(r"capex_(\d{4})", name)
    if m and int(m.group(1)) > CAPEX_YEARS[-1]:
        return (f"capex vintage {m.group(1)} is in the future of the scenario (its last year is "
                f"{CAPEX_YEARS[-1]}); the vintages are capex_{CAPEX_YEARS[0]} to capex_{CAPEX_YEARS[-1]}")
    if m and int(m.group(1)) < CAPEX_YEARS[0]:
        return (f"capex vintage {m.group(1)} is before the first modelled year {CAPEX_YEARS[0]}; the vintages "
                f"are capex_{CAPEX_YEARS[0]} to capex_{CAPEX_YEARS[-1]}")
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
