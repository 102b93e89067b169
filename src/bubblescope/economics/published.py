"""Published estimates of the AI revenue question, each redone by its own method from its own inputs.

Every estimate is a small function of its inputs (:func:`sequoia`, :func:`per_user`,
:func:`roic_perpetuity`, :func:`bain`, :func:`wealth_effect_share_of_gdp`, :func:`financing_gap_of`);
:func:`published_estimates` takes each input from an evidence record (value, unit, source and date)
and returns a :class:`PublishedEstimates` with the result, the paper's own figure and the difference
in %. An input record that is missing from the evidence base raises :class:`InputError` (an estimate
is never computed from an unsourced number). Pure: the evidence base is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblescope.economics._common import fraction_closed, fraction_open, non_negative, positive
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable


def sequoia(run_rate: float, gpu_share: float = 0.5, end_user_margin: float = 0.5) -> float:
    """Cahn: accelerator run-rate / GPU share of data-centre cost / (1 − end-user gross margin)."""
    return (non_negative("run_rate", run_rate, "USD bn") / fraction_closed("gpu_share", gpu_share)
            / (1.0 - fraction_open("end_user_margin", end_user_margin)))


def per_user(monthly_payment: float, users_bn: float) -> float:
    """JPMorgan's framing: a monthly payment (USD) from every user (bn) for a year, USD bn."""
    return non_negative("monthly_payment", monthly_payment, "USD") * 12.0 * non_negative("users", users_bn, "bn")


def roic_perpetuity(investment: float, target_return: float, margin: float) -> float:
    """Revenue earning ``target_return`` on ``investment`` for ever at an operating ``margin``: r I / m."""
    return positive("investment", investment, "USD bn") * target_return / fraction_open("margin", margin)


def bain(capex_per_year: float, capex_to_revenue: float) -> float:
    """Bain: annual capex at a sustainable capex-to-revenue ratio → the revenue it needs."""
    return positive("capex_per_year", capex_per_year, "USD bn") / fraction_closed("capex_to_revenue", capex_to_revenue)


def wealth_effect_share_of_gdp(stock_wealth: float, crash: float, mpc: float, gdp: float) -> float:
    """The Economist: stock wealth × crash × marginal propensity to consume / GDP, in % of GDP."""
    return (100.0 * positive("stock_wealth", stock_wealth, "USD bn") * fraction_closed("crash", crash)
            * non_negative("mpc", mpc) / positive("gdp", gdp, "USD bn"))


def financing_gap_of(capex_need: float, cash_flow_cover: float) -> float:
    """Morgan Stanley: data-centre capex less what operating cash flow covers, USD bn."""
    return positive("capex_need", capex_need, "USD bn") - non_negative("cash_flow_cover", cash_flow_cover, "USD bn")


@dataclass(frozen=True)
class PublishedInput:
    name: str
    value: float
    unit: str
    source: str
    as_of: str
    evidence: str | None


@dataclass(frozen=True)
class PublishedEstimate:
    """One published figure, recomputed: ``result`` vs ``paper_value`` (``diff_pct`` in %)."""

    name: str
    label: str
    method: str
    inputs: tuple[PublishedInput, ...]
    result: float
    paper_value: float
    unit: str
    paper_source: str
    note: str = ""

    @property
    def diff_pct(self) -> float:
        return 100.0 * (self.result / self.paper_value - 1.0)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({
            "name": self.name, "label": self.label, "method": self.method,
            "inputs": [i.__dict__ for i in self.inputs], "result": self.result, "paper_value": self.paper_value,
            "diff_pct": self.diff_pct, "unit": self.unit, "paper_source": self.paper_source, "note": self.note,
        })


@dataclass(frozen=True)
class PublishedEstimates(Result):
    estimates: tuple[PublishedEstimate, ...] = field(default_factory=tuple)

    def __iter__(self) -> Iterator[PublishedEstimate]:
        return iter(self.estimates)

    def get(self, name: str) -> PublishedEstimate:
        for e in self.estimates:
            if e.name == name:
                return e
        raise InputError(f"no published estimate {name!r} (known: {', '.join(e.name for e in self.estimates)})")

    def summary(self) -> str:
        return "\n".join(f"{e.label}: {e.result:,.1f} {e.unit} by its own method vs {e.paper_value:,.1f} in the paper "
                         f"({e.diff_pct:+.1f}%)" for e in self.estimates)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"name": e.name, "label": e.label, "result": e.result, "paper_value": e.paper_value,
                              "diff_pct": e.diff_pct, "unit": e.unit} for e in self.estimates])

    def to_dict(self) -> dict[str, Any]:
        return {"estimates": [e.to_dict() for e in self.estimates]}


# (estimate name, label, method, unit, paper record, note, function, ((input name, record id or
# scenario input, transform), ...)); "scenario:" inputs come from the capex scenario (an assumption).
_Spec = tuple[str, str, str, str, str, str, Callable[..., float], tuple[tuple[str, str, float], ...]]

SPECS: tuple[_Spec, ...] = (
    ("sequoia_2023", "Sequoia 2023 ($200B question)", "run-rate x 2 x 2", "USD bn/yr", "ai-2023.econ.sequoia-2023-required",
     "", sequoia, (("run_rate", "ai-2023.econ.sequoia-2023-run-rate", 1.0),
                   ("gpu_share", "ai-2023.econ.sequoia-gpu-share-of-dc-cost", 0.01),
                   ("end_user_margin", "ai-2023.econ.sequoia-end-user-margin", 0.01))),
    ("sequoia_2024", "Sequoia 2024 ($600B question)", "run-rate x 2 x 2", "USD bn/yr", "ai-2023.econ.sequoia-2024-required",
     "", sequoia, (("run_rate", "ai-2023.econ.sequoia-2024-run-rate", 1.0),
                   ("gpu_share", "ai-2023.econ.sequoia-gpu-share-of-dc-cost", 0.01),
                   ("end_user_margin", "ai-2023.econ.sequoia-end-user-margin", 0.01))),
    ("sequoia_2025", "Sequoia 2025 update (~$840B)", "run-rate x 2 x 2", "USD bn/yr", "ai-2023.pub.sequoia-2025-required",
     "Cahn's run-rate is not published: Nvidia's data-centre revenue of the quarter to October 2025 x 4.",
     sequoia, (("run_rate", "ai-2023.pub.nvidia-dc-revenue-q3fy26", 4.0),
               ("gpu_share", "ai-2023.econ.sequoia-gpu-share-of-dc-cost", 0.01),
               ("end_user_margin", "ai-2023.econ.sequoia-end-user-margin", 0.01))),
    ("jpmorgan_iphone", "JPMorgan: $34.72 a month from every iPhone user", "payment x 12 x users", "USD bn/yr",
     "ai-2023.jpm-required-revenue-10pct",
     "JPMorgan's own restatement of its 650: a consistency check of the framing, not of the 10% model.",
     per_user, (("monthly_payment", "ai-2023.pub.jpm-iphone-monthly", 1.0), ("users_bn", "ai-2023.pub.iphone-users", 1.0))),
    ("jpmorgan_netflix", "JPMorgan: $180 a month from every Netflix subscriber", "payment x 12 x users", "USD bn/yr",
     "ai-2023.jpm-required-revenue-10pct", "As above, the second framing.",
     per_user, (("monthly_payment", "ai-2023.pub.jpm-netflix-monthly", 1.0),
                ("users_bn", "ai-2023.pub.netflix-subscribers", 1.0))),
    ("jpmorgan_roic", "JPMorgan 10% return, perpetuity on the article's $5trn", "r x I / m", "USD bn/yr",
     "ai-2023.jpm-required-revenue-10pct",
     "JPMorgan's modelled investment and margin are not published; I = $5trn and m = the scenario's operating margin.",
     roic_perpetuity, (("investment", "ai-2023.ai-buildout-need", 1.0), ("target_return", "scenario:target_return", 0.01),
                       ("margin", "scenario:operating_margin", 0.01))),
    ("bain_2030", "Bain: $2trn of revenue by 2030", "capex / (capex / revenue)", "USD bn/yr",
     "ai-2023.econ.bain-required-revenue-2030", "",
     bain, (("capex_per_year", "ai-2023.econ.bain-capex-per-year-2030", 1.0),
            ("capex_to_revenue", "ai-2023.econ.bain-capex-to-revenue", 0.01))),
    ("economist_gdp", "The Economist: a dotcom-style crash costs 1.6% of GDP", "wealth x crash x MPC / GDP", "% of GDP",
     "ai-2023.pub.economist-consumption-share-gdp",
     "The article does not print the crash; the S&P 500's 2000-2002 fall (49.1%) is used, not one back-solved from 1.6%.",
     wealth_effect_share_of_gdp, (("stock_wealth", "ai-2023.net.household-stock-wealth", 1.0),
                                  ("crash", "ai-2023.pub.sp500-dotcom-drawdown", 0.01),
                                  ("mpc", "ai-2023.net.mpc-stock-wealth", 1.0), ("gdp", "ai-2023.net.us-gdp-2025q3", 1.0))),
    ("morgan_stanley_gap", "Morgan Stanley: $1.5trn financing gap 2025-2028", "capex - cash-flow cover", "USD bn",
     "ai-2023.econ.ms-financing-gap", "",
     financing_gap_of, (("capex_need", "ai-2023.econ.ms-dc-capex-2025-2028", 1.0),
                        ("cash_flow_cover", "ai-2023.econ.ms-cash-flow-cover", 1.0))),
)


def _record_input(records: dict[str, Any], name: str, rid: str, factor: float,
                  scenario_values: dict[str, tuple[float, str]]) -> PublishedInput:
    if rid.startswith("scenario:"):
        key = rid.split(":", 1)[1]
        if key not in scenario_values:
            raise InputError(f"published estimate input {name}: scenario value {key} not given")
        v, src = scenario_values[key]
        return PublishedInput(name, v * factor, "fraction" if factor == 0.01 else "", src, "", None)
    rec = records.get(rid)
    if rec is None or rec.numeric is None:
        raise InputError(f"published estimate input {name}: evidence record {rid} is missing (no source)")
    unit = "fraction" if factor == 0.01 else rec.unit if factor == 1.0 else f"{rec.unit} x {factor:g}"
    return PublishedInput(name, float(rec.numeric) * factor, unit, rec.source.cite(), str(rec.as_of), rid)


def published_estimates(evidence: Any, scenario_values: dict[str, tuple[float, str]] | None = None) -> PublishedEstimates:
    """Every published estimate from ``evidence`` (an :class:`~bubblescope.evidence.loader.EvidenceBase`).

    ``scenario_values``: name → (value in the scenario's unit, source) for inputs the papers do not
    publish (JPMorgan's margin and return), e.g. ``{"operating_margin": (50, "bubblescope assumption")}``.
    """
    records = evidence.records
    sv = scenario_values or {}
    out = []
    for name, label, method, unit, paper_id, note, fn, specs in SPECS:
        inputs = tuple(_record_input(records, n, rid, f, sv) for n, rid, f in specs)
        paper = records.get(paper_id)
        if paper is None or paper.numeric is None:
            raise InputError(f"published estimate {name}: the paper's figure {paper_id} is missing (no source)")
        result = float(fn(**{i.name: i.value for i in inputs}))
        out.append(PublishedEstimate(name, label, method, inputs, result, float(paper.numeric), unit,
                                     f"{paper.source.cite()} (as of {paper.as_of})", note))
    return PublishedEstimates(tuple(out))
