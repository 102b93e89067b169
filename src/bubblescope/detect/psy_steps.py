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
from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

__all__ = ["CriticalValues", "RADFResult", "critical_values", "cv_sequence", "datestamp", "radf"]

CriticalValues = MCCriticalValues | WildCriticalValues

EPISODE_COLUMNS = ["start", "peak", "end", "duration", "peak_stat", "ongoing"]


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
    x, index = C.prepare_series(series, log=spec.log)
    m, p = C.window_rows(x.size, spec.window_for(x.size), spec.lag, spec.ic, spec.max_lag, spec.convention)
    code = C.ic_code(spec.ic)
    bf, bs, lags = C.compute(x, index, m, p, code, full=True)
    dates = C.dates_for(index, m, p)
    return RADFResult(
        series=pd.Series(x, index=index, name="log_value" if spec.log else "value"),
        adf=float(bf[-1]), sadf=float(bf.max()), gsadf=float(bs.max()),
        badf=pd.Series(bf, index=dates, name="badf"), bsadf=pd.Series(bs, index=dates, name="bsadf"),
        lags=pd.Series(lags, index=dates, name="lag") if code else None, rows=m, design_lag=p, spec=spec,
    )


def critical_values(data: pd.Series | int, spec: PSYSpec | None = None, *, progress: Progress | None = None,
                    d: float = 1.0, **overrides: Any) -> CriticalValues:
    """The critical-value table ``spec.cv`` asks for: Monte Carlo for a sample length (or a series'
    length; ``d`` = null drift ``d·T^-1``), or the wild bootstrap of ``data`` (a series)."""
    spec = PSYSpec.build(spec, **overrides)
    if spec.cv == "wild":
        if not isinstance(data, (pd.Series, pd.DataFrame)):
            raise InputError("the wild bootstrap resamples the series itself: pass the series, not its length")
        return wild_bootstrap_cv(data, min_window=spec.window_for(len(data)), lag=spec.lag, ic=spec.ic,
                                 max_lag=spec.max_lag, convention=spec.convention, horizon=spec.horizon,
                                 reps=spec.replications, seed=spec.seed, multiplier=spec.multiplier,
                                 levels=spec.levels, log=spec.log, progress=progress)
    T = len(data) if isinstance(data, (pd.Series, pd.DataFrame)) else data
    return critical_values_mc(T, min_window=spec.window_for(int(T)), lag=spec.lag, ic=spec.ic,
                              max_lag=spec.max_lag, convention=spec.convention, reps=spec.replications,
                              seed=spec.seed, d=d, levels=spec.levels, progress=progress)


def check_table(cvs: CriticalValues, stats: RADFResult) -> None:
    """InputError unless ``cvs`` was computed for the sample, window, lag settings and method of ``stats``."""
    spec = stats.spec
    want_wild = spec.cv == "wild"
    if want_wild != isinstance(cvs, WildCriticalValues):
        raise InputError(f"critical_values table is {cvs.kind!r} but cv={spec.cv!r} was requested")
    pr = cvs.params
    lag = stats.design_lag if spec.ic is None else None
    max_lag = spec.max_lag if spec.ic is not None else None
    T, m = stats.n_obs, stats.rows
    if (pr.get("T"), pr.get("rows"), pr.get("lag"), pr.get("ic"), pr.get("max_lag")) != (T, m, lag, spec.ic, max_lag):
        raise InputError(
            f"critical_values table was computed for T={pr.get('T')}, rows={pr.get('rows')}, lag={pr.get('lag')},"
            f" ic={pr.get('ic')}; this series needs T={T}, rows={m}, lag={lag}, ic={spec.ic}")
    if want_wild and pr.get("horizon") != spec.horizon:
        raise InputError(f"critical_values table has horizon {pr.get('horizon')}, requested {spec.horizon}")
    levels = [float(v) for v in pr.get("levels", [])]
    if spec.level not in levels:
        raise InputError(f"size {spec.size:g} needs the {spec.level:g} quantile, which is not among the table's"
                         f" quantile levels {levels}")


def cv_sequence(stats: RADFResult, cvs: CriticalValues) -> pd.Series:
    """The critical value at each date of ``stats.bsadf`` (checked against ``stats``), named by method."""
    check_table(cvs, stats)
    spec = stats.spec
    n = stats.bsadf.size
    if isinstance(cvs, WildCriticalValues):
        seq = np.full(n, float(cvs.quantiles[spec.level]))
    else:
        table = cvs.bsadf if spec.cv == "mc" else cvs.sadf_running
        seq = table[spec.level].to_numpy()
    return pd.Series(seq, index=stats.bsadf.index, name=spec.cv_label)


def datestamp(stats: RADFResult, cv: CriticalValues | pd.Series, spec: PSYSpec | None = None) -> pd.DataFrame:
    """Explosive episodes of ``stats.bsadf`` above ``cv`` (a table or a per-date sequence) by the
    spec's stamping rule: DataFrame with start, peak, end (None = ongoing), duration, peak_stat, ongoing."""
    spec = spec if spec is not None else stats.spec
    seq = cv if isinstance(cv, pd.Series) else cv_sequence(stats, cv)
    bs = stats.bsadf.to_numpy()
    if len(seq) != bs.size:
        raise InputError(f"critical-value sequence has {len(seq)} values, the BSADF sequence {bs.size}")
    dates = stats.bsadf.index
    rows = []
    for s in stamp(bs, seq.to_numpy(dtype=float), spec.min_duration_for(stats.n_obs), spec.stamp_rule):
        stop = s.end if s.end is not None else bs.size
        rows.append({"start": dates[s.start], "peak": dates[s.peak],
                     "end": dates[s.end] if s.end is not None else None,
                     "duration": int(stop - s.start), "peak_stat": float(bs[s.peak]),
                     "ongoing": s.end is None})
    return pd.DataFrame(rows, columns=EPISODE_COLUMNS)
