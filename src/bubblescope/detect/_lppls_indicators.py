"""FCO-style LPPLS confidence and trust indicators over end dates: :func:`indicators`."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect import _lppls_kernels as K
from bubblescope.detect._lppls_filters import FilterSet, load_filters
from bubblescope.detect._lppls_model import (
    FCO_WINDOWS,
    MIN_POINTS,
    Bounds,
    SearchSettings,
    _check_series,
    _check_windows,
    _derived,
    _end_positions,
    _fit_nested,
    lagrange_pick,
    pinned,
)
from bubblescope.detect._lppls_null import NullSpec, bootstrap_paths, null_confidence, p_values
from bubblescope.detect._lppls_time import (
    FREQ_UNITS,
    check_freq,
    scale_windows,
    step_days,
    steps_to_datetime64,
)
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal


@dataclass(frozen=True)
class _Task:
    t2_pos: int
    y: np.ndarray  # log prices of the longest window available ending at t2_pos
    lens: np.ndarray


def _run_task(task: _Task, bounds: Bounds, search: SearchSettings, n_starts: int, seed: int,
              fs: FilterSet, n_resamples: int) -> tuple[np.ndarray, np.ndarray]:
    """All nested windows for one end date: per-window fits (n_w, 12) and trust shares (n_w, 2)."""
    L = len(task.y)
    t = np.arange(task.t2_pos - L + 1, task.t2_pos + 1, dtype=float)
    res = _fit_nested(t, task.y, task.lens, bounds, search, n_starts, seed, task.t2_pos)
    trust = np.full((len(task.lens), 2), np.nan)
    if n_resamples > 0:
        out = np.empty((n_resamples, 10))
        lo = np.empty(3)
        hi = np.empty(3)
        for j, n in enumerate(task.lens):
            r = res[j]
            if not np.isfinite(r[0]):
                continue
            tw, yw = t[L - n:], task.y[L - n:]
            ld = np.log(r[0] - tw)
            f = np.exp(r[1] * ld)
            yhat = r[3] + f * (r[4] + r[5] * np.cos(r[2] * ld) + r[6] * np.sin(r[2] * ld))
            resid = yw - yhat
            rng = np.random.default_rng((seed, task.t2_pos, int(n), 1))
            Y = yhat[None, :] + resid[rng.integers(0, n, size=(n_resamples, n))]
            span = tw[-1] - tw[0]
            lo[:] = (tw[-1] + bounds.tc[0] * span, bounds.m[0], bounds.omega[0])
            hi[:] = (tw[-1] + bounds.tc[1] * span, bounds.m[1], bounds.omega[1])
            K.refine_batch(tw, Y, r[0:3].copy(), lo, hi, search.max_iter, search.tol, out)
            rr = np.full((n_resamples, 12), np.nan)
            rr[:, 0:10] = out
            rr[:, 10] = tw[0]
            d = _derived(rr, tw[-1], fs.oscillations, fs.rel_error)
            ok = fs.passes("trust", d) & ~pinned(d, bounds)
            trust[j, 0] = np.mean(ok & (out[:, 4] < 0))
            trust[j, 1] = np.mean(ok & (out[:, 4] > 0))
    return res, trust


def _run_chunk(tasks: list[_Task], *args: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    return [_run_task(tk, *args) for tk in tasks]


#: Starts per window of the indicators, their null and the multi-scale panels (start-robust with the window
#: sweep: 2 vs 8 starts differ by ≤ 3.2 points on the Nasdaq 1999–2000, docs/lppls.md); one constant so a
#: cached null is always computed with the observed confidence's setting.
DEFAULT_STARTS = 2
_FRAME_COLUMNS = ("price", "pos_conf", "neg_conf", "pos_trust", "neg_trust", "tc_median", "tc_q10", "tc_q90",
                  "n_windows", "n_fitted", "n_pos", "n_neg", "t1_lagrange", "p_value")
_FITS_COLUMNS = ("t2", "window", "t1", "tc_days", "m", "omega", "A", "B", "C1", "C2", "sse", "rel_error", "damping",
                 "oscillations", "on_bound", "qualified", "trust_pos", "trust_neg")
_FRAME_INDEX, _FITS_INDEX = pd.Index(_FRAME_COLUMNS), pd.Index(_FITS_COLUMNS)


@dataclass(frozen=True, eq=False)
class LPPLSIndicators(Result):
    """FCO-style LPPLS indicators per end date t2.

    ``frame`` columns: price; pos_conf / neg_conf = qualified positive (B<0) / negative (B>0) fits
    divided by all windows tried at that date; pos_trust / neg_trust = median over fitted windows of
    the share of residual-resampled fits passing the trust filter with that sign (NaN when
    ``n_resamples`` = 0); tc_median / tc_q10 / tc_q90 = critical-time dates over qualified fits
    (NaT when none); counts n_windows (tried), n_fitted (valid fit found), n_pos, n_neg (qualified);
    t1_lagrange = the start date chosen by the Lagrange-regularised cost (Demos & Sornette 2017);
    p_value = against the bootstrap null (NaN without one).
    ``fits`` has one row per (t2, window) with the parameters and the qualification flags. A fit
    qualifies when it passes the filter set's conditions and neither tc nor m sits on a search bound
    (``on_bound``: within ``_lppls_model.BOUND_TOL`` of the box width); the same holds for the trust resamples.
    """

    frame: pd.DataFrame
    fits: pd.DataFrame = field(repr=False)
    filters: FilterSet
    windows: tuple[int, ...]
    n_resamples: int
    seed: int
    n_starts: int
    bounds: Bounds
    freq: str = "B"
    null: NullSpec | None = None
    null_q95: float | None = None
    null_values: np.ndarray | None = field(default=None, repr=False)
    series_name: str = ""

    def to_signals(self) -> list[Signal]:
        """One ``market_tests`` signal: the positive confidence at the last date against the null.

        It counts (``bubble`` 1) only when the reading is above the 95% null quantile; without a null
        (``indicators(..., null=NullSpec())``) it is shown as unavailable, never counted.
        """
        sym = self.series_name or "series"
        name, label = f"lppls:{sym}", f"LPPLS bubble confidence, {sym}"
        if self.frame.empty:
            return [Signal.unavailable("market_tests", name, label, "no end dates were computed")]
        last = self.frame.iloc[-1]
        as_of = self.frame.index[-1].date().isoformat()
        src = f"bubblescope LPPLS indicators ({self.filters.name} filters, {len(self.windows)} windows)"
        if self.null_q95 is None:
            return [Signal.unavailable(
                "market_tests", name, label,
                "the confidence was computed without a null (indicators(..., null=NullSpec())), so it is not counted",
                source=src, as_of=as_of)]
        conf = float(last["pos_conf"])
        above = conf > self.null_q95
        reading = (f"confidence {conf:.0%} on {as_of}, above the 95% null quantile {self.null_q95:.0%} "
                   f"(p = {float(last['p_value']):.3f})" if above else
                   f"confidence {conf:.0%} on {as_of}, not above the 95% null quantile {self.null_q95:.0%} "
                   f"(p = {float(last['p_value']):.3f})")
        return [Signal("market_tests", name, label, reading, conf, "share of windows", 1.0 if above else 0.0,
                       "1 when the positive confidence is above the 95% quantile of its block-bootstrap null, else 0",
                       as_of=as_of, source=src)]

    def summary(self) -> str:
        f = self.frame
        if f.empty:
            return "LPPLS indicators: no dates"
        i_max = f["pos_conf"].idxmax()
        last = f.iloc[-1]
        tcs = f"{last['tc_median'].date()}" if pd.notna(last["tc_median"]) else "n/a"
        return (
            f"LPPLS indicators {f.index[0].date()} → {f.index[-1].date()} ({len(f)} dates, {len(self.windows)} "
            f"windows {min(self.windows)}–{max(self.windows)} {FREQ_UNITS[self.freq]}, filters '{self.filters.name}'): "
            f"last positive confidence {last['pos_conf']:.1%}, negative {last['neg_conf']:.1%}, "
            f"median tc {tcs}; peak positive confidence {f['pos_conf'].max():.1%} on {i_max.date()}"
            + ("" if self.null_q95 is None else
               f"; 95% null quantile {self.null_q95:.1%} ({0 if self.null_values is None else len(self.null_values)} "
               f"bootstrap paths), "
               f"{int((f['pos_conf'] > self.null_q95).sum())} of {len(f)} dates above it")
        )

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def to_dict(self) -> dict[str, Any]:
        return {
            "filters": to_jsonable(self.filters),
            "windows": list(self.windows),
            "n_resamples": self.n_resamples,
            "seed": self.seed,
            "n_starts": self.n_starts,
            "bounds": to_jsonable(self.bounds),
            "freq": self.freq,
            "tc_unit": FREQ_UNITS[self.freq],
            "time": "index (observations); tc dates on the calendar of the frequency (business days for B)",
            "null": None if self.null is None else to_jsonable(self.null),
            "null_q95": self.null_q95,
            "p_value": None if self.null is None or self.frame.empty else float(self.frame["p_value"].iloc[-1]),
            "indicators": to_jsonable(self.frame),
        }

    def plot(self) -> Any:
        from bubblescope.detect.lppls_plot import indicators_figure

        return indicators_figure(self)


def indicators(
    series: pd.Series,
    *,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    windows: Sequence[int] | None = None,
    filters: str | Path | Mapping[str, Any] | FilterSet = "sornette2015",
    n_resamples: int = 100,
    seed: int = 0,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    n_starts: int = DEFAULT_STARTS,
    bounds: Bounds | None = None,
    search: SearchSettings | None = None,
    freq: str | None = None,
    null: NullSpec | None = None,
) -> LPPLSIndicators:
    """LPPLS confidence and trust indicators for every trading day t2 in [start, end].

    At each t2 every window length in ``windows`` (observations of ``freq``; default the FCO grid of
    750…125 trading days step 5, converted to the series' frequency) ending at t2 is fitted; ``freq``
    None detects the frequency from the dates (B, D, W, M, Q; intraday needs explicit windows); windows longer than the history before t2 are skipped (``n_windows``
    says how many were tried). Every date in [start, end] must have at least ``min(windows)``
    observations up to and including it. ``workers`` > 1 uses a spawn-based process pool; results
    are identical for any worker count. ``progress(done, total)`` is called after each end date.
    """
    s = _check_series(series, MIN_POINTS)
    fs = load_filters(filters)
    if "resid_stationary" in fs.confidence or "resid_stationary" in fs.trust:
        raise InputError("LPPLS filters: the resid_stationary condition is applied by fit() only, not by the indicators")
    bounds = bounds or Bounds()
    search = search or SearchSettings()
    code = check_freq(freq, s.index)
    step = step_days(s.index, code)
    wins = _check_windows(scale_windows(FCO_WINDOWS, code, MIN_POINTS) if windows is None else windows)
    if n_resamples < 0 or workers < 1 or n_starts < 1 or seed < 0:
        raise InputError("LPPLS: n_resamples and seed must be >= 0, workers and n_starts >= 1")
    lo, hi = _end_positions(s.index, start, end, wins[0])
    y_all = np.log(s.to_numpy())
    wl = np.array(wins, dtype=np.int64)
    tasks = []
    for p in range(lo, hi + 1):
        lens = wl[wl <= p + 1]
        L = int(lens[-1])
        tasks.append(_Task(p, y_all[p - L + 1: p + 1].copy(), lens))
    results = _run_tasks(tasks, (bounds, search, n_starts, seed, fs, n_resamples), workers, progress)
    out = _assemble(s, tasks, results, fs, wins, n_resamples, seed, n_starts, bounds, code, step)
    if null is None:
        return out
    values = null_distribution(y_all[: hi + 1], wins, null, (bounds, search, n_starts, seed, fs))
    frame = out.frame.assign(p_value=p_values(out.frame["pos_conf"].to_numpy(), values))
    return replace(out, frame=frame, null=null, null_q95=float(np.quantile(values, null.level)), null_values=values)


def path_confidence(y: np.ndarray, wins: list[int], args: tuple[Any, ...]) -> float:
    """Positive-bubble confidence at the last point of log prices ``y`` (all windows ``wins``)."""
    bounds, search, n_starts, seed, fs = args
    lens = np.array(wins, dtype=np.int64)
    t2 = len(y) - 1
    res, _ = _run_task(_Task(t2, y[len(y) - int(lens[-1]):], lens), bounds, search, n_starts, seed, fs, 0)
    d = _derived(res, float(t2), fs.oscillations, fs.rel_error)
    q = fs.passes("confidence", d) & ~pinned(d, bounds)
    return float((q & (d["B"] < 0)).sum() / len(lens))


def null_distribution(y: np.ndarray, wins: list[int], spec: NullSpec, args: tuple[Any, ...],
                      stream: int = 0) -> np.ndarray:
    """Confidence at the end of ``spec.n_paths`` bootstrap paths of the returns of ``y`` (see ``_lppls_null``)."""
    paths = bootstrap_paths(y, int(max(wins)), spec, stream)
    return null_confidence(paths, lambda p: path_confidence(p, wins, args))


def _run_tasks(tasks: list[_Task], args: tuple[Any, ...], workers: int,
               progress: Callable[[int, int], None] | None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Run every end date in order, in this process or in a spawn-based pool (same results either way)."""
    results: list[tuple[np.ndarray, np.ndarray]] = []
    total = len(tasks)
    if workers == 1 or total == 1:
        for k, tk in enumerate(tasks):
            results.append(_run_task(tk, *args))
            if progress is not None:
                progress(k + 1, total)
        return results
    chunk = max(1, min(8, total // (workers * 4) or 1))
    chunks = [tasks[i:i + chunk] for i in range(0, total, chunk)]
    with ProcessPoolExecutor(max_workers=min(workers, os.cpu_count() or workers),
                             mp_context=mp.get_context("spawn")) as ex:
        done = 0
        for part in ex.map(_run_chunk, chunks, *[[a] * len(chunks) for a in args]):
            results.extend(part)
            done += len(part)
            if progress is not None:
                progress(done, total)
    return results


def _take(idx: pd.DatetimeIndex, pos: np.ndarray) -> Any:
    """``idx[pos]`` with NaT where ``pos`` < 0: the datetime64 numpy values for a naive index (cheap for
    pandas to take in), a DatetimeIndex when the index carries a time zone."""
    missing = pos < 0
    if idx.tz is None:
        v = idx.to_numpy()[np.maximum(pos, 0)]  # fancy indexing: a copy
        v[missing] = np.datetime64("NaT")
        return v
    out = idx[np.maximum(pos, 0)]
    return out.where(~missing) if missing.any() else out


def _frame(arrays: list[Any], columns: pd.Index, index: pd.Index) -> pd.DataFrame:
    """One DataFrame from whole columns (pandas builds its own column index: a frame may rename it)."""
    return pd.DataFrame(dict(zip(columns, arrays, strict=True)), index=index)


def _date_column(values: Any, missing: np.ndarray) -> Any:
    """A date column with the dtype pandas infers from its Timestamp / NaT objects: the values' own,
    or datetime64[s] when every entry is NaT."""
    return np.full(len(missing), np.datetime64("NaT"), "datetime64[s]") if missing.all() else values


def _per_date(tasks: list[_Task], res: np.ndarray, trust: np.ndarray, q: np.ndarray, fitted: np.ndarray,
              tc_steps: np.ndarray, idx: pd.DatetimeIndex, freq: str, step: float,
              n_resamples: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per end date: tc quantile dates (n, 3) datetime64[ns], trust medians (n, 2), Lagrange t1 position (−1: none)."""
    n = len(tasks)
    tcd = np.full((n, 3), np.datetime64("NaT"), "datetime64[ns]")
    trm = np.full((n, 2), np.nan)
    t1p = np.full(n, -1, dtype=np.int64)
    a = 0
    for k, tk in enumerate(tasks):
        b = a + len(tk.lens)
        tcq = tc_steps[a:b][q[a:b]]
        if tcq.size:
            tcd[k] = steps_to_datetime64(idx[tk.t2_pos], np.quantile(tcq, [0.5, 0.1, 0.9]), freq, step)
        if n_resamples > 0:  # without resamples every trust share is NaN, and so is its median
            tr = trust[a:b][fitted[a:b]]
            for c in (0, 1):
                if tr.size and np.isfinite(tr[:, c]).all():
                    trm[k, c] = float(np.median(tr[:, c]))
        j, _ = lagrange_pick(tk.lens, res[a:b, 7])
        if j >= 0:
            t1p[k] = tk.t2_pos - int(tk.lens[j]) + 1
        a = b
    return tcd, trm, t1p


def _assemble(s: pd.Series, tasks: list[_Task], results: list[tuple[np.ndarray, np.ndarray]], fs: FilterSet,
              wins: list[int], n_resamples: int, seed: int, n_starts: int, bounds: Bounds, freq: str,
              step: float) -> LPPLSIndicators:
    """The indicator frame (one row per end date) and the fits table (one row per window), built from
    numpy columns over all end dates at once."""
    idx = s.index
    t2p = np.array([tk.t2_pos for tk in tasks], dtype=np.int64)
    n_w = np.array([len(tk.lens) for tk in tasks], dtype=np.int64)
    res = np.concatenate([r for r, _ in results])
    trust = np.concatenate([tr for _, tr in results])
    lens = np.concatenate([tk.lens for tk in tasks])
    row_t2p = np.repeat(t2p, n_w)
    t2 = row_t2p.astype(float)
    d = _derived(res, t2, fs.oscillations, fs.rel_error)
    on_bound = pinned(d, bounds)
    q = fs.passes("confidence", d) & ~on_bound
    pos = q & (d["B"] < 0)
    neg = q & (d["B"] > 0)
    fitted = np.isfinite(res[:, 0])
    first = np.concatenate(([0], np.cumsum(n_w)[:-1]))
    n_pos, n_neg, n_fit = (np.add.reduceat(v, first, dtype=np.int64) for v in (pos, neg, fitted))
    tc_steps = d["tc"] - t2
    tcd, trm, t1p = _per_date(tasks, res, trust, q, fitted, tc_steps, idx, freq, step, n_resamples)
    tc_missing = np.isnat(tcd)
    t1 = _take(idx, t1p)
    cols = (s.to_numpy()[t2p], n_pos / n_w, n_neg / n_w, trm[:, 0], trm[:, 1],
            *(_date_column(tcd[:, c], tc_missing[:, c]) for c in range(3)), n_w, n_fit, n_pos, n_neg,
            _date_column(t1, t1p < 0), np.full(len(tasks), np.nan))
    frame = _frame(list(cols), _FRAME_INDEX, idx[t2p].rename("date"))
    fits = _frame([_take(idx, row_t2p), lens, _take(idx, row_t2p - lens + 1), res[:, 0] - t2,
                   *(res[:, k] for k in range(1, 8)), d["rel_error"], d["damping"], d["oscillations"], on_bound, q,
                   trust[:, 0], trust[:, 1]], _FITS_INDEX, pd.RangeIndex(len(lens)))
    return LPPLSIndicators(frame=frame, fits=fits, filters=fs, windows=tuple(sorted(wins, reverse=True)),
                           n_resamples=n_resamples, seed=seed, n_starts=n_starts, bounds=bounds, freq=freq,
                           series_name="" if s.name is None else str(s.name))
