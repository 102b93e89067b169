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
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from bubblescope.economics._common import finite, fraction_closed, life
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

Convention = Literal["full", "half"]


def _check_capex(capex: pd.Series) -> pd.Series:
    if not isinstance(capex, pd.Series):
        raise InputError("capex must be a pandas Series indexed by year")
    if capex.empty:
        raise InputError("capex schedule is empty")
    try:
        years = [int(y) for y in capex.index]
    except (TypeError, ValueError):
        raise InputError("capex must be indexed by integer years (e.g. 2024)") from None
    if any(y != float(o) for y, o in zip(years, capex.index, strict=True)):
        raise InputError("capex must be indexed by integer years (e.g. 2024)")
    if len(set(years)) != len(years):
        raise InputError("capex schedule has a year twice")
    values = pd.to_numeric(pd.Series(capex.to_numpy(), index=years), errors="coerce").astype(float)
    if values.isna().any():
        raise InputError(f"capex has a missing or non-numeric value in {int(values[values.isna()].index[0])}")
    if not np.isfinite(values.to_numpy()).all():
        raise InputError("capex must be finite")
    if (values < 0).any():
        raise InputError(f"capex must not be negative (year {int(values[values < 0].index[0])})")
    values = values.sort_index()
    full = pd.Series(0.0, index=range(int(values.index[0]), int(values.index[-1]) + 1))
    full.loc[values.index] = values.to_numpy()
    return full


def _kernel(life_years: float, convention: Convention) -> np.ndarray:
    s = 0.0 if convention == "full" else 0.5
    k = np.arange(math.ceil(life_years + s) + 1, dtype=float)
    w = (np.clip(k + 1 - s, 0, life_years) - np.clip(k - s, 0, life_years)) / life_years
    return w


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
    if convention not in ("full", "half"):
        raise InputError(f"convention must be 'full' or 'half' (got {convention!r})")
    L = life("useful_life", useful_life)
    cap = _check_capex(capex)
    w = _kernel(L, convention)
    dep = np.convolve(cap.to_numpy(), w)
    start = int(cap.index[0])
    years = np.arange(start, start + len(dep))
    out = pd.Series(dep, index=years, name="depreciation")
    # trim trailing zeros, then extend/trim to `through`
    nz = np.nonzero(dep > 1e-12)[0]
    last = start + (int(nz[-1]) if len(nz) else 0)
    end = last if through is None else int(through)
    if end < start:
        raise InputError(f"through ({end}) is before the first capex year ({start})")
    out = out.reindex(range(start, end + 1), fill_value=0.0)
    out.index.name = "year"
    return out


@dataclass(frozen=True)
class DepreciationGap(Result):
    """Depreciation under the reported life vs an economic life, year by year.

    ``frame`` columns (USD bn unless stated): capex, reported, economic, understatement
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

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "reported_life": self.reported_life,
                "economic_life": self.economic_life,
                "depreciable_share": self.depreciable_share,
                "convention": self.convention,
                "period": list(self.period),
                "cumulative_understatement": self.cumulative_understatement,
                "cumulative_share_of_earnings": self.cumulative_share_of_earnings,
                "unit": "USD bn",
                "years": self.frame,
            }
        )

    def plot(self) -> Any:
        import plotly.graph_objects as go

        f = self.frame
        fig = go.Figure()
        fig.add_bar(x=f.index, y=f["reported"], name=f"reported life {self.reported_life:g}y")
        fig.add_bar(x=f.index, y=f["economic"], name=f"economic life {self.economic_life:g}y")
        fig.add_scatter(x=f.index, y=f["understatement"], name="understatement", mode="lines+markers")
        fig.update_layout(title="Depreciation: reported vs economic life", yaxis_title="USD bn", barmode="group")
        return fig


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
    rl = life("reported_life", reported_life)
    el = life("economic_life", economic_life)
    share = fraction_closed("depreciable_share", depreciable_share)
    cap = _check_capex(capex) * share
    horizon = int(cap.index[-1]) + math.ceil(max(rl, el)) + 1
    if period is not None:
        a, b = int(period[0]), int(period[1])
        if b < a:
            raise InputError(f"period end {b} is before its start {a}")
        horizon = max(horizon, b)
    rep = depreciation_schedule(cap, rl, through=horizon, convention=convention)
    eco = depreciation_schedule(cap, el, through=horizon, convention=convention)
    frame = pd.DataFrame(
        {
            "capex": cap.reindex(rep.index, fill_value=0.0),
            "reported": rep,
            "economic": eco,
        }
    )
    # drop trailing years where both schedules are zero
    active = (frame[["reported", "economic"]].abs() > 1e-12).any(axis=1)
    last = int(frame.index[active.to_numpy()][-1]) if active.any() else int(frame.index[0])
    if period is not None:
        last = max(last, int(period[1]))
    frame = frame.loc[: last].copy()
    frame["understatement"] = frame["economic"] - frame["reported"]
    if period is None:
        period = (int(frame.index[0]), int(frame.index[-1]))
    a, b = period
    if a < int(frame.index[0]):
        raise InputError(f"period start {a} is before the first capex year {int(frame.index[0])}")
    if pretax_income is not None:
        if isinstance(pretax_income, pd.Series):
            inc = pd.to_numeric(pd.Series(pretax_income.to_numpy(), index=[int(i) for i in pretax_income.index]))
            frame["pretax_income"] = inc.reindex(frame.index).astype(float)
        else:
            frame["pretax_income"] = finite("pretax_income", pretax_income)
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["share_of_earnings"] = np.where(
                frame["pretax_income"] > 0, frame["understatement"] / frame["pretax_income"], np.nan
            )
    in_period = (frame.index >= a) & (frame.index <= b)
    frame["cumulative"] = np.where(in_period, frame["understatement"].where(in_period, 0.0).cumsum(), np.nan)
    frame.index.name = "year"
    return DepreciationGap(frame, rl, el, share, (a, b), convention)
