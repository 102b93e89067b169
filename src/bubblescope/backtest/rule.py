"""The verdict rule on the backtest's real-time signals (see :mod:`bubblescope.verdict.backtest`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from bubblescope.backtest.catalogue import Catalogue
from bubblescope.backtest.engine import Signal
from bubblescope.verdict.backtest import Span, rule_backtest, rule_score


def verdict_rule(signals: Sequence[Signal], catalogue: Catalogue) -> dict[str, object]:
    """The rule's score per catalogue series from the alarms of ``signals``, scored on the catalogue."""
    by_series: dict[str, dict[str, pd.Series]] = {}
    for s in signals:
        by_series.setdefault(s.series, {})[s.name] = s.alarm
    scores = {sid: rule_score(al) for sid, al in by_series.items()}
    spans = []
    for e in catalogue.episodes:
        lo, hi = e.window()
        if hi is None:
            continue
        spans.append(Span(e.id, e.kind, e.series, lo, hi))
    return rule_backtest(scores, spans)
