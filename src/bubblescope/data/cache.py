"""The local series cache: one embedded DuckDB file.

Location: ``$BUBBLESCOPE_CACHE`` if set, else ``<user cache dir>/bubblescope/data.duckdb``
(``platformdirs.user_cache_dir``); every function takes an explicit ``path`` too.

Tables::

    observations(source, symbol, field, date DATE, value DOUBLE)          -- one row per observation
    series_meta(source, symbol, field, frequency, unit, quantity, url,
                fetched_at TIMESTAMP, as_of DATE, n, provenance JSON)   -- one row per series

A series is identified by ``(source, symbol, field)`` (``field`` is e.g. ``close``, ``adj_close``,
``cape``, ``capex``; ``value`` for single-value sources). :meth:`SeriesCache.put_many` replaces all
the given series inside **one transaction** — callers parse and validate the whole download first, so a
failed or interrupted download never reaches the cache, and a failure during the write rolls back,
leaving the previous good copy.

Staleness (:data:`MAX_AGE`): a cached series is *fresh* while ``now - fetched_at`` is below its
source's maximum age (Yahoo and FRED 1 day; SEC 7 days; Shiller, FINRA 30 days; Google Trends 7 days;
local imports and packaged data never go stale). Stale copies are still served when the network
fails or ``offline=True``, flagged ``stale`` in the provenance.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from bubblescope.data.provenance import Provenance
from bubblescope.errors import DataSourceError, InputError

MAX_AGE: dict[str, pd.Timedelta | None] = {
    "yahoo": pd.Timedelta(days=1),
    "fred": pd.Timedelta(days=1),
    "sec": pd.Timedelta(days=7),
    "shiller": pd.Timedelta(days=30),
    "finra": pd.Timedelta(days=30),
    "trends": pd.Timedelta(days=7),
    "local": None,
    "package": None,
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS observations (
    source VARCHAR NOT NULL, symbol VARCHAR NOT NULL, field VARCHAR NOT NULL,
    date DATE NOT NULL, value DOUBLE, PRIMARY KEY (source, symbol, field, date));
CREATE TABLE IF NOT EXISTS series_meta (
    source VARCHAR NOT NULL, symbol VARCHAR NOT NULL, field VARCHAR NOT NULL,
    frequency VARCHAR, unit VARCHAR, quantity VARCHAR, url VARCHAR,
    fetched_at TIMESTAMP NOT NULL, as_of DATE, n BIGINT, provenance VARCHAR,
    PRIMARY KEY (source, symbol, field));
"""


#: default seconds to wait for another process's lock on the cache (``BUBBLESCOPE_CACHE_WAIT``).
LOCK_WAIT = 5.0


def lock_wait() -> float:
    """Seconds to wait for a locked cache: ``$BUBBLESCOPE_CACHE_WAIT`` (0–600) or :data:`LOCK_WAIT`."""
    raw = os.environ.get("BUBBLESCOPE_CACHE_WAIT")
    if not raw:
        return LOCK_WAIT
    try:
        value = float(raw)
    except ValueError:
        raise DataSourceError(f"BUBBLESCOPE_CACHE_WAIT={raw!r} is not a number of seconds") from None
    if not 0 <= value <= 600:
        raise DataSourceError(f"BUBBLESCOPE_CACHE_WAIT={raw!r} must be between 0 and 600 seconds")
    return value


def _is_lock_error(text: str) -> bool:
    return "Could not set lock" in text or "Conflicting lock" in text


def default_cache_path() -> Path:
    env = os.environ.get("BUBBLESCOPE_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("bubblescope")) / "data.duckdb"


@dataclass(frozen=True)
class CacheEntry:
    source: str
    symbol: str
    field: str
    frequency: str
    unit: str
    quantity: str
    url: str | None
    fetched_at: pd.Timestamp
    as_of: pd.Timestamp | None
    n: int
    provenance: Provenance

    def is_stale(self, now: pd.Timestamp | None = None) -> bool:
        age = MAX_AGE.get(self.source, pd.Timedelta(days=1))
        if age is None:
            return False
        now = pd.Timestamp.now(tz="UTC").tz_localize(None) if now is None else now
        return now - self.fetched_at > age


class SeriesCache:
    """Open/create the cache at ``path`` (parent folders created on first write)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()

    def _connect(self, write: bool) -> duckdb.DuckDBPyConnection:
        """A connection; a lock held by another process is waited for up to :func:`lock_wait` seconds,
        then a one-line error names the holder; a file that is not a readable DuckDB cache is an error
        naming the repair command (never treated as a miss)."""
        deadline = time.monotonic() + lock_wait()
        while True:
            try:
                return self._try_connect(write)
            except FileNotFoundError:
                raise
            except (duckdb.Error, OSError) as exc:
                text = " ".join(str(exc).split())
                if not _is_lock_error(text):
                    raise self._unreadable(text) from None
                if time.monotonic() >= deadline:
                    raise DataSourceError(self._locked_message(text)) from None
                time.sleep(0.1)

    def _try_connect(self, write: bool) -> duckdb.DuckDBPyConnection:
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise FileNotFoundError
        # readers open read-only, so several processes (e.g. parallel report sections) can read at once
        con = duckdb.connect(str(self.path), read_only=not write)
        try:
            if write:
                con.execute(_SCHEMA)
            elif not {"observations", "series_meta"} <= {r[0] for r in con.execute("SHOW TABLES").fetchall()}:
                con.close()
                raise FileNotFoundError
        except duckdb.Error:
            con.close()
            raise
        return con

    def _locked_message(self, text: str) -> str:
        m = re.search(r"held in (.+?) \(PID (\d+)\)", text)
        holder = f"process {m.group(2)} ({m.group(1)})" if m else "another process"
        return (f"cache {self.path} is locked by {holder}; still locked after waiting {lock_wait():g} s "
                f"(set BUBBLESCOPE_CACHE_WAIT to wait longer, or use --cache for another file)")

    def _unreadable(self, text: str) -> DataSourceError:
        if self.path.is_dir():
            return DataSourceError(f"cache {self.path} is a folder, not a DuckDB file (use --cache FILE)")
        if not os.access(self.path.parent if not self.path.exists() else self.path, os.W_OK | os.R_OK):
            return DataSourceError(f"cache {self.path} cannot be opened: permission denied")
        return DataSourceError(f"cache {self.path} is corrupt or not a bubblescope cache ({text[:160]}); "
                               f"run `bubblescope data repair --cache {self.path}` (it moves the file aside) "
                               f"or delete {self.path}")

    def is_empty(self) -> bool:
        """True when the cache file does not exist or holds no series (errors propagate)."""
        return not self.entries()

    def repair(self) -> Path | None:
        """Move an unreadable cache file aside (``FILE.corrupt-<UTC time>``) so the next write starts a
        fresh one; returns the new name, or None when the file is missing or opens fine."""
        if not self.path.exists():
            return None
        try:
            self._try_connect(write=False).close()
            return None
        except FileNotFoundError:
            return None
        except (duckdb.Error, OSError) as exc:
            if _is_lock_error(" ".join(str(exc).split())):
                raise DataSourceError(self._locked_message(" ".join(str(exc).split()))) from None
        stamp = pd.Timestamp.now(tz="UTC").strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        self.path.rename(aside)
        wal = self.path.with_name(self.path.name + ".wal")
        if wal.exists():
            wal.rename(aside.with_name(aside.name + ".wal"))
        return aside

    def put_many(self, items: Iterable[tuple[str, pd.Series, Provenance]]) -> None:
        """Replace each ``(field, series, provenance)`` atomically (all or nothing)."""
        items = list(items)
        con = self._connect(write=True)
        try:
            con.execute("BEGIN TRANSACTION")
            for field, s, prov in items:
                s = s.dropna()
                if not np.isfinite(s.to_numpy(dtype=float)).all():
                    raise InputError(f"{prov.source} {prov.symbol}: {field} holds infinite values; "
                                     "nothing was written to the cache")
                key = (prov.source, prov.symbol, field)
                con.execute("DELETE FROM observations WHERE source=? AND symbol=? AND field=?", key)
                con.execute("DELETE FROM series_meta WHERE source=? AND symbol=? AND field=?", key)
                frame = pd.DataFrame({
                    "source": prov.source, "symbol": prov.symbol, "field": field,
                    "date": pd.DatetimeIndex(s.index).date, "value": s.to_numpy(dtype=float),
                })
                con.register("_incoming", frame)
                con.execute("INSERT INTO observations SELECT source, symbol, field, date, value FROM _incoming")
                con.unregister("_incoming")
                fetched = pd.Timestamp(prov.fetched_at) if prov.fetched_at else pd.Timestamp.now(tz="UTC")
                fetched = fetched.tz_convert("UTC").tz_localize(None) if fetched.tzinfo else fetched
                con.execute(
                    "INSERT INTO series_meta VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [*key, prov.frequency, prov.unit, prov.quantity, prov.url, fetched.to_pydatetime(),
                     None if s.empty else s.index[-1].date(), len(s), json.dumps(prov.to_dict())],
                )
            con.execute("COMMIT")
        except BaseException as exc:
            con.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error):
                raise DataSourceError(f"cache: write failed, nothing changed: {' '.join(str(exc).split())[:120]}") from None
            raise
        finally:
            con.close()

    def entries(self, source: str | None = None, symbol: str | None = None) -> list[CacheEntry]:
        """Metadata of cached series (optionally filtered), sorted by source, symbol, field."""
        try:
            con = self._connect(write=False)
        except FileNotFoundError:
            return []
        try:
            q = "SELECT * FROM series_meta WHERE (? IS NULL OR source=?) AND (? IS NULL OR symbol=?) ORDER BY 1,2,3"
            rows = con.execute(q, [source, source, symbol, symbol]).fetchall()
        finally:
            con.close()
        out = []
        for r in rows:
            prov = Provenance.from_dict(json.loads(r[10])) if r[10] else Provenance(r[1], r[0], r[5] or "")
            out.append(CacheEntry(r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "", r[6],
                                  pd.Timestamp(r[7]), None if r[8] is None else pd.Timestamp(r[8]), int(r[9] or 0), prov))
        return out

    def get(self, source: str, symbol: str, field: str) -> tuple[pd.Series, CacheEntry] | None:
        """The cached series and its entry, or None."""
        ents = [e for e in self.entries(source, symbol) if e.field == field]
        if not ents:
            return None
        con = self._connect(write=False)
        try:
            df = con.execute(
                "SELECT date, value FROM observations WHERE source=? AND symbol=? AND field=? ORDER BY date",
                [source, symbol, field]).fetchdf()
        finally:
            con.close()
        s = pd.Series(df["value"].to_numpy(dtype=float),
                      index=pd.DatetimeIndex(pd.to_datetime(df["date"]), name="date").as_unit("ns"), name=symbol)
        return s, ents[0]

    def get_all(self, source: str, symbol: str) -> dict[str, tuple[pd.Series, CacheEntry]]:
        """Every cached field of one series, read over a single connection."""
        ents = self.entries(source, symbol)
        if not ents:
            return {}
        con = self._connect(write=False)
        try:
            df = con.execute(
                "SELECT field, date, value FROM observations WHERE source=? AND symbol=? ORDER BY field, date",
                [source, symbol]).fetchdf()
        finally:
            con.close()
        out = {}
        for e in ents:
            part = df[df["field"] == e.field]
            s = pd.Series(part["value"].to_numpy(dtype=float),
                          index=pd.DatetimeIndex(pd.to_datetime(part["date"]), name="date").as_unit("ns"), name=symbol)
            out[e.field] = (s, e)
        return out

    def snapshot(self) -> list[tuple]:
        """Every row of both tables (for tests and ``data list --check``): compares equal iff unchanged."""
        try:
            con = self._connect(write=False)
        except FileNotFoundError:
            return []
        try:
            a = con.execute("SELECT * FROM observations ORDER BY 1,2,3,4").fetchall()
            b = con.execute("SELECT * FROM series_meta ORDER BY 1,2,3").fetchall()
        finally:
            con.close()
        return a + b

    def clear(self, source: str | None = None, symbol: str | None = None) -> int:
        """Delete cached series (all, or those of a source/symbol); returns how many series were removed."""
        n = len(self.entries(source, symbol))
        if n == 0:
            return 0
        con = self._connect(write=True)
        try:
            con.execute("BEGIN TRANSACTION")
            for table in ("observations", "series_meta"):
                con.execute(f"DELETE FROM {table} WHERE (? IS NULL OR source=?) AND (? IS NULL OR symbol=?)",
                            [source, source, symbol, symbol])
            con.execute("COMMIT")
        finally:
            con.close()
        return n
