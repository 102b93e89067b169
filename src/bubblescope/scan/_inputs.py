"""The inputs of a scan: argument checks, naming the series, loading and cleaning each one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import InputError


def check_arguments(seed: Any, workers: Any, batch_size: Any, threads_per_worker: int) -> int:
    """The scan seed as an int; bad seeds, worker or batch counts raise InputError."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed!r}")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise InputError(f"workers must be a positive integer, got {workers!r}")
    if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
        raise InputError(f"batch_size must be a positive integer, got {batch_size!r}")
    if threads_per_worker < 1:
        raise InputError(f"threads_per_worker must be a positive integer, got {threads_per_worker!r}")
    return int(seed)


def parse_as_of(as_of: str | pd.Timestamp | None) -> pd.Timestamp | None:
    """The as-of date (time-zone naive), or None for "each series' last date"."""
    if as_of is None:
        return None
    try:
        ts = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise InputError(f"as_of {as_of!r} is not a date") from None
    if pd.isna(ts):
        raise InputError(f"as_of {as_of!r} is not a date")
    return ts.tz_localize(None) if ts.tz is not None else ts


def check_series(name: str, s: Any) -> pd.Series:
    if not isinstance(s, pd.Series):
        raise InputError(f"{name}: expected a pandas Series, got {type(s).__name__}")
    if not isinstance(s.index, pd.DatetimeIndex):
        raise InputError(f"{name}: the index must be dates (DatetimeIndex)")
    if s.index.tz is not None:
        s = s.tz_localize(None)
    try:
        s = s.astype(float)
    except (TypeError, ValueError):
        raise InputError(f"{name}: values are not numeric") from None
    s = s.dropna()
    if s.index.has_duplicates:
        raise InputError(f"{name}: duplicate dates")
    if not s.index.is_monotonic_increasing:
        s = s.sort_index()
    if not np.isfinite(s.to_numpy()).all():
        raise InputError(f"{name}: infinite values")
    return s


def named_inputs(data: Any) -> list[tuple[str, Any]]:
    """(name, Series | str | Path) pairs from a list of symbols/paths, a wide frame or a mapping."""
    if isinstance(data, pd.DataFrame):
        if not isinstance(data.index, pd.DatetimeIndex):
            raise InputError("scan frame: the index must be dates (DatetimeIndex), one column per series")
        pairs = [(str(c), data[c]) for c in data.columns]
    elif isinstance(data, pd.Series):
        pairs = [(str(data.name or "series"), data)]
    elif isinstance(data, Mapping):
        pairs = [(str(k), v) for k, v in data.items()]
    elif isinstance(data, (str, Path)):
        pairs = [(str(data), data)]
    elif isinstance(data, Iterable):
        pairs = [(str(x), x) for x in data]
    else:
        raise InputError(f"scan input must be symbols/paths, a DataFrame or a mapping of series, not {type(data).__name__}")
    if not pairs:
        raise InputError("nothing to scan: no series given")
    names = [n for n, _ in pairs]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        raise InputError(f"series name {dup!r} appears twice in the scan input")
    return pairs


def load(name: str, obj: Any, as_of: pd.Timestamp | None, data_dir: Any, offline: bool) -> pd.Series:
    """One series: read through the data layer when ``obj`` is a symbol or path, checked, cut at ``as_of``."""
    if isinstance(obj, (str, Path)):
        from bubblescope.data import get_series

        s = get_series(obj, data_dir=data_dir, offline=offline)
    else:
        s = obj
    s = check_series(name, s)
    if as_of is not None:
        s = s[s.index <= as_of]
    if s.empty:
        raise InputError(f"{name}: no observations" + (f" on or before {as_of.date()}" if as_of is not None else ""))
    return s
