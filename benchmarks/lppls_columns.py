"""Benchmark: the LPPLS columns f, f·cos, f·sin, ln(tc − t) — vectorised maths vs libm, speed and accuracy.

Run (from the repository root)::

    PYTHONPATH=src python benchmarks/lppls_columns.py [--n 437] [--points 2000000]

1. Time per call of the window columns at ``--n`` points (the benchmark's mean FCO window is 437 days):
   :func:`bubblescope.detect._lppls_math.lppls_columns` against the same formula on numba's scalar libm
   calls (the kernel before issue 17's speed work), both warmed up, median of 5 × 20 000 calls.
2. Accuracy on ``--points`` random arguments against numpy's libm: max error of log and exp in ulp
   (log on e^U(−690, 690) and on U(0.5, 2); exp on U(−700, 700) and U(−1, 1)), max absolute error of
   cos and sin at |x| ≤ 4, 1e3, 1e4. Seeded (``--seed``).
"""

from __future__ import annotations

import argparse
import math
import platform
import subprocess
import time

import numpy as np
from numba import njit

from bubblescope.detect import _lppls_math as lm


@njit(cache=True)
def _libm_columns(t, tc, m, w, f, g, h, lnd, sn):  # the scalar-libm kernel this replaced
    for i in range(t.shape[0]):
        dt = tc - t[i]
        if not (dt > 0.0):
            return False
        ld = math.log(dt)
        fi = math.exp(m * ld)
        lnd[i] = ld
        f[i] = fi
        g[i] = fi * math.cos(w * ld)
        h[i] = fi * math.sin(w * ld)
    return True


def _time(fn, t, bufs, reps=20_000) -> float:
    fn(t, t[-1] + 50.3, 0.5, 8.0, *bufs)
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn(t, t[-1] + 50.3, 0.5, 8.0, *bufs)
        runs.append((time.perf_counter() - t0) / reps)
    return float(np.median(runs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=437)
    ap.add_argument("--points", type=int, default=2_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if ln.startswith("Model name")),
                 platform.processor())
    print(f"machine: {model}; python {platform.python_version()}")
    t = np.arange(args.n, dtype=float)
    bufs = [np.empty(args.n) for _ in range(5)]
    slow, fast = _time(_libm_columns, t, bufs), _time(lm.lppls_columns, t, bufs)
    print(f"[1] columns at {args.n} points: libm {1e6 * slow:.2f} µs, vectorised {1e6 * fast:.2f} µs "
          f"→ {slow / fast:.1f}x")
    rng = np.random.default_rng(args.seed)
    N = args.points
    o, a, b = np.empty(N), np.empty(N), np.empty(N)
    for name, x in (("log e^U(-690,690)", np.exp(rng.uniform(-690, 690, N))), ("log U(0.5,2)", rng.uniform(0.5, 2, N))):
        lm.log_into(x, o, a, b)
        r = np.log(x)
        k = r != 0
        print(f"[2] {name}: max {np.max(np.abs(o - r)[k] / np.spacing(np.abs(r[k]))):.0f} ulp")
    for name, x in (("exp U(-700,700)", rng.uniform(-700, 700, N)), ("exp U(-1,1)", rng.uniform(-1, 1, N))):
        lm.exp_into(1.0, x, o, a)
        r = np.exp(x)
        print(f"[2] {name}: max {np.max(np.abs(o - r) / np.spacing(r)):.0f} ulp")
    for lim in (4.0, 1e3, 1e4):
        x = rng.uniform(-lim, lim, N)
        lm.sincos_into(1.0, x, a, b)
        print(f"[2] sin/cos |x| ≤ {lim:g}: max abs error cos {np.max(np.abs(a - np.cos(x))):.2g}, "
              f"sin {np.max(np.abs(b - np.sin(x))):.2g}")


if __name__ == "__main__":
    main()
