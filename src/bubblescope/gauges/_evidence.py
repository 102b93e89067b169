"""Finding evidence records for a gauge, as known at an as-of date (no look-ahead in the evidence)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from bubblescope.evidence.loader import EvidenceBase
from bubblescope.evidence.schema import EvidenceRecord


def _period_end(text: str) -> dt.date:
    """The last day a partial date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) covers."""
    ts = pd.Timestamp(text)
    n = len(text.strip())
    end = ts + pd.offsets.YearEnd(0) if n == 4 else ts + pd.offsets.MonthEnd(0) if n == 7 else ts
    return end.date()


def known_by(rec: EvidenceRecord, as_of: pd.Timestamp | None) -> bool:
    """True when the record's period and its publication both end on or before ``as_of``."""
    if as_of is None:
        return True
    cut = pd.Timestamp(as_of).date()
    if _period_end(rec.as_of) > cut:
        return False
    return not (rec.source.published and _period_end(rec.source.published) > cut)


def _records(base: EvidenceBase | None, episode: str, metric: str, as_of: pd.Timestamp | None) -> list[EvidenceRecord]:
    if base is None:
        return []
    return [r for r in base.find(episode, metric) if r.numeric is not None and known_by(r, as_of)]


def _find(base: EvidenceBase | None, episode: str, *, rid: str | None = None,
          metric: str | None = None, as_of: pd.Timestamp | None = None) -> EvidenceRecord | None:
    if base is None:
        return None
    if rid is not None and rid in base.records and known_by(base.records[rid], as_of):
        return base.records[rid]
    if metric is not None:
        found = _records(base, episode, metric, as_of)
        if found:
            return found[0]
    return None


_DATE_IN_TEXT = re.compile(r"(?<![\w/])(\d{4})-(\d{2})(?:-(\d{2}))?(?!\w)")
LATER_NOTE = "the record's note is left out: it refers to dates after the as-of date"


def note_known_by(note: str, as_of: pd.Timestamp | None) -> str:
    """``note``, or :data:`LATER_NOTE` when it mentions a date (YYYY-MM or YYYY-MM-DD) after ``as_of``
    (e.g. "checked 2026-11": what was learnt later is not shown at an earlier date)."""
    if as_of is None or not note:
        return note
    cut = pd.Timestamp(as_of).date().isoformat()
    for m in _DATE_IN_TEXT.finditer(note):
        if m.group(0)[:10] > cut and not cut.startswith(m.group(0)):
            return LATER_NOTE
    return note
