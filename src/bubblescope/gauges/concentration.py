"""Concentration of index value: top-N share, Herfindahl index, and a named group's share.

Input: constituent market values (price × shares outstanding, any currency unit, the same for all
columns) as a DataFrame with one row per date and one column per ticker, or a Series indexed by
ticker for a single date. Shares are of ``total`` when it is given (the index's full market value,
e.g. from an evidence record), otherwise of the sum of the constituents supplied — in that case the
numbers describe concentration *within the supplied set*, which the result states.

Outputs per date: ``top_n_share`` (%), ``hhi`` (Herfindahl–Hirschman index: sum of squared weights on
the 0–10,000 scale used by antitrust practice), ``effective_n`` (1 / Σw², the number of equal-weight
constituents with the same HHI) and ``group_share`` (%), the Magnificent 7 by default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

#: Apple, Microsoft, Alphabet (both share classes), Amazon, Meta, Nvidia, Tesla.
MAG7: tuple[str, ...] = ("AAPL", "MSFT", "GOOGL", "GOOG", "AMZN", "META", "NVDA", "TSLA")


@dataclass(frozen=True)
class ConcentrationResult(Result):
    """Concentration measures per date (see the module docstring for units)."""

    table: pd.DataFrame
    top_n: int
    group_name: str
    group: tuple[str, ...]
    of_total: bool

    @property
    def latest(self) -> pd.Series:
        return self.table.iloc[-1]

    def summary(self) -> str:
        last = self.latest
        base = "of the index total" if self.of_total else "of the supplied constituents"
        return (f"Concentration {base} as of {self.table.index[-1].date()}: top-{self.top_n} "
                f"{last['top_n_share']:.1f}%, HHI {last['hhi']:.0f} (effective N {last['effective_n']:.1f}), "
                f"{self.group_name} {last['group_share']:.1f}%")

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"top_n": self.top_n, "group_name": self.group_name, "group": list(self.group),
                            "of_total": self.of_total, "table": self.table})

    def plot(self) -> Any:
        import plotly.graph_objects as go

        fig = go.Figure()
        for col, label in (("top_n_share", f"top-{self.top_n} share %"), ("group_share", f"{self.group_name} %")):
            fig.add_trace(go.Scatter(x=self.table.index, y=self.table[col].to_numpy(), name=label))
        fig.update_layout(title="Index concentration", yaxis_title="% of market value")
        return fig


def concentration(
    market_values: pd.DataFrame | pd.Series,
    *,
    top_n: int = 10,
    group: Iterable[str] = MAG7,
    group_name: str = "Magnificent 7",
    total: pd.Series | float | None = None,
) -> ConcentrationResult:
    """Top-N share, HHI and a group's share from constituent market values.

    Missing values (NaN) mean "not a constituent on that date". Negative values, an empty input or a
    ``total`` smaller than the constituents' sum raise :class:`InputError`.
    """
    if isinstance(market_values, pd.Series):
        mv = market_values.to_frame().T
        mv.index = pd.DatetimeIndex([pd.NaT]) if not isinstance(market_values.name, pd.Timestamp) \
            else pd.DatetimeIndex([market_values.name])
    elif isinstance(market_values, pd.DataFrame):
        mv = market_values
    else:
        raise InputError(f"market_values: expected a DataFrame or Series, got {type(market_values).__name__}")
    if top_n < 1:
        raise InputError(f"top_n must be at least 1, got {top_n}")
    try:
        mv = mv.apply(pd.to_numeric, errors="raise").astype(float)
    except (ValueError, TypeError):
        raise InputError("market_values: every value must be a number") from None
    mv.columns = [str(c).upper() for c in mv.columns]
    arr = mv.to_numpy()
    if arr.size == 0 or np.all(np.isnan(arr)):
        raise InputError("market_values: no constituent values given")
    if np.any(arr[~np.isnan(arr)] < 0):
        raise InputError("market_values: market values cannot be negative")
    vals = np.nan_to_num(arr, nan=0.0)
    sums = vals.sum(axis=1)
    if np.any(sums <= 0):
        raise InputError("market_values: a date has no positive market value")
    if total is None:
        denom = sums
    else:
        t = (total.reindex(mv.index).to_numpy(dtype=float) if isinstance(total, pd.Series)
             else np.full(len(mv), float(total)))
        if np.any(~np.isfinite(t)):
            raise InputError("total: missing for some dates of market_values")
        if np.any(t < sums * (1 - 1e-9)):
            raise InputError("total: smaller than the sum of the constituents' market values")
        denom = t
    w = vals / denom[:, None]
    k = min(top_n, w.shape[1])
    top = -np.sort(-w, axis=1)[:, :k].sum(axis=1)
    hhi = (w**2).sum(axis=1)
    members = [c for c in mv.columns if c in {g.upper() for g in group}]
    gshare = w[:, [mv.columns.get_loc(c) for c in members]].sum(axis=1) if members else np.zeros(len(mv))
    table = pd.DataFrame(
        {"top_n_share": 100 * top, "hhi": 10_000 * hhi, "effective_n": 1.0 / hhi, "group_share": 100 * gshare,
         "n_constituents": (vals > 0).sum(axis=1)},
        index=mv.index,
    )
    table.index.name = "date"
    return ConcentrationResult(table=table, top_n=top_n, group_name=group_name,
                               group=tuple(g.upper() for g in group), of_total=total is not None)
