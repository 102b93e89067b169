"""The four-factor rubric as data (``rubric.yaml``): factors, 0/1/2 criteria, indicators, thresholds.

An indicator is either *measured* (a number from evidence, turned into points by two thresholds) or
*coded* (an analyst's sourced 0/1/2 assessment, used only when nothing is measured for the factor).
See ``docs/four-factors.md`` for the rules and the reasons behind each threshold.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bubblescope.evidence.schema import FACTORS
from bubblescope.evidence.yamlio import validate_yaml_model


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Derivation(_Strict):
    """How to compute an indicator from other evidence records of the same episode.

    ``ratio_pct``: 100 * numerator / denominator. ``growth_pct``: 100 * (numerator / denominator - 1).
    ``years_since_start``: value of ``source`` (a year) minus the episode's first year.
    """

    kind: Literal["ratio_pct", "growth_pct", "years_since_start"]
    numerator: str | None = None
    denominator: str | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _fields(self) -> Derivation:
        if self.kind == "years_since_start" and not self.source:
            raise ValueError("years_since_start needs 'source'")
        if self.kind != "years_since_start" and not (self.numerator and self.denominator):
            raise ValueError(f"{self.kind} needs 'numerator' and 'denominator'")
        return self


class Indicator(_Strict):
    metric: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str
    unit: str
    coded: bool = False
    direction: Literal["higher", "lower"] | None = None
    one: float | None = None
    two: float | None = None
    derive: Derivation | None = None

    @model_validator(mode="after")
    def _thresholds(self) -> Indicator:
        if self.coded:
            return self
        if self.direction is None or self.one is None or self.two is None:
            raise ValueError(f"measured indicator {self.metric} needs direction, one and two")
        if (self.direction == "higher" and self.two < self.one) or (
            self.direction == "lower" and self.two > self.one
        ):
            raise ValueError(f"indicator {self.metric}: thresholds 'one' and 'two' are in the wrong order")
        return self

    def points(self, value: float) -> int:
        """0, 1 or 2 points for a measured value (see the module docstring of rubric.yaml)."""
        assert self.one is not None and self.two is not None
        if self.direction == "higher":
            return 2 if value >= self.two else 1 if value >= self.one else 0
        return 2 if value <= self.two else 1 if value <= self.one else 0

    def criterion(self) -> str:
        """The thresholds in words, e.g. ``>= 50 %: 2, >= 20 %: 1, else 0``."""
        if self.coded:
            return "coded 0/1/2 (see the factor's criteria)"
        op = ">=" if self.direction == "higher" else "<="
        return f"{op} {self.two:g} {self.unit}: 2 pts; {op} {self.one:g} {self.unit}: 1 pt; else 0"


class FactorRubric(_Strict):
    title: str
    question: str
    criteria: dict[int, str]
    indicators: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _criteria(self) -> FactorRubric:
        if sorted(self.criteria) != [0, 1, 2]:
            raise ValueError("criteria must give the meaning of 0, 1 and 2 points")
        return self


class Rubric(_Strict):
    version: int
    factors: dict[str, FactorRubric]

    @model_validator(mode="after")
    def _all_factors(self) -> Rubric:
        if tuple(self.factors) != FACTORS:
            raise ValueError(f"factors must be exactly {', '.join(FACTORS)} in that order")
        return self


def parse_rubric(text: str, name: str = "rubric.yaml") -> Rubric:
    """Validate a rubric YAML document (e.g. a user's variant of the packaged one)."""
    return validate_yaml_model(text, name, Rubric, "a rubric mapping")


@cache
def default_rubric() -> Rubric:
    """The packaged rubric (immutable, so caching it is safe)."""
    text = (resources.files("bubblescope.framework") / "rubric.yaml").read_text(encoding="utf-8")
    return parse_rubric(text)
