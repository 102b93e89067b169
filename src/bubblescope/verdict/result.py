"""The verdict: one dated paragraph from the signals, with the rule, ranges, who gets hurt and falsifiers."""

from __future__ import annotations

import html as _html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bubblescope.i18n import Lang, episode_name, tr, word
from bubblescope.i18n.numbers import usd_bn
from bubblescope.i18n.phrases import fill, phrase
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal
from bubblescope.verdict.falsifiers import FalsifierReading
from bubblescope.verdict.rule import (
    Aggregate,
    MarketState,
    aggregate,
    classify,
    family_name,
    family_rows,
    rule_text,
    why_text,
)

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

    def paragraph(self, lang: Lang = "en", *, html: bool = False) -> str:
        """The dated conclusion answering: is it a bubble, how far along, who gets hurt (in ``lang``; with
        ``html`` as escaped HTML, names from the data marked ``translate="no"``)."""
        agg = self.aggregate
        esc = _html.escape if html else str

        def t(key: str, **fields: object) -> str:
            return fill(key, lang, html=html, **fields)

        def v(text: str) -> str:  # a name from the data: kept as it is
            return f'<span translate="no">{_html.escape(text)}</span>' if html else text

        name = esc(episode_name(self.episode, self.episode_name, lang))
        if self.verdict is None:
            return t("jd.p.none", as_of=self.as_of, name=name, why=esc(self.why_text(lang)), n=len(agg.excluded))
        fams = esc(tr("jd.list_sep", lang).join(family_name(f, lang) for f in agg.speaking))
        common = {"as_of": self.as_of, "name": name, "verdict": esc(word("v", self.verdict, lang)),
                  "s": f"{agg.score:.2f}", "k": len(agg.speaking), "fams": fams}
        if self.stage is None:
            parts = [t("jd.p.nostage", **common)]
        else:
            parts = [t("jd.p.stage", stage=esc(word("stage", self.stage, lang)), **common)]
        if self.market is not None:
            m = self.market
            parts.append(t("jd.p.market", series=v(m.series), ru=f"{m.run_up:.0%}", dd=f"{m.drawdown:.0%}",
                           hd=m.high_date))
        strong = _strongest(self.signals)
        sep = tr("jd.sep", lang)
        if strong:
            parts.append(t("jd.p.strong", items=sep.join(
                t("jd.p.strong_item", label=phrase(s.label, lang, html=html), reading=phrase(s.reading, lang, html=html))
                for s in strong)))
        if self.exposed:
            parts.append(t("jd.p.exposed", items=sep.join(self._exposure(e, lang, html) for e in self.exposed[:3])))
        trig = [r.falsifier.condition for r in self.falsifiers if r.status == "triggered"]
        weak = [r.falsifier.condition for r in self.falsifiers if r.status == "weakening"]
        if self.falsifiers:
            counts = {"n": len(self.falsifiers), "t": len(trig), "w": len(weak)}
            if trig or weak:
                items = sep.join(phrase(c, lang, html=html) for c in trig + weak)
                parts.append(t("jd.p.fals_list", items=items, **counts))
            else:
                parts.append(t("jd.p.fals", **counts))
        if agg.stale:
            parts.append(t("jd.p.stale", n=len(agg.stale)))
        return ("" if lang == "zh" else " ").join(parts)

    @staticmethod
    def _exposure(e: Exposure, lang: Lang, html: bool) -> str:
        share = "" if e.share_of_capital is None else fill("jd.p.exposed_share", lang, share=f"{e.share_of_capital:.0%}")
        party = f'<span translate="no">{_html.escape(e.party)}</span>' if html else e.party
        if lang == "zh" and e.unit == "USD bn":
            loss, unit = usd_bn(e.loss, "zh"), ""
        else:
            loss, unit = f"{e.loss:,.0f}", e.unit if lang == "en" else f" {e.unit}"
        return fill("jd.p.exposed_item", lang, html=html, party=party, loss=loss, unit=unit,
                    scenario=phrase(e.scenario, lang, html=html), share=share)

    def why_text(self, lang: Lang = "en") -> str:
        """The rule that fired, in words (English: :attr:`why`)."""
        return self.why if lang == "en" else why_text(self.aggregate.score, self.market, lang)

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


def _strongest(signals: Sequence[Signal]) -> list[Signal]:
    """The strongest reading (bubble ≥ 0.75) of each family, at most three families, strongest first."""
    ranked = sorted((s for s in signals if s.available and s.bubble is not None and s.bubble >= 0.75),
                    key=lambda s: -float(s.bubble or 0))
    seen: set[str] = set()
    strong: list[Signal] = []
    for sg in ranked:
        if sg.family not in seen and len(strong) < 3:
            seen.add(sg.family)
            strong.append(sg)
    return strong


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
