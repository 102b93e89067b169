"""A calibrated null for the LPPLS confidence indicator: a block bootstrap of the series' own returns.

Null hypothesis: prices follow the series' own daily (per-step) log returns in random order of blocks,
which keeps their drift, volatility and short-range dependence (volatility clusters up to the block
length) but destroys any faster-than-exponential build-up. Paths are drawn with the stationary
bootstrap of Politis & Romano (1994), "The stationary bootstrap", JASA 89(428), 1303–1313 (geometric
block lengths of mean ``block``, circular), seeded by ``NullSpec.seed``. Each path is as long as the
longest window; its confidence at its last point is computed exactly like the observed one (same
windows, filters, bounds, starts). The observed confidence at a date is then read against that null
distribution: ``p_value`` = (1 + #{null ≥ observed}) / (1 + n_paths), ``null_q95`` its ``level``
quantile; a reading counts as a signal only when it is above ``null_q95``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from bubblescope.errors import InputError


@dataclass(frozen=True)
class NullSpec:
    """Settings of the bootstrap null: paths, mean block length (observations), seed, quantile level."""

    n_paths: int = 200
    block: int = 20
    seed: int = 0
    level: float = 0.95

    def __post_init__(self) -> None:
        if self.n_paths < 20:
            raise InputError(f"LPPLS null: n_paths must be >= 20, got {self.n_paths}")
        if self.block < 1:
            raise InputError(f"LPPLS null: block must be >= 1, got {self.block}")
        if not 0.5 <= self.level < 1.0:
            raise InputError(f"LPPLS null: level must be in [0.5, 1), got {self.level}")
        if self.seed < 0:
            raise InputError(f"LPPLS null: seed must be >= 0, got {self.seed}")


def bootstrap_paths(y: np.ndarray, length: int, spec: NullSpec, stream: int = 0) -> np.ndarray:
    """(n_paths, length) log-price paths from a stationary bootstrap of the returns of log prices ``y``.

    Every path starts at ``y[0]``. ``stream`` selects an independent set of paths for the same seed
    (0: the null, 1: placebo paths for checking the null's size).
    """
    r = np.diff(np.asarray(y, dtype=float))
    n = r.size
    if n < 2 * spec.block:
        raise InputError(f"LPPLS null: {n} returns, need at least {2 * spec.block} (twice the block length)")
    rng = np.random.default_rng((spec.seed, stream, 17))
    steps = length - 1
    new_block = rng.random((spec.n_paths, steps)) < 1.0 / spec.block
    starts = rng.integers(0, n, size=(spec.n_paths, steps))
    idx = np.empty((spec.n_paths, steps), dtype=np.int64)
    idx[:, 0] = starts[:, 0]
    for k in range(1, steps):
        idx[:, k] = np.where(new_block[:, k], starts[:, k], (idx[:, k - 1] + 1) % n)
    paths = np.empty((spec.n_paths, length))
    paths[:, 0] = y[0]
    paths[:, 1:] = y[0] + np.cumsum(r[idx], axis=1)
    return paths


def null_confidence(paths: np.ndarray, conf_of_path: Any) -> np.ndarray:
    """Positive-bubble confidence at the last point of each path (``conf_of_path(log_prices)``)."""
    return np.array([float(conf_of_path(p)) for p in paths])


def p_values(observed: np.ndarray, null: np.ndarray) -> np.ndarray:
    """(1 + #{null ≥ x}) / (1 + n) for each observed value x (NaN stays NaN)."""
    obs = np.asarray(observed, dtype=float)
    srt = np.sort(null)
    ge = null.size - np.searchsorted(srt, obs, side="left")
    out = (1.0 + ge) / (1.0 + null.size)
    return np.where(np.isfinite(obs), out, np.nan)
