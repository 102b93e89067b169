"""Input checks, window conventions and the statistic driver shared by ``psy`` and its critical values.

Window conventions (see docs/psy.md):

* ``"exuber"`` — ``min_window`` counts *regression rows* (differenced observations used in the
  ADF regression), as R ``exuber`` / ``pyexuber`` do.
* ``"psymonitor"`` — ``min_window`` counts *level observations* in the window, including the
  first one that only enters as a lagged level (and the ``lag`` observations that only enter as
  lagged differences), as R ``psymonitor`` does: rows = ``min_window - 1 - lag``.

Both use the default ``floor((0.01 + 1.8/sqrt(T)) * T)`` in their own unit, so the default
psymonitor window has one row fewer than exuber's. In both, the statistic of a window whose last
row is observation ``t`` is dated ``index[t]``; the sequences start at observation
``rows + lag`` (0-based).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

from bubblescope.detect import _psy_kernels as K
from bubblescope.errors import InputError

Convention = Literal["exuber", "psymonitor"]
IC = Literal["aic", "bic"] | None

_IC_CODES = {None: 0, "aic": 1, "bic": 2}


def default_min_window(T: int) -> int:
    """PSY (2015) rule ``floor((0.01 + 1.8/sqrt(T)) * T)`` (in the convention's own unit)."""
    return math.floor((0.01 + 1.8 / math.sqrt(T)) * T)


def ic_code(ic: str | None) -> int:
    if ic is not None and not isinstance(ic, str):
        raise InputError(f"ic must be None, 'aic' or 'bic', got {ic!r}")
    key = ic.lower() if isinstance(ic, str) else None
    if key not in _IC_CODES:
        raise InputError(f"ic must be None, 'aic' or 'bic', got {ic!r}")
    return _IC_CODES[key]


def prepare_series(series: pd.Series, *, log: bool, what: str = "series") -> tuple[np.ndarray, pd.Index]:
    """Validate a price series and return (float values, possibly logged; index)."""
    if isinstance(series, pd.DataFrame):
        if series.shape[1] != 1:
            raise InputError(f"{what}: expected one column, got a DataFrame with {series.shape[1]} columns")
        series = series.iloc[:, 0]
    if not isinstance(series, pd.Series):
        if isinstance(series, (np.ndarray, list, tuple)):
            series = pd.Series(np.asarray(series))
        else:
            raise InputError(f"{what}: expected a pandas Series, got {type(series).__name__}")
    try:
        values = series.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise InputError(f"{what}: values are not numeric") from None
    idx = series.index
    if idx.has_duplicates:
        dup = idx[idx.duplicated()][0]
        raise InputError(f"{what}: duplicate index value {dup} (dates must be unique)")
    if not (idx.is_monotonic_increasing):
        raise InputError(f"{what}: index is not sorted in increasing order (sort the dates first)")
    bad = ~np.isfinite(values)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(f"{what}: {values[i]} at {idx[i]} (NaN/inf are not allowed; drop or fill them first)")
    if log:
        nonpos = values <= 0
        if nonpos.any():
            i = int(np.argmax(nonpos))
            raise InputError(
                f"{what}: non-positive value {values[i]} at {idx[i]} cannot be logged (pass log=False)")
        values = np.log(values)
    if values.size and np.all(values == values[0]):
        raise InputError(f"{what}: the series is constant (the ADF regression is singular)")
    return np.ascontiguousarray(values), idx


def window_rows(T: int, min_window: int | None, lag: int, ic: str | None, max_lag: int,
                convention: str) -> tuple[int, int]:
    """Return (minimum window in regression rows, lag order used to build the design)."""
    if convention not in ("exuber", "psymonitor"):
        raise InputError(f"convention must be 'exuber' or 'psymonitor', got {convention!r}")
    code = ic_code(ic)
    p = max_lag if code else lag
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or p < 0:
        name = "max_lag" if code else "lag"
        raise InputError(f"{name} must be a non-negative integer, got {p!r}")
    p = int(p)
    if min_window is None:
        w = default_min_window(T)
    else:
        if isinstance(min_window, bool) or not isinstance(min_window, (int, np.integer)) or min_window < 1:
            raise InputError(f"min_window must be a positive integer, got {min_window!r}")
        w = int(min_window)
    m = w if convention == "exuber" else w - 1 - p
    need = p + 3  # intercept + level + p lags + at least one residual degree of freedom
    if m < need:
        unit = "rows" if convention == "exuber" else "observations"
        raise InputError(
            f"min_window {w} {unit} leaves {m} regression rows; lag {p} needs at least {need}")
    n_rows = T - 1 - p
    if n_rows < m:
        raise InputError(
            f"series has {T} observations, fewer than the minimum window ({m} rows) + 1 + lag {p} = {m + 1 + p}")
    return m, p


def compute(x: np.ndarray, index: pd.Index, m: int, p: int, code: int, *, full: bool = True
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the kernel; raise InputError naming the window if a regression is singular."""
    n = x.shape[0] - 1 - p
    nout = n - m + 1
    badf = np.empty(nout)
    bsadf = np.empty(nout)
    lags = np.empty(nout, dtype=np.int64)
    bad = np.full(2, -1, dtype=np.int64)
    # fixed lags keep the combined kernel (the benchmarked path, BENCHMARKS.md); a criterion calls its
    # kernel directly: numba compiles on the first call and run_one references every kernel, so a cold
    # first run with BIC lags (the default) would otherwise compile all of them (≈ 10 s)
    if code == 0:
        K.run_one(x, m, p, code, full, badf, bsadf, lags, bad)
    else:
        K._general_core(K.design(x, p), m, full, p, code, badf, bsadf, lags, bad)
    if bad[0] >= 0:
        r1, r2 = int(bad[0]), int(bad[1])
        raise InputError(
            f"ADF regression is singular in the window {index[r1]} .. {index[r2 + 1 + p]} "
            "(constant stretch or perfect fit); the statistic is undefined there")
    return badf, bsadf, lags


def dates_for(index: pd.Index, m: int, p: int) -> pd.Index:
    """Dates of the sequence values: observation ``m + p`` onward."""
    return index[m + p:]
