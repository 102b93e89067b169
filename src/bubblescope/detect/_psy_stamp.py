"""Date stamping of explosive episodes from a statistic sequence and its critical sequence.

Two rules (positions are 0-based into the sequence; ``end`` is the first position *after* the
episode, i.e. the date the statistic is back below its critical value; ``None`` = still running):

* ``"psy"`` — Phillips, Shi & Yu (2015), eq. (13): an episode starts at the first date the
  statistic exceeds the critical value, and ends at the first date *at least* ``min_duration``
  observations later at which it is below it. Every episode therefore lasts ≥ ``min_duration``.
* ``"crossing"`` — the peers' rule (exuber ``datestamp``, psymonitor ``locate``): maximal runs
  of dates above the critical value; runs shorter than ``min_duration`` are dropped.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Span(NamedTuple):
    start: int
    end: int | None  # exclusive; None = ongoing at the end of the sample
    peak: int


def stamp(stat: np.ndarray, cv: np.ndarray, min_duration: int, rule: str) -> list[Span]:
    stat = np.asarray(stat, dtype=float)
    cv = np.asarray(cv, dtype=float)
    above = stat > cv
    n = stat.size
    out: list[Span] = []
    if rule == "crossing":
        i = 0
        while i < n:
            if not above[i]:
                i += 1
                continue
            j = i
            while j < n and above[j]:
                j += 1
            if j - i >= min_duration:
                out.append(Span(i, j if j < n else None, i + int(np.argmax(stat[i:j]))))
            i = j
        return out
    if rule == "psy":
        i = 0
        below = stat < cv
        while i < n:
            if not above[i]:
                i += 1
                continue
            j = i + max(min_duration, 1)
            while j < n and not below[j]:
                j += 1
            stop = min(j, n)
            out.append(Span(i, j if j < n else None, i + int(np.argmax(stat[i:stop]))))
            i = j
        return out
    raise ValueError(rule)
