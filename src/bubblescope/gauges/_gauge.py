"""The one record every gauge produces, whether computed from data or taken from evidence."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblescope.gauges._history import HistoryStats
from bubblescope.results import to_jsonable

COLOURS = ("green", "amber", "red")


@dataclass(frozen=True)
class Gauge:
    """One gauge reading.

    ``value`` is ``None`` when the inputs are missing; ``needs`` then says what is missing and the
    gauge prints as "not available (needs …)". ``history`` (percentile, z-score, past peaks) is only
    present when the gauge has a history to be placed against. ``colour`` is set for gauges with
    green/amber/red thresholds. ``source`` names where the inputs came from; ``as_of`` is the date of
    the reading (ISO ``YYYY-MM-DD`` or a partial ``YYYY-MM`` for evidence records).
    """

    key: str
    name: str
    unit: str
    value: float | None
    as_of: str | None
    source: str
    group: str = "valuation"
    history: HistoryStats | None = None
    colour: str | None = None
    needs: str | None = None
    note: str = ""
    higher_is_hotter: bool = True  # direction of "hot" (for the percentile light)
    light_rule: str = ""  # how ``colour`` was set (thresholds, percentile bands) or why there is none

    @property
    def light(self) -> str | None:
        """The gauge's light (green / amber / red), or None when it has none (``light_rule`` says why)."""
        return self.colour if self.available else None

    @property
    def available(self) -> bool:
        return self.value is not None and not math.isnan(self.value)

    def display(self, digits: int = 2) -> str:
        if not self.available:
            return f"not available (needs {self.needs or 'input data'})"
        assert self.value is not None
        if math.isinf(self.value):
            return "none (not growing)" if self.value > 0 else "-inf"
        unit = "" if self.unit in ("", "x") else f" {self.unit}"
        suffix = "x" if self.unit == "x" else ""
        return f"{self.value:,.{digits}f}{suffix}{unit}"

    def row(self) -> dict[str, Any]:
        h = self.history
        return {
            "group": self.group,
            "key": self.key,
            "gauge": self.name,
            "value": self.value if self.available else float("nan"),
            "unit": self.unit,
            "as_of": self.as_of,
            "percentile": h.percentile if h else float("nan"),
            "zscore": h.zscore if h else float("nan"),
            "window_percentile": h.window_percentile if h else float("nan"),
            "window_zscore": h.window_zscore if h else float("nan"),
            "colour": self.colour,
            "light": self.light,
            "light_rule": self.light_rule,
            "source": self.source,
            "needs": None if self.available else self.needs,
            "note": self.note,
        }

    def to_dict(self) -> dict[str, Any]:
        d = to_jsonable(self)
        d["available"] = self.available
        d["light"] = self.light
        d["display"] = self.display()
        return d


class GaugeList:
    """``result[key]``: the gauge with that key (KeyError when there is none), for results with ``gauges``."""

    gauges: list[Gauge]

    def __getitem__(self, key: str) -> Gauge:
        for g in self.gauges:
            if g.key == key:
                return g
        raise KeyError(key)


def unavailable(key: str, name: str, unit: str, needs: str, *, group: str = "valuation", source: str = "") -> Gauge:
    """A gauge whose inputs are missing: no number, only what it needs."""
    return Gauge(key=key, name=name, unit=unit, value=None, as_of=None, source=source, group=group, needs=needs)


def short_cite(rec: Any) -> str:
    """``Organisation, published [record id]`` for an evidence record: short enough for a table; the id
    finds the full record (title, URL, note) with ``bubblescope`` evidence tools."""
    src = rec.source
    return f"{src.organisation}" + (f", {src.published}" if src.published else "") + f" [{rec.id}]"


def iso(ts: pd.Timestamp | None) -> str | None:
    return None if ts is None else pd.Timestamp(ts).date().isoformat()
