"""Pydantic schema of the evidence base: sources, evidence records, episodes.

Every number the tool shows that does not come from code comes from an :class:`EvidenceRecord`:
a value with a unit, an as-of date and a :class:`Source` (organisation, title, public URL).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"

#: What a record can inform: the four Goldfarb–Kirsch factors and the other pillars of the tool.
Pillar = Literal[
    "uncertainty",
    "pure_plays",
    "novice_investors",
    "narratives",
    "valuation",
    "concentration",
    "economics",
    "depreciation",
    "financing",
    "stress",
    "macro",
    "power",
    "sentiment",
    "adoption",
    "context",
]
FACTORS: tuple[str, ...] = ("uncertainty", "pure_plays", "novice_investors", "narratives")

#: Who turned the source's facts into the recorded value: ``bubblescope`` (this project read the source
#: and coded or computed the value) or ``source`` (the value is the source's own figure or rating).
CodedBy = Literal["bubblescope", "source"]
Outcome = Literal["bubble", "no_bubble"]


def is_coded_metric(metric: str, unit: str) -> bool:
    """A coded record: an analyst's 0/1/2 assessment (metric ``*_assessment`` or a unit saying coded)."""
    return metric.endswith("_assessment") or "coded" in unit.lower()


def _check_partial_date(v: object) -> str:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, int) and 1000 <= v <= 9999:
        return str(v)
    if not isinstance(v, str) or not _PARTIAL_DATE.match(v.strip()):
        raise ValueError("must be a date YYYY, YYYY-MM or YYYY-MM-DD")
    v = v.strip()
    parts = [int(p) for p in v.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"is not a valid date: {exc}") from None
    return v


#: A date given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (validated, stored as that string).
PartialDate = Annotated[str, BeforeValidator(_check_partial_date)]


def partial_date_start(v: str) -> dt.date:
    """The first day a partial date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) covers."""
    parts = [int(p) for p in v.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Strict):
    """Where a figure comes from: the primary organisation, not the outlet that repeated it."""

    organisation: str = Field(min_length=1)
    title: str = Field(min_length=1)
    url: str | None = None
    published: str | None = None
    outlet: str | None = Field(default=None, description="Who reported it, when not the organisation itself.")

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://\S+$", v):
            raise ValueError("must be an http(s) URL")
        return v

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, v: object) -> str | None:
        return None if v is None else _check_partial_date(v)

    def cite(self) -> str:
        """A one-line citation."""
        parts = [self.organisation, self.title]
        if self.outlet:
            parts.append(f"via {self.outlet}")
        if self.published:
            parts.append(self.published)
        return ", ".join(parts)


#: unit → (lowest, highest) a value in it can take (None: unbounded on that side).
UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "years": (0, None), "year": (1600, 2200), "flag": (0, 1), "families": (0, None),
    "companies": (0, None), "GW": (0, None), "miles": (0, None),
}


def check_unit_range(metric: str, unit: str, value: float | None) -> None:
    """ValueError when ``value`` is outside what its unit allows: a share (a ``%`` metric named
    ``*share*``) lies in 0–100, a count or a duration is not negative, a year is a calendar year."""
    if value is None:
        return
    lo, hi = UNIT_RANGES.get(unit, (None, None))
    if unit.startswith("%") and "share" in metric:
        lo, hi = 0, 100
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        span = f"{lo if lo is not None else '-inf'} to {hi if hi is not None else 'inf'}"
        raise ValueError(f"value {value:g} is outside the range of unit {unit!r} for {metric} ({span})")


class EvidenceRecord(_Strict):
    """One dated, sourced fact."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    episode: Annotated[str, Field(pattern=ID_PATTERN)]
    informs: list[Pillar] = Field(min_length=1)
    metric: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    value: float | bool | str
    unit: str = Field(min_length=1)
    as_of: str
    source: Source
    coded_by: CodedBy | None = Field(
        default=None, description="Who coded the value: 'bubblescope' or 'source' (required on coded records).")
    note: str = ""

    @model_validator(mode="after")
    def _coded_by(self) -> EvidenceRecord:
        if self.coded_by is None and is_coded_metric(self.metric, self.unit):
            raise ValueError("coded_by: a coded record must say who coded it (coded_by: bubblescope or source)")
        return self

    @property
    def provenance(self) -> str:
        """Who coded the value and from what: "coded by bubblescope from <source>" or the citation."""
        if self.coded_by == "bubblescope":
            return f"coded by bubblescope from {self.source.cite()}"
        return self.source.cite()

    @property
    def coder(self) -> str:
        """``bubblescope`` or ``source`` (records without the field carry the source's own figure)."""
        return self.coded_by or "source"

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, v: object) -> str:
        return _check_partial_date(v)

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float | bool | str) -> float | bool | str:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(f"value must be a finite number, got {v}")
        return v

    @model_validator(mode="after")
    def _in_unit_range(self) -> EvidenceRecord:
        check_unit_range(self.metric, self.unit, self.numeric)
        return self

    @property
    def as_of_date(self) -> dt.date:
        return partial_date_start(self.as_of)

    @property
    def numeric(self) -> float | None:
        """The value as a float when it is a number (bools and text give None)."""
        if isinstance(self.value, (bool, str)):
            return None
        return float(self.value)


class Episode(_Strict):
    """A technology boom (or a control technology that had none)."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: str
    technology: str
    region: str
    start: int = Field(ge=1500, le=2100, description="First year of the boom.")
    end: int | None = Field(default=None, ge=1500, le=2100, description="Last year (None: still running).")
    peak: str | None = Field(default=None, description="Market peak date, when there was one.")
    control: bool = Field(default=False, description="A technology with no speculative boom (a yardstick).")
    default: bool = False
    description: str = ""
    market_series: list[str] = Field(default_factory=list, description="Data symbols that track the episode.")
    outcome: Outcome | None = Field(default=None, description="bubble / no_bubble; None while undecided.")
    outcome_source: Source | None = None
    outcome_coded_by: CodedBy = "bubblescope"
    outcome_note: str = ""

    @field_validator("peak", mode="before")
    @classmethod
    def _peak(cls, v: object) -> str | None:
        return None if v is None else _check_partial_date(v)

    @model_validator(mode="after")
    def _outcome(self) -> Episode:
        if self.outcome is not None and self.outcome_source is None:
            raise ValueError("outcome_source: an episode with an outcome must give the outcome's source")
        if self.control and self.outcome == "bubble":
            raise ValueError("outcome: a control episode cannot be labelled a bubble")
        return self

    @property
    def outcome_provenance(self) -> str:
        """Where the outcome label comes from, with who coded it."""
        if self.outcome_source is None:
            return "no outcome label (undecided)"
        if self.outcome_coded_by == "bubblescope":
            return f"coded by bubblescope from {self.outcome_source.cite()}"
        return self.outcome_source.cite()


class EpisodeFile(_Strict):
    """The content of one YAML file: an episode and/or evidence records.

    ``sources`` is an optional block of named sources that records reuse through YAML anchors
    (``sources: {article: &article {...}}`` then ``source: *article``); it is validated too.
    """

    episode: Episode | None = None
    sources: dict[str, Source] = Field(default_factory=dict)
    evidence: list[EvidenceRecord] = Field(default_factory=list)
