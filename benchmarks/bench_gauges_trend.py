"""GMO expanding trend: bubblescope's running-sum OLS vs refitting statsmodels OLS at every month.

Both compute, for every month t, the residual of an OLS fit of log price on time over months 0..t,
divided by that fit's residual standard deviation. Same inputs, same run; prints the ratio.

    PYTHONPATH=src python benchmarks/bench_gauges_trend.py [--months 1867] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import statsmodels.api as sm

from bubblescope.gauges.runup import _expanding_ols_sigma


def refit(y: np.ndarray, min_n: int) -> np.ndarray:
    out = np.full(y.size, np.nan)
    for i in range(min_n - 1, y.size):
        t = np.arange(i + 1, dtype=float)
        res = sm.OLS(y[: i + 1], sm.add_constant(t)).fit().resid
        out[i] = res[-1] / res.std(ddof=1)
    return out


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--months", type=int, default=1867, help="series length (Shiller 1871-2026: 1867)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    y = np.cumsum(rng.normal(0.003, 0.04, args.months))
    min_n = 240
    a, b = _expanding_ols_sigma(y, min_n), refit(y, min_n)
    ok = np.allclose(a[min_n - 1 :], b[min_n - 1 :], rtol=1e-7, atol=1e-9)
    ta = best(lambda: _expanding_ols_sigma(y, min_n), args.repeat)
    tb = best(lambda: refit(y, min_n), args.repeat)
    print(f"months={args.months} same_results={ok}")
    print(f"bubblescope running sums: {ta * 1e3:.3f} ms")
    print(f"statsmodels OLS refit:    {tb * 1e3:.1f} ms")
    print(f"speed-up (refit / bubblescope): {tb / ta:.0f}x")


if __name__ == "__main__":
    main()
