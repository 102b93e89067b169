"""Finding evidence records for a gauge, as known at an as-of date (no look-ahead in the evidence)."""

from __future__ import annotations

import datetime as dt

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
