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

Each source is a :class:`~bubblescope.data.source.DataSource` in the registry
(:mod:`bubblescope.data.registry`); this module names none of them: it resolves the symbol through
the registry and runs the steps above by asking the source (``find_local``, ``cache_keys``,
``fetch``, ``fallback``). ``register_source`` adds a source of your own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pandas as pd

from bubblescope.data.cache import SeriesCache
from bubblescope.data.csvfile import read_csv_series
from bubblescope.data.http import HttpConfig
from bubblescope.data.local import canonical, infer_frequency, local_series, scan_folder
from bubblescope.data.provenance import Provenance, Segment, attach, iso_date, provenance_of
from bubblescope.data.registry import REGISTRY
from bubblescope.data.source import DataSource, Fields, Resolved, now
from bubblescope.errors import DataSourceError, InputError

__all__ = ["SOURCES", "Resolved", "get_frame", "get_series", "import_folder", "pull", "resolve"]

#: the built-in sources (``bubblescope.data.registry.source_names()`` lists all registered ones).
SOURCES = ("yahoo", "fred", "shiller", "sec", "finra", "trends", "local", "package")
_Obj = TypeVar("_Obj", pd.Series, pd.DataFrame)


def resolve(symbol: str, source: str | None = None, field: str | None = None) -> Resolved:
    """Which source, canonical symbol and field a user's symbol means (see module docstring)."""
    return REGISTRY.resolve(symbol, source, field)


# --------------------------------------------------------------------------------------------------
# the one code path: data folder → cache → network → stale copy → fallback


def _as_cache(cache: SeriesCache | str | Path | bool | None) -> SeriesCache | None:
    if cache is False:
        return None
    if cache is None or cache is True:
        return SeriesCache()
    return cache if isinstance(cache, SeriesCache) else SeriesCache(cache)


def _from_folder(src: DataSource, r: Resolved, data_dir: Path, drop_last_row: bool) -> Fields | None:
    if not data_dir.is_dir():
        raise DataSourceError(f"local: data folder not found: {data_dir}")
    return src.find_local(r, data_dir, drop_last_row=drop_last_row)


def _from_cache(store: SeriesCache, src: DataSource, r: Resolved) -> Fields:
    """Every cached field under the first of the source's cache keys that has any (stale ones flagged)."""
    for source, symbol in src.cache_keys(r):
        # a locked (after a bounded wait) or corrupt cache raises: it is never treated as a miss
        hits = store.get_all(source, symbol)
        if hits:
            return {f: (s, e.provenance.with_(from_cache=True, stale=e.is_stale())) for f, (s, e) in hits.items()}
    return {}


def _store(store: SeriesCache | None, got: Fields) -> Fields:
    """Write a whole download to the cache in one transaction; on failure return it with a note."""
    if store is None:
        return got
    try:
        store.put_many((f, s, p) for f, (s, p) in got.items())
    except DataSourceError as exc:  # e.g. read-only cache dir: still return the download
        return {f: (s, p.with_(notes=(*p.notes, f"not cached: {exc}"))) for f, (s, p) in got.items()}
    return got


def _fallback(r: Resolved, error: DataSourceError | None) -> Fields | None:
    for src in REGISTRY:
        got = src.fallback(r, error)
        if got:
            return got
    return None


def _obtain(r: Resolved, *, data_dir: str | Path | None, offline: bool, cache: SeriesCache | str | Path | bool | None,
            config: HttpConfig | None, drop_last_row: bool, refresh: bool, packaged_ok: bool = True) -> Fields:
    """All fields of one series from the first place that has it (see module docstring)."""
    src = REGISTRY.get(r.source)
    if data_dir is not None:
        got = _from_folder(src, r, Path(data_dir), drop_last_row)
        if got:
            return got
    store = _as_cache(cache)
    cached = _from_cache(store, src, r) if store is not None else {}
    if cached and not refresh and not any(p.stale for _, p in cached.values()):
        return cached
    error: DataSourceError | None = None
    if not offline and src.needs_network:
        try:
            return _store(store, src.fetch(r, config or HttpConfig.from_env()))
        except DataSourceError as exc:
            error = exc
    if cached:
        return cached
    if packaged_ok and (r.source == "package" or (offline and (store is None or store.is_empty()))):
        # the packaged dataset stands in only offline and with an empty cache; its note says so
        got = _fallback(r, None)
        if got:
            return got
    if error is not None:
        raise error
    where = "the data folder, " if data_dir is not None else ""
    if offline:
        raise DataSourceError(f"{r.source} {r.symbol}: not found in {where}the cache (offline); "
                              "give --data-dir with a CSV of it, or run `bubblescope data pull` online")
    raise DataSourceError(f"{r.source} {r.symbol}: not found in {where}the cache, and this source has no download")


# --------------------------------------------------------------------------------------------------
# public API


def _clip(obj: _Obj, start: str | pd.Timestamp | None, end: str | pd.Timestamp | None, label: str) -> _Obj:
    """Rows of ``obj`` dated ``start``…``end`` (inclusive); its provenance kept; an empty result is an error."""
    prov = obj.attrs.get("provenance")
    lo, hi = _timestamp(start, "start"), _timestamp(end, "end")
    if lo is not None and hi is not None and lo > hi:
        raise InputError(f"{label}: start {lo.date()} is after end {hi.date()}")
    if lo is not None:
        obj = obj[obj.index >= lo]
    if hi is not None:
        obj = obj[obj.index <= hi]
    if obj.empty:
        raise DataSourceError(f"{label}: no observations in the requested range")
    if prov is not None:
        obj.attrs["provenance"] = prov
    return obj


def _timestamp(value: str | pd.Timestamp | None, what: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise InputError(f"{what} {value!r} is not a date (use YYYY-MM-DD)") from None
    if ts is pd.NaT:
        raise InputError(f"{what} {value!r} is not a date (use YYYY-MM-DD)")
    return ts


def _pick(got: Fields, r: Resolved) -> tuple[pd.Series, Provenance]:
    if r.field in got:
        return got[r.field]
    if (len(got) == 1 or "value" in got) and r.field in (None, "value", "close", "adj_close"):
        # local/packaged series hold a single quantity
        return got["value" if "value" in got else next(iter(got))]
    raise InputError(f"{r.source} {r.symbol}: no field {r.field!r} (have: {', '.join(got)})")


def _is_path(symbol: str | Path) -> bool:
    path = Path(symbol)
    return (isinstance(symbol, Path) or path.suffix.lower() in {".csv", ".txt"} or path.is_file()
            or "/" in str(symbol) or "\\" in str(symbol))


def _csv_series(path: Path, date_col: str | None, value_col: str | None, drop_last_row: bool) -> pd.Series:
    if not path.is_file():
        raise DataSourceError(f"csv: file not found: {path}")
    s = read_csv_series(path, date_col=date_col, value_col=value_col)
    if drop_last_row and len(s) > 1:
        s = s.iloc[:-1]
    first, last = iso_date(s.index[0]) or "", iso_date(s.index[-1]) or ""
    prov = Provenance(symbol=path.stem, source="local", quantity=f"column {s.name!r} of {path.name}",
                      url=str(path), fetched_at=now(), as_of=iso_date(s.index[-1]), frequency=infer_frequency(s),
                      segments=(Segment(str(path), first, last, first, last, column=str(s.name),
                                        dropped_last_row=drop_last_row),))
    s.attrs["provenance"] = prov
    return s


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
    if Path(symbol).is_dir():
        raise DataSourceError(f"{symbol} is a folder: pass it as data_dir (--data-dir) and give a symbol")
    if _is_path(symbol):
        return _clip(_csv_series(Path(symbol), date_col, value_col, drop_last_row), start, end, str(symbol))
    r = resolve(str(symbol), source, field)
    got = _obtain(r, data_dir=data_dir, offline=offline, cache=cache, config=config,
                  drop_last_row=drop_last_row, refresh=refresh, packaged_ok=packaged_fallback)
    s, prov = _pick(got, r)
    s = s.astype(float).copy()
    s.index.name = "date"
    plain = r.field in (None, "value", REGISTRY.get(r.source).default_field) or r.field not in got
    s.name = r.symbol if plain else f"{r.symbol}:{r.field}"
    attach(s, prov)
    return _clip(s, start, end, f"{r.source} {r.symbol}")


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
    df = _clip(df, start, end, f"{r.source} {r.symbol}")
    df.attrs["provenance"] = {f: p for f, (_, p) in got.items()}
    return df


def _required_cache(cache: SeriesCache | str | Path | None) -> SeriesCache:
    store = _as_cache(cache)
    assert store is not None  # only cache=False gives None, and these signatures exclude it
    return store


def pull(symbol: str, *, source: str | None = None, cache: SeriesCache | str | Path | None = None,
         config: HttpConfig | None = None) -> list[Provenance]:
    """Download ``symbol`` now and store every field in the cache (one transaction). Raises on failure,
    leaving the cache as it was."""
    r = resolve(symbol, source, None)
    got = REGISTRY.get(r.source).fetch(r, config or HttpConfig.from_env())
    _required_cache(cache).put_many((f, s, p) for f, (s, p) in got.items())
    return [p for _, p in got.values()]


def import_folder(data_dir: str | Path, *, cache: SeriesCache | str | Path | None = None,
                  drop_last_row: bool = False) -> list[Provenance]:
    """Load every symbol found in a CSV folder into the cache (source ``local``), spliced as by
    :func:`get_series`; all symbols in one transaction."""
    files = [f for f in scan_folder(data_dir) if f.layout != "other"]
    if not files:
        raise DataSourceError(f"local: no price or FRED-style CSV files under {data_dir}")
    symbols = sorted({canonical(sorted(f.names, key=len)[0]) for f in files})
    items = []
    for sym in symbols:
        s = local_series(sym, data_dir, drop_last_row=drop_last_row, files=files)
        p = provenance_of(s)
        assert p is not None  # local_series always attaches one
        items.append(("value", s, p))
    _required_cache(cache).put_many(items)
    return [p for _, _, p in items]
