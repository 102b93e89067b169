"""Lights (green / amber / red) for every gauge, by a documented rule, and the thresholds file.

Two rules, in this order (docs/gauges.md, "Lights"):

1. **published thresholds** — a gauge that already has them (the five boom/bubble gauges, the GSY
   run-up at 100 %, the GMO trend at 2 sigma) keeps its own colour;
2. **history percentile bands** — any other gauge with a history is lit by where its reading sits
   in its own history up to the as-of date: red from the 95th "hot" percentile, amber from the
   80th, green below. For gauges where *low* is hot (excess CAPE yield, Fed-model gap) the hot
   percentile is 100 minus the percentile of the reading.

A gauge with neither (a point reading from an evidence record, with no history to place it in) has
no light, and ``light_rule`` says so; a gauge that is not available has no light either.

Thresholds file (``bubblescope gauges --thresholds FILE``, YAML or JSON)::

    percentile_bands: {amber: 80, red: 95}
    valuation_heat: {amber: 30, red: 50}       # any of the five boom/bubble gauges

An inverted band (amber above red for a higher-is-worse gauge) is an :class:`InputError`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bubblescope.errors import InputError
from bubblescope.gauges._gauge import Gauge


@dataclass(frozen=True)
class PercentileBands:
    """Hot-percentile cut-offs (0–100) for gauges lit by their history."""

    amber: float = 80.0
    red: float = 95.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.amber) and math.isfinite(self.red)):
            raise InputError("percentile bands must be finite numbers")
        if not 0.0 <= self.amber <= 100.0 or not 0.0 <= self.red <= 100.0:
            raise InputError(f"percentile bands must lie in 0..100, got amber {self.amber}, red {self.red}")
        if self.amber > self.red:
            raise InputError(f"percentile bands inverted: amber ({self.amber}) must not exceed red ({self.red})")

    @property
    def rule(self) -> str:
        return (f"history percentile bands: red from the {self.red:g}th hot percentile, amber from the "
                f"{self.amber:g}th, green below")

    def colour(self, hot_percentile: float) -> str:
        return "red" if hot_percentile >= self.red else "amber" if hot_percentile >= self.amber else "green"


DEFAULT_BANDS = PercentileBands()
THRESHOLD_RULE = "published thresholds (see docs/gauges.md)"
NO_LIGHT_RULE = "no light: a point reading without a history or a published threshold"
NOT_AVAILABLE_RULE = "no light: the gauge is not available"


def hot_percentile(g: Gauge) -> float | None:
    """The percentile of the reading in the "hot" direction (None without a history)."""
    if g.history is None or not math.isfinite(g.history.percentile):
        return None
    p = float(g.history.percentile)
    return p if g.higher_is_hotter else 100.0 - p


def with_light(g: Gauge, bands: PercentileBands = DEFAULT_BANDS) -> Gauge:
    """The gauge with its light set by the rule of the module docstring (and the rule named)."""
    if not g.available:
        return replace(g, colour=None, light_rule=NOT_AVAILABLE_RULE)
    if g.colour is not None:
        return g if g.light_rule else replace(g, light_rule=THRESHOLD_RULE)
    hp = hot_percentile(g)
    if hp is None:
        return replace(g, light_rule=g.light_rule or NO_LIGHT_RULE)
    return replace(g, colour=bands.colour(hp), light_rule=bands.rule)


def light_all(gauges: list[Gauge], bands: PercentileBands = DEFAULT_BANDS) -> list[Gauge]:
    return [with_light(g, bands) for g in gauges]


def parse_thresholds(data: Any, origin: str = "thresholds") -> tuple[dict[str, dict[str, float]], PercentileBands]:
    """Boom/bubble overrides and percentile bands from a parsed thresholds mapping (checked)."""
    if not isinstance(data, dict):
        raise InputError(f"{origin}: expected a mapping of gauge names to {{amber, red}}")
    bands = DEFAULT_BANDS
    boom: dict[str, dict[str, float]] = {}
    for key, val in data.items():
        if not isinstance(val, dict) or not val or set(val) - {"amber", "red"}:
            raise InputError(f"{origin}: {key!r} must map to amber and/or red numbers")
        try:
            nums = {k: float(v) for k, v in val.items()}
        except (TypeError, ValueError):
            raise InputError(f"{origin}: {key!r}: amber and red must be numbers") from None
        if key == "percentile_bands":
            bands = PercentileBands(nums.get("amber", DEFAULT_BANDS.amber), nums.get("red", DEFAULT_BANDS.red))
        else:
            boom[str(key)] = nums
    from bubblescope.gauges.boom import thresholds_with

    thresholds_with(boom)  # raises on unknown gauges and inverted bands
    return boom, bands


def read_thresholds_file(path: str | Path) -> tuple[dict[str, dict[str, float]], PercentileBands]:
    """Read and check a thresholds file (YAML or JSON); errors are :class:`InputError`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"thresholds file {p}: cannot read it ({exc})") from None
    try:
        if p.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as exc:  # yaml and json raise their own error types
        raise InputError(f"thresholds file {p}: not valid YAML/JSON ({str(exc).splitlines()[0]})") from None
    return parse_thresholds(data, f"thresholds file {p}")
