"""``get_series`` / ``get_frame``: one entry point for 'a series', whether a CSV path, a local folder
symbol, a cached download, a live download or a dataset shipped in a package.

Resolution order for a symbol (first hit wins):

1. a path to a CSV file → read it (``date_col``/``value_col`` choose columns);
2. ``data_dir`` given → the files under it (see :mod:`bubblescope.data.local`: symbol aliases,
   splicing, intraday last rows; Shiller's ``ie_data.xls``, FINRA's ``margin-statistics.xlsx``, SEC
   ``*companyfacts*.json`` and Google Trends exports are found by name);
3. the cache (:mod:`bubblescope.data.cache`) if the copy is fresh for its source;
4. the network (unless ``offline=True``) — the whole download is parsed and validated, then written
   to the cache in one transaction;
5. a stale cached copy (flagged ``stale`` in the provenance);
6. a dataset shipped in an installed package (:mod:`bubblescope.data.sources.packaged`).

Otherwise a :class:`DataSourceError` explains what was tried. Every returned object carries a
:class:`~bubblescope.data.provenance.Provenance` in ``.attrs["provenance"]``.

Which source a symbol belongs to: a ``source:`` prefix (``fred:GDP``, ``yahoo:^GSPC``, ``sec:NVDA``)
or ``source=`` wins; ``SHILLER`` (S&P price), ``CAPE`` → Shiller; ``MARGIN_DEBT`` → FINRA; a FRED-style
id with a digit or six+ characters (``DGS10``, ``CPIAUCSL``) → FRED; anything else (``NVDA``, ``^GSPC``)
→ Yahoo. SEC and Google Trends are chosen explicitly (``source="sec"``, ``source="trends"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bubblescope.data.cache import SeriesCache
from bubblescope.data.csvfile import read_csv_series
from bubblescope.data.http import HttpConfig, fetch
from bubblescope.data.local import canonical, infer_frequency, local_series, norm_key
from bubblescope.data.provenance import Provenance, Segment, attach, iso_date, provenance_of
from bubblescope.data.sources import fred, packaged, sec, shiller, trends, yahoo
from bubblescope.data.sources.finra import DEFAULT_URL as FINRA_URL
from bubblescope.data.sources.finra import parse_margin_xlsx
from bubblescope.errors import DataSourceError, InputError

SOURCES = ("yahoo", "fred", "shiller", "sec", "finra", "trends", "local", "package")
DEFAULT_FIELD = {"yahoo": "adj_close", "fred": "value", "shiller": "price", "sec": "capex",
                 "finra": "margin_debt", "trends": None, "local": "value", "package": "value"}
UNITS = {
    "shiller": {"price": "index points", "dividend": "USD (index units, 12-month trailing)",
                "earnings": "USD (index units, 12-month trailing)", "cpi": "index (CPI-U)", "gs10": "percent",
                "real_price": "index points, newest-month dollars", "real_dividend": "newest-month dollars",
                "real_total_return_price": "index, newest-month dollars", "real_earnings": "newest-month dollars",
                "cape": "ratio", "tr_cape": "ratio", "excess_cape_yield": "fraction"},
    "finra": "USD millions", "sec": "USD", "fred": "FRED native units", "trends": "0-100 relative",
}
_SPECIAL = {"SHILLER": ("shiller", "SHILLER", "price"), "IE_DATA": ("shiller", "SHILLER", "price"),
            "CAPE": ("shiller", "SHILLER", "cape"), "MARGIN_DEBT": ("finra", "MARGIN", "margin_debt"),
            "FINRA_MARGIN": ("finra", "MARGIN", "margin_debt")}


@dataclass(frozen=True)
class Resolved:
    source: str
    symbol: str
    field: str | None


def resolve(symbol: str, source: str | None = None, field: str | None = None) -> Resolved:
    """Which source, canonical symbol and field a user's symbol means (see module docstring)."""
    sym = symbol.strip()
    if not sym:
        raise InputError("empty symbol")
    m = re.match(r"^([a-z]+):(.+)$", sym)
    if m and m.group(1) in SOURCES:
        source, sym = m.group(1), m.group(2)
    if source is not None and source not in SOURCES:
        raise InputError(f"unknown source {source!r} (choose from {', '.join(SOURCES)})")
    key = norm_key(sym)
    if key in _SPECIAL and source in (None, _SPECIAL[key][0]):
        src, s, f = _SPECIAL[key]
        return Resolved(src, s, field or f)
    if source == "sec":
        return Resolved("sec", sym.upper(), field or "capex")
    if source == "trends":
        return Resolved("trends", sym, field or sym)
    if source in ("shiller", "finra"):
        return Resolved(source, "SHILLER" if source == "shiller" else "MARGIN", field or DEFAULT_FIELD[source])
    if source == "fred" or (source is None and not sym.startswith("^") and fred.valid_series_id(sym)
                           and canonical(sym) == key and (any(c.isdigit() for c in key) or len(key) >= 6)):
        if not fred.valid_series_id(sym):
            raise InputError(f"{sym!r} is not a FRED series id")
        return Resolved("fred", sym.upper(), field or "value")
    return Resolved(source or "yahoo", canonical(sym), field or DEFAULT_FIELD.get(source or "yahoo"))


# --------------------------------------------------------------------------------------------------
# downloads


def _now() -> str:
    return pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds")


def _prov(r: Resolved, field: str, s: pd.Series, url: str | None, quantity: str, unit: str = "",
          frequency: str = "", fetched_at: str | None = None, segments: tuple[Segment, ...] = ()) -> Provenance:
    return Provenance(symbol=r.symbol, source=r.source, quantity=quantity, unit=unit, frequency=frequency, url=url,
                      fetched_at=fetched_at or _now(), as_of=iso_date(s.index[-1]) if len(s) else None,
                      segments=segments)


def _unit(source: str, field: str) -> str:
    u = UNITS.get(source, "")
    return u.get(field, "") if isinstance(u, dict) else u


def _from_bytes(r: Resolved, content: bytes, url: str) -> dict[str, tuple[pd.Series, Provenance]]:
    """Parse one download into every field it holds (validated before anything is cached)."""
    out: dict[str, tuple[pd.Series, Provenance]] = {}
    fetched = _now()
    if r.source == "yahoo":
        df = yahoo.parse_chart(content, r.symbol)
        for f in yahoo.FIELDS:
            s = df[f].dropna()
            if s.empty:
                continue
            q = {"adj_close": "close adjusted for splits and dividends (computed by bubblescope from Yahoo's "
                              "split-adjusted close and dividend events)",
                 "close": "close, split-adjusted, not dividend-adjusted (Yahoo chart API)",
                 "adj_close_yahoo": "Yahoo's own adjusted close"}.get(f, f"{f} (Yahoo chart API)")
            out[f] = (s, _prov(r, f, s, url, q, "shares" if f == "volume" else "USD", "daily", fetched))
    elif r.source == "fred":
        s = fred.parse_fredgraph(content, r.symbol)
        out["value"] = (s, _prov(r, "value", s, url, f"FRED series {r.symbol}", _unit("fred", "value"),
                                 _freq(s), fetched))
    elif r.source == "shiller":
        df = shiller.parse_ie_data(content)
        for f in df.columns:
            s = df[f].dropna()
            out[f] = (s, _prov(r, f, s, url, f"Shiller {f} (ie_data.xls)", _unit("shiller", f), "monthly", fetched))
    elif r.source == "finra":
        df = parse_margin_xlsx(content)
        for f in df.columns:
            s = df[f].dropna()
            out[f] = (s, _prov(r, f, s, url, f"FINRA {f} (margin statistics)", _unit("finra", f), "monthly", fetched))
    elif r.source == "sec":
        facts = sec.parse_companyfacts(content, r.symbol)
        for concept in sec.CONCEPTS:
            try:
                s = sec.annual_series(facts, concept)
            except DataSourceError:
                continue
            af = sec.annual_facts(facts, concept)
            tags = ", ".join(sorted(set(af["tag"])))
            out[concept] = (s, _prov(r, concept, s, url, f"{concept}, fiscal years (XBRL tags: {tags})", "USD",
                                     "annual (fiscal year)", fetched))
        if not out:
            raise DataSourceError(f"sec {r.symbol}: no annual capex, depreciation, revenue or PP&E facts")
    elif r.source == "trends":
        df = trends.parse_trends_csv(content)
        for f in df.columns:
            s = df[f].dropna()
            out[f] = (s, _prov(r, f, s, url, f"Google Trends interest in {f!r}", _unit("trends", f), _freq(s), fetched))
    else:
        raise DataSourceError(f"{r.source} {r.symbol}: cannot parse downloads for this source")
    return out


def _freq(s: pd.Series) -> str:
    return infer_frequency(s)


def _download(r: Resolved, cfg: HttpConfig) -> dict[str, tuple[pd.Series, Provenance]]:
    if r.source == "yahoo":
        url = yahoo.chart_url(r.symbol, cfg.base_url("yahoo", yahoo.DEFAULT_BASE_URL))
        content = fetch(url, source="yahoo", symbol=r.symbol, config=cfg, params=yahoo.chart_params(None, None))
    elif r.source == "fred":
        url = fred.fredgraph_url(r.symbol, cfg.base_url("fred", fred.DEFAULT_BASE_URL))
        content = fetch(url, source="fred", symbol=r.symbol, config=cfg)
    elif r.source == "shiller":
        url = cfg.base_urls.get("shiller", shiller.DEFAULT_URL)
        content = fetch(url, source="shiller", symbol=r.symbol, config=cfg)
    elif r.source == "finra":
        url = cfg.base_urls.get("finra", FINRA_URL)
        content = fetch(url, source="finra", symbol=r.symbol, config=cfg)
    elif r.source == "sec":
        cik = sec.cik_from(r.symbol)
        if cik is None:
            turl = cfg.base_urls.get("sec_tickers", sec.TICKERS_URL)
            tickers = sec.parse_ticker_map(fetch(turl, source="sec", symbol=r.symbol, config=cfg))
            if r.symbol not in tickers:
                raise DataSourceError(f"sec {r.symbol}: ticker not in SEC's company list")
            cik = tickers[r.symbol]
        url = sec.companyfacts_url(cik, cfg.base_url("sec", sec.DEFAULT_BASE_URL))
        content = fetch(url, source="sec", symbol=r.symbol, config=cfg)
    else:
        raise DataSourceError(f"{r.source} {r.symbol}: no download for this source (use --data-dir)")
    return _labelled(r, lambda: _from_bytes(r, content, url))


def _labelled(r: Resolved, parse):
    """Run ``parse``; make any error message start with ``<source> <symbol>:``."""
    try:
        return parse()
    except DataSourceError as exc:
        label = f"{r.source} {r.symbol}"
        msg = str(exc)
        if msg.startswith(label):
            raise
        if msg.startswith(f"{r.source}: "):
            msg = msg[len(r.source) + 2 :]
        raise DataSourceError(f"{label}: {msg}") from None


# --------------------------------------------------------------------------------------------------
# local folders


def _find_file(data_dir: Path, patterns: tuple[str, ...]) -> Path | None:
    for pat in patterns:
        hits = sorted(p for p in data_dir.rglob(pat) if p.is_file())
        if hits:
            return hits[-1]
    return None


def _local(r: Resolved, data_dir: Path, drop_last_row: bool) -> dict[str, tuple[pd.Series, Provenance]] | None:
    """Every field found for ``r`` under ``data_dir``, or None when nothing matches."""
    if not data_dir.is_dir():
        raise DataSourceError(f"local: data folder not found: {data_dir}")
    path: Path | None = None
    if r.source == "shiller":
        path = _find_file(data_dir, ("ie_data*.xls",))
    elif r.source == "finra":
        path = _find_file(data_dir, ("*margin*statistic*.xlsx", "*margin*stat*.xlsx"))
    elif r.source == "sec":
        cik = sec.cik_from(r.symbol)
        pats = ((f"*CIK{cik:010d}*.json",) if cik else ()) + (f"*_{r.symbol}_companyfacts.json",
                                                               f"{r.symbol}*companyfacts*.json")
        path = _find_file(data_dir, pats)
    elif r.source == "trends":
        for p in sorted(data_dir.rglob("*.csv")):
            if "trends" in p.name.lower() or "multitimeline" in p.name.lower():
                try:
                    df = trends.parse_trends_csv(p.read_bytes())
                except DataSourceError:
                    continue
                if r.symbol in df.columns:
                    path = p
                    break
    else:
        try:
            s = local_series(r.symbol, data_dir, drop_last_row=drop_last_row)
        except DataSourceError as exc:
            if "no file for this symbol" in str(exc):
                return None
            raise
        prov = provenance_of(s)
        assert prov is not None
        return {"value": (s, prov)}
    if path is None:
        return None
    out = _labelled(r, lambda: _from_bytes(r, path.read_bytes(), str(path)))
    rel = path.relative_to(data_dir).as_posix()
    return {f: (s, p.with_(source="local", quantity=p.quantity, url=str(data_dir),
                           segments=(Segment(rel, iso_date(s.index[0]) or "", iso_date(s.index[-1]) or "",
                                             iso_date(s.index[0]) or "", iso_date(s.index[-1]) or ""),),
                           notes=(f"read as {r.source} data",)))
            for f, (s, p) in out.items()}


# --------------------------------------------------------------------------------------------------
# public API


def _as_cache(cache: SeriesCache | str | Path | bool | None) -> SeriesCache | None:
    if cache is False:
        return None
    if cache is None or cache is True:
        return SeriesCache()
    return cache if isinstance(cache, SeriesCache) else SeriesCache(cache)


def _window(s: pd.Series, start, end, label: str) -> pd.Series:
    prov = s.attrs.get("provenance")
    if start is not None:
        s = s[s.index >= pd.Timestamp(start)]
    if end is not None:
        s = s[s.index <= pd.Timestamp(end)]
    if s.empty:
        raise DataSourceError(f"{label}: no observations in the requested range")
    if prov is not None:
        s.attrs["provenance"] = prov
    return s


def _obtain(r: Resolved, *, data_dir, offline, cache, config, drop_last_row, refresh, packaged_ok=True,
            ) -> dict[str, tuple[pd.Series, Provenance]]:
    """All fields of one series from the first place that has it (see module docstring)."""
    label = f"{r.source} {r.symbol}"
    if data_dir is not None:
        got = _local(r, Path(data_dir), drop_last_row)
        if got:
            return got
    store = _as_cache(cache)
    stale: dict[str, tuple[pd.Series, Provenance]] = {}
    if store is not None:
        for src in (r.source, "local"):
            try:
                hits = store.get_all(src, r.symbol)
            except DataSourceError:  # cache locked by a writer or unreadable: behave as a miss
                hits = {}
            if not hits:
                continue
            got = {f: (s, e.provenance.with_(from_cache=True, stale=e.is_stale())) for f, (s, e) in hits.items()}
            if got and not refresh and not any(p.stale for _, p in got.values()):
                return got
            stale = stale or got
            break
    error: DataSourceError | None = None
    if not offline and r.source not in ("local", "package", "trends"):
        cfg = config or HttpConfig.from_env()
        try:
            got = _download(r, cfg)
        except DataSourceError as exc:
            error = exc
        else:
            if store is not None:
                try:
                    store.put_many((f, s, p) for f, (s, p) in got.items())
                except DataSourceError as exc:  # e.g. read-only cache dir: still return the download
                    got = {f: (s, p.with_(notes=(*p.notes, f"not cached: {exc}"))) for f, (s, p) in got.items()}
            return got
    if stale:
        return stale
    canon = canonical(r.symbol)
    if packaged_ok and packaged.has_packaged(canon):
        s, module, desc = packaged.load_packaged(canon)
        p = Provenance(symbol=canon, source="package", quantity=desc, url=f"python package module {module}",
                       fetched_at=_now(), as_of=iso_date(s.index[-1]), frequency=_freq(s),
                       notes=(("network failed: " + str(error)) if error else "offline: packaged copy",))
        return {"value": (s, p)}
    if error is not None:
        raise error
    where = "the data folder, " if data_dir is not None else ""
    why = "offline" if offline else "no download for this source"
    raise DataSourceError(f"{label}: not found in {where}the cache or packaged data ({why})")


def _pick(got: dict[str, tuple[pd.Series, Provenance]], r: Resolved) -> tuple[pd.Series, Provenance]:
    if r.field in got:
        return got[r.field]
    if len(got) == 1 or "value" in got:  # local/packaged series hold a single quantity
        key = "value" if "value" in got else next(iter(got))
        s, p = got[key]
        if r.field not in (None, "value", "close", "adj_close"):
            raise InputError(f"{r.source} {r.symbol}: no field {r.field!r} (have: {', '.join(got)})")
        return s, p
    raise InputError(f"{r.source} {r.symbol}: no field {r.field!r} (have: {', '.join(got)})")


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
    field: str | None = None,
    cache: SeriesCache | str | Path | bool | None = None,
    config: HttpConfig | None = None,
    drop_last_row: bool = False,
    refresh: bool = False,
    packaged_fallback: bool = True,
) -> pd.Series:
    """Return a float series on a sorted, unique DatetimeIndex, provenance in ``.attrs["provenance"]``.

    ``symbol``: a CSV path, or a symbol (``NVDA``, ``^GSPC``, ``DGS10``, ``CAPE``, ``fred:GDP`` …).
    ``field``: which column of a multi-column source (Yahoo ``adj_close`` [default], ``close``, ``volume``…;
    Shiller ``price`` [default], ``cape``, ``gs10``…; SEC ``capex`` [default], ``depreciation``, ``revenue``,
    ``ppe_net``; FINRA ``margin_debt`` [default]…). ``cache``: a :class:`SeriesCache`, a path, or False for
    none (default: the user cache). ``refresh``: download even if the cached copy is fresh.
    ``drop_last_row``: drop the final observation (a known intraday snapshot; see :mod:`.local`).
    ``packaged_fallback=False``: never substitute a packaged dataset (e.g. arch's 1999–2018 S&P 500) when
    nothing else has the symbol — raise instead (for callers that need recent data).
    """
    path = Path(symbol)
    if path.is_dir():
        raise DataSourceError(f"{symbol} is a folder: pass it as data_dir (--data-dir) and give a symbol")
    if isinstance(symbol, Path) or path.suffix.lower() in {".csv", ".txt"} or path.is_file() or (
            "/" in str(symbol) or "\\" in str(symbol)):
        if not path.is_file():
            raise DataSourceError(f"csv: file not found: {path}")
        s = read_csv_series(path, date_col=date_col, value_col=value_col)
        if drop_last_row and len(s) > 1:
            s = s.iloc[:-1]
        prov = Provenance(symbol=path.stem, source="local", quantity=f"column {s.name!r} of {path.name}",
                          url=str(path), fetched_at=_now(), as_of=iso_date(s.index[-1]), frequency=_freq(s),
                          segments=(Segment(str(path), iso_date(s.index[0]) or "", iso_date(s.index[-1]) or "",
                                            iso_date(s.index[0]) or "", iso_date(s.index[-1]) or "",
                                            column=str(s.name), dropped_last_row=drop_last_row),))
        return _window(attach(s, prov), start, end, str(symbol))  # type: ignore[return-value]
    r = resolve(str(symbol), source, field)
    got = _obtain(r, data_dir=data_dir, offline=offline, cache=cache, config=config,
                  drop_last_row=drop_last_row, refresh=refresh, packaged_ok=packaged_fallback)
    s, prov = _pick(got, r)
    s = s.astype(float).copy()
    s.index.name = "date"
    plain = r.field in (None, "value", DEFAULT_FIELD.get(r.source)) or r.field not in got
    s.name = r.symbol if plain else f"{r.symbol}:{r.field}"
    attach(s, prov)
    return _window(s, start, end, f"{r.source} {r.symbol}")


def get_frame(
    symbol: str,
    *,
    source: str | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    data_dir: str | Path | None = None,
    offline: bool = False,
    cache: SeriesCache | str | Path | bool | None = None,
    config: HttpConfig | None = None,
    refresh: bool = False,
) -> pd.DataFrame:
    """All fields of a source's series as columns (Yahoo OHLCV + adjusted close, the Shiller table, SEC
    concepts, FINRA balances, Trends terms). ``.attrs["provenance"]`` holds the provenance of each column."""
    r = resolve(symbol, source, None)
    got = _obtain(r, data_dir=data_dir, offline=offline, cache=cache, config=config,
                  drop_last_row=False, refresh=refresh)
    df = pd.DataFrame({f: s for f, (s, _) in got.items()}).sort_index()
    df.index.name = "date"
    if start is not None:
        df = df[df.index >= pd.Timestamp(start)]
    if end is not None:
        df = df[df.index <= pd.Timestamp(end)]
    if df.empty:
        raise DataSourceError(f"{r.source} {r.symbol}: no observations in the requested range")
    df.attrs["provenance"] = {f: p for f, (_, p) in got.items()}
    return df


def pull(symbol: str, *, source: str | None = None, cache: SeriesCache | str | Path | None = None,
         config: HttpConfig | None = None) -> list[Provenance]:
    """Download ``symbol`` now and store every field in the cache (one transaction). Raises on failure,
    leaving the cache as it was."""
    r = resolve(symbol, source, None)
    got = _download(r, config or HttpConfig.from_env())
    store = _as_cache(cache)
    assert store is not None
    store.put_many((f, s, p) for f, (s, p) in got.items())
    return [p for _, p in got.values()]


def import_folder(data_dir: str | Path, *, cache: SeriesCache | str | Path | None = None,
                  drop_last_row: bool = False) -> list[Provenance]:
    """Load every symbol found in a CSV folder into the cache (source ``local``), spliced as by
    :func:`get_series`; all symbols in one transaction."""
    from bubblescope.data.local import scan_folder

    files = [f for f in scan_folder(data_dir) if f.layout != "other"]
    if not files:
        raise DataSourceError(f"local: no price or FRED-style CSV files under {data_dir}")
    symbols = sorted({canonical(sorted(f.names, key=len)[0]) for f in files})
    items = []
    for sym in symbols:
        s = local_series(sym, data_dir, drop_last_row=drop_last_row, files=files)
        p = provenance_of(s)
        assert p is not None
        items.append(("value", s, p))
    store = _as_cache(cache)
    assert store is not None
    store.put_many(items)
    return [p for _, _, p in items]
