"""Historical validation: do the signals flag real bubbles in real time, and how often do they cry wolf?"""

from __future__ import annotations

from bubblescope.backtest.catalogue import Catalogue, CatalogueEpisode, CrashRule, load_catalogue
from bubblescope.backtest.engine import BacktestResult, Signal, alarm_runs, crash_after, evaluate, realtime

__all__ = [
    "BacktestResult",
    "Catalogue",
    "CatalogueEpisode",
    "CrashRule",
    "Signal",
    "alarm_runs",
    "crash_after",
    "evaluate",
    "load_catalogue",
    "realtime",
]
