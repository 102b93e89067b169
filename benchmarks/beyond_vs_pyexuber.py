"""The issue-22 procedures vs pyexuber where it has a peer, timed in the same run on the same inputs.

Run:  PYTHONPATH=src nice -n 10 python benchmarks/beyond_vs_pyexuber.py

Cases: simulators (PSY one bubble, Evans, Blanchard: 1,000 paths), the sign-based test (statistics
and 2,000-replication critical values), the panel statistic (values compared too) and the panel
sieve bootstrap. Best of 3 wall-clock seconds after a warm-up call (numba compile / load). The
simulators and bootstraps use different random streams, so only the panel statistic is compared
value for value. Needs the optional `bench` extra (pyexuber).
"""

from __future__ import annotations

import os
import platform
import time

import numpy as np
import pandas as pd


def _best(fn, n: int = 3) -> float:
    fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return min(out)


def main() -> None:
    os.environ.setdefault("NUMBA_NUM_THREADS", "1")
    from exuber import sim
    from exuber.cv import radf_sb_cv
    from exuber.radf import radf as ex_radf
    from exuber.radf_sign import radf_sign, radf_sign_cv

    from bubblescope.detect.panel import panel_bsadf, panel_gsadf
    from bubblescope.detect.robust import sign_critical_values, sign_statistics
    from bubblescope.detect.simulate import simulate

    print(f"machine: {platform.machine()} {os.cpu_count()} cpus, Python {platform.python_version()}")
    rows = []
    T, n = 400, 1000
    rows.append(("simulate psy1, 1000 paths, T=400",
                 _best(lambda: simulate("psy1", T, n_paths=n, seed=1)),
                 _best(lambda: [sim.sim_psy1(T, seed=i) for i in range(n)])))
    rows.append(("simulate evans, 1000 paths, T=400",
                 _best(lambda: simulate("evans", T, n_paths=n, seed=1)),
                 _best(lambda: [sim.sim_evans(T, seed=i) for i in range(n)])))
    rows.append(("simulate blanchard, 1000 paths, T=400",
                 _best(lambda: simulate("blanchard", T, n_paths=n, seed=1)),
                 _best(lambda: [sim.sim_blan(T, seed=i) for i in range(n)])))
    x = np.cumsum(np.random.default_rng(0).standard_normal(T)) + 100
    m = int(np.floor((0.01 + 1.8 / np.sqrt(T)) * T))
    rows.append(("sign-based statistics, T=400", _best(lambda: sign_statistics(x, m)),
                 _best(lambda: radf_sign(x[:, None], minw=m))))
    rows.append(("sign-based critical values, T=400, 2000 reps",
                 _best(lambda: sign_critical_values(T, reps=2000, seed=1), 1),
                 _best(lambda: radf_sign_cv(T, minw=m, nrep=2000, seed=1), 1)))
    ours_cv = sign_critical_values(T, reps=2000, seed=1)
    peer_cv = radf_sign_cv(T, minw=m, nrep=2000, seed=1)
    Tp, N = 200, 10
    panel = pd.DataFrame({f"s{i}": simulate("psy1", Tp, seed=i).values[0] + 300 for i in range(N)})
    ours = panel_bsadf(panel, lag=0)["panel"].to_numpy()
    peer = ex_radf(panel.to_numpy(), lag=0)
    diff = float(np.max(np.abs(ours - np.asarray(peer.bsadf_panel)[-ours.size:])))
    rows.append(("panel BSADF statistic, 10 series, T=200", _best(lambda: panel_bsadf(panel)),
                 _best(lambda: ex_radf(panel.to_numpy(), lag=0))))
    rows.append(("panel sieve bootstrap, 10 series, T=200, 99 reps",
                 _best(lambda: panel_gsadf(panel, log=False, reps=99, seed=1), 1),
                 _best(lambda: radf_sb_cv(panel.to_numpy(), nboot=99, seed=1), 1)))
    print(f"{'case':55s} {'bubblescope s':>14s} {'pyexuber s':>12s} {'ratio':>7s}")
    for name, a, b in rows:
        print(f"{name:55s} {a:14.4f} {b:12.4f} {b / a:7.2f}")
    print(f"panel GSADF: ours {ours.max():.10f}, pyexuber {float(peer.gsadf_panel):.10f}; max |Δ panel BSADF| {diff:.2e}")
    print(f"sign GSADF 95% critical value T=400: ours {float(ours_cv.gsadf[0.95]):.4f},"
          f" pyexuber {peer_cv.gsadf_cv[1] if np.ndim(peer_cv.gsadf_cv) == 1 else peer_cv.gsadf_cv}")


if __name__ == "__main__":
    main()
