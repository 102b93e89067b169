"""Price-series helpers shared by the run-up and trend tests: checks, month-end sampling, runs of flags."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bubblescope.errors import InputError


def price_series(s: pd.Series, name: str) -> pd.Series:
    if not isinstance(s, pd.Series):
        raise InputError(f"{name}: expected a pandas Series, got {type(s).__name__}")
    if not isinstance(s.index, pd.DatetimeIndex):
        raise InputError(f"{name}: the index must be dates (DatetimeIndex)")
    v = pd.to_numeric(s, errors="coerce").astype(float).dropna()
    if v.index.has_duplicates:
        raise InputError(f"{name}: duplicate dates (e.g. {v.index[v.index.duplicated()][0].date()})")
    if (v <= 0).any():
        bad = v.index[(v <= 0).to_numpy()][0]
        raise InputError(f"{name}: prices must be positive (got {v.loc[bad]} on {bad.date()})")
    return v.sort_index()


def monthly(s: pd.Series) -> pd.Series:
    """Month-end last observation, labelled by the month's start (daily or monthly input)."""
    m = s.resample("MS").last().dropna()
    return m


def runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) positions of each run of consecutive True values, in order."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(flags) and flags[j + 1]:
            j += 1
        out.append((i, j))
        i = j + 1
    return out
