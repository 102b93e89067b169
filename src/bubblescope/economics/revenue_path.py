"""Required revenue year by year for a capex schedule: each year's capex earns its own annuity.

Units as in :mod:`bubblescope.economics.revenue`: money in USD bn, return and margin as fractions,
lives in years.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.economics._common import (
    OneTable,
    capex_schedule,
    check_asset_mix,
    fraction_open,
    non_negative,
    rate,
)
from bubblescope.economics.revenue import capital_recovery_factor
from bubblescope.results import Result, to_jsonable


@dataclass(frozen=True)
class RevenuePath(OneTable, Result):
    """Required revenue year by year for a capex schedule (each vintage earns its own annuity).

    ``frame`` columns (USD bn): capex, required_cash_profit (sum of the annuities of the vintages
    still in service), required_revenue (÷ margin), and actual_revenue / gap when given.
    """

    frame: pd.DataFrame
    target_return: float
    operating_margin: float
    asset_mix: tuple[tuple[float, float], ...]

    def summary(self) -> str:
        f = self.frame
        peak = f["required_revenue"].idxmax()
        return (
            f"Required revenue peaks at {f.loc[peak, 'required_revenue']:,.0f} USD bn in {peak} "
            f"(return {self.target_return:.0%}, margin {self.operating_margin:.0%})"
        )

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"target_return": self.target_return, "operating_margin": self.operating_margin,
                            "asset_mix": [list(p) for p in self.asset_mix], "years": self.frame})

    def plot(self) -> Any:
        import plotly.graph_objects as go

        f = self.frame
        fig = go.Figure()
        fig.add_bar(x=f.index, y=f["capex"], name="capex")
        fig.add_scatter(x=f.index, y=f["required_revenue"], name="required revenue", mode="lines+markers")
        if "actual_revenue" in f:
            fig.add_scatter(x=f.index, y=f["actual_revenue"], name="actual revenue", mode="lines+markers")
        fig.update_layout(title="Revenue needed by the capex schedule", yaxis_title="USD bn")
        return fig


def required_revenue_path(
    capex: pd.Series,
    target_return: float,
    operating_margin: float,
    asset_mix: Sequence[tuple[float, float]] = ((1.0, 5.0),),
    actual_revenue: pd.Series | float | None = None,
) -> RevenuePath:
    """Required revenue per year when each year's capex (USD bn) must earn ``target_return`` over the
    lives in ``asset_mix`` ((share, life years), ...; shares sum to 1): vintage v pays
    capex_v × share × factor(r, life) in each year v ≤ y < v + life (a fractional last year pays
    pro rata), and revenue = the sum of payments ÷ ``operating_margin``.
    """
    r = rate("target_return", target_return)
    m = fraction_open("operating_margin", operating_margin)
    mix = check_asset_mix(asset_mix)
    start, values = capex_schedule(capex)
    n = len(values) + math.ceil(max(lf for _, lf in mix)) - 1  # to the last paying year of the last vintage
    pay = np.zeros(n)
    for sh, lf in mix:
        k = np.arange(math.ceil(lf), dtype=float)
        kernel = sh * capital_recovery_factor(r, lf) * np.clip(lf - k, 0.0, 1.0)
        conv = np.convolve(values, kernel)
        pay[: min(n, len(conv))] += conv[:n]
    years = pd.Index(range(start, start + n), name="year")
    cap = np.zeros(n)
    cap[: len(values)] = values
    frame = pd.DataFrame({"capex": cap, "required_cash_profit": pay, "required_revenue": pay / m}, index=years)
    if actual_revenue is not None:
        if isinstance(actual_revenue, pd.Series):
            act = pd.Series(actual_revenue.to_numpy(dtype=float), index=[int(i) for i in actual_revenue.index])
            frame["actual_revenue"] = act.reindex(years).to_numpy()
        else:
            frame["actual_revenue"] = non_negative("actual_revenue", actual_revenue, "USD bn")
        frame["gap"] = frame["required_revenue"] - frame["actual_revenue"]
    return RevenuePath(frame, r, m, mix)
