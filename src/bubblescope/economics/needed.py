"""The one revenue-needed figure: the phased required revenue with its low / central / high range.

Score, economics, stress, report and dashboard all take "revenue needed" from :func:`revenue_needed`
(or :func:`episode_revenue_needed`, which loads the packaged scenarios). Definition: the revenue the
AI capex schedule needs in the last capex year (2028), each vintage from 2023 earning the target
return over its lives (chips over the economic life, buildings over the facility life) at the
operating margin — :func:`bubblescope.economics.revenue_path.required_revenue_path`. Central = the
chosen scenario (``base``), low = ``bull``, high = ``bear`` (the user's ``--set`` changes apply to all
three). The whole-stock ROIC annuity ($5trn invested at once) is kept as a method, not the headline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblescope.economics.assessment import CapexAssessment, run_scenario
from bubblescope.economics.inputs import CAPEX_YEARS, Scenario
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal

RULE = "bubble = 1 - coverage (actual AI revenue / central revenue needed), clipped to [0, 1]"


@dataclass(frozen=True)
class RevenueNeeded(Result):
    """Revenue needed (USD bn a year) in ``year``: ``low`` / ``central`` / ``high``, and the actual."""

    year: int
    low: float
    central: float
    high: float
    actual_revenue: float
    actual_source: str
    actual_as_of: str | None
    scenarios: tuple[str, str, str]  # (low, central, high)

    @property
    def coverage(self) -> float:
        """Actual AI revenue / central revenue needed."""
        return self.actual_revenue / self.central if self.central > 0 else float("inf")

    @property
    def gap(self) -> float:
        return self.central - self.actual_revenue

    def summary(self) -> str:
        return (f"Revenue needed in {self.year}: {self.central:,.0f} USD bn a year (range {self.low:,.0f} to "
                f"{self.high:,.0f}) against {self.actual_revenue:,.0f} of AI revenue: coverage {self.coverage:.1%}")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"year": self.year, "low": self.low, "central": self.central, "high": self.high,
                              "actual_revenue": self.actual_revenue, "coverage": self.coverage}])

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"year": self.year, "low": self.low, "central": self.central, "high": self.high,
                            "actual_revenue": self.actual_revenue, "coverage": self.coverage, "gap": self.gap,
                            "unit": "USD bn/yr", "scenarios": {"low": self.scenarios[0], "central": self.scenarios[1],
                                                               "high": self.scenarios[2]},
                            "actual_source": self.actual_source, "actual_as_of": self.actual_as_of,
                            "definition": __doc__.split("\n\n")[1].replace("\n", " ") if __doc__ else ""})

    def to_signals(self) -> list[Signal]:
        bubble = min(1.0, max(0.0, 1.0 - self.coverage))
        return [Signal(
            family="economics", name="economics:revenue_coverage", label="AI revenue / revenue needed by the capex",
            reading=(f"AI revenue {self.actual_revenue:,.0f} USD bn covers {self.coverage:.1%} of the "
                     f"{self.central:,.0f} needed in {self.year} (range {self.low:,.0f} to {self.high:,.0f})"),
            value=self.coverage, unit="fraction", bubble=bubble, rule=RULE, as_of=self.actual_as_of,
            source=self.actual_source,
        )]


def _path_value(sc: Scenario, year: int) -> float:
    return float(run_scenario(sc).revenue_path.frame.loc[year, "required_revenue"])


def _as_of(sc: Scenario) -> str | None:
    """The date in the actual-revenue source ("... (as of 2025-09)"), when the loader put one there."""
    src = sc.inputs["actual_ai_revenue"].source
    if "(as of " in src:
        d = src.rsplit("(as of ", 1)[1].split(")", 1)[0].strip()
        return d + ("-01" if len(d) == 7 else "-01-01" if len(d) == 4 else "")
    return None


def revenue_needed(central: Scenario, low: Scenario | None = None, high: Scenario | None = None,
                   year: int = CAPEX_YEARS[-1]) -> RevenueNeeded:
    """The phased revenue needed in ``year`` for the three scenarios (pure; no I/O)."""
    if year not in CAPEX_YEARS:
        raise InputError(f"year must be a capex year {CAPEX_YEARS[0]}-{CAPEX_YEARS[-1]} (got {year})")
    c = _path_value(central, year)
    values = sorted([c, _path_value(low, year) if low is not None else c, _path_value(high, year) if high is not None else c])
    names = (low.name if low is not None else central.name, central.name, high.name if high is not None else central.name)
    return RevenueNeeded(year, values[0], c, values[2], central.value("actual_ai_revenue"),
                         central.inputs["actual_ai_revenue"].source, _as_of(central), names)


def episode_revenue_needed(overrides: Mapping[str, float] | None = None, evidence: Any = None,
                           scenario: str = "base") -> RevenueNeeded:
    """:func:`revenue_needed` for the packaged ``bull`` / ``scenario`` / ``bear`` with the same overrides."""
    from bubblescope.economics.loader import load_scenario

    ov = dict(overrides or {})
    return revenue_needed(load_scenario(scenario, ov, evidence=evidence), load_scenario("bull", ov, evidence=evidence),
                          load_scenario("bear", ov, evidence=evidence))


def complete_assessment(a: CapexAssessment, evidence: Any = None) -> CapexAssessment:
    """``a`` with :attr:`needed` (bull / scenario / bear, the scenario's overrides applied to all three)
    and :attr:`published` (from ``evidence``, default the packaged evidence base) filled in."""
    from bubblescope.economics.published import published_estimates
    from bubblescope.evidence.loader import load_evidence

    base = evidence if evidence is not None else load_evidence()
    sc = a.scenario
    overrides = {k: i.value for k, i in sc.inputs.items() if i.overridden}
    name = sc.name if sc.name in ("base", "bear", "bull") else "base"
    values = {k: (sc.value(k), sc.inputs[k].source) for k in ("target_return", "operating_margin")}
    return dataclasses.replace(a, needed=episode_revenue_needed(overrides, evidence=base, scenario=name),
                               published=published_estimates(base, values))
