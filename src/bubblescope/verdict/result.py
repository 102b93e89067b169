"""The verdict: one dated paragraph from the signals, with the rule, ranges, who gets hurt and falsifiers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal
from bubblescope.verdict.falsifiers import FalsifierReading
from bubblescope.verdict.rule import Aggregate, MarketState, aggregate, classify, family_rows, rule_text

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Headline:
    """A headline number with its range (low / central / high) and the published estimates beside it."""

    name: str
    label: str
    central: float | None
    low: float | None = None
    high: float | None = None
    unit: str = ""
    source: str = ""
    published: tuple[tuple[str, float], ...] = ()  # (who, value) in the same unit

    def text(self) -> str:
        if self.central is None:
            return f"{self.label}: not available"
        rng = "" if self.low is None or self.high is None else f" (range {self.low:,.0f} to {self.high:,.0f})"
        pub = "; ".join(f"{who} {v:,.0f}" for who, v in self.published)
        return f"{self.label}: {self.central:,.0f} {self.unit}{rng}" + (f"; published: {pub}" if pub else "")


@dataclass(frozen=True)
class Exposure:
    """A party that loses if the boom ends, and the scenario that hurts it most."""

    party: str
    loss: float
    unit: str
    scenario: str
    share_of_capital: float | None = None
    defaults: bool = False


@dataclass(frozen=True)
class VerdictResult(Result):
    """The verdict on one episode at one date (see :mod:`bubblescope.verdict.rule` for the rule)."""

    episode: str
    episode_name: str
    as_of: str
    verdict: str | None
    stage: str | None
    why: str
    aggregate: Aggregate
    signals: tuple[Signal, ...]
    market: MarketState | None = None
    falsifiers: tuple[FalsifierReading, ...] = ()
    headlines: tuple[Headline, ...] = ()
    exposed: tuple[Exposure, ...] = ()
    backtest: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def _repr_fields(self) -> dict[str, Any]:
        return {"episode": self.episode, "as_of": self.as_of, "verdict": self.verdict, "stage": self.stage,
                "score": None if self.aggregate.score is None else round(self.aggregate.score, 3)}

    def paragraph(self) -> str:
        """The dated conclusion answering: is it a bubble, how far along, who gets hurt."""
        agg = self.aggregate
        if self.verdict is None:
            return (f"As of {self.as_of}, there is no verdict on {self.episode_name}: {self.why}. "
                    f"Signals that could not speak: {len(agg.excluded)}.")
        fams = ", ".join(f.replace("_", " ") for f in agg.speaking)
        if self.stage is None:
            parts = [f"As of {self.as_of}, {self.episode_name} reads as a {self.verdict}; its stage is not "
                     f"measured because no market series covers the episode (overall score {agg.score:.2f} on a "
                     f"0-1 scale, from {len(agg.speaking)} signal families: {fams})."]
        else:
            parts = [f"As of {self.as_of}, {self.episode_name} reads as a {self.verdict} at the {self.stage} "
                     f"stage (overall score {agg.score:.2f} on a 0-1 scale, from {len(agg.speaking)} signal "
                     f"families: {fams})."]
        if self.market is not None:
            m = self.market
            parts.append(f"The main index ({m.series}) is {m.run_up:.0%} above its earlier low and "
                         f"{m.drawdown:.0%} below its high of {m.high_date}.")
        ranked = sorted((s for s in self.signals if s.available and s.bubble is not None and s.bubble >= 0.75),
                        key=lambda s: -float(s.bubble or 0))
        seen: set[str] = set()
        strong: list[Signal] = []
        for sg in ranked:  # the strongest reading of each family, at most three families
            if sg.family not in seen and len(strong) < 3:
                seen.add(sg.family)
                strong.append(sg)
        if strong:
            parts.append("Strongest evidence: " + "; ".join(f"{s.label} ({s.reading})" for s in strong) + ".")
        if self.exposed:
            top = self.exposed[:3]
            parts.append("If it bursts, the most exposed are " + "; ".join(
                f"{e.party} (loss {e.loss:,.0f} {e.unit} in '{e.scenario}'"
                + (f", {e.share_of_capital:.0%} of capital" if e.share_of_capital is not None else "") + ")"
                for e in top) + ".")
        trig = [r.falsifier.condition for r in self.falsifiers if r.status == "triggered"]
        weak = [r.falsifier.condition for r in self.falsifiers if r.status == "weakening"]
        if self.falsifiers:
            parts.append(f"Of {len(self.falsifiers)} falsifiers, {len(trig)} triggered and {len(weak)} weakening"
                         + (f" ({'; '.join(trig + weak)})." if trig or weak else "."))
        if agg.stale:
            parts.append(f"{len(agg.stale)} signal(s) are stale (older than the staleness limit).")
        return " ".join(parts)

    def summary(self) -> str:
        lines = [self.paragraph(), "", "Rule: " + self.why]
        for f in self.aggregate.families:
            sc = "–" if f.score is None else f"{f.score:.2f}"
            w = self.aggregate.weights_used.get(f.family, 0.0)
            lines.append(f"  {f.family:<13} score {sc:>5}  weight {w:4.0%}  ({f.n_speaking}/{f.n_signals} speaking)")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(family_rows(self.aggregate, self.signals, self.as_of))

    def to_dict(self) -> dict[str, Any]:
        agg = self.aggregate
        return to_jsonable({
            "episode": self.episode, "as_of": self.as_of, "verdict": self.verdict, "stage": self.stage,
            "score": agg.score, "why": self.why, "summary": self.paragraph(), "rule": rule_text(),
            "families": [{"family": f.family, "score": f.score, "weight": agg.weights_used.get(f.family, 0.0),
                          "nominal_weight": f.weight, "signals": f.n_signals, "speaking": f.n_speaking,
                          "note": f.note} for f in agg.families],
            "signals": family_rows(agg, self.signals, self.as_of),
            "excluded": list(agg.excluded), "stale": list(agg.stale),
            "market": None if self.market is None else self.market.to_dict(),
            "falsifiers": [r.to_dict() for r in self.falsifiers],
            "headlines": [{"name": h.name, "label": h.label, "low": h.low, "central": h.central, "high": h.high,
                           "unit": h.unit, "source": h.source,
                           "published": [{"name": n, "value": v} for n, v in h.published]} for h in self.headlines],
            "exposed": [e.__dict__ for e in self.exposed],
            "backtest": self.backtest, "notes": list(self.notes),
        })


def judge(signals: Sequence[Signal], *, episode: str, episode_name: str, as_of: str,
          market: MarketState | None = None, falsifiers: Sequence[FalsifierReading] = (),
          headlines: Sequence[Headline] = (), exposed: Sequence[Exposure] = (),
          backtest: dict[str, Any] | None = None, notes: Sequence[str] = ()) -> VerdictResult:
    """Apply the rule to ``signals`` and wrap everything the paragraph needs."""
    agg = aggregate(signals, as_of=as_of)
    verdict, stage, why = classify(agg.score, market)
    ex = sorted(exposed, key=lambda e: -e.loss)
    return VerdictResult(episode, episode_name, as_of, verdict, stage, why, agg, tuple(signals), market,
                         tuple(falsifiers), tuple(headlines), tuple(ex), dict(backtest or {}), tuple(notes))


def market_state(prices: pd.Series, *, series: str, start: str, as_of: str | None = None) -> MarketState | None:
    """Run-up and fall from the high of ``prices`` for an episode starting at ``start``, judged at ``as_of``.

    The run-up is measured from the lowest close in the two years before ``start`` up to the high
    (or to the last close when that is higher); the fall from the highest close since ``start``.
    None when there is no close on or after ``start`` up to ``as_of``.
    """
    import pandas as pd

    p = prices.dropna()
    if as_of is not None:
        p = p.loc[: pd.Timestamp(as_of)]
    t0 = pd.Timestamp(start)
    after = p.loc[t0:]
    if after.empty:
        return None
    before = p.loc[t0 - pd.DateOffset(years=2): t0]
    low = float(min(before.min(), after.iloc[0])) if len(before) else float(after.iloc[0])
    hi_date = after.idxmax()
    high, last = float(after.max()), float(after.iloc[-1])
    return MarketState(series, after.index[-1].date().isoformat(), high / low - 1.0, 1.0 - last / high,
                       hi_date.date().isoformat())
