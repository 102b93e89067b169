"""Where a series came from: attached to every series the data layer returns.

``series.attrs["provenance"]`` holds a :class:`Provenance`; :func:`provenance_of` reads it back.
Reports print :meth:`Provenance.line`; ``to_dict`` is JSON-ready.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Segment:
    """One input file or download used for a stretch of the series.

    ``used_from``/``used_to`` are the first/last dates taken from it (ISO dates); ``scale`` is the factor
    its values were multiplied by when ratio-chained onto a more recent segment (1.0 = unchanged).
    """

    origin: str
    first: str
    last: str
    used_from: str
    used_to: str
    scale: float = 1.0
    column: str | None = None
    dropped_last_row: bool = False


@dataclass(frozen=True)
class Provenance:
    """Source, location and dates of a series.

    ``source``: ``local`` (a CSV/XLS folder), ``yahoo``, ``fred``, ``shiller``, ``sec``, ``finra``, ``trends``
    or ``package`` (a dataset shipped inside an installed package). ``fetched_at`` is when it was
    downloaded/read (UTC ISO timestamp), ``as_of`` the date of the newest observation.
    """

    symbol: str
    source: str
    quantity: str
    unit: str = ""
    frequency: str = ""
    url: str | None = None
    fetched_at: str | None = None
    as_of: str | None = None
    from_cache: bool = False
    stale: bool = False
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def files(self) -> tuple[str, ...]:
        """Every file/URL used, oldest segment first."""
        return tuple(s.origin for s in self.segments) or ((self.url,) if self.url else ())

    def line(self) -> str:
        """One line for reports: ``NVDA: local close … (files …), as of 2026-08-21``."""
        where = ", ".join(self.files) or self.source
        bits = [f"{self.symbol}: {self.source} — {self.quantity}", f"from {where}"]
        if self.as_of:
            bits.append(f"as of {self.as_of}")
        if self.fetched_at:
            bits.append(f"fetched {self.fetched_at}")
        if self.from_cache:
            bits.append("from cache" + (" (stale)" if self.stale else ""))
        return "; ".join(bits)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["segments"] = [asdict(s) for s in self.segments]
        d["notes"] = list(self.notes)
        d["files"] = list(self.files)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Provenance:
        d = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        d["segments"] = tuple(Segment(**s) for s in d.get("segments") or ())
        d["notes"] = tuple(d.get("notes") or ())
        return cls(**d)

    def with_(self, **changes: Any) -> Provenance:
        return replace(self, **changes)


def attach(obj: pd.Series | pd.DataFrame, prov: Provenance) -> pd.Series | pd.DataFrame:
    """Set ``obj.attrs["provenance"]`` (in place) and return ``obj``."""
    obj.attrs["provenance"] = prov
    return obj


def provenance_of(obj: pd.Series | pd.DataFrame) -> Provenance | None:
    """The provenance attached by the data layer, or None (e.g. after an operation dropped attrs)."""
    p = obj.attrs.get("provenance")
    if isinstance(p, dict):
        return Provenance.from_dict(p)
    return p if isinstance(p, Provenance) else None


def iso_date(ts: pd.Timestamp | None) -> str | None:
    return None if ts is None or pd.isna(ts) else pd.Timestamp(ts).date().isoformat()
