"""The ordered registry of data sources: which source a symbol belongs to.

A symbol with a ``name:`` prefix (``fred:GDP``) or a ``source=`` argument goes to that source; a bare
symbol to the first source in registry order whose ``claims(symbol)`` is true. The built-in order is::

    shiller   SHILLER, IE_DATA, CAPE
    finra     MARGIN_DEBT, FINRA_MARGIN
    fred      FRED-style ids with a digit or six+ characters (DGS10, CPIAUCSL)
    yahoo     everything else (NVDA, ^GSPC) — the catch-all
    sec, trends, local, package   chosen explicitly only

:func:`register_source` adds a user's source (a :class:`~bubblescope.data.source.DataSource`), by
default **ahead** of the built-ins so that the symbols it claims are its own; ``before="yahoo"`` puts it
just ahead of the catch-all instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bubblescope.data.source import BaseSource, DataSource, Resolved
from bubblescope.data.sources.finra import FinraSource
from bubblescope.data.sources.fred import FredSource
from bubblescope.data.sources.packaged import PackagedSource
from bubblescope.data.sources.sec import SecSource
from bubblescope.data.sources.shiller import ShillerSource
from bubblescope.data.sources.trends import TrendsSource
from bubblescope.data.sources.yahoo import YahooSource
from bubblescope.errors import InputError

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PREFIX = re.compile(r"^([a-z][a-z0-9_]*):(.+)$")


class LocalSource(BaseSource):
    """CSV files in a data folder only (``local:NVDA``); also where ``data import`` caches them."""

    name = "local"


class SourceRegistry:
    """An ordered set of :class:`DataSource` objects with unique names."""

    def __init__(self, sources: Iterable[DataSource] = ()) -> None:
        self._sources: list[DataSource] = []
        for src in sources:
            self.register(src, before=None, first=False)

    def __iter__(self) -> Iterator[DataSource]:
        return iter(list(self._sources))

    def __contains__(self, name: object) -> bool:
        return any(s.name == name for s in self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self._sources)

    def get(self, name: str) -> DataSource:
        for s in self._sources:
            if s.name == name:
                return s
        raise InputError(f"unknown source {name!r} (choose from {', '.join(self.names())})")

    def register(self, source: DataSource, *, before: str | None = None, first: bool = True,
                 replace: bool = False) -> DataSource:
        """Add ``source``: ahead of the source named ``before``, else first (``first=True``) or last.
        A name already registered is an error unless ``replace=True`` (the new one takes the old one's place)."""
        if not isinstance(source, DataSource):
            raise InputError(f"{source!r} is not a data source (needs name, needs_network, default_field, claims, "
                             "resolve, fetch, find_local, cache_keys, fallback; see bubblescope.data.source)")
        if not isinstance(source.name, str) or not _NAME.match(source.name):
            raise InputError(f"data source name {source.name!r} must be lower-case letters, digits and _")
        at: int | None = None
        if source.name in self:
            if not replace:
                raise InputError(f"a data source named {source.name!r} is already registered (pass replace=True)")
            at = self.names().index(source.name)  # a replacement keeps its place unless told otherwise
            self._sources.pop(at)
        if before is not None:
            at = self.names().index(self.get(before).name)
        elif at is None:
            at = 0 if first else len(self._sources)
        self._sources.insert(at, source)
        return source

    def unregister(self, name: str) -> DataSource:
        """Remove and return the source called ``name``."""
        src = self.get(name)
        self._sources.remove(src)
        return src

    def resolve(self, symbol: str, source: str | None = None, field: str | None = None) -> Resolved:
        """Which source, canonical symbol and field a user's symbol means (see the module docstring)."""
        sym = symbol.strip()
        if not sym:
            raise InputError("empty symbol")
        m = _PREFIX.match(sym)
        if m and m.group(1) in self:
            source, sym = m.group(1), m.group(2)
        if source is not None:
            return self.get(source).resolve(sym, field)
        for src in self._sources:
            if src.claims(sym):
                return src.resolve(sym, field)
        raise InputError(f"no data source claims {sym!r} (give one: source:SYMBOL; sources: {', '.join(self.names())})")


#: The registry :func:`bubblescope.data.get_series` uses.
REGISTRY = SourceRegistry([ShillerSource(), FinraSource(), FredSource(), YahooSource(), SecSource(), TrendsSource(),
                           LocalSource(), PackagedSource()])


def register_source(source: DataSource, *, before: str | None = None, replace: bool = False) -> DataSource:
    """Make ``source`` available to :func:`~bubblescope.data.get_series` and every command (see module
    docstring for where it goes in the order). Returns it."""
    return REGISTRY.register(source, before=before, replace=replace)


def unregister_source(name: str) -> DataSource:
    """Remove a source (built-in or registered) from the default registry; returns it."""
    return REGISTRY.unregister(name)


def get_source(name: str) -> DataSource:
    """The registered source called ``name`` (:class:`InputError` naming the choices if none)."""
    return REGISTRY.get(name)


def source_names() -> tuple[str, ...]:
    """Names of the registered sources, in resolution order."""
    return REGISTRY.names()
