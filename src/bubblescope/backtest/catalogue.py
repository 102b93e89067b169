"""The backtest's episode catalogue as data: bubbles with peak/trough dates, and calm spans."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bubblescope.errors import EvidenceError
from bubblescope.evidence.schema import ID_PATTERN, Source, _check_partial_date
from bubblescope.evidence.yamlio import validate_yaml_model
from bubblescope.fileio import check_size


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class CrashRule(_Strict):
    """A crash: a fall of ``drawdown`` from the running peak within ``horizon_years`` of an alarm."""

    drawdown: float = Field(default=0.40, gt=0, lt=1)
    horizon_years: float = Field(default=2.0, gt=0, le=10)


class CatalogueEpisode(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    kind: Literal["bubble", "calm"]
    series: str = Field(description="Data symbol ('shiller' = Shiller monthly S&P Composite).")
    runup_start: str | None = None
    peak: str | None = None
    trough: str | None = None
    start: str | None = None
    end: str | None = None
    note: str = ""
    sources: list[Source] = Field(min_length=1)

    @field_validator("runup_start", "peak", "trough", "start", "end", mode="before")
    @classmethod
    def _dates(cls, v: object) -> str | None:
        return None if v is None else _check_partial_date(v)

    @model_validator(mode="after")
    def _shape(self) -> CatalogueEpisode:
        if self.kind == "bubble":
            if self.runup_start is None:
                raise ValueError("a bubble needs runup_start")
            if self.peak is not None and pd.Timestamp(self.peak) <= pd.Timestamp(self.runup_start):
                raise ValueError("peak must come after runup_start")
            if self.trough is not None and (self.peak is None or pd.Timestamp(self.trough) <= pd.Timestamp(self.peak)):
                raise ValueError("trough must come after peak")
        else:
            if self.start is None or self.end is None:
                raise ValueError("a calm span needs start and end")
            if pd.Timestamp(self.end) <= pd.Timestamp(self.start):
                raise ValueError("end must come after start")
        return self

    def window(self) -> tuple[pd.Timestamp, pd.Timestamp | None]:
        """The evaluated span: run-up start to peak (bubbles) or start to end of month (calm spans)."""
        if self.kind == "bubble":
            return pd.Timestamp(self.runup_start), _end_of(self.peak) if self.peak else None
        if self.end is None:  # the validator guarantees it for a calm span; say so if it changes
            raise ValueError("a calm span needs start and end")
        return pd.Timestamp(self.start), _end_of(self.end)


def _end_of(partial: str) -> pd.Timestamp:
    """The last day a partial date covers (2000-03 → 2000-03-31; a full date → itself)."""
    ts = pd.Timestamp(partial)
    parts = partial.count("-")
    if parts == 0:
        return ts + pd.offsets.YearEnd(0)
    if parts == 1:
        return ts + pd.offsets.MonthEnd(0)
    return ts


class Catalogue(_Strict):
    crash: CrashRule = CrashRule()
    episodes: list[CatalogueEpisode] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Catalogue:
        ids = [e.id for e in self.episodes]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"episode ids used twice: {', '.join(sorted(dup))}")
        return self

    def get(self, episode_id: str) -> CatalogueEpisode:
        for e in self.episodes:
            if e.id == episode_id:
                return e
        raise EvidenceError(f"unknown backtest episode {episode_id!r}")


def parse_catalogue(text: str, name: str) -> Catalogue:
    return validate_yaml_model(text, name, Catalogue, "a mapping with 'episodes'")


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """The packaged catalogue, or a user's YAML file with the same schema."""
    if path is None:
        text = (resources.files("bubblescope.backtest") / "catalogue.yaml").read_text(encoding="utf-8")
        return parse_catalogue(text, "catalogue.yaml")
    p = check_size(Path(path), what="catalogue file")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvidenceError(f"{p}: cannot read catalogue: {exc}") from None
    return parse_catalogue(text, str(p))
