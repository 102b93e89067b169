"""Placing one reading against its own history: percentile, z-score, values at past peaks.

Conventions used by every gauge:

* **percentile** — the share (0–100) of historical observations that are *less than or equal to* the
  reading (``scipy.stats.percentileofscore(kind="weak")``). The history is the series up to and
  including the as-of date (no look-ahead), so "percentile near 100" means "as high as ever so far".
* **z-score** — ``(reading − mean) / std`` with the sample standard deviation (ddof=1) of the same
  history.
* **window** — the same two numbers over the last ``window_years`` years of that history only.
* **past peaks** — for each named market top (:data:`PEAK_WINDOWS`), the gauge's most extreme
  ("hottest") reading inside the window around it and its month. "Hottest" is the maximum for gauges
  where high means expensive (CAPE) and the minimum where low means expensive (the Fed-model gap).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import InputError

#: Named US market tops and the months searched around each (inclusive). The windows span the
#: run-up into and the first months after the S&P Composite's monthly high, so a gauge that peaked a
#: little before or after the price (CAPE peaked in Dec 1999, the price in Aug 2000) is still caught.
PEAK_WINDOWS: dict[str, tuple[str, str]] = {
    "1929": ("1928-09", "1929-12"),
    "1966": ("1965-07", "1966-06"),
    "2000": ("1999-07", "2000-12"),
    "2007": ("2007-01", "2007-12"),
    "2021": ("2021-01", "2022-01"),
}


@dataclass(frozen=True)
class PeakValue:
    """A gauge's hottest reading within one named peak window (NaN date/value when uncovered)."""

    label: str
    date: pd.Timestamp | None
    value: float


@dataclass(frozen=True)
class HistoryStats:
    """A reading placed against its history (see the module docstring for conventions)."""

    value: float
    as_of: pd.Timestamp
    percentile: float
    zscore: float
    window_years: int
    window_percentile: float
    window_zscore: float
    history_start: pd.Timestamp
    n_obs: int
    peaks: list[PeakValue] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from bubblescope.results import to_jsonable

        return to_jsonable(self)


def _clean(series: pd.Series, name: str) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise InputError(f"{name}: expected a pandas Series, got {type(series).__name__}")
    if not isinstance(series.index, pd.DatetimeIndex):
        raise InputError(f"{name}: the index must be dates (DatetimeIndex)")
    s = pd.to_numeric(series, errors="coerce").astype(float)
    s = s[np.isfinite(s.to_numpy())]
    if s.index.has_duplicates:
        raise InputError(f"{name}: duplicate dates (e.g. {s.index[s.index.duplicated()][0].date()})")
    return s.sort_index()


def _pct_z(hist: np.ndarray, x: float) -> tuple[float, float]:
    from scipy import stats  # here, not at module level: scipy.stats takes ~0.5 s to import

    # clipped: scipy's float arithmetic can return 100.00000000000001 for the maximum
    pct = min(100.0, max(0.0, float(stats.percentileofscore(hist, x, kind="weak"))))
    sd = float(np.std(hist, ddof=1)) if hist.size > 1 else float("nan")
    z = (x - float(np.mean(hist))) / sd if sd > 0 else float("nan")
    return pct, z


def peak_values(series: pd.Series, *, higher_is_hotter: bool = True) -> list[PeakValue]:
    """The hottest reading of ``series`` inside each of :data:`PEAK_WINDOWS`."""
    out: list[PeakValue] = []
    for label, (start, end) in PEAK_WINDOWS.items():
        part = series.loc[pd.Timestamp(start) : pd.Timestamp(end) + pd.offsets.MonthEnd(0)]
        if part.empty:
            out.append(PeakValue(label, None, float("nan")))
            continue
        when = part.idxmax() if higher_is_hotter else part.idxmin()
        out.append(PeakValue(label, pd.Timestamp(when), float(part.loc[when])))
    return out


def history_stats(
    series: pd.Series,
    *,
    name: str = "series",
    as_of: str | pd.Timestamp | None = None,
    window_years: int = 30,
    higher_is_hotter: bool = True,
    min_obs: int = 24,
) -> HistoryStats:
    """Latest reading of ``series`` (at or before ``as_of``) against its history up to that date.

    Raises :class:`InputError` when fewer than ``min_obs`` finite observations are available.
    """
    if window_years < 1:
        raise InputError(f"window_years must be at least 1, got {window_years}")
    s = _clean(series, name)
    if as_of is not None:
        s = s.loc[: pd.Timestamp(as_of)]
    if len(s) < min_obs:
        raise InputError(f"{name}: needs at least {min_obs} observations up to the as-of date, got {len(s)}")
    x = float(s.iloc[-1])
    when = pd.Timestamp(s.index[-1])
    pct, z = _pct_z(s.to_numpy(), x)
    win = s.loc[when - pd.DateOffset(years=window_years) :]
    wpct, wz = _pct_z(win.to_numpy(), x)
    return HistoryStats(
        value=x,
        as_of=when,
        percentile=pct,
        zscore=z,
        window_years=window_years,
        window_percentile=wpct,
        window_zscore=wz,
        history_start=pd.Timestamp(s.index[0]),
        n_obs=len(s),
        # only windows that ended by the as-of date: a top is known as a top only afterwards, and
        # nothing dated after the as-of date is shown
        peaks=[p for p in peak_values(s, higher_is_hotter=higher_is_hotter)
               if as_of is None
               or pd.Timestamp(PEAK_WINDOWS[p.label][1]) + pd.offsets.MonthEnd(0) <= pd.Timestamp(as_of)],
    )


def finite(x: float | None) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)
