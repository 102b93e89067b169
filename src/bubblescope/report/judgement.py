"""The verdict step of the compute phase: the report's results → one :class:`~bubblescope.verdict.VerdictResult`.

Pure: ReportData in (computed by :mod:`bubblescope.report.compute`), a verdict out. The same
function serves ``bubblescope verdict``, the report's first section and the dashboard header, so
the three can never disagree.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bubblescope.report import signals as rs
from bubblescope.verdict import judge, market_state
from bubblescope.verdict.falsifiers import evaluate

if TYPE_CHECKING:
    from bubblescope.evidence.falsifiers import Falsifier
    from bubblescope.report.analysis import Analysis
    from bubblescope.report.compute import ReportData
    from bubblescope.verdict import MarketState, VerdictResult


def episode_start(data: ReportData) -> str:
    return f"{int(data.episode.start)}-01-01"


def main_market(analysis: Analysis | None, start: str, as_of: str) -> MarketState | None:
    """The run-up and fall of the first market series of the episode that has data after its start."""
    if analysis is None:
        return None
    for m in analysis.market:
        st = market_state(m.info.series, series=m.info.symbol, start=start, as_of=as_of)
        if st is not None:
            return st
    return None


def backtest_summary(analysis: Analysis | None) -> dict[str, Any]:
    """The aggregation rule's backtest from the validation file (``bubblescope backtest``), if there."""
    bt = None if analysis is None else analysis.backtest
    if not bt:
        return {"available": False, "reason": "no validation file (run `make backtest`, then pass --backtest docs)"}
    meta = bt.get("meta")
    rule = bt.get("verdict_rule") or (meta.get("verdict_rule") if isinstance(meta, dict) else None)
    if not rule:
        return {"available": False, "reason": "the validation file has no backtest of the verdict rule "
                                              "(regenerate it with `make backtest`)"}
    return {"available": True, **rule}


def judgement(data: ReportData, *, as_of: str | None = None,
              falsifiers: Sequence[Falsifier] = ()) -> VerdictResult:
    """The verdict on ``data``'s episode at ``as_of`` (default: today)."""
    day = as_of or _dt.date.today().isoformat()
    a = data.analysis
    start = episode_start(data)
    loo = getattr(data, "out_of_sample", None)
    signals = rs.collect(data.score, a, start, None if loo is None else loo.bubble_call())
    notes = [] if a is None else list(a.notes)
    if a is None:
        notes.append("the data-driven analyses were not computed: the verdict rests on the evidence base only")
    return judge(signals, episode=data.episode_id, episode_name=data.episode.name, as_of=day,
                 market=main_market(a, start, day), falsifiers=evaluate(falsifiers, signals, as_of=day),
                 headlines=rs.headlines(a), exposed=rs.exposures(a), backtest=backtest_summary(a), notes=notes)
