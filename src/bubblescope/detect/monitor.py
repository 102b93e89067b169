"""Real-time bubble monitoring in the style of Phillips & Shi (2018, 2020).

A training sample (the observations before the monitoring start) fixes the null model and the
minimum window; every later observation ``t`` gets its BSADF statistic, which only uses data up to
``t`` (so it is the value a monitor would have seen in real time), and is compared with a
*monitoring boundary*. The boundary is a wild bootstrap (Phillips & Shi 2020) built on the training
sample: the null AR(p) of the differences is fitted there, bootstrap paths of the full length
``training + horizon`` are drawn with Rademacher multipliers, and the boundary is the ``alpha``
quantile of ``max BSADF*_t`` over the *monitoring positions* of each path. Comparing each
monitored BSADF with it keeps the family-wise false-alarm rate over the horizon near ``1 - alpha``
(Phillips & Shi 2020 take the maximum over the first ``horizon`` positions after the minimum
window; taking it over the monitored positions themselves matches what is compared).

An alarm is raised at the first observation where BSADF stays above the boundary for ``persist``
consecutive observations; with a known bubble start (simulations), the delay is
``first alarm - start`` in observations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect import psy as P
from bubblescope.detect._beyond import bsadf_values, check_int, check_level, check_window, prepare, settings
from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal

__all__ = ["MIN_TRAIN", "MonitorResult", "monitor", "monitoring_boundary"]

#: the shortest training sample accepted (the null model and the window are fitted on it)
MIN_TRAIN = 20


def _fit_null(x: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray]:
    dx = np.diff(x)
    y = dx[p:]
    X = np.column_stack([np.ones_like(y)] + [dx[p - j: dx.size - j] for j in range(1, p + 1)])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    return beta[1:], resid - resid.mean()


def _paths(x0: np.ndarray, gamma: np.ndarray, resid: np.ndarray, n: int, reps: int,
           rng: np.random.Generator) -> np.ndarray:
    p = gamma.size
    idx = rng.integers(0, resid.size, size=(reps, n - 1 - p))
    w = rng.integers(0, 2, size=(reps, n - 1 - p)) * 2.0 - 1.0
    shocks = w * resid[idx]
    if p == 0:
        return x0[0] + np.concatenate([np.zeros((reps, 1)), np.cumsum(shocks, axis=1)], axis=1)
    out = np.empty((reps, n))
    out[:, : p + 1] = x0[: p + 1]
    dx = np.zeros((reps, n))
    dx[:, 1: p + 1] = np.diff(x0[: p + 1])
    for t in range(p + 1, n):
        dx[:, t] = shocks[:, t - p - 1] + dx[:, t - p: t][:, ::-1] @ gamma
        out[:, t] = out[:, t - 1] + dx[:, t]
    return out


def monitoring_boundary(train: np.ndarray, n_total: int, *, min_window: int, lag: int, alpha: float,
                        reps: int, seed: int) -> tuple[float, np.ndarray]:
    """(boundary, bootstrap maxima): the ``alpha`` quantile of max BSADF* over positions
    ``len(train) .. n_total - 1`` of wild-bootstrap paths built on the training values ``train``."""
    gamma, resid = _fit_null(train, lag)
    if not np.any(resid != 0):
        raise InputError("the training sample fits its null model exactly; cannot bootstrap a boundary")
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    paths = _paths(train, gamma, resid, n_total, reps, rng)
    first = min_window + lag  # position of the first BSADF value
    maxima = np.empty(reps)
    for r in range(reps):
        bs = bsadf_values(paths[r], min_window, lag)
        maxima[r] = bs[train.size - first:].max()
    return float(np.quantile(maxima, alpha)), maxima


@dataclass(frozen=True)
class MonitorResult(Result):
    """Monitoring run: ``bsadf`` over the monitored dates, the constant ``boundary``, alarms."""

    bsadf: pd.Series
    boundary: float
    alarms: pd.Series  # bool, on the monitored dates
    first_alarm: Any | None
    first_alarm_obs: int | None
    delay: int | None
    params: dict[str, Any] = field(default_factory=dict)
    distribution: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({"bsadf": self.bsadf.to_numpy(), "boundary": self.boundary,
                           "alarm": self.alarms.to_numpy()}, index=self.bsadf.index)
        df.index.name = "date"
        return df.reset_index()

    def summary(self) -> str:
        p = self.params
        lines = [f"Real-time PSY monitoring: training {p['n_train']} observations ({p['train_first']} .. "
                 f"{p['train_last']}), monitoring {p['horizon']} observations from {p['monitor_from']}",
                 f"boundary {self.boundary:.4f}: {p['alpha']:g} quantile of the horizon maximum of wild-bootstrap "
                 f"BSADF ({p['reps']} reps, seed {p['seed']}); minimum window {p['min_window']} rows, lag {p['lag']}"]
        if self.first_alarm is None:
            lines.append("No alarm in the monitoring period.")
        else:
            lines.append(f"First alarm: {_fmt(self.first_alarm)} (observation {self.first_alarm_obs}).")
        if self.delay is not None:
            lines.append(f"Delay after the known bubble start: {self.delay} observations.")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"boundary": self.boundary, "first_alarm": to_jsonable(self.first_alarm),
                "first_alarm_obs": self.first_alarm_obs, "delay": self.delay, "params": to_jsonable(self.params),
                "sequence": to_jsonable(self.to_frame().to_dict(orient="records"))}

    def plot(self) -> Any:
        import plotly.graph_objects as go

        from bubblescope.style import COLORWAY, style

        fig = go.Figure()
        fig.add_trace(go.Scatter(x=self.bsadf.index, y=self.bsadf.to_numpy(), name="BSADF", mode="lines",
                                 line={"color": COLORWAY[0]}))
        fig.add_hline(y=self.boundary, line={"color": COLORWAY[3], "dash": "dash"},
                      annotation_text="monitoring boundary")
        if self.first_alarm is not None:
            fig.add_vline(x=self.first_alarm, line={"color": COLORWAY[1]})
        return style(fig, title="Real-time monitoring: BSADF against the bootstrap boundary")

    def to_signals(self, name: str = "series", source: str = "") -> list[Signal]:
        """One ``market_tests`` signal: 1 when the last monitored BSADF is above the boundary."""
        last = float(self.bsadf.iloc[-1])
        on = last > self.boundary
        as_of = _fmt(self.bsadf.index[-1]) if isinstance(self.bsadf.index[-1], pd.Timestamp) else None
        first = "no alarm in the monitoring period" if self.first_alarm is None else \
            f"first alarm {_fmt(self.first_alarm)}"
        reading = (f"BSADF {last:.2f} above the monitoring boundary {self.boundary:.2f}; {first}" if on else
                   f"BSADF {last:.2f} below the monitoring boundary {self.boundary:.2f}; {first}")
        return [Signal("market_tests", f"psy-monitor:{name}", f"Real-time PSY monitor, {name}", reading,
                       value=last, unit="BSADF", bubble=1.0 if on else 0.0,
                       rule="1 when the latest BSADF exceeds the family-wise wild-bootstrap boundary, else 0",
                       as_of=as_of, source=source)]


def _fmt(v: Any) -> str:
    return v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) else str(v)


def _n_train(index: pd.Index, train: Any, monitor_from: Any) -> int:
    if (train is None) == (monitor_from is None):
        raise InputError("give exactly one of train (observations) and monitor_from (a date)")
    if monitor_from is not None:
        try:
            when = pd.Timestamp(monitor_from) if isinstance(index, pd.DatetimeIndex) else monitor_from
        except (TypeError, ValueError):
            raise InputError(f"monitor_from is not a date: {monitor_from!r}") from None
        n = int(index.searchsorted(when, side="left"))
        if n >= index.size:
            raise InputError(f"the monitoring start {_fmt(when)} is after the last observation {_fmt(index[-1])}")
        return n
    if isinstance(train, bool) or not isinstance(train, (int, np.integer)):
        raise InputError(f"train must be an integer number of observations, got {train!r}")
    return int(train)


def monitor(series: pd.Series, spec: PSYSpec | None = None, *, train: int | None = None,
            monitor_from: Any = None, min_window: int | None = None, lag: int | None = None,
            horizon: int | None = None, alpha: float | None = None, reps: int = 199, seed: int | None = None,
            log: bool | None = None, persist: int = 1, bubble_start: int | None = None) -> MonitorResult:
    """Monitor ``series`` in real time after a training sample (``train`` observations, or all
    observations before ``monitor_from``). Window, lag, log, level (``alpha`` = 1 - size) and seed come
    from ``spec`` or from the keywords (defaults: the PSY window rule on the training sample, lag 0,
    log, 0.95, seed 0); ``horizon`` (family-wise) defaults to the rest of the series. See the module
    docstring."""
    _, index = prepare(series, log=False)
    n_train = _n_train(index, train, monitor_from)
    # a fractional window in the spec is a fraction of the training sample
    min_window, lag, log, alpha, seed = settings(spec, min_window, lag, log, alpha, seed, max(n_train, 1))
    x, _ = prepare(series, log=log)
    if min_window is None:
        min_window = P.default_min_window(max(n_train, 1))
    need = max(min_window + lag + 2, MIN_TRAIN)
    if n_train < need:
        raise InputError(f"the monitoring start leaves {n_train} training observations; the training window "
                         f"needs at least {need} (the larger of {MIN_TRAIN} and minimum window {min_window} + lag {lag} + 2)")
    H = x.size - n_train if horizon is None else horizon
    if isinstance(H, bool) or not isinstance(H, (int, np.integer)) or not 1 <= H <= x.size - n_train:
        raise InputError(f"horizon must be an integer in 1..{x.size - n_train}, got {horizon!r}")
    alpha = check_level("alpha", alpha)
    check_int("persist", persist, 1)
    check_int("reps", reps, 19)
    check_int("seed", seed, 0)
    check_window(n_train, min_window, lag, "the training sample")
    n_total = n_train + int(H)
    boundary, dist = monitoring_boundary(x[:n_train], n_total, min_window=min_window, lag=lag, alpha=alpha,
                                         reps=reps, seed=seed)
    full = pd.Series(bsadf_values(x[:n_total], min_window, lag), index=index[min_window + lag:n_total])
    mon = full.iloc[n_train - (min_window + lag):]
    above = (mon.to_numpy() > boundary).astype(int)
    run = np.convolve(above, np.ones(persist, dtype=int), mode="full")[: above.size]
    hits = np.flatnonzero(run >= persist)
    first_obs = int(n_train + hits[0]) if hits.size else None
    alarms = pd.Series(run >= persist, index=mon.index, name="alarm")
    delay = first_obs - int(bubble_start) if first_obs is not None and bubble_start is not None else None
    params = {"n_train": n_train, "train_first": _fmt(index[0]), "train_last": _fmt(index[n_train - 1]),
              "monitor_from": _fmt(index[n_train]), "horizon": int(H), "min_window": min_window, "lag": lag,
              "alpha": alpha, "reps": reps, "seed": seed, "log": log, "persist": persist,
              "bubble_start": bubble_start}
    return MonitorResult(bsadf=mon.rename("bsadf"), boundary=boundary, alarms=alarms,
                         first_alarm=index[first_obs] if first_obs is not None else None,
                         first_alarm_obs=first_obs, delay=delay, params=params, distribution=dist)
