"""One LPPLS fit on a window: :func:`fit` and its result :class:`LPPLSFit`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect._lppls_filters import load_filters
from bubblescope.detect._lppls_model import (
    _FIT_SEARCH,
    MIN_POINTS,
    Bounds,
    SearchSettings,
    TimeMode,
    _check_series,
    _derived,
    _fit_nested,
    _tc_to_date,
    _time_axis,
)
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable


@dataclass(frozen=True, eq=False)
class LPPLSFit(Result):
    """One LPPLS fit of log prices on the window [start, end].

    Times (``tc``, ``t1``, ``t2``) are in the ``time`` units: trading-day index or decimal years.
    ``rel_error`` is the mean over the window of |p − p̂|/p, ``rel_error_max`` its maximum.
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

    def summary(self) -> str:
        tcd = self.tc_date.date().isoformat() if self.tc_date is not None else "n/a"
        unit = "trading days" if self.time == "index" else "years"
        return (
            f"LPPLS fit {self.start.date()} → {self.end.date()} ({self.n} obs, {self.bubble} bubble): "
            f"tc ≈ {tcd} (tc − t2 = {self.tc - self.t2:.2f} {unit}), m = {self.m:.3f}, ω = {self.omega:.2f}, "
            f"B = {self.B:.4g}, C = {self.C:.4g}, damping = {self.damping:.2f}, "
            f"oscillations = {self.oscillations:.2f}, mean rel. error = {self.rel_error:.2%}, SSE = {self.sse:.4g}"
        )

    def params(self) -> dict[str, Any]:
        names = ("tc", "m", "omega", "A", "B", "C1", "C2", "C", "damping", "oscillations", "rel_error",
                 "rel_error_max", "sse", "n", "t1", "t2", "start", "end", "tc_date", "time", "seed", "n_starts")
        return {k: getattr(self, k) for k in names} | {"bubble": self.bubble}

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
    t1: str | pd.Timestamp | None = None,
    t2: str | pd.Timestamp | None = None,
    bounds: Bounds | None = None,
    n_starts: int = 6,
    seed: int = 0,
    time: TimeMode = "index",
    search: SearchSettings | None = None,
) -> LPPLSFit:
    """Fit the LPPLS model to the log of ``series`` (prices) between dates ``t1`` and ``t2``.

    ``n_starts`` local refinements (LM to a relative SSE change < 1e-10 unless ``search`` says
    otherwise) start from the best distinct cells of a coarse (tc, m, ω) grid,
    all but the best jittered with a stream keyed by (seed, t2_index, window_length); the lowest
    SSE wins. Raises :class:`InputError` for bad input or when no valid fit exists in the window.
    """
    s = _check_series(series, MIN_POINTS)
    if n_starts < 1:
        raise InputError(f"LPPLS: n_starts must be >= 1, got {n_starts}")
    if seed < 0:
        raise InputError(f"LPPLS: seed must be >= 0, got {seed}")
    bounds = bounds or Bounds()
    search = search or _FIT_SEARCH
    w = s
    if t1 is not None:
        w = w[w.index >= pd.Timestamp(t1)]
    if t2 is not None:
        w = w[w.index <= pd.Timestamp(t2)]
    if len(w) < MIN_POINTS:
        raise InputError(f"LPPLS: window {t1 or 'start'}–{t2 or 'end'} has {len(w)} observations, need >= {MIN_POINTS}")
    pos0 = s.index.get_loc(w.index[0])
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
    fs = load_filters("sornette2015")
    d = _derived(res, t_all[-1], fs.oscillations, "mean")
    return LPPLSFit(
        tc=float(r[0]), m=float(r[1]), omega=float(r[2]), A=float(r[3]), B=float(r[4]), C1=float(r[5]),
        C2=float(r[6]), C=float(d["C"][0]), damping=float(d["damping"][0]), oscillations=float(d["oscillations"][0]),
        rel_error=float(r[8]), rel_error_max=float(r[9]), sse=float(r[7]), n=len(w), t1=float(t_all[0]),
        t2=float(t_all[-1]), start=w.index[0], end=w.index[-1],
        tc_date=_tc_to_date(float(r[0]), float(t_all[-1]), w.index[-1], time), time=time, seed=seed,
        n_starts=n_starts, bounds=bounds, log_price=pd.Series(y, index=w.index, name="log_price"),
    )

