"""Phillips–Shi–Yu explosive-root tests: ADF, SADF, GSADF, the BSADF and BADF sequences,
critical values (response surfaces / Monte Carlo / Phillips–Shi wild bootstrap) and date stamping.

Quick use::

    from bubblescope.detect import PSYSpec, psy
    res = psy(prices)                         # log prices, exuber window, BIC lags, PSY 2015 sequence (surfaces)
    res = psy(prices, PSYSpec(min_window=36, size=0.05))   # or psy(prices, min_window=36)
    res.summary(); res.episodes; res.to_frame(); res.plot()

The steps are callable on their own (:mod:`bubblescope.detect.psy_steps`): ``radf`` →
``critical_values`` → ``datestamp``; :func:`psy` runs the three. Every setting is a field of
:class:`~bubblescope.detect.psy_spec.PSYSpec`.

The ADF regression for a window of rows r1..r2 is ``Δy_t = a + b·y_{t-1} + Σ_{j≤p} c_j Δy_{t-j} + e_t``;
the statistic is the t-ratio of ``b`` (OLS, ``s² = RSS / (rows - p - 2)``). With ``ic="aic"|"bic"``
the lag is chosen per window in ``0..max_lag`` by the Gaussian-likelihood criterion
``rows·log(RSS/rows) + penalty`` computed on the window's common rows (those usable with
``max_lag`` lags), which is invariant to the scale of the series. Window size and date alignment
conventions are documented in ``_psy_core`` and docs/psy.md.
"""

from __future__ import annotations

import sys
import types
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
from bubblescope.detect.psy_diagnostics import LjungBox, serial_correlation
from bubblescope.detect.psy_spec import CV_METHODS, PSYSpec
from bubblescope.detect.psy_steps import RADFResult, critical_values, cv_sequence, datestamp, fmt_date, radf
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal

__all__ = [
    "CV_METHODS",
    "MCCriticalValues",
    "PSYResult",
    "PSYSpec",
    "WildCriticalValues",
    "adf",
    "badf",
    "bsadf",
    "critical_values",
    "critical_values_mc",
    "datestamp",
    "default_min_window",
    "gsadf",
    "psy",
    "radf",
    "sadf",
    "wild_bootstrap_cv",
]


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

    Attributes: ``series`` (the analysed values, logged if ``spec.log``), ``adf``/``sadf``/``gsadf``
    (floats), ``bsadf``/``badf``/``cv`` (Series on the series' dates; ``cv.name`` is the CV
    method label), ``episodes`` (DataFrame: start, peak, end, duration, peak_stat, ongoing),
    ``critical_values`` (the MC or wild table used), ``spec`` (the :class:`PSYSpec` of the run),
    ``params`` (what the spec resolved to on this sample: rows, window, minimum duration, …).
    """

    series: pd.Series
    adf: float
    sadf: float
    gsadf: float
    bsadf: pd.Series
    badf: pd.Series
    cv: pd.Series
    cv_method: str
    spec: PSYSpec
    episodes: pd.DataFrame
    critical_values: MCCriticalValues | WildCriticalValues
    params: dict[str, Any] = field(default_factory=dict)
    lags: pd.Series | None = None
    #: Ljung–Box checks of the ADF residuals (:mod:`psy_diagnostics`) and the warnings they raised
    diagnostics: tuple[LjungBox, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def level(self) -> float:
        """Quantile of the simulated statistics used as critical values (``1 - spec.size``)."""
        return self.spec.level

    @property
    def alpha(self) -> float:
        """Deprecated name of :attr:`level` (the quantile, 0.95); use ``spec.size`` (0.05)."""
        return self.spec.level

    @property
    def gsadf_cv(self) -> float | None:
        """Critical value of GSADF at the spec's size (Monte Carlo methods only)."""
        cvs = self.critical_values
        return float(cvs.gsadf[self.level]) if isinstance(cvs, MCCriticalValues) else None

    @property
    def sadf_cv(self) -> float | None:
        cvs = self.critical_values
        return float(cvs.sadf[self.level]) if isinstance(cvs, MCCriticalValues) else None

    @property
    def adf_cv(self) -> float | None:
        cvs = self.critical_values
        return float(cvs.adf[self.level]) if isinstance(cvs, MCCriticalValues) else None

    def pvalues(self) -> dict[str, tuple[float, str]]:
        """Approximate p-values of SADF and GSADF under the lag-0 null from the response surfaces:
        ``{"sadf": (p, rel), "gsadf": (p, rel)}``, rel ``"="``, ``"<"`` or ``">"`` (outside the fitted sizes),
        or ``(nan, "n/a")`` when the window lies outside the fitted range."""
        from bubblescope.detect._psy_surface import pvalue

        T, m = int(self.params["n_obs"]), int(self.params["rows"])
        return {"sadf": pvalue("sadf", self.sadf, T, m), "gsadf": pvalue("gsadf", self.gsadf, T, m)}

    @property
    def stamped(self) -> pd.Series:
        """The statistic the episodes were stamped on (BSADF, or BADF with ``stamp_stat="badf"``)."""
        return self.badf if self.spec.stamp_stat == "badf" else self.bsadf

    @property
    def in_bubble(self) -> pd.Series:
        flag = pd.Series(False, index=self.bsadf.index, name="in_bubble")
        for row in self.episodes.itertuples():
            end = None if bool(row.ongoing) else row.end
            mask = (flag.index >= row.start) & ((flag.index < end) if end is not None else True)
            flag[mask] = True
        return flag

    def to_frame(self) -> pd.DataFrame:
        """One row per date of the sequences: date, bsadf, cv (of the stamped statistic), in_bubble."""
        df = pd.DataFrame({"bsadf": self.bsadf.to_numpy(), "cv": self.cv.to_numpy(),
                           "in_bubble": self.in_bubble.to_numpy()}, index=self.bsadf.index)
        df.index.name = "date"
        return df.reset_index()

    def summary(self) -> str:
        p = self.params
        unit = "rows" if p["convention"] == "exuber" else "observations"
        lag = f"lag {p['lag']}" if p["ic"] is None else f"lag by {p['ic'].upper()} ≤ {p['max_lag']}"
        lines = [
            f"PSY explosive-root tests on {p['n_obs']} observations ({p['first']} .. {p['last']}),"
            f" {'log ' if p['log'] else ''}levels; {p['sampling']}",
            f"window: {p['min_window']} {unit} ({p['convention']} convention; {p['rows']} regression rows), {lag}",
            f"ADF {self.adf:.4f}   SADF {self.sadf:.4f}   GSADF {self.gsadf:.4f}",
        ]
        if self.gsadf_cv is not None:
            verdict = "rejects" if self.gsadf > self.gsadf_cv else "does not reject"
            lines.append(f"GSADF {self.level:.0%} critical value {self.gsadf_cv:.4f} (size {self.spec.size:g}):"
                         f" {verdict} the unit-root null in favour of explosive episodes")
        pv = self.pvalues()
        if all(rel != "n/a" for _, rel in pv.values()):
            lines.append("p-values (response surfaces, lag-0 null): " + ", ".join(
                f"{k.upper()} p {rel} {v:.3g}" for k, (v, rel) in pv.items()))
        else:
            lines.append("p-values: not available (the window lies outside the response surfaces' fitted range)")
        lines.append(f"critical values: {self.cv.name} at size {self.spec.size:g}"
                     f" ({self.critical_values.params.get('reps')} reps, seed {self.critical_values.params.get('seed')})")
        lines.append(f"date stamping: {p['stamp_rule']} rule, minimum duration {p['min_duration']} obs;"
                     f" {len(self.episodes)} episode(s)")
        for r in self.episodes.itertuples():
            end = "ongoing" if r.ongoing else fmt_date(r.end)
            held = f", held open by the {p['stamp_rule']} rule" if r.extended else ""
            lines.append(f"  {r.kind} {fmt_date(r.start)} → {end}  peak {fmt_date(r.peak)} (BSADF {r.peak_stat:.3f}),"
                         f" {r.duration} obs, {r.above} above the critical value{held}, price {r.change:+.1%}")
        lines.append(f"spec: {self.spec.describe()}")
        lines.extend(f"warning: {w}" for w in self.warnings)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "adf": self.adf, "sadf": self.sadf, "gsadf": self.gsadf,
            "sadf_cv": self.sadf_cv, "gsadf_cv": self.gsadf_cv,
            "cv_method": self.cv_method, "cv_label": self.cv.name, "size": self.spec.size, "level": self.level,
            "spec": to_jsonable(self.spec.to_dict()),
            "params": to_jsonable(self.params),
            "critical_values_params": to_jsonable(self.critical_values.params),
            "episodes": to_jsonable(self.episodes.to_dict(orient="records")),
            "sequence": to_jsonable(self.to_frame().to_dict(orient="records")),
            "pvalues": {k: {"p": None if rel == "n/a" else v, "relation": rel} for k, (v, rel) in self.pvalues().items()},
            "diagnostics": [to_jsonable(d.to_dict()) for d in self.diagnostics],
            "warnings": list(self.warnings),
        }

    def to_signals(self, name: str = "psy", label: str = "PSY explosive-root test", source: str = "") -> list[Signal]:
        """Verdict signal (family ``market_tests``): a boom running at the last date is bubble evidence;
        an explosive collapse is not (:mod:`bubblescope.detect.psy_signals`)."""
        from bubblescope.detect.psy_signals import psy_signals

        return psy_signals(self, name, label, source)

    def plot(self) -> Any:
        """Plotly figure: (log) series, BSADF vs critical sequence, shaded episodes (:mod:`psy_plot`)."""
        from bubblescope.detect.psy_plot import psy_figure

        return psy_figure(self)


def psy(series: pd.Series, spec: PSYSpec | None = None, *,
        critical_values: MCCriticalValues | WildCriticalValues | None = None,
        progress: Progress | None = None, **overrides: Any) -> PSYResult:
    """Run the PSY (2015) procedure on a price series and date-stamp explosive episodes.

    ``spec``: a :class:`PSYSpec` (default ``PSYSpec()``: log prices, exuber window convention,
    lag by BIC, ``cv="rs"`` (response surfaces of the ``mc-sadf`` sequence; ``"mc-sadf"`` with a fixed
    lag ≥ 1 or ``reps``), size 0.05, PSY stamping rule); any spec field may
    also be given as a keyword (``psy(s, min_window=36, cv="mc")``), overriding the spec. The
    deprecated ``alpha=0.95`` (a quantile) is read as ``size=0.05``.

    ``critical_values``: a precomputed table (e.g. from :func:`critical_values` or
    ``bubblescope.detect.cvcache``); it must match T, window, lag settings and method, otherwise
    InputError. ``progress(done, total)`` is called during the simulation.

    Same as ``radf`` → ``critical_values`` → ``datestamp`` (:mod:`bubblescope.detect.psy_steps`).
    """
    spec = PSYSpec.build(spec, **overrides)
    stats = radf(series, spec)
    if critical_values is None:
        critical_values = _simulate(stats.prices if stats.prices is not None else series, spec, stats.n_obs, progress)
    seq = cv_sequence(stats, critical_values)
    episodes = datestamp(stats, seq, spec)
    T, idx = stats.n_obs, stats.series.index
    ic_used = spec.criterion is not None
    params = {"n_obs": T, "first": fmt_date(idx[0]), "last": fmt_date(idx[-1]), "sampling": stats.sampling,
              "min_window": stats.min_window, "rows": stats.rows, "convention": spec.convention,
              "lag": None if ic_used else spec.lag, "ic": spec.criterion, "max_lag": stats.max_lag if ic_used else None,
              "log": spec.log, "cv": spec.cv, "size": spec.size, "level": spec.level,
              "min_duration": spec.min_duration_for(T), "delta": spec.delta, "stamp_rule": spec.stamp_rule,
              "stamp_stat": spec.stamp_stat,
              "horizon": spec.horizon if spec.cv == "wild" else None, "algorithm": CV_ALGORITHM_VERSION}
    checks, warned = _serial_correlation(stats)
    return PSYResult(
        series=stats.series, adf=stats.adf, sadf=stats.sadf, gsadf=stats.gsadf, bsadf=stats.bsadf,
        badf=stats.badf, cv=seq, cv_method=str(spec.cv), spec=spec, episodes=episodes,
        critical_values=critical_values, params=params, lags=stats.lags,
        diagnostics=tuple(checks), warnings=tuple(warned),
    )


def _serial_correlation(stats: RADFResult) -> tuple[list[LjungBox], list[str]]:
    """Ljung–Box on the full sample and on the sample up to the GSADF date, with the run's lags."""
    from bubblescope.detect._psy_cv import select_lag

    spec, x = stats.spec, stats.series.to_numpy()
    k = int(np.argmax(stats.bsadf.to_numpy()))
    if spec.criterion is None:
        lag_full = lag_peak = spec.fixed_lag
    else:
        lag_full = select_lag(x, stats.max_lag, spec.criterion)
        lag_peak = int(stats.lags.iloc[k]) if stats.lags is not None else lag_full
    idx = stats.series.index
    names = (f"the full sample ({fmt_date(idx[0])} .. {fmt_date(idx[-1])})",
             f"the sample up to the GSADF date {fmt_date(stats.bsadf.index[k])}")
    return serial_correlation(x, lag_full, stats.rows + stats.design_lag + k, lag_peak, names, spec.criterion is not None)


def _simulate(series: pd.Series, spec: PSYSpec, T: int, progress: Progress | None
              ) -> MCCriticalValues | WildCriticalValues:
    return critical_values(series if spec.cv == "wild" else T, spec, progress=progress)


def quantile_levels(alpha: float, extra: Sequence[float] = DEFAULT_LEVELS) -> tuple[float, ...]:
    """The quantile levels a table for quantile ``alpha`` holds (see :attr:`PSYSpec.levels`)."""
    return tuple(sorted(set(extra) | {float(alpha)}))


class _CallableModule(types.ModuleType):
    """``bubblescope.detect.psy`` is both this module (``psy.bsadf``, ``psy.PSYResult``, …) and the
    function: ``from bubblescope.detect import psy; psy(prices)`` calls :func:`psy`."""

    def __call__(self, series: pd.Series, spec: PSYSpec | None = None, **kwargs: Any) -> PSYResult:
        return psy(series, spec, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
