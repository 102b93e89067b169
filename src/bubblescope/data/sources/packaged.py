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
import importlib.util
from pathlib import Path

import pandas as pd

from bubblescope.data.local import canonical, infer_frequency
from bubblescope.data.provenance import Provenance, iso_date
from bubblescope.data.source import BaseSource, Fields, Resolved, now
from bubblescope.errors import DataSourceError

SOURCE = "package"

#: canonical symbol → (module, data file, column, description)
DATASETS: dict[str, tuple[str, str, str, str]] = {
    "^GSPC": ("arch.data.sp500", "sp500.csv.gz", "Adj Close", "S&P 500 adjusted close (arch.data.sp500)"),
    "^IXIC": ("arch.data.nasdaq", "nasdaq.csv.gz", "Adj Close", "Nasdaq Composite adjusted close (arch.data.nasdaq)"),
    "^VIX": ("arch.data.vix", "vix.csv.gz", "vix", "CBOE VIX close (arch.data.vix)"),
    "CPILFESL": ("arch.data.core_cpi", "core-cpi.csv.gz", "CPILFESL", "US core CPI index (arch.data.core_cpi)"),
    "DCOILWTICO": ("arch.data.wti", "wti.csv.gz", "DCOILWTICO", "WTI crude spot, $/barrel (arch.data.wti)"),
}


def has_packaged(symbol: str) -> bool:
    return symbol in DATASETS


def load_packaged(symbol: str) -> tuple[pd.Series, str, str]:
    """(series, module, description) for a canonical symbol shipped in a package."""
    if symbol not in DATASETS:
        raise DataSourceError(f"{SOURCE} {symbol}: no packaged dataset (have: {', '.join(DATASETS)})")
    module, filename, column, desc = DATASETS[symbol]
    try:
        df = _read_data_file(module, filename)
        if df is None:
            df = importlib.import_module(module).load()
    except Exception as exc:  # missing optional package or broken install
        raise DataSourceError(f"{SOURCE} {symbol}: cannot load {module}: {exc}") from None
    s = df[column].astype(float).dropna()
    s.index = pd.DatetimeIndex(s.index, name="date").as_unit("ns")
    s.name = symbol
    return s.sort_index(), module, desc


def _read_data_file(module: str, filename: str) -> pd.DataFrame | None:
    """Read ``<package>/data/<name>/<name>.csv.gz`` without importing the package: ``import arch`` costs
    several seconds (numba, scipy), the file read is instant. Same parsing as ``arch.data.utility.load_file``.
    Returns None when the file is not where expected (then the module's own ``load()`` is used)."""
    top, *rest = module.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest) / filename
    if not path.is_file():
        return None
    df = pd.read_csv(path)
    if "Date" in df:
        df = df.set_index(pd.to_datetime(df.pop("Date")))
    return df.apply(pd.to_numeric, errors="coerce")


class PackagedSource(BaseSource):
    """The datasets above: never downloaded or cached, but the last resort for any symbol they hold
    (:meth:`fallback`), whichever source the symbol resolved to. ``package:^GSPC`` names it explicitly."""

    name = SOURCE

    def fallback(self, r: Resolved, error: DataSourceError | None) -> Fields | None:
        canon = canonical(r.symbol)
        if not has_packaged(canon):
            return None
        s, module, desc = load_packaged(canon)
        note = (("network failed: " + str(error)) if error else
                f"offline with an empty cache: the packaged copy from {module} is used (it ends {iso_date(s.index[-1])})")
        p = Provenance(symbol=canon, source=SOURCE, quantity=desc, url=f"python package module {module}",
                       fetched_at=now(), as_of=iso_date(s.index[-1]), frequency=infer_frequency(s), notes=(note,))
        return {"value": (s, p)}
