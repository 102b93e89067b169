"""Yahoo Finance v8 chart API: daily OHLCV, dividends and splits → a tidy frame with adjusted close.

``GET {base}/v8/finance/chart/{SYMBOL}?period1=…&period2=…&interval=1d&events=div|split`` (no key).

Conventions of :func:`parse_chart` (verified against recorded real responses):

* index: the exchange-local trading date (timestamps converted with ``meta.exchangeTimezoneName``);
* ``open, high, low, close``: Yahoo's quote fields — **split-adjusted, not dividend-adjusted**
  (NVIDIA's 2021-02-01 close is 13.237, i.e. $529.48 / 4 for the July-2021 4:1 split);
* ``volume``: shares (split-adjusted by Yahoo);
* ``dividends``: cash amount per share on the ex-date, 0.0 otherwise; ``splits``: ratio
  (``4.0`` for 4:1) on the split date, 0.0 otherwise;
* ``adj_close``: **computed here** from ``close`` and the dividends in the response, with the usual
  (CRSP/Yahoo) multiplicative method: each dividend ``D`` with ex-date ``t`` multiplies every close
  before ``t`` by ``1 - D / close[t-1]``. Only dividends inside the requested window are known, so
  it is adjusted relative to the window's last day;
* ``adj_close_yahoo``: Yahoo's own ``adjclose`` when the response has it (adjusted for all dividends
  up to the download date, so it differs from ``adj_close`` by a constant factor).

Rows with no close (halts, the placeholder row Yahoo adds for an open session) are dropped.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from bubblescope.data.http import HttpConfig, fetch
from bubblescope.data.source import BaseSource, Fields, Resolved, now
from bubblescope.data.sources._payload import load_json
from bubblescope.errors import DataSourceError

SOURCE = "yahoo"
DEFAULT_BASE_URL = "https://query2.finance.yahoo.com"
FIELDS = ("open", "high", "low", "close", "volume", "dividends", "splits", "adj_close", "adj_close_yahoo")


def chart_url(symbol: str, base_url: str = DEFAULT_BASE_URL) -> str:
    return f"{base_url.rstrip('/')}/v8/finance/chart/{symbol}"


def chart_params(start: pd.Timestamp | None, end: pd.Timestamp | None) -> dict[str, str]:
    """Query parameters: the whole history unless ``start``/``end`` are given (UTC epoch seconds)."""
    p1 = 0 if start is None else int(pd.Timestamp(start).tz_localize(None).timestamp())
    p2 = (int(pd.Timestamp.now(tz="UTC").timestamp()) if end is None
          else int((pd.Timestamp(end).tz_localize(None) + pd.Timedelta(days=1)).timestamp()))
    return {"period1": str(p1), "period2": str(p2), "interval": "1d", "events": "div|split",
            "includeAdjustedClose": "true"}


def adjust_for_dividends(close: pd.Series, dividends: pd.Series) -> pd.Series:
    """Dividend-adjusted close (multiplicative method, see module docstring); pure function."""
    c = close.to_numpy(dtype=float)
    d = dividends.reindex(close.index).fillna(0.0).to_numpy(dtype=float)
    factor = np.ones_like(c)
    # step factor on each ex-date, applied to all earlier days: cumulative product from the end.
    step = np.ones_like(c)
    prev = np.r_[np.nan, c[:-1]]
    has = (d > 0) & np.isfinite(prev) & (prev > 0)
    step[has] = 1.0 - d[has] / prev[has]
    # factor[i] = prod(step[j] for j > i)
    factor[:-1] = np.cumprod(step[::-1])[::-1][1:]
    return pd.Series(c * factor, index=close.index, name="adj_close")


def _result(payload: Any, label: str, symbol: str | None) -> dict[str, Any]:
    """The first ``chart.result`` entry, checked to be for ``symbol`` and to hold timestamps."""
    try:
        chart = payload["chart"]
    except (KeyError, TypeError):
        raise DataSourceError(f"{label}: not a chart API response (no 'chart' key)") from None
    if chart.get("error"):
        err = chart["error"]
        desc = err.get("description") if isinstance(err, dict) else str(err)
        raise DataSourceError(f"{label}: Yahoo error: {desc}")
    results = chart.get("result") or []
    if not results:
        raise DataSourceError(f"{label}: response has no result")
    r: dict[str, Any] = results[0]
    meta = r.get("meta") or {}
    if symbol and meta.get("symbol") and str(meta["symbol"]).upper() != symbol.upper():
        raise DataSourceError(f"{label}: response is for {meta['symbol']!r}")
    if not r.get("timestamp"):
        raise DataSourceError(f"{label}: empty series (no timestamps)")
    return r


def _values(vals: list[Any]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in vals], dtype=float)


def _quotes(r: dict[str, Any], label: str, tz: str) -> pd.DataFrame:
    """OHLCV and Yahoo's adjclose on exchange-local dates, rows without a close dropped."""
    ts = r["timestamp"]
    try:
        quote = r["indicators"]["quote"][0]
    except (KeyError, IndexError, TypeError):
        raise DataSourceError(f"{label}: response has no quote data") from None
    try:
        idx = pd.to_datetime(np.asarray(ts, dtype="int64"), unit="s", utc=True).tz_convert(tz)
    except Exception:
        raise DataSourceError(f"{label}: bad timestamps in response") from None
    dates = pd.DatetimeIndex(idx.tz_localize(None).normalize(), name="date")

    def col(name: str) -> np.ndarray:
        vals = quote.get(name)
        if vals is None or len(vals) != len(ts):
            raise DataSourceError(f"{label}: quote field {name!r} missing or of the wrong length")
        return _values(vals)

    df = pd.DataFrame({k: col(k) for k in ("open", "high", "low", "close", "volume")}, index=dates)
    adj = (r["indicators"].get("adjclose") or [{}])[0].get("adjclose")
    df["adj_close_yahoo"] = _values(adj) if adj is not None and len(adj) == len(ts) else np.nan
    df = df[df["close"].notna()]
    return df[~df.index.duplicated(keep="last")].sort_index()


def _event_series(events: dict[str, Any], index: pd.DatetimeIndex, tz: str) -> tuple[pd.Series, pd.Series]:
    """Dividend amounts and split ratios on their exchange-local dates (0.0 elsewhere)."""
    div = pd.Series(0.0, index=index)
    for ev in (events.get("dividends") or {}).values():
        d = _event_date(ev, tz)
        if d in div.index:
            div[d] += float(ev.get("amount", 0.0))
    spl = pd.Series(0.0, index=index)
    for ev in (events.get("splits") or {}).values():
        d = _event_date(ev, tz)
        if d in spl.index and ev.get("denominator"):
            spl[d] = float(ev["numerator"]) / float(ev["denominator"])
    return div, spl


def parse_chart(content: bytes | dict[str, Any], symbol: str | None = None) -> pd.DataFrame:
    """Parse a chart API response body (bytes or decoded JSON) into the frame described above."""
    label = f"{SOURCE} {symbol}" if symbol else SOURCE
    r = _result(load_json(content, label, "chart JSON"), label, symbol)
    tz = (r.get("meta") or {}).get("exchangeTimezoneName") or "America/New_York"
    df = _quotes(r, label, tz)
    if df.empty:
        raise DataSourceError(f"{label}: empty series (no closes)")
    df["dividends"], df["splits"] = _event_series(r.get("events") or {}, df.index, tz)
    df["adj_close"] = adjust_for_dividends(df["close"], df["dividends"])
    return df[list(FIELDS)]


def _event_date(ev: dict[str, Any], tz: str) -> pd.Timestamp:
    return pd.Timestamp(int(ev["date"]), unit="s", tz="UTC").tz_convert(tz).tz_localize(None).normalize()


_QUANTITY = {
    "adj_close": "close adjusted for splits and dividends (computed by bubblescope from Yahoo's "
                 "split-adjusted close and dividend events)",
    "close": "close, split-adjusted, not dividend-adjusted (Yahoo chart API)",
    "adj_close_yahoo": "Yahoo's own adjusted close",
}


class YahooSource(BaseSource):
    """Yahoo Finance chart API: every symbol nobody else claims (``NVDA``, ``^GSPC``); field ``adj_close``."""

    name = SOURCE
    needs_network = True
    default_field = "adj_close"

    def claims(self, symbol: str) -> bool:
        return True  # the catch-all: registered after the sources that claim particular symbols

    def download(self, r: Resolved, config: HttpConfig) -> tuple[str, bytes]:
        url = chart_url(r.symbol, config.base_url(SOURCE, DEFAULT_BASE_URL))
        return url, fetch(url, source=SOURCE, symbol=r.symbol, config=config, params=chart_params(None, None))

    def parse(self, r: Resolved, content: bytes, origin: str) -> Fields:
        df = parse_chart(content, r.symbol)
        fetched = now()
        out: Fields = {}
        for f in FIELDS:
            s = df[f].dropna()
            if not s.empty:
                out[f] = (s, self.provenance(r, s, origin, _QUANTITY.get(f, f"{f} (Yahoo chart API)"),
                                             unit="shares" if f == "volume" else "USD", frequency="daily",
                                             fetched_at=fetched))
        return out
