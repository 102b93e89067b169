"""Comparing episodes on the four factors: totals, continuous sub-scores, shared ranks, outcomes.

The factor points stay on the book's 0–2 scale. Within equal points, each factor also gets a
continuous **sub-score** in [0, 1]: the mid-rank percentile of the episode among the compared
episodes on the key (points, unrounded mean of the indicator points, mean percentile of the measured
indicator values). Episodes whose factor rests only on a coded assessment get the neutral 0.5 for the
last part. The episode's sub-score is the mean of its four factor sub-scores. Episodes are ranked by
total, then sub-score; equal (total, sub-score) share a rank ("1, 2, 2, 4").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblescope.errors import InputError
from bubblescope.evidence.loader import EvidenceBase, load_evidence
from bubblescope.evidence.schema import FACTORS
from bubblescope.framework.rubric import Rubric, default_rubric
from bubblescope.framework.score import FACTOR_TITLES, FourFactorResult, Override, score_episode
from bubblescope.results import Result

_NEUTRAL = 0.5


def midrank_percentiles(keys: Sequence[Any]) -> list[float]:
    """Mid-rank percentile in [0, 1] of each key among ``keys`` (equal keys share it; one key: 0.5)."""
    n = len(keys)
    if n == 1:
        return [_NEUTRAL]
    out = []
    for k in keys:
        below = sum(1 for o in keys if o < k)
        equal = sum(1 for o in keys if o == k)
        out.append((below + (equal - 1) / 2) / (n - 1))
    return out


def shared_ranks(keys: Sequence[Any]) -> list[int]:
    """Competition ranks, highest key first: equal keys share a rank and the next rank skips ("1, 2, 2, 4")."""
    return [1 + sum(1 for o in keys if o > k) for k in keys]


def _measured_percentiles(results: Sequence[FourFactorResult], rubric: Rubric) -> list[dict[str, float]]:
    """Per episode and factor: mean direction-adjusted percentile of its measured indicator values."""
    directions = {i.metric: i.direction for fr in rubric.factors.values() for i in fr.indicators}
    per_metric: dict[str, list[tuple[int, float]]] = {}
    for k, r in enumerate(results):
        for f in r.factors:
            if f.basis != "measured":
                continue
            for ind in f.indicators:
                if not ind.coded:
                    v = ind.value if directions.get(ind.metric) != "lower" else -ind.value
                    per_metric.setdefault(ind.metric, []).append((k, v))
    pct: dict[tuple[int, str], float] = {}
    for metric, pairs in per_metric.items():
        for (k, _), p in zip(pairs, midrank_percentiles([v for _, v in pairs]), strict=True):
            pct[(k, metric)] = p
    out: list[dict[str, float]] = []
    for k, r in enumerate(results):
        row = {}
        for f in r.factors:
            got = [pct[(k, i.metric)] for i in f.indicators if (k, i.metric) in pct]
            row[f.factor] = sum(got) / len(got) if got else _NEUTRAL
        out.append(row)
    return out


def _unrounded(f: Any) -> float:
    measured = [i.points for i in f.indicators if not i.coded]
    if f.override is not None or f.basis != "measured" or not measured:
        return float(f.points)
    return sum(measured) / len(measured)


@dataclass(frozen=True)
class ComparedEpisode:
    """One row of the comparison: the score, the outcome label, the sub-scores and the shared rank."""

    result: FourFactorResult
    outcome: str | None  # "bubble", "no_bubble" or None (unlabelled)
    outcome_provenance: str
    subscores: dict[str, float]  # factor -> [0, 1]
    subscore: float
    rank: int

    @property
    def episode_id(self) -> str:
        return self.result.episode_id

    @property
    def total(self) -> int:
        return self.result.total

    def coded_by(self) -> dict[str, list[str]]:
        """Per factor, who coded each counted indicator value ("bubblescope" or "source")."""
        return {f.factor: [c for _, c in f.provenance] for f in self.result.factors}

    def to_dict(self) -> dict[str, Any]:
        r = self.result
        return {
            "rank": self.rank, "episode": r.episode_id, "name": r.episode_name, "control": r.control,
            "outcome": self.outcome, "outcome_source": self.outcome_provenance,
            "total": r.total, "subscore": round(self.subscore, 6),
            "factors": [{"factor": f.factor, "points": f.points, "subscore": round(self.subscores[f.factor], 6),
                         "basis": f.basis, "evidence_ids": list(f.evidence_ids),
                         "coded_by": [{"evidence": e, "coded_by": c} for e, c in f.provenance],
                         "indicators": [{"metric": i.metric, "value": i.value, "points": i.points,
                                         "coded": i.coded, "evidence_ids": list(i.evidence_ids),
                                         "coded_by": list(i.coded_by)} for i in f.indicators]}
                        for f in r.factors],
            "measured_share": r.measured_share, "overridden": bool(r.overrides),
        }


@dataclass(frozen=True)
class ComparisonResult(Result):
    """Four-factor scores of several episodes, ranked by total then sub-score, ties sharing a rank."""

    rows: tuple[ComparedEpisode, ...] = field(default_factory=tuple)

    @property
    def results(self) -> tuple[FourFactorResult, ...]:
        return tuple(r.result for r in self.rows)

    @property
    def ranking(self) -> list[str]:
        return [r.episode_id for r in self.rows]

    def row(self, episode_id: str) -> ComparedEpisode:
        for r in self.rows:
            if r.episode_id == episode_id:
                return r
        raise InputError(f"episode {episode_id!r} is not in the comparison")

    def rank_of(self, episode_id: str) -> int:
        return self.row(episode_id).rank

    def labelled(self) -> list[ComparedEpisode]:
        """The rows with an outcome label (the ones an out-of-sample test can use)."""
        return [r for r in self.rows if r.outcome is not None]

    def summary(self) -> str:
        lines = ["Four-factor comparison (rank, total/8, sub-score, outcome, episode)"]
        for r in self.rows:
            pts = " ".join(f"{f.factor}={f.points}" for f in r.result.factors)
            lines.append(f"  {r.rank:>2}. {r.total}/8  {r.subscore:.3f}  {r.outcome or 'unlabelled':<10} "
                         f"{r.result.episode_name}  [{pts}]")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        out = []
        for r in self.rows:
            row: dict[str, Any] = {"rank": r.rank, "episode": r.episode_id, "name": r.result.episode_name,
                                   "control": r.result.control, "outcome": r.outcome, "total": r.total,
                                   "subscore": r.subscore}
            row.update({f.factor: f.points for f in r.result.factors})
            row.update({f"{f}_subscore": r.subscores[f] for f in FACTORS})
            row["measured_share"] = r.result.measured_share
            row["overridden"] = bool(r.result.overrides)
            out.append(row)
        return pd.DataFrame(out).set_index("episode")

    def to_dict(self) -> dict[str, Any]:
        return {"ranking": self.ranking, "ranks": [r.rank for r in self.rows],
                "episodes": [r.to_dict() for r in self.rows]}

    def plot(self) -> Any:
        """A stacked bar chart of points per factor, episodes in rank order (outcome in the label)."""
        import plotly.graph_objects as go

        names = [f"{r.rank}. {r.result.episode_name}" + ("" if r.outcome is None else f" ({r.outcome})")
                 for r in self.rows]
        fig = go.Figure()
        for f in FACTORS:
            fig.add_trace(go.Bar(name=FACTOR_TITLES[f], x=names, y=[r.result.factor(f).points for r in self.rows]))
        for name, r in zip(names, self.rows, strict=True):
            fig.add_annotation(x=name, y=r.total, text=f"{r.total}/8", showarrow=False, yshift=10)
        fig.update_layout(barmode="stack", title="Four-factor score by episode (0–8)",
                          yaxis={"range": [0, 8], "dtick": 1, "title": "points"})
        return fig


def rank_results(results: Sequence[FourFactorResult], base: EvidenceBase,
                 rubric: Rubric | None = None) -> ComparisonResult:
    """Sub-scores and shared ranks of already scored episodes (see the module docstring)."""
    rubric = rubric if rubric is not None else default_rubric()
    measured = _measured_percentiles(results, rubric)
    subs: list[dict[str, float]] = [{} for _ in results]
    for f in FACTORS:
        keys = [(r.factor(f).points, _unrounded(r.factor(f)), measured[k][f]) for k, r in enumerate(results)]
        for k, p in enumerate(midrank_percentiles(keys)):
            subs[k][f] = p
    sub = [sum(s.values()) / len(s) for s in subs]
    # Rounded so that float noise in the mean cannot split a tie.
    keys2 = [(r.total, round(s, 9)) for r, s in zip(results, sub, strict=True)]
    ranks = shared_ranks(keys2)
    rows = []
    for r, s, sv, rk in zip(results, subs, sub, ranks, strict=True):
        ep = base.episode(r.episode_id)
        rows.append(ComparedEpisode(r, ep.outcome, ep.outcome_provenance, s, sv, rk))
    rows.sort(key=lambda x: (x.rank, x.episode_id))
    return ComparisonResult(tuple(rows))


def compare_episodes(episode_ids: Sequence[str] | None = None, base: EvidenceBase | None = None,
                     overrides: Mapping[str, Any] | None = None,
                     rubric: Rubric | None = None) -> ComparisonResult:
    """Score several episodes (default: all), with sub-scores and shared ranks, highest first.

    ``overrides`` maps an episode id to that episode's overrides (see :func:`score_episode`).
    """
    base = base if base is not None else load_evidence()
    ids = list(episode_ids) if episode_ids is not None else sorted(base.episodes)
    if not ids:
        raise InputError("compare_episodes: no episodes given")
    overrides = overrides or {}
    for eid in overrides:
        base.episode(eid)
    ovs: Mapping[str, Sequence[Override | str]] = overrides
    results = [score_episode(e, base, ovs.get(e), rubric) for e in ids]
    return rank_results(results, base, rubric)
