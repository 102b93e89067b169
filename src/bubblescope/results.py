"""The common shape of every result object: ``.summary() .to_frame() .plot() .to_dict()``.

Analysis functions take pandas objects and return a subclass of :class:`Result`. Results are
plain immutable data; rendering (tables, HTML) happens in the CLI and the report.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
from abc import ABC, abstractmethod
from typing import Any

import numpy as np
import pandas as pd


def to_jsonable(obj: Any) -> Any:
    """Convert numpy/pandas/dataclass values into JSON-serialisable Python values.

    NaN and infinities become ``None`` so the output is strict JSON.
    """
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return f if math.isfinite(f) else None
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, (pd.Timestamp, _dt.datetime, _dt.date)):
        return obj.isoformat()
    if isinstance(obj, pd.Series):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, pd.DataFrame):
        return [to_jsonable(r) for r in obj.reset_index().to_dict(orient="records")]
    if isinstance(obj, np.ndarray):
        return [to_jsonable(v) for v in obj.tolist()]
    if isinstance(obj, Result):
        return obj.to_dict()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if hasattr(obj, "model_dump"):  # pydantic models
        return to_jsonable(obj.model_dump())
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, pd.Timedelta):
        return str(obj)
    return str(obj)


class Result(ABC):
    """Base class of all result objects."""

    @abstractmethod
    def summary(self) -> str:
        """A short human-readable text summary."""

    @abstractmethod
    def to_frame(self) -> pd.DataFrame:
        """The main tabular content as a DataFrame."""

    @abstractmethod
    def to_dict(self) -> dict[str, Any]:
        """Everything needed to reproduce the printed numbers, JSON-serialisable."""

    def plot(self) -> Any:  # pragma: no cover - overridden where a chart makes sense
        """A plotly Figure."""
        raise NotImplementedError(f"{type(self).__name__} has no chart")

    def __str__(self) -> str:
        return self.summary()
