"""The report's compute phase: fetch the episode's data through the data layer and run every analysis.

This is the only part of the report that does I/O (through :mod:`bubblescope.data` and, for the
backtest scorecard, one JSON file the user points at). It returns an :class:`Analysis` of result
objects that the section functions render; sections stay pure. Every step is wrapped so that a
missing input makes the matching section say what it needs instead of failing the whole report.

Settings kept deliberately small so that ``make report`` stays under a minute on two cores:

* PSY (``cv="mc-sadf"``, 95%): the last close of each month when the window spans more than 10
  years, of each week (ending Friday) otherwise; Monte Carlo critical values with :data:`PSY_REPS` replications, seed
  :data:`PSY_SEED`, read from the disk cache (:mod:`bubblescope.detect.cvcache`) when present.
* LPPLS: window lengths :data:`LPPLS_WINDOWS` trading days, an end date every
  :data:`LPPLS_STEP` trading days over :data:`LPPLS_YEARS` years (ongoing episodes: the last years;
  past episodes: the years before the peak and half a year after), no residual resampling.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from bubblescope.errors import BubblescopeError, DataSourceError

#: PSY Monte Carlo replications and seed for the report (cached on disk after the first run).
PSY_REPS = 2000
PSY_SEED = 0
PSY_ALPHA = 0.95
#: LPPLS settings for the report (coarse on purpose; the ``lppls`` command runs the full FCO grid).
LPPLS_WINDOWS: tuple[int, ...] = (125, 250, 375, 500, 625, 750)
LPPLS_STEP = 20
LPPLS_YEARS = 3
LPPLS_SEED = 0
#: Years of history before an ongoing episode's first year used for PSY (gives the test a baseline).
PSY_LOOKBACK_YEARS = 10
#: The packaged economics scenarios (base/bear/bull) describe the AI boom only.
ECONOMICS_EPISODES = frozenset({"ai-2023"})
#: Chip economic lives (years) for the depreciation sensitivity.
CHIP_LIVES = (2.0, 3.0, 4.0, 5.0, 6.0)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class SeriesInfo:
    """One market series with where it came from. ``mode``: local, live, cached or packaged."""

    symbol: str
    series: pd.Series = field(repr=False)
    mode: str
    source: str
    as_of: str
    first: str
    provenance: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "mode": self.mode, "source": self.source, "first": self.first,
                "as_of": self.as_of, "observations": len(self.series), "provenance": self.provenance}


@dataclass(frozen=True)
class MarketDiagnostics:
    """PSY and LPPLS for one series (either may be None, with the reason in ``notes``)."""

    info: SeriesInfo
    psy: Any = None  # PSYResult
    psy_frequency: str = ""
    lppls: Any = None  # LPPLSIndicators
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """Everything the data-driven sections render; ``notes`` lists what was skipped and why."""

    market: tuple[MarketDiagnostics, ...] = ()
    missing_series: tuple[str, ...] = ()
    gauges: Any = None  # GaugePanel
    gauge_sources: dict[str, Any] = field(default_factory=dict)
    capex: Any = None  # CapexAssessment
    chip_life: Any = None  # Sensitivity over chip_life_economic
    stress: tuple[Any, ...] = ()  # StressResult per packaged scenario on the episode's network
    backtest: dict[str, Any] | None = None
    backtest_file: str | None = None
    network_reachable: bool | None = None  # None: not tried (offline or local data only)
    offline: bool = False
    data_dir: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def data_modes(self) -> dict[str, str]:
        """Symbol → local/live/cached/packaged."""
        out = {m.info.symbol: m.info.mode for m in self.market}
        out.update({k: v["mode"] for k, v in self.gauge_sources.items() if isinstance(v, dict) and "mode" in v})
        return out


def _mode(prov: Any) -> str:
    src = getattr(prov, "source", "")
    if src == "local":
        return "local"
    if src == "package":
        return "packaged"
    if getattr(prov, "from_cache", False):
        return "cached (stale)" if getattr(prov, "stale", False) else "cached"
    return "live"


def _prov_dict(prov: Any) -> dict[str, Any]:
    from bubblescope.results import to_jsonable

    if prov is None:
        return {}
    if isinstance(prov, dict):
        return {k: _prov_dict(v) for k, v in prov.items()}
    d = to_jsonable(prov)
    return d if isinstance(d, dict) else {"source": str(prov)}


def _source_text(prov: Any) -> str:
    segs = getattr(prov, "segments", ()) or ()
    origins = ", ".join(dict.fromkeys(s.origin for s in segs if getattr(s, "origin", "")))
    src = getattr(prov, "source", "?")
    if src == "local" and origins:
        return f"local files: {origins}"
    url = getattr(prov, "url", None)
    return f"{src}: {url}" if url else str(src)


class _Fetcher:
    """get_series with a circuit breaker: after the first network failure the rest runs offline."""

    def __init__(self, data_dir: Path | None, offline: bool) -> None:
        self.data_dir = data_dir
        self.offline = offline
        self.reachable: bool | None = None
        self.notes: list[str] = []

    def series(self, symbol: str, **kw: Any) -> pd.Series | None:
        from bubblescope.data.api import get_series

        try:
            return get_series(symbol, data_dir=self.data_dir, offline=self.offline, **kw)
        except DataSourceError as exc:
            if not self.offline and "network error" in str(exc):
                self.reachable = False
                self.offline = True
                self.notes.append(f"network unreachable ({symbol}); the rest used cache and packaged data only")
                return self.series(symbol, **kw)
            self.notes.append(f"{symbol}: {exc}")
            return None

    def frame(self, symbol: str) -> pd.DataFrame | None:
        from bubblescope.data.api import get_frame

        try:
            return get_frame(symbol, data_dir=self.data_dir, offline=self.offline)
        except DataSourceError as exc:
            if not self.offline and "network error" in str(exc):
                self.reachable = False
                self.offline = True
                self.notes.append(f"network unreachable ({symbol}); the rest used cache and packaged data only")
                return self.frame(symbol)
            self.notes.append(f"{symbol}: {exc}")
            return None


def _info(symbol: str, s: pd.Series) -> SeriesInfo:
    prov = s.attrs.get("provenance")
    return SeriesInfo(symbol, s, _mode(prov), _source_text(prov), s.index[-1].date().isoformat(),
                      s.index[0].date().isoformat(), _prov_dict(prov))


def market_window(episode: Any, last: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span analysed for an episode: ongoing → ``start - 10y`` to the last observation; past →
    its first to its last year (e.g. dot-com: 1995-01-01 to 2002-12-31)."""
    if episode.end is None:
        return pd.Timestamp(f"{episode.start - PSY_LOOKBACK_YEARS}-01-01"), last
    return pd.Timestamp(f"{episode.start}-01-01"), pd.Timestamp(f"{episode.end}-12-31")


def psy_sample(s: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Series, str]:
    """Daily closes → the last close of each month (span > 10 years) or week ending Friday (shorter) in
    [start, end], each dated by the day it was observed (a partial last period keeps its real date)."""
    w = s[(s.index >= start) & (s.index <= end)].dropna()
    w = w[w > 0]
    span_years = (w.index[-1] - w.index[0]).days / 365.25 if len(w) > 1 else 0.0
    monthly = span_years > 10
    periods = w.index.to_period("M" if monthly else "W-FRI")
    out = w[~periods.duplicated(keep="last")]
    return out, "month-end closes" if monthly else "weekly closes"


def lppls_dates(s: pd.Series, episode: Any) -> list[pd.Timestamp]:
    """LPPLS end dates: every LPPLS_STEP trading days over LPPLS_YEARS years (see module docstring)."""
    if episode.end is None or episode.peak is None:
        hi = s.index[-1]
        lo = hi - pd.DateOffset(years=LPPLS_YEARS)
    else:
        peak = pd.Timestamp(episode.peak)
        lo, hi = peak - pd.DateOffset(years=LPPLS_YEARS), peak + pd.DateOffset(months=6)
    min_obs = min(LPPLS_WINDOWS)
    idx = s.index[min_obs - 1:]
    sel = idx[(idx >= lo) & (idx <= hi)]
    if len(sel) == 0:
        return []
    picks = list(sel[::-1][::LPPLS_STEP])[::-1]  # always include the last date of the span
    return picks


def run_lppls(s: pd.Series, dates: list[pd.Timestamp]) -> Any:
    """LPPLS indicators at the given end dates only (one ``indicators`` call per date, concatenated)."""
    from bubblescope.detect.lppls import indicators

    parts = []
    for d in dates:
        parts.append(indicators(s, start=d, end=d, windows=LPPLS_WINDOWS, n_resamples=0, seed=LPPLS_SEED,
                                n_starts=2))
    if not parts:
        return None
    frame = pd.concat([p.frame for p in parts])
    fits = pd.concat([p.fits for p in parts]) if all(p.fits is not None for p in parts) else parts[0].fits
    return dataclasses.replace(parts[0], frame=frame, fits=fits)


def run_psy(s: pd.Series) -> Any:
    from bubblescope.detect.cvcache import cached_critical_values_mc
    from bubblescope.detect.psy import psy

    cvs = cached_critical_values_mc(len(s), reps=PSY_REPS, seed=PSY_SEED)
    return psy(s, cv="mc-sadf", critical_values=cvs, alpha=PSY_ALPHA, seed=PSY_SEED)


def _market(ep: Any, fetch: _Fetcher, progress: Progress) -> tuple[list[MarketDiagnostics], list[str]]:
    out: list[MarketDiagnostics] = []
    missing: list[str] = []
    for sym in ep.market_series:
        progress(f"market data: {sym}")
        s = fetch.series(sym)
        if s is None or len(s) < 2:
            missing.append(sym)
            continue
        info = _info(sym, s)
        lo, hi = market_window(ep, s.index[-1])
        notes: list[str] = []
        res_psy = res_lppls = None
        freq = ""
        sample, freq = psy_sample(s, lo, hi)
        if len(sample) >= 40:
            progress(f"PSY: {sym} ({len(sample)} {freq})")
            try:
                res_psy = run_psy(sample)
            except BubblescopeError as exc:
                notes.append(f"PSY: {exc}")
        else:
            notes.append(f"PSY: only {len(sample)} observations in {lo.date()}–{hi.date()} (needs 40)")
        daily = s[s.index <= hi]
        dates = lppls_dates(daily, ep)
        if dates:
            progress(f"LPPLS: {sym} ({len(dates)} end dates)")
            try:
                res_lppls = run_lppls(daily, dates)
            except BubblescopeError as exc:
                notes.append(f"LPPLS: {exc}")
        else:
            notes.append(f"LPPLS: no end dates with {min(LPPLS_WINDOWS)} observations of history in the span")
        out.append(MarketDiagnostics(info, res_psy, freq, res_lppls, tuple(notes)))
    return out, missing


def _gauges(ep: Any, base: Any, fetch: _Fetcher, market: list[MarketDiagnostics],
            progress: Progress) -> tuple[Any, dict[str, Any]]:
    from bubblescope.gauges.panel import GaugeInputs, PriceInput, episode_gauges

    progress("gauges: Shiller CAPE, GDP, run-ups")
    sources: dict[str, Any] = {}
    kw: dict[str, Any] = {}
    sh = fetch.frame("SHILLER")
    if sh is not None:
        prov = sh.attrs.get("provenance", {})
        p0 = prov.get("cape") or next(iter(prov.values()), None)
        kw.update(shiller=sh, shiller_source=f"Shiller ie_data ({_source_text(p0)})")
        sources["SHILLER"] = {"mode": _mode(p0), "source": _source_text(p0),
                              "as_of": sh.index[-1].date().isoformat(), "provenance": _prov_dict(p0)}
    gdp = fetch.series("fred:GDP")
    if gdp is not None:
        p = gdp.attrs.get("provenance")
        kw.update(gdp=gdp, gdp_source=f"BEA GDP ({_source_text(p)})")
        sources["GDP"] = {"mode": _mode(p), "source": _source_text(p), "as_of": gdp.index[-1].date().isoformat(),
                          "provenance": _prov_dict(p)}
    if fetch.data_dir is not None:  # the Buffett ratio has no download source: a CSV in the data folder only
        found = sorted(Path(fetch.data_dir).rglob("buffett_indicator*.csv"))
        buf = fetch.series(str(found[0])) if found else None
        if buf is not None:
            p = buf.attrs.get("provenance")
            rel = f"local file: {found[0].relative_to(fetch.data_dir)}"
            kw.update(buffett=buf, buffett_source=f"Z.1 NCBEILQ027S / GDP ({rel})")
            sources["BUFFETT"] = {"mode": "local", "source": rel,
                                  "as_of": buf.index[-1].date().isoformat(), "provenance": _prov_dict(p)}
    prices = []
    mkt = None
    for m in market:
        pi = PriceInput(m.info.symbol, m.info.series, m.info.source)
        if m.info.symbol == "^GSPC":
            mkt = pi
        else:
            prices.append(pi)
    if mkt is None and prices:  # GSY's run-up is net of the market (S&P 500)
        spx = fetch.series("^GSPC")
        if spx is not None:
            mkt = PriceInput("^GSPC", spx, _source_text(spx.attrs.get("provenance")))
    try:
        panel = episode_gauges(ep.id, GaugeInputs(prices=prices, market=mkt, **kw), base, as_of=ep.peak)
    except BubblescopeError as exc:
        # a price series the run-up/trend gauges cannot use must not hide the valuation and evidence gauges
        fetch.notes.append(f"gauges: {exc}; run-up and trend gauges left out")
        panel = episode_gauges(ep.id, GaugeInputs(**kw), base, as_of=ep.peak)
    return panel, sources


def _economics(ep: Any, progress: Progress) -> tuple[Any, Any]:
    if ep.id not in ECONOMICS_EPISODES:
        return None, None
    from bubblescope.economics import load_scenario, run_scenario, sensitivity

    progress("investment economics: base scenario")
    sc = load_scenario("base")
    return run_scenario(sc), sensitivity(sc, {"chip_life_economic": list(CHIP_LIVES)}, "revenue_gap")


def _stress(ep: Any, progress: Progress) -> tuple[Any, ...]:
    from bubblescope.stress import (
        load_network,
        load_shock_scenario,
        packaged_networks,
        packaged_scenarios,
        run_stress,
    )

    if ep.id not in packaged_networks():
        return ()
    progress("stress: exposure network")
    net = load_network(ep.id)
    out = []
    for name in packaged_scenarios():
        sc = load_shock_scenario(name)
        if sc.network == ep.id:
            out.append(run_stress(net, sc))
    return tuple(out)


def read_backtest(directory: Path) -> tuple[dict[str, Any] | None, str | None, str | None]:
    """``(payload, file, problem)`` for ``directory/validation.json`` written by ``bubblescope backtest``."""
    f = directory / "validation.json"
    if not f.is_file():
        return None, None, f"no validation.json in {directory}"
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, str(f), f"{f}: unreadable ({exc})"
    if not isinstance(data, dict) or "scorecard" not in data:
        return None, str(f), f"{f}: no 'scorecard' (not written by bubblescope backtest?)"
    return data, str(f), None


def analyse(base: Any, episode_id: str, *, data_dir: Path | None = None, offline: bool = False,
            backtest_dir: Path | None = None, progress: Progress | None = None) -> Analysis:
    """Fetch data and run PSY, LPPLS, gauges, economics and stress for the report (see module docstring)."""
    say = progress or (lambda _m: None)
    ep = base.episode(episode_id)
    fetch = _Fetcher(data_dir, offline)
    notes: list[str] = []
    market, missing = _market(ep, fetch, say)
    try:
        panel, gsrc = _gauges(ep, base, fetch, market, say)
    except BubblescopeError as exc:
        panel, gsrc = None, {}
        notes.append(f"gauges: {exc}")
    capex = chip = None
    stress: tuple[Any, ...] = ()
    try:
        capex, chip = _economics(ep, say)
    except BubblescopeError as exc:
        notes.append(f"economics: {exc}")
    try:
        stress = _stress(ep, say)
    except BubblescopeError as exc:
        notes.append(f"stress: {exc}")
    bt = bt_file = None
    if backtest_dir is not None:
        bt, bt_file, problem = read_backtest(backtest_dir)
        if problem:
            notes.append(f"backtest: {problem}")
    settings = {
        "psy": {"cv": "mc-sadf", "alpha": PSY_ALPHA, "reps": PSY_REPS, "seed": PSY_SEED,
                "lookback_years_ongoing": PSY_LOOKBACK_YEARS,
                "sampling": "last close of each month if the span exceeds 10 years, else of each week (W-FRI)"},
        "lppls": {"windows_trading_days": list(LPPLS_WINDOWS), "step_trading_days": LPPLS_STEP,
                  "years": LPPLS_YEARS, "n_resamples": 0, "n_starts": 2, "seed": LPPLS_SEED,
                  "filters": "sornette2015"},
        "chip_lives_years": list(CHIP_LIVES),
    }
    return Analysis(market=tuple(market), missing_series=tuple(missing), gauges=panel, gauge_sources=gsrc,
                    capex=capex, chip_life=chip, stress=stress, backtest=bt, backtest_file=bt_file,
                    network_reachable=fetch.reachable, offline=offline,
                    data_dir=None if data_dir is None else str(data_dir), settings=settings,
                    notes=tuple(fetch.notes + notes))


def finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(float(x))
