"""The report's compute phase: everything a section shows, computed once into one :class:`ReportData`.

Two steps. :func:`bubblescope.report.analysis.analyse` fetches the episode's data and runs the
data-driven analyses (PSY, LPPLS, gauges, economics, stress, the backtest file, the market scan);
it is the only step that does I/O. :func:`report_data` adds what comes from the evidence base —
the four-factor score, the episode comparison, the verdict panel's rules
(:mod:`bubblescope.report.verdict`), the evidence records — and the narratives detected in the
user's texts. :func:`compute` runs both. The sections (:mod:`bubblescope.report.sections`) only
format a ``ReportData``: they never compute, read files or fetch.

    data = compute(ReportContext(base=load_evidence(), episode_id="ai-2023", data_dir=Path("data")))
    write_report(build_report(data), "report")
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bubblescope.errors import InputError
from bubblescope.framework.compare import compare_episodes
from bubblescope.framework.loo import LeaveOneOutResult, leave_one_out
from bubblescope.framework.score import score_episode
from bubblescope.report.analysis import Analysis, analyse
from bubblescope.report.verdict import Verdict, verdict

if TYPE_CHECKING:
    from bubblescope.evidence.loader import EvidenceBase
    from bubblescope.evidence.schema import Episode, EvidenceRecord
    from bubblescope.framework.compare import ComparisonResult
    from bubblescope.framework.narratives import NarrativeResult
    from bubblescope.framework.score import FourFactorResult, Override


@dataclass(frozen=True)
class ReportContext:
    """The report's inputs. ``data_dir``/``offline``/``backtest_dir`` are for the data-driven step;
    ``analysis`` holds its result when it has already run (None: :func:`compute` runs it,
    :func:`report_data` leaves the data sections saying what they need)."""

    base: EvidenceBase
    episode_id: str
    overrides: tuple[Override, ...] = ()
    data_dir: Path | None = None
    offline: bool = False
    compare_ids: tuple[str, ...] | None = None  # None: every episode in the base
    narratives: tuple[NarrativeResult, ...] = ()  # detector results on the user's texts (--text)
    analysis: Analysis | None = None  # data-driven results (report.analysis.analyse); None: not computed
    backtest_dir: Path | None = None  # folder with validation.json from `bubblescope backtest`

    def score(self) -> FourFactorResult:
        return score_episode(self.episode_id, self.base, self.overrides)

    def comparison(self) -> ComparisonResult:
        return compare_episodes(self.compare_ids, self.base, {self.episode_id: self.overrides})


@dataclass(frozen=True)
class ReportData:
    """Everything the sections render, computed: the one input of every section function.

    ``records`` are the episode's evidence records sorted by id; ``user_records`` the ids a user's
    file replaced; ``analysis`` the data-driven results (None: not computed).
    """

    base: EvidenceBase
    episode: Episode
    score: FourFactorResult
    comparison: ComparisonResult
    verdict: Verdict
    records: tuple[EvidenceRecord, ...]
    user_records: frozenset[str] = frozenset()
    narratives: tuple[NarrativeResult, ...] = ()
    analysis: Analysis | None = None
    out_of_sample: LeaveOneOutResult | None = None  # leave-one-out test of the comparison (issue 20)
    out_of_sample_reason: str = ""  # why it is None

    @property
    def episode_id(self) -> str:
        return self.episode.id


def report_data(ctx: ReportContext) -> ReportData:
    """The evidence-based results and the verdict rules on top of ``ctx.analysis`` (pure: no I/O)."""
    ep = ctx.base.episode(ctx.episode_id)
    score, cmp = ctx.score(), ctx.comparison()
    records = tuple(sorted(ctx.base.for_episode(ep.id), key=lambda r: r.id))
    try:
        loo, why = leave_one_out(cmp), ""
    except InputError as exc:
        loo, why = None, str(exc)
    return ReportData(ctx.base, ep, score, cmp, verdict(ep, score, cmp, ctx.analysis), records,
                      ctx.base.overridden, ctx.narratives, ctx.analysis, loo, why)


def compute(ctx: ReportContext, *, progress: Callable[[str], None] | None = None) -> ReportData:
    """The whole compute phase: the data-driven analyses (unless ``ctx.analysis`` holds them), then
    :func:`report_data`. ``progress(message)`` is called before each step."""
    if ctx.analysis is None:
        a = analyse(ctx.base, ctx.episode_id, data_dir=ctx.data_dir, offline=ctx.offline,
                    backtest_dir=ctx.backtest_dir, progress=progress)
        ctx = dataclasses.replace(ctx, analysis=a)
    if progress is not None:
        progress("four-factor score, comparison, verdict")
    return report_data(ctx)
