"""Robert Shiller's monthly workbook ``ie_data.xls`` (S&P Composite, dividends, earnings, CPI, GS10, CAPE).

Layout (sheet ``Data``): a multi-line header whose last line starts with ``Date``; data rows follow,
one per month, until the first row whose ``Date`` cell is not a number (footnotes).

Conventions of the parsed frame (:func:`parse_ie_data`):

* index: month start (``1871-01-01`` …). Shiller writes months as decimal fractions of the year where
  ``.01`` … ``.09`` are January … September and ``.1``, ``.11``, ``.12`` are October, November,
  December (Excel drops the trailing zero of ``.10``). So ``1871.1`` is **October** 1871, not January.
* ``price``: S&P Composite, monthly average of daily closes (index points; the newest month may be a
  single day's close, per the sheet's footnote); ``dividend`` / ``earnings``: 12-month trailing,
  index units (USD); ``cpi``: CPI-U index; ``gs10``: long (10-year) interest rate in **percent**;
  ``real_*``: in dollars of the newest CPI month; ``cape``: price / 10-year average real earnings
  (P/E10); ``tr_cape``: total-return CAPE; ``excess_cape_yield``: 1/CAPE minus the real 10-year rate,
  as a **fraction** (0.0139 = 1.39 %).
* blank or ``NA`` cells → NaN. ``real_earnings`` is set to NaN where ``earnings`` is blank: the
  workbook shows 0.0 there (a formula artifact, not a zero).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xlrd

from bubblescope.data.local import norm_key
from bubblescope.data.source import Fields, FileSource, Resolved, frame_fields, now
from bubblescope.data.sources._payload import one_line, reject_empty_or_html
from bubblescope.errors import DataSourceError

SOURCE = "shiller"
DEFAULT_URL = "https://img1.wsimg.com/blobby/go/e5e77e0b-59d1-44d9-ab25-4763ac982e53/downloads/ie_data.xls"

#: column name → the workbook's header text (the header lines of one column joined by spaces).
COLUMNS: dict[str, str] = {
    "price": "S&P Comp. P",
    "dividend": "Dividend D",
    "earnings": "Earnings E",
    "cpi": "Consumer Price Index CPI",
    "gs10": "Long Interest Rate GS10",
    "real_price": "Real Price",
    "real_dividend": "Real Dividend",
    "real_total_return_price": "Real Total Return Price",
    "real_earnings": "Real Earnings",
    "cape": "Earnings Ratio P/E10 or CAPE",
    "tr_cape": "Earnings Ratio TR P/E10 or TR CAPE",
    "excess_cape_yield": "Excess CAPE Yield",
}

_HEADER_LINES = 4  # lines of header text above the first data row that name a column


def shiller_month(value: float) -> pd.Timestamp:
    """Month start for a Shiller decimal date: ``1871.01`` → 1871-01-01, ``1871.1`` → 1871-10-01."""
    year = int(np.floor(value + 1e-9))
    month = round((value - year) * 100)
    if not 1 <= month <= 12:
        raise DataSourceError(f"{SOURCE}: bad date {value!r} in ie_data.xls (month {month})")
    return pd.Timestamp(year=year, month=month, day=1)


def _norm(text: object) -> str:
    return " ".join(str(text).split())


def _sheet(content: bytes) -> pd.DataFrame:
    """The ``Data`` sheet as an object frame (rows padded to one width)."""
    reject_empty_or_html(content, SOURCE, "ie_data.xls", page="an HTML/XML page")
    # xlrd directly: pandas' xlrd engine is deprecated and calamine is not a dependency.
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError / struct / compound-document errors on corrupt files
        raise DataSourceError(f"{SOURCE}: cannot read ie_data.xls: {one_line(exc)}") from None
    try:
        sheet = book.sheet_by_name("Data")
    except xlrd.XLRDError:
        raise DataSourceError(f"{SOURCE}: ie_data.xls has no 'Data' sheet") from None
    try:
        rows = [sheet.row_values(r) for r in range(sheet.nrows)]
    except Exception as exc:
        raise DataSourceError(f"{SOURCE}: cannot read ie_data.xls: {one_line(exc)}") from None
    width = max((len(r) for r in rows), default=0)
    raw = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    if raw.empty:
        raise DataSourceError(f"{SOURCE}: ie_data.xls 'Data' sheet is empty")
    return raw


def _column_positions(raw: pd.DataFrame) -> tuple[int, dict[str, int]]:
    """Row of the ``Date`` header line and the column of each :data:`COLUMNS` label."""
    first = raw.iloc[:, 0].map(_norm)
    header_rows = np.flatnonzero(first.to_numpy() == "Date")
    if header_rows.size == 0:
        raise DataSourceError(f"{SOURCE}: ie_data.xls 'Data' sheet has no 'Date' header row")
    h = int(header_rows[0])
    top = max(0, h - _HEADER_LINES + 1)
    labels = [
        _norm(" ".join(_norm(v) for v in raw.iloc[top : h + 1, j] if _norm(v)))
        for j in range(raw.shape[1])
    ]
    positions: dict[str, int] = {}
    for name, label in COLUMNS.items():
        if label not in labels:
            raise DataSourceError(f"{SOURCE}: ie_data.xls has no column {label!r} (layout changed?)")
        positions[name] = labels.index(label)
    return h, positions


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def parse_ie_data(content: bytes) -> pd.DataFrame:
    """Parse the bytes of ``ie_data.xls`` into a monthly float frame (see module docstring)."""
    raw = _sheet(content)
    h, positions = _column_positions(raw)
    body = raw.iloc[h + 1 :]
    dates: list[pd.Timestamp] = []
    for v in body.iloc[:, 0]:
        if not _is_number(v) or pd.isna(v):
            break  # the footnotes below the monthly rows
        dates.append(shiller_month(float(v)))
    body = body.iloc[: len(dates)]
    if body.empty:
        raise DataSourceError(f"{SOURCE}: ie_data.xls has no monthly rows")

    def num(col: int) -> np.ndarray:
        return body.iloc[:, col].map(lambda x: x if _is_number(x) else np.nan).to_numpy(dtype=float)

    idx = pd.DatetimeIndex(dates, name="date")
    out = pd.DataFrame({name: num(pos) for name, pos in positions.items()}, index=idx)
    out.loc[out["earnings"].isna(), "real_earnings"] = np.nan
    if idx.has_duplicates or not idx.is_monotonic_increasing:
        raise DataSourceError(f"{SOURCE}: ie_data.xls months are not strictly increasing")
    return out


#: bare symbols Shiller claims → the field they mean.
SYMBOLS = {"SHILLER": "price", "IE_DATA": "price", "CAPE": "cape"}
UNITS = {"price": "index points", "dividend": "USD (index units, 12-month trailing)",
         "earnings": "USD (index units, 12-month trailing)", "cpi": "index (CPI-U)", "gs10": "percent",
         "real_price": "index points, newest-month dollars", "real_dividend": "newest-month dollars",
         "real_total_return_price": "index, newest-month dollars", "real_earnings": "newest-month dollars",
         "cape": "ratio", "tr_cape": "ratio", "excess_cape_yield": "fraction"}


class ShillerSource(FileSource):
    """Shiller's ``ie_data.xls``: claims ``SHILLER`` / ``IE_DATA`` (field ``price``) and ``CAPE`` (``cape``);
    the symbol is always ``SHILLER``; in a data folder the file ``ie_data*.xls``."""

    name = SOURCE
    needs_network = True
    default_field = "price"
    patterns = ("ie_data*.xls",)
    url = DEFAULT_URL
    symbols = frozenset(SYMBOLS)

    def resolve(self, symbol: str, field: str | None) -> Resolved:
        return Resolved(SOURCE, "SHILLER", field or SYMBOLS.get(norm_key(symbol), "price"))

    def parse(self, r: Resolved, content: bytes, origin: str) -> Fields:
        fetched = now()
        return frame_fields(parse_ie_data(content), lambda f, s: self.provenance(
            r, s, origin, f"Shiller {f} (ie_data.xls)", unit=UNITS.get(f, ""), frequency="monthly",
            fetched_at=fetched))
