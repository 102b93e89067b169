"""Placebo check of the LPPLS confidence null (docs/lppls.md, BENCHMARKS.md).

Run (from the repository root, under ``nice``: it fits 126 windows on ~1 600 paths)::

    PYTHONPATH=src python benchmarks/lppls_placebo.py [--paths 200] [--data ../shared/data]

For each source series the null is the confidence at the end of ``--paths`` stationary-bootstrap
paths of its own log returns (stream 0, ``NullSpec``), and its 95% quantile the threshold. Placebo:
another ``--paths`` paths from the same bootstrap (stream 1) and ``--paths`` i.i.d. Gaussian random
walks with the series' mean and volatility; the share of placebo paths whose confidence is above the
threshold is the false-alarm rate (target ≤ 5%). Then the observed series: indicators every 5th
trading day over the run-up with their p-values, and whether a reading before the peak is above the
threshold.
"""

from __future__ import annotations

import argparse
import inspect
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bubblescope.data import get_series
from bubblescope.detect import lppls as L
from bubblescope.detect._lppls_indicators import null_distribution, path_confidence
from bubblescope.detect._lppls_model import Bounds, SearchSettings

CASES = [  # name, file, history start, run-up start, peak
    ("Nasdaq Composite", "prices/yfinance_whan1569/indices/NASDAQ_Composite_1d.csv", "1990-01-01", "1999-06-01", "2000-03-10"),
    ("S&P 500", "prices/yfinance_whan1569/indices/SP500_1d.csv", "1980-01-01", "1987-01-02", "1987-10-16"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--paths", type=int, default=200)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared/data")
    args = ap.parse_args()
    spec = L.NullSpec(n_paths=args.paths, seed=0)
    wins = sorted(L.FCO_WINDOWS)
    n_starts = int(inspect.signature(L.indicators).parameters["n_starts"].default)  # the null uses the default too
    fit_args = (Bounds(), SearchSettings(), n_starts, 0, L.load_filters("sornette2015"))
    rows, readings = [], []
    for name, rel, start, runup, peak in CASES:
        path = args.data / rel
        if not path.is_file():
            print(f"skipped {name}: {path} not found")
            continue
        s = get_series(path, start=start, end=peak)
        y = np.log(s.to_numpy())
        t0 = time.perf_counter()
        null = null_distribution(y, wins, spec, fit_args)
        q95 = float(np.quantile(null, spec.level))
        placebo = null_distribution(y, wins, spec, fit_args, stream=1)
        r = np.diff(y)
        rng = np.random.default_rng((spec.seed, 2))
        walks = y[0] + np.concatenate([np.zeros((args.paths, 1)), np.cumsum(
            rng.normal(r.mean(), r.std(), size=(args.paths, max(wins) - 1)), axis=1)], axis=1)
        iid = np.array([path_confidence(w, wins, fit_args) for w in walks])
        rows.append({"series (returns)": f"{name} {s.index[0].date()}–{s.index[-1].date()}",
                     "null q95": q95, "null mean": null.mean(),
                     "flagged, bootstrap placebo": float((placebo > q95).mean()),
                     "flagged, Gaussian walks": float((iid > q95).mean()),
                     "Gaussian walks ≥ 10%": float((iid >= 0.10).mean()),
                     "seconds": time.perf_counter() - t0})
        dates = s.loc[runup:peak].index[::5].append(pd.DatetimeIndex([s.index[-1]])).unique()
        conf = pd.concat([L.indicators(s, start=d, end=d, n_resamples=0).frame["pos_conf"] for d in dates])
        above = conf[conf > q95]
        readings.append(f"{name}: {len(dates)} end dates {dates[0].date()}…{dates[-1].date()}; max confidence "
                        f"{conf.max():.1%} on {conf.idxmax().date()}; {len(above)} above q95 {q95:.1%}"
                        + (f", first {above.index[0].date()}" if len(above) else ""))
    print(f"paths per row: {args.paths}; FCO windows {min(wins)}–{max(wins)}; sornette2015; n_starts {n_starts}; seed 0")
    if rows:
        cols = list(rows[0])
        print("| " + " | ".join(cols) + " |")
        print("|" + "---|" * len(cols))
        for r in rows:
            print("| " + " | ".join(v if isinstance(v, str) else f"{v:.3f}" for v in r.values()) + " |")
    print("\n".join(readings))


if __name__ == "__main__":
    main()
