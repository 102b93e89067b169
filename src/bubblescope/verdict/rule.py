"""The aggregation rule: every signal family weighed into one score, a verdict and a stage.

Pure: :class:`~bubblescope.signals.Signal` lists in, plain data out. The rule is deliberately
small and stated in full on the page (:func:`rule_text`) so a reader can redo it by hand:

1. **Family score** — the mean ``bubble`` reading of the family's signals that can speak
   (``available`` and ``bubble`` not None). A family with no such signal is left out, with a note.
2. **Overall score** — the weighted mean of the family scores with :data:`FAMILY_WEIGHTS`,
   re-normalised over the families that speak. Fewer than :data:`MIN_FAMILIES` families speaking:
   no verdict ("not enough evidence").
3. **Verdict** — from the overall score and the market's state (the run-up and the fall from the
   high of the episode's main index, :class:`MarketState`) with :data:`VERDICT_BANDS`:
   *bust* when the index has fallen :data:`BUST_DRAWDOWN` or more from its high after a run-up;
   otherwise *bubble* (score ≥ 0.55), *bubble-like boom* (≥ 0.35), *boom* (a run-up of at least
   :data:`BOOM_RUNUP`) or *no boom*.
4. **Stage** (Kindleberger–Minsky): *displacement* (no run-up yet), *boom* (a run-up, score below
   the bubble band), *euphoria* (bubble band, index within 10% of its high), *distress* (10–30%
   below the high), *revulsion* (30% or more below the high).

The weights are judgement, not estimates; the backtest (:mod:`bubblescope.verdict.backtest`) shows
how the rule does on the historical catalogue with the families that exist historically.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bubblescope.i18n import CATALOGUE, Lang, tr, word
from bubblescope.signals import FAMILIES, Signal

#: Family weights (sum to 1). Market tests and valuation speak to prices; the four factors to the
#: technology's bubble conditions; economics to whether the investment can pay; froth, credit,
#: monetary and stress are supporting evidence.
FAMILY_WEIGHTS: dict[str, float] = {
    "four_factor": 0.20,
    "market_tests": 0.20,
    "valuation": 0.20,
    "froth": 0.10,
    "credit": 0.05,
    "monetary": 0.05,
    "economics": 0.15,
    "stress": 0.05,
}
#: Overall-score bands, highest first: (lower bound, verdict).
VERDICT_BANDS: tuple[tuple[float, str], ...] = ((0.55, "bubble"), (0.35, "bubble-like boom"))
VERDICTS: tuple[str, ...] = ("no boom", "boom", "bubble-like boom", "bubble", "bust")
STAGES: tuple[str, ...] = ("displacement", "boom", "euphoria", "distress", "revulsion")
#: A run-up of the main index of at least this much (from the low before the episode) is a boom.
BOOM_RUNUP = 0.30
#: A fall of at least this much from the episode's high, after a run-up, is a bust.
BUST_DRAWDOWN = 0.30
DISTRESS_DRAWDOWN = 0.10
MIN_FAMILIES = 2
#: A signal whose newest input is older than this many days on the verdict's date is stale.
STALE_DAYS = 183

@dataclass(frozen=True)
class MarketState:
    """The episode's main index on the verdict date: run-up from its earlier low, fall from its high."""

    series: str
    as_of: str
    run_up: float  # last / min(before the high) - 1
    drawdown: float  # 1 - last / max(since the episode start), >= 0
    high_date: str

    def to_dict(self) -> dict[str, object]:
        return {"series": self.series, "as_of": self.as_of, "run_up": self.run_up,
                "drawdown": self.drawdown, "high_date": self.high_date}

@dataclass(frozen=True)
class FamilyScore:
    family: str
    weight: float
    score: float | None  # None: no signal of the family can speak
    n_signals: int
    n_speaking: int
    note: str = ""

@dataclass(frozen=True)
class Aggregate:
    """The rule's arithmetic: per-family scores, the weights used, the overall score."""

    families: tuple[FamilyScore, ...]
    score: float | None
    weights_used: dict[str, float] = field(default_factory=dict)
    excluded: tuple[str, ...] = ()  # "name: reason" for every signal that cannot speak
    stale: tuple[str, ...] = ()  # names of stale signals (counted, flagged)

    @property
    def speaking(self) -> list[str]:
        return [f.family for f in self.families if f.score is not None]

def aggregate(signals: Sequence[Signal], *, as_of: str, stale_days: int = STALE_DAYS,
              weights: dict[str, float] | None = None) -> Aggregate:
    """Step 1 and 2 of the rule (see the module docstring)."""
    w = dict(FAMILY_WEIGHTS if weights is None else weights)
    fams: list[FamilyScore] = []
    for fam in FAMILIES:
        mine = [s for s in signals if s.family == fam]
        speak = [float(s.bubble) for s in mine if s.available and s.bubble is not None]
        note = "" if speak else ("no signal" if not mine else "no signal can speak")  # vs.fam.no_signal / cannot_speak
        fams.append(FamilyScore(fam, w.get(fam, 0.0), sum(speak) / len(speak) if speak else None,
                                len(mine), len(speak), note))
    used = {f.family: f.weight for f in fams if f.score is not None and f.weight > 0}
    total = sum(used.values())
    score = None
    if len(used) >= MIN_FAMILIES and total > 0:
        used = {k: v / total for k, v in used.items()}
        score = sum(used[f.family] * f.score for f in fams if f.family in used and f.score is not None)
    else:
        used = {}
    excluded = tuple(f"{s.name}: {s.reason or 'no reading'}" for s in signals
                     if not s.available or s.bubble is None)
    stale = tuple(s.name for s in signals if s.available and s.is_stale(as_of, stale_days))
    return Aggregate(tuple(fams), score, used, excluded, stale)

def classify(score: float | None, market: MarketState | None) -> tuple[str | None, str | None, str]:
    """Steps 3 and 4: (verdict, stage, the rule that fired in words). None when the score is None."""
    verdict, stage, parts = decide(score, market)
    return verdict, stage, _why_words(parts, "en")


def decide(score: float | None, market: MarketState | None) -> tuple[str | None, str | None, list[tuple[str, dict]]]:
    """Steps 3 and 4: (verdict, stage, the rule that fired as catalogue keys with their fields)."""
    if score is None:
        return None, None, [("jd.why.none", {"k": MIN_FAMILIES})]
    run_up = market.run_up if market is not None else None
    dd = market.drawdown if market is not None else 0.0
    boomed = run_up is not None and run_up >= BOOM_RUNUP
    if market is not None and dd >= BUST_DRAWDOWN and (boomed or score >= VERDICT_BANDS[-1][0]):
        return "bust", "revulsion", [("jd.why.bust", {"dd": f"{dd:.0%}", "bd": f"{BUST_DRAWDOWN:.0%}"})]
    low = {"s": f"{score:.2f}", "lo": f"{VERDICT_BANDS[-1][0]:.2f}"}
    for lo, name in VERDICT_BANDS:
        if score >= lo:
            verdict, why = name, ("jd.why.band", {"s": f"{score:.2f}", "lo": f"{lo:.2f}", "verdict": name})
            break
    else:
        if boomed:
            verdict, why = "boom", ("jd.why.boom", {**low, "ru": f"{run_up:.0%}", "br": f"{BOOM_RUNUP:.0%}"})
        elif run_up is None:
            verdict, why = "boom", ("jd.why.boom_nomarket", low)
        else:
            verdict, why = "no boom", ("jd.why.noboom", {**low, "ru": f"{run_up:.0%}", "br": f"{BOOM_RUNUP:.0%}"})
    if market is None:
        return verdict, None, [why, ("jd.why.nostage", {})]
    return verdict, _stage(verdict, run_up, dd), [why]


def why_text(score: float | None, market: MarketState | None, lang: Lang = "en") -> str:
    """The rule that fired, in words (``lang``)."""
    return _why_words(decide(score, market)[2], lang)


def _why_words(parts: list[tuple[str, dict]], lang: Lang) -> str:
    """The rule that fired (catalogue keys with their fields, from :func:`decide`) as one sentence."""
    key, fields = parts[0]
    if "verdict" in fields:
        fields = {**fields, "verdict": word("v", str(fields["verdict"]), lang)}
    text = tr(key, lang, **fields)
    for key, fields in parts[1:]:
        text = tr(key, lang, why=text, **fields)
    return text

def _stage(verdict: str, run_up: float | None, dd: float) -> str:
    if dd >= BUST_DRAWDOWN:
        return "revulsion"
    if dd >= DISTRESS_DRAWDOWN and verdict in ("bubble", "bubble-like boom"):
        return "distress"
    if verdict == "bubble":
        return "euphoria"
    if verdict == "no boom" or (run_up is not None and run_up < BOOM_RUNUP):
        return "displacement"
    return "boom"

def family_name(family: str, lang: Lang = "en") -> str:
    """A signal family's name in words ("market tests")."""
    return tr(f"vs.fam.{family}", lang) if lang == "zh" and f"vs.fam.{family}" in CATALOGUE else family.replace("_", " ")


def rule_text(weights: dict[str, float] | None = None, lang: Lang = "en") -> list[str]:
    """The rule in whole sentences, as shown on the page and in the JSON."""
    w = FAMILY_WEIGHTS if weights is None else weights
    ws = tr("jd.list_sep", lang).join(tr("jd.rule.w", lang, fam=family_name(k, lang), w=f"{v:.0%}") for k, v in w.items())
    return [
        tr("jd.rule.1", lang),
        tr("jd.rule.2", lang, ws=ws),
        tr("jd.rule.3", lang, k=MIN_FAMILIES),
        tr("jd.rule.4", lang, bd=f"{BUST_DRAWDOWN:.0%}", br=f"{BOOM_RUNUP:.0%}"),
        tr("jd.rule.5", lang),
        tr("jd.rule.6", lang, days=STALE_DAYS),
    ]

def family_rows(agg: Aggregate, signals: Iterable[Signal], as_of: str) -> list[dict[str, object]]:
    """One JSON row per signal: family, reading, bubble, weight (the family's share), as_of, stale."""
    out: list[dict[str, object]] = []
    for s in signals:
        speaking = s.available and s.bubble is not None
        n = next((f.n_speaking for f in agg.families if f.family == s.family), 0)
        wt = agg.weights_used.get(s.family, 0.0) / n if speaking and n else 0.0
        out.append({"family": s.family, "name": s.name, "label": s.label, "reading": s.reading,
                    "value": s.value, "unit": s.unit, "bubble": s.bubble, "weight": wt,
                    "rule": s.rule, "as_of": s.as_of, "stale": s.is_stale(as_of, STALE_DAYS),
                    "available": s.available, "reason": s.reason, "source": s.source})
    return out
