"""Multi-scale LPPLS confidence: the FCO "DS LPPLS" time scales, each its own nested-window grid.

Scales in trading days (issue 17, after the Financial Crisis Observatory's DS LPPLS Confidence):
super-short 40–183, short 40–365, medium 365–730, long 730–1 460; windows every ``step`` trading days,
converted to the series' frequency like the default FCO grid. Each scale is one :func:`indicators` run
with the same filters, bounds, starts and seed, so a scale's confidence is the share of its windows
with a qualified fit. The FCO's separate early-warning and end-flag filter sets are not shipped: no
published table of their conditions was available to this package, and invented values would be
worse than none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from bubblescope.detect._lppls_filters import FilterSet
from bubblescope.detect._lppls_indicators import DEFAULT_STARTS, LPPLSIndicators, indicators
from bubblescope.detect._lppls_model import MIN_POINTS
from bubblescope.detect._lppls_time import check_freq, scale_windows
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

#: Scale name → (shortest, longest) window in trading days.
SCALES: dict[str, tuple[int, int]] = {
    "super_short": (40, 183), "short": (40, 365), "medium": (365, 730), "long": (730, 1460),
}


@dataclass(frozen=True, eq=False)
class LPPLSMultiScale(Result):
    """Positive / negative confidence per scale and end date (``frame`` columns ``<scale>_pos_conf``,
    ``<scale>_neg_conf``); ``runs`` holds each scale's :class:`LPPLSIndicators`; scales whose longest
    window does not fit in the history are listed in ``skipped``."""

    frame: pd.DataFrame
    runs: Mapping[str, LPPLSIndicators]
    skipped: tuple[str, ...]
    step: int

    def summary(self) -> str:
        if self.frame.empty:
            return "LPPLS multi-scale: no scale could run"
        last = self.frame.iloc[-1]
        parts = [f"{k} {last[f'{k}_pos_conf']:.0%}" for k in self.runs]
        skipped = f"; not enough history for {', '.join(self.skipped)}" if self.skipped else ""
        return (f"LPPLS positive confidence by scale on {self.frame.index[-1].date()}: {', '.join(parts)}"
                f"{skipped}")

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"scales": {k: {"windows": [min(r.windows), max(r.windows)], "n_windows": len(r.windows)}
                           for k, r in self.runs.items()},
                "skipped": list(self.skipped), "step_trading_days": self.step, "confidence": to_jsonable(self.frame)}

    def plot(self) -> Any:
        from bubblescope.detect.lppls_plot import multiscale_figure

        return multiscale_figure(self)


def multiscale(
    series: pd.Series,
    *,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    step: int = 5,
    filters: str | Path | Mapping[str, Any] | FilterSet = "sornette2015",
    n_resamples: int = 0,
    seed: int = 0,
    n_starts: int = DEFAULT_STARTS,
    freq: str | None = None,
    workers: int = 1,
) -> LPPLSMultiScale:
    """Confidence on every FCO scale for the end dates in [start, end] (default: the last date)."""
    if step < 1:
        raise InputError(f"LPPLS multi-scale: step must be >= 1, got {step}")
    if not isinstance(series, pd.Series) or not isinstance(series.index, pd.DatetimeIndex):
        raise InputError("LPPLS needs a pandas Series of prices indexed by dates (DatetimeIndex)")
    code = check_freq(freq, series.index)
    first = series.index[-1] if start is None and end is None else start
    runs: dict[str, LPPLSIndicators] = {}
    skipped = []
    for name, (lo, hi) in SCALES.items():
        wins = scale_windows(tuple(range(lo, hi + 1, step)), code, MIN_POINTS)
        s_pos = 0 if first is None else int(series.index.searchsorted(pd.Timestamp(first)))
        if s_pos + 1 < max(wins):
            skipped.append(name)
            continue
        runs[name] = indicators(series, start=first, end=end, windows=wins, filters=filters, n_resamples=n_resamples,
                                seed=seed, n_starts=n_starts, freq=code, workers=workers)
    cols = {}
    for name, r in runs.items():
        cols[f"{name}_pos_conf"] = r.frame["pos_conf"]
        cols[f"{name}_neg_conf"] = r.frame["neg_conf"]
    frame = pd.DataFrame(cols)
    return LPPLSMultiScale(frame=frame, runs=runs, skipped=tuple(skipped), step=step)
