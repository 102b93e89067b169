"""Input checks shared by the economics functions (one-line :class:`InputError` messages)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from bubblescope.errors import InputError
from bubblescope.results import to_jsonable


def finite(name: str, value: float) -> float:
    """``value`` as a float; NaN/inf or non-numbers raise InputError naming ``name``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number (got {value!r})") from None
    if not math.isfinite(v):
        raise InputError(f"{name} must be a finite number (got {value!r})")
    return v


def non_negative(name: str, value: float, unit: str = "") -> float:
    v = finite(name, value)
    if v < 0:
        raise InputError(f"{name} must not be negative (got {v:g}{' ' + unit if unit else ''})")
    return v


def positive(name: str, value: float, unit: str = "") -> float:
    v = finite(name, value)
    if v <= 0:
        raise InputError(f"{name} must be positive (got {v:g}{' ' + unit if unit else ''})")
    return v


def life(name: str, value: float) -> float:
    """A useful life in years: strictly positive."""
    v = finite(name, value)
    if v <= 0:
        raise InputError(f"{name} must be a positive number of years (got {v:g})")
    return v


def fraction_open(name: str, value: float) -> float:
    """A share in (0, 1) given as a fraction, e.g. a margin: 0 < v < 1 (100% is rejected)."""
    v = finite(name, value)
    if v >= 1:
        raise InputError(f"{name} must be below 100% (got {v * 100:g}%)")
    if v <= 0:
        raise InputError(f"{name} must be above 0% (got {v * 100:g}%)")
    return v


def fraction_closed(name: str, value: float, *, allow_zero: bool = False) -> float:
    """A share in (0, 1] (or [0, 1] with ``allow_zero``) given as a fraction."""
    v = finite(name, value)
    if v > 1 or v < 0 or (v == 0 and not allow_zero):
        lo = "0%" if allow_zero else "above 0%"
        raise InputError(f"{name} must be between {lo} and 100% (got {v * 100:g}%)")
    return v


def rate(name: str, value: float) -> float:
    """A return or discount rate as a fraction, > -100%."""
    v = finite(name, value)
    if v <= -1:
        raise InputError(f"{name} must be above -100% (got {v * 100:g}%)")
    return v


def check_asset_mix(pairs: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """((share, life years), ...) pairs with shares in [0, 1] summing to 1 and positive lives."""
    mix = tuple((fraction_closed("asset share", sh, allow_zero=True), life("asset_life", lf)) for sh, lf in pairs)
    if not mix or abs(sum(sh for sh, _ in mix) - 1.0) > 1e-9:
        raise InputError("asset_mix shares must sum to 100%")
    return mix


def capex_schedule(capex: pd.Series) -> tuple[int, np.ndarray]:
    """Validate a capex Series (USD bn by integer year); return (first year, values for every year to
    the last, missing years = 0)."""
    if not isinstance(capex, pd.Series):
        raise InputError("capex must be a pandas Series indexed by year")
    if capex.empty:
        raise InputError("capex schedule is empty")
    try:
        years = [int(y) for y in capex.index]
    except (TypeError, ValueError):
        raise InputError("capex must be indexed by integer years (e.g. 2024)") from None
    if any(y != float(o) for y, o in zip(years, capex.index, strict=True)):
        raise InputError("capex must be indexed by integer years (e.g. 2024)")
    if len(set(years)) != len(years):
        raise InputError("capex schedule has a year twice")
    try:
        values = np.asarray(capex.to_numpy(dtype=float, na_value=np.nan), dtype=float)
    except (TypeError, ValueError):
        raise InputError("capex has a non-numeric value") from None
    bad = ~np.isfinite(values)
    if bad.any():
        raise InputError(f"capex has a missing or non-finite value in {years[int(np.argmax(bad))]}")
    if (values < 0).any():
        raise InputError(f"capex must not be negative (year {years[int(np.argmax(values < 0))]})")
    start, end = min(years), max(years)
    full = np.zeros(end - start + 1)
    full[np.asarray(years) - start] = values
    return start, full


def json_attrs(obj: Any, *names: str, **extra: Any) -> dict[str, Any]:
    """The body of a result's ``to_dict``: ``to_jsonable`` of the named attributes of ``obj`` (keys =
    attribute names, in order) followed by ``extra`` (renamed or computed entries, in order)."""
    return to_jsonable({**{n: getattr(obj, n) for n in names}, **extra})


class OneTable:
    """Mixin for results whose ``to_frame()`` is a copy of one DataFrame attribute: ``frame``, or the
    attribute named by ``_table``."""

    _table: ClassVar[str] = "frame"

    def to_frame(self) -> pd.DataFrame:
        return getattr(self, self._table).copy()


def bars_and_line(frame: pd.DataFrame, bars: dict[str, str], line: tuple[str, str], *, title: str,
                  yaxis_title: str) -> Any:
    """A plotly figure of yearly grouped bars (column → trace name) and one line (column, name)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for col, name in bars.items():
        fig.add_bar(x=frame.index, y=frame[col], name=name)
    fig.add_scatter(x=frame.index, y=frame[line[0]], name=line[1], mode="lines+markers")
    fig.update_layout(title=title, yaxis_title=yaxis_title, barmode="group")
    return fig
