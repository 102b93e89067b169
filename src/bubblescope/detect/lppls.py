"""LPPLS bubble model: bounded, reproducible fits and the FCO confidence / trust indicators.

Model (Johansen–Ledoit–Sornette in the Filimonov & Sornette 2013 form), for t < tc::

    ln p(t) = A + B·f + C1·g + C2·h,   f = (tc − t)^m,  g = f·cos(ω ln(tc − t)),  h = f·sin(ω ln(tc − t))

The linear parameters (A, B, C1, C2) are solved in closed form (least squares); the nonlinear ones
(tc, m, ω) are searched inside explicit bounds: a coarse grid of profiled SSE (shared across nested
windows with one backward pass of running sums), then a bounded variable-projection
Levenberg–Marquardt from the best ``n_starts`` distinct grid cells, keeping the lowest SSE.

Conventions
-----------
* ``time="index"`` (default): t is the observation position in the series (0 = first observation);
  tc is in steps of the series' frequency (``freq``: detected or given; trading days for daily market
  data) and converted to a date on that frequency's calendar (business days for trading data).
  ``time="years"``: t is the calendar date in decimal years.
* Qualification: a fit passes the filter set's conditions and has neither tc nor m on a search bound.
* B < 0 is a positive (upward, super-exponential) bubble; B > 0 a negative bubble.
* Derived: C = √(C1² + C2²); damping D = m|B| / (ω|C|); oscillations
  O = (ω/2π)·ln((tc − t1)/(tc − t2)) (or ω/π with the ``half_periods`` setting); relative error is
  |p − p̂|/p per day, aggregated over the window by mean (default) or max (a filter-set setting).
* Search bounds (:class:`Bounds`): tc − t2 ∈ [0.002, 0.5]·(t2 − t1), m ∈ [0.01, 1.5], ω ∈ [1, 30].
* Randomness: start jitter uses a counter-based SplitMix64 stream keyed by (seed, t2_index,
  window_length); trust resampling uses ``numpy.random.default_rng((seed, t2_index, window_length, 1))``.
  Results therefore do not depend on worker count or scheduling.

Layout: this module is the public façade. The model core (settings, input checks, nested-window fit)
is :mod:`._lppls_model`, the filter sets :mod:`._lppls_filters`, the single fit :mod:`._lppls_fit`,
the indicators :mod:`._lppls_indicators`, the figures :mod:`.lppls_plot`, and the numba kernels
:mod:`._lppls_kernels` (grid, LM steps, solvers).
"""

from __future__ import annotations

from bubblescope.detect._lppls_filters import FilterSet, filter_set_names, load_filters
from bubblescope.detect._lppls_fit import LPPLSFit, fit
from bubblescope.detect._lppls_indicators import (
    _FRAME_COLUMNS as _FRAME_COLUMNS,  # tests read the column list
)
from bubblescope.detect._lppls_indicators import LPPLSIndicators, indicators
from bubblescope.detect._lppls_model import (
    FCO_WINDOWS,
    MIN_POINTS,
    TRADING_DAYS_PER_YEAR,
    Bounds,
    SearchSettings,
    TimeMode,
)
from bubblescope.detect._lppls_null import NullSpec
from bubblescope.detect._lppls_scales import SCALES, LPPLSMultiScale, multiscale

#: ``fit`` under the name the package's API lists (``bubblescope.detect.lppls_fit``).
lppls_fit = fit

__all__ = [
    "FCO_WINDOWS",
    "MIN_POINTS",
    "SCALES",
    "TRADING_DAYS_PER_YEAR",
    "Bounds",
    "FilterSet",
    "LPPLSFit",
    "LPPLSIndicators",
    "LPPLSMultiScale",
    "NullSpec",
    "SearchSettings",
    "TimeMode",
    "filter_set_names",
    "fit",
    "indicators",
    "load_filters",
    "lppls_fit",
    "multiscale",
]
