"""Google Trends CSV exports (``multiTimeline.csv``): preamble lines, then ``Week|Day|Month,<term>: (<geo>),…``.

:func:`parse_trends_csv` returns one float column per search term (the ``: (United States)`` suffix
removed), indexed by the period's first day. Values are Google's 0–100 scale **relative to the peak
within that export's query set**, so columns from different exports are not comparable. Google writes
``<1`` for "above zero but below 1"; it is read as 0.5 (the interval's midpoint).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from bubblescope.data.local import infer_frequency
from bubblescope.data.source import Fields, FileSource, Resolved, frame_fields, now
from bubblescope.errors import DataSourceError
from bubblescope.fileio import check_size

SOURCE = "trends"
_PERIOD = ("week", "day", "month")


def parse_trends_csv(content: bytes) -> pd.DataFrame:
    """Parse a Google Trends CSV export (see module docstring)."""
    if not content or not content.strip():
        raise DataSourceError(f"{SOURCE}: empty Google Trends file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataSourceError(f"{SOURCE}: Google Trends file is not UTF-8 text") from None
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines[:10]) if ln.split(",")[0].strip().lower() in _PERIOD), None)
    if start is None:
        raise DataSourceError(f"{SOURCE}: no 'Week'/'Day'/'Month' header line (not a Google Trends export?)")
    try:
        df = pd.read_csv(io.StringIO("\n".join(lines[start:])), dtype=str)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataSourceError(f"{SOURCE}: malformed CSV: {str(exc).splitlines()[0]}") from None
    dates = pd.to_datetime(df.iloc[:, 0], errors="coerce", format="%Y-%m-%d")
    if dates.isna().any() or df.shape[1] < 2:
        raise DataSourceError(f"{SOURCE}: bad dates or no term columns in Google Trends file")
    out = {}
    for c in df.columns[1:]:
        term = re.sub(r":\s*\(.*\)\s*$", "", str(c)).strip()
        raw = df[c].str.strip().replace({"<1": "0.5"})
        vals = pd.to_numeric(raw, errors="coerce")
        if vals.isna().any():
            raise DataSourceError(f"{SOURCE}: non-numeric value in column {term!r}")
        out[term] = vals.to_numpy(dtype=float)
    res = pd.DataFrame(out, index=pd.DatetimeIndex(dates, name="date")).sort_index()
    if res.empty:
        raise DataSourceError(f"{SOURCE}: Google Trends file has no rows")
    return res


class TrendsSource(FileSource):
    """Google Trends CSV exports, chosen explicitly (``trends:AI bubble``): the symbol is the search term, the
    field defaults to it. No keyless download exists, so only exports in a data folder are read (a file whose
    name holds ``trends`` or ``multitimeline`` and that has a column for the term)."""

    name = SOURCE
    default_field = None
    unit = "0-100 relative"

    def resolve(self, symbol: str, field: str | None) -> Resolved:
        return Resolved(SOURCE, symbol, field or symbol)

    def local_file(self, r: Resolved, data_dir: Path) -> Path | None:
        for p in sorted(data_dir.rglob("*.csv")):
            if "trends" in p.name.lower() or "multitimeline" in p.name.lower():
                try:
                    df = parse_trends_csv(check_size(p, what="Google Trends CSV").read_bytes())
                except DataSourceError:
                    continue
                if r.symbol in df.columns:
                    return p
        return None

    def parse(self, r: Resolved, content: bytes, origin: str) -> Fields:
        fetched = now()
        return frame_fields(parse_trends_csv(content), lambda f, s: self.provenance(
            r, s, origin, f"Google Trends interest in {f!r}", frequency=infer_frequency(s), fetched_at=fetched))
