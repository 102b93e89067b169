"""The common shape of every result object: ``.summary() .to_frame() .plot() .to_dict()``.

Analysis functions take pandas objects and return a subclass of :class:`Result`. Results are
plain immutable data; rendering (tables, HTML) happens in the CLI and the report. Every result
also gets a short ``repr`` (class name and a few key fields) and ``_repr_html_`` (a notebook shows
the first summary line and the head of ``to_frame()``), both defined once here.

This is a base-layer module imported by the CLI at start-up, so it imports neither numpy nor
pandas: :func:`to_jsonable` finds them in ``sys.modules`` (a value can only be a numpy or pandas
object if that library is already loaded).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import html
import math
import numbers
import sys
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import pandas as pd

_NOT_SCALAR = object()


def _scalar_to_json(obj: Any, np: Any) -> Any:
    """The JSON value of a number or a date, or ``_NOT_SCALAR``."""
    if isinstance(obj, int) or (np is not None and isinstance(obj, np.integer)):
        return int(obj)
    if isinstance(obj, float) or (np is not None and isinstance(obj, np.floating)):
        f = float(obj)
        return f if math.isfinite(f) else None
    if np is not None and isinstance(obj, np.bool_):
        return bool(obj)
    pd = sys.modules.get("pandas")
    if pd is not None and (obj is pd.NaT or obj is pd.NA):  # missing date / value: null, never "NaT"
        return None
    if np is not None and isinstance(obj, np.datetime64) and np.isnat(obj):
        return None
    if isinstance(obj, (_dt.datetime, _dt.date)):  # pd.Timestamp is a datetime
        return obj.isoformat()
    return _NOT_SCALAR


def _container_to_json(obj: Any, np: Any, pd: Any) -> Any:
    if pd is not None and isinstance(obj, pd.Series):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in obj.items()}
    if pd is not None and isinstance(obj, pd.DataFrame):
        return [to_jsonable(r) for r in obj.reset_index().to_dict(orient="records")]
    if np is not None and isinstance(obj, np.ndarray):
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
    return str(obj)  # pd.Timedelta and anything else


def to_jsonable(obj: Any) -> Any:
    """Convert numpy/pandas/dataclass values into JSON-serialisable Python values.

    NaN and infinities become ``None`` so the output is strict JSON.
    """
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    np, pd = sys.modules.get("numpy"), sys.modules.get("pandas")
    out = _scalar_to_json(obj, np)
    return _container_to_json(obj, np, pd) if out is _NOT_SCALAR else out


#: Longest ``repr`` of a result (the class name included).
REPR_MAX_CHARS = 160
_REPR_STR_CHARS = 40


def _short_float(value: float) -> str:
    """Four significant digits; whole numbers up to 10^15 without an exponent (40000, not 4e+04)."""
    text = f"{value:.4g}"
    return f"{value:.0f}" if "e+" in text and abs(value) < 1e15 else text


def _short_value(value: Any) -> tuple[int, str]:
    """(sort key, text) of one field in a result's repr: scalars first, then sized things."""
    if value is None or isinstance(value, bool):
        return 0, repr(value)
    if isinstance(value, str):
        text = value if len(value) <= _REPR_STR_CHARS else value[: _REPR_STR_CHARS - 3] + "..."
        return 0, repr(text)
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):  # numpy floats too
        return 0, _short_float(float(value))
    if isinstance(value, (_dt.datetime, _dt.date)):
        return 0, value.isoformat()
    shape = getattr(value, "shape", None)
    if isinstance(value, numbers.Number) or shape == ():  # ints, numpy ints and bools
        return 0, str(value)
    if isinstance(shape, tuple):
        return 1, f"<{type(value).__name__} {'x'.join(str(n) for n in shape)}>"
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        return 1, f"<{type(value).__name__} {len(value)}>"
    return 2, f"<{type(value).__name__}>"


class Result(ABC):
    """Base class of all result objects.

    Subclasses (frozen dataclasses) implement ``summary``, ``to_frame`` and ``to_dict``; they get a
    short ``repr`` and a notebook ``_repr_html_`` for free. Per-class hooks: ``_repr_fields()``
    chooses the fields of the repr, ``_repr_frame()`` the table of the HTML view.
    """

    #: Rows of ``_repr_frame()`` shown by ``_repr_html_``.
    _repr_html_rows: ClassVar[int] = 10

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # @dataclass writes a field-by-field __repr__ (kilobytes for a result holding Series) unless
        # the class body has one: putting the inherited one into the body first keeps the short form.
        if "__repr__" not in cls.__dict__:
            cls.__repr__ = next(k.__dict__["__repr__"] for k in cls.__mro__[1:]  # type: ignore[method-assign]
                                if "__repr__" in k.__dict__)

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

    def _repr_fields(self) -> dict[str, Any]:
        """The fields shown by ``repr`` (hook): by default every dataclass field, scalars first."""
        if dataclasses.is_dataclass(self):
            return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.repr}
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}

    def __repr__(self) -> str:
        name = type(self).__name__
        shown = sorted(((*_short_value(v), k) for k, v in self._repr_fields().items()), key=lambda t: t[0])
        budget = REPR_MAX_CHARS - len(name) - len("(, ...)")
        parts: list[str] = []
        for _, text, key in shown:
            part = f"{key}={text}"
            if sum(len(p) + 2 for p in parts) + len(part) > budget:
                parts.append("...")
                break
            parts.append(part)
        return f"{name}({', '.join(parts)})"[: REPR_MAX_CHARS]

    def _repr_frame(self) -> pd.DataFrame:
        """The table shown by ``_repr_html_`` (hook): by default ``to_frame()``."""
        return self.to_frame()

    def _repr_html_(self) -> str:
        """Notebook view: the class name, the first summary line and the head of the table, escaped."""
        lines = self.summary().splitlines()
        first = html.escape(lines[0] if lines else "")
        frame = self._repr_frame()
        n = self._repr_html_rows
        show_index = type(frame.index).__name__ != "RangeIndex"
        table = frame.head(n).to_html(index=show_index, border=0, escape=True, max_cols=12)
        rows = f"first {n} of {len(frame):,} rows" if len(frame) > n else f"{len(frame):,} rows"
        return (
            '<div class="bubblescope-result">'
            f"<p><strong>{html.escape(type(self).__name__)}</strong>: {first}</p>"
            f"{table}<p><small>{rows}; .summary() for the full text, .to_frame() for the table</small></p>"
            "</div>"
        )
