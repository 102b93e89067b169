"""Straight-line depreciation under a reported vs an economic useful life.

Capex schedules are pandas Series indexed by calendar (or fiscal) year (int), values in USD bn.
Convention: an asset bought in year v is depreciated from year v (``first_year="full"``: a full
year's charge in year v; ``"half"``: the half-year convention, half a charge in year v and the rest
at the end). Fractional lives work (Meta's 5.5 years): the charge in year v + k is
capex × (min(k+1-s, L) − min(k-s, L)) / L clipped at 0, with s = 0 (full) or 0.5 (half).

Written by hand (a vintage convolution in numpy) because the accounting libraries on PyPI model
single assets, not a schedule of vintages under two lives at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from bubblescope.economics._common import (
    OneTable,
    bars_and_line,
    capex_schedule,
    finite,
    fraction_closed,
    json_attrs,
    life,
)
from bubblescope.errors import InputError
from bubblescope.results import Result

Convention = Literal["full", "half"]


def _kernel(life_years: float, convention: Convention) -> np.ndarray:
    s = 0.0 if convention == "full" else 0.5
    k = np.arange(math.ceil(life_years + s) + 1, dtype=float)
    w = (np.clip(k + 1 - s, 0, life_years) - np.clip(k - s, 0, life_years)) / life_years
    return w


def _charges(values: np.ndarray, life_years: float, convention: Convention, n: int) -> np.ndarray:
    """Depreciation per year for ``n`` years from the first capex year (vintage convolution)."""
    dep = np.convolve(values, _kernel(life_years, convention))
    out = np.zeros(max(n, 0))
    m = min(n, len(dep))
    out[:m] = dep[:m]
    return out


def _check_convention(convention: str) -> None:
    if convention not in ("full", "half"):
        raise InputError(f"convention must be 'full' or 'half' (got {convention!r})")


def depreciation_schedule(
    capex: pd.Series,
    useful_life: float,
    through: int | None = None,
    convention: Convention = "full",
) -> pd.Series:
    """Straight-line depreciation charge per year (USD bn) of a capex schedule (USD bn per year).

    The result runs from the first capex year to ``through`` (default: the year the last vintage is
    fully depreciated). Over the full run the charges sum to total capex.
    """
    _check_convention(convention)
    L = life("useful_life", useful_life)
    start, values = capex_schedule(capex)
    full = np.convolve(values, _kernel(L, convention))
    nz = np.nonzero(full > 1e-12)[0]
    end = start + (int(nz[-1]) if len(nz) else 0) if through is None else int(through)
    if end < start:
        raise InputError(f"through ({end}) is before the first capex year ({start})")
    dep = _charges(values, L, convention, end - start + 1)
    return pd.Series(dep, index=pd.Index(range(start, end + 1), name="year"), name="depreciation")


@dataclass(frozen=True)
class DepreciationGap(OneTable, Result):
    """Depreciation under the reported life vs an economic life, year by year.

    ``frame`` columns (USD bn unless stated): depreciable_capex (capex × depreciable_share), reported,
    economic, understatement
    (economic − reported = pre-tax income overstatement), pretax_income (reported, when given),
    share_of_earnings (understatement / reported pre-tax income, fraction), cumulative (running sum
    of understatement within ``period``).
    """

    frame: pd.DataFrame
    reported_life: float
    economic_life: float
    depreciable_share: float
    period: tuple[int, int]
    convention: str

    @property
    def cumulative_understatement(self) -> float:
        """Sum of (economic − reported) depreciation over ``period``, USD bn."""
        a, b = self.period
        return float(self.frame.loc[a:b, "understatement"].sum())

    @property
    def cumulative_share_of_earnings(self) -> float | None:
        """Cumulative understatement / cumulative reported pre-tax income over ``period``."""
        a, b = self.period
        if "pretax_income" not in self.frame:
            return None
        inc = float(self.frame.loc[a:b, "pretax_income"].sum())
        return None if inc <= 0 else self.cumulative_understatement / inc

    def summary(self) -> str:
        a, b = self.period
        s = (
            f"Depreciation at a {self.economic_life:g}-year economic life vs the reported {self.reported_life:g} years: "
            f"understated by {self.cumulative_understatement:,.1f} USD bn over {a}-{b}"
        )
        share = self.cumulative_share_of_earnings
        if share is not None:
            s += f" ({share:.1%} of reported pre-tax income)"
        return s

    def to_dict(self) -> dict[str, Any]:
        return json_attrs(self, "reported_life", "economic_life", "depreciable_share", "convention", "period",
                          "cumulative_understatement", "cumulative_share_of_earnings", unit="USD bn", years=self.frame)

    def plot(self) -> Any:
        bars = {"reported": f"reported life {self.reported_life:g}y", "economic": f"economic life {self.economic_life:g}y"}
        return bars_and_line(self.frame, bars, ("understatement", "understatement"),
                             title="Depreciation: reported vs economic life", yaxis_title="USD bn")


def depreciation_gap(
    capex: pd.Series,
    reported_life: float,
    economic_life: float,
    *,
    depreciable_share: float = 1.0,
    pretax_income: pd.Series | float | None = None,
    period: tuple[int, int] | None = None,
    convention: Convention = "full",
) -> DepreciationGap:
    """Straight-line depreciation of ``capex`` (USD bn by year) at the reported vs the economic life.

    ``depreciable_share``: the fraction of capex that is short-lived equipment (servers, accelerators,
    network) and so subject to the life choice; the rest is excluded from both schedules.
    ``pretax_income``: reported pre-tax income (USD bn), a Series by year or one number for every
    year; gives the overstatement as a share of earnings. ``period``: (first, last) year for the
    cumulative figures (default: all years of the schedule).
    """
    _check_convention(convention)
    rl = life("reported_life", reported_life)
    el = life("economic_life", economic_life)
    share = fraction_closed("depreciable_share", depreciable_share)
    start, values = capex_schedule(capex)
    values = values * share
    # the last year with a charge under either life
    last = start + len(values) - 1 + math.ceil(max(rl, el) + (0.5 if convention == "half" else 0.0))
    if period is not None:
        p0, p1 = int(period[0]), int(period[1])
        if p1 < p0:
            raise InputError(f"period end {p1} is before its start {p0}")
        if p0 < start:
            raise InputError(f"period start {p0} is before the first capex year {start}")
        last = max(last, p1)
    n = last - start + 1
    rep = _charges(values, rl, convention, n)
    eco = _charges(values, el, convention, n)
    active = np.nonzero((np.abs(rep) > 1e-12) | (np.abs(eco) > 1e-12))[0]
    keep = (int(active[-1]) + 1) if len(active) else 1
    if period is not None:
        keep = max(keep, int(period[1]) - start + 1)
    years = np.arange(start, start + keep)
    cap = np.zeros(keep)
    m = min(keep, len(values))
    cap[:m] = values[:m]
    under = eco[:keep] - rep[:keep]
    data: dict[str, np.ndarray] = {
        "depreciable_capex": cap, "reported": rep[:keep], "economic": eco[:keep], "understatement": under,
    }
    if period is None:
        period = (start, start + keep - 1)
    a, b = int(period[0]), int(period[1])
    if pretax_income is not None:
        if isinstance(pretax_income, pd.Series):
            try:
                inc_s = pd.Series(pretax_income.to_numpy(dtype=float), index=[int(i) for i in pretax_income.index])
            except (TypeError, ValueError):
                raise InputError("pretax_income must be numbers indexed by integer years") from None
            inc = inc_s.reindex(years).to_numpy(dtype=float)
        else:
            inc = np.full(keep, finite("pretax_income", pretax_income))
        data["pretax_income"] = inc
        with np.errstate(divide="ignore", invalid="ignore"):
            data["share_of_earnings"] = np.where(inc > 0, under / inc, np.nan)
    in_period = (years >= a) & (years <= b)
    data["cumulative"] = np.where(in_period, np.cumsum(np.where(in_period, under, 0.0)), np.nan)
    frame = pd.DataFrame(data, index=pd.Index(years, name="year"))
    return DepreciationGap(frame, rl, el, share, (a, b), convention)


@dataclass(frozen=True)
class CompanyDepreciation(Result):
    """:class:`DepreciationGap` per company (each at its own reported life) and their total."""

    companies: dict[str, DepreciationGap]
    period: tuple[int, int]

    @property
    def total_understatement(self) -> float:
        """Sum over companies of the cumulative understatement in ``period``, USD bn."""
        return float(sum(g.cumulative_understatement for g in self.companies.values()))

    def summary(self) -> str:
        a, b = self.period
        parts = ", ".join(f"{k} {g.cumulative_understatement:,.1f}" for k, g in self.companies.items())
        return f"Depreciation understated over {a}-{b}: {self.total_understatement:,.1f} USD bn ({parts})"

    def to_frame(self) -> pd.DataFrame:
        rows = [
            {
                "company": k,
                "reported_life": g.reported_life,
                "economic_life": g.economic_life,
                "understatement": g.cumulative_understatement,
                "share_of_earnings": g.cumulative_share_of_earnings,
            }
            for k, g in self.companies.items()
        ]
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        return json_attrs(self, "period", "total_understatement", unit="USD bn",
                          companies={k: g.to_dict() for k, g in self.companies.items()})

    def plot(self) -> Any:
        import plotly.graph_objects as go

        f = self.to_frame()
        fig = go.Figure(go.Bar(x=f["company"], y=f["understatement"]))
        a, b = self.period
        fig.update_layout(title=f"Depreciation understated {a}-{b}", yaxis_title="USD bn")
        return fig


def depreciation_gap_by_company(
    capex: pd.DataFrame,
    reported_lives: Mapping[str, float] | float,
    economic_life: float,
    *,
    depreciable_share: float = 1.0,
    pretax_income: pd.DataFrame | None = None,
    period: tuple[int, int] | None = None,
    convention: Convention = "full",
) -> CompanyDepreciation:
    """:func:`depreciation_gap` for each column of ``capex`` (years × companies, USD bn).

    ``reported_lives``: one life for all or a mapping company → life (e.g. from the disclosed life
    changes: Microsoft 6, Meta 5.5). ``pretax_income``: optional years × companies frame.
    """
    if not isinstance(capex, pd.DataFrame) or capex.shape[1] == 0:
        raise InputError("capex must be a DataFrame with one column per company")
    if isinstance(reported_lives, Mapping):
        missing = [str(c) for c in capex.columns if c not in reported_lives]
        if missing:
            raise InputError(f"no reported life for {', '.join(missing)}")
    if period is None:
        period = (int(min(capex.index)), int(max(capex.index)))
    out: dict[str, DepreciationGap] = {}
    for col in capex.columns:
        life_c = reported_lives[col] if isinstance(reported_lives, Mapping) else reported_lives
        inc = None if pretax_income is None or col not in pretax_income else pretax_income[col]
        out[str(col)] = depreciation_gap(
            capex[col].dropna(), life_c, economic_life, depreciable_share=depreciable_share,
            pretax_income=inc, period=period, convention=convention,
        )
    return CompanyDepreciation(out, (int(period[0]), int(period[1])))
