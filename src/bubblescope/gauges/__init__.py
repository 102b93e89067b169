"""Valuation, concentration and boom/bubble gauges, run-up and trend tests (pure functions).

Public API::

    valuation_gauges(shiller, buffett=..., forward_pe=..., price_cash_flow=...) -> ValuationGauges
    concentration(market_values, top_n=10, group=MAG7, total=None)              -> ConcentrationResult
    boom_bubble_gauges(capex_share_gdp=..., capex=..., ..., thresholds=...)      -> BoomBubbleResult
    gsy_runup(prices, market=None, threshold_2y=100, threshold_5y=None)          -> RunUpResult
    gmo_trend_deviation(prices, cpi=None, trend="expanding")                     -> TrendDeviationResult
    episode_gauges(episode, GaugeInputs(...), evidence_base)                     -> GaugePanel
"""

from bubblescope.gauges._gauge import Gauge
from bubblescope.gauges._history import PEAK_WINDOWS, HistoryStats, PeakValue, history_stats
from bubblescope.gauges.boom import (
    DEFAULT_THRESHOLDS,
    BoomBubbleResult,
    Reading,
    Threshold,
    boom_bubble_gauges,
    doubling_time_years,
    thresholds_with,
    verdict_for,
)
from bubblescope.gauges.concentration import MAG7, ConcentrationResult, concentration
from bubblescope.gauges.panel import GaugeInputs, GaugePanel, PriceInput, episode_gauges
from bubblescope.gauges.runup import CRASH_FREQUENCIES, RunUpResult, crash_frequency, gsy_runup
from bubblescope.gauges.trend import TrendDeviationResult, gmo_trend_deviation
from bubblescope.gauges.valuation import ValuationGauges, valuation_gauges, valuation_series

__all__ = [
    "CRASH_FREQUENCIES",
    "DEFAULT_THRESHOLDS",
    "MAG7",
    "PEAK_WINDOWS",
    "BoomBubbleResult",
    "ConcentrationResult",
    "Gauge",
    "GaugeInputs",
    "GaugePanel",
    "HistoryStats",
    "PeakValue",
    "PriceInput",
    "Reading",
    "RunUpResult",
    "Threshold",
    "TrendDeviationResult",
    "ValuationGauges",
    "boom_bubble_gauges",
    "concentration",
    "crash_frequency",
    "doubling_time_years",
    "episode_gauges",
    "gmo_trend_deviation",
    "gsy_runup",
    "history_stats",
    "thresholds_with",
    "valuation_gauges",
    "valuation_series",
    "verdict_for",
]
