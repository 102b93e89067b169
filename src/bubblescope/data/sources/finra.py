"""FINRA margin statistics workbook (``margin-statistics.xlsx``), sheet ``Customer Margin Balances``.

Columns of :func:`parse_margin_xlsx` (all **$ millions**, month-end balances, index = last day of the
month, ascending; FINRA lists newest first):

* ``margin_debt`` — Debit Balances in Customers' Securities Margin Accounts;
* ``free_credit_cash`` — Free Credit Balances in Customers' Cash Accounts;
* ``free_credit_margin`` — Free Credit Balances in Customers' Securities Margin Accounts (blank before 1997-04 → NaN).
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd

from bubblescope.data.source import Fields, FileSource, Resolved, frame_fields, now
from bubblescope.data.sources._payload import one_line, reject_empty_or_html
from bubblescope.errors import DataSourceError

SOURCE = "finra"
DEFAULT_URL = "https://www.finra.org/sites/default/files/2021-03/margin-statistics.xlsx"
_HEADS = {
    "margin_debt": "debit balances in customers' securities margin accounts",
    "free_credit_cash": "free credit balances in customers' cash accounts",
    "free_credit_margin": "free credit balances in customers' securities margin accounts",
}


#: largest total uncompressed size of the workbook's parts (the real file inflates to about 1 MB).
MAX_INFLATED_MB = 200


def _check_inflated_size(content: bytes) -> None:
    """Refuse a zip bomb before openpyxl inflates it: the parts' declared sizes must stay under the limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DataSourceError(f"{SOURCE}: cannot read margin statistics xlsx: {one_line(exc, 80)}") from None
    if total > MAX_INFLATED_MB * 1_000_000:
        raise DataSourceError(f"{SOURCE}: margin statistics xlsx would inflate to {total / 1e6:.0f} MB, over the "
                              f"{MAX_INFLATED_MB} MB limit; refused")


def _sheet_rows(content: bytes) -> list[tuple]:
    """The rows of the ``Customer Margin Balances`` sheet (else the first sheet), as values."""
    import openpyxl

    reject_empty_or_html(content, SOURCE, "margin statistics xlsx")
    _check_inflated_size(content)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataSourceError(f"{SOURCE}: cannot read margin statistics xlsx: {one_line(exc, 80)}") from None
    try:
        ws = wb["Customer Margin Balances"] if "Customer Margin Balances" in wb.sheetnames else wb.worksheets[0]
        return list(ws.iter_rows(values_only=True))
    finally:
        wb.close()


def _column_positions(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    """Row of the ``Year-Month`` header and the column of each field."""
    hdr_i = next((i for i, r in enumerate(rows[:20]) if r and str(r[0] or "").strip().lower() == "year-month"), None)
    if hdr_i is None:
        raise DataSourceError(f"{SOURCE}: margin statistics sheet has no 'Year-Month' header")
    heads = [" ".join(str(h or "").split()).lower() for h in rows[hdr_i]]
    pos = {}
    for name, text in _HEADS.items():
        if text not in heads:
            raise DataSourceError(f"{SOURCE}: margin statistics sheet has no column {text!r}")
        pos[name] = heads.index(text)
    return hdr_i, pos


def parse_margin_xlsx(content: bytes) -> pd.DataFrame:
    """Parse FINRA's margin statistics workbook (see module docstring)."""
    rows = _sheet_rows(content)
    hdr_i, pos = _column_positions(rows)
    dates: list[pd.Timestamp] = []
    data: dict[str, list[float]] = {k: [] for k in pos}
    for r in rows[hdr_i + 1 :]:
        if not r or r[0] is None or str(r[0]).strip() == "":
            continue
        d = pd.to_datetime(str(r[0]).strip()[:7], format="%Y-%m", errors="coerce")
        if pd.isna(d):
            raise DataSourceError(f"{SOURCE}: bad Year-Month {r[0]!r} in margin statistics")
        dates.append(d + pd.offsets.MonthEnd(0))
        for k, j in pos.items():
            v = r[j] if j < len(r) else None
            data[k].append(float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else np.nan)
    if not dates:
        raise DataSourceError(f"{SOURCE}: margin statistics sheet has no rows")
    df = pd.DataFrame(data, index=pd.DatetimeIndex(dates, name="date")).sort_index()
    if df.index.has_duplicates:
        raise DataSourceError(f"{SOURCE}: duplicate month {df.index[df.index.duplicated()][0]:%Y-%m}")
    return df


#: bare symbols FINRA claims (the symbol is always ``MARGIN``).
SYMBOLS = frozenset({"MARGIN_DEBT", "FINRA_MARGIN"})


class FinraSource(FileSource):
    """FINRA margin statistics: claims ``MARGIN_DEBT`` / ``FINRA_MARGIN``; field ``margin_debt``, USD millions;
    in a data folder the file ``*margin*statistic*.xlsx``."""

    name = SOURCE
    needs_network = True
    default_field = "margin_debt"
    unit = "USD millions"
    patterns = ("*margin*statistic*.xlsx", "*margin*stat*.xlsx")
    url = DEFAULT_URL
    symbols = SYMBOLS

    def resolve(self, symbol: str, field: str | None) -> Resolved:
        return Resolved(SOURCE, "MARGIN", field or self.default_field)

    def parse(self, r: Resolved, content: bytes, origin: str) -> Fields:
        fetched = now()
        return frame_fields(parse_margin_xlsx(content), lambda f, s: self.provenance(
            r, s, origin, f"FINRA {f} (margin statistics)", frequency="monthly", fetched_at=fetched))
