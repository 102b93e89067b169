"""``get_series``: one function for 'a price series', whether a CSV path or a symbol."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bubblescope.data.csvfile import read_csv_series
from bubblescope.errors import DataSourceError


def get_series(
    symbol: str | Path,
    *,
    source: str | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    data_dir: str | Path | None = None,
    offline: bool = False,
    date_col: str | None = None,
    value_col: str | None = None,
) -> pd.Series:
    """Return a float series indexed by sorted, unique timestamps.

    ``symbol`` may be a path to a CSV file (date + value columns, chosen by ``date_col`` and
    ``value_col`` or detected). Symbols resolved through sources and the cache are handled by the
    data layer's sources.
    """
    path = Path(symbol)
    if path.suffix.lower() in {".csv", ".txt"} or path.is_file():
        if not path.is_file():
            raise DataSourceError(f"csv: file not found: {path}")
        s = read_csv_series(path, date_col=date_col, value_col=value_col)
    else:
        raise DataSourceError(f"unknown series {symbol!r}: give a CSV path (symbols need the data layer's sources)")
    if start is not None:
        s = s[s.index >= pd.Timestamp(start)]
    if end is not None:
        s = s[s.index <= pd.Timestamp(end)]
    if s.empty:
        raise DataSourceError(f"{symbol}: no observations in the requested range")
    return s
