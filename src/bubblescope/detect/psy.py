"""Phillips–Shi–Yu explosive-root tests: ADF, SADF, GSADF, the BSADF and BADF sequences,
critical values (Monte Carlo / Phillips–Shi wild bootstrap) and date stamping.

Quick use::

    from bubblescope.detect.psy import psy
    res = psy(prices)       # log prices, exuber window convention, MC (PSY 2015) critical sequence
    res.summary(); res.episodes; res.to_frame(); res.plot()

The ADF regression for a window of rows r1..r2 is ``Δy_t = a + b·y_{t-1} + Σ_{j≤p} c_j Δy_{t-j} + e_t``;
the statistic is the t-ratio of ``b`` (OLS, ``s² = RSS / (rows - p - 2)``). With ``ic="aic"|"bic"``
the lag is chosen per window in ``0..max_lag`` by the Gaussian-likelihood criterion
``rows·log(RSS/rows) + penalty`` computed on the window's common rows (those usable with
``max_lag`` lags), which is invariant to the scale of the series. Window size and date alignment
conventions are documented in ``_psy_core`` and docs/psy.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect import _psy_core as C
from bubblescope.detect._psy_core import default_min_window
from bubblescope.detect._psy_cv import (
    CV_ALGORITHM_VERSION,
    DEFAULT_LEVELS,
    MCCriticalValues,
    Progress,
    WildCriticalValues,
    critical_values_mc,
    wild_bootstrap_cv,
)
from bubblescope.detect._psy_stamp import stamp
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

__all__ = [
    "CV_METHODS",
    "MCCriticalValues",
    "PSYResult",
    "WildCriticalValues",
    "adf",
    "badf",
    "bsadf",
    "critical_values_mc",
    "default_min_window",
    "gsadf",
    "psy",
    "sadf",
    "wild_bootstrap_cv",
]

#: critical-value methods accepted by :func:`psy` and their labels
CV_METHODS: dict[str, str] = {
    "mc": "Monte Carlo, per-date quantile of BSADF",
    "mc-sadf": "Monte Carlo, per-date quantile of running SADF (exuber)",
    "wild": "Phillips-Shi (2020) wild bootstrap, family-wise over horizon",
}


def _stats(series: pd.Series, min_window: int | None, lag: int, ic: str | None, max_lag: int,
           convention: str, log: bool, full: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Index]:
    x, index = C.prepare_series(series, log=log)
    m, p = C.window_rows(x.size, min_window, lag, ic, max_lag, convention)
    bf, bs, lags = C.compute(x, index, m, p, C.ic_code(ic), full=full)
    return bf, bs, lags, C.dates_for(index, m, p)


def bsadf(series: pd.Series, *, min_window: int | None = None, lag: int = 0, ic: str | None = None,
          max_lag: int = 6, convention: str = "exuber", log: bool = True) -> pd.Series:
    """Backward sup ADF sequence: at each date, the max ADF over windows ending there whose
    length is at least the minimum window. Indexed by the series' dates (see module docstring)."""
    _, bs, _, dates = _stats(series, min_window, lag, ic, max_lag, convention, log, True)
    return pd.Series(bs, index=dates, name="bsadf")


def badf(series: pd.Series, *, min_window: int | None = None, lag: int = 0, ic: str | None = None,
         max_lag: int = 6, convention: str = "exuber", log: bool = True) -> pd.Series:
    """Forward (expanding-window) ADF sequence: ADF of the sample from the first observation to each date."""
    bf, _, _, dates = _stats(series, min_window, lag, ic, max_lag, convention, log, False)
    return pd.Series(bf, index=dates, name="badf")


def sadf(series: pd.Series, **kwargs: Any) -> float:
    """Sup ADF (PWY 2011): the maximum of the forward ADF sequence. Keywords as :func:`bsadf`."""
    return float(badf(series, **kwargs).max())


def gsadf(series: pd.Series, **kwargs: Any) -> float:
    """Generalised sup ADF (PSY 2015): the maximum of the BSADF sequence. Keywords as :func:`bsadf`."""
    return float(bsadf(series, **kwargs).max())


def adf(series: pd.Series, *, lag: int = 0, log: bool = True) -> float:
    """ADF t-statistic (intercept, ``lag`` lagged differences) on the whole sample."""
    x, index = C.prepare_series(series, log=log)
    m, p = C.window_rows(x.size, x.size - 1 - lag, lag, None, 0, "exuber")
    bf, _, _ = C.compute(x, index, m, p, 0, full=False)
    return float(bf[-1])


@dataclass(frozen=True)
class PSYResult(Result):
    """Result of :func:`psy`.

    Attributes: ``series`` (the analysed values, logged if ``log``), ``adf``/``sadf``/``gsadf``
    (floats), ``bsadf``/``badf``/``cv`` (Series on the series' dates; ``cv.name`` is the CV
    method label), ``episodes`` (DataFrame: start, peak, end, duration, peak_stat, ongoing),
    ``critical_values`` (the MC or wild table used), ``params``.
    """

    series: pd.Series
    adf: float
    sadf: float
    gsadf: float
    bsadf: pd.Series
    badf: pd.Series
    cv: pd.Series
    cv_method: str
    alpha: float
    episodes: pd.DataFrame
    critical_values: MCCriticalValues | WildCriticalValues
    params: dict[str, Any] = field(default_factory=dict)
    lags: pd.Series | None = None

    @property
    def gsadf_cv(self) -> float | None:
        """Critical value of GSADF at ``alpha`` (Monte Carlo methods only)."""
        cvs = self.critical_values
        return float(cvs.gsadf[self.alpha]) if isinstance(cvs, MCCriticalValues) else None

    @property
    def sadf_cv(self) -> float | None:
        cvs = self.critical_values
        return float(cvs.sadf[self.alpha]) if isinstance(cvs, MCCriticalValues) else None

    @property
    def in_bubble(self) -> pd.Series:
        flag = pd.Series(False, index=self.bsadf.index, name="in_bubble")
        for row in self.episodes.itertuples():
            end = None if bool(row.ongoing) else row.end
            mask = (flag.index >= row.start) & ((flag.index < end) if end is not None else True)
            flag[mask] = True
        return flag

    def to_frame(self) -> pd.DataFrame:
        """One row per date of the BSADF sequence: date, bsadf, cv, in_bubble."""
        df = pd.DataFrame({"bsadf": self.bsadf.to_numpy(), "cv": self.cv.to_numpy(),
                           "in_bubble": self.in_bubble.to_numpy()}, index=self.bsadf.index)
        df.index.name = "date"
        return df.reset_index()

    def summary(self) -> str:
        p = self.params
        lines = [
            f"PSY explosive-root tests on {p['n_obs']} observations ({p['first']} .. {p['last']}),"
            f" {'log ' if p['log'] else ''}levels",
            f"window: {p['min_window']} {'rows' if p['convention'] == 'exuber' else 'observations'}"
            f" ({p['convention']} convention; {p['rows']} regression rows), "
            + (f"lag {p['lag']}" if p["ic"] is None else f"lag by {p['ic'].upper()} ≤ {p['max_lag']}"),
            f"ADF {self.adf:.4f}   SADF {self.sadf:.4f}   GSADF {self.gsadf:.4f}",
        ]
        if self.gsadf_cv is not None:
            verdict = "rejects" if self.gsadf > self.gsadf_cv else "does not reject"
            lines.append(f"GSADF {int(self.alpha * 100)}% critical value {self.gsadf_cv:.4f}: {verdict}"
                         " the unit-root null in favour of explosive episodes")
        lines.append(f"critical values: {self.cv.name} at {self.alpha:g}"
                     f" ({self.critical_values.params.get('reps')} reps, seed {self.critical_values.params.get('seed')})")
        lines.append(f"date stamping: {p['stamp_rule']} rule, minimum duration {p['min_duration']} obs;"
                     f" {len(self.episodes)} episode(s)")
        for r in self.episodes.itertuples():
            end = "ongoing" if r.ongoing else _fmt(r.end)
            lines.append(f"  {_fmt(r.start)} → {end}  peak {_fmt(r.peak)} (BSADF {r.peak_stat:.3f}),"
                         f" {r.duration} obs")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "adf": self.adf, "sadf": self.sadf, "gsadf": self.gsadf,
            "sadf_cv": self.sadf_cv, "gsadf_cv": self.gsadf_cv,
            "cv_method": self.cv_method, "cv_label": self.cv.name, "alpha": self.alpha,
            "params": to_jsonable(self.params),
            "critical_values_params": to_jsonable(self.critical_values.params),
            "episodes": to_jsonable(self.episodes.to_dict(orient="records")),
            "sequence": to_jsonable(self.to_frame().to_dict(orient="records")),
        }

    def plot(self) -> Any:
        """Plotly figure: (log) series, BSADF vs critical sequence, shaded episodes."""
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06,
                            subplot_titles=("log level" if self.params["log"] else "level",
                                            "BSADF vs critical sequence"))
        fig.add_trace(go.Scatter(x=self.series.index, y=self.series.to_numpy(), name="series",
                                 line={"color": "#333"}), row=1, col=1)
        fig.add_trace(go.Scatter(x=self.bsadf.index, y=self.bsadf.to_numpy(), name="BSADF",
                                 line={"color": "#1f77b4"}), row=2, col=1)
        fig.add_trace(go.Scatter(x=self.cv.index, y=self.cv.to_numpy(),
                                 name=f"{self.cv.name} ({self.alpha:g})", line={"color": "#d62728", "dash": "dash"}),
                      row=2, col=1)
        last = self.bsadf.index[-1]
        for r in self.episodes.itertuples():
            fig.add_vrect(x0=r.start, x1=last if r.ongoing else r.end, fillcolor="orange", opacity=0.25,
                          line_width=0)
        fig.update_layout(title="PSY date stamping", height=650, legend={"orientation": "h"})
        return fig


def _fmt(v: Any) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


def psy(
    series: pd.Series,
    *,
    min_window: int | None = None,
    lag: int = 0,
    ic: str | None = None,
    max_lag: int = 6,
    cv: str = "mc-sadf",
    reps: int | None = None,
    seed: int = 0,
    alpha: float = 0.95,
    convention: str = "exuber",
    horizon: int = 24,
    log: bool = True,
    min_duration: int | None = None,
    delta: float = 1.0,
    stamp_rule: str = "psy",
    multiplier: str = "rademacher",
    critical_values: MCCriticalValues | WildCriticalValues | None = None,
    progress: Progress | None = None,
) -> PSYResult:
    """Run the PSY (2015) procedure on a price series and date-stamp explosive episodes.

    Parameters
    ----------
    series : float Series on a sorted, unique index (dates); prices if ``log=True``.
    min_window : minimum window, in rows (``convention="exuber"``) or level observations
        (``"psymonitor"``); default ``floor((0.01 + 1.8/sqrt(T))·T)``.
    lag, ic, max_lag : fixed ADF lag, or per-window selection by ``"aic"``/``"bic"`` up to ``max_lag``.
    cv : ``"mc-sadf"`` (default: PSY 2015's and exuber's critical sequence, per-date quantiles
        of the simulated SADF on the first observations), ``"mc"`` (per-date quantiles of the
        simulated BSADF itself: exact pointwise size, no multiplicity control) or ``"wild"``
        (Phillips–Shi 2020 wild bootstrap, family-wise over ``horizon`` observations). Reasons
        for the default in docs/psy.md.
    reps : replications (default 2000 for Monte Carlo, 999 for the wild bootstrap).
    seed : every simulation is seeded; same inputs + seed → bit-identical output.
    alpha : quantile of the critical values used for stamping (0.90, 0.95 or 0.99 unless a
        table with other levels is passed).
    min_duration : minimum episode length in observations; default ``round(delta·log T)``.
    stamp_rule : ``"psy"`` (PSY 2015 eq. 13) or ``"crossing"`` (runs above the critical value).
    critical_values : a precomputed table (e.g. from ``bubblescope.detect.cvcache``); it must
        match T, window, lag settings and method, otherwise InputError.
    progress : ``progress(done, total)`` callback for the simulation.
    """
    if cv not in CV_METHODS:
        raise InputError(f"cv must be one of {', '.join(CV_METHODS)}, got {cv!r}")
    if stamp_rule not in ("psy", "crossing"):
        raise InputError(f"stamp_rule must be 'psy' or 'crossing', got {stamp_rule!r}")
    if not isinstance(alpha, (float, int)) or not 0 < float(alpha) < 1:
        raise InputError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    alpha = float(alpha)
    x, index = C.prepare_series(series, log=log)
    T = x.size
    m, p = C.window_rows(T, min_window, lag, ic, max_lag, convention)
    code = C.ic_code(ic)
    bf, bs, lags = C.compute(x, index, m, p, code, full=True)
    dates = C.dates_for(index, m, p)
    if min_duration is None:
        if not (isinstance(delta, (int, float)) and delta > 0 and math.isfinite(delta)):
            raise InputError(f"delta must be a positive number, got {delta!r}")
        min_duration = round(delta * math.log(T))
    elif isinstance(min_duration, bool) or not isinstance(min_duration, (int, np.integer)) or min_duration < 0:
        raise InputError(f"min_duration must be a non-negative integer, got {min_duration!r}")
    levels = tuple(sorted(set(DEFAULT_LEVELS) | {alpha}))
    common = {"min_window": min_window, "lag": lag, "ic": ic, "max_lag": max_lag, "convention": convention}

    if critical_values is None:
        if cv == "wild":
            critical_values = wild_bootstrap_cv(series, **common, horizon=horizon, reps=reps or 999, seed=seed,
                                                multiplier=multiplier, levels=levels, log=log, progress=progress)
        else:
            critical_values = critical_values_mc(T, **common, reps=reps or 2000, seed=seed, levels=levels,
                                                 progress=progress)
    _check_table(critical_values, cv, T, m, p, ic, max_lag if code else None, alpha,
                 horizon if cv == "wild" else None)

    label = CV_METHODS[cv]
    if isinstance(critical_values, WildCriticalValues):
        seq = np.full(bs.size, float(critical_values.quantiles[alpha]))
    else:
        table = critical_values.bsadf if cv == "mc" else critical_values.sadf_running
        seq = table[alpha].to_numpy()
    cv_series = pd.Series(seq, index=dates, name=label)

    spans = stamp(bs, seq, min_duration, stamp_rule)
    rows = []
    for s in spans:
        stop = s.end if s.end is not None else bs.size
        rows.append({"start": dates[s.start], "peak": dates[s.peak],
                     "end": dates[s.end] if s.end is not None else None,
                     "duration": int(stop - s.start), "peak_stat": float(bs[s.peak]),
                     "ongoing": s.end is None})
    episodes = pd.DataFrame(rows, columns=["start", "peak", "end", "duration", "peak_stat", "ongoing"])

    params = {"n_obs": T, "first": _fmt(index[0]), "last": _fmt(index[-1]),
              "min_window": min_window if min_window is not None else default_min_window(T),
              "rows": m, "convention": convention, "lag": lag if code == 0 else None,
              "ic": ic, "max_lag": max_lag if code else None, "log": log, "cv": cv, "alpha": alpha,
              "min_duration": min_duration, "delta": delta, "stamp_rule": stamp_rule,
              "horizon": horizon if cv == "wild" else None, "algorithm": CV_ALGORITHM_VERSION}
    return PSYResult(
        series=pd.Series(x, index=index, name="log_value" if log else "value"),
        adf=float(bf[-1]), sadf=float(bf.max()), gsadf=float(bs.max()),
        bsadf=pd.Series(bs, index=dates, name="bsadf"), badf=pd.Series(bf, index=dates, name="badf"),
        cv=cv_series, cv_method=cv, alpha=alpha, episodes=episodes, critical_values=critical_values,
        params=params, lags=pd.Series(lags, index=dates, name="lag") if code else None,
    )


def _check_table(cvs: MCCriticalValues | WildCriticalValues, cv: str, T: int, m: int, p: int,
                 ic: str | None, max_lag: int | None, alpha: float, horizon: int | None) -> None:
    want_wild = cv == "wild"
    if want_wild != isinstance(cvs, WildCriticalValues):
        raise InputError(f"critical_values table is {cvs.kind!r} but cv={cv!r} was requested")
    pr = cvs.params
    lag = p if ic is None else None
    if (pr.get("T"), pr.get("rows"), pr.get("lag"), pr.get("ic"), pr.get("max_lag")) != (T, m, lag, ic, max_lag):
        raise InputError(
            f"critical_values table was computed for T={pr.get('T')}, rows={pr.get('rows')}, lag={pr.get('lag')},"
            f" ic={pr.get('ic')}; this series needs T={T}, rows={m}, lag={lag}, ic={ic}")
    if want_wild and pr.get("horizon") != horizon:
        raise InputError(f"critical_values table has horizon {pr.get('horizon')}, requested {horizon}")
    levels = [float(v) for v in pr.get("levels", [])]
    if alpha not in levels:
        raise InputError(f"alpha {alpha} is not among the table's quantile levels {levels}")


def quantile_levels(alpha: float, extra: Sequence[float] = DEFAULT_LEVELS) -> tuple[float, ...]:
    """The quantile levels :func:`psy` simulates for a given ``alpha``."""
    return tuple(sorted(set(extra) | {float(alpha)}))
