"""The S&P 500 1987 worked example of docs/lppls.md: which filter condition silences the FCO grid, and
what the FCO's multi-scale time scales read against their own bootstrap nulls.

Run (from the repository root, under ``nice``: ~5 000 fits, then 4 × ``--paths`` null paths)::

    PYTHONPATH=src python benchmarks/lppls_1987.py [--paths 200] [--data ../shared/data]

Part 1 fits the default FCO grid (125–750 days) at the 41 end dates of the placebo script
(every 5th trading day 1987-01-02 … 1987-10-16) and prints, per sornette2015 condition, the share of
fits passing it and the share that would qualify without it, plus the damping and tc position of the
fits. Part 2 runs each FCO scale (windows every 5 trading days) against its own ``--paths``-path block
bootstrap of the 1980–1987 returns (same seed, starts and filters as the data) and prints its null
95% quantile, its highest reading with the p-value there, and the end dates above the quantile.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from bubblescope.data import get_series
from bubblescope.detect import lppls as L
from bubblescope.detect._lppls_indicators import DEFAULT_STARTS, null_distribution
from bubblescope.detect._lppls_model import Bounds, SearchSettings
from bubblescope.detect._lppls_scales import SCALES

FILE = "prices/yfinance_whan1569/indices/SP500_1d.csv"
HISTORY, RUNUP, PEAK = "1980-01-01", "1987-01-02", "1987-10-16"


def conditions(fits: pd.DataFrame, fs: L.FilterSet) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per confidence condition of ``fs``: (fits passing it, fits qualifying without it), both through
    ``FilterSet.passes`` on a one-condition set and on the set minus that condition."""
    p = {k: fits[k].to_numpy(float) for k in ("m", "omega", "oscillations", "damping", "rel_error")}
    p["tc_rel"] = fits["tc_days"].to_numpy(float) / (fits["window"].to_numpy(float) - 1)
    free = ~fits["on_bound"].to_numpy(bool)

    def passes(conf: dict[str, object]) -> np.ndarray:
        return replace(fs, confidence=conf).passes("confidence", p)

    if not np.array_equal(passes(dict(fs.confidence)) & free, fits["qualified"].to_numpy(bool)):
        raise SystemExit("these inputs do not reproduce the fits' `qualified` column")
    out = {"tc and m not on a search bound": (passes({}) & free, passes(dict(fs.confidence)))}
    for key, v in fs.confidence.items():
        rest = {k: w for k, w in fs.confidence.items() if k != key}
        out[f"{key} {v}"] = (passes({key: v}), passes(rest) & free)
    return out


def part1(s: pd.Series, dates: pd.DatetimeIndex, fs: L.FilterSet) -> None:
    t0 = time.process_time()
    fits = pd.concat([L.indicators(s, start=d, end=d, n_resamples=0).fits for d in dates], ignore_index=True)
    cpu = time.process_time() - t0
    qualified = fits["qualified"].to_numpy(bool)
    fitted = np.isfinite(fits["m"].to_numpy(float))
    print(f"{len(fits)} fits at {len(dates)} end dates ({cpu:.1f} s CPU); B < 0 in "
          f"{(fits['B'][fitted] < 0).mean():.1%} of fitted; all conditions together: {qualified.mean():.1%}")
    print("| condition | passes | qualified without it |\n|---|---|---|")
    for name, (alone, without) in conditions(fits, fs).items():
        print(f"| {name} | {alone.mean():.0%} | {without.mean():.1%} |")
    dmp = fits["damping"][fitted]
    tc_rel = (fits["tc_days"] / (fits["window"] - 1))[fitted]
    print(f"damping median {dmp.median():.2f} (10–90%: {dmp.quantile(0.1):.2f}–{dmp.quantile(0.9):.2f}); "
          f"median tc {tc_rel.median():.2f} window lengths after t2")


def part2(s: pd.Series, dates: pd.DatetimeIndex, fs: L.FilterSet, paths: int) -> None:
    y = np.log(s.to_numpy())
    args = (Bounds(), SearchSettings(), DEFAULT_STARTS, 0, fs)
    print("\n| scale | null q95 | highest reading (date) | p at that date | end dates above q95 (first) | CPU |")
    print("|---|---|---|---|---|---|")
    for name, (lo, hi) in SCALES.items():
        wins = list(range(lo, hi + 1, 5))
        t0 = time.process_time()
        null = null_distribution(y, wins, L.NullSpec(n_paths=paths, seed=0), args)
        q95 = float(np.quantile(null, 0.95))
        conf = pd.concat([L.indicators(s, start=d, end=d, windows=wins, n_resamples=0).frame["pos_conf"]
                          for d in dates])
        cpu = time.process_time() - t0
        top = conf.idxmax()
        p = (1 + (null >= conf[top]).sum()) / (1 + paths)
        above = conf[conf > q95]
        first = f" ({above.index[0].date()})" if len(above) else ""
        print(f"| {name} {lo}–{hi} | {q95:.1%} ({(null > 0).sum()} of {paths} null paths > 0) | "
              f"{conf[top]:.1%} ({top.date()}) | {p:.3f} | {len(above)} of {len(conf)}{first} | {cpu:.0f} s |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--paths", type=int, default=200)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared/data")
    ap.add_argument("--skip-scales", action="store_true", help="part 1 only")
    args = ap.parse_args()
    path = args.data / FILE
    if not path.is_file():
        print(f"skipped: {path} not found (pass --data)")
        return
    s = get_series(path, start=HISTORY, end=PEAK)
    dates = s.loc[RUNUP:PEAK].index[::5].append(pd.DatetimeIndex([s.index[-1]])).unique()
    fs = L.load_filters("sornette2015")
    part1(s, dates, fs)
    if not args.skip_scales:
        part2(s, dates, fs, args.paths)


if __name__ == "__main__":
    main()
