"""The exuber-style steps of a PSY run, each callable on its own:

    stats = radf(prices, spec)                 # ADF / SADF / GSADF, BADF and BSADF sequences
    cvs = critical_values(prices, spec)        # Monte Carlo (or wild bootstrap) table
    episodes = datestamp(stats, cvs, spec)     # explosive episodes

:func:`bubblescope.detect.psy.psy` is these three in one call. Every step takes a
:class:`~bubblescope.detect.psy_spec.PSYSpec` (default: ``PSYSpec()``) and keyword overrides of
its fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect import _psy_core as C
from bubblescope.detect._psy_core import default_min_window
from bubblescope.detect._psy_cv import (
    MCCriticalValues,
    Progress,
    WildCriticalValues,
    critical_values_mc,
    wild_bootstrap_cv,
)
from bubblescope.detect._psy_stamp import stamp
from bubblescope.detect.psy_sampling import Plan, plan, sample
from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

__all__ = ["CriticalValues", "RADFResult", "critical_values", "cv_sequence", "datestamp", "radf"]

CriticalValues = MCCriticalValues | WildCriticalValues

EPISODE_COLUMNS = ["start", "peak", "end", "duration", "peak_stat", "ongoing", "kind", "change", "above",
                   "extended"]


def fmt_date(v: Any) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


@dataclass(frozen=True)
class RADFResult(Result):
    """Statistics of :func:`radf`: ``adf``/``sadf``/``gsadf`` (floats), ``badf``/``bsadf`` (Series on
    the series' dates), ``lags`` (lag chosen per date with an information criterion, else None),
    ``series`` (the analysed values, logged if ``spec.log``), ``rows`` (minimum window in regression
    rows) and ``design_lag`` (lag order of the regression design)."""

    series: pd.Series
    adf: float
    sadf: float
    gsadf: float
    badf: pd.Series
    bsadf: pd.Series
    lags: pd.Series | None
    rows: int
    design_lag: int
    spec: PSYSpec
    max_lag: int = 0  # largest lag tried (information criterion), resolved on this sample
    prices: pd.Series | None = None  # the input at the analysed frequency (before the log)
    sampling: str = "analysed as given"

    @property
    def n_obs(self) -> int:
        return int(self.series.size)

    @property
    def min_window(self) -> int:
        """The minimum window in the spec's convention (the default rule resolved)."""
        w = self.spec.window_for(self.n_obs)
        return w if w is not None else default_min_window(self.n_obs)

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({"badf": self.badf.to_numpy(), "bsadf": self.bsadf.to_numpy()}, index=self.bsadf.index)
        df.index.name = "date"
        return df.reset_index()

    def summary(self) -> str:
        idx = self.series.index
        return (f"recursive ADF statistics on {self.n_obs} observations ({fmt_date(idx[0])} .. {fmt_date(idx[-1])});"
                f" {self.spec.describe()}\n"
                f"ADF {self.adf:.4f}   SADF {self.sadf:.4f}   GSADF {self.gsadf:.4f}")

    def to_dict(self) -> dict[str, Any]:
        return {"adf": self.adf, "sadf": self.sadf, "gsadf": self.gsadf, "rows": self.rows,
                "spec": self.spec.to_dict(), "sequence": to_jsonable(self.to_frame().to_dict(orient="records"))}


def radf(series: pd.Series, spec: PSYSpec | None = None, **overrides: Any) -> RADFResult:
    """Recursive ADF statistics of ``series`` (exuber's ``radf``) under ``spec``."""
    spec = PSYSpec.build(spec, **overrides)
    prices, note = sample(series, spec)
    x, index = C.prepare_series(prices, log=spec.log)
    pl = plan(spec, x.size)
    code = C.ic_code(spec.criterion)
    bf, bs, lags = C.compute(x, index, pl.rows, pl.design_lag, code, full=True)
    dates = C.dates_for(index, pl.rows, pl.design_lag)
    return RADFResult(
        series=pd.Series(x, index=index, name="log_value" if spec.log else "value"),
        adf=float(bf[-1]), sadf=float(bf.max()), gsadf=float(bs.max()),
        badf=pd.Series(bf, index=dates, name="badf"), bsadf=pd.Series(bs, index=dates, name="bsadf"),
        lags=pd.Series(lags, index=dates, name="lag") if code else None, rows=pl.rows,
        design_lag=pl.design_lag, spec=spec, max_lag=pl.max_lag,
        prices=prices if isinstance(prices, pd.Series) else None, sampling=note,
    )


def critical_values(data: pd.Series | int, spec: PSYSpec | None = None, *, progress: Progress | None = None,
                    d: float = 1.0, **overrides: Any) -> CriticalValues:
    """The critical-value table ``spec.cv`` asks for: Monte Carlo for a sample length (or a series'
    length; ``d`` = null drift ``d·T^-1``), or the wild bootstrap of ``data`` (a series)."""
    spec = PSYSpec.build(spec, **overrides)
    if isinstance(data, pd.Series):
        data = sample(data, spec)[0]
    if spec.cv == "wild":
        if not isinstance(data, (pd.Series, pd.DataFrame)):
            raise InputError("the wild bootstrap resamples the series itself: pass the series, not its length")
        pl = plan(spec, len(data))
        return wild_bootstrap_cv(data, min_window=spec.window_for(len(data)), lag=pl.lag, ic=pl.ic,
                                 max_lag=pl.max_lag, convention=spec.convention, horizon=spec.horizon,
                                 reps=spec.replications, seed=spec.seed, multiplier=spec.multiplier,
                                 levels=spec.levels, log=spec.log, progress=progress)
    T = len(data) if isinstance(data, (pd.Series, pd.DataFrame)) else data
    mc = mc_plan(spec, int(T))
    if spec.cv == "rs":
        from bubblescope.detect._psy_surface import surface_table

        return surface_table(mc.T, mc.rows, (spec.level,))
    return critical_values_mc(mc.T, min_window=mc.rows, lag=mc.lag, convention="exuber", reps=spec.replications,
                              seed=spec.seed, d=d, levels=spec.levels, progress=progress)


def mc_plan(spec: PSYSpec, T: int) -> Plan:
    """The Monte Carlo null for ``spec`` on ``T`` observations: the same window in regression rows and the
    fixed lag, or lag 0 when the lag is chosen by an information criterion (exuber's convention)."""
    pl = plan(spec, T)
    if pl.ic is None:
        return pl
    return Plan(T, pl.rows, 0, None, 0, pl.rows, 0)


def check_table(cvs: CriticalValues, stats: RADFResult) -> None:
    """InputError unless ``cvs`` was computed for the sample, window, lag settings and method of ``stats``."""
    spec = stats.spec
    want_wild = spec.cv == "wild"
    if want_wild != isinstance(cvs, WildCriticalValues):
        raise InputError(f"critical_values table is {cvs.kind!r} but cv={spec.cv!r} was requested")
    pr = cvs.params
    T, m = stats.n_obs, stats.rows
    exact = (T, m, None, spec.criterion, stats.max_lag) if spec.criterion is not None else (T, m, stats.design_lag, None, None)
    ok = [exact] if want_wild or spec.criterion is None else [exact, (T, m, 0, None, None)]  # lag-0 null for IC
    if (pr.get("T"), pr.get("rows"), pr.get("lag"), pr.get("ic"), pr.get("max_lag")) not in ok:
        lag = exact[2] if spec.criterion is None else 0
        raise InputError(
            f"critical_values table was computed for T={pr.get('T')}, rows={pr.get('rows')}, lag={pr.get('lag')},"
            f" ic={pr.get('ic')}; this series needs T={T}, rows={m}, lag={lag}, ic=None")
    if want_wild and pr.get("horizon") != spec.horizon:
        raise InputError(f"critical_values table has horizon {pr.get('horizon')}, requested {spec.horizon}")
    levels = [float(v) for v in pr.get("levels", [])]
    if spec.level not in levels:
        raise InputError(f"size {spec.size:g} needs the {spec.level:g} quantile, which is not among the table's"
                         f" quantile levels {levels}")


def cv_sequence(stats: RADFResult, cvs: CriticalValues) -> pd.Series:
    """The critical value at each date of the stamped statistic (``stats.bsadf``, or ``stats.badf`` with
    ``stamp_stat="badf"``), checked against ``stats``, named by method."""
    check_table(cvs, stats)
    spec = stats.spec
    n = stats.bsadf.size
    if spec.stamp_stat == "badf" and isinstance(cvs, MCCriticalValues):
        seq = cvs.badf[spec.level].to_numpy()
    elif isinstance(cvs, WildCriticalValues):
        seq = np.full(n, float(cvs.quantiles[spec.level]))
    else:
        table = cvs.bsadf if spec.cv == "mc" else cvs.sadf_running  # "mc-sadf" and "rs"
        seq = table[spec.level].to_numpy()
    if not isinstance(cvs, WildCriticalValues):  # a lag-0 table for an IC run starts design_lag dates earlier
        pr = cvs.params
        seq = seq[stats.design_lag - (pr["lag"] if pr.get("lag") is not None else int(pr.get("max_lag") or 0)):]
    return pd.Series(seq, index=stats.bsadf.index, name=spec.cv_label)


def datestamp(stats: RADFResult, cv: CriticalValues | pd.Series, spec: PSYSpec | None = None) -> pd.DataFrame:
    """Explosive episodes of ``stats.bsadf`` (``stats.badf`` with ``spec.stamp_stat="badf"``, PWY 2011)
    above ``cv`` (a table or a per-date sequence) by the spec's stamping rule.

    Columns: start, peak, end (first date back below; None = ongoing), duration (observations),
    peak_stat, ongoing, and the episode's sign: ``kind`` ("boom" when the price rose from the start
    to the episode's last date, else "collapse": an explosive *fall* is not bubble evidence),
    ``change`` (that relative price change, 0.35 = +35%), ``above`` (dates in the episode with the
    statistic above its critical value) and ``extended`` (True when the PSY rule kept the episode
    open past the dates above the critical value, to reach the minimum duration).
    """
    spec = spec if spec is not None else stats.spec
    seq = cv if isinstance(cv, pd.Series) else cv_sequence(stats, cv)
    bs = (stats.badf if spec.stamp_stat == "badf" else stats.bsadf).to_numpy()
    if len(seq) != bs.size:
        raise InputError(f"critical-value sequence has {len(seq)} values, the BSADF sequence {bs.size}")
    cvv = seq.to_numpy(dtype=float)
    level = stats.series.reindex(stats.bsadf.index).to_numpy()
    dates = stats.bsadf.index
    rows = []
    for s in stamp(bs, cvv, spec.min_duration_for(stats.n_obs), spec.stamp_rule):
        stop = s.end if s.end is not None else bs.size
        above = bs[s.start:stop] > cvv[s.start:stop]
        change = _change(level[s.start], level[stop - 1], spec.log)
        rows.append({"start": dates[s.start], "peak": dates[s.peak],
                     "end": dates[s.end] if s.end is not None else None,
                     "duration": int(stop - s.start), "peak_stat": float(bs[s.peak]),
                     "ongoing": s.end is None, "kind": "boom" if change > 0 else "collapse",
                     "change": change, "above": int(above.sum()), "extended": bool(not above.all())})
    return pd.DataFrame(rows, columns=EPISODE_COLUMNS)


def _change(first: float, last: float, log: bool) -> float:
    """Relative change from ``first`` to ``last`` (values are logs when ``log``)."""
    if log:
        return float(np.expm1(last - first))
    return float(last / first - 1.0) if first > 0 else float(np.sign(last - first))
