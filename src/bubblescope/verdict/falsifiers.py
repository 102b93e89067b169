"""Falsifier watch: what would change the verdict, as measurable conditions.

A falsifier is a condition that, if it held, would argue *against* the bubble reading (the source
article's §9: revenue catching up with investment, chips' useful life holding, power and financing
gaps closing, the story moving to applications with ROI). Each has a threshold on a number and a
*weakening* level between today and the threshold, and reads its number either from a signal (by
name) or from a dated, sourced evidence value given in the YAML.

Status: *triggered* (the condition holds: the bubble case is falsified on this count), *weakening*
(past the weakening level, not yet at the threshold), *holding* (the bubble case holds on this
count), or *not available* (no reading, with the reason).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bubblescope.evidence.falsifiers import Falsifier
from bubblescope.signals import Signal

STATUSES: tuple[str, ...] = ("holding", "weakening", "triggered", "not available")
__all__ = ["STATUSES", "Falsifier", "FalsifierReading", "evaluate", "status"]


@dataclass(frozen=True)
class FalsifierReading:
    falsifier: Falsifier
    reading: float | None
    status: str
    as_of: str | None
    source: str
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        f = self.falsifier
        return {"id": f.id, "condition": f.condition, "direction": f.direction, "threshold": f.threshold,
                "weakening": f.weakening, "unit": f.unit, "reading": self.reading, "status": self.status,
                "as_of": self.as_of, "source": self.source, "note": self.note}


def evaluate(falsifiers: Sequence[Falsifier], signals: Sequence[Signal], *,
             as_of: str | None = None) -> list[FalsifierReading]:
    """Each falsifier's reading and status. Evidence values dated after ``as_of`` are not used."""
    by_name: Mapping[str, Signal] = {s.name: s for s in signals}
    out = []
    for f in falsifiers:
        if f.signal is not None:
            s = by_name.get(f.signal)
            if s is None or not s.available or s.value is None:
                why = "no such signal in this run" if s is None else (s.reason or "the signal has no value")
                out.append(FalsifierReading(f, None, "not available", None, s.source if s else "", why))
                continue
            value, date, src = float(s.value), s.as_of, s.source
        else:
            if as_of is not None and f.as_of is not None and f.as_of[:10] > as_of[:10]:
                out.append(FalsifierReading(f, None, "not available", f.as_of, f.source,
                                            f"the evidence value is dated {f.as_of}, after {as_of}"))
                continue
            value, date, src = float(f.value or 0.0), f.as_of, f.source
        out.append(FalsifierReading(f, value, status(f, value), date, src))
    return out


def status(f: Falsifier, reading: float) -> str:
    """'triggered', 'weakening' or 'holding' for one reading."""
    if f.direction == "above":
        return "triggered" if reading >= f.threshold else ("weakening" if reading >= f.weakening else "holding")
    return "triggered" if reading <= f.threshold else ("weakening" if reading <= f.weakening else "holding")
