"""The verdict panel's rules: which numbers its cards show and what counts as red, amber or green.

Pure: results in (the four-factor score and comparison, the :class:`~bubblescope.report.analysis.Analysis`),
plain data out (:class:`Verdict`), which :mod:`bubblescope.report.sections.verdict` turns into HTML.
The lights are display rules of this report, not findings of the methods; each one is stated in
the JSON next to its number (``light_rule``) and in the card's text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from bubblescope.report.analysis import Analysis, MarketDiagnostics
from bubblescope.report.fetch import SeriesInfo

if TYPE_CHECKING:
    from bubblescope.economics import CapexAssessment
    from bubblescope.evidence.schema import Episode
    from bubblescope.framework.compare import ComparisonResult
    from bubblescope.framework.score import FourFactorResult
    from bubblescope.gauges.panel import GaugePanel
    from bubblescope.stress import StressResult

#: The lights, mildest first.
LIGHT_ORDER: tuple[str, ...] = ("green", "amber", "red")
SCORE_LIGHT_RULE = "0-2 green, 3-5 amber, 6-8 red (display rule of this report)"
GAP_LIGHT_RULE = "gap > 50% of required red, > 10% amber"
#: The gauges' boom/bubble verdict (0-1 red gauges: boom, 2: caution, 3+: bubble) as a light.
GAUGE_VERDICT_LIGHTS = {"boom": "green", "caution": "amber", "bubble": "red"}


def score_light(total: int) -> str:
    """The four-factor total as a light: 0-2 green, 3-5 amber, 6-8 red."""
    return "green" if total <= 2 else ("amber" if total <= 5 else "red")


def gap_light(gap_share: float) -> str:
    """The revenue gap as a share of the revenue needed: > 50% red, > 10% amber, else green (NaN: green)."""
    return "red" if gap_share > 0.5 else ("amber" if gap_share > 0.1 else "green")


def worst(lights: Iterable[str | None]) -> str | None:
    """The most alarming of some lights (None when there is none)."""
    lit = [x for x in lights if x is not None]
    return max(lit, key=LIGHT_ORDER.index) if lit else None


def iso_date(v: Any) -> str:
    """A date as YYYY-MM-DD ('–' when missing; other text as it is)."""
    if v is None or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return "–"
    try:
        return pd.Timestamp(v).date().isoformat()
    except (ValueError, TypeError):
        return str(v)


def psy_status(m: MarketDiagnostics, peak: str | None = None, past: bool = False) -> tuple[str, str | None]:
    """One line on the series in the PSY test, and a light. Ongoing episodes: the state at the last
    date (red = explosive now). Past episodes: whether an explosive episode covers the market peak."""
    r = m.psy
    if r is None:
        return "PSY not run", None
    eps = r.episodes
    if past and peak is not None:
        pk = pd.Timestamp(peak)
        for e in eps.itertuples():
            end = r.bsadf.index[-1] if e.ongoing else e.end
            if e.start <= pk <= end:
                return f"explosive {iso_date(e.start)} → {iso_date(end)}, covering the {iso_date(pk)} peak", "red"
        if len(eps):
            return f"{len(eps)} explosive episode(s), none covering the {iso_date(pk)} peak", "amber"
        return "no explosive episode in the window", "green"
    if len(eps) and bool(eps.iloc[-1]["ongoing"]):
        return f"explosive since {iso_date(eps.iloc[-1]['start'])}", "red"
    if len(eps):
        return f"no explosive episode now (last ended {iso_date(eps.iloc[-1]['end'])})", "amber"
    return "no explosive episode in the window", "green"


# ------------------------------------------------------------------------------------------- the cards


@dataclass(frozen=True)
class ScoreCard:
    total: int
    computed_total: int
    max_total: int
    rank: int | None  # among the episodes compared
    of: int
    overridden: bool
    light: str

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "computed_total": self.computed_total, "max": self.max_total,
                "rank": self.rank, "of": self.of, "light_rule": SCORE_LIGHT_RULE}


@dataclass(frozen=True)
class GaugeCard:
    lights: dict[str, int]  # green/amber/red → how many available gauges show it
    verdict: str  # boom / caution / bubble
    reds: int
    available: int
    as_of: str | None
    light: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"lights": self.lights, "boom_bubble_verdict": self.verdict, "reds": self.reds,
                "available": self.available, "as_of": self.as_of}


@dataclass(frozen=True)
class BubbleTest:
    """One market series: its PSY state (text and light) and LPPLS confidence (last and peak)."""

    symbol: str
    psy: str
    psy_light: str | None
    lppls_last_pos_conf: float | None
    lppls_max_pos_conf: float | None
    lppls_max_date: str | None
    as_of: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TestsCard:
    tests: tuple[BubbleTest, ...]
    past: bool  # a past episode: tests judged at its market peak, not at the last date
    n_red: int
    light: str | None


@dataclass(frozen=True)
class GapCard:
    gap: float
    required: float
    actual: float
    method: str  # the scenario's headline method
    scenario: str
    light: str
    unit: str = "USD bn/yr"

    def to_dict(self) -> dict[str, Any]:
        return {"gap": self.gap, "required": self.required, "actual": self.actual, "unit": self.unit,
                "method": self.method, "scenario": self.scenario, "light_rule": GAP_LIGHT_RULE}


@dataclass(frozen=True)
class StressCard:
    """The scenario with the largest total loss, and its wealth effect when it has one."""

    scenario: str
    total_loss: float | None
    unit: str
    defaults: float | None
    n_scenarios: int
    consumption_drop: float | None
    consumption_drop_share_of_gdp: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "total_loss": self.total_loss, "unit": self.unit,
                "defaults": self.defaults, "consumption_drop": self.consumption_drop,
                "consumption_drop_share_of_gdp": self.consumption_drop_share_of_gdp}


@dataclass(frozen=True)
class DataUsed:
    series: tuple[SeriesInfo, ...]
    other: dict[str, Any]  # non-price inputs (Shiller, GDP, Buffett) → {mode, source, as_of, provenance}
    missing: tuple[str, ...]
    network: str
    data_dir: str | None
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"series": [s.to_dict() for s in self.series], "other": self.other, "missing": list(self.missing),
                "network": self.network, "data_dir": self.data_dir, "notes": list(self.notes)}


@dataclass(frozen=True)
class Verdict:
    """What the verdict panel shows. Without the data-driven analysis (``computed`` False) only the score."""

    score: ScoreCard
    computed: bool = False
    gauges: GaugeCard | None = None
    tests: TestsCard = field(default_factory=lambda: TestsCard((), False, 0, None))
    revenue_gap: GapCard | None = None
    stress: StressCard | None = None
    data: DataUsed | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"four_factor": self.score.to_dict()}
        if not self.computed:
            return out
        if self.gauges is not None:
            out["gauges"] = self.gauges.to_dict()
        out["bubble_tests"] = [t.to_dict() for t in self.tests.tests]
        if self.revenue_gap is not None:
            out["revenue_gap"] = self.revenue_gap.to_dict()
        if self.stress is not None:
            out["stress"] = self.stress.to_dict()
        if self.data is not None:
            out["data"] = self.data.to_dict()
        return out


def score_card(episode_id: str, score: FourFactorResult, comparison: ComparisonResult) -> ScoreCard:
    rank = comparison.rank_of(episode_id) if episode_id in comparison.ranking else None  # ties share a rank
    return ScoreCard(score.total, score.computed_total, score.max_total, rank, len(comparison.results),
                     bool(score.overrides), score_light(score.total))


def gauge_card(panel: GaugePanel) -> GaugeCard:
    lights = {c: sum(1 for g in panel.gauges if g.available and g.colour == c) for c in LIGHT_ORDER}
    b = panel.boom
    return GaugeCard(lights, b.verdict, b.reds, b.available, panel.as_of, GAUGE_VERDICT_LIGHTS.get(b.verdict))


def bubble_test(m: MarketDiagnostics, episode: Episode, past: bool) -> BubbleTest:
    text, light = psy_status(m, episode.peak, past)
    if episode.start is not None and iso_date(m.info.as_of) < f"{int(episode.start)}-01-01":
        text, light = (f"cannot speak: the data end {iso_date(m.info.as_of)}, before the episode starts "
                       f"({episode.start}); not counted in the verdict"), None
    conf = cmax = cdate = None
    if m.lppls is not None and len(m.lppls.frame):
        pc = m.lppls.frame["pos_conf"]
        conf, cmax, cdate = float(pc.iloc[-1]), float(pc.max()), iso_date(pc.idxmax())
    return BubbleTest(m.info.symbol, text, light, conf, cmax, cdate, m.info.as_of)


def tests_card(market: Sequence[MarketDiagnostics], episode: Episode) -> TestsCard:
    past = episode.end is not None and episode.peak is not None
    tests = tuple(bubble_test(m, episode, past) for m in market)
    return TestsCard(tests, past, sum(1 for t in tests if t.psy_light == "red"), worst(t.psy_light for t in tests))


def gap_card(c: CapexAssessment) -> GapCard:
    """The revenue gap from the economics model's one revenue-needed figure (its central value, with the
    range), or from the scenario's headline method when the assessment was not completed."""
    rng = getattr(c, "range", None)
    if rng is not None:
        gap = rng.central - rng.actual_revenue
        share = gap / rng.central if rng.central else float("nan")
        return GapCard(gap, rng.central, rng.actual_revenue,
                       f"phased, {rng.year}; range {rng.low:,.0f} to {rng.high:,.0f}", c.scenario.name, gap_light(share))
    gap_share = c.revenue_gap / c.required_revenue if c.required_revenue else float("nan")
    return GapCard(c.revenue_gap, c.required_revenue, c.actual_revenue, c.scenario.headline, c.scenario.name,
                   gap_light(gap_share))


def stress_card(results: Sequence[StressResult]) -> StressCard:
    top = max(results, key=lambda r: r.totals.get("total_loss", 0.0))
    macro = top.macro
    return StressCard(top.scenario_title, top.totals.get("total_loss"), top.unit, top.totals.get("defaults"),
                      len(results), None if macro is None else macro.consumption_drop,
                      None if macro is None else macro.consumption_drop_share_of_gdp)


def network_status(a: Analysis) -> str:
    if a.offline and a.network_reachable is None:
        return "not tried (--offline)"
    if a.network_reachable is False:
        return "unreachable"
    return "not needed (all data found locally)" if a.network_reachable is None else "used"


def verdict(episode: Episode, score: FourFactorResult, comparison: ComparisonResult,
            analysis: Analysis | None) -> Verdict:
    """The verdict panel of ``episode`` (the data cards only when ``analysis`` is given)."""
    card = score_card(episode.id, score, comparison)
    a = analysis
    if a is None:
        return Verdict(card)
    data = DataUsed(tuple(m.info for m in a.market), a.gauge_sources, a.missing_series, network_status(a),
                    a.data_dir, a.notes)
    return Verdict(card, True, None if a.gauges is None else gauge_card(a.gauges), tests_card(a.market, episode),
                   None if a.capex is None else gap_card(a.capex), stress_card(a.stress) if a.stress else None,
                   data)
