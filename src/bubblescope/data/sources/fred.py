"""FRED ``fredgraph.csv`` downloads (no API key): ``{base}/graph/fredgraph.csv?id=SERIES``.

Formats accepted by :func:`parse_fredgraph` (all seen in real downloads):

* current: ``observation_date,DGS10`` with empty fields for missing observations;
* older: ``DATE,DGS10`` with ``.`` for missing observations;
* local mirrors: ``date,DGS10`` or ``date,value``.

The result is a float Series named after the series id, indexed by observation date (FRED's own
convention: monthly/quarterly observations are dated at the period start), missing observations
dropped. Units are FRED's native units (percent for rates, billions of dollars SAAR for GDP, …).
"""

from __future__ import annotations

import io
import re

import pandas as pd

from bubblescope.data.http import HttpConfig, fetch
from bubblescope.data.local import canonical, infer_frequency, norm_key
from bubblescope.data.source import BaseSource, Fields, Resolved
from bubblescope.errors import DataSourceError, InputError

SOURCE = "fred"
DEFAULT_BASE_URL = "https://fred.stlouisfed.org"
_ID = re.compile(r"^[A-Za-z0-9_]{1,40}$")


def fredgraph_url(series_id: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """URL of the CSV download for ``series_id``."""
    return f"{base_url.rstrip('/')}/graph/fredgraph.csv?id={series_id}"


def valid_series_id(series_id: str) -> bool:
    """FRED ids are letters, digits and underscores (e.g. ``DGS10``, ``A191RL1Q225SBEA``)."""
    return bool(_ID.match(series_id))


def parse_fredgraph(content: bytes, series_id: str | None = None) -> pd.Series:
    """Parse a ``fredgraph.csv`` body into a float Series (see module docstring).

    ``series_id``, when given, must match the value column's header (case-insensitive) unless the
    header is the generic ``value``; the Series is named ``series_id`` (else the header).
    """
    label = f"{SOURCE} {series_id}" if series_id else SOURCE
    if not content or not content.strip():
        raise DataSourceError(f"{label}: empty response")
    head = content.lstrip()[:200].lower()
    if head.startswith(b"<") or b"<html" in head:
        raise DataSourceError(f"{label}: got an HTML page instead of CSV")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataSourceError(f"{label}: response is not UTF-8 text") from None
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataSourceError(f"{label}: malformed CSV: {str(exc).splitlines()[0]}") from None
    cols = [str(c).strip() for c in df.columns]
    if len(cols) != 2 or cols[0].lower() not in {"observation_date", "date"}:
        raise DataSourceError(f"{label}: not a fredgraph CSV (header {','.join(cols)[:80]!r})")
    value_name = cols[1]
    if series_id and value_name.lower() not in {series_id.lower(), "value"}:
        raise DataSourceError(f"{label}: CSV holds series {value_name!r}, not {series_id!r}")
    raw_dates = df.iloc[:, 0].str.strip()
    dates = pd.to_datetime(raw_dates, errors="coerce", format="%Y-%m-%d")
    if dates.isna().any():
        bad = raw_dates[dates.isna()].iloc[0]
        raise DataSourceError(f"{label}: bad date {bad!r} (truncated or malformed CSV?)")
    raw_vals = df.iloc[:, 1].str.strip().replace({".": "", "NA": "", "#N/A": ""})
    vals = pd.to_numeric(raw_vals.replace({"": None}), errors="coerce")
    bad_vals = vals.isna() & raw_vals.ne("")
    if bad_vals.any():
        raise DataSourceError(f"{label}: non-numeric value {raw_vals[bad_vals].iloc[0]!r}")
    s = pd.Series(vals.to_numpy(dtype=float), index=pd.DatetimeIndex(dates, name="date"),
                  name=series_id or value_name).dropna()
    if s.empty:
        raise DataSourceError(f"{label}: no observations")
    if s.index.has_duplicates:
        raise DataSourceError(f"{label}: duplicate date {s.index[s.index.duplicated()][0].date()}")
    return s.sort_index()


class FredSource(BaseSource):
    """FRED ``fredgraph.csv``: claims FRED-style ids with a digit or six+ characters (``DGS10``, ``CPIAUCSL``)."""

    name = SOURCE
    needs_network = True
    unit = "FRED native units"

    def claims(self, symbol: str) -> bool:
        key = norm_key(symbol)
        return (not symbol.startswith("^") and valid_series_id(symbol) and canonical(symbol) == key
                and (any(c.isdigit() for c in key) or len(key) >= 6))

    def resolve(self, symbol: str, field: str | None) -> Resolved:
        if not valid_series_id(symbol):
            raise InputError(f"{symbol!r} is not a FRED series id")
        return Resolved(SOURCE, symbol.upper(), field or "value")

    def download(self, r: Resolved, config: HttpConfig) -> tuple[str, bytes]:
        url = fredgraph_url(r.symbol, config.base_url(SOURCE, DEFAULT_BASE_URL))
        return url, fetch(url, source=SOURCE, symbol=r.symbol, config=config)

    def parse(self, r: Resolved, content: bytes, origin: str) -> Fields:
        s = parse_fredgraph(content, r.symbol)
        return {"value": (s, self.provenance(r, s, origin, f"FRED series {r.symbol}", frequency=infer_frequency(s)))}
