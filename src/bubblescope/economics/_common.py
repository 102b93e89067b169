"""Input checks shared by the economics functions (one-line :class:`InputError` messages)."""

from __future__ import annotations

import math

from bubblescope.errors import InputError


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
