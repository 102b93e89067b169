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
valuation heat                metric ``nasdaq100_pe`` (x); else the P/E series in
                              ``GaugeInputs.valuation_heat`` (named on the gauge)
funding quality               ``GaugeInputs.funding_quality`` (a computed reading); else metric
                              ``capex_funded_by_ocf_share`` (%)
============================  ===================================================================

With ``as_of``, an evidence record counts only when both its ``as_of`` period and its publication
date end on or before that date (no look-ahead in the evidence either).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from bubblescope.errors import InputError
from bubblescope.evidence.loader import EvidenceBase
from bubblescope.evidence.schema import EvidenceRecord
from bubblescope.gauges._evidence import _find, _period_end, _records, note_known_by
from bubblescope.gauges._gauge import Gauge, GaugeList, iso, unavailable
from bubblescope.gauges._history import history_stats
from bubblescope.gauges.boom import BoomBubbleResult, Reading, boom_bubble_gauges
from bubblescope.gauges.concentration import MAG7, concentration
from bubblescope.gauges.froth import froth_gauges
from bubblescope.gauges.lights import DEFAULT_BANDS, PercentileBands, light_all
from bubblescope.gauges.monetary import policy_path
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
    forward_pe: pd.Series | None = None  # S&P 500 forward P/E history (x)
    forward_pe_source: str = ""
    valuation_heat: pd.Series | None = None  # the best P/E history held for the boom's sector (x)
    valuation_heat_name: str = ""  # what that series is, shown on the gauge
    valuation_heat_source: str = ""
    # Funding quality computed from company filings (capex funded by operating cash flow, %): built by
    # cli/gauges.funding_input from issue 18's economics.funding once that is merged; else evidence.
    funding_quality: Reading | None = None
    conditions: dict[str, pd.Series] = field(default_factory=dict)  # data.conditions.read_conditions keys


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
            "peaks": self.peaks_table(),
            "monetary": self.details["policy_path"].to_dict() if "policy_path" in self.details else None,
        })

    def to_signals(self) -> list[Any]:
        """One Signal per gauge (families valuation, froth, credit, monetary; see gauges.signals)."""
        from bubblescope.gauges.signals import panel_signals

        return panel_signals(self)

    def peaks_table(self) -> list[dict[str, Any]]:
        """"Now vs past peaks": each gauge with a history, its hottest reading around each named market
        top (1929, 1966, 2000, 2007, 2021; None where its history does not reach) and now."""
        rows = []
        for g in self.gauges:
            if g.history is None or not g.available:
                continue
            row: dict[str, Any] = {"key": g.key, "gauge": g.name}
            row.update({p.label: p.value for p in g.history.peaks})
            row.update(now=g.value, now_as_of=g.as_of, light=g.light)
            rows.append(row)
        return rows

    def plot(self) -> Any:
        return self.valuation.plot()


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


def _series_reading(s: pd.Series | None, source: str, as_of: pd.Timestamp | None, unit: str) -> Reading | None:
    """The latest value of a data series at or before ``as_of`` as a Reading (None when there is none)."""
    if s is None:
        return None
    v = pd.to_numeric(s, errors="coerce").dropna().sort_index()
    if as_of is not None:
        v = v.loc[:as_of]
    if v.empty:
        return None
    return Reading(float(v.iloc[-1]), iso(v.index[-1]) or "", source, unit)


def _boom(base: EvidenceBase | None, episode: str, inputs: GaugeInputs, as_of: pd.Timestamp | None,
          thresholds: Any) -> BoomBubbleResult:
    capex = _reading(_find(base, episode, metric="ai_datacentre_capex_annual", as_of=as_of))
    share = _reading(_find(base, episode, metric="ai_capex_share_us_gdp", as_of=as_of))
    revenue = _reading(_find(base, episode, rid=f"{episode}.ai-revenue-annual", metric="genai_revenue_annual",
                             as_of=as_of))
    points = _records(base, episode, "genai_revenue_proxy_annual", as_of)
    earlier = later = None
    note = ""
    if len(points) >= 2:
        r1, r0 = points[0], points[1]  # newest first
        earlier = (Reading.from_record(r0), r0.as_of_date.year + 0.5)
        later = (Reading.from_record(r1), r1.as_of_date.year + 0.5)
        note = r1.note
    heat = _reading(_find(base, episode, metric="nasdaq100_pe", as_of=as_of))
    heat_name = ""
    if heat is None:
        heat = _series_reading(inputs.valuation_heat, inputs.valuation_heat_source, as_of, "x")
        heat_name = inputs.valuation_heat_name if heat is not None else ""
    funding = inputs.funding_quality
    if funding is not None and as_of is not None and _period_end(funding.as_of) > as_of.date():
        funding = None
    if funding is None:
        funding = _reading(_find(base, episode, metric="capex_funded_by_ocf_share", as_of=as_of))
    res = boom_bubble_gauges(
        capex_share_gdp=share, capex=capex, gdp=_latest_gdp(inputs.gdp, inputs.gdp_source, as_of),
        genai_revenue=revenue, revenue_earlier=earlier, revenue_later=later,
        nasdaq100_pe=heat, ocf_funded_share=funding, thresholds=thresholds, revenue_note=note,
    )
    if heat_name:  # name the proxy on the card: it is not the Nasdaq-100 P/E
        gauges = [replace(g, name=f"Valuation heat ({heat_name})",
                          note="the Nasdaq-100 P/E is not held; this is the best P/E series held")
                  if g.key == "valuation_heat" else g for g in res.gauges]
        res = replace(res, gauges=gauges)
    return res


def _concentration(base: EvidenceBase | None, episode: str, inputs: GaugeInputs,
                   as_of: pd.Timestamp | None) -> list[Gauge]:
    out: list[Gauge] = []
    if inputs.market_values is not None:
        mv = inputs.market_values if as_of is None else inputs.market_values.loc[:as_of]
        res = concentration(mv, top_n=10, group=MAG7)
        last = res.latest
        when = iso(res.table.index[-1])
        base_note = "" if res.of_total else "share of the supplied constituents"
        for key, name, unit, col in (("top10_share", "Top-10 share of index value", "%", "top_n_share"),
                                     ("hhi", "Herfindahl index (0-10,000)", "", "hhi"),
                                     ("mag7_share", "Magnificent-7 share of index value", "%", "group_share")):
            hist = res.table[col]
            h = history_stats(hist, name=name, min_obs=2, as_of=as_of) if len(hist) >= 2 else None
            out.append(Gauge(key=key, name=name, unit=unit, value=float(last[col]), as_of=when,
                             source=inputs.market_values_source, group="concentration", history=h, note=base_note))
        return out
    out.append(unavailable("top10_share", "Top-10 share of index value", "%", group="concentration",
                           needs="constituent market values (price x shares outstanding)"))
    out.append(unavailable("hhi", "Herfindahl index (0-10,000)", "", group="concentration",
                           needs="constituent market values (price x shares outstanding)"))
    rec = _find(base, episode, rid=f"{episode}.mag7-share-sp500", metric="mag7_share_of_sp500_market_value",
                as_of=as_of)
    out.append(gauge_from_record("mag7_share", "Magnificent-7 share of S&P 500 value", "%", rec,
                                 "constituent market values or an evidence record "
                                 "'mag7_share_of_sp500_market_value'", group="concentration", expect_unit="%"))
    return out


def _maybe_history(s: pd.Series, name: str, window_years: int, as_of: pd.Timestamp | None = None) -> Any:
    try:
        return history_stats(s, name=name, window_years=window_years, min_obs=2, as_of=as_of)
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
        h = _maybe_history(r.raw_2y, name, window_years, as_of)
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
        h = _maybe_history(r.sigma, name, 30, as_of)
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
    bands: PercentileBands = DEFAULT_BANDS,
) -> GaugePanel:
    """Every gauge for ``episode`` from the given data and evidence (missing → "not available"),
    each with its light (:mod:`bubblescope.gauges.lights`; ``bands`` for the percentile rule)."""
    when = None if as_of is None else pd.Timestamp(as_of)
    fwd = _find(evidence, episode, metric="sp500_forward_pe", as_of=when)
    pcf = _find(evidence, episode, metric="sp500_price_to_cash_flow", as_of=when)
    val = valuation_gauges(inputs.shiller, buffett=inputs.buffett, forward_pe=fwd, price_cash_flow=pcf,
                           forward_pe_series=inputs.forward_pe, forward_pe_source=inputs.forward_pe_source,
                           window_years=window_years, as_of=when, shiller_source=inputs.shiller_source,
                           buffett_source=inputs.buffett_source)
    val = replace(val, gauges=light_all(val.gauges, bands))
    leader = gauge_from_record(
        "leader_forward_pe", "Forward P/E (NVIDIA)", "x",
        _find(evidence, episode, metric="nvidia_forward_pe", as_of=when),
        "an evidence record with metric 'nvidia_forward_pe'", expect_unit="x")
    boom = _boom(evidence, episode, inputs, when, thresholds)
    runs, d1 = _runups(inputs, when, window_years)
    trends, d2 = _gmo(inputs, when)
    froth = froth_gauges(inputs.conditions, as_of=when, window_years=window_years)
    ff = inputs.conditions.get("FEDFUNDS")
    policy = policy_path(ff, as_of=when, source=str(ff.attrs.get("source", "FRED FEDFUNDS")) if ff is not None
                         else "FRED FEDFUNDS")
    gauges = light_all([*val.gauges, leader, *_concentration(evidence, episode, inputs, when), *boom.gauges,
                        *runs, *trends, *froth, policy.gauge], bands)
    d2["policy_path"] = policy
    if when is not None:  # notes written later (e.g. "checked 2026-11") are not shown at an earlier date
        gauges = [replace(g, note=note_known_by(g.note, when)) for g in gauges]
    return GaugePanel(episode=episode, as_of=None if when is None else iso(when), gauges=gauges, boom=boom,
                      valuation=val, details={**d1, **d2})
