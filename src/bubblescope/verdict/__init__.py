"""The verdict: every signal family weighed into one dated, calibrated answer (issue 15).

Pure analysis: :func:`judge` takes :class:`~bubblescope.signals.Signal` lists (from every result's
``to_signals()``), the main index's :class:`MarketState`, falsifier readings, headline ranges and the
exposed parties, and returns a :class:`VerdictResult`. The rule is :mod:`bubblescope.verdict.rule`;
its historical backtest :mod:`bubblescope.verdict.backtest`.
"""

from bubblescope.verdict.falsifiers import Falsifier, FalsifierReading, evaluate
from bubblescope.verdict.result import Exposure, Headline, VerdictResult, judge, market_state
from bubblescope.verdict.rule import FAMILY_WEIGHTS, VERDICTS, Aggregate, MarketState, aggregate, classify

__all__ = ["FAMILY_WEIGHTS", "VERDICTS", "Aggregate", "Exposure", "Falsifier", "FalsifierReading",
           "Headline", "MarketState", "VerdictResult", "aggregate", "classify", "evaluate", "judge",
           "market_state"]
