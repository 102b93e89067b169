"""Market data for the report's compute phase: one fetcher with a network circuit breaker, and where
each series came from (``local``, ``live``, ``cached`` or ``packaged``, with its provenance).

Everything here goes through :mod:`bubblescope.data`; nothing else in the report fetches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from bubblescope.errors import DataSourceError

T = TypeVar("T")


@dataclass(frozen=True)
class SeriesInfo:
    """One market series with where it came from. ``mode``: local, live, cached or packaged."""

    symbol: str
    series: pd.Series = field(repr=False)
    mode: str
    source: str
    as_of: str
    first: str
    provenance: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "mode": self.mode, "source": self.source, "first": self.first,
                "as_of": self.as_of, "observations": len(self.series), "provenance": self.provenance}


def data_mode(prov: Any) -> str:
    """local / packaged / cached / cached (stale) / live, from a series' provenance."""
    src = getattr(prov, "source", "")
    if src == "local":
        return "local"
    if src == "package":
        return "packaged"
    if getattr(prov, "from_cache", False):
        return "cached (stale)" if getattr(prov, "stale", False) else "cached"
    return "live"


def provenance_dict(prov: Any) -> dict[str, Any]:
    """A provenance object (or a dict of them, one per column) as JSON-ready data."""
    from bubblescope.results import to_jsonable

    if prov is None:
        return {}
    if isinstance(prov, dict):
        return {k: provenance_dict(v) for k, v in prov.items()}
    d = to_jsonable(prov)
    return d if isinstance(d, dict) else {"source": str(prov)}


def source_text(prov: Any) -> str:
    """Where a series came from in a few words: ``local files: …`` or ``source: url``."""
    segs = getattr(prov, "segments", ()) or ()
    origins = ", ".join(dict.fromkeys(s.origin for s in segs if getattr(s, "origin", "")))
    src = getattr(prov, "source", "?")
    if src == "local" and origins:
        return f"local files: {origins}"
    url = getattr(prov, "url", None)
    return f"{src}: {url}" if url else str(src)


def source_entry(prov: Any, as_of: pd.Timestamp, *, mode: str | None = None,
                 source: str | None = None) -> dict[str, Any]:
    """``{mode, source, as_of, provenance}`` of a non-price input (Shiller table, GDP, Buffett ratio)."""
    return {"mode": mode or data_mode(prov), "source": source or source_text(prov),
            "as_of": as_of.date().isoformat(), "provenance": provenance_dict(prov)}


def series_info(symbol: str, s: pd.Series) -> SeriesInfo:
    prov = s.attrs.get("provenance")
    return SeriesInfo(symbol, s, data_mode(prov), source_text(prov), s.index[-1].date().isoformat(),
                      s.index[0].date().isoformat(), provenance_dict(prov))


class Fetcher:
    """get_series / get_frame with a circuit breaker: after the first network failure the rest runs
    offline. ``notes`` collects what could not be found and why; ``reachable`` is False after a
    network failure and None when the network was not needed or not tried."""

    def __init__(self, data_dir: Path | None, offline: bool, as_of: str | None = None) -> None:
        self.data_dir = data_dir
        self.offline = offline
        self.as_of = None if as_of is None else pd.Timestamp(as_of)  # cut every series here (judging a date)
        self.reachable: bool | None = None
        self.notes: list[str] = []

    def series(self, symbol: str, **kw: Any) -> pd.Series | None:
        from bubblescope.data import api

        s = self._get(symbol, lambda off: api.get_series(symbol, data_dir=self.data_dir, offline=off, **kw))
        return s if s is None or self.as_of is None else s.loc[: self.as_of]

    def frame(self, symbol: str) -> pd.DataFrame | None:
        from bubblescope.data import api

        f = self._get(symbol, lambda off: api.get_frame(symbol, data_dir=self.data_dir, offline=off))
        return f if f is None or self.as_of is None else f.loc[: self.as_of]

    def _get(self, symbol: str, load: Callable[[bool], T]) -> T | None:
        try:
            return load(self.offline)
        except DataSourceError as exc:
            if not self.offline and "network error" in str(exc):
                self.reachable = False
                self.offline = True
                self.notes.append(f"network unreachable ({symbol}); the rest used cache and packaged data only")
                return self._get(symbol, load)
            self.notes.append(f"{symbol}: {exc}")
            return None
