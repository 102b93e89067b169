"""Size and power of the ordinary and the sign-based (volatility-robust) PSY tests by Monte Carlo.

Run:  PYTHONPATH=src nice -n 10 python benchmarks/sizepower.py [--paths 200] [--quick] [--write docs/psy.md]

For T = 200, 400, 800 and each data-generating process of ``bubblescope.detect.simulate`` it
reports the rejection rate of GSADF at 5% (ordinary: Monte Carlo critical value of
``critical_values``; sign-based: ``sign_critical_values``) and, for the PSY bubble processes,
the share of paths whose BSADF crosses its per-date 95% critical sequence inside the true bubble
("detected") and the mean delay of the first crossing after the bubble start. With ``--write`` the
table replaces the block between the ``sizepower`` markers of the file. Every number is seeded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.detect.psy_steps import critical_values, radf
from bubblescope.detect.robust import sign_critical_values, sign_statistics
from bubblescope.detect.simulate import simulate
from bubblescope.errors import InputError

START, END = "<!-- sizepower:start -->", "<!-- sizepower:end -->"

#: (label, dgp, parameters as functions of T)
CASES = [
    ("null, constant variance", "volshift", lambda T: {"ratio": 1.0}),
    ("null, variance x4 at T/2", "volshift", lambda T: {"ratio": 4.0, "at": T // 2}),
    ("null, variance x1/4 at T/2", "volshift", lambda T: {"ratio": 0.25, "at": T // 2}),
    ("PSY one bubble (0.4T-0.55T)", "psy1", lambda T: {}),
    ("PSY one bubble + random-walk noise of sd 3x from T/2", None, lambda T: {}),
    ("PSY two bubbles", "psy2", lambda T: {}),
    ("Evans collapsing, pi=0.85", "evans", lambda T: {"pi": 0.85}),
    ("Blanchard, pi=0.85", "blanchard", lambda T: {"pi": 0.85}),
]


def _psy1_volshift(T: int, n: int, seed: int) -> tuple[np.ndarray, tuple]:
    """PSY one bubble plus a random walk whose increments have sd 3·6.79 from T/2 on (0 before)."""
    base = simulate("psy1", T, n_paths=n, seed=seed)
    noise = simulate("volshift", T, n_paths=n, seed=seed + 1, ratio=4.0, at=T // 2, sigma=6.79, y0=0.0)
    flat = simulate("volshift", T, n_paths=n, seed=seed + 1, ratio=1.0, sigma=6.79, y0=0.0)
    # replace the constant-variance part of the path by the shifted one (same shocks before T/2)
    return base.values + (noise.values - flat.values), base.bubbles


def _first_crossing(stat: np.ndarray, cv: np.ndarray, first_pos: int, span: tuple[int, int]) -> int | None:
    a, b = span[0] - first_pos, span[1] - first_pos
    hit = np.flatnonzero(stat[max(a, 0): b + 1] > cv[max(a, 0): b + 1])
    return int(hit[0]) + max(a, 0) + first_pos if hit.size else None


def _cell(T: int, dgp: str | None, params: dict, n: int, seed: int, ocv: dict, scv: dict) -> dict:
    if dgp is None:
        X, bubbles = _psy1_volshift(T, n, seed)
    else:
        sim = simulate(dgp, T, n_paths=n, seed=seed, **params)
        X, bubbles = sim.values, sim.bubbles
    spec = ocv["spec"]
    m = ocv["m"]
    o_rej = s_rej = undefined = 0
    o_det: list[int] = []
    s_det: list[int] = []
    for i in range(n):
        try:
            st = radf(pd.Series(X[i]), spec)
        except InputError:  # a window fits exactly (e.g. a long Evans run): the statistic is undefined
            undefined += 1
            st = None
        o_rej += st is not None and st.gsadf > ocv["gsadf"]
        _, sb = sign_statistics(X[i], scv["m"])
        s_rej += sb.max() > scv["gsadf"]
        if bubbles and dgp in ("psy1", None) and st is not None:
            fo = _first_crossing(st.bsadf.to_numpy(), ocv["seq"], m, bubbles[0])
            fs = _first_crossing(sb, scv["seq"], scv["m"], bubbles[0])
            o_det.append(-1 if fo is None else fo - bubbles[0][0])
            s_det.append(-1 if fs is None else fs - bubbles[0][0])
    row = {"ordinary": o_rej / max(n - undefined, 1), "sign": s_rej / n, "undefined": undefined}
    for key, det in (("ordinary", o_det), ("sign", s_det)):
        if det:
            d = np.array(det)
            row[f"{key}_detected"] = float((d >= 0).mean())
            row[f"{key}_delay"] = float(d[d >= 0].mean()) if (d >= 0).any() else float("nan")
    return row


def run(Ts: list[int], n: int, seed: int) -> tuple[pd.DataFrame, dict]:
    rows = []
    meta: dict = {}
    for T in Ts:
        spec = PSYSpec(log=False, cv="mc", reps=1000, seed=seed)
        t0 = time.perf_counter()
        tab = critical_values(T, spec)
        m = radf(pd.Series(np.cumsum(np.random.default_rng(0).standard_normal(T))), spec).rows
        ocv = {"spec": spec, "m": m, "gsadf": float(tab.gsadf[0.95]), "seq": tab.bsadf[0.95].to_numpy()}
        sc = sign_critical_values(T, reps=2000, seed=seed)
        scv = {"m": sc.params["min_window"], "gsadf": float(sc.gsadf[0.95]), "seq": sc.bsadf[0.95].to_numpy()}
        meta[T] = {"gsadf_cv": ocv["gsadf"], "sign_gsadf_cv": scv["gsadf"], "window": m}
        for k, (label, dgp, params) in enumerate(CASES):
            r = _cell(T, dgp, params(T), n, seed + 1000 * k + T, ocv, scv)
            rows.append({"T": T, "process": label, **r})
            print(f"T={T} {label}: {r}", file=sys.stderr, flush=True)
        meta[T]["seconds"] = time.perf_counter() - t0
    return pd.DataFrame(rows), meta


def _pct(v: float) -> str:
    return "–" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{100 * v:.1f}%"


def _delay(v: float) -> str:
    return "–" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.1f}"


def markdown(df: pd.DataFrame, meta: dict, n: int, seed: int) -> str:
    lines = [f"Generated by `make sizepower` (benchmarks/sizepower.py, {n} paths per cell, seed {seed},"
             f" {dt.date.today().isoformat()}, Python {platform.python_version()}). Rejection rate of GSADF"
             " at the 5% level; for the PSY one-bubble processes, the share of paths whose BSADF crosses its"
             " per-date 95% critical sequence inside the bubble and the mean delay (observations) of that"
             " first crossing after the bubble start.", "",
             "| T | process | GSADF rejects | sign GSADF rejects | GSADF detected / delay"
             " | sign detected / delay |", "|---|---|---|---|---|---|"]
    for r in df.itertuples(index=False):
        od = f"{_pct(getattr(r, 'ordinary_detected', None))} / {_delay(getattr(r, 'ordinary_delay', None))}" \
            if "ordinary_detected" in df.columns and not pd.isna(r.ordinary_detected) else "–"
        sd = f"{_pct(getattr(r, 'sign_detected', None))} / {_delay(getattr(r, 'sign_delay', None))}" \
            if "sign_detected" in df.columns and not pd.isna(r.sign_detected) else "–"
        note = f" ({r.undefined} of {n} paths undefined: a window fits exactly)" if r.undefined else ""
        lines.append(f"| {r.T} | {r.process} | {_pct(r.ordinary)}{note} | {_pct(r.sign)} | {od} | {sd} |")
    lines += ["", "Critical values used (95%, simulated in the same run): "
              + "; ".join(f"T={T}: GSADF {m['gsadf_cv']:.3f}, sign GSADF {m['sign_gsadf_cv']:.3f}"
                          f" (window {m['window']} rows)" for T, m in meta.items()) + "."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", type=int, default=200)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--quick", action="store_true", help="T = 200 only, 50 paths")
    ap.add_argument("--write", type=Path, default=None, help="replace the sizepower block of this file")
    a = ap.parse_args()
    Ts, n = ([200], 50) if a.quick else ([200, 400, 800], a.paths)
    df, meta = run(Ts, n, a.seed)
    text = markdown(df, meta, n, a.seed)
    print(text)
    if a.write is not None:
        doc = a.write.read_text()
        if START not in doc or END not in doc:
            raise SystemExit(f"{a.write} has no {START} ... {END} block")
        head, rest = doc.split(START, 1)
        _, tail = rest.split(END, 1)
        a.write.write_text(f"{head}{START}\n{text}\n{END}{tail}")


if __name__ == "__main__":
    main()
