"""FCO-style LPPLS confidence and trust indicators over end dates: :func:`indicators`."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect import _lppls_kernels as K
from bubblescope.detect._lppls_filters import FilterSet, load_filters
from bubblescope.detect._lppls_model import (
    _DAYS_PER_TRADING_DAY,
    FCO_WINDOWS,
    MIN_POINTS,
    Bounds,
    SearchSettings,
    _check_series,
    _derived,
    _fit_nested,
)
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable


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
            ok = fs.passes("trust", d)
            trust[j, 0] = np.mean(ok & (out[:, 4] < 0))
            trust[j, 1] = np.mean(ok & (out[:, 4] > 0))
    return res, trust


def _run_chunk(tasks: list[_Task], *args: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    return [_run_task(tk, *args) for tk in tasks]


_FRAME_COLUMNS = ("price", "pos_conf", "neg_conf", "pos_trust", "neg_trust", "tc_median", "tc_q10", "tc_q90",
                  "n_windows", "n_fitted", "n_pos", "n_neg")


@dataclass(frozen=True, eq=False)
class LPPLSIndicators(Result):
    """FCO-style LPPLS indicators per end date t2.

    ``frame`` columns: price; pos_conf / neg_conf = qualified positive (B<0) / negative (B>0) fits
    divided by all windows tried at that date; pos_trust / neg_trust = median over fitted windows of
    the share of residual-resampled fits passing the trust filter with that sign (NaN when
    ``n_resamples`` = 0); tc_median / tc_q10 / tc_q90 = critical-time dates over qualified fits
    (NaT when none); counts n_windows (tried), n_fitted (valid fit found), n_pos, n_neg (qualified).
    ``fits`` has one row per (t2, window) with the parameters and the qualification flags.
    """

    frame: pd.DataFrame
    fits: pd.DataFrame = field(repr=False)
    filters: FilterSet
    windows: tuple[int, ...]
    n_resamples: int
    seed: int
    n_starts: int
    bounds: Bounds

    def summary(self) -> str:
        f = self.frame
        if f.empty:
            return "LPPLS indicators: no dates"
        i_max = f["pos_conf"].idxmax()
        last = f.iloc[-1]
        tcs = f"{last['tc_median'].date()}" if pd.notna(last["tc_median"]) else "n/a"
        return (
            f"LPPLS indicators {f.index[0].date()} → {f.index[-1].date()} ({len(f)} dates, {len(self.windows)} "
            f"windows {min(self.windows)}–{max(self.windows)} days, filters '{self.filters.name}'): "
            f"last positive confidence {last['pos_conf']:.1%}, negative {last['neg_conf']:.1%}, "
            f"median tc {tcs}; peak positive confidence {f['pos_conf'].max():.1%} on {i_max.date()}"
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
            "time": "index (trading days); tc dates at 365.25/252 calendar days per trading day",
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
    windows: Sequence[int] = FCO_WINDOWS,
    filters: str | Path | Mapping[str, Any] | FilterSet = "sornette2015",
    n_resamples: int = 100,
    seed: int = 0,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    n_starts: int = 1,
    bounds: Bounds | None = None,
    search: SearchSettings | None = None,
) -> LPPLSIndicators:
    """LPPLS confidence and trust indicators for every trading day t2 in [start, end].

    At each t2 every window length in ``windows`` (trading days, default the FCO grid 750…125 step 5)
    ending at t2 is fitted; windows longer than the history before t2 are skipped (``n_windows``
    says how many were tried). Every date in [start, end] must have at least ``min(windows)``
    observations up to and including it. ``workers`` > 1 uses a spawn-based process pool; results
    are identical for any worker count. ``progress(done, total)`` is called after each end date.
    """
    s = _check_series(series, MIN_POINTS)
    fs = load_filters(filters)
    bounds = bounds or Bounds()
    search = search or SearchSettings()
    wins = _check_windows(windows)
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
    return _assemble(s, tasks, results, fs, wins, n_resamples, seed, n_starts, bounds)


def _check_windows(windows: Sequence[int]) -> list[int]:
    """Distinct window lengths, ascending; each must have at least ``MIN_POINTS`` points."""
    wins = sorted({int(w) for w in windows})
    if not wins:
        raise InputError("LPPLS: no window lengths given")
    if wins[0] < MIN_POINTS:
        raise InputError(f"LPPLS: window length {wins[0]} is below the minimum of {MIN_POINTS} points")
    return wins


def _end_positions(idx: pd.DatetimeIndex, start: str | pd.Timestamp | None, end: str | pd.Timestamp | None,
                   min_window: int) -> tuple[int, int]:
    """Positions (first, last) of the end dates in [start, end]; without ``start`` the first date with
    a full smallest window."""
    lo = 0 if start is None else int(idx.searchsorted(pd.Timestamp(start), "left"))
    hi = len(idx) - 1 if end is None else int(idx.searchsorted(pd.Timestamp(end), "right")) - 1
    if hi < lo:
        raise InputError(f"LPPLS: no observations between {start} and {end}")
    first_ok = min_window - 1
    if len(idx) < min_window:
        raise InputError(f"LPPLS: {len(idx)} observations, need at least {min_window} for the smallest window")
    if lo < first_ok:
        if start is None:
            lo = first_ok
        else:
            raise InputError(
                f"LPPLS: {idx[lo].date()} has only {lo + 1} observations up to it; the smallest window needs "
                f"{min_window} (first usable date {idx[first_ok].date()})"
            )
    return lo, hi


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

def _assemble(s: pd.Series, tasks: list[_Task], results: list[tuple[np.ndarray, np.ndarray]], fs: FilterSet,
              wins: list[int], n_resamples: int, seed: int, n_starts: int, bounds: Bounds) -> LPPLSIndicators:
    idx = s.index
    rows = []
    fit_rows = []
    for tk, (res, trust) in zip(tasks, results, strict=True):
        t2 = float(tk.t2_pos)
        d = _derived(res, t2, fs.oscillations, fs.rel_error)
        q = fs.passes("confidence", d)
        pos = q & (d["B"] < 0)
        neg = q & (d["B"] > 0)
        n_w = len(tk.lens)
        fitted = np.isfinite(res[:, 0])
        end_date = idx[tk.t2_pos]
        tcq = (d["tc"][q] - t2) * _DAYS_PER_TRADING_DAY
        if tcq.size:
            qs = np.quantile(tcq, [0.5, 0.1, 0.9])
            tcd = [end_date + pd.to_timedelta(v, unit="D") for v in qs]
        else:
            tcd = [pd.NaT] * 3
        tr = trust[fitted]
        rows.append((
            float(s.iloc[tk.t2_pos]), pos.sum() / n_w, neg.sum() / n_w,
            float(np.median(tr[:, 0])) if tr.size and np.isfinite(tr[:, 0]).all() else np.nan,
            float(np.median(tr[:, 1])) if tr.size and np.isfinite(tr[:, 1]).all() else np.nan,
            *tcd, n_w, int(fitted.sum()), int(pos.sum()), int(neg.sum()),
        ))
        fit_rows.append(pd.DataFrame({
            "t2": end_date, "window": tk.lens, "t1": idx[tk.t2_pos - tk.lens + 1],
            "tc_days": res[:, 0] - t2, "m": res[:, 1], "omega": res[:, 2], "A": res[:, 3], "B": res[:, 4],
            "C1": res[:, 5], "C2": res[:, 6], "sse": res[:, 7], "rel_error": d["rel_error"],
            "damping": d["damping"], "oscillations": d["oscillations"], "qualified": q,
            "trust_pos": trust[:, 0], "trust_neg": trust[:, 1],
        }))
    frame = pd.DataFrame(rows, columns=list(_FRAME_COLUMNS), index=idx[[tk.t2_pos for tk in tasks]])
    frame.index.name = "date"
    for c in ("tc_median", "tc_q10", "tc_q90"):
        frame[c] = pd.to_datetime(frame[c])
    fits = pd.concat(fit_rows, ignore_index=True) if fit_rows else pd.DataFrame()
    return LPPLSIndicators(frame=frame, fits=fits, filters=fs, windows=tuple(sorted(wins, reverse=True)),
                           n_resamples=n_resamples, seed=seed, n_starts=n_starts, bounds=bounds)

