"""One LPPLS fit on a window: :func:`fit` and its result :class:`LPPLSFit`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect._lppls_filters import FilterSet, load_filters
from bubblescope.detect._lppls_model import (
    _FIT_SEARCH,
    FCO_WINDOWS,
    MIN_POINTS,
    Bounds,
    SearchSettings,
    TimeMode,
    _check_series,
    _derived,
    _fit_nested,
    _tc_to_date,
    _time_axis,
    adf_residuals,
    bound_flags,
    lagrange_pick,
)
from bubblescope.detect._lppls_time import FREQ_UNITS, check_freq, scale_windows, step_days
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable


@dataclass(frozen=True, eq=False)
class LPPLSFit(Result):
    """One LPPLS fit of log prices on the window [start, end].

    Times (``tc``, ``t1``, ``t2``) are in ``tc_unit``: observation steps of ``freq`` (index time)
    or decimal years.
    ``rel_error`` is the mean over the window of |p − p̂|/p, ``rel_error_max`` its maximum.

    ``bounds_hit`` names the parameters on a search bound (``"m_low"``, ``"tc_high"``, ...);
    ``qualified`` is True when the fit passes the confidence conditions of ``filters`` and neither tc
    nor m sits on a bound; ``reasons`` says why not. ``tc_date`` is the estimate whatever the
    qualification; :meth:`summary`, :meth:`to_dict`, the figure and the CLI show it only for a
    qualified fit.
    """

    tc: float
    m: float
    omega: float
    A: float
    B: float
    C1: float
    C2: float
    C: float
    damping: float
    oscillations: float
    rel_error: float
    rel_error_max: float
    sse: float
    n: int
    t1: float
    t2: float
    start: pd.Timestamp
    end: pd.Timestamp
    tc_date: pd.Timestamp | None
    time: str
    seed: int
    n_starts: int
    bounds: Bounds
    log_price: pd.Series = field(repr=False)
    bounds_hit: tuple[str, ...] = ()
    qualified: bool = False
    reasons: tuple[str, ...] = ()
    filters: str = "sornette2015"
    freq: str = "B"
    step_days: float = 1.0
    t1_rule: str = "given"
    resid_adf: float = float("nan")
    resid_adf_cv5: float = float("nan")
    lagrange_lambda: float = float("nan")

    @property
    def bubble(self) -> str:
        """'positive' (B < 0, accelerating rise), 'negative' (B > 0) or 'none' (B == 0)."""
        return "positive" if self.B < 0 else "negative" if self.B > 0 else "none"

    def predict(self, t: np.ndarray) -> np.ndarray:
        """Fitted log price at times ``t`` (same units as the fit); NaN where t ≥ tc."""
        t = np.asarray(t, dtype=float)
        dt = self.tc - t
        out = np.full(t.shape, np.nan)
        ok = dt > 0
        ld = np.log(dt[ok])
        f = np.exp(self.m * ld)
        out[ok] = self.A + f * (self.B + self.C1 * np.cos(self.omega * ld) + self.C2 * np.sin(self.omega * ld))
        return out

    @property
    def tc_unit(self) -> str:
        """Unit of ``tc``, ``t1``, ``t2``: the observation step of ``freq`` (index time) or years."""
        return FREQ_UNITS[self.freq] if self.time == "index" else "years"

    @property
    def resid_stationary(self) -> bool:
        """True when the ADF test rejects a unit root in the residuals at 5% (mean-reverting errors)."""
        return bool(self.resid_adf < self.resid_adf_cv5)

    @property
    def crash_date(self) -> pd.Timestamp | None:
        """``tc_date`` for a qualified fit, else None (an unqualified fit dates nothing)."""
        return self.tc_date if self.qualified else None

    def summary(self) -> str:
        unit = self.tc_unit
        if self.crash_date is not None:
            tcs = f"tc ≈ {self.crash_date.date().isoformat()}"
        else:
            tcs = f"no tc date: the fit does not qualify ({' '.join(self.reasons)})"
        return (
            f"LPPLS fit {self.start.date()} → {self.end.date()} ({self.n} obs, {self.bubble} bubble): "
            f"{tcs} (tc − t2 = {self.tc - self.t2:.2f} {unit}), m = {self.m:.3f}, ω = {self.omega:.2f}, "
            f"B = {self.B:.4g}, C = {self.C:.4g}, damping = {self.damping:.2f}, "
            f"oscillations = {self.oscillations:.2f}, mean rel. error = {self.rel_error:.2%}, SSE = {self.sse:.4g}"
        )

    def params(self) -> dict[str, Any]:
        names = ("tc", "m", "omega", "A", "B", "C1", "C2", "C", "damping", "oscillations", "rel_error",
                 "rel_error_max", "sse", "n", "t1", "t2", "start", "end", "time", "seed", "n_starts",
                 "qualified", "filters", "freq", "tc_unit", "t1_rule", "lagrange_lambda",
                 "resid_adf", "resid_adf_cv5", "resid_stationary")
        return ({k: getattr(self, k) for k in names}
                | {"tc_date": self.crash_date, "bubble": self.bubble, "bounds_hit": list(self.bounds_hit),
                   "reasons": list(self.reasons)})

    def to_frame(self) -> pd.DataFrame:
        """Per date: observed log price, fitted log price and residual."""
        t = _time_axis(self.log_price.index, self.time)
        if self.time == "index":
            t = t + self.t1
        fitted = self.predict(t)
        return pd.DataFrame(
            {"log_price": self.log_price.to_numpy(), "fitted": fitted, "residual": self.log_price.to_numpy() - fitted},
            index=self.log_price.index,
        )

    def to_dict(self) -> dict[str, Any]:
        d = to_jsonable(self.params())
        d["bounds"] = to_jsonable(self.bounds)
        d["convention"] = "ln p = A + B f + C1 g + C2 h; f=(tc-t)^m; B<0 positive bubble"
        return d

    def plot(self) -> Any:
        from bubblescope.detect.lppls_plot import fit_figure

        return fit_figure(self)


def fit(
    series: pd.Series,
    *,
    t1: str | pd.Timestamp | None = None,  # a date, None (series start) or "lagrange"
    t2: str | pd.Timestamp | None = None,
    bounds: Bounds | None = None,
    n_starts: int = 6,
    seed: int = 0,
    time: TimeMode = "index",
    search: SearchSettings | None = None,
    filters: str | Path | Mapping[str, Any] | FilterSet = "sornette2015",
    freq: str | None = None,
) -> LPPLSFit:
    """Fit the LPPLS model to the log of ``series`` (prices) between dates ``t1`` and ``t2``.

    ``n_starts`` local refinements (LM to a relative SSE change < 1e-10 unless ``search`` says
    otherwise) start from the best distinct cells of a coarse (tc, m, ω) grid,
    all but the best jittered with a stream keyed by (seed, t2_index, window_length); the lowest
    SSE wins. The fit qualifies when it passes the confidence conditions of ``filters`` and
    neither tc nor m sits on a search bound (``bounds_hit``, ``reasons``). ``freq`` (None = detect
    from the dates; B, D, W, M, Q or intraday) sets the unit of the index time axis and the calendar
    of ``tc_date``. Raises :class:`InputError` for bad input (gaps included) or when no valid fit
    exists in the window. ``t1="lagrange"`` chooses the start by the Lagrange-regularised cost of
    Demos & Sornette (2017) over the FCO windows ending at ``t2`` (``t1_rule``, ``lagrange_lambda``).
    """
    s = _check_series(series, MIN_POINTS)
    if n_starts < 1:
        raise InputError(f"LPPLS: n_starts must be >= 1, got {n_starts}")
    if seed < 0:
        raise InputError(f"LPPLS: seed must be >= 0, got {seed}")
    bounds = bounds or Bounds()
    search = search or _FIT_SEARCH
    fs = load_filters(filters)
    if isinstance(t1, str) and t1 == "lagrange":
        t1_date, lam = _lagrange_t1(s, t2, bounds, seed, freq)
        f = fit(s, t1=t1_date, t2=t2, bounds=bounds, n_starts=n_starts, seed=seed, time=time, search=search,
                filters=fs, freq=freq)
        return replace(f, t1_rule="lagrange", lagrange_lambda=lam)
    i0 = 0 if t1 is None else int(s.index.searchsorted(pd.Timestamp(t1), "left"))  # the index is sorted, unique
    i1 = len(s) if t2 is None else int(s.index.searchsorted(pd.Timestamp(t2), "right"))
    w = s.iloc[i0:i1]
    if len(w) < MIN_POINTS:
        raise InputError(f"LPPLS: window {t1 or 'start'}–{t2 or 'end'} has {len(w)} observations, need >= {MIN_POINTS}")
    code = check_freq(freq, w.index)
    step = step_days(w.index, code)
    pos0 = i0
    t_all = _time_axis(w.index, time)
    if time == "index":
        t_all = t_all + pos0
    y = np.log(w.to_numpy())
    if np.ptp(y) == 0:
        raise InputError(f"LPPLS: no valid fit for window {w.index[0].date()}–{w.index[-1].date()}: prices are constant")
    res = _fit_nested(t_all, y, np.array([len(w)]), bounds, search, n_starts, seed, int(pos0 + len(w) - 1))
    r = res[0]
    if not np.isfinite(r[0]):
        raise InputError(f"LPPLS: no valid fit for window {w.index[0].date()}–{w.index[-1].date()} (design singular everywhere in the bounds)")
    d = _derived(res, t_all[-1], fs.oscillations, "mean")
    ld = np.log(r[0] - t_all)
    yhat = r[3] + np.exp(r[1] * ld) * (r[4] + r[5] * np.cos(r[2] * ld) + r[6] * np.sin(r[2] * ld))
    adf, cv = adf_residuals(y - yhat)
    hit, qualified, reasons = _qualify(res, t_all[-1], fs, bounds, adf < cv)
    return LPPLSFit(
        tc=float(r[0]), m=float(r[1]), omega=float(r[2]), A=float(r[3]), B=float(r[4]), C1=float(r[5]),
        C2=float(r[6]), C=float(d["C"][0]), damping=float(d["damping"][0]), oscillations=float(d["oscillations"][0]),
        rel_error=float(r[8]), rel_error_max=float(r[9]), sse=float(r[7]), n=len(w), t1=float(t_all[0]),
        t2=float(t_all[-1]), start=w.index[0], end=w.index[-1],
        tc_date=_tc_to_date(float(r[0]), float(t_all[-1]), w.index[-1], time, code, step), time=time, seed=seed,
        n_starts=n_starts, bounds=bounds, log_price=pd.Series(y, index=w.index, name="log_price"),
        bounds_hit=hit, qualified=qualified, reasons=reasons, filters=fs.name, freq=code, step_days=step,
        resid_adf=adf, resid_adf_cv5=cv,
    )


def _lagrange_t1(s: pd.Series, t2: str | pd.Timestamp | None, bounds: Bounds, seed: int,
                 freq: str | None) -> tuple[pd.Timestamp, float]:
    """Start date chosen by the Lagrange-regularised cost over the FCO windows ending at ``t2``."""
    w = s if t2 is None else s.iloc[: int(s.index.searchsorted(pd.Timestamp(t2), "right"))]
    code = check_freq(freq, w.index)
    lens = np.array([n for n in scale_windows(FCO_WINDOWS, code, MIN_POINTS) if n <= len(w)], dtype=np.int64)
    if len(lens) < 3:
        raise InputError(f"LPPLS: t1='lagrange' needs at least 3 candidate windows; {len(w)} observations up to t2 "
                         f"give {len(lens)}")
    L = int(lens[-1])
    t = np.arange(len(w) - L, len(w), dtype=float)
    res = _fit_nested(t, np.log(w.to_numpy()[-L:]), lens, bounds, SearchSettings(), 1, seed, len(w) - 1)
    j, lam = lagrange_pick(lens, res[:, 7])
    if j < 0:
        raise InputError("LPPLS: t1='lagrange' found fewer than 3 windows with a valid fit")
    return w.index[len(w) - int(lens[j])], lam


#: What a parameter on a search bound means, one sentence per case (tc or m on a bound disqualifies).
_BOUND_SENTENCES = {
    "tc_low": "tc sits on its lower search bound (next to the window end): the best fit lies outside the search box.",
    "tc_high": "tc sits on its upper search bound: the best fit lies outside the search box.",
    "m_low": "m sits on its lower search bound: the best fit lies outside the search box.",
    "m_high": "m sits on its upper search bound: the best fit lies outside the search box.",
}


def _qualify(res: np.ndarray, t2: float, fs: FilterSet, bounds: Bounds,
             stationary: bool) -> tuple[tuple[str, ...], bool, tuple[str, ...]]:
    """(parameters on a bound, qualified, reasons) for the one fit in ``res``."""
    d = _derived(res, t2, fs.oscillations, fs.rel_error)
    flags = bound_flags(d, bounds)
    hit = tuple(k for k, v in flags.items() if bool(v[0]))
    reasons = [_BOUND_SENTENCES[k] for k in hit if k in _BOUND_SENTENCES]
    reasons += fs.explain("confidence", {k: float(v[0]) for k, v in d.items()})
    if fs.confidence.get("resid_stationary") and not stationary:
        reasons.append("The residuals are not stationary (ADF test at 5%), as the filter set requires.")
    return hit, not reasons, tuple(reasons)

