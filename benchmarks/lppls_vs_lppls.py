"""Benchmark: bubblescope.detect.lppls vs the PyPI ``lppls`` package on the FCO nested-window grid.

Run (from the repository root)::

    PYTHONPATH=src python benchmarks/lppls_vs_lppls.py [--csv PATH] [--n-dates 4] [--n-ref 12] [--full]

1. Wall time: the same end dates and windows (750 … 125 trading days, step 5 → 126 windows per end
   date) through ``lppls`` (``LPPLS.fit(max_searches=25)`` per window, single process, as in its
   ``compute_nested_fits``) and through ours (``indicators`` with ``n_resamples=0``, single process) at the default ``n_starts``, at 4x the
   default (the start-robustness setting of issue 17) and at 1 start; ours is
   timed ``--repeat`` times (default 3) and the median reported, wall and CPU (``process_time``).
   Both are warmed up first (numba compilation excluded). Reports the ratio.
2. Fit quality: on a sample of windows, SSE of ours and of ``lppls`` against a slow reference:
   100 random starts inside our bounds, each refined with scipy ``least_squares`` (bounded,
   variable projection), keeping the best.
3. ``--full``: time the full FCO grid for every trading day of Nasdaq 1994-01 → 2000-03-10 with the
   full 126 windows (814 end dates; confidence only, ``n_resamples=0``).

Needs the optional ``bench`` extra (``pip install -e '.[bench]'``) and the Nasdaq CSV.
"""

from __future__ import annotations

import argparse
import inspect
import platform
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from bubblescope.data import get_series
from bubblescope.detect import lppls as ours

DEFAULT_CSV = Path(__file__).resolve().parents[1].parent / "shared/data/prices/yfinance_whan1569/indices/NASDAQ_Composite_1d.csv"


def _profiled_residuals(theta: np.ndarray, t: np.ndarray, y: np.ndarray) -> np.ndarray:
    tc, m, w = theta
    dt = tc - t
    ld = np.log(dt)
    f = dt**m
    X = np.column_stack([np.ones_like(t), f, f * np.cos(w * ld), f * np.sin(w * ld)])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return y - X @ beta


def reference_fit(t: np.ndarray, y: np.ndarray, bounds: ours.Bounds, n_starts: int = 100, seed: int = 0) -> float:
    """Best SSE over ``n_starts`` uniform random starts, each refined by bounded least_squares."""
    span = t[-1] - t[0]
    lo = np.array([t[-1] + bounds.tc[0] * span, bounds.m[0], bounds.omega[0]])
    hi = np.array([t[-1] + bounds.tc[1] * span, bounds.m[1], bounds.omega[1]])
    rng = np.random.default_rng(seed)
    best = np.inf
    for _ in range(n_starts):
        x0 = rng.uniform(lo, hi)
        r = least_squares(_profiled_residuals, x0, bounds=(lo, hi), args=(t, y), method="trf", x_scale="jac")
        best = min(best, float(2 * r.cost))
    return best


def lppls_window_fits(y: np.ndarray, t2_pos: int, windows: list[int], seed: int) -> list[tuple]:
    import random

    from lppls import lppls as peer

    random.seed(seed)
    np.random.seed(seed)
    out = []
    for n in windows:
        t = np.arange(t2_pos - n + 1, t2_pos + 1, dtype=float)
        obs = np.array([t, y[t2_pos - n + 1: t2_pos + 1]])
        model = peer.LPPLS(obs)
        out.append(model.fit(25))
    return out


def _peer_sse(fit: tuple, t: np.ndarray, y: np.ndarray) -> float:
    tc, m, w, a, b, _c, c1, c2, _o, _d = fit
    if tc == 0 and m == 0:
        return np.nan  # lppls reports a failed fit as zeros
    dt = np.abs(tc - t) + 1e-8  # lppls evaluates |tc − t|
    yhat = a + dt**m * (b + c1 * np.cos(w * np.log(dt)) + c2 * np.sin(w * np.log(dt)))
    return float(np.sum((y - yhat) ** 2))


def _time_ours(s: pd.Series, pos: list[int], n_starts: int,
               repeat: int) -> tuple[dict[int, ours.LPPLSIndicators], float, float, tuple[float, float]]:
    """``indicators`` at each end date of ``pos``, ``repeat`` times: results, median wall and CPU seconds,
    (min, max) CPU seconds."""
    walls, cpus = [], []
    ind: dict[int, ours.LPPLSIndicators] = {}
    for _ in range(max(1, repeat)):
        c0, t0 = time.process_time(), time.perf_counter()
        ind = {p: ours.indicators(s.iloc[: p + 1], start=s.index[p], end=s.index[p], n_resamples=0,
                                  n_starts=n_starts) for p in pos}
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return ind, float(np.median(walls)), float(np.median(cpus)), (min(cpus), max(cpus))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--n-dates", type=int, default=4, help="end dates timed through both packages")
    ap.add_argument("--n-ref", type=int, default=12, help="windows compared with the 100-start reference")
    ap.add_argument("--full", action="store_true", help="also time the full FCO grid on 1994-2000")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3,
                    help="timed runs of ours per setting (the median is reported: one 0.15 s run is one sample of "
                         "the shared machine's noise, the peer's single 15 s run already averages over it)")
    args = ap.parse_args()

    if not args.csv.is_file():
        print(f"skipped: Nasdaq CSV not found at {args.csv} (pass --csv PATH)")
        return
    try:
        import lppls  # noqa: F401  (the peer, from the optional 'bench' extra)
    except ImportError:
        print("skipped: the peer package 'lppls' is not installed (pip install -e '.[bench]')")
        return
    s = get_series(args.csv, start="1994-01-01", end="2000-12-31")
    y = np.log(s.to_numpy())
    windows = list(ours.FCO_WINDOWS)
    pos = [int(s.index.searchsorted(pd.Timestamp(d))) for d in ("1999-03-01", "1999-09-01", "2000-01-03", "2000-03-10")]
    pos = pos[: args.n_dates]
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if ln.startswith("Model name")), platform.processor())
    print(f"machine: {model}; python {platform.python_version()}")

    # warm-up (numba compile / cache load) for both
    ours.indicators(s.iloc[: pos[0] + 1], start=s.index[pos[0]], end=s.index[pos[0]], n_resamples=1,
                    windows=(150, 125))
    lppls_window_fits(y, pos[0], windows[:2], 0)

    c0, t0 = time.process_time(), time.perf_counter()
    peer_fits = {p: lppls_window_fits(y, p, windows, seed=0) for p in pos}
    t_peer, c_peer = time.perf_counter() - t0, time.process_time() - c0
    default = int(inspect.signature(ours.indicators).parameters["n_starts"].default)
    ind, t_ours, c_ours, spread = _time_ours(s, pos, default, args.repeat)
    ind4, t_ours4, c_ours4, spread4 = _time_ours(s, pos, 4 * default, args.repeat)
    ind1, t_ours1, _, _ = _time_ours(s, pos, 1, args.repeat)
    n_fits = len(pos) * len(windows)
    print(f"\n[1] wall time, {len(pos)} end dates × {len(windows)} windows = {n_fits} fits, single process"
          f" (ours: median of {args.repeat} runs)")
    print(f"    lppls 0.6x fit(max_searches=25): {t_peer:8.2f} s  ({1e3 * t_peer / n_fits:.2f} ms/fit)")
    print(f"    bubblescope, default n_starts={default}:  {t_ours:8.2f} s  ({1e3 * t_ours / n_fits:.2f} ms/fit)"
          f"  → ratio {t_peer / t_ours:.1f}x")
    print(f"    bubblescope, n_starts={4 * default} (4x):     {t_ours4:8.2f} s  → ratio {t_peer / t_ours4:.1f}x")
    print(f"    bubblescope, n_starts=1:          {t_ours1:8.2f} s  → ratio {t_peer / t_ours1:.1f}x")
    print(f"    CPU time (process_time): lppls {c_peer:.2f} s; default {c_ours:.3f} s → {c_peer / c_ours:.1f}x; "
          f"4x starts {c_ours4:.3f} s → {c_peer / c_ours4:.1f}x")
    print(f"    ours' CPU time over the {args.repeat} runs: default {spread[0]:.3f}–{spread[1]:.3f} s; "
          f"4x starts {spread4[0]:.3f}–{spread4[1]:.3f} s")
    for name, other in ((f"n_starts={4 * default}", ind4), ("n_starts=1", ind1)):
        d = max(abs(float(ind[p].frame["pos_conf"].iloc[-1]) - float(other[p].frame["pos_conf"].iloc[-1])) for p in pos)
        print(f"    largest confidence difference, default vs {name}: {100 * d:.1f} points")

    # quality on a sample of windows
    rng = np.random.default_rng(0)
    sample = [(p, windows[k]) for p in pos for k in rng.choice(len(windows), size=max(1, args.n_ref // len(pos)), replace=False)]
    rows = []
    for p, n in sample:
        t = np.arange(p - n + 1, p + 1, dtype=float)
        yw = y[p - n + 1: p + 1]
        fits = ind[p].fits
        our_sse = float(fits.loc[fits["window"] == n, "sse"].iloc[0])
        f1 = ind1[p].fits
        our1_sse = float(f1.loc[f1["window"] == n, "sse"].iloc[0])
        pf = peer_fits[p][windows.index(n)]
        peer_sse = _peer_sse(pf, t, yw)
        b = ours.Bounds()
        span = t[-1] - t[0]
        inside = bool(t[-1] + b.tc[0] * span <= pf[0] <= t[-1] + b.tc[1] * span and b.m[0] <= pf[1] <= b.m[1]
                      and b.omega[0] <= pf[2] <= b.omega[1])
        ref = reference_fit(t, yw, b)
        rows.append({"t2": s.index[p].date(), "window": n, "ours": our_sse, "ours 1 start": our1_sse, "lppls": peer_sse,
                     "lppls in box": inside, "reference": ref})
    q = pd.DataFrame(rows)
    q["ours/ref"] = q["ours"] / q["reference"]
    q["ours1/ref"] = q["ours 1 start"] / q["reference"]
    q["lppls/ref"] = q["lppls"] / q["reference"]
    print(f"\n[2] SSE vs 100-start bounded reference ({len(q)} windows)")
    print(q.to_string(index=False, float_format=lambda v: f"{v:.5g}"))
    print(f"    median ours/ref = {q['ours/ref'].median():.4f} (max {q['ours/ref'].max():.4f}); "
          f"1 start: median {q['ours1/ref'].median():.4f} (max {q['ours1/ref'].max():.4f}); median lppls/ref = {q['lppls/ref'].median():.4f}; "
          f"lppls fits inside the box: {int(q['lppls in box'].sum())}/{len(q)} "
          "(lppls is unbounded: outside the box it can go below the bounded reference)")

    # trust: residual resampling cost for one end date (126 windows × 100 resamples)
    p = pos[-1]
    t0 = time.perf_counter()
    tr = ours.indicators(s.iloc[: p + 1], start=s.index[p], end=s.index[p], n_resamples=100)
    dt = time.perf_counter() - t0
    row = tr.frame.iloc[0]
    print(f"\n[trust] one end date ({s.index[p].date()}), 126 windows × 100 resamples: {dt:.1f} s "
          f"(pos_conf {row['pos_conf']:.3f}, pos_trust {row['pos_trust']:.3f})")

    if args.full:
        s94 = s[s.index <= "2000-03-10"]  # the Nasdaq 1994-01 → 2000-03-10 span (as bundled with lppls)
        t0 = time.perf_counter()
        full = ours.indicators(s94, start=s94.index[749], n_resamples=0, workers=args.workers)
        dt = time.perf_counter() - t0
        n = int(full.frame["n_windows"].sum())
        print(f"\n[3] full FCO grid, {len(full.frame)} end dates, {n} window fits, workers={args.workers}: {dt:.1f} s")


if __name__ == "__main__":
    main()
