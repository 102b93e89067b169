"""Response-surface critical values for the lag-0 PSY null (MacKinnon-style regressions).

For a sample of ``n`` observations and a minimum window of ``m`` regression rows, the null quantile
of each statistic is modelled as ``q(n, m) = x(n, m)·β`` with features of ``L = log(m / n)`` and
``u = 1/m``: ``features`` below. One regression per statistic and quantile
level, fitted once on a large Monte Carlo simulation of the PSY null ``y_t = y_{t-1} + 1/T + e_t``
(``benchmarks/psy_response_surface.py simulate`` then ``regress``; coefficients shipped in ``psy_surface.csv`` next to this
module, with the simulation's settings in its header). Statistics: ``sadf`` (SADF on the first ``n``
observations: the running-SADF critical sequence of ``cv="mc-sadf"``), ``bsadf`` (BSADF at
observation ``n``: ``cv="mc"``), ``gsadf`` (GSADF of a sample of ``n``), ``adf`` (ADF of a sample of
``n``: the BADF sequence). Validation against fresh simulations: docs/psy.md.
"""

from __future__ import annotations

import csv
import math
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from bubblescope.detect._psy_cv import MCCriticalValues

STATS = ("sadf", "bsadf", "gsadf", "adf")
#: the fitted design range (benchmarks/psy_response_surface.py: M_GRID, R_GRID): outside it, refuse
ROWS_RANGE = (10, 160)
MIN_RATIO = 0.03
MAX_RATIO = 0.5
T_MAX = 2000
#: per-date sequences start at n = m + 1 (m/n near 1): a second surface ("<stat>_head", fitted on m/n ≥ 0.4)
#: takes over from the main one (m/n ≤ 0.5) by linear blending across m/n in HEAD_BLEND
HEAD = "_head"
HEAD_BLEND = (0.4, 0.5)


def features(n: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``[1, L, L², L³, L⁴, u, uL, uL², u², u²L, √u, √u·L]`` with ``L = log(m/n)``, ``u = 1/m``: a polynomial in
    the log window fraction (the limit distribution depends on it alone) plus finite-window corrections
    in powers of ``1/m`` (MacKinnon 1994/2010 use powers of 1/T at a fixed fraction; chosen among five
    such sets by leave-one-window-out error, benchmarks/psy_response_surface.py)."""
    n = np.asarray(n, dtype=float)
    m = np.asarray(m, dtype=float)
    L = np.log(m / n)
    u = 1.0 / m
    s = np.sqrt(u)
    return np.column_stack([np.ones_like(L), L, L * L, L ** 3, L ** 4, u, u * L, u * L * L, u * u, u * u * L, s, s * L])


N_FEATURES = 12


@lru_cache(maxsize=1)
def coefficients() -> dict[tuple[str, float], np.ndarray]:
    """``(stat, level) → β`` from the shipped file (read once)."""
    text = resources.files("bubblescope.detect").joinpath("psy_surface.csv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    out: dict[tuple[str, float], np.ndarray] = {}
    for rec in csv.DictReader(rows):
        beta = np.array([float(rec[f"b{i}"]) for i in range(N_FEATURES)])
        out[(rec["stat"], round(float(rec["level"]), 6))] = beta
    return out


def levels() -> tuple[float, ...]:
    return tuple(sorted({lv for _, lv in coefficients()}))


def quantile(stat: str, level: float, n: np.ndarray | int, m: int) -> np.ndarray:
    """Surface quantile of ``stat`` at ``level`` for sample sizes ``n`` and window ``m`` rows."""
    coefs = coefficients()
    beta = coefs.get((stat, round(float(level), 6)))
    if beta is None:
        raise KeyError((stat, level))
    n_arr = np.atleast_1d(np.asarray(n, dtype=float))
    X = features(n_arr, np.full_like(n_arr, float(m)))
    q = X @ beta
    head = coefs.get((stat + HEAD, round(float(level), 6)))
    if head is not None:
        lo, hi = HEAD_BLEND
        w = np.clip((m / n_arr - lo) / (hi - lo), 0.0, 1.0)
        q = (1.0 - w) * q + w * (X @ head)
    return q


def in_range(T: int, rows: int) -> bool:
    """True when (T, rows) lies in the fitted design range."""
    return ROWS_RANGE[0] <= rows <= ROWS_RANGE[1] and MIN_RATIO <= rows / T <= MAX_RATIO and T <= T_MAX


def pvalue(stat: str, value: float, n: int, m: int) -> tuple[float, str]:
    """Approximate p-value of ``value`` by interpolating the fitted levels: (p, relation) where relation
    is ``"="``, ``"<"`` (below the smallest fitted size) or ``">"`` (above the largest)."""
    if not in_range(n, m):
        return float("nan"), "n/a"
    lv = np.array(levels())
    q = np.array([float(quantile(stat, v, n, m)[0]) for v in lv])
    order = np.argsort(q)
    q, lv = q[order], lv[order]
    if value >= q[-1]:
        return float(1.0 - lv[-1]), "<"
    if value <= q[0]:
        return float(1.0 - lv[0]), ">"
    p = 1.0 - float(np.interp(value, q, lv))
    return (p if math.isfinite(p) else float("nan")), "="


def surface_table(T: int, rows: int, levels_wanted: tuple[float, ...]) -> MCCriticalValues:
    """A Monte Carlo–shaped table (per-date running SADF, BSADF, BADF; scalar ADF/SADF/GSADF) from the
    surfaces, for ``T`` observations and a minimum window of ``rows`` regression rows at lag 0."""
    import pandas as pd

    from bubblescope.detect._psy_cv import MCCriticalValues
    from bubblescope.errors import InputError

    if not in_range(T, rows):
        raise InputError(f"response surfaces are fitted for windows of {ROWS_RANGE[0]}..{ROWS_RANGE[1]} regression rows,"
                         f" window/T between {MIN_RATIO} and {MAX_RATIO} and T up to {T_MAX}; this run has {rows} rows"
                         f" for T = {T} (simulate instead: cv='mc-sadf', CLI --cv mc-sadf)")
    have = levels()
    missing = [v for v in levels_wanted if round(v, 6) not in {round(h, 6) for h in have}]
    if missing:
        raise InputError(f"response surfaces are fitted at quantile levels {list(have)}; {missing} is not one"
                         " of them (choose such a size or cv='mc-sadf')")
    n = rows + np.arange(T - rows) + 1
    cols = list(levels_wanted)

    def per_date(stat: str) -> pd.DataFrame:
        return pd.DataFrame({lv: quantile(stat, lv, n, rows) for lv in cols})

    def scalar(stat: str) -> pd.Series:
        return pd.Series([float(quantile(stat, lv, T, rows)[0]) for lv in cols], index=cols, name=stat)

    params = {"T": int(T), "min_window": int(rows), "rows": int(rows), "lag": 0, "ic": None, "max_lag": None,
              "convention": "exuber", "reps": None, "seed": None, "levels": cols, "method": "response surface",
              "source": "bubblescope/detect/psy_surface.csv (benchmarks/psy_response_surface.py)"}
    return MCCriticalValues(bsadf=per_date("bsadf"), sadf_running=per_date("sadf"), badf=per_date("adf"),
                            adf=scalar("adf"), sadf=scalar("sadf"), gsadf=scalar("gsadf"), params=params)
