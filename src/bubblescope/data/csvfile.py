"""Reading one date/value series from a CSV file in the common layouts.

Handles plain ``date,value`` files, FRED ``fredgraph.csv`` (``.`` or empty for missing), the
yfinance ``download()`` multi-header layout (``Price``/``Ticker``/``Date`` lines) and the
``Ticker.history()`` layout with tz-aware timestamps.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from bubblescope.errors import DataSourceError
from bubblescope.fileio import check_size

_DATE_NAMES = ("date", "datetime", "observation_date", "timestamp", "time", "week", "month", "yearmonth")
_VALUE_PREFERENCE = ("adj close", "adj_close", "adjclose", "close", "value", "price", "p")


def _columns(df: pd.DataFrame, path: Path, date_col: str | None, value_col: str | None) -> tuple[str, str]:
    """The date and value columns: as given (checked), else by name, else the first / the last column."""
    lower = {c.lower(): c for c in df.columns}
    for given in (date_col, value_col):
        if given is not None and given not in df.columns:
            raise DataSourceError(f"csv: {path} has no column {given!r} (columns: {', '.join(df.columns)})")
    if date_col is None:
        date_col = next((lower[n] for n in _DATE_NAMES if n in lower), df.columns[0])
        if df.columns[0] == "Price" and "Date" not in df.columns:  # yfinance multi-header
            date_col = "Price"
    if value_col is None:
        candidates = [c for c in df.columns if c != date_col]
        value_col = next((lower[n] for n in _VALUE_PREFERENCE if n in lower and lower[n] != date_col), None)
        if value_col is None:
            value_col = candidates[0] if len(candidates) == 1 else candidates[-1]
    return str(date_col), str(value_col)


#: dates a series may hold (nanosecond timestamps, as pandas and the cache store them)
_FIRST, _LAST = pd.Timestamp("1678-01-01"), pd.Timestamp("2261-12-31")


def read_csv_series(path: Path, *, date_col: str | None = None, value_col: str | None = None) -> pd.Series:
    """Read a single numeric series from ``path``; errors name the file and the problem."""
    check_size(path, what="CSV file")  # a device or an oversize file is refused before reading
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataSourceError(f"csv: cannot read {path}: {exc.strerror or exc}") from None
    if b"\x00" in raw[:4096]:
        raise DataSourceError(f"csv: {path} is a binary file, not CSV")
    try:
        df = pd.read_csv(path, dtype=str, skipinitialspace=True, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataSourceError(f"csv: cannot parse {path}: {str(exc).splitlines()[0]}") from None
    if df.empty or df.shape[1] < 2:
        raise DataSourceError(f"csv: {path} needs a date column and at least one value column")
    df.columns = [str(c).strip() for c in df.columns]
    date_col, value_col = _columns(df, path, date_col, value_col)

    raw_dates = df[date_col].astype(str).str.strip()
    # tz-aware exchange timestamps ("1999-01-22 00:00:00-05:00"): keep the local calendar date
    # (converting to UTC first would shift dates for exchanges east of UTC).
    iso = raw_dates.str.match(r"^\d{4}-\d{2}-\d{2}[ T]\d")
    raw_dates = raw_dates.where(~iso, raw_dates.str.slice(0, 10))
    dates = pd.to_datetime(raw_dates, errors="coerce", utc=True, format="mixed")
    values = pd.to_numeric(df[value_col].str.replace(",", "", regex=False).replace({".": None}), errors="coerce")
    keep = dates.notna()
    if not keep.any():
        raise DataSourceError(f"csv: {path}: column {date_col!r} has no dates")
    idx = pd.DatetimeIndex(dates[keep]).tz_localize(None).normalize()
    if len(idx) and (idx.min() < _FIRST or idx.max() > _LAST):
        bad = idx.min() if idx.min() < _FIRST else idx.max()
        raise DataSourceError(f"csv: {path}: date {str(bad).split(' ')[0]} is outside the supported range "
                              f"{_FIRST.date()} … {_LAST.date()}")
    idx = idx.as_unit("ns")  # as the cache returns it
    s = pd.Series(values[keep].to_numpy(dtype=float), index=idx, name=value_col).dropna()
    s.index.name = "date"
    if s.empty:
        raise DataSourceError(f"csv: {path}: column {value_col!r} has no numeric values")
    inf = ~np.isfinite(s.to_numpy())
    if inf.any():
        raise DataSourceError(f"csv: {path}: column {value_col!r} holds an infinite value "
                              f"(first on {s.index[inf][0].date()})")
    if s.index.has_duplicates:
        raise DataSourceError(f"csv: {path}: duplicate dates (e.g. {s.index[s.index.duplicated()][0].date()})")
    return s.sort_index()
