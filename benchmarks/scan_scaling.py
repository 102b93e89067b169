"""Scan scaling: series per second for a serial run and Dask local clusters of 1 and 2 workers.

Universe: the real daily price files under ``<data>/prices/`` (stocks, ETFs and indices, cut at
``--as-of``) plus *bootstrapped variants* of them, labelled ``boot<k>:<name>``: a stationary block
bootstrap (arch's ``StationaryBootstrap``, mean block 20 days) of the real series' daily log returns,
re-cumulated from its first price on the same dates, seeded from (``--seed``, label). They make the
universe big enough to measure scaling; they are not market data and are not reported as such.

Timings on a shared machine are noisy, so the figures that matter are the ratios measured in the
same run: 1-worker and 2-worker throughput relative to the serial (no Dask) run, and 2 vs 1 worker.

    PYTHONPATH=src python benchmarks/scan_scaling.py --data ../shared/data --series 120

Prints a Markdown table (paste into BENCHMARKS.md) and, with ``--json``, the raw figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from arch.bootstrap import StationaryBootstrap

from bubblescope.data import get_series
from bubblescope.errors import BubblescopeError
from bubblescope.scan import derive_seed, scan


def real_universe(data: Path, as_of: str) -> dict[str, pd.Series]:
    """Every readable daily price file under data/prices, cut at as_of, with ≥ 3 years of data."""
    out: dict[str, pd.Series] = {}
    for p in sorted((data / "prices").rglob("*.csv")):
        name = p.relative_to(data / "prices").with_suffix("").as_posix()
        try:
            s = get_series(p)
        except BubblescopeError:
            continue
        s = s[s.index <= pd.Timestamp(as_of)]
        if len(s) >= 756 and (s > 0).all():
            out[name] = s
    return out


def bootstrapped(real: dict[str, pd.Series], n: int, seed: int) -> dict[str, pd.Series]:
    """``n`` stationary-block-bootstrap variants, cycling through the real series."""
    names = list(real)
    out: dict[str, pd.Series] = {}
    for k in range(n):
        name = names[k % len(names)]
        label = f"boot{k // len(names)}:{name}"
        s = real[name]
        r = np.diff(np.log(s.to_numpy()))
        bs = StationaryBootstrap(20, r, seed=np.random.default_rng(derive_seed(seed, label)))
        sample = next(bs.bootstrap(1))[0][0]
        prices = s.iloc[0] * np.exp(np.concatenate([[0.0], np.cumsum(sample)]))
        out[label] = pd.Series(prices, index=s.index, name=label)
    return out


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def timed(universe: dict[str, pd.Series], workers: int | None, tests, options, seed, as_of) -> dict:
    """One scan; ``workers=None`` is the serial engine, else a fresh local cluster of that size.

    Cluster start-up is timed separately (it is paid once per scan, not per series).
    """
    startup = 0.0
    rss: list[float] = []
    if workers is None:
        t0 = time.perf_counter()
        r = scan(universe, tests=tests, client="serial", options=options, seed=seed, as_of=as_of)
        wall = time.perf_counter() - t0
    else:
        from dask.distributed import Client, LocalCluster

        t_s = time.perf_counter()
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            startup = time.perf_counter() - t_s
            t0 = time.perf_counter()
            r = scan(universe, tests=tests, client=client, options=options, seed=seed, as_of=as_of)
            wall = time.perf_counter() - t0
            rss = list(client.run(_peak_rss_mb).values())
    return {"result": r, "wall": wall, "startup": startup, "series_per_s": len(universe) / wall,
            "worker_peak_rss_mb": max(rss) if rss else float("nan")}


def _busy(_: int) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(20_000_000):
        x += i
    return time.perf_counter() - t


def cpu_parallel_speedup() -> float:
    """Throughput of 2 processes vs 1 on a pure-Python busy loop right now: the parallelism this
    (possibly shared) machine actually offers, as a yardstick for the 2-worker scan figure."""
    import multiprocessing as mp

    t = time.perf_counter()
    _busy(0)
    one = time.perf_counter() - t
    with mp.get_context("spawn").Pool(2) as pool:
        pool.map(_busy, [0, 0])  # warm up the pool
        t = time.perf_counter()
        pool.map(_busy, [0, 1])
        two = time.perf_counter() - t
    return 2 * one / two


def per_test_timings(real: dict[str, pd.Series], n: int, seed: int, as_of: str) -> list[str]:
    """Median/90th-percentile compute seconds per series for each test alone (serial engine)."""
    sub = dict(list(real.items())[:n])
    cases = [("psy (520 weekly obs, 499 MC reps; + one shared CV table)", "psy", {}),
             ("lppls (FCO windows, 20 resamples)", "lppls", {"lppls": {"n_resamples": 20}}),
             ("lppls (FCO windows, 100 resamples = default)", "lppls", {}),
             ("gauges (GSY run-up + GMO 2σ)", "gauges", {})]
    lines = [f"Per test, alone, serial engine, first {len(sub)} real series (seconds per series):", "",
             "| test | median s | 90th pct s | scan wall s (incl. shared values) |", "|---|---:|---:|---:|"]
    for label, test, opts in cases:
        t0 = time.perf_counter()
        r = scan(sub, tests=test, client="serial", options=opts, seed=seed, as_of=as_of)
        wall = time.perf_counter() - t0
        sec = r.frame["seconds"]
        lines.append(f"| {label} | {sec.median():.3f} | {sec.quantile(0.9):.3f} | {wall:.1f} |")
    return lines


def differences(a: pd.DataFrame, b: pd.DataFrame) -> dict[str, list[str]]:
    """Column → series whose values differ (NaN equals NaN); empty when the frames are identical."""
    out: dict[str, list[str]] = {}
    for col in a.columns:
        x, y = a[col], b[col]
        same = (x == y).fillna(False).to_numpy(dtype=bool) | (x.isna() & y.isna()).to_numpy(dtype=bool)
        if not same.all():
            out[col] = a.loc[~same, "series"].astype(str).tolist()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--series", type=int, default=120, help="universe size (real + bootstrapped), ≥ 100")
    ap.add_argument("--tests", default="psy,lppls,gauges")
    ap.add_argument("--as-of", default="2025-06-23")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--psy-reps", type=int, default=None, help="default: the scan default")
    ap.add_argument("--lppls-resamples", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--per-test", type=int, default=10,
                    help="also time each test alone (serial) on this many real series; 0 to skip")
    ap.add_argument("--skip-scaling", action="store_true", help="only the per-test timings")
    args = ap.parse_args(argv)

    real = real_universe(args.data, args.as_of)
    if not real:
        print(f"no price files under {args.data / 'prices'}", file=sys.stderr)
        return 2
    n_boot = max(0, args.series - len(real))
    universe = {**real, **bootstrapped(real, n_boot, args.seed)}
    tests = [t for t in args.tests.split(",") if t]
    options: dict = {}
    if "psy" in tests and args.psy_reps is not None:
        options["psy"] = {"reps": args.psy_reps}
    if "lppls" in tests:
        options["lppls"] = {"n_resamples": args.lppls_resamples}

    per_test_lines = per_test_timings(real, args.per_test, args.seed, args.as_of) if args.per_test else []
    if args.skip_scaling:
        print("\n".join(per_test_lines))
        return 0
    load_before = os.getloadavg()[0]
    yard_before = cpu_parallel_speedup()
    runs = {
        "serial (no Dask)": timed(universe, None, tests, options, args.seed, args.as_of),
        "Dask, 1 worker": timed(universe, 1, tests, options, args.seed, args.as_of),
        "Dask, 2 workers": timed(universe, 2, tests, options, args.seed, args.as_of),
    }
    base = runs["serial (no Dask)"]["result"].frame.drop(columns="seconds")
    for run in runs.values():
        other = run["result"].frame.drop(columns="seconds")
        run["differences"] = differences(base, other)
        run["identical_to_serial"] = not run["differences"]

    serial = runs["serial (no Dask)"]
    one = runs["Dask, 1 worker"]
    per = serial["result"].frame["seconds"]
    cpu = next((line.split(":", 1)[1].strip() for line in subprocess.run(
        ["lscpu"], capture_output=True, text=True).stdout.splitlines() if line.startswith("Model name")), platform.processor())
    lines = [
        f"Universe: {len(universe)} series = {len(real)} real (prices/, as of {args.as_of}) + {n_boot} bootstrapped "
        f"variants; tests {', '.join(tests)}; options {json.dumps(options)}; seed {args.seed}.",
        f"Machine: {cpu}, {len(os.sched_getaffinity(0))} CPUs available; {time.strftime('%Y-%m-%d', time.gmtime())}.",
        "",
        "| run | scan wall s | series/s | vs serial | vs 1 worker | cluster start s | worker peak RSS MB "
        "| rows identical to serial |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, run in runs.items():
        lines.append(
            f"| {label} | {run['wall']:.1f} | {run['series_per_s']:.2f} | "
            f"{run['series_per_s'] / serial['series_per_s']:.2f}× | {run['series_per_s'] / one['series_per_s']:.2f}× | "
            f"{run['startup']:.1f} | {run['worker_peak_rss_mb']:.0f} | "
            f"{'yes' if run['identical_to_serial'] else 'NO: ' + ', '.join(run['differences'])} |"
        )
    lines += [
        "",
        f"Compute time per series (serial run, all tests): median {per.median():.2f} s, "
        f"90th percentile {per.quantile(0.9):.2f} s, max {per.max():.2f} s; errors: "
        f"{int(serial['result'].frame['error'].notna().sum())}; serial process peak RSS "
        f"{_peak_rss_mb():.0f} MB (includes all {len(universe)} loaded series).",
    ]
    yard_after = cpu_parallel_speedup()
    two = runs["Dask, 2 workers"]["series_per_s"] / one["series_per_s"]
    lines.append(f"Load average (1 min) before / after the timed runs: {load_before:.1f} / {os.getloadavg()[0]:.1f}.")
    lines.append(f"Yardstick: 2 processes vs 1 on a pure-Python busy loop gave {yard_before:.2f}× before and "
                 f"{yard_after:.2f}× after the runs (2.00× on two idle cores); the scan's 2- vs 1-worker "
                 f"ratio {two:.2f}× is {two / ((yard_before + yard_after) / 2):.0%} of that.")
    lines += ["", *per_test_lines]
    for label, run in runs.items():
        for col, names in run["differences"].items():
            lines.append(f"{label}: column {col} differs from the serial run for {len(names)} series, e.g. "
                         f"{names[:3]}: serial {base.set_index('series').loc[names[0], col]!r} vs "
                         f"{run['result'].frame.set_index('series').loc[names[0], col]!r}")
    print("\n".join(lines))
    if args.json:
        print(json.dumps({k: {key: v[key] for key in ("wall", "startup", "series_per_s", "worker_peak_rss_mb",
                                                     "identical_to_serial", "differences")} for k, v in runs.items()}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
