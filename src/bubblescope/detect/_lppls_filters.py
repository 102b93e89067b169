"""LPPLS qualification filters: named sets of conditions loaded from YAML (filters are data, not code).

The shipped sets live in ``detect/lppls_filters/*.yaml``; :func:`load_filters` also takes a YAML path or
a mapping of the same shape. Public names are re-exported by :mod:`bubblescope.detect.lppls`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml

from bubblescope.errors import InputError

_CONF_KEYS = {"m", "omega", "tc", "oscillations_min", "damping_min", "rel_error_max", "resid_stationary"}


@dataclass(frozen=True)
class FilterSet:
    """A named set of qualification conditions (loaded from YAML: filters are data, not code).

    ``confidence`` and ``trust`` map condition names to values: ``m``, ``omega``, ``tc`` (ranges;
    tc as (tc − t2)/(t2 − t1)), ``oscillations_min``, ``damping_min``, ``rel_error_max``. Absent
    conditions are not applied. ``resid_stationary: true`` (confidence, :func:`fit` only) also requires
    the fit residuals to pass the ADF test at 5%. ``rel_error`` is ``"mean"`` or ``"max"`` over the window;
    ``oscillations`` is ``"periods"`` (ω/2π) or ``"half_periods"`` (ω/π).
    """

    name: str
    confidence: Mapping[str, Any]
    trust: Mapping[str, Any]
    rel_error: Literal["mean", "max"] = "mean"
    oscillations: Literal["periods", "half_periods"] = "periods"
    description: str = ""

    def passes(self, which: Literal["confidence", "trust"], p: Mapping[str, np.ndarray]) -> np.ndarray:
        """Boolean mask of fits passing the ``which`` conditions (NaN parameters never pass)."""
        cond = self.confidence if which == "confidence" else self.trust
        ok = np.isfinite(np.asarray(p["m"], dtype=float))
        for key, rng_key in (("m", "m"), ("omega", "omega"), ("tc", "tc_rel")):
            if key in cond:
                lo, hi = cond[key]
                v = np.asarray(p[rng_key], dtype=float)
                ok &= (v >= lo) & (v <= hi)
        if "oscillations_min" in cond:
            ok &= np.asarray(p["oscillations"], dtype=float) >= cond["oscillations_min"]
        if "damping_min" in cond:
            ok &= np.asarray(p["damping"], dtype=float) >= cond["damping_min"]
        if "rel_error_max" in cond:
            ok &= np.asarray(p["rel_error"], dtype=float) <= cond["rel_error_max"]
        return ok

    def explain(self, which: Literal["confidence", "trust"], p: Mapping[str, float]) -> list[str]:
        """The conditions one fit (scalar parameters) fails, as sentences; empty when it passes."""
        cond = self.confidence if which == "confidence" else self.trust
        out: list[str] = []
        for key, label, rng_key in (("m", "m", "m"), ("omega", "ω", "omega"), ("tc", "(tc − t2)/(t2 − t1)", "tc_rel")):
            if key in cond:
                lo, hi = cond[key]
                v = float(p[rng_key])
                if not lo <= v <= hi:
                    out.append(f"{label} = {v:.3f} is outside the filter range [{lo:g}, {hi:g}].")
        if "oscillations_min" in cond and not float(p["oscillations"]) >= cond["oscillations_min"]:
            out.append(f"The fit has {float(p['oscillations']):.2f} oscillations, below the minimum "
                       f"{cond['oscillations_min']:g}.")
        if "damping_min" in cond and not float(p["damping"]) >= cond["damping_min"]:
            out.append(f"Damping = {float(p['damping']):.2f} is below the minimum {cond['damping_min']:g}.")
        if "rel_error_max" in cond and not float(p["rel_error"]) <= cond["rel_error_max"]:
            out.append(f"The relative price error {float(p['rel_error']):.1%} is above the maximum "
                       f"{cond['rel_error_max']:.0%}.")
        return out


def _check_filter_section(src: str, section: str, d: Any) -> dict[str, Any]:
    if d is None:
        return {}
    if not isinstance(d, dict):
        raise InputError(f"LPPLS filters {src}: '{section}' must be a mapping")
    out: dict[str, Any] = {}
    for k, v in d.items():
        if k not in _CONF_KEYS:
            raise InputError(f"LPPLS filters {src}: unknown condition '{section}.{k}' (known: {sorted(_CONF_KEYS)})")
        if k in ("m", "omega", "tc"):
            if not (isinstance(v, (list, tuple)) and len(v) == 2):
                raise InputError(f"LPPLS filters {src}: '{section}.{k}' must be [low, high]")
            try:
                lo, hi = float(v[0]), float(v[1])
            except (TypeError, ValueError):
                raise InputError(f"LPPLS filters {src}: '{section}.{k}' must be two numbers") from None
            if not lo <= hi:
                raise InputError(f"LPPLS filters {src}: '{section}.{k}' needs low <= high")
            out[k] = (lo, hi)
        else:
            try:
                out[k] = float(v)
            except (TypeError, ValueError):
                raise InputError(f"LPPLS filters {src}: '{section}.{k}' must be a number") from None
    return out


@lru_cache(maxsize=1)
def _shipped_names() -> tuple[str, ...]:
    """The shipped set names, listed once (a directory listing per ``load_filters`` call cost ~0.15 ms)."""
    d = resources.files("bubblescope.detect") / "lppls_filters"
    return tuple(sorted(p.name[:-5] for p in d.iterdir() if p.name.endswith(".yaml")))


def filter_set_names() -> list[str]:
    """Names of the filter sets shipped with the package."""
    return list(_shipped_names())


@lru_cache(maxsize=8)
def _shipped(name: str) -> FilterSet:
    """A shipped filter set, parsed once (the YAML parse costs ~4 ms, as much as fitting 40 windows)."""
    text = (resources.files("bubblescope.detect") / "lppls_filters" / f"{name}.yaml").read_text("utf-8")
    return load_filters({"name": name} | yaml.safe_load(text))


def load_filters(spec: str | Path | Mapping[str, Any] | FilterSet = "sornette2015") -> FilterSet:
    """A :class:`FilterSet` from a shipped name, a YAML file path or a mapping of the same shape."""
    if isinstance(spec, FilterSet):
        return spec
    if isinstance(spec, Mapping):
        data: Any = dict(spec)
        src = "mapping"
    else:
        name = str(spec)
        if name in _shipped_names():
            return _shipped(name)
        path = Path(name)
        if not path.is_file():
            raise InputError(f"LPPLS filters: '{name}' is neither a shipped set ({', '.join(filter_set_names())}) nor a file")
        text = path.read_text("utf-8")
        src = str(path)
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InputError(f"LPPLS filters {src}: invalid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise InputError(f"LPPLS filters {src}: expected a mapping with 'confidence' and 'trust'")
    unknown = set(data) - {"name", "description", "settings", "confidence", "trust"}
    if unknown:
        raise InputError(f"LPPLS filters {src}: unknown keys {sorted(unknown)}")
    settings = data.get("settings") or {}
    rel = settings.get("rel_error", "mean")
    osc = settings.get("oscillations", "periods")
    if rel not in ("mean", "max"):
        raise InputError(f"LPPLS filters {src}: settings.rel_error must be 'mean' or 'max', got {rel!r}")
    if osc not in ("periods", "half_periods"):
        raise InputError(f"LPPLS filters {src}: settings.oscillations must be 'periods' or 'half_periods'")
    return FilterSet(
        name=str(data.get("name", src)),
        description=str(data.get("description", "")),
        confidence=_check_filter_section(src, "confidence", data.get("confidence")),
        trust=_check_filter_section(src, "trust", data.get("trust")),
        rel_error=rel,
        oscillations=osc,
    )

