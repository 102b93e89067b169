"""ReportData → the verdict's inputs: signals, the main index's state, headline ranges, exposed parties.

Every result that offers ``to_signals()`` speaks for itself; for those that do not yet, the small
adapters below state their rule in the signal (``rule``) so the page shows how each reading was
turned into bubble evidence. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from bubblescope.signals import Signal

if TYPE_CHECKING:
    from bubblescope.economics import CapexAssessment
    from bubblescope.framework.score import FourFactorResult
    from bubblescope.gauges.panel import GaugePanel
    from bubblescope.report.analysis import Analysis, MarketDiagnostics
    from bubblescope.stress import StressResult
    from bubblescope.verdict import Exposure, Headline

#: Gauge groups → signal family.
GAUGE_FAMILY = {"valuation": "valuation", "concentration": "valuation", "boom/bubble": "valuation",
                "trend": "valuation", "run-up": "market_tests", "froth": "froth", "sentiment": "froth",
                "credit": "credit", "monetary": "monetary", "economics": "economics"}
LIGHT_BUBBLE = {"red": 1.0, "amber": 0.5, "green": 0.0}
GAUGE_RULE = "light red 1, amber 0.5, green 0; without a light: percentile ≥ 95% 1, ≥ 80% 0.5, else 0"


def iso(v: Any) -> str | None:
    """An ISO date from a date-like value or a partial 'YYYY' / 'YYYY-MM' (first day); None if missing."""
    if v is None or v is pd.NaT:
        return None
    s = str(v)
    if len(s) == 4 and s.isdigit():
        return f"{s}-01-01"
    if len(s) == 7 and s[4] == "-":
        return f"{s}-01"
    try:
        return pd.Timestamp(v).date().isoformat()
    except (ValueError, TypeError):
        return None


def own_signals(obj: Any) -> list[Signal] | None:
    """``obj.to_signals()`` when the result offers it, else None."""
    fn = getattr(obj, "to_signals", None)
    return list(fn()) if callable(fn) else None


def four_factor_signals(score: FourFactorResult, call: Any = None) -> list[Signal]:
    """The score's own signals; with ``call`` (the leave-one-out bubble call) also the call."""
    if callable(getattr(score, "to_signals", None)):
        return list(score.to_signals(call) if call is not None else score.to_signals())
    out = [Signal("four_factor", "four_factor:total", "Four-factor score (Goldfarb & Kirsch)",
                  f"{score.total} of {score.max_total} points", float(score.total), "points",
                  score.total / score.max_total, f"total / {score.max_total}", source="bubblescope evidence base")]
    return out


def psy_signal(m: MarketDiagnostics, episode_start: str) -> Signal:
    sym = m.info.symbol
    name, label = f"psy:{sym}", f"PSY explosive-root test, {sym}"
    r = m.psy
    if r is None:
        return Signal.unavailable("market_tests", name, label, "; ".join(m.notes) or "PSY did not run",
                                  as_of=iso(m.info.as_of))
    end = iso(m.info.as_of)
    if end is not None and end < episode_start:
        return Signal.unavailable("market_tests", name, label,
                                  f"the data end {end}, before the episode starts ({episode_start})", as_of=end)
    own = own_signals(r)
    if own:
        return own[0]
    eps = r.episodes
    ongoing = bool(len(eps) and bool(eps.iloc[-1]["ongoing"]))
    reading = (f"explosive since {iso(eps.iloc[-1]['start'])}" if ongoing else
               "no explosive episode at the last date")
    return Signal("market_tests", name, label, reading, 1.0 if ongoing else 0.0, "", 1.0 if ongoing else 0.0,
                  "1 when an explosive episode is ongoing at the last date, else 0",
                  as_of=iso(m.info.as_of), source=m.info.source if hasattr(m.info, "source") else sym)


def lppls_signal(m: MarketDiagnostics, episode_start: str) -> Signal:
    sym = m.info.symbol
    name, label = f"lppls:{sym}", f"LPPLS bubble confidence, {sym}"
    end = iso(m.info.as_of)
    if end is not None and end < episode_start:
        return Signal.unavailable("market_tests", name, label,
                                  f"the data end {end}, before the episode starts ({episode_start})", as_of=end)
    if m.lppls is None:
        return Signal.unavailable("market_tests", name, label, "; ".join(m.notes) or "LPPLS did not run",
                                  as_of=iso(m.info.as_of))
    own = own_signals(m.lppls)
    if own:
        return own[0]
    return Signal.unavailable("market_tests", name, label,
                              "the confidence is not calibrated against a null yet, so it is not counted",
                              as_of=iso(m.info.as_of))


def gauge_signals(panel: GaugePanel) -> list[Signal]:
    own = own_signals(panel)
    if own is not None:
        return own
    out = []
    for g in panel.gauges:
        fam = GAUGE_FAMILY.get(g.group, "valuation")
        name, label = f"gauge:{g.key}", g.name
        if not g.available:
            out.append(Signal.unavailable(fam, name, label, g.needs or "not available", source=g.source))
            continue
        pct = g.history.percentile if g.history is not None else None
        if pct is not None:
            pct = pct / 100.0  # gauges keep percentiles in 0-100
        if g.colour in LIGHT_BUBBLE:
            b: float | None = LIGHT_BUBBLE[g.colour]
        elif pct is not None:
            b = 1.0 if pct >= 0.95 else (0.5 if pct >= 0.80 else 0.0)
        else:
            b = None
        reading = f"{g.value:,.3g} {g.unit}" + (f", {pct:.0%} percentile" if pct is not None else "")
        if b is None:
            out.append(Signal(fam, name, label, reading, float(g.value or 0.0), g.unit, None, GAUGE_RULE,
                              iso(g.as_of), g.source, True, "no light and no history: shown, not counted"))
        else:
            out.append(Signal(fam, name, label, reading, float(g.value or 0.0), g.unit, b, GAUGE_RULE,
                              iso(g.as_of), g.source))
    return out


def economics_signals(c: CapexAssessment) -> list[Signal]:
    own = own_signals(c)
    if own is not None:
        return own
    need, have = c.required_revenue, c.actual_revenue
    cov = have / need if need else float("nan")
    b = 1.0 if cov < 0.25 else (0.5 if cov < 0.5 else 0.0)
    return [Signal("economics", "economics:revenue_coverage", "AI revenue as a share of the revenue needed",
                   f"{have:,.0f} of {need:,.0f} USD bn a year ({cov:.0%})", cov, "share", b,
                   "coverage below 25% 1, below 50% 0.5, else 0", source=f"scenario {c.scenario.name}")]


def stress_signals(results: Iterable[StressResult]) -> list[Signal]:
    res = list(results)
    out: list[Signal] = []
    for r in res:
        own = own_signals(r)
        if own is not None:
            out.extend(own)
    if out or not res:
        return out
    return [Signal.unavailable("stress", "stress:defaults", "Defaults in the stress scenarios",
                               "the stress results do not yet separate funded claims from contingent "
                               "commitments, so their defaults are shown, not counted")]


#: Families read from market or macro data: a reading dated before the episode starts cannot speak to it.
DATA_FAMILIES = frozenset({"market_tests", "valuation", "froth", "credit", "monetary"})


def before_start(s: Signal, episode_start: str) -> Signal:
    """``s`` as unavailable when it reads data that end before the episode starts (else ``s``)."""
    if s.family in DATA_FAMILIES and s.available and s.as_of is not None and s.as_of < episode_start:
        return Signal.unavailable(s.family, s.name, s.label,
                                  f"the data end {s.as_of}, before the episode starts ({episode_start})",
                                  source=s.source, as_of=s.as_of)
    return s


def collect(score: FourFactorResult, analysis: Analysis | None, episode_start: str,
            call: Any = None) -> list[Signal]:
    """Every signal the report has, each family in the order of ``signals.FAMILIES``; readings of data
    that end before the episode starts are marked unavailable (:func:`before_start`)."""
    sig = four_factor_signals(score, call)
    if analysis is None:
        return sig
    return sig + [before_start(s, episode_start) for s in _analysis_signals(analysis, episode_start)]


def _analysis_signals(analysis: Analysis, episode_start: str) -> list[Signal]:
    sig: list[Signal] = []
    for m in analysis.market:
        sig.append(psy_signal(m, episode_start))
        sig.append(lppls_signal(m, episode_start))
    if analysis.gauges is not None:
        sig.extend(gauge_signals(analysis.gauges))
    if analysis.capex is not None:
        sig.extend(economics_signals(analysis.capex))
    sig.extend(stress_signals(analysis.stress))
    return sig


def stress_headline(analysis: Analysis | None) -> list[Headline]:
    """The network loss if the boom ends: mildest / median / worst of the packaged shock scenarios."""
    import statistics

    from bubblescope.verdict import Headline

    runs = tuple(getattr(analysis, "stress", ()) or ())
    if not runs:
        return []
    losses = sorted(float(r.totals.get("total_loss", 0.0)) for r in runs)
    unit = runs[0].unit
    return [Headline("stress_loss", f"Losses on the exposure network across {len(losses)} shock scenarios",
                     statistics.median(losses), losses[0], losses[-1], unit,
                     "packaged shock scenarios (low = mildest, central = median, high = worst)")]


def headlines(analysis: Analysis | None) -> list[Headline]:
    """The revenue needed with its range (the economics model's one figure) and the published estimates
    in the same unit beside it; the stress loss with its range across scenarios."""
    from bubblescope.verdict import Headline

    if analysis is None or analysis.capex is None:
        return stress_headline(analysis)
    c = analysis.capex
    rng = getattr(c, "range", None)
    pub = tuple((p.label, float(p.result)) for p in (getattr(c, "published", None) or ())
                if p.unit == "USD bn/yr")
    if rng is None:
        head = Headline("revenue_needed", "Revenue needed a year for a return on the AI capex",
                        c.required_revenue, unit="USD bn/yr", source=f"scenario {c.scenario.name}", published=pub)
    else:
        head = Headline("revenue_needed", f"Revenue needed in {rng.year} for a return on the AI capex",
                        rng.central, rng.low, rng.high, "USD bn/yr",
                        f"economics model, scenarios {' / '.join(rng.scenarios)} (low / central / high)", pub)
    return [head, *stress_headline(analysis)]


def exposures(analysis: Analysis | None, top: int = 5) -> list[Exposure]:
    from bubblescope.verdict import Exposure

    if analysis is None:
        return []
    best: dict[str, Exposure] = {}
    for r in analysis.stress:
        for row in r.nodes.itertuples():
            loss = float(getattr(row, "loss", 0.0) or 0.0)
            if not loss > 0 or str(getattr(row, "type", "")) == "households":
                continue
            name = str(row.name)
            lte = getattr(row, "loss_to_equity", None)
            share = None if lte is None or pd.isna(lte) else float(lte)
            if name not in best or loss > best[name].loss:
                best[name] = Exposure(name, loss, r.unit, r.scenario_title, share, bool(getattr(row, "default", False)))
    return sorted(best.values(), key=lambda e: -e.loss)[:top]
