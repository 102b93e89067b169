"""Critical values for the PSY statistics: Monte Carlo under the PSY null and the Phillips & Shi
(2020) wild bootstrap. Pure functions: arrays in, dataclasses out; no I/O (the disk cache is in
``cvcache.py``).

Random numbers: one ``numpy.random.Generator`` seeded by ``SeedSequence(seed)`` per call, read
in a fixed order (replication by replication), so results are bit-identical for the same inputs
and seed whatever the chunking, thread count or progress reporting (tested).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect import _psy_core as C
from bubblescope.detect import _psy_kernels as K
from bubblescope.errors import InputError

#: version of the critical-value algorithms; part of every cache key
CV_ALGORITHM_VERSION = "1"

DEFAULT_LEVELS: tuple[float, ...] = (0.90, 0.95, 0.99)

Progress = Callable[[int, int], None]


def _check_levels(levels: Sequence[float]) -> tuple[float, ...]:
    lv = tuple(float(v) for v in levels)
    if not lv or any(not (0.0 < v < 1.0) for v in lv):
        raise InputError(f"quantile levels must lie strictly between 0 and 1, got {levels!r}")
    return lv


def _check_reps(reps: int, name: str = "reps") -> int:
    if isinstance(reps, bool) or not isinstance(reps, (int, np.integer)) or reps < 2:
        raise InputError(f"{name} must be an integer ≥ 2, got {reps!r}")
    return int(reps)


def _check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def _quant(a: np.ndarray, levels: tuple[float, ...], axis: int = 0) -> np.ndarray:
    # numpy's default 'linear' method = R's type 7, the default of the peers
    return np.quantile(a, levels, axis=axis)


@dataclass(frozen=True)
class MCCriticalValues:
    """Monte Carlo critical values under the PSY null (random walk with drift ``d·T^-eta``).

    Per-date tables have one row per position of the BSADF/BADF sequence (position ``k`` is
    observation ``rows + lag + k``) and one column per quantile level.

    * ``bsadf`` — per-date quantiles of the simulated BSADF statistic itself (method ``"mc"``).
    * ``sadf_running`` — per-date quantiles of the running maximum of the simulated BADF
      sequence, i.e. of SADF computed on the first observations (exuber's sequence, ``"mc-sadf"``).
    * ``badf`` — per-date quantiles of the simulated BADF statistic.
    * ``adf``, ``sadf``, ``gsadf`` — scalar quantiles (index = level).
    """

    bsadf: pd.DataFrame
    sadf_running: pd.DataFrame
    badf: pd.DataFrame
    adf: pd.Series
    sadf: pd.Series
    gsadf: pd.Series
    params: dict[str, Any] = field(default_factory=dict)

    kind = "mc"

    def to_dict(self) -> dict[str, Any]:
        from bubblescope.results import to_jsonable

        return {f.name: to_jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class WildCriticalValues:
    """Phillips & Shi (2020) wild-bootstrap critical values for the BSADF sequence over a horizon.

    ``quantiles`` (index = level) are quantiles of ``max_{t in horizon} BSADF*_t`` over bootstrap
    replications: comparing each BSADF value in a horizon of ``horizon`` observations with them
    controls the family-wise size over that horizon. ``distribution`` keeps the replications.
    """

    quantiles: pd.Series
    distribution: np.ndarray
    params: dict[str, Any] = field(default_factory=dict)
    #: bootstrap level paths and (residual indices, multipliers), only with ``return_paths=True``
    paths: np.ndarray | None = field(default=None, repr=False, compare=False)
    draws: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False, compare=False)

    kind = "wild"

    def to_dict(self) -> dict[str, Any]:
        from bubblescope.results import to_jsonable

        return {"quantiles": to_jsonable(self.quantiles), "params": to_jsonable(self.params),
                "reps": int(self.distribution.size)}


def _chunks(reps: int, size: int) -> list[tuple[int, int]]:
    return [(a, min(a + size, reps)) for a in range(0, reps, size)]


def critical_values_mc(
    T: int,
    *,
    min_window: int | None = None,
    lag: int = 0,
    ic: str | None = None,
    max_lag: int = 6,
    convention: str = "exuber",
    reps: int = 2000,
    seed: int = 0,
    d: float = 1.0,
    eta: float = 1.0,
    levels: Sequence[float] = DEFAULT_LEVELS,
    progress: Progress | None = None,
    chunk: int = 64,
) -> MCCriticalValues:
    """Simulate ``reps`` series ``y_t = y_{t-1} + d·T^{-eta} + e_t``, ``e_t ~ N(0, 1)``,
    ``t = 1..T``, compute the same statistics as ``psy`` (same window, lag / lag selection) and
    return their quantiles. ``progress(done, total)`` is called after each chunk of replications.
    """
    if isinstance(T, bool) or not isinstance(T, (int, np.integer)) or T < 5:
        raise InputError(f"T must be an integer ≥ 5, got {T!r}")
    T = int(T)
    reps = _check_reps(reps)
    seed = _check_seed(seed)
    lv = _check_levels(levels)
    if not (math.isfinite(d) and math.isfinite(eta)):
        raise InputError("d and eta must be finite numbers")
    m, p = C.window_rows(T, min_window, lag, ic, max_lag, convention)
    code = C.ic_code(ic)
    nout = T - 1 - p - m + 1
    drift = d * T ** (-eta)
    badf = np.empty((reps, nout))
    bsadf = np.empty((reps, nout))
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    for a, b in _chunks(reps, chunk):
        # one generator read row after row: the draws do not depend on the chunk size (tested)
        X = np.cumsum(drift + rng.standard_normal((b - a, T)), axis=1)
        bad = np.full((b - a, 2), -1, dtype=np.int64)
        K.run_many(X, m, p, code, badf[a:b], bsadf[a:b], bad)
        if (bad[:, 0] >= 0).any():  # essentially impossible with Gaussian draws; never hide it
            raise InputError("Monte Carlo replication produced a singular ADF regression; change seed or window")
        if progress is not None:
            progress(b, reps)
    sadf_run = np.maximum.accumulate(badf, axis=1)
    cols = list(lv)
    params = {"T": T, "min_window": min_window, "rows": m, "lag": lag if code == 0 else None,
              "ic": ic, "max_lag": max_lag if code else None, "convention": convention, "reps": reps,
              "seed": seed, "d": d, "eta": eta, "levels": cols,
              "dgp": "y_t = y_{t-1} + d*T^-eta + e_t, e_t ~ N(0,1)", "algorithm": CV_ALGORITHM_VERSION}
    return MCCriticalValues(
        bsadf=pd.DataFrame(_quant(bsadf, lv).T, columns=cols),
        sadf_running=pd.DataFrame(_quant(sadf_run, lv).T, columns=cols),
        badf=pd.DataFrame(_quant(badf, lv).T, columns=cols),
        adf=pd.Series(_quant(badf[:, -1], lv), index=cols, name="adf"),
        sadf=pd.Series(_quant(badf.max(axis=1), lv), index=cols, name="sadf"),
        gsadf=pd.Series(_quant(bsadf.max(axis=1), lv), index=cols, name="gsadf"),
        params=params,
    )


def select_lag(x: np.ndarray, max_lag: int, ic: str) -> int:
    """Lag chosen by AIC/BIC (Gaussian likelihood, common sample) for the full-sample ADF regression."""
    code = C.ic_code(ic)
    Z = K.design(x, max_lag)
    n = Z.shape[0]
    best, best_p = np.inf, 0
    for p in range(max_lag + 1):
        cols = [0, *range(1, p + 1), max_lag + 1]
        X = Z[:, cols]
        y = Z[:, max_lag + 2]
        beta, *_ = np.linalg.lstsq(X, y, rcond=None)
        rss = float(np.sum((y - X @ beta) ** 2))
        k = p + 2
        pen = 2.0 * k if code == 1 else k * math.log(n)
        crit = n * math.log(rss / n) + pen
        if crit < best:
            best, best_p = crit, p
    return best_p


def fit_null_ar(x: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray]:
    """OLS of Δx_t on an intercept and p lags of Δx_t over the whole sample (the PS2020 null model).

    Returns (gamma: the p AR coefficients, residuals: one per usable observation, mean zero).
    """
    dx = np.diff(x)
    y = dx[p:]
    X = np.column_stack([np.ones_like(y)] + [dx[p - j: dx.size - j] for j in range(1, p + 1)])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta
    return beta[1:].copy(), resid - resid.mean()


def wild_draws(n_resid: int, n_innov: int, reps: int, seed: int, multiplier: str
               ) -> tuple[np.ndarray, np.ndarray]:
    """Residual indices (uniform over *all* ``n_resid`` residuals) and a fresh multiplier per
    observation and replication (Rademacher ±1 or standard normal), from one seeded generator."""
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    idx = rng.integers(0, n_resid, size=(reps, n_innov))
    if multiplier == "rademacher":
        w = rng.integers(0, 2, size=(reps, n_innov)) * 2.0 - 1.0
    else:
        w = rng.standard_normal((reps, n_innov))
    return idx, w


def wild_bootstrap_cv(
    series: pd.Series,
    *,
    min_window: int | None = None,
    lag: int = 0,
    ic: str | None = None,
    max_lag: int = 6,
    convention: str = "exuber",
    horizon: int = 24,
    reps: int = 999,
    seed: int = 0,
    multiplier: str = "rademacher",
    levels: Sequence[float] = DEFAULT_LEVELS,
    log: bool = True,
    progress: Progress | None = None,
    chunk: int = 256,
    return_paths: bool = False,
) -> WildCriticalValues:
    """Phillips & Shi (2020) wild bootstrap with family-wise size control over ``horizon`` obs.

    1. Fit the null model Δy_t = a + Σ_{j≤p} γ_j Δy_{t-j} + ε_t on the whole sample with the
       statistic's lag p (with ``ic``, p is chosen on the full sample by that criterion).
    2. Build bootstrap samples of length ``T_b = rows + lag + horizon`` (so the BSADF sequence has
       ``horizon`` values): first p+1 levels observed, then Δy*_t = Σ γ_j Δy*_{t-j} + w_t ε_{l_t}
       with a fresh multiplier w_t per observation and l_t uniform over all residuals.
    3. Compute BSADF* with the same window and lag (or lag selection) as the statistic; keep
       max_t BSADF*_t. The critical values are quantiles of that maximum.

    The minimum window is the one the statistic uses on the full series (T observations).
    """
    x, _index = C.prepare_series(series, log=log)
    T = x.size
    reps = _check_reps(reps)
    seed = _check_seed(seed)
    lv = _check_levels(levels)
    if multiplier not in ("rademacher", "normal"):
        raise InputError(f"multiplier must be 'rademacher' or 'normal', got {multiplier!r}")
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise InputError(f"horizon must be a positive integer, got {horizon!r}")
    m, p_design = C.window_rows(T, min_window, lag, ic, max_lag, convention)
    code = C.ic_code(ic)
    p_null = p_design if code == 0 else select_lag(x, max_lag, ic)  # type: ignore[arg-type]
    Tb = m + p_design + int(horizon)
    if T - 1 - p_null <= p_null + 1:
        raise InputError(f"series too short ({T} observations) to fit the null AR({p_null}) model")
    gamma, resid = fit_null_ar(x, p_null)
    if not np.any(resid != 0):
        raise InputError("series: the null model fits exactly (zero residuals); cannot bootstrap")
    n_innov = Tb - 1 - p_null
    maxima = np.empty(reps)
    idx, w = wild_draws(resid.size, n_innov, reps, seed, multiplier)
    x0 = x[: p_null + 1].copy()
    nout = Tb - 1 - p_design - m + 1
    paths_all = np.empty((reps, Tb)) if return_paths else None
    for a, b in _chunks(reps, chunk):
        P = K.wild_paths(x0, gamma, resid, idx[a:b], w[a:b], Tb)
        if paths_all is not None:
            paths_all[a:b] = P
        bf = np.empty((b - a, nout))
        bs = np.empty((b - a, nout))
        bad = np.full((b - a, 2), -1, dtype=np.int64)
        # bootstrap samples are short: threads cost more than they save below ~500 observations
        (K.run_many if Tb >= 500 else K.run_many_serial)(P, m, p_design, code, bf, bs, bad)
        if (bad[:, 0] >= 0).any():
            raise InputError("wild bootstrap sample has a singular ADF regression window (the series has"
                             " long runs of unchanged values); use Monte Carlo critical values")
        maxima[a:b] = bs.max(axis=1)
        if progress is not None:
            progress(b, reps)
    params = {"T": T, "min_window": min_window, "rows": m, "lag": lag if code == 0 else None, "ic": ic,
              "max_lag": max_lag if code else None, "null_lag": p_null, "gamma": gamma.tolist(),
              "convention": convention, "horizon": int(horizon), "Tb": Tb, "reps": reps, "seed": seed,
              "multiplier": multiplier, "levels": list(lv), "log": log,
              "algorithm": CV_ALGORITHM_VERSION}
    return WildCriticalValues(quantiles=pd.Series(_quant(maxima, lv), index=list(lv), name="wild"),
                              distribution=maxima, params=params, paths=paths_all,
                              draws=(idx, w) if return_paths else None)
