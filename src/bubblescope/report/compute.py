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
from typing import TYPE_CHECKING, Any

from bubblescope.errors import InputError
from bubblescope.framework.compare import compare_episodes
from bubblescope.framework.loo import LeaveOneOutResult, leave_one_out
from bubblescope.framework.score import score_episode
from bubblescope.i18n import Lang
from bubblescope.report.analysis import Analysis, analyse
from bubblescope.report.judgement import judgement
from bubblescope.report.verdict import Verdict, verdict

if TYPE_CHECKING:
    from bubblescope.evidence.falsifiers import Falsifier
    from bubblescope.evidence.loader import EvidenceBase
    from bubblescope.evidence.schema import Episode, EvidenceRecord
    from bubblescope.framework.compare import ComparisonResult
    from bubblescope.framework.narratives import NarrativeResult
    from bubblescope.framework.score import FourFactorResult, Override
    from bubblescope.verdict import VerdictResult


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
    as_of: str | None = None  # judge the episode at this date (None: today, every series to its end)
    falsifiers: tuple[Falsifier, ...] = ()  # the verdict's falsifier watch (evidence.falsifiers)
    ledger: tuple[dict[str, Any], ...] = ()  # the forecast ledger's entries (data.ledger), shown on the page

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
    judgement: VerdictResult | None = None  # the verdict paragraph, rule and falsifiers (report.judgement)
    ledger: tuple[dict[str, Any], ...] = ()
    timeline: tuple[VerdictResult, ...] = ()  # past episodes: the verdict before the peak, at it, after it
    out_of_sample: LeaveOneOutResult | None = None  # leave-one-out test of the comparison (issue 20)
    out_of_sample_reason: str = ""  # why it is None
    lang: Lang = "en"  # the edition being rendered (build_report renders each language from the same data)

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
    data = ReportData(ctx.base, ep, score, cmp, verdict(ep, score, cmp, ctx.analysis), records,
                      ctx.base.overridden, ctx.narratives, ctx.analysis,
                      out_of_sample=loo, out_of_sample_reason=why)
    return dataclasses.replace(data, judgement=judgement(data, as_of=ctx.as_of, falsifiers=ctx.falsifiers),
                               ledger=ctx.ledger)


def timeline_dates(ep: Episode) -> list[str]:
    """Where a past episode is judged as of its own dates: the year-end before its peak, the peak, and
    the end of its last year (empty for an ongoing episode or one without a peak)."""
    if ep.end is None or ep.peak is None:
        return []
    peak = str(ep.peak)[:10]
    if len(peak) < 10:
        peak = (peak + "-01-01")[:10]
    before = f"{int(peak[:4]) - 1}-12-31"
    return [before, peak, f"{int(ep.end)}-12-31"]


def compute(ctx: ReportContext, *, progress: Callable[[str], None] | None = None) -> ReportData:
    """The whole compute phase: the data-driven analyses (unless ``ctx.analysis`` holds them), then
    :func:`report_data`. ``progress(message)`` is called before each step.

    A past episode (a peak and a last year) with no ``as_of`` is judged as of its own dates: each of
    :func:`timeline_dates` from data cut at that date (:attr:`ReportData.timeline`); the page's verdict
    is the last of them (the end of its last year), not today's.
    """
    given = ctx.analysis is not None
    if not given:
        a = analyse(ctx.base, ctx.episode_id, data_dir=ctx.data_dir, offline=ctx.offline,
                    backtest_dir=ctx.backtest_dir, progress=progress, as_of=ctx.as_of)
        ctx = dataclasses.replace(ctx, analysis=a)
    if progress is not None:
        progress("four-factor score, comparison, verdict")
    data = report_data(ctx)
    if given or ctx.as_of is not None:
        return data
    line = []
    for day in timeline_dates(data.episode):
        if progress is not None:
            progress(f"the verdict as of {day}")
        a = analyse(ctx.base, ctx.episode_id, data_dir=ctx.data_dir, offline=ctx.offline,
                    backtest_dir=ctx.backtest_dir, as_of=day)
        past = report_data(dataclasses.replace(ctx, analysis=a, as_of=day))
        if past.judgement is not None:
            line.append(past.judgement)
    if not line:
        return data
    return dataclasses.replace(data, timeline=tuple(line), judgement=line[-1])
