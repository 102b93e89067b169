"""Valuation gauges: CAPE, trailing P/E, excess CAPE yield, Fed-model gap, Buffett indicator, and the
forward P/E and price/cash-flow where an evidence record supplies them.

Inputs are pandas objects (the data layer reads the files); nothing here does I/O.

* ``shiller`` — Robert Shiller's monthly US stock market data as parsed by
  ``bubblescope.data.sources.shiller.parse_ie_data``: a month-start DatetimeIndex and float columns
  ``price`` (S&P Composite, monthly average of daily closes), ``earnings`` (12-month trailing, index
  units), ``gs10`` (10-year Treasury yield, %), ``cape`` (real price / 10-year average real earnings)
  and ``excess_cape_yield`` (Shiller's ECY as a fraction: 1/CAPE minus the real 10-year bond yield).
* ``buffett`` — US nonfinancial corporate equities (Z.1, FRED ``NCBEILQ027S``) / nominal GDP, in %.

Units of the outputs: CAPE and P/E in ``x`` (multiples), the excess CAPE yield and the Fed-model gap
in percentage points (``pp``; gap = 100·E/P − GS10), the Buffett indicator in ``%`` of GDP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import InputError
from bubblescope.evidence.schema import EvidenceRecord
from bubblescope.gauges._gauge import Gauge, GaugeList, iso, short_cite, unavailable
from bubblescope.gauges._history import PEAK_WINDOWS, history_stats
from bubblescope.results import Result

SHILLER_SOURCE = "Shiller, U.S. stock market data (ie_data.xls)"
BUFFETT_SOURCE = "Fed Z.1 NCBEILQ027S / BEA GDP (FRED)"


@dataclass(frozen=True)
class _Spec:
    key: str
    name: str
    unit: str
    higher_is_hotter: bool
    needs: str


SPECS: dict[str, _Spec] = {
    "cape": _Spec("cape", "CAPE (Shiller P/E10)", "x", True, "Shiller data column 'cape'"),
    "trailing_pe": _Spec("trailing_pe", "Trailing P/E (S&P Composite)", "x", True,
                         "Shiller data columns 'price' and 'earnings'"),
    "excess_cape_yield": _Spec("excess_cape_yield", "Excess CAPE yield (low = expensive)", "pp", False,
                               "Shiller data column 'excess_cape_yield'"),
    "fed_model_gap": _Spec("fed_model_gap", "Fed-model gap: E/P − 10y yield (low = expensive)", "pp", False,
                           "Shiller data columns 'price', 'earnings' and 'gs10'"),
    "buffett": _Spec("buffett", "Buffett indicator (equities / GDP)", "%", True,
                     "the Buffett ratio series (Z.1 NCBEILQ027S / GDP)"),
    "forward_pe": _Spec("forward_pe", "Forward P/E (S&P 500)", "x", True,
                        "an evidence record with metric 'sp500_forward_pe'"),
    "price_cash_flow": _Spec("price_cash_flow", "Price / cash flow (S&P 500)", "x", True,
                             "an evidence record with metric 'sp500_price_to_cash_flow'"),
}


def _frame(shiller: pd.DataFrame | None) -> pd.DataFrame | None:
    if shiller is None:
        return None
    if not isinstance(shiller, pd.DataFrame):
        raise InputError(f"shiller: expected a pandas DataFrame, got {type(shiller).__name__}")
    if not isinstance(shiller.index, pd.DatetimeIndex):
        raise InputError("shiller: the index must be monthly dates (DatetimeIndex)")
    if shiller.index.has_duplicates:
        raise InputError("shiller: duplicate dates in the index")
    return shiller.sort_index()


def _col(df: pd.DataFrame | None, name: str) -> pd.Series | None:
    if df is None or name not in df.columns:
        return None
    s = pd.to_numeric(df[name], errors="coerce").astype(float)
    return s.replace([np.inf, -np.inf], np.nan)


def valuation_series(shiller: pd.DataFrame | None) -> dict[str, pd.Series]:
    """The monthly history of each data-based valuation gauge that the columns allow.

    Non-positive earnings, prices or CAPE (spreadsheet blanks stored as 0) are treated as missing.
    """
    df = _frame(shiller)
    out: dict[str, pd.Series] = {}
    cape = _col(df, "cape")
    if cape is not None:
        out["cape"] = cape.where(cape > 0).dropna()
    price, earnings, gs10 = _col(df, "price"), _col(df, "earnings"), _col(df, "gs10")
    if price is not None and earnings is not None:
        p, e = price.where(price > 0), earnings.where(earnings > 0)
        out["trailing_pe"] = (p / e).dropna()
        if gs10 is not None:
            out["fed_model_gap"] = (100.0 * e / p - gs10).dropna()
    ecy = _col(df, "excess_cape_yield")
    if ecy is not None:
        out["excess_cape_yield"] = (100.0 * ecy).dropna()
    return {k: v for k, v in out.items() if not v.empty}


def _from_history(spec: _Spec, s: pd.Series | None, source: str, as_of, window_years: int) -> Gauge:
    if s is None or s.dropna().empty:
        return unavailable(spec.key, spec.name, spec.unit, spec.needs)
    s = s.dropna()
    if as_of is not None and s.loc[: pd.Timestamp(as_of)].empty:
        return unavailable(spec.key, spec.name, spec.unit, f"{spec.needs} before {pd.Timestamp(as_of).date()}")
    try:
        h = history_stats(s, name=spec.name, as_of=as_of, window_years=window_years,
                          higher_is_hotter=spec.higher_is_hotter, min_obs=8)
    except InputError as exc:  # too short a history before the as-of date: no number, say why
        return unavailable(spec.key, spec.name, spec.unit, f"a longer history ({exc})")
    return Gauge(key=spec.key, name=spec.name, unit=spec.unit, value=h.value, as_of=iso(h.as_of),
                 source=source, history=h, higher_is_hotter=spec.higher_is_hotter)


def gauge_from_record(key: str, name: str, unit: str, record: EvidenceRecord | None, needs: str,
                      *, group: str = "valuation", expect_unit: str | None = None) -> Gauge:
    """A point reading taken from an evidence record (no history, so no percentile)."""
    if record is None or record.numeric is None:
        return unavailable(key, name, unit, needs, group=group)
    if expect_unit is not None and record.unit != expect_unit:
        raise InputError(f"evidence {record.id!r}: unit must be {expect_unit!r}, got {record.unit!r}")
    return Gauge(key=key, name=name, unit=unit, value=float(record.numeric), as_of=record.as_of,
                 source=short_cite(record), group=group, note=record.note)


@dataclass(frozen=True)
class ValuationGauges(GaugeList, Result):
    """Valuation gauges, each with value, as-of, percentile/z-score (full history and window) and the
    hottest readings at past peaks (see :mod:`bubblescope.gauges._history`)."""

    gauges: list[Gauge]
    window_years: int
    as_of: str | None = None
    series: dict[str, pd.Series] = field(default_factory=dict, repr=False)

    def summary(self) -> str:
        lines = [f"Valuation gauges (window {self.window_years}y{', as of ' + self.as_of if self.as_of else ''})"]
        for g in self.gauges:
            if g.available and g.history is not None:
                h = g.history
                lines.append(f"  {g.name}: {g.display()} ({g.as_of}); percentile {h.percentile:.0f} "
                             f"(z {h.zscore:+.2f}), last {h.window_years}y {h.window_percentile:.0f}")
            elif g.available:
                lines.append(f"  {g.name}: {g.display()} ({g.as_of}; {g.source})")
            else:
                lines.append(f"  {g.name}: {g.display()}")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([g.row() for g in self.gauges]).set_index("key")

    def peaks_frame(self) -> pd.DataFrame:
        """Rows: gauges with a history; columns: the named peaks (hottest reading in each window)."""
        rows = {}
        for g in self.gauges:
            if g.history is not None:
                rows[g.key] = {p.label: p.value for p in g.history.peaks}
        return pd.DataFrame.from_dict(rows, orient="index", columns=list(PEAK_WINDOWS))

    def to_dict(self) -> dict[str, Any]:
        return {
            "window_years": self.window_years,
            "as_of": self.as_of,
            "peak_windows": PEAK_WINDOWS,
            "gauges": [g.to_dict() for g in self.gauges],
        }

    def plot(self) -> Any:
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        keys = [k for k in self.series if not self.series[k].empty]
        fig = make_subplots(rows=max(len(keys), 1), cols=1, shared_xaxes=True,
                            subplot_titles=[SPECS[k].name for k in keys])
        for i, k in enumerate(keys, start=1):
            s = self.series[k]
            fig.add_trace(go.Scatter(x=s.index, y=s.to_numpy(), name=SPECS[k].name, mode="lines"), row=i, col=1)
        fig.update_layout(height=220 * max(len(keys), 1), showlegend=False, title="Valuation gauges")
        return fig


def valuation_gauges(
    shiller: pd.DataFrame | None = None,
    *,
    buffett: pd.Series | None = None,
    forward_pe: EvidenceRecord | None = None,
    price_cash_flow: EvidenceRecord | None = None,
    forward_pe_series: pd.Series | None = None,
    forward_pe_source: str = "",
    window_years: int = 30,
    as_of: str | pd.Timestamp | None = None,
    shiller_source: str = SHILLER_SOURCE,
    buffett_source: str = BUFFETT_SOURCE,
) -> ValuationGauges:
    """Compute the valuation gauges from whatever inputs are given.

    Missing inputs make the corresponding gauge "not available (needs …)"; nothing is estimated.
    ``as_of`` evaluates every data gauge at that date against history up to it (no look-ahead);
    ``window_years`` sets the recent window for the second percentile/z-score.
    """
    if window_years < 1:
        raise InputError(f"window_years must be at least 1, got {window_years}")
    series = valuation_series(shiller)
    if buffett is not None:
        if not isinstance(buffett, pd.Series) or not isinstance(buffett.index, pd.DatetimeIndex):
            raise InputError("buffett: expected a pandas Series indexed by dates")
        b = pd.to_numeric(buffett, errors="coerce").astype(float)
        b = b[b > 0].dropna().sort_index()
        if not b.empty:
            series["buffett"] = b
    gauges = [
        _from_history(SPECS[k], series.get(k), buffett_source if k == "buffett" else shiller_source,
                      as_of, window_years)
        for k in ("cape", "trailing_pe", "excess_cape_yield", "fed_model_gap", "buffett")
    ]
    fwd = None
    if forward_pe_series is not None:
        s = pd.to_numeric(forward_pe_series, errors="coerce").astype(float)
        s = s[s > 0].dropna().sort_index()
        if not s.empty and (as_of is None or not s.loc[: pd.Timestamp(as_of)].empty):
            series["forward_pe"] = s
            fwd = _from_history(SPECS["forward_pe"], s, forward_pe_source, as_of, window_years)
    for key, rec in (("forward_pe", forward_pe), ("price_cash_flow", price_cash_flow)):
        spec = SPECS[key]
        if key == "forward_pe" and fwd is not None and fwd.available:
            gauges.append(fwd)  # a data series with a history beats a point reading
            continue
        gauges.append(gauge_from_record(key, spec.name, spec.unit, rec, spec.needs, expect_unit="x"))
    return ValuationGauges(gauges=gauges, window_years=window_years,
                           as_of=None if as_of is None else pd.Timestamp(as_of).date().isoformat(),
                           series=series)


__all__ = ["BUFFETT_SOURCE", "SHILLER_SOURCE", "SPECS", "ValuationGauges", "gauge_from_record",
           "valuation_gauges", "valuation_series"]
