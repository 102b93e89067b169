"""Series-based four-factor indicators: read the data series where available, evidence as fallback.

Today one indicator: margin-debt growth over the two years to the as-of month (novice investors). The
window is trailing and ends at the as-of date (the last month-end on or before it), so no value after
the as-of date is used and the start month is fixed by the window, not picked. The result becomes an
evidence record (``<episode>.margin-debt-growth-2y-series``, coded by bubblescope from the series'
source) whose direct metric takes precedence over the two-record derivation in the rubric.

Pure: the series are passed in (the CLI reads them with :func:`bubblescope.data.get_series`).
Same meaning as ``gauges.margin_debt_growth(series, as_of).growth_2y`` (helper p19); the coordinator
may unify the two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from bubblescope.errors import InputError
from bubblescope.evidence.loader import EvidenceBase
from bubblescope.evidence.schema import Episode, EvidenceRecord, Source, partial_date_start

MARGIN_METRICS = ("margin_debt", "margin_debt_2y_earlier", "margin_debt_growth_2y_pct")
FINRA = Source(organisation="FINRA", title="Margin Statistics: debit balances in customers' securities margin accounts",
               url="https://www.finra.org/rules-guidance/key-topics/margin-accounts/margin-statistics")


@dataclass(frozen=True)
class TrailingGrowth:
    """Growth of a series over a trailing window that ends at the as-of date."""

    growth_pct: float
    start: pd.Timestamp
    end: pd.Timestamp
    start_value: float
    end_value: float


def _monthly(series: pd.Series) -> pd.Series:
    if not isinstance(series, pd.Series) or not isinstance(series.index, pd.DatetimeIndex):
        raise InputError("margin debt: expected a pandas Series indexed by dates")
    s = pd.to_numeric(series, errors="coerce").astype(float).dropna().sort_index()
    s = s[s > 0]
    g = s.groupby(s.index.to_period("M")).last()
    g.index = g.index.to_timestamp(how="end").normalize()
    return g


def trailing_growth(series: pd.Series, as_of: str | pd.Timestamp, months: int = 24) -> TrailingGrowth:
    """100 * (value at the last month-end on or before ``as_of`` / value ``months`` earlier - 1).

    Raises :class:`InputError` when the series does not reach back far enough.
    """
    m = _monthly(series)
    m = m.loc[: pd.Timestamp(as_of)]
    if m.empty:
        raise InputError(f"margin debt: no observation on or before {pd.Timestamp(as_of).date()}")
    end = m.index[-1]
    start_period = end.to_period("M") - months
    start_rows = m[m.index.to_period("M") == start_period]
    if start_rows.empty:
        raise InputError(f"margin debt: no observation for {start_period}, {months} months before {end.date()}")
    a, b = float(m.iloc[-1]), float(start_rows.iloc[-1])
    return TrailingGrowth(round(100.0 * (a / b - 1.0), 9), start_rows.index[-1], end, b, a)


def margin_debt_growth_2y(series: pd.Series, as_of: str | pd.Timestamp) -> float:
    """Margin-debt growth (%) over the 24 months to ``as_of``, from the series only."""
    return trailing_growth(series, as_of, 24).growth_pct


def episode_as_of(ep: Episode, series: pd.Series) -> pd.Timestamp:
    """The as-of date of an episode: its peak when it has ended, else the series' last observation."""
    if ep.end is not None and ep.peak is not None:
        return pd.Timestamp(partial_date_start(ep.peak))
    return pd.Timestamp(series.index.max())


def series_records(base: EvidenceBase, series: Mapping[str, pd.Series],
                   as_of: Mapping[str, str] | None = None, source: Source = FINRA) -> list[EvidenceRecord]:
    """Evidence records computed from data series for the episodes whose indicators they feed.

    ``series["margin_debt"]`` (monthly, any unit) feeds every episode that has margin-debt evidence;
    ``as_of`` maps an episode id to its as-of date (default: :func:`episode_as_of`). Episodes the
    series cannot cover keep their evidence (the fallback).
    """
    md = series.get("margin_debt")
    if md is None or len(md) == 0:
        return []
    out = []
    for ep in base.episodes.values():
        if not any(r.metric in MARGIN_METRICS for r in base.for_episode(ep.id)):
            continue
        when = pd.Timestamp((as_of or {}).get(ep.id) or episode_as_of(ep, md))
        try:
            g = trailing_growth(md, when, 24)
        except InputError:
            continue
        out.append(EvidenceRecord(
            id=f"{ep.id}.margin-debt-growth-2y-series", episode=ep.id, informs=["novice_investors"],
            metric="margin_debt_growth_2y_pct", value=g.growth_pct, unit="%", as_of=g.end.date().isoformat(),
            source=source, coded_by="bubblescope",
            note=(f"Computed by bubblescope from the data series: {g.end_value:,.0f} at {g.end.date()} against "
                  f"{g.start_value:,.0f} at {g.start.date()} (trailing 24 months ending at the as-of date "
                  f"{when.date()}).")))
    return out
