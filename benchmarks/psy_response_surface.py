"""Fit and validate the PSY response surfaces (bubblescope.detect._psy_surface).

    PYTHONPATH=src nice -n 10 python benchmarks/psy_response_surface.py simulate   # training targets (npz)
    PYTHONPATH=src python benchmarks/psy_response_surface.py regress               # writes the CSV
    PYTHONPATH=src nice -n 10 python benchmarks/psy_response_surface.py validate   # markdown table

simulate: for each window m (regression rows) of a grid, ONE long run of the lag-0 PSY null
(``y_t = y_{t-1} + 1/T_run + e_t``, ``REPS`` replications, T_run = min(m / 0.03, T_MAX)) with the
same kernel as ``psy``. A sample of the first n observations of a run is a sample of size n with
window m, so the run gives, for every n on a grid of ratios m/n in [0.03, 1]: SADF(n) (= the
running SADF, the ``mc-sadf`` sequence, at n), GSADF(n) (running maximum of BSADF), BSADF at n and
BADF at n. Their quantiles (Harrell–Davis estimator, smoother than the order statistic) are the
training targets. (The run's drift is 1/T_run rather than 1/n: the ADF regression has an
intercept, and a drift of 1/T_run moves y by at most 1 over the run against a random-walk standard
deviation of sqrt(n); validation against exact simulations with drift 1/T shows no bias.)
regress: weighted least squares of each target on the features of ``_psy_surface.features``.
validate: at off-grid (T, m) points, exact simulations (``critical_values_mc``'s draws, drift 1/T):
reps 0..1999 are the fresh 2000-rep Monte Carlo (identical to ``critical_values_mc(T, min_window=m,
reps=2000, seed=s)``), reps 2000..3999 a second independent 2000-rep Monte Carlo (the noise floor),
reps 2000..21999 a 20,000-rep reference independent of the first.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats.mstats import hdquantiles

from bubblescope.detect import _psy_kernels as K
from bubblescope.detect import _psy_surface as RS

LEVELS = (0.80, 0.85, 0.90, 0.925, 0.95, 0.975, 0.99)
M_GRID = (10, 12, 14, 17, 20, 24, 28, 34, 40, 48, 56, 68, 80, 96, 112, 136, 160)
R_MIN, R_MAX = RS.MIN_RATIO, RS.MAX_RATIO
T_MAX = RS.T_MAX
REPS = 8_000
N_PER_RUN = 56
WORK = Path(os.environ.get("PSY_RS_WORK", "/tmp/psy_surface"))  # simulated targets/references (not committed)
TARGETS = WORK / "psy_surface_targets.npz"
REFS = WORK / "psy_surface_validation.npz"
OUT = Path(__file__).resolve().parents[1] / "src" / "bubblescope" / "detect" / "psy_surface.csv"


def _simulate(T: int, m: int, reps: int, seed: int, drift: float, cols: np.ndarray,
              chunk: int = 250) -> dict[str, np.ndarray]:
    """Per replication, at positions ``cols`` of the sequences (position k = observation m + k, sample
    size n = m + k + 1): BADF, running SADF, BSADF, running GSADF. Draws as ``critical_values_mc``."""
    nout = T - m
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    out = {s: np.empty((reps, cols.size)) for s in ("adf", "sadf", "bsadf", "gsadf")}
    for a in range(0, reps, chunk):
        b = min(a + chunk, reps)
        X = np.cumsum(drift + rng.standard_normal((b - a, T)), axis=1)
        badf = np.empty((b - a, nout))
        bsadf = np.empty((b - a, nout))
        bad = np.full((b - a, 2), -1, dtype=np.int64)
        K.run_many(X, m, 0, 0, badf, bsadf, bad)
        assert (bad[:, 0] < 0).all()
        out["adf"][a:b] = badf[:, cols]
        out["sadf"][a:b] = np.maximum.accumulate(badf, axis=1)[:, cols]
        out["bsadf"][a:b] = bsadf[:, cols]
        out["gsadf"][a:b] = np.maximum.accumulate(bsadf, axis=1)[:, cols]
    return out


def _runs() -> list[tuple[int, int]]:
    return [(min(round(m / R_MIN), T_MAX), m) for m in M_GRID]


def simulate() -> None:
    t0 = time.time()
    recs = []
    for i, (T, m) in enumerate(_runs()):
        # every date of a sequence is needed (ratio m/n up to 1 at its first dates), not only m/n ≤ R_MAX
        n = np.unique(np.round(np.geomspace(m + 1, T, N_PER_RUN)).astype(int))
        sims = _simulate(T, m, REPS, 10_000 + i, 1.0 / T, n - m - 1)
        for stat, a in sims.items():
            q = np.asarray(hdquantiles(a, prob=list(LEVELS), axis=0))  # (levels, n)
            for j, nn in enumerate(n):
                recs.append((RS.STATS.index(stat), nn, m, *q[:, j]))
        print(f"run {i + 1}/{len(M_GRID)} T={T} m={m} ({time.time() - t0:.0f} s)", file=sys.stderr)
    TARGETS.parent.mkdir(parents=True, exist_ok=True)
    np.savez(TARGETS, recs=np.array(recs), levels=np.array(LEVELS), reps=REPS, seconds=time.time() - t0)
    print(f"wrote {TARGETS} ({time.time() - t0:.0f} s)", file=sys.stderr)


def regress() -> None:
    z = np.load(TARGETS)
    recs, levels = z["recs"], tuple(float(v) for v in z["levels"])
    lines = [f"# PSY response surfaces: lag-0 null y_t = y_(t-1) + 1/T_run + e_t; one run of {int(z['reps'])} reps per"
             f" window m in {M_GRID} (T_run = min(m/{R_MIN}, {T_MAX})), targets at sample sizes n with"
             f" m/n in [{R_MIN}, 1] (Harrell-Davis quantiles); levels {levels}",
             "# written by benchmarks/psy_response_surface.py regress; features in bubblescope.detect._psy_surface",
             "stat,level,n_points," + ",".join(f"b{i}" for i in range(RS.N_FEATURES)) + ",rmse"]
    ratio = recs[:, 2] / recs[:, 1]
    for s, stat in enumerate(RS.STATS):
        regions = [(stat, ratio <= R_MAX)]  # the main surface: m/n in [R_MIN, R_MAX]
        if stat != "gsadf":  # per-date sequences also need their first dates, m/n up to 1
            regions.append((stat + RS.HEAD, ratio >= RS.HEAD_BLEND[0]))
        for name, keep in regions:
            a = recs[(recs[:, 0] == s) & keep]
            X = RS.features(a[:, 1], a[:, 2])
            for j, lv in enumerate(levels):
                y = a[:, 3 + j]
                beta, *_ = np.linalg.lstsq(X, y, rcond=None)
                rmse = float(np.sqrt(np.mean((X @ beta - y) ** 2)))
                lines.append(f"{name},{lv},{len(a)}," + ",".join(f"{b:.10g}" for b in beta) + f",{rmse:.4f}")
                print(f"{name} {lv}: rmse {rmse:.4f}, max {np.max(np.abs(X @ beta - y)):.4f}", file=sys.stderr)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)


def _points(n_points: int) -> list[tuple[int, int]]:
    rng = np.random.default_rng(2027)
    pts: list[tuple[int, int]] = []
    while len(pts) < n_points:
        T = round(float(np.exp(rng.uniform(np.log(60), np.log(T_MAX)))))
        m = round(T * float(np.exp(rng.uniform(np.log(R_MIN), np.log(R_MAX)))))
        if m in M_GRID or not RS.in_range(T, m):
            continue
        pts.append((T, m))
    return pts


def _sim_refs(n_points: int) -> dict[str, np.ndarray]:
    if REFS.exists():
        return dict(np.load(REFS))
    t0 = time.time()
    out: dict[str, list[np.ndarray]] = {}
    for j, (T, m) in enumerate(_points(n_points)):
        k = np.arange(T - m)
        cols = np.unique(np.r_[k[(m + k + 1) >= T // 2][:: max(1, (T - m) // 120)], T - m - 1])
        sims = _simulate(T, m, 22_000, 90_000 + j, 1.0 / T, cols)
        for stat in ("sadf", "bsadf"):  # per-date sequences (second half of each run)
            a = sims[stat]
            for name, sl in (("a", slice(0, 2000)), ("b", slice(2000, 4000)), ("ref", slice(2000, None))):
                out.setdefault(f"seq_{stat}_{name}_{j}", []).append(np.quantile(a[sl], 0.95, axis=0))
        for stat in ("sadf", "gsadf"):  # scalars: at the last date
            a = sims[stat][:, -1]
            for name, sl in (("a", slice(0, 2000)), ("b", slice(2000, 4000)), ("ref", slice(2000, None))):
                out.setdefault(f"{stat}_{name}", []).append(np.array([np.quantile(a[sl], 0.95)]))
        out.setdefault("T", []).append(np.array([T]))
        out.setdefault("m", []).append(np.array([m]))
        out.setdefault(f"n_{j}", []).append(m + cols + 1)
        print(f"point {j + 1}/{n_points} T={T} m={m} ({time.time() - t0:.0f} s)", file=sys.stderr)
    res = {k: np.concatenate(v) for k, v in out.items()}
    res["seconds"] = np.array([time.time() - t0])
    REFS.parent.mkdir(parents=True, exist_ok=True)
    np.savez(REFS, **res)
    return res


def validate(n_points: int = 30) -> None:
    z = _sim_refs(n_points)
    print("| T | window (rows) | SADF 95%: MC 2000 | MC 20k | surface | GSADF 95%: MC 2000 | MC 20k | surface "
          "| per-date max error vs MC 2000 / 20k: running SADF | BSADF |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    err: dict[str, list[float]] = {}
    for j, (T, m) in enumerate(zip(z["T"].astype(int), z["m"].astype(int), strict=True)):
        row = [str(T), str(m)]
        for stat in ("sadf", "gsadf"):
            a, b, ref = (float(z[f"{stat}_{k}"][j]) for k in ("a", "b", "ref"))
            rs = float(RS.quantile(stat, 0.95, T, m)[0])
            row += [f"{a:.3f}", f"{ref:.3f}", f"{rs:.3f}"]
            for key, v in ((f"{stat} rs-2000", rs - a), (f"{stat} rs-20k", rs - ref),
                           (f"{stat} 2000-2000", a - b), (f"{stat} 2000-20k", a - ref)):
                err.setdefault(key, []).append(abs(v))
        n = z[f"n_{j}"]
        for stat in ("sadf", "bsadf"):
            rs = RS.quantile(stat, 0.95, n, m)
            a, b, ref = (z[f"seq_{stat}_{k}_{j}"] for k in ("a", "b", "ref"))
            e = {"rs-2000": rs - a, "rs-20k": rs - ref, "2000-2000": a - b, "2000-20k": a - ref}
            for key, v in e.items():
                err.setdefault(f"seq {stat} {key}", []).append(float(np.max(np.abs(v))))
                err.setdefault(f"seq {stat} {key} mean", []).append(float(np.mean(np.abs(v))))
            row.append(f"{np.max(np.abs(e['rs-2000'])):.3f} / {np.max(np.abs(e['rs-20k'])):.3f}")
        print("| " + " | ".join(row) + " |")
    print()
    print("| 95% level, 30 points | max abs error | mean abs error |")
    print("|---|---|---|")
    for key, v in err.items():
        if key.endswith(" mean"):
            continue
        mean = np.mean(err[key + " mean"]) if key + " mean" in err else np.mean(v)
        print(f"| {key} | {max(v):.3f} | {mean:.3f} |")
    print(f"\nreference simulation time: {float(z['seconds'][0]):.0f} s", file=sys.stderr)


if __name__ == "__main__":
    {"simulate": simulate, "regress": regress, "validate": validate}[sys.argv[1] if len(sys.argv) > 1 else "simulate"]()
