"""All gauges for one episode in one table: valuation, concentration, the five boom/bubble gauges,
the GSY run-up test and the GMO trend deviation.

:func:`episode_gauges` is pure: it takes the loaded data (pandas objects) and the evidence base and
returns a :class:`GaugePanel`. The CLI and the report read the files and call it.

Which evidence feeds which gauge (by record id, falling back to metric name; the newest record wins):

============================  ===================================================================
gauge                         evidence
============================  ===================================================================
forward P/E                   metric ``sp500_forward_pe`` (x)
forward P/E of the leader     metric ``nvidia_forward_pe`` (x), shown beside the index figures
price / cash flow             metric ``sp500_price_to_cash_flow`` (x)
Magnificent-7 share           id ``<episode>.mag7-share-sp500`` / metric ``mag7_share_of_sp500_market_value`` (%)
economic strain               metric ``ai_capex_share_us_gdp`` (%), else ``ai_datacentre_capex_annual`` / GDP
industry strain               ``ai_datacentre_capex_annual`` / id ``<episode>.ai-revenue-annual`` (USD bn)
revenue momentum              metric ``genai_revenue_proxy_annual``: the two newest records; the period of
                              each is its ``as_of`` year (a full calendar year, mid-point year + 0.5)
valuation heat                metric ``nasdaq100_pe`` (x)
funding quality               metric ``capex_funded_by_ocf_share`` (%)
============================  ===================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bubblescope.errors import InputError
from bubblescope.evidence.loader import EvidenceBase
from bubblescope.evidence.schema import EvidenceRecord
from bubblescope.gauges._gauge import Gauge, GaugeList, iso, unavailable
from bubblescope.gauges._history import history_stats
from bubblescope.gauges.boom import BoomBubbleResult, Reading, boom_bubble_gauges
from bubblescope.gauges.concentration import MAG7, concentration
from bubblescope.gauges.runup import crash_frequency, gmo_trend_deviation, gsy_runup
from bubblescope.gauges.valuation import (
    BUFFETT_SOURCE,
    SHILLER_SOURCE,
    ValuationGauges,
    gauge_from_record,
    valuation_gauges,
)
from bubblescope.results import Result, to_jsonable

VERDICT_RULE = "0-1 red = boom, 2 = caution, >= 3 = bubble"


@dataclass(frozen=True)
class PriceInput:
    """A price series with a label and where it came from."""

    symbol: str
    prices: pd.Series
    source: str


@dataclass(frozen=True)
class GaugeInputs:
    """Everything :func:`episode_gauges` can use; every field may be missing."""

    shiller: pd.DataFrame | None = None
    shiller_source: str = SHILLER_SOURCE
    buffett: pd.Series | None = None
    buffett_source: str = BUFFETT_SOURCE
    gdp: pd.Series | None = None  # nominal GDP, USD bn SAAR
    gdp_source: str = "BEA GDP (FRED)"
    prices: list[PriceInput] = field(default_factory=list)
    market: PriceInput | None = None  # the market for GSY's net-of-market return (S&P 500)
    market_values: pd.DataFrame | None = None  # constituent market values (dates x tickers)
    market_values_source: str = ""
    missing: tuple[str, ...] = ()  # episode symbols whose prices could not be read


@dataclass(frozen=True)
class GaugePanel(GaugeList, Result):
    """Every gauge for one episode, with the boom/bubble verdict."""

    episode: str
    as_of: str | None
    gauges: list[Gauge]
    boom: BoomBubbleResult
    valuation: ValuationGauges
    details: dict[str, Any] = field(default_factory=dict, repr=False)

    def summary(self) -> str:
        lines = [f"Gauges for {self.episode}" + (f" (as of {self.as_of})" if self.as_of else "")]
        for g in self.gauges:
            pct = f", pct {g.history.percentile:.0f}" if g.history is not None and g.available else ""
            col = f" [{g.colour}]" if g.colour else ""
            when = f" ({g.as_of})" if g.available else ""
            lines.append(f"  {g.group} | {g.name}: {g.display()}{when}{pct}{col}")
        lines.append(f"Boom/bubble verdict: {self.boom.verdict} ({self.boom.reds} red of {self.boom.available} "
                     f"available; rule {VERDICT_RULE})")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([g.row() for g in self.gauges]).set_index("key")

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({
            "episode": self.episode, "as_of": self.as_of,
            "verdict": {"verdict": self.boom.verdict, "reds": self.boom.reds, "available": self.boom.available,
                        "rule": VERDICT_RULE, "notes": self.boom.notes},
            "thresholds": {k: vars(v) for k, v in self.boom.thresholds.items()},
            "gauges": [g.to_dict() for g in self.gauges],
        })

    def plot(self) -> Any:
        return self.valuation.plot()


def _find(base: EvidenceBase | None, episode: str, *, rid: str | None = None,
          metric: str | None = None) -> EvidenceRecord | None:
    if base is None:
        return None
    if rid is not None and rid in base.records:
        return base.records[rid]
    if metric is not None:
        found = [r for r in base.find(episode, metric) if r.numeric is not None]
        if found:
            return found[0]
    return None


def _reading(rec: EvidenceRecord | None) -> Reading | None:
    return None if rec is None else Reading.from_record(rec)


def _latest_gdp(gdp: pd.Series | None, source: str, as_of: pd.Timestamp | None) -> Reading | None:
    if gdp is None:
        return None
    s = pd.to_numeric(gdp, errors="coerce").dropna().sort_index()
    if as_of is not None:
        s = s.loc[:as_of]
    if s.empty:
        return None
    return Reading(float(s.iloc[-1]), iso(s.index[-1]) or "", f"{source}, latest quarter SAAR", "USD bn")


def _boom(base: EvidenceBase | None, episode: str, inputs: GaugeInputs, as_of: pd.Timestamp | None,
          thresholds: Any) -> BoomBubbleResult:
    capex = _reading(_find(base, episode, metric="ai_datacentre_capex_annual"))
    share = _reading(_find(base, episode, metric="ai_capex_share_us_gdp"))
    revenue = _reading(_find(base, episode, rid=f"{episode}.ai-revenue-annual", metric="genai_revenue_annual"))
    points = [] if base is None else [r for r in base.find(episode, "genai_revenue_proxy_annual")
                                      if r.numeric is not None]
    earlier = later = None
    note = ""
    if len(points) >= 2:
        r1, r0 = points[0], points[1]  # newest first
        earlier = (Reading.from_record(r0), r0.as_of_date.year + 0.5)
        later = (Reading.from_record(r1), r1.as_of_date.year + 0.5)
        note = r1.note
    return boom_bubble_gauges(
        capex_share_gdp=share, capex=capex, gdp=_latest_gdp(inputs.gdp, inputs.gdp_source, as_of),
        genai_revenue=revenue, revenue_earlier=earlier, revenue_later=later,
        nasdaq100_pe=_reading(_find(base, episode, metric="nasdaq100_pe")),
        ocf_funded_share=_reading(_find(base, episode, metric="capex_funded_by_ocf_share")),
        thresholds=thresholds, revenue_note=note,
    )


def _concentration(base: EvidenceBase | None, episode: str, inputs: GaugeInputs) -> list[Gauge]:
    out: list[Gauge] = []
    if inputs.market_values is not None:
        res = concentration(inputs.market_values, top_n=10, group=MAG7)
        last = res.latest
        when = iso(res.table.index[-1])
        base_note = "" if res.of_total else "share of the supplied constituents"
        for key, name, unit, col in (("top10_share", "Top-10 share of index value", "%", "top_n_share"),
                                     ("hhi", "Herfindahl index (0-10,000)", "", "hhi"),
                                     ("mag7_share", "Magnificent-7 share of index value", "%", "group_share")):
            hist = res.table[col]
            h = history_stats(hist, name=name, min_obs=2) if len(hist) >= 2 else None
            out.append(Gauge(key=key, name=name, unit=unit, value=float(last[col]), as_of=when,
                             source=inputs.market_values_source, group="concentration", history=h, note=base_note))
        return out
    out.append(unavailable("top10_share", "Top-10 share of index value", "%", group="concentration",
                           needs="constituent market values (price x shares outstanding)"))
    out.append(unavailable("hhi", "Herfindahl index (0-10,000)", "", group="concentration",
                           needs="constituent market values (price x shares outstanding)"))
    rec = _find(base, episode, rid=f"{episode}.mag7-share-sp500", metric="mag7_share_of_sp500_market_value")
    out.append(gauge_from_record("mag7_share", "Magnificent-7 share of S&P 500 value", "%", rec,
                                 "constituent market values or an evidence record "
                                 "'mag7_share_of_sp500_market_value'", group="concentration", expect_unit="%"))
    return out


def _maybe_history(s: pd.Series, name: str, window_years: int) -> Any:
    try:
        return history_stats(s, name=name, window_years=window_years, min_obs=2)
    except InputError:  # a single reading has no history to be placed against
        return None


def _runups(inputs: GaugeInputs, as_of: pd.Timestamp | None, window_years: int) -> tuple[list[Gauge], dict]:
    gauges: list[Gauge] = []
    details: dict[str, Any] = {}
    market = inputs.market
    for p in inputs.prices:
        s = p.prices if as_of is None else p.prices.loc[:as_of]
        mkt = None if market is None or market.symbol == p.symbol else market.prices
        if mkt is not None and as_of is not None:
            mkt = mkt.loc[:as_of]
        name = f"GSY run-up: {p.symbol} (2y return)"
        try:
            r = gsy_runup(s, mkt, name=p.symbol)
        except InputError as exc:
            gauges.append(unavailable(f"gsy:{p.symbol}", name, "%", group="run-up", needs=str(exc)))
            continue
        details[f"gsy:{p.symbol}"] = r
        lat = r.latest
        h = _maybe_history(r.raw_2y, name, window_years)
        net = "" if lat["net_2y_pct"] is None else f"net of market {lat['net_2y_pct']:.0f}%; "
        recent = [e for e in r.episodes if e.end >= r.raw_2y.index[-1] - pd.DateOffset(years=3)]
        spells = "; ".join(f"flagged {e.start:%Y-%m}..{e.end:%Y-%m}" for e in recent)
        src = p.source + ("" if mkt is None or market is None else f"; market: {market.source}")
        basis = lat["raw_2y_pct"] if lat["net_2y_pct"] is None else min(lat["raw_2y_pct"], lat["net_2y_pct"])
        freq = crash_frequency(basis)
        odds = ("" if freq is None else f"; GSY crash frequency at >= {freq['runup_2y_pct']:.0f}%: "
                f"{100 * freq['crash_probability']:.0f}%")
        gauges.append(Gauge(
            key=f"gsy:{p.symbol}", name=name, unit="%", value=lat["raw_2y_pct"], as_of=iso(lat["as_of"]),
            source=src, group="run-up", history=h, colour="red" if lat["flag"] else "green",
            note=f"{net}{'RUN-UP (>=100% raw and net)' if lat['flag'] else 'no run-up now'}"
                 + (f"; {spells}" if spells else "") + odds,
        ))
    for sym in inputs.missing:
        gauges.append(unavailable(f"gsy:{sym}", f"GSY run-up: {sym} (2y return)", "%", group="run-up",
                                  needs=f"prices of {sym} (--data-dir, the cache or the network)"))
    return gauges, details


def _gmo(inputs: GaugeInputs, as_of: pd.Timestamp | None) -> tuple[list[Gauge], dict]:
    gauges: list[Gauge] = []
    details: dict[str, Any] = {}
    series: list[tuple[str, pd.Series, pd.Series | None, str]] = []
    cpi = None
    if inputs.shiller is not None and {"real_price", "cpi"} <= set(inputs.shiller.columns):
        real = pd.to_numeric(inputs.shiller["real_price"], errors="coerce").dropna()
        real = real[real > 0]
        cpi = pd.to_numeric(inputs.shiller["cpi"], errors="coerce").dropna()
        cpi = cpi[cpi > 0]
        series.append(("S&P Composite", real, None, inputs.shiller_source))
    for p in inputs.prices:
        series.append((p.symbol, p.prices, cpi, p.source + ("; Shiller CPI" if cpi is not None else "")))
    for label, s, deflator, source in series:
        name = f"GMO trend deviation: {label}" + (" (real)" if deflator is not None or label == "S&P Composite"
                                                   else "")
        s2 = s if as_of is None else s.loc[:as_of]
        try:
            r = gmo_trend_deviation(s2, cpi=deflator, name=label)
        except InputError as exc:
            gauges.append(unavailable(f"gmo:{label}", name, "sigma", group="trend", needs=str(exc)))
            continue
        details[f"gmo:{label}"] = r
        lat = r.latest
        h = _maybe_history(r.sigma, name, 30)
        gauges.append(Gauge(
            key=f"gmo:{label}", name=name, unit="sigma", value=lat["sigma"], as_of=iso(lat["as_of"]),
            source=source, group="trend", history=h, colour="red" if lat["sigma"] >= r.bubble_sigma else "green",
            note=f"{lat['level']} (>=2 sigma bubble, >=2.5 super-bubble; expanding log-linear trend)",
        ))
    for sym in inputs.missing:
        gauges.append(unavailable(f"gmo:{sym}", f"GMO trend deviation: {sym}", "sigma", group="trend",
                                  needs=f"prices of {sym} (--data-dir, the cache or the network)"))
    return gauges, details


def episode_gauges(
    episode: str,
    inputs: GaugeInputs,
    evidence: EvidenceBase | None = None,
    *,
    as_of: str | pd.Timestamp | None = None,
    window_years: int = 30,
    thresholds: Any = None,
) -> GaugePanel:
    """Every gauge for ``episode`` from the given data and evidence (missing → "not available")."""
    when = None if as_of is None else pd.Timestamp(as_of)
    fwd = _find(evidence, episode, metric="sp500_forward_pe")
    pcf = _find(evidence, episode, metric="sp500_price_to_cash_flow")
    val = valuation_gauges(inputs.shiller, buffett=inputs.buffett, forward_pe=fwd, price_cash_flow=pcf,
                           window_years=window_years, as_of=when, shiller_source=inputs.shiller_source,
                           buffett_source=inputs.buffett_source)
    leader = gauge_from_record(
        "leader_forward_pe", "Forward P/E (NVIDIA)", "x", _find(evidence, episode, metric="nvidia_forward_pe"),
        "an evidence record with metric 'nvidia_forward_pe'", expect_unit="x")
    boom = _boom(evidence, episode, inputs, when, thresholds)
    runs, d1 = _runups(inputs, when, window_years)
    trends, d2 = _gmo(inputs, when)
    gauges = [*val.gauges, leader, *_concentration(evidence, episode, inputs), *boom.gauges, *runs, *trends]
    return GaugePanel(episode=episode, as_of=None if when is None else iso(when), gauges=gauges, boom=boom,
                      valuation=val, details={**d1, **d2})
