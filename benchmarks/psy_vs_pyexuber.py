"""bubblescope.detect.psy vs pyexuber (C++ exubercore), timed in the same run on the same inputs.

Run:  PYTHONPATH=src python benchmarks/psy_vs_pyexuber.py [--quick]

Prints one line per case with both timings and the ratio pyexuber / bubblescope, after a warm-up
call that compiles / loads the numba kernels, plus the peak memory of a T = 20,000 BSADF run in a
fresh process. Both are run single-threaded (numba threads = 1; pyexuber's core is
single-threaded) and timed by process CPU time (best of N), which is robust on a shared machine;
wall-clock best-of-N ratios are printed alongside. Needs the optional `bench` extra (pyexuber).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time

import numpy as np
import pandas as pd


def _best(fn, n: int) -> tuple[float, float]:
    """(best CPU seconds, best wall seconds) over n calls."""
    cpu, wall = [], []
    for _ in range(n):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return min(cpu), min(wall)


def _cpu() -> str:
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
            if line.startswith("Model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


_MEM_SNIPPET = """
import resource, sys, numpy as np, pandas as pd
from bubblescope.detect import psy as P
T = int(sys.argv[1])
rng = np.random.default_rng(0)
P.bsadf(pd.Series(np.cumsum(rng.standard_normal(200)) + 1000), log=False)  # compile/load kernels
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
s = pd.Series(np.cumsum(rng.standard_normal(T)) + 1000)
import time; t = time.perf_counter()
P.bsadf(s, log=False)
el = time.perf_counter() - t
print(T, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024, el)
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repetitions / replications")
    args = ap.parse_args()

    import numba

    numba.set_num_threads(1)
    import exuber  # peer (bench extra)
    from exuber.cv import radf_mc_cv, radf_wb_ps_cv

    from bubblescope.detect import psy as P

    reps_time = 2 if args.quick else 3
    rng = np.random.default_rng(12345)
    print(f"machine: {_cpu()}, {os.cpu_count()} cpus; numpy {np.__version__}; date {time.strftime('%Y-%m-%d')}")
    print(f"{'case (CPU s, 1 thread)':<50}{'pyexuber':>10}{'bubblescope':>13}{'ratio':>8}{'wall ratio':>12}")

    def row(name: str, peer: tuple[float, float], ours: tuple[float, float]) -> None:
        print(f"{name:<50}{peer[0]:>10.4f}{ours[0]:>13.4f}{peer[0] / ours[0]:>7.1f}x"
              f"{peer[1] / ours[1]:>11.1f}x", flush=True)

    # warm-up (numba compile or cache load) outside the timings
    w = pd.Series(np.cumsum(rng.standard_normal(120)) + 100)
    for lag in (0, 1):
        P.bsadf(w, lag=lag, log=False)
        exuber.radf(w.to_numpy(), lag=lag)
    P.critical_values_mc(60, reps=4, seed=0)
    P.wild_bootstrap_cv(w, reps=4, seed=0, horizon=5, log=False)

    for T in (1000, 5000):
        x = np.cumsum(rng.standard_normal(T)) + 100.0
        s = pd.Series(x)
        for lag in (0, 1):
            r_peer = exuber.radf(x, lag=lag)
            ours = P.bsadf(s, lag=lag, log=False).to_numpy()
            err = float(np.max(np.abs(ours - r_peer.bsadf[:, 0])))
            assert err < 1e-8, err
            tp = _best(lambda x=x, lag=lag: exuber.radf(x, lag=lag), reps_time)
            to = _best(lambda s=s, lag=lag: P.bsadf(s, lag=lag, log=False), reps_time)
            row(f"BSADF+GSADF T={T} lag={lag} (max|diff| {err:.0e})", tp, to)

    nrep = 500 if args.quick else 2000
    tp = _best(lambda: radf_mc_cv(1000, nrep=nrep, seed=1), 1)
    to = _best(lambda: P.critical_values_mc(1000, reps=nrep, seed=1), 1)
    row(f"MC critical values T=1000, {nrep} reps", tp, to)

    T = 1000
    x = np.cumsum(rng.standard_normal(T)) + 100.0
    minw = P.default_min_window(T)
    horizon = 100
    nboot = 199 if args.quick else 499
    tp = _best(lambda: radf_wb_ps_cv(x, minw=minw, nboot=nboot, adflag=0, tb=minw + horizon, seed=1), 3)
    to = _best(lambda: P.wild_bootstrap_cv(pd.Series(x), min_window=minw, horizon=horizon, reps=nboot, seed=1,
                                           log=False), 3)
    row(f"PS wild bootstrap T={T}, Tb={minw + horizon}, {nboot} reps", tp, to)

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(["src", os.environ.get("PYTHONPATH", "")])}
    for T in (5000, 20000):
        out = subprocess.run([sys.executable, "-c", _MEM_SNIPPET, str(T)], capture_output=True, text=True,
                             env=env, check=True).stdout.split()
        print(f"memory: BSADF T={out[0]}: peak RSS growth {float(out[1]):.1f} MiB, {float(out[2]):.2f} s")


if __name__ == "__main__":
    main()
