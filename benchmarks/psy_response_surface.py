"""Fit and validate the PSY response surfaces (bubblescope.detect._psy_surface).

    PYTHONPATH=src nice -n 10 python benchmarks/psy_response_surface.py fit        # writes the CSV
    PYTHONPATH=src nice -n 10 python benchmarks/psy_response_surface.py validate   # markdown table

fit: for each window m (regression rows) in a grid and sample sizes T = m / r, simulate the PSY null
(lag 0, d = eta = 1) with `critical_values_mc`; take the per-date quantiles of the running SADF, BSADF
and BADF sequences (observation n = m + k + 1, from the second half of each run) and the scalar GSADF
quantile at T; regress each on the features of `_psy_surface.features`; write the coefficients.
validate: fresh simulations (other seeds) at off-grid (T, m) points; max |surface - Monte Carlo|.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from bubblescope.detect import _psy_surface as RS
from bubblescope.detect._psy_cv import critical_values_mc

LEVELS = (0.80, 0.85, 0.90, 0.925, 0.95, 0.975, 0.99)
M_GRID = (10, 14, 20, 28, 40, 56, 80, 112, 160)
R_GRID = (0.5, 0.25, 0.12, 0.06, 0.03)
T_MAX = 1600
REPS = 2000
OUT = Path(__file__).resolve().parents[1] / "src" / "bubblescope" / "detect" / "psy_surface.csv"


def _runs() -> list[tuple[int, int]]:
    runs = []
    for m in M_GRID:
        for r in R_GRID:
            T = round(m / r)
            if m + 5 <= T <= T_MAX:
                runs.append((T, m))
    return runs


def fit() -> None:
    rows: dict[tuple[str, float], list[tuple[float, float, float]]] = {}
    t0 = time.time()
    runs = _runs()
    for i, (T, m) in enumerate(runs):
        cvs = critical_values_mc(T, min_window=m, reps=REPS, seed=10_000 + i, levels=LEVELS)
        k = np.arange(cvs.bsadf.shape[0])
        n = m + k + 1
        keep = n >= max(m + 1, T // 2)
        for stat, table in (("sadf", cvs.sadf_running), ("bsadf", cvs.bsadf), ("adf", cvs.badf)):
            for lv in LEVELS:
                vals = table[lv].to_numpy()
                rows.setdefault((stat, lv), []).extend(zip(n[keep], [m] * int(keep.sum()), vals[keep], strict=True))
        for lv in LEVELS:
            rows.setdefault(("gsadf", lv), []).append((T, m, float(cvs.gsadf[lv])))
        print(f"run {i + 1}/{len(runs)} T={T} m={m} ({time.time() - t0:.0f} s)", file=sys.stderr)
    lines = [f"# PSY response surfaces: lag-0 null y_t = y_(t-1) + 1/T + e_t, {REPS} reps per run, "
             f"windows {M_GRID}, window/T ratios {R_GRID}, T <= {T_MAX}; levels {LEVELS}",
             "# written by benchmarks/psy_response_surface.py fit; features in bubblescope.detect._psy_surface",
             "stat,level,n_points," + ",".join(f"b{i}" for i in range(9)) + ",rmse"]
    for (stat, lv), pts in sorted(rows.items()):
        a = np.array(pts, dtype=float)
        X = RS.features(a[:, 0], a[:, 1])
        w = np.ones(len(a)) if stat == "gsadf" else np.full(len(a), 0.2)  # per-date points are many and correlated
        beta, *_ = np.linalg.lstsq(X * w[:, None], a[:, 2] * w, rcond=None)
        rmse = float(np.sqrt(np.mean((X @ beta - a[:, 2]) ** 2)))
        lines.append(f"{stat},{lv},{len(a)}," + ",".join(f"{b:.10g}" for b in beta) + f",{rmse:.4f}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({time.time() - t0:.0f} s)", file=sys.stderr)


def validate(n_points: int = 30) -> None:
    rng = np.random.default_rng(2026)
    on_grid = set(M_GRID)
    print("| T | window (rows) | SADF 95% MC | surface | GSADF 95% MC | surface | max per-date error, running SADF / BSADF 95% |")
    print("|---|---|---|---|---|---|---|")
    worst = {"sadf": 0.0, "gsadf": 0.0, "seq_sadf": 0.0, "seq_bsadf": 0.0}
    for j in range(n_points):
        T = int(rng.integers(60, 1200))
        m = int(rng.integers(max(8, int(0.03 * T)), max(10, int(0.35 * T))))
        if m in on_grid:
            m += 1
        cvs = critical_values_mc(T, min_window=m, reps=2000, seed=90_000 + j, levels=(0.95,))
        n = m + np.arange(cvs.bsadf.shape[0]) + 1
        s_mc, g_mc = float(cvs.sadf[0.95]), float(cvs.gsadf[0.95])
        s_rs, g_rs = float(RS.quantile("sadf", 0.95, T, m)[0]), float(RS.quantile("gsadf", 0.95, T, m)[0])
        half = n >= T // 2
        e1 = float(np.max(np.abs(RS.quantile("sadf", 0.95, n, m) - cvs.sadf_running[0.95].to_numpy())[half]))
        e2 = float(np.max(np.abs(RS.quantile("bsadf", 0.95, n, m) - cvs.bsadf[0.95].to_numpy())[half]))
        for key, v in (("sadf", abs(s_rs - s_mc)), ("gsadf", abs(g_rs - g_mc)), ("seq_sadf", e1), ("seq_bsadf", e2)):
            worst[key] = max(worst[key], v)
        print(f"| {T} | {m} | {s_mc:.3f} | {s_rs:.3f} | {g_mc:.3f} | {g_rs:.3f} | {e1:.3f} / {e2:.3f} |")
    print()
    print(f"max |error| at 95%: SADF {worst['sadf']:.3f}, GSADF {worst['gsadf']:.3f}; per-date (second half of"
          f" each sequence) running SADF {worst['seq_sadf']:.3f}, BSADF {worst['seq_bsadf']:.3f}")


if __name__ == "__main__":
    {"fit": fit, "validate": validate}[sys.argv[1] if len(sys.argv) > 1 else "fit"]()
