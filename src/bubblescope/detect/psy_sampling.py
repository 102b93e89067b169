"""The frequency a PSY run analyses (``PSYSpec.frequency``), and the window / lag plan on a sample.

Daily prices make the recursive ADF family O(T²) in thousands of observations and date many
ten-day "episodes"; PSY (2015) and exuber's examples are monthly. ``frequency="auto"`` therefore
analyses daily input (median spacing under 4 days) on month-end closes when it spans more than 10
years and on Friday closes otherwise; weekly or coarser input is used as given.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from bubblescope.detect import _psy_core as C
from bubblescope.detect._psy_core import default_min_window
from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.errors import InputError

_NAMES = {"ME": "month-end", "W-FRI": "Friday (weekly)", "QE": "quarter-end", "YE": "year-end"}


def sample(series: pd.Series, spec: PSYSpec) -> tuple[pd.Series, str]:
    """``series`` at the spec's frequency, and one sentence saying what was done."""
    f = spec.frequency
    if f is None or not isinstance(series, pd.Series) or not isinstance(series.index, pd.DatetimeIndex):
        return series, "analysed as given"
    if len(series) < 3:
        return series, "analysed as given"
    if f == "auto":
        step = series.index.to_series().diff().median()
        if not (pd.notna(step) and step < pd.Timedelta(days=4)):
            return series, "analysed as given (weekly or coarser input)"
        years = (series.index[-1] - series.index[0]).days / 365.25
        f = "ME" if years > 10 else "W-FRI"
        why = "daily input over more than 10 years" if f == "ME" else "daily input over 10 years or less"
    else:
        why = "as the spec asks"
    try:
        out = series.resample(f).last().dropna()
    except (ValueError, TypeError):
        raise InputError(f"frequency {spec.frequency!r} is not a pandas frequency alias (e.g. 'ME', 'W-FRI')") from None
    if len(out) >= len(series):
        return series, "analysed as given (already at that frequency or coarser)"
    return out, f"analysed on {_NAMES.get(f, f)} closes ({why}; {len(series)} → {len(out)} observations)"


@dataclass(frozen=True)
class Plan:
    """What a spec means on a sample of ``T`` observations."""

    T: int
    window: int  # minimum window in the convention's unit, resolved
    lag: int  # fixed lag (0 with an information criterion)
    ic: str | None
    max_lag: int  # largest lag tried with an information criterion (0 without)
    rows: int  # minimum window in regression rows
    design_lag: int  # lag order of the regression design


def plan(spec: PSYSpec, T: int) -> Plan:
    w = spec.window_for(T)
    wd = w if w is not None else default_min_window(T)
    pmax = spec.max_lag_for(T, wd) if spec.criterion is not None else 0
    m, p = C.window_rows(T, w, spec.fixed_lag, spec.criterion, pmax, spec.convention)
    return Plan(T, wd, spec.fixed_lag, spec.criterion, pmax, m, p)
