"""Small input helpers shared by the "beyond PSY" modules (monitor, robust, panel)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.detect.psy_steps import radf
from bubblescope.errors import InputError


def prepare(series: Any, *, log: bool, what: str = "series") -> tuple[np.ndarray, pd.Index]:
    """(float values, logged if ``log``; index) of a Series with a sorted unique index and finite values."""
    if not isinstance(series, pd.Series):
        if isinstance(series, (np.ndarray, list, tuple)):
            series = pd.Series(np.asarray(series, dtype=float))
        else:
            raise InputError(f"{what}: expected a pandas Series, got {type(series).__name__}")
    try:
        x = series.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise InputError(f"{what}: values are not numeric") from None
    idx = series.index
    if idx.has_duplicates or not idx.is_monotonic_increasing:
        raise InputError(f"{what}: the index must be sorted and unique")
    if not np.all(np.isfinite(x)):
        raise InputError(f"{what}: NaN/inf values are not allowed (drop or fill them first)")
    if log:
        if np.any(x <= 0):
            raise InputError(f"{what}: non-positive values cannot be logged (pass log=False)")
        x = np.log(x)
    return np.ascontiguousarray(x), idx


def check_int(name: str, v: Any, lo: int) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
        raise InputError(f"{name} must be an integer ≥ {lo}, got {v!r}")
    return int(v)


def check_level(name: str, v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < float(v) < 1:
        raise InputError(f"{name} must lie strictly between 0 and 1, got {v!r}")
    return float(v)


def check_window(n: int, min_window: int, lag: int, what: str = "series") -> None:
    """The PSY window rules of ``detect.psy`` (exuber convention: the window counts regression rows)."""
    check_int("min_window", min_window, 1)
    check_int("lag", lag, 0)
    if min_window < lag + 3:
        raise InputError(f"min_window {min_window} rows is too small for lag {lag} (needs at least {lag + 3})")
    if n - 1 - lag < min_window:
        raise InputError(f"{what} has {n} observations, fewer than the minimum window ({min_window} rows)"
                         f" + 1 + lag {lag}")


def bsadf_values(x: np.ndarray, min_window: int, lag: int) -> np.ndarray:
    """BSADF sequence (window ends ``min_window + lag .. T-1``) of the values ``x`` as given (no log),
    through the PSY step :func:`bubblescope.detect.psy_steps.radf` with a :class:`PSYSpec`."""
    spec = PSYSpec(min_window=min_window, lag=lag, log=False)
    return radf(pd.Series(x), spec).bsadf.to_numpy()


def settings(spec: PSYSpec | None, min_window: int | None, lag: int | None, log: bool | None,
             alpha: float | None, seed: int | None, T: int) -> tuple[int | None, int, bool, float, int]:
    """(min_window, lag, log, quantile level, seed) from a :class:`PSYSpec` or from keywords (not both).

    A spec brings its window (a fraction is taken of ``T``), lag, log, ``1 - size`` and seed; it must use a
    fixed lag and the exuber window convention."""
    given = [k for k, v in (("min_window", min_window), ("lag", lag), ("log", log), ("alpha", alpha),
                            ("seed", seed)) if v is not None]
    if spec is None:
        return (min_window, 0 if lag is None else lag, True if log is None else log,
                0.95 if alpha is None else alpha, 0 if seed is None else seed)
    if not isinstance(spec, PSYSpec):
        raise InputError(f"spec must be a PSYSpec, got {type(spec).__name__}")
    if given:
        raise InputError(f"give {', '.join(given)} either in the PSYSpec or as keywords, not both")
    if spec.ic is not None or spec.convention != "exuber":
        raise InputError("these procedures take a fixed lag and the exuber window convention (spec.ic=None)")
    return spec.window_for(T), spec.fixed_lag, spec.log, spec.level, spec.seed
