"""The data-source protocol: what every source of series (built-in or a user's) provides.

:func:`bubblescope.data.get_series` runs one code path for every source (data folder → cache →
network → stale copy → fallback, see :mod:`bubblescope.data.api`) and asks the source, a
:class:`DataSource`, only these questions:

* ``name`` — the ``name:`` prefix of a symbol and ``source=``; also the provenance's ``source`` and
  the first part of the cache key ``(source, symbol, field)``;
* ``needs_network`` — whether ``fetch`` downloads (skipped with ``offline=True``; sources without
  it are never fetched);
* ``default_field`` — the field a bare symbol means (series get named ``SYMBOL`` for it,
  ``SYMBOL:field`` for the others);
* ``claims(symbol)`` — whether a bare symbol (no prefix, no ``source=``) is this source's; sources
  are asked in registry order (:mod:`bubblescope.data.registry`), the first that claims it wins;
* ``resolve(symbol, field)`` — the canonical symbol and field once the source is chosen
  (:class:`InputError` when the symbol cannot be one of its own);
* ``fetch(resolved, config)`` — download and parse now: every field the download holds, each with
  its :class:`~bubblescope.data.provenance.Provenance`, validated before anything is cached;
* ``find_local(resolved, data_dir)`` — the same fields from files under a data folder, or None;
* ``cache_keys(resolved)`` — the ``(source, symbol)`` keys a cached copy may be stored under, in order;
* ``fallback(resolved, error)`` — a substitute when nothing else has the series (the datasets
  shipped in packages), or None.

:class:`BaseSource` implements all of it with defaults (no auto-claim, the local CSV folder, no
download), so a new source writes only what differs — usually ``name``, ``claims``, ``download``
and ``parse``. :class:`FileSource` adds "one published file, also found by name in a data folder".
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

import pandas as pd

from bubblescope.data.http import HttpConfig, fetch
from bubblescope.data.local import canonical, find_files, local_series, norm_key, scan_folder
from bubblescope.data.provenance import Provenance, Segment, iso_date, provenance_of
from bubblescope.errors import DataSourceError
from bubblescope.fileio import check_size

#: field name → (series, provenance): what a source returns for one symbol.
Fields = dict[str, tuple[pd.Series, Provenance]]
T = TypeVar("T")


@dataclass(frozen=True)
class Resolved:
    """A user's symbol as one source understands it: the source's name, its symbol, the field."""

    source: str
    symbol: str
    field: str | None


@runtime_checkable
class DataSource(Protocol):
    """One place series come from (see the module docstring for what each member means)."""

    # read-only members: a plain class attribute (``name = "ecb"``) satisfies them
    @property
    def name(self) -> str: ...

    @property
    def needs_network(self) -> bool: ...

    @property
    def default_field(self) -> str | None: ...

    def claims(self, symbol: str) -> bool: ...

    def resolve(self, symbol: str, field: str | None) -> Resolved: ...

    def fetch(self, r: Resolved, config: HttpConfig) -> Fields: ...

    def find_local(self, r: Resolved, data_dir: Path, *, drop_last_row: bool = False) -> Fields | None: ...

    def cache_keys(self, r: Resolved) -> tuple[tuple[str, str], ...]: ...

    def fallback(self, r: Resolved, error: DataSourceError | None) -> Fields | None: ...


def now() -> str:
    """The current UTC time as the provenance writes it (ISO, seconds)."""
    return pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds")


def labelled(r: Resolved, parse: Callable[[], T]) -> T:
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


def find_file(data_dir: Path, patterns: tuple[str, ...]) -> Path | None:
    """The last (by path) file under ``data_dir`` matching the first pattern that matches any."""
    for pat in patterns:
        hits = sorted(p for p in data_dir.rglob(pat) if p.is_file())
        if hits:
            return hits[-1]
    return None


def frame_fields(frame: pd.DataFrame, prov: Callable[[str, pd.Series], Provenance]) -> Fields:
    """One field per column of a parsed download (NaNs dropped), its provenance from ``prov(field, s)``."""
    out: Fields = {}
    for f in frame.columns:
        s = frame[f].dropna()
        out[str(f)] = (s, prov(str(f), s))
    return out


class BaseSource:
    """Defaults for a :class:`DataSource`: claims the bare symbols listed in ``symbols`` (compared after
    :func:`~bubblescope.data.local.norm_key`: case, ``^``, ``_1d`` suffixes ignored), canonical upper-case
    symbols, reads the CSV files of a data folder (:mod:`bubblescope.data.local`), no download, no fallback.

    A downloading source sets ``needs_network = True`` and implements :meth:`download` (URL and
    bytes, via :func:`bubblescope.data.http.fetch`) and :meth:`parse` (bytes → fields), or overrides
    :meth:`fetch` itself.
    """

    name: str = ""
    needs_network: bool = False
    default_field: str | None = "value"
    #: unit written into the provenance by :meth:`provenance` when none is given.
    unit: str = ""
    #: bare symbols this source claims (normalised keys, e.g. ``{"CAPE", "SHILLER"}``).
    symbols: Collection[str] = ()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    def claims(self, symbol: str) -> bool:
        return norm_key(symbol) in self.symbols

    def resolve(self, symbol: str, field: str | None) -> Resolved:
        return Resolved(self.name, canonical(symbol), field or self.default_field)

    def cache_keys(self, r: Resolved) -> tuple[tuple[str, str], ...]:
        # a download is cached under this source; `data import` stores folders under "local"
        return tuple(dict.fromkeys(((self.name, r.symbol), ("local", r.symbol))))

    def fetch(self, r: Resolved, config: HttpConfig) -> Fields:
        url, content = self.download(r, config)
        return labelled(r, lambda: self.parse(r, content, url))

    def download(self, r: Resolved, config: HttpConfig) -> tuple[str, bytes]:
        """``(url, body)`` of the download for ``r``."""
        raise DataSourceError(f"{r.source} {r.symbol}: no download for this source (use --data-dir)")

    def parse(self, r: Resolved, content: bytes, origin: str) -> Fields:
        """Every field of one download or file (``origin``: its URL or path, for the provenance)."""
        raise DataSourceError(f"{r.source} {r.symbol}: cannot parse downloads for this source")

    def find_local(self, r: Resolved, data_dir: Path, *, drop_last_row: bool = False) -> Fields | None:
        files = scan_folder(data_dir)
        if not find_files(r.symbol, data_dir, files):
            return None
        s = local_series(r.symbol, data_dir, drop_last_row=drop_last_row, files=files)
        prov = provenance_of(s)
        assert prov is not None  # local_series always attaches one
        return {"value": (s, prov)}

    def fallback(self, r: Resolved, error: DataSourceError | None) -> Fields | None:
        return None

    def provenance(self, r: Resolved, s: pd.Series, url: str | None, quantity: str, *, unit: str | None = None,
                   frequency: str = "", fetched_at: str | None = None) -> Provenance:
        """Provenance of one parsed field: this source, ``r.symbol``, as of the last observation."""
        return Provenance(symbol=r.symbol, source=r.source, quantity=quantity,
                          unit=self.unit if unit is None else unit, frequency=frequency, url=url,
                          fetched_at=fetched_at or now(), as_of=iso_date(s.index[-1]) if len(s) else None)


class FileSource(BaseSource):
    """A source that publishes one file (a workbook, a JSON document, a CSV export) at ``url``: :meth:`parse`
    reads the download and a copy found under a data folder alike; the folder copy is found by
    :meth:`local_file` (default: the glob ``patterns``) and its provenance says ``local``."""

    patterns: tuple[str, ...] = ()
    #: where the file is published ("" = nowhere); ``HttpConfig.base_urls[name]`` overrides it.
    url: str = ""

    def download(self, r: Resolved, config: HttpConfig) -> tuple[str, bytes]:
        if not self.url:
            return super().download(r, config)
        url = config.base_urls.get(self.name, self.url)
        return url, fetch(url, source=self.name, symbol=r.symbol, config=config)

    def local_file(self, r: Resolved, data_dir: Path) -> Path | None:
        return find_file(data_dir, self.patterns)

    def find_local(self, r: Resolved, data_dir: Path, *, drop_last_row: bool = False) -> Fields | None:
        path = self.local_file(r, data_dir)
        if path is None:
            return None
        got = labelled(r, lambda: self.parse(r, check_size(path, what="data file").read_bytes(), str(path)))
        rel = path.relative_to(data_dir).as_posix()
        out: Fields = {}
        for f, (s, p) in got.items():
            first, last = iso_date(s.index[0]) or "", iso_date(s.index[-1]) or ""
            out[f] = (s, p.with_(source="local", url=str(data_dir), segments=(Segment(rel, first, last, first, last),),
                                 notes=(f"read as {r.source} data",)))
        return out
