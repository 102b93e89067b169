"""Start robustness of the LPPLS confidence (docs/lppls.md, "Settings"; issue 17 point 3).

Run (from the repository root)::

    PYTHONPATH=src python benchmarks/lppls_starts.py [--data ../shared/data]

Weekly end dates (every 5th trading day) 1999-01 … 2000-12 on the Nasdaq Composite, history from 1994,
FCO grid, sornette2015, confidence only: the default ``n_starts`` against 4x the starts. Prints the
largest difference (and its date), the number of dates differing by more than 5 points, the mean
difference and the CPU seconds of each setting (numba compiled first, so neither run pays for it).
``tests/test_lppls_starts.py`` asserts the ≤ 5-point bound.
"""

from __future__ import annotations

import argparse
import inspect
import time
from pathlib import Path

import numpy as np

from bubblescope.data import get_series
from bubblescope.detect import lppls as L

NASDAQ = "prices/yfinance_whan1569/indices/NASDAQ_Composite_1d.csv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared/data")
    args = ap.parse_args()
    path = args.data / NASDAQ
    if not path.is_file():
        print(f"skipped: {path} not found (pass --data)")
        return
    s = get_series(path, start="1994-01-01", end="2000-12-31")
    w = s.index[(s.index >= "1999-01-01") & (s.index <= "2000-12-31")]
    dates = list(w[::5])
    default = int(inspect.signature(L.indicators).parameters["n_starts"].default)
    L.indicators(s[s.index <= dates[0]], start=dates[0], end=dates[0], n_resamples=0)  # compile
    out = {}
    for k in (default, 4 * default):
        t0 = time.process_time()
        out[k] = np.array([float(L.indicators(s[s.index <= d], start=d, end=d, n_resamples=0, n_starts=k)
                                 .frame["pos_conf"].iloc[-1]) for d in dates])
        print(f"n_starts={k}: {time.process_time() - t0:.2f} s CPU for {len(dates)} dates; "
              f"max confidence {out[k].max():.1%}")
    diff = np.abs(out[default] - out[4 * default])
    i = int(diff.argmax())
    print(f"default {default} vs {4 * default} starts: largest difference {100 * diff[i]:.1f} points "
          f"({dates[i].date()}), dates > 5 points: {(diff > 0.05).sum()}, mean {100 * diff.mean():.2f} points")


if __name__ == "__main__":
    main()
