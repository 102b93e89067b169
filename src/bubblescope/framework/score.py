"""The Goldfarb–Kirsch four-factor bubble score (0–8), computed from evidence records.

Each factor (uncertainty, pure plays, novice investors, narratives) scores 0, 1 or 2 points by the
rubric in ``rubric.yaml``. Every point is traced to the evidence ids it rests on; analyst overrides
replace a factor's points but are kept, with their reason, next to the computed points.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblescope.errors import EvidenceError, InputError
from bubblescope.evidence.loader import EvidenceBase, load_evidence
from bubblescope.evidence.schema import FACTORS, Episode, EvidenceRecord
from bubblescope.framework._lookup import find
from bubblescope.framework.rubric import Indicator, Rubric, default_rubric
from bubblescope.framework.signals import BubbleCall, four_factor_signals
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal

FACTOR_TITLES = {"uncertainty": "Uncertainty", "pure_plays": "Pure plays",
                 "novice_investors": "Novice investors", "narratives": "Narratives"}


@dataclass(frozen=True)
class Override:
    """An analyst's replacement of one factor's points, with the reason."""

    factor: str
    points: int
    reason: str

    def __post_init__(self) -> None:
        if self.factor not in FACTORS:
            raise InputError(f"override: unknown factor {self.factor!r} (factors: {', '.join(FACTORS)})")
        if isinstance(self.points, bool) or not isinstance(self.points, int) or not 0 <= self.points <= 2:
            raise InputError(f"override {self.factor}: points must be 0, 1 or 2, got {self.points!r}")
        if not self.reason or not self.reason.strip():
            raise InputError(f"override {self.factor}: a reason is required")


_OVERRIDE = re.compile(r"^\s*([a-z_ -]+?)\s*=\s*([^:]*?)\s*:(.*)$", re.S)


def parse_override(text: str) -> Override:
    """Parse ``factor=points:reason`` (e.g. ``pure_plays=1:OpenAI is private``)."""
    m = _OVERRIDE.match(text)
    if not m:
        raise InputError(f"override {text!r}: expected factor=points:reason, e.g. pure_plays=1:OpenAI is private")
    factor = m.group(1).strip().replace("-", "_").replace(" ", "_")
    raw = m.group(2)
    if not re.fullmatch(r"[+-]?\d+", raw):
        raise InputError(f"override {factor}: points must be 0, 1 or 2, got {raw!r}")
    return Override(factor, int(raw), m.group(3).strip())


@dataclass(frozen=True)
class IndicatorScore:
    """One indicator's value and points, and the evidence records behind it."""

    metric: str
    label: str
    value: float
    unit: str
    points: int
    coded: bool
    criterion: str
    evidence_ids: tuple[str, ...]
    how: str  # "record", or how it was derived, e.g. "100 * 50 / 650"
    coded_by: tuple[str, ...] = ()  # per evidence id: "bubblescope" or "source"


@dataclass(frozen=True)
class FactorScore:
    factor: str
    title: str
    points: int  # final points (the override's when there is one)
    computed_points: int  # what the rubric gives from the evidence
    basis: str  # "measured", "coded" or "no evidence"
    rationale: str
    indicators: tuple[IndicatorScore, ...]
    override: Override | None = None

    @property
    def evidence_ids(self) -> tuple[str, ...]:
        """The evidence ids behind the computed points (only the indicators that count)."""
        return tuple(dict.fromkeys(e for e, _ in self.provenance))

    @property
    def provenance(self) -> tuple[tuple[str, str], ...]:
        """(evidence id, who coded it) for the indicators that count."""
        used = [i for i in self.indicators if (i.coded == (self.basis == "coded"))]
        pairs = [(e, c) for i in used for e, c in zip(i.evidence_ids, i.coded_by or ("source",) * len(i.evidence_ids),
                                                        strict=True)]
        return tuple(dict.fromkeys(pairs))


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


@dataclass(frozen=True)
class FourFactorResult(Result):
    """The four-factor score of one episode: total 0–8, per-factor points, rationale, evidence, overrides."""

    episode_id: str
    episode_name: str
    control: bool
    factors: tuple[FactorScore, ...]
    overrides: tuple[Override, ...] = ()
    max_total: int = 8
    as_of: str | None = None  # ISO date of the newest evidence record behind the points

    @property
    def total(self) -> int:
        return sum(f.points for f in self.factors)

    @property
    def computed_total(self) -> int:
        """The total without analyst overrides."""
        return sum(f.computed_points for f in self.factors)

    @property
    def measured_share(self) -> float:
        """Share of factors whose points rest on measured indicators (0–1), a gauge of evidence quality."""
        return sum(f.basis == "measured" for f in self.factors) / len(self.factors)

    def factor(self, name: str) -> FactorScore:
        return find(self.factors, "factor", name, "factor")

    def summary(self) -> str:
        lines = [f"{self.episode_name} ({self.episode_id}): {self.total}/{self.max_total}"
                 + (f" (computed {self.computed_total}, overridden)" if self.overrides else "")]
        for f in self.factors:
            mark = f" [override: {f.override.reason}; computed {f.computed_points}]" if f.override else ""
            ids = ", ".join(f.evidence_ids) or "none"
            lines.append(f"  {f.title:<17} {f.points}/2  {f.basis:<11} {f.rationale}{mark}  evidence: {ids}")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        rows = [{
            "factor": f.factor, "points": f.points, "computed_points": f.computed_points, "basis": f.basis,
            "overridden": f.override is not None,
            "override_reason": f.override.reason if f.override else "",
            "rationale": f.rationale, "evidence_ids": ", ".join(f.evidence_ids),
        } for f in self.factors]
        return pd.DataFrame(rows).set_index("factor")

    def to_dict(self) -> dict[str, Any]:
        return {
            "episode": self.episode_id, "name": self.episode_name, "control": self.control,
            "total": self.total, "computed_total": self.computed_total, "max_total": self.max_total,
            "measured_share": self.measured_share,
            "factors": [{
                "factor": f.factor, "title": f.title, "points": f.points, "computed_points": f.computed_points,
                "basis": f.basis, "rationale": f.rationale, "evidence_ids": list(f.evidence_ids),
                "override": to_jsonable(f.override) if f.override else None,
                "indicators": [to_jsonable(i) for i in f.indicators],
            } for f in self.factors],
            "overrides": [to_jsonable(o) for o in self.overrides],
        }

    def to_signals(self, call: BubbleCall | None = None) -> list[Signal]:
        """Verdict signals (family ``four_factor``): total, each factor and, with ``call``, the bubble call."""
        return four_factor_signals(self, call)

    def plot(self) -> Any:
        """A plotly radar chart: points per factor (overridden factors marked)."""
        import plotly.graph_objects as go

        labels = [f.title + (" (override)" if f.override else "") for f in self.factors]
        r = [f.points for f in self.factors]
        fig = go.Figure(go.Scatterpolar(r=[*r, r[0]], theta=[*labels, labels[0]], fill="toself",
                                        name=self.episode_id))
        if self.overrides:
            rc = [f.computed_points for f in self.factors]
            fig.add_trace(go.Scatterpolar(r=[*rc, rc[0]], theta=[*labels, labels[0]], name="computed",
                                          line={"dash": "dot"}))
        fig.update_layout(polar={"radialaxis": {"range": [0, 2], "dtick": 1}, "domain": {"x": [0.18, 0.82]}},
                          title=f"Four-factor score: {self.episode_name} {self.total}/8", showlegend=True,
                          legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.08})
        return fig


def _latest(records: Sequence[EvidenceRecord], metric: str) -> EvidenceRecord | None:
    found = sorted((r for r in records if r.metric == metric), key=lambda r: r.as_of_date, reverse=True)
    return found[0] if found else None


def _number(rec: EvidenceRecord, ind: str) -> float:
    v = rec.numeric
    if v is None or not math.isfinite(v):
        raise EvidenceError(f"evidence {rec.id!r}: value must be a number for indicator {ind}, got {rec.value!r}")
    return v


def _indicator_value(ind: Indicator, records: Sequence[EvidenceRecord], episode: Episode
                     ) -> tuple[float, tuple[EvidenceRecord, ...], str] | None:
    direct = _latest(records, ind.metric)
    if direct is not None:
        return _number(direct, ind.metric), (direct,), "record"
    d = ind.derive
    if d is None:
        return None
    if d.kind == "years_since_start":
        assert d.source is not None
        src = _latest(records, d.source)
        if src is None:
            return None
        year = _number(src, ind.metric)
        return year - episode.start, (src,), f"{year:g} - {episode.start} (episode start)"
    assert d.numerator is not None and d.denominator is not None
    num, den = _latest(records, d.numerator), _latest(records, d.denominator)
    if num is None or den is None:
        return None
    a, b = _number(num, ind.metric), _number(den, ind.metric)
    if b == 0:
        raise EvidenceError(f"evidence {den.id!r}: value is 0, cannot divide by it for {ind.metric}")
    # Rounded to 9 decimals so that float noise (100 * (120 / 100 - 1) = 19.999999999999996) cannot
    # push a value that is exactly on a threshold to the other side.
    if d.kind == "ratio_pct":
        return round(100.0 * a / b, 9), (num, den), f"100 * {a:g} / {b:g}"
    return round(100.0 * (a / b - 1.0), 9), (num, den), f"100 * ({a:g} / {b:g} - 1)"


def _score_factor(name: str, rubric: Rubric, records: Sequence[EvidenceRecord], episode: Episode,
                  override: Override | None) -> FactorScore:
    fr = rubric.factors[name]
    scored: list[IndicatorScore] = []
    for ind in fr.indicators:
        got = _indicator_value(ind, records, episode)
        if got is None:
            continue
        value, recs, how = got
        ids = tuple(r.id for r in recs)
        if ind.coded:
            if value not in (0, 1, 2):
                raise EvidenceError(f"evidence {ids[0]!r}: {ind.metric} must be 0, 1 or 2, got {value:g}")
            points = int(value)
        else:
            points = ind.points(value)
        scored.append(IndicatorScore(ind.metric, ind.label, value, ind.unit, points, ind.coded,
                                     ind.criterion(), ids, how, tuple(r.coder for r in recs)))
    measured = [s for s in scored if not s.coded]
    coded = [s for s in scored if s.coded]
    if measured:
        mean = sum(s.points for s in measured) / len(measured)
        points = _round_half_up(mean)
        basis = "measured"
        parts = [f"{s.metric} = {s.value:.3g} {s.unit} → {s.points}" for s in measured]
        rationale = "; ".join(parts) + (f" (mean {mean:.2f}, rounded half up)" if len(measured) > 1 else "")
    elif coded:
        points, basis = coded[0].points, "coded"
        rationale = f"coded assessment {points}: {fr.criteria[points]}"
    else:
        points, basis = 0, "no evidence"
        rationale = "no evidence for this factor: scored 0"
    final = override.points if override is not None else points
    return FactorScore(name, fr.title, final, points, basis, rationale, tuple(scored), override)


def _normalise_overrides(overrides: Iterable[Override | str] | Mapping[str, Any] | None) -> tuple[Override, ...]:
    if overrides is None:
        return ()
    items: list[Override] = []
    if isinstance(overrides, Mapping):
        for factor, spec in overrides.items():
            if isinstance(spec, Override):
                items.append(spec)
            elif isinstance(spec, tuple) and len(spec) == 2:
                items.append(Override(factor, spec[0], spec[1]))
            else:
                raise InputError(f"override {factor}: give (points, reason)")
    else:
        for o in overrides:
            items.append(parse_override(o) if isinstance(o, str) else o)
    seen: set[str] = set()
    for o in items:
        if o.factor in seen:
            raise InputError(f"override {o.factor}: given twice")
        seen.add(o.factor)
    return tuple(items)


def _with_model_figures(base: EvidenceBase, episode_id: str) -> EvidenceBase:
    """``base`` with the economics model's revenue needed for the episode (one figure for the score and
    the economics section), unless the base already holds one (e.g. from a user's file)."""
    from bubblescope.economics.complete import NEEDED_METRIC, with_revenue_needed

    if any(r.metric == NEEDED_METRIC for r in base.for_episode(episode_id)):
        return base
    return with_revenue_needed(base, episode_id)


def score_episode(episode_id: str | None = None, base: EvidenceBase | None = None,
                  overrides: Iterable[Override | str] | Mapping[str, Any] | None = None,
                  rubric: Rubric | None = None) -> FourFactorResult:
    """Score one episode on the four factors (0–2 points each, total 0–8).

    ``base`` is the evidence base (default: the packaged one, :func:`load_evidence`); ``overrides`` are
    analyst overrides: :class:`Override` objects, ``"factor=points:reason"`` strings or a mapping
    ``{factor: (points, reason)}``. ``episode_id`` None scores the default episode (``ai-2023``).
    """
    base = base if base is not None else load_evidence()
    rubric = rubric if rubric is not None else default_rubric()
    episode = base.default_episode() if episode_id is None else base.episode(episode_id)
    ovs = _normalise_overrides(overrides)
    by_factor = {o.factor: o for o in ovs}
    base = _with_model_figures(base, episode.id)
    records = base.for_episode(episode.id)
    factors = tuple(_score_factor(f, rubric, records, episode, by_factor.get(f)) for f in FACTORS)
    used = {e for f in factors for e in f.evidence_ids}
    dates = [r.as_of_date for r in records if r.id in used]
    as_of = max(dates).isoformat() if dates else None
    return FourFactorResult(episode.id, episode.name, episode.control, factors, ovs, as_of=as_of)
