"""Real-time versions of the package's signals, for the backtest.

Each builder returns a :class:`~bubblescope.backtest.engine.Signal` whose alarm at date ``t`` uses
data up to ``t`` only. Conventions that make this true (and that the truncation test checks):

* Monthly signals run on **month-end** closes labelled with the month's last calendar day, the date
  at which the month's information exists (a month-start label would look ahead by a month).
* **PSY**: the BSADF at ``t`` uses windows ending at ``t`` (causal). The minimum window is fixed in
  months (not derived from the full-sample length), and the critical values are one Monte Carlo table
  simulated once for the longest series under a *driftless* random-walk null (``d = 0``), so the
  critical value at position ``k`` depends neither on the data nor on where the sample ends. An alarm
  is BSADF above the critical value at the chosen level.
* **LPPLS**: the indicator at an end date ``t2`` fits only windows ending at ``t2``; alarm when the
  positive-bubble confidence is at least a threshold (default 10%).
* **GMO**: expanding-window log-linear trend (each month's trend is fitted on the past only).
* **GSY**: backward-looking 2-year returns.
* **CAPE percentile**: the percentile of CAPE among all earlier months (expanding).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import pandas as pd

from bubblescope.backtest.engine import Signal
from bubblescope.detect._psy_cv import MCCriticalValues
from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.errors import InputError

SIGNAL_NAMES: tuple[str, ...] = ("psy-mc-sadf", "psy-mc", "lppls", "gmo-2sigma", "gsy-runup", "cape-p95")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BacktestSettings:
    """Every setting that changes a signal, recorded in the output."""

    seed: int = 0
    psy_min_window: int = 36  # months
    psy_reps: int = 2000
    psy_size: float = 0.05  # test size: the critical value is the 95% quantile
    psy_table_months: int = 2000  # fixed, so the critical values do not depend on where the data end
    lppls_threshold: float = 0.10
    lppls_windows: tuple[int, ...] = tuple(range(750, 124, -5))  # the FCO grid, trading days
    lppls_n_starts: int = 2
    gmo_sigma: float = 2.0
    gmo_min_years: int = 20
    gsy_threshold_pct: float = 100.0
    cape_percentile: float = 0.95
    extra: dict[str, object] = field(default_factory=dict)

    def psy_spec(self, method: str = "mc-sadf") -> PSYSpec:
        """The PSY settings of the backtest signals (InputError for a bad method or setting): lag 0 on
        month-end closes, as the recorded validation (the real-time table is one lag-0 simulation)."""
        if method not in ("mc-sadf", "mc"):
            raise InputError(f"backtest PSY method must be 'mc-sadf' or 'mc', got {method!r}")
        return PSYSpec(min_window=self.psy_min_window, cv=method, reps=self.psy_reps, seed=self.seed,  # type: ignore[arg-type]
                       size=self.psy_size, lag=0, frequency=None)

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["lppls_windows"] = f"{len(self.lppls_windows)} windows {min(self.lppls_windows)}..{max(self.lppls_windows)}"
        return d


def month_end(s: pd.Series) -> pd.Series:
    """Last observation of each month, labelled with the month's last calendar day."""
    if not isinstance(s.index, pd.DatetimeIndex):
        raise InputError("a price series needs a DatetimeIndex")
    return s.resample("ME").last().dropna()


def _relabel_month_end(s: pd.Series) -> pd.Series:
    out = s.copy()
    out.index = out.index + pd.offsets.MonthEnd(0)
    return out


def psy_signal(
    name: str,
    series_id: str,
    prices: pd.Series,
    *,
    settings: BacktestSettings,
    method: str = "mc-sadf",
    table: MCCriticalValues | None = None,
) -> Signal:
    """PSY alarms on month-end log prices (see the module docstring for the real-time rules).

    ``table``: the shared driftless Monte Carlo table (:func:`psy_table`) for at least as many
    months as the series has; computed here when not given.
    """
    from bubblescope.detect.psy_steps import radf

    spec = settings.psy_spec(method)
    m = month_end(prices)
    stat = radf(m, spec).bsadf
    if table is None:
        table = psy_table(len(m), settings)
    seq = (table.sadf_running if method == "mc-sadf" else table.bsadf)[spec.level].to_numpy()
    if len(seq) < len(stat):
        raise InputError(f"PSY critical-value table covers {len(seq)} positions, the series needs {len(stat)}")
    T = int(table.params.get("T", len(m)))
    cv = pd.Series(seq[: len(stat)], index=stat.index)
    alarm = (stat > cv).reindex(m.index, fill_value=False)
    label = "running-SADF quantiles (exuber/PSY 2015)" if method == "mc-sadf" else "per-date BSADF quantiles"
    return Signal(name, series_id, alarm.astype(bool),
                  description=f"PSY BSADF above the {spec.level:.0%} Monte Carlo critical value ({label}; "
                              f"driftless null, {spec.replications} reps, seed {spec.seed}, "
                              f"minimum window {spec.min_window} months)",
                  params={"method": method, "table_length": T, "size": spec.size})


def psy_table(months: int, settings: BacktestSettings,
              progress: Callable[[int, int], None] | None = None) -> MCCriticalValues:
    """One driftless (d = 0) Monte Carlo table for ``months`` observations, shared by all series;
    ``progress(done, total)`` after each chunk of replications."""
    from bubblescope.detect.psy_steps import critical_values

    table = critical_values(int(months), settings.psy_spec(), d=0.0, progress=progress)
    if not isinstance(table, MCCriticalValues):  # the spec asks for Monte Carlo: a wild table is a bug
        raise TypeError("psy_table: expected a Monte Carlo table")
    return table


def lppls_signal(
    name: str,
    series_id: str,
    prices: pd.Series,
    *,
    settings: BacktestSettings,
    spans: Sequence[tuple[pd.Timestamp, pd.Timestamp]],
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Signal:
    """LPPLS positive-bubble confidence ≥ threshold, at each month's last trading day inside ``spans``."""
    from bubblescope.detect.lppls import indicators

    s = prices.dropna()
    ends = s.groupby(s.index.to_period("M")).apply(lambda x: x.index[-1])
    ends = pd.DatetimeIndex(ends.to_numpy())
    first_ok = s.index[min(settings.lppls_windows) - 1] if len(s) >= min(settings.lppls_windows) else None
    wanted = [d for d in ends if first_ok is not None and d >= first_ok and any(lo <= d <= hi for lo, hi in spans)]
    conf: dict[pd.Timestamp, float] = {}
    for i, d in enumerate(wanted):
        ind = indicators(s.loc[:d], start=d, end=d, windows=settings.lppls_windows, n_resamples=0,
                         seed=settings.seed, workers=workers, n_starts=settings.lppls_n_starts)
        conf[d] = float(ind.to_frame()["pos_conf"].iloc[-1])
        if progress is not None:
            progress(i + 1, len(wanted))
    c = pd.Series(conf, dtype=float).sort_index()
    alarm = (c >= settings.lppls_threshold).astype(bool)
    alarm.index = alarm.index + pd.offsets.MonthEnd(0)  # one reading a month, dated at month end
    return Signal(name, series_id, alarm,
                  description=f"LPPLS positive-bubble confidence ≥ {settings.lppls_threshold:.0%} (sornette2015 filters, "
                              f"{len(settings.lppls_windows)} windows, monthly end dates)",
                  params={"end_dates": len(wanted)})


def gmo_signal(name: str, series_id: str, prices: pd.Series, *, settings: BacktestSettings,
               cpi: pd.Series | None = None) -> Signal:
    from bubblescope.gauges.runup import gmo_trend_deviation

    res = gmo_trend_deviation(month_end(prices), cpi=cpi, name=series_id, trend="expanding",
                              min_years=settings.gmo_min_years, bubble_sigma=settings.gmo_sigma,
                              super_sigma=max(settings.gmo_sigma, 2.5))
    sig = _relabel_month_end(res.sigma)
    alarm = (sig >= settings.gmo_sigma).astype(bool)
    return Signal(name, series_id, alarm,
                  description=f"GMO: log {'real ' if cpi is not None else ''}price ≥ {settings.gmo_sigma:g}σ above its "
                              f"expanding log-linear trend (≥ {settings.gmo_min_years} years of history)")


def gsy_signal(name: str, series_id: str, prices: pd.Series, *, settings: BacktestSettings,
               market: pd.Series | None = None) -> Signal:
    from bubblescope.gauges.runup import gsy_runup

    res = gsy_runup(month_end(prices), month_end(market) if market is not None else None, name=series_id,
                    threshold_2y=settings.gsy_threshold_pct)
    alarm = _relabel_month_end(res.flag.astype(bool))
    return Signal(name, series_id, alarm,
                  description=f"Greenwood–Shleifer–You: 2-year return ≥ {settings.gsy_threshold_pct:g}%"
                              + (" (raw and market-adjusted)" if market is not None else " (raw)"))


def cape_signal(name: str, series_id: str, cape: pd.Series, *, settings: BacktestSettings) -> Signal:
    c = month_end(cape)
    # percentile among all months up to and including this one (expanding): causal by construction
    pct = c.expanding(min_periods=120).rank(pct=True)
    alarm = (pct >= settings.cape_percentile).reindex(c.index, fill_value=False).astype(bool)
    return Signal(name, series_id, alarm,
                  description=f"Shiller CAPE at or above its {settings.cape_percentile:.0%} percentile of all earlier "
                              "months (≥ 10 years of history)")


def series_spans(catalogue, series_id: str) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The evaluated windows of the catalogue's episodes on one series (open ends → far future)."""
    out = []
    for ep in catalogue.episodes:
        if ep.series == series_id:
            lo, hi = ep.window()
            out.append((lo, hi if hi is not None else pd.Timestamp("2262-01-01")))
    return out

