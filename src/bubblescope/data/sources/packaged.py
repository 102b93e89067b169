"""Datasets shipped inside installed packages: the offline fallback (no network, always available).

From ``arch.data`` (Kevin Sheppard's *arch*, data originally downloaded from Yahoo Finance / FRED):

* ``^GSPC``: S&P 500, ``Adj Close``, daily 1999-01-04 … 2018-12-31 (``arch.data.sp500``);
* ``^IXIC``: Nasdaq Composite, ``Adj Close``, daily 1999-01-04 … 2018-12-31 (``arch.data.nasdaq``);
* ``^VIX``: CBOE VIX close, daily 2014-01-03 … 2019-01-03 (``arch.data.vix``);
* ``CPILFESL``: US core CPI, monthly 1957-01 … 2018-11 (``arch.data.core_cpi``);
* ``DCOILWTICO``: WTI crude oil spot, daily 1986-01-02 … 2019-01-03 (``arch.data.wti``).
"""

from __future__ import annotations

import importlib

import pandas as pd

from bubblescope.errors import DataSourceError

SOURCE = "package"

#: canonical symbol → (module, column, description)
DATASETS: dict[str, tuple[str, str, str]] = {
    "^GSPC": ("arch.data.sp500", "Adj Close", "S&P 500 adjusted close (arch.data.sp500)"),
    "^IXIC": ("arch.data.nasdaq", "Adj Close", "Nasdaq Composite adjusted close (arch.data.nasdaq)"),
    "^VIX": ("arch.data.vix", "vix", "CBOE VIX close (arch.data.vix)"),
    "CPILFESL": ("arch.data.core_cpi", "CPILFESL", "US core CPI index (arch.data.core_cpi)"),
    "DCOILWTICO": ("arch.data.wti", "DCOILWTICO", "WTI crude spot, $/barrel (arch.data.wti)"),
}


def has_packaged(symbol: str) -> bool:
    return symbol in DATASETS


def load_packaged(symbol: str) -> tuple[pd.Series, str, str]:
    """(series, module, description) for a canonical symbol shipped in a package."""
    if symbol not in DATASETS:
        raise DataSourceError(f"{SOURCE} {symbol}: no packaged dataset (have: {', '.join(DATASETS)})")
    module, column, desc = DATASETS[symbol]
    try:
        df = importlib.import_module(module).load()
    except Exception as exc:  # missing optional package or broken install
        raise DataSourceError(f"{SOURCE} {symbol}: cannot load {module}: {exc}") from None
    s = df[column].astype(float).dropna()
    s.index = pd.DatetimeIndex(s.index, name="date").as_unit("ns")
    s.name = symbol
    return s.sort_index(), module, desc
