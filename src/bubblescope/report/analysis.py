"""The report's data-driven compute step: fetch the episode's data through the data layer and run the
market diagnostics (PSY, LPPLS), then the other steps (:mod:`bubblescope.report.steps`: gauges,
economics, stress, backtest file, market scan).

With :mod:`bubblescope.report.fetch`, the only part of the report that does I/O (through
:mod:`bubblescope.data`, the scan's CSV files and, for the backtest scorecard, one JSON file the user
points at). :func:`analyse` returns an :class:`Analysis` of result objects; the compute phase
(:func:`bubblescope.report.compute.compute`) adds the evidence-based results and the section
functions render them. Every step is wrapped so that a missing input makes the matching section say
what it needs instead of failing the whole report.

Settings kept deliberately small so that ``make report`` stays under a minute on two cores:

* PSY (``cv="mc-sadf"``, 95%): the last close of each month when the window spans more than 10
  years, of each week (ending Friday) otherwise; Monte Carlo critical values with :data:`PSY_REPS` replications, seed
  :data:`PSY_SEED`, read from the disk cache (:mod:`bubblescope.detect.cvcache`) when present.
* LPPLS: window lengths :data:`LPPLS_WINDOWS` trading days, an end date every
  :data:`LPPLS_STEP` trading days over :data:`LPPLS_YEARS` years (ongoing episodes: the last years;
  past episodes: the years before the peak and half a year after), no residual resampling; the
  confidence is read against :data:`LPPLS_NULL` (:data:`LPPLS_NULL_PATHS` block-bootstrap paths of the
  series' own returns up to the last date, cached on disk by :mod:`bubblescope.detect.lppls_cache`).
  On the report's main index (:func:`main_index`) the FCO multi-scale confidence (super-short, short,
  medium, long; windows every :data:`LPPLS_SCALE_STEP` trading days) is computed at the same end
  dates and cached on disk the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from bubblescope.detect._lppls_null import NullSpec
from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.errors import BubblescopeError
from bubblescope.report.fetch import Fetcher, SeriesInfo, series_info
from bubblescope.report.steps import (
    CHIP_LIVES,
    ReportScan,
    capex_assessment,
    gauge_panel,
    market_scan,
    peak_overlay_step,
    read_backtest,
    stress_results,
)

if TYPE_CHECKING:
    from bubblescope.economics import CapexAssessment, Sensitivity
    from bubblescope.evidence.loader import EvidenceBase
    from bubblescope.gauges.panel import GaugePanel
    from bubblescope.stress import StressResult

#: PSY Monte Carlo replications, seed and size for the report (cached on disk after the first run).
PSY_REPS = 2000
PSY_SEED = 0
PSY_SIZE = 0.05
#: The report's PSY settings: PSY (2015) / exuber critical sequence, 95% quantile (size 0.05).
PSY_SPEC = PSYSpec(cv="mc-sadf", reps=PSY_REPS, seed=PSY_SEED, size=PSY_SIZE)
#: LPPLS settings for the report (coarse on purpose; the ``lppls`` command runs the full FCO grid).
LPPLS_WINDOWS: tuple[int, ...] = (125, 250, 375, 500, 625, 750)
LPPLS_STEP = 20
LPPLS_YEARS = 3
LPPLS_SEED = 0
LPPLS_NULL_PATHS = 40
LPPLS_STARTS = 2
#: FCO multi-scale panels (issue 17): windows every this many trading days on each scale.
LPPLS_SCALE_STEP = 10
#: The report's LPPLS null: a stationary block bootstrap of the series' own returns (few paths, cached on disk).
LPPLS_NULL = NullSpec(n_paths=LPPLS_NULL_PATHS, block=20, seed=LPPLS_SEED, level=0.95)
#: Years of history before an ongoing episode's first year used for PSY (gives the test a baseline).
PSY_LOOKBACK_YEARS = 10

Progress = Callable[[str], None]


@dataclass(frozen=True)
class MarketDiagnostics:
    """PSY and LPPLS for one series (either may be None, with the reason in ``notes``)."""

    info: SeriesInfo
    psy: Any = None  # PSYResult
    psy_frequency: str = ""
    lppls: Any = None  # LPPLSIndicators
    notes: tuple[str, ...] = ()
    lppls_scales: Any = None  # DataFrame <scale>_pos_conf/_neg_conf per LPPLS end date (main index only)


@dataclass(frozen=True)
class Analysis:
    """Everything the data-driven sections render; ``notes`` lists what was skipped and why.

    ``scan`` is None when no scan was tried (an Analysis built by hand); otherwise its result or
    what it needs.
    """

    market: tuple[MarketDiagnostics, ...] = ()
    missing_series: tuple[str, ...] = ()
    gauges: GaugePanel | None = None
    gauge_sources: dict[str, Any] = field(default_factory=dict)
    capex: CapexAssessment | None = None
    chip_life: Sensitivity | None = None  # revenue gap over chip_life_economic
    stress: tuple[StressResult, ...] = ()  # one per packaged scenario on the episode's network
    backtest: dict[str, Any] | None = None
    backtest_file: str | None = None
    scan: ReportScan | None = None
    overlay: Any = None  # verdict.overlay.OverlayResult (ongoing episodes), see steps.peak_overlay_step
    overlay_needs: str | None = None
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


def run_lppls(s: pd.Series, dates: list[pd.Timestamp], null: Any = None) -> Any:
    """LPPLS indicators at the given end dates only (one ``indicators`` call per date, concatenated).

    ``null`` (default :data:`LPPLS_NULL`): the bootstrap null of the confidence, drawn once from the
    returns up to the last date and read from the disk cache (:mod:`bubblescope.detect.lppls_cache`);
    every date's ``p_value`` and the result's ``null_q95`` come from it, so ``to_signals()`` counts.
    """
    import numpy as np

    from bubblescope.detect._lppls_null import p_values
    from bubblescope.detect.lppls import indicators
    from bubblescope.detect.lppls_cache import cached_null

    spec = LPPLS_NULL if null is None else null
    parts = []
    for d in dates:
        parts.append(indicators(s, start=d, end=d, windows=LPPLS_WINDOWS, n_resamples=0, seed=LPPLS_SEED,
                                n_starts=LPPLS_STARTS))
    if not parts:
        return None
    frame = pd.concat([p.frame for p in parts])
    fits = pd.concat([p.fits for p in parts]) if all(p.fits is not None for p in parts) else parts[0].fits
    out = dataclasses.replace(parts[0], frame=frame, fits=fits)
    hist = s[s.index <= dates[-1]]
    if len(hist) < max(LPPLS_WINDOWS) + 2 * spec.block:
        return out
    values = cached_null(hist, list(LPPLS_WINDOWS), spec, n_starts=LPPLS_STARTS, seed=LPPLS_SEED)
    frame = frame.assign(p_value=p_values(frame["pos_conf"].to_numpy(), values))
    return dataclasses.replace(out, frame=frame, null=spec, null_q95=float(np.quantile(values, spec.level)),
                               null_values=values)


def _scales() -> dict[str, tuple[int, int]]:
    from bubblescope.detect._lppls_scales import SCALES

    return SCALES


def main_index(symbols: list[str]) -> str | None:
    """The episode's main index: its first market series that is an index (symbol starting with ^)."""
    return next((sym for sym in symbols if sym.startswith("^")), None)


def run_lppls_scales(s: pd.Series, dates: list[pd.Timestamp]) -> pd.DataFrame:
    """FCO multi-scale confidence at the report's LPPLS end dates (disk-cached, see the module docstring)."""
    from bubblescope.detect.lppls_cache import cached_multiscale

    return cached_multiscale(s, dates, step=LPPLS_SCALE_STEP, n_starts=LPPLS_STARTS, seed=LPPLS_SEED)


def run_psy(s: pd.Series, spec: PSYSpec = PSY_SPEC) -> Any:
    """PSY on one market sample with the report's spec; critical values from the disk cache."""
    from bubblescope.detect.cvcache import cached_critical_values
    from bubblescope.detect.psy import psy

    return psy(s, spec, critical_values=cached_critical_values(len(s), spec))


def _market(ep: Any, fetch: Fetcher, progress: Progress) -> tuple[list[MarketDiagnostics], list[str]]:
    out: list[MarketDiagnostics] = []
    missing: list[str] = []
    for sym in ep.market_series:
        progress(f"market data: {sym}")
        s = fetch.series(sym)
        if s is None or len(s) < 2:
            missing.append(sym)
            continue
        info = series_info(sym, s)
        lo, hi = market_window(ep, s.index[-1])
        notes: list[str] = []
        res_psy = res_lppls = scales = None
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
            if sym == main_index(list(ep.market_series)):
                progress(f"LPPLS time scales: {sym}")
                try:
                    scales = run_lppls_scales(daily, dates)
                except BubblescopeError as exc:
                    notes.append(f"LPPLS time scales: {exc}")
        else:
            notes.append(f"LPPLS: no end dates with {min(LPPLS_WINDOWS)} observations of history in the span")
        out.append(MarketDiagnostics(info, res_psy, freq, res_lppls, tuple(notes), scales))
    return out, missing


def analyse(base: EvidenceBase, episode_id: str, *, data_dir: Path | None = None, offline: bool = False,
            backtest_dir: Path | None = None, progress: Progress | None = None,
            as_of: str | None = None) -> Analysis:
    """Fetch data and run PSY, LPPLS, gauges, economics, stress and the market scan for the report
    (see the module docstring); read the backtest scorecard from ``backtest_dir``. ``as_of``: judge the
    episode at that date (every series cut there; the market scan, which judges today, is skipped)."""
    say = progress or (lambda _m: None)
    ep = base.episode(episode_id)
    fetch = Fetcher(data_dir, offline, as_of)
    notes: list[str] = []
    market, missing = _market(ep, fetch, say)
    try:
        panel, gsrc = gauge_panel(ep, base, fetch, [m.info for m in market], say)
    except BubblescopeError as exc:
        panel, gsrc = None, {}
        notes.append(f"gauges: {exc}")
    capex = chip = None
    stress: tuple[StressResult, ...] = ()
    try:
        capex, chip = capex_assessment(ep, say)
    except BubblescopeError as exc:
        notes.append(f"economics: {exc}")
    try:
        stress = stress_results(ep, say)
    except BubblescopeError as exc:
        notes.append(f"stress: {exc}")
    bt = bt_file = None
    if backtest_dir is not None:
        bt, bt_file, problem = read_backtest(backtest_dir)
        if problem:
            notes.append(f"backtest: {problem}")
    overlay, overlay_needs = peak_overlay_step(ep, fetch, say)
    if as_of is not None or ep.end is not None:
        scan = None  # the scan judges today's markets: it applies to an ongoing episode judged today only
    else:
        scan = market_scan(data_dir, offline=fetch.offline, progress=say)
    settings = {
        "psy": {**PSY_SPEC.to_dict(), "lookback_years_ongoing": PSY_LOOKBACK_YEARS,
                "sampling": "last close of each month if the span exceeds 10 years, else of each week (W-FRI)"},
        "lppls": {"windows_trading_days": list(LPPLS_WINDOWS), "step_trading_days": LPPLS_STEP,
                  "years": LPPLS_YEARS, "n_resamples": 0, "n_starts": LPPLS_STARTS, "seed": LPPLS_SEED,
                  "filters": "sornette2015", "null": dataclasses.asdict(LPPLS_NULL),
                  "scales": {"main_index": main_index(list(ep.market_series)), "step_trading_days": LPPLS_SCALE_STEP,
                             "windows_trading_days": {k: list(v) for k, v in _scales().items()}}},
        "chip_lives_years": list(CHIP_LIVES),
    }
    return Analysis(market=tuple(market), missing_series=tuple(missing), gauges=panel, gauge_sources=gsrc,
                    capex=capex, chip_life=chip, stress=stress, backtest=bt, backtest_file=bt_file, scan=scan,
                    overlay=overlay, overlay_needs=overlay_needs,
                    network_reachable=fetch.reachable, offline=offline,
                    data_dir=None if data_dir is None else str(data_dir), settings=settings,
                    notes=tuple(fetch.notes + notes))
