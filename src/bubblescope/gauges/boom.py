"""Five boom/bubble gauges in the style of Exponential View (Azeem Azhar & Nathan Warren, "Is AI a
bubble?", September 2025), with user-settable green/amber/red thresholds.

1. **economic strain** — the boom's capex (for AI: data-centre capex) as % of GDP;
2. **industry strain** — that capex / the technology's revenue (for AI: generative-AI revenue) (x);
3. **revenue momentum** — doubling time of that revenue (years);
4. **valuation heat** — Nasdaq-100 P/E (x);
5. **funding quality** — share of capex funded by operating cash flow (%; the rest comes from debt,
   private credit and off-balance-sheet vehicles).

Rule (Exponential View): 0–1 red gauges = boom, 2 = caution, ≥ 3 = bubble. The count uses the gauges
that are available and the result says how many were not. Default thresholds and their sources are
in docs/gauges.md; they are settings, not facts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from bubblescope.errors import InputError
from bubblescope.evidence.schema import EvidenceRecord
from bubblescope.gauges._gauge import Gauge, GaugeList, short_cite, unavailable
from bubblescope.results import Result, to_jsonable


@dataclass(frozen=True)
class Threshold:
    """Amber and red cut-offs. ``higher_is_worse``: red when value ≥ red (else when value ≤ red)."""

    amber: float
    red: float
    higher_is_worse: bool = True

    def __post_init__(self) -> None:
        if not (math.isfinite(self.amber) and math.isfinite(self.red)):
            raise InputError("thresholds must be finite numbers")
        if self.higher_is_worse and self.amber > self.red:
            raise InputError(f"amber ({self.amber}) must not exceed red ({self.red}) when higher is worse")
        if not self.higher_is_worse and self.amber < self.red:
            raise InputError(f"amber ({self.amber}) must not be below red ({self.red}) when lower is worse")

    def colour(self, value: float) -> str:
        if self.higher_is_worse:
            return "red" if value >= self.red else "amber" if value >= self.amber else "green"
        return "red" if value <= self.red else "amber" if value <= self.amber else "green"


#: Defaults (documented with their reasoning and sources in docs/gauges.md).
DEFAULT_THRESHOLDS: dict[str, Threshold] = {
    "economic_strain": Threshold(amber=1.0, red=2.0),
    "industry_strain": Threshold(amber=3.0, red=6.0),
    "revenue_momentum": Threshold(amber=2.0, red=4.0),
    "valuation_heat": Threshold(amber=30.0, red=50.0),
    "funding_quality": Threshold(amber=75.0, red=50.0, higher_is_worse=False),
}

NAMES = {
    "economic_strain": ("Economic strain (boom capex / GDP)", "%"),
    "industry_strain": ("Industry strain (capex / revenue)", "x"),
    "revenue_momentum": ("Revenue momentum (revenue doubling time)", "years"),
    "valuation_heat": ("Valuation heat (Nasdaq-100 P/E)", "x"),
    "funding_quality": ("Funding quality (capex funded by operating cash flow)", "%"),
}


@dataclass(frozen=True)
class Reading:
    """A number with its date and source (built from an evidence record or from data)."""

    value: float
    as_of: str
    source: str
    unit: str = ""

    @classmethod
    def from_record(cls, rec: EvidenceRecord) -> Reading:
        if rec.numeric is None:
            raise InputError(f"evidence {rec.id!r}: value must be a number, got {rec.value!r}")
        return cls(float(rec.numeric), rec.as_of, short_cite(rec), rec.unit)


def thresholds_with(overrides: Mapping[str, Mapping[str, float] | Threshold] | None = None) -> dict[str, Threshold]:
    """The default thresholds with some replaced, e.g. ``{"valuation_heat": {"red": 40}}``."""
    out = dict(DEFAULT_THRESHOLDS)
    for key, val in (overrides or {}).items():
        if key not in out:
            raise InputError(f"unknown gauge {key!r} (known: {', '.join(out)})")
        if isinstance(val, Threshold):
            out[key] = val
        else:
            unknown = set(val) - {"amber", "red"}
            if unknown:
                raise InputError(f"{key}: unknown threshold field(s) {', '.join(sorted(unknown))} (use amber/red)")
            cur = out[key]
            out[key] = replace(cur, amber=float(val.get("amber", cur.amber)), red=float(val.get("red", cur.red)))
    return out


def doubling_time_years(earlier: float, later: float, years_between: float) -> float:
    """Years for revenue to double at the constant growth rate implied by two observations.

    Returns ``inf`` when revenue did not grow. ``years_between`` must be positive.
    """
    if years_between <= 0:
        raise InputError(f"revenue observations must be in time order (gap {years_between} years)")
    if earlier <= 0 or later <= 0:
        raise InputError("revenue observations must be positive")
    if later <= earlier:
        return math.inf
    return math.log(2.0) * years_between / math.log(later / earlier)


def _check_unit(r: Reading, allowed: tuple[str, ...], what: str) -> None:
    if r.unit and r.unit not in allowed:
        raise InputError(f"{what}: unit must be one of {', '.join(allowed)}, got {r.unit!r} ({r.source})")


@dataclass(frozen=True)
class BoomBubbleResult(GaugeList, Result):
    """The five gauges, their colours and the boom / caution / bubble verdict."""

    gauges: list[Gauge]
    thresholds: dict[str, Threshold]
    reds: int = 0
    available: int = 0
    verdict: str = "boom"
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"Boom/bubble gauges: {self.reds} red of {self.available} available -> {self.verdict} "
                 "(rule: 0-1 red = boom, 2 = caution, >= 3 = bubble)"]
        for g in self.gauges:
            col = f"[{g.colour}] " if g.colour else ""
            lines.append(f"  {col}{g.name}: {g.display()}" + (f" ({g.as_of})" if g.available else ""))
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame([g.row() for g in self.gauges]).set_index("key")
        df["amber"] = [self.thresholds[k].amber for k in df.index]
        df["red"] = [self.thresholds[k].red for k in df.index]
        return df

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"verdict": self.verdict, "reds": self.reds, "available": self.available,
                            "rule": "0-1 red = boom, 2 = caution, >= 3 = bubble", "notes": self.notes,
                            "thresholds": {k: vars(v) for k, v in self.thresholds.items()},
                            "gauges": [g.to_dict() for g in self.gauges]})

    def plot(self) -> Any:
        import plotly.graph_objects as go

        colours = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", None: "#9e9e9e"}
        avail = [g for g in self.gauges if g.available and math.isfinite(g.value or 0)]
        fig = go.Figure(go.Bar(x=[g.name for g in avail], y=[g.value for g in avail],
                               marker_color=[colours[g.colour] for g in avail]))
        fig.update_layout(title=f"Boom/bubble gauges: {self.verdict}")
        return fig


def verdict_for(reds: int, available: int = 5) -> str:
    """Exponential View's rule: 0–1 red = boom, 2 = caution, ≥ 3 = bubble ("not available" when no
    gauge could be computed: no inputs is not evidence of a boom)."""
    if available == 0:
        return "not available"
    return "bubble" if reds >= 3 else "caution" if reds == 2 else "boom"


def _gauge(key: str, value: float, as_of: str, source: str, th: Threshold, note: str = "") -> Gauge:
    name, unit = NAMES[key]
    return Gauge(key=key, name=name, unit=unit, value=value, as_of=as_of, source=source, group="boom/bubble",
                 colour=th.colour(value), note=note)


def boom_bubble_gauges(
    *,
    capex_share_gdp: Reading | None = None,
    capex: Reading | None = None,
    gdp: Reading | None = None,
    genai_revenue: Reading | None = None,
    revenue_earlier: tuple[Reading, float] | None = None,
    revenue_later: tuple[Reading, float] | None = None,
    nasdaq100_pe: Reading | None = None,
    ocf_funded_share: Reading | None = None,
    thresholds: Mapping[str, Mapping[str, float] | Threshold] | None = None,
    revenue_note: str = "",
) -> BoomBubbleResult:
    """Compute the five gauges from plain readings; missing ones are "not available (needs …)".

    * economic strain: ``capex_share_gdp`` (%) when given, else 100 · ``capex`` / ``gdp`` (both USD bn,
      annual or annualised);
    * industry strain: ``capex`` / ``genai_revenue`` (USD bn per year);
    * revenue momentum: ``revenue_earlier`` and ``revenue_later`` as (reading, period in decimal years,
      e.g. 2024.5 for calendar 2024); doubling time = ln 2 · Δt / ln(R₁/R₀);
    * valuation heat: ``nasdaq100_pe`` (x); funding quality: ``ocf_funded_share`` (%).
    """
    th = thresholds_with(thresholds)
    notes: list[str] = []
    gauges = [
        _economic_strain(capex_share_gdp, capex, gdp, th["economic_strain"]),
        _industry_strain(capex, genai_revenue, th["industry_strain"]),
        _revenue_momentum(revenue_earlier, revenue_later, th["revenue_momentum"], revenue_note, notes),
        _valuation_heat(nasdaq100_pe, th["valuation_heat"]),
        _funding_quality(ocf_funded_share, th["funding_quality"]),
    ]
    reds = sum(g.colour == "red" for g in gauges if g.colour)
    avail = sum(g.colour is not None for g in gauges)
    if avail < len(gauges):
        notes.append(f"{len(gauges) - avail} of {len(gauges)} gauges not available: the verdict counts "
                     "red among the available ones only")
    return BoomBubbleResult(gauges=gauges, thresholds=th, reds=reds, available=avail,
                            verdict=verdict_for(reds, avail), notes=notes)


_MONEY = ("USD bn",)


def _missing(key: str, needs: str) -> Gauge:
    return unavailable(key, *NAMES[key], group="boom/bubble", needs=needs)


def _economic_strain(capex_share_gdp: Reading | None, capex: Reading | None, gdp: Reading | None,
                     th: Threshold) -> Gauge:
    if capex_share_gdp is not None:
        _check_unit(capex_share_gdp, ("%",), "capex_share_gdp")
        return _gauge("economic_strain", capex_share_gdp.value, capex_share_gdp.as_of, capex_share_gdp.source, th)
    if capex is not None and gdp is not None:
        _check_unit(capex, _MONEY, "capex")
        _check_unit(gdp, _MONEY, "gdp")
        if gdp.value <= 0:
            raise InputError(f"gdp must be positive, got {gdp.value}")
        return _gauge("economic_strain", 100.0 * capex.value / gdp.value, max(capex.as_of, gdp.as_of),
                      f"{capex.source}; GDP: {gdp.source}", th)
    return _missing("economic_strain", "the boom's capex as % of GDP, or its annual capex and GDP (USD bn)")


def _industry_strain(capex: Reading | None, genai_revenue: Reading | None, th: Threshold) -> Gauge:
    if capex is None or genai_revenue is None:
        return _missing("industry_strain", "annual capex and revenue of the boom technology (USD bn)")
    _check_unit(capex, _MONEY, "capex")
    _check_unit(genai_revenue, _MONEY, "genai_revenue")
    if genai_revenue.value <= 0:
        raise InputError(f"genai_revenue must be positive, got {genai_revenue.value}")
    return _gauge("industry_strain", capex.value / genai_revenue.value, max(capex.as_of, genai_revenue.as_of),
                  f"{capex.source}; revenue: {genai_revenue.source}", th)


def _revenue_momentum(earlier: tuple[Reading, float] | None, later: tuple[Reading, float] | None, th: Threshold,
                      note: str, notes: list[str]) -> Gauge:
    if earlier is None or later is None:
        return _missing("revenue_momentum", "two dated annual revenue observations of the boom technology")
    (r0, t0), (r1, t1) = earlier, later
    _check_unit(r0, _MONEY, "revenue_earlier")
    _check_unit(r1, _MONEY, "revenue_later")
    dt = doubling_time_years(r0.value, r1.value, t1 - t0)
    if math.isinf(dt):
        notes.append("revenue did not grow between the two observations: no doubling time (red)")
    return _gauge("revenue_momentum", dt, max(r0.as_of, r1.as_of), f"{r0.source}; {r1.source}", th, note=note)


def _valuation_heat(nasdaq100_pe: Reading | None, th: Threshold) -> Gauge:
    if nasdaq100_pe is None:
        return _missing("valuation_heat", "the Nasdaq-100 P/E (evidence metric 'nasdaq100_pe', unit x)")
    _check_unit(nasdaq100_pe, ("x",), "nasdaq100_pe")
    return _gauge("valuation_heat", nasdaq100_pe.value, nasdaq100_pe.as_of, nasdaq100_pe.source, th)


def _funding_quality(ocf_funded_share: Reading | None, th: Threshold) -> Gauge:
    if ocf_funded_share is None:
        return _missing("funding_quality", "share of the boom's capex funded by operating cash flow "
                                           "(evidence metric 'capex_funded_by_ocf_share', unit %)")
    _check_unit(ocf_funded_share, ("%",), "ocf_funded_share")
    if not 0 <= ocf_funded_share.value <= 100:
        raise InputError(f"ocf_funded_share must be between 0 and 100 %, got {ocf_funded_share.value}")
    return _gauge("funding_quality", ocf_funded_share.value, ocf_funded_share.as_of, ocf_funded_share.source, th)

