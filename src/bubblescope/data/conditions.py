"""Readers for the market-conditions files of a data folder laid out like ../shared/data.

Each reader checks the columns it needs and raises :class:`InputError` naming the file and the
columns expected (a sentiment CSV with the wrong columns is a user error, exit 2, never a traceback).
Every series returned carries ``attrs["source"]``: the file(s) it was read from, relative to the
data folder. FRED series held in several folders are spliced: the copy with the newest last date
first, older dates filled from the others (the sources are all listed).

=======================  ===========================================================================
key                      file(s) under the data folder
=======================  ===========================================================================
margin_debt              ``margin_debt/margin_debt_monthly*.csv`` (``date, margin_debt``; USD mn)
aaii_bull_bear           ``sentiment/aaii_sentiment*.csv`` (``Date, Bullish, Bearish``; pp)
naaim                    ``sentiment/naaim_exposure*.csv`` (``Date, NAAIM``)
fear_greed               ``sentiment/cnn_fear_greed*.csv`` (``Date, FearGreed``)
google_trends            ``sentiment/google_trends_ai_bubble*.csv`` (``Week, AI bubble: …``)
trailing_pe_infotech     ``valuation/**/trailing_pe_sp500_infotech*.csv`` (``date, trailing_pe``)
forward_pe_sp500         ``valuation/**/forward_pe_sp500_macromicro*.csv`` (``date, forward_pe``)
FRED ids                 ``fred/**/<ID>.csv`` or ``fred/**/<ID>_*.csv`` (``date, value`` or ``date, <ID>``)
=======================  ===========================================================================
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bubblescope.errors import InputError

#: FRED series the conditions panel reads.
FRED_IDS: tuple[str, ...] = ("VIXCLS", "BAMLH0A0HYM2", "BAMLC0A0CM", "NFCI", "ANFCI", "STLFSI4",
                             "FEDFUNDS", "CPIAUCSL")


def _read_csv(path: Path, *, skiprows: int = 0) -> pd.DataFrame:
    try:
        return pd.read_csv(path, skiprows=skiprows)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{path}: cannot read it ({str(exc).splitlines()[0]})") from None


def _column_series(path: Path, date_col: str, value_col: str, *, skiprows: int = 0,
                   rel: str = "") -> pd.Series:
    df = _read_csv(path, skiprows=skiprows)
    missing = [c for c in (date_col, value_col) if c not in df.columns]
    if missing:
        raise InputError(f"{path}: expected columns {date_col!r} and {value_col!r}, found "
                         f"{', '.join(map(repr, df.columns[:6]))}")
    dates = pd.to_datetime(df[date_col], errors="coerce")
    if dates.isna().all():
        raise InputError(f"{path}: column {date_col!r} holds no dates")
    # FRED writes "." for a missing value; Google Trends "<1" for below one (read as 0)
    values = pd.to_numeric(df[value_col].replace({".": None, "<1": "0"}), errors="coerce")
    s = pd.Series(values.to_numpy(dtype=float), index=pd.DatetimeIndex(dates), name=value_col)
    s = s[s.index.notna()].dropna().sort_index()
    s = s[~s.index.duplicated(keep="last")]
    if s.empty:
        raise InputError(f"{path}: column {value_col!r} holds no numbers")
    s.attrs["source"] = rel or path.name
    return s


def _first(data_dir: Path, pattern: str) -> Path | None:
    found = sorted(data_dir.glob(pattern))
    return found[0] if found else None


def _rel(path: Path, data_dir: Path) -> str:
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return str(path)


def aaii_bull_bear(path: Path, rel: str = "") -> pd.Series:
    """AAII bull–bear spread (Bullish − Bearish, percentage points), weekly."""
    bull = _column_series(path, "Date", "Bullish", rel=rel)
    bear = _column_series(path, "Date", "Bearish", rel=rel)
    s = (bull - bear).dropna().rename("aaii_bull_bear")
    s.attrs["source"] = rel or path.name
    return s


def google_trends(path: Path, rel: str = "") -> pd.Series:
    """Google Trends interest (0–100) in the first search term of a multiTimeline export."""
    head = _read_csv(path, skiprows=2)
    if "Week" not in head.columns or len(head.columns) < 2:
        raise InputError(f"{path}: expected a Google Trends export (two preamble lines, then 'Week' and "
                         "one column per search term)")
    term = str(head.columns[1])
    s = _column_series(path, "Week", term, skiprows=2, rel=rel)
    s.attrs["term"] = term
    return s


def fred(series_id: str, data_dir: Path) -> pd.Series | None:
    """A FRED series spliced from every copy under ``data_dir/fred`` (None when none is held)."""
    paths = sorted({*data_dir.glob(f"fred/**/{series_id}.csv"), *data_dir.glob(f"fred/**/{series_id}_*.csv")})
    copies: list[pd.Series] = []
    for p in paths:
        df = _read_csv(p)
        if df.shape[1] < 2:
            raise InputError(f"{p}: expected a date column and a value column ('value' or {series_id!r})")
        value_col = "value" if "value" in df.columns else series_id if series_id in df.columns else None
        if value_col is None:
            raise InputError(f"{p}: expected a value column 'value' or {series_id!r}, found "
                             f"{', '.join(map(repr, df.columns[:6]))}")
        copies.append(_column_series(p, str(df.columns[0]), value_col, rel=_rel(p, data_dir)))
    if not copies:
        return None
    copies.sort(key=lambda s: (s.index[-1], len(s)), reverse=True)
    out = copies[0]
    for other in copies[1:]:
        out = out.combine_first(other)
    out = out.rename(series_id)
    out.attrs["source"] = "FRED " + series_id + ": " + ", ".join(c.attrs["source"] for c in copies)
    return out


def read_conditions(data_dir: Path) -> dict[str, pd.Series]:
    """Every conditions series found under ``data_dir`` (keys as in the module docstring)."""
    out: dict[str, pd.Series] = {}
    simple = (
        ("margin_debt", "margin_debt/margin_debt_monthly*.csv", "date", "margin_debt"),
        ("naaim", "sentiment/naaim_exposure*.csv", "Date", "NAAIM"),
        ("fear_greed", "sentiment/cnn_fear_greed*.csv", "Date", "FearGreed"),
        ("trailing_pe_infotech", "valuation/**/trailing_pe_sp500_infotech*.csv", "date", "trailing_pe"),
        ("forward_pe_sp500", "valuation/**/forward_pe_sp500_macromicro*.csv", "date", "forward_pe"),
    )
    for key, pattern, dcol, vcol in simple:
        p = _first(data_dir, pattern)
        if p is not None:
            out[key] = _column_series(p, dcol, vcol, rel=_rel(p, data_dir))
    p = _first(data_dir, "sentiment/aaii_sentiment*.csv")
    if p is not None:
        out["aaii_bull_bear"] = aaii_bull_bear(p, _rel(p, data_dir))
    p = _first(data_dir, "sentiment/google_trends_ai_bubble*.csv")
    if p is not None:
        out["google_trends"] = google_trends(p, _rel(p, data_dir))
    for sid in FRED_IDS:
        s = fred(sid, data_dir)
        if s is not None:
            out[sid] = s
    return out


def gauge_input_kwargs(data_dir: Path | None) -> dict[str, object]:
    """Keywords for ``bubblescope.gauges.GaugeInputs`` from a data folder: the conditions series, the
    S&P 500 forward P/E history and the IT-sector trailing P/E (valuation heat), with their sources."""
    if data_dir is None:
        return {}
    cond = read_conditions(Path(data_dir))
    kw: dict[str, object] = {"conditions": cond}
    fwd = cond.get("forward_pe_sp500")
    if fwd is not None:
        kw.update(forward_pe=fwd, forward_pe_source=f"MacroMicro 20052 (vendor series): {fwd.attrs['source']}")
    it_pe = cond.get("trailing_pe_infotech")
    if it_pe is not None:
        kw.update(valuation_heat=it_pe, valuation_heat_name="S&P 500 IT sector trailing P/E",
                  valuation_heat_source=f"worldperatio.com (vendor series): {it_pe.attrs['source']}")
    return kw


__all__ = ["FRED_IDS", "aaii_bull_bear", "fred", "gauge_input_kwargs", "google_trends", "read_conditions"]
