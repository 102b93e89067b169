"""Revenue needed to justify AI capex: Sequoia (Cahn), return on invested capital, Bain-style.

Units: money in USD bn (per year where it is a flow), shares, margins and rates as fractions
(0.5 = 50%), lives in years. Every function returns a :class:`RequiredRevenue` that carries the
required annual revenue, the gap to the actual AI revenue (when given) and each step of the
arithmetic, so a reader can redo it by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblescope.economics._common import (
    OneTable,
    check_asset_mix,
    fraction_closed,
    fraction_open,
    json_attrs,
    life,
    non_negative,
    positive,
    rate,
)
from bubblescope.errors import InputError
from bubblescope.results import Result


@dataclass(frozen=True)
class Step:
    """One line of a worked calculation."""

    label: str
    value: float
    unit: str


@dataclass(frozen=True)
class RequiredRevenue(Result):
    """Required annual revenue by one method, the gap to actual revenue and the worked steps.

    ``gap`` = ``required_revenue`` − ``actual_revenue`` (USD bn per year; positive means revenue
    falls short); ``None`` when no actual revenue was given.
    """

    method: str
    required_revenue: float
    actual_revenue: float | None
    steps: tuple[Step, ...]
    assumptions: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        return None if self.actual_revenue is None else self.required_revenue - self.actual_revenue

    @property
    def coverage(self) -> float | None:
        """Actual revenue as a fraction of the required revenue."""
        if self.actual_revenue is None or self.required_revenue == 0:
            return None
        return self.actual_revenue / self.required_revenue

    def summary(self) -> str:
        s = f"{self.method}: required revenue {self.required_revenue:,.1f} USD bn/yr"
        if self.actual_revenue is not None:
            s += f"; actual {self.actual_revenue:,.1f}; gap {self.gap:,.1f} USD bn/yr"
        return s

    def to_frame(self) -> pd.DataFrame:
        rows = [{"step": s.label, "value": s.value, "unit": s.unit} for s in self.steps]
        if self.actual_revenue is not None:
            rows.append({"step": "actual AI revenue", "value": self.actual_revenue, "unit": "USD bn/yr"})
            rows.append({"step": "revenue gap (required - actual)", "value": self.gap, "unit": "USD bn/yr"})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        return json_attrs(self, "method", "required_revenue", "actual_revenue", "gap", unit="USD bn/yr",
                          steps=[s.__dict__ for s in self.steps], assumptions=self.assumptions)

    def plot(self) -> Any:
        import plotly.graph_objects as go

        names, values = ["required"], [self.required_revenue]
        if self.actual_revenue is not None:
            names.append("actual")
            values.append(self.actual_revenue)
        fig = go.Figure(go.Bar(x=names, y=values, text=[f"{v:,.0f}" for v in values]))
        fig.update_layout(title=f"Required vs actual AI revenue ({self.method})", yaxis_title="USD bn per year")
        return fig


def _actual(actual_revenue: float | None) -> float | None:
    return None if actual_revenue is None else non_negative("actual_revenue", actual_revenue, "USD bn")


def sequoia_required_revenue(
    accelerator_run_rate: float,
    accelerator_share_of_dc_cost: float = 0.5,
    end_user_gross_margin: float = 0.5,
    actual_revenue: float | None = None,
) -> RequiredRevenue:
    """Sequoia's "AI's $200B / $600B question" (David Cahn, 2023 and 2024).

    required = run-rate × (1 / accelerator share of data-centre cost) × (1 / (1 − end-user gross margin)).

    ``accelerator_run_rate``: annualised accelerator (Nvidia data-centre) revenue, USD bn/yr.
    ``accelerator_share_of_dc_cost``: GPUs' share of total data-centre cost (Cahn: 0.5, the rest is
    energy, buildings, backup generators). ``end_user_gross_margin``: the gross margin the end users of
    the compute need (Cahn: 0.5). $150bn with 0.5 and 0.5 gives $600bn; $50bn gives $200bn.
    """
    run_rate = non_negative("accelerator_run_rate", accelerator_run_rate, "USD bn")
    share = fraction_closed("accelerator_share_of_dc_cost", accelerator_share_of_dc_cost)
    margin = fraction_open("end_user_gross_margin", end_user_gross_margin)
    dc_cost = run_rate / share
    required = dc_cost / (1.0 - margin)
    steps = (
        Step("accelerator run-rate revenue", run_rate, "USD bn/yr"),
        Step("accelerator share of data-centre cost", share, "fraction"),
        Step("implied data-centre spend (run-rate / share)", dc_cost, "USD bn/yr"),
        Step("end-user gross margin", margin, "fraction"),
        Step("required end-user revenue (spend / (1 - margin))", required, "USD bn/yr"),
    )
    return RequiredRevenue(
        method="sequoia",
        required_revenue=required,
        actual_revenue=_actual(actual_revenue),
        steps=steps,
        assumptions={
            "accelerator_run_rate": run_rate,
            "accelerator_share_of_dc_cost": share,
            "end_user_gross_margin": margin,
        },
    )


def capital_recovery_factor(target_return: float, life_years: float) -> float:
    """The annuity factor r / (1 − (1 + r)^−L): the level annual cash flow per unit invested that
    returns the capital plus r a year over L years (L may be fractional; r = 0 gives 1/L)."""
    r = rate("target_return", target_return)
    n = life("asset_life", life_years)
    if r == 0:
        return 1.0 / n
    return r / (1.0 - (1.0 + r) ** (-n))


def roic_required_revenue(
    investment: float,
    target_return: float,
    operating_margin: float,
    asset_life: float | None = None,
    actual_revenue: float | None = None,
    *,
    asset_mix: Sequence[tuple[float, float]] | None = None,
) -> RequiredRevenue:
    """Revenue that earns ``target_return`` on ``investment`` (return on invested capital).

    Annuity form (``asset_life`` given, the assets wear out): the annual cash operating profit must be
    C = I × r / (1 − (1 + r)^−L), so revenue = C / m, where m is the cash operating margin (before
    depreciation, which the annuity already covers).
    Perpetuity form (``asset_life=None``): revenue = r × I / m, with m the operating margin after
    depreciation (profit of r × I a year, for ever, on a maintained capital stock).

    ``investment`` in USD bn; ``target_return`` and ``operating_margin`` as fractions; ``asset_life`` in years.
    ``asset_mix``: instead of one life, ((share, life), ...) pairs whose shares sum to 1, e.g.
    ((0.6, 3), (0.4, 20)) for chips and servers over 3 years and buildings and power over 20; the
    factor is then the share-weighted sum of each part's capital recovery factor.
    """
    inv = positive("investment", investment, "USD bn")
    r = rate("target_return", target_return)
    m = fraction_open("operating_margin", operating_margin)
    assumptions: dict[str, float] = {"investment": inv, "target_return": r, "operating_margin": m}
    if asset_mix is not None:
        if asset_life is not None:
            raise InputError("give either asset_life or asset_mix, not both")
        mix = check_asset_mix(asset_mix)
        parts = tuple(Step(f"factor for {sh:.0%} of I at {lf:g} years", capital_recovery_factor(r, lf), "per year")
                      for sh, lf in mix)
        crf = sum(sh * p.value for (sh, _), p in zip(mix, parts, strict=True))
        for i, (sh, lf) in enumerate(mix):
            assumptions[f"asset_share_{i + 1}"] = sh
            assumptions[f"asset_life_{i + 1}"] = lf
        steps = _annuity_steps(inv, r, m, parts, Step("blended capital recovery factor (share-weighted)", crf, "per year"))
        return RequiredRevenue("roic_annuity", steps[-1].value, _actual(actual_revenue), steps, assumptions)
    if asset_life is None:
        profit = r * inv
        steps = (
            Step("invested capital I", inv, "USD bn"),
            Step("target return r", r, "fraction"),
            Step("required operating profit r x I", profit, "USD bn/yr"),
            Step("operating margin m", m, "fraction"),
            Step("required revenue r x I / m", profit / m, "USD bn/yr"),
        )
        return RequiredRevenue("roic_perpetuity", steps[-1].value, _actual(actual_revenue), steps, assumptions)
    n = life("asset_life", asset_life)
    assumptions["asset_life"] = n
    crf_step = Step("capital recovery factor r / (1 - (1+r)^-L)", capital_recovery_factor(r, n), "per year")
    steps = _annuity_steps(inv, r, m, (Step("asset life L", n, "years"),), crf_step)
    return RequiredRevenue("roic_annuity", steps[-1].value, _actual(actual_revenue), steps, assumptions)


def _annuity_steps(inv: float, r: float, m: float, life_steps: tuple[Step, ...], factor: Step) -> tuple[Step, ...]:
    """The worked steps of the annuity form: I, r, the life(s), the factor, profit I x factor, m, revenue."""
    cash = inv * factor.value
    return (
        Step("invested capital I", inv, "USD bn"),
        Step("target return r", r, "fraction"),
        *life_steps,
        factor,
        Step("required cash operating profit I x factor", cash, "USD bn/yr"),
        Step("cash operating margin m", m, "fraction"),
        Step("required revenue (profit / m)", cash / m, "USD bn/yr"),
    )


def bain_required_revenue(
    gw_per_year: float,
    capex_per_gw: float,
    capex_to_revenue: float,
    actual_revenue: float | None = None,
) -> RequiredRevenue:
    """Bain-style: compute build-out (GW a year) × capex per GW → capex a year → the revenue at which
    that capex is a sustainable share of revenue (capex / revenue = ``capex_to_revenue``).

    ``gw_per_year`` in GW added a year, ``capex_per_gw`` in USD bn per GW, ``capex_to_revenue`` a fraction.
    """
    gw = non_negative("gw_per_year", gw_per_year, "GW")
    cpg = positive("capex_per_gw", capex_per_gw, "USD bn/GW")
    ratio = fraction_closed("capex_to_revenue", capex_to_revenue)
    capex = gw * cpg
    steps = (
        Step("compute build-out", gw, "GW/yr"),
        Step("capex per GW", cpg, "USD bn/GW"),
        Step("capex per year (GW x capex/GW)", capex, "USD bn/yr"),
        Step("sustainable capex / revenue", ratio, "fraction"),
        Step("required revenue (capex / ratio)", capex / ratio, "USD bn/yr"),
    )
    return RequiredRevenue(
        method="bain",
        required_revenue=capex / ratio,
        actual_revenue=_actual(actual_revenue),
        steps=steps,
        assumptions={"gw_per_year": gw, "capex_per_gw": cpg, "capex_to_revenue": ratio},
    )


@dataclass(frozen=True)
class RoicImplied(OneTable, Result):
    """What a published required revenue implies about investment I and margin m.

    Perpetuity: R = r I / m  ⇒  I / m = R / r. Annuity over L years: I / m = R / factor(r, L).
    ``table`` has one row per candidate investment (implied margin) and per candidate margin
    (implied investment); implied margins of 100% or more mean the revenue cannot earn r on that I.
    """

    _table = "table"

    required_revenue: float
    target_return: float
    asset_life: float | None
    investment_per_margin: float
    table: pd.DataFrame

    def summary(self) -> str:
        form = "perpetuity" if self.asset_life is None else f"annuity over {self.asset_life:g} years"
        return (
            f"{self.required_revenue:,.0f} USD bn/yr at a {self.target_return:.0%} return ({form}) implies "
            f"I / m = {self.investment_per_margin:,.0f} USD bn"
        )

    def to_dict(self) -> dict[str, Any]:
        return json_attrs(self, "required_revenue", "target_return", "asset_life", "investment_per_margin", "table")


def roic_implied(
    required_revenue: float,
    target_return: float,
    asset_life: float | None = None,
    investments: Sequence[float] = (),
    margins: Sequence[float] = (),
) -> RoicImplied:
    """Invert the ROIC formula: which (investment, margin) pairs give ``required_revenue``.

    E.g. JPMorgan (2025): a 10% return on the AI build-out needs ~650 USD bn of revenue a year
    (perpetuity) ⇒ I / m = 6,500 USD bn: 5,000 USD bn of investment needs a 77% margin.
    """
    req = positive("required_revenue", required_revenue, "USD bn")
    r = rate("target_return", target_return)
    if r <= 0:
        raise InputError(f"target_return must be above 0% to invert the formula (got {r * 100:g}%)")
    factor = r if asset_life is None else capital_recovery_factor(r, asset_life)
    ratio = req / factor
    rows = []
    for inv in investments:
        i = positive("investment", inv, "USD bn")
        rows.append({"given": "investment", "investment": i, "margin": i / ratio})
    for mg in margins:
        m = fraction_open("operating_margin", mg)
        rows.append({"given": "margin", "investment": m * ratio, "margin": m})
    table = pd.DataFrame(rows, columns=["given", "investment", "margin"])
    return RoicImplied(req, r, None if asset_life is None else float(asset_life), ratio, table)
