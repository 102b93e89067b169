"""Seeded simulators of the standard bubble data-generating processes (levels, not logs).

* ``psy1`` — Phillips, Shi & Yu (2015a): a martingale, a mildly explosive episode
  ``X_t = δ_T X_{t-1} + ε_t`` with ``δ_T = 1 + c·T^{-α}`` from ``start`` to ``end``, a collapse
  back to the level at the bubble start, then a martingale again.
* ``psy2`` — the same with two episodes.
* ``blanchard`` — Blanchard (1979) bubble ``B_{t+1} = (1+r)/π·B_t + ε`` with probability π,
  else ``ε`` (the bubble bursts), added to a fundamental price.
* ``evans`` — Evans (1991) periodically collapsing bubble (lognormal multiplicative shocks,
  collapse to ``δ`` with probability ``1-π`` once above ``α_b``), added to a fundamental price.
* ``volshift`` — no bubble: a random walk whose innovation standard deviation shifts from
  ``sigma`` to ``sigma·ratio`` at ``at`` (the "false bubble" that makes ordinary PSY over-reject).

The fundamental price of ``blanchard`` and ``evans`` is West's (1988) present value of
dividends that follow a random walk with drift, ``P^f_t = μ(1+r)/r² + d_t/r``, as in Phillips,
Wu & Yu (2011, Section 6); the bubble is scaled by ``scale``.

Every simulator returns :class:`SimulatedPaths` (``values``: an ``n_paths × T`` array), draws from
one ``numpy.random.Generator`` seeded by ``SeedSequence(seed)`` path after path (so path ``i``
of a run does not depend on ``n_paths``), and raises InputError for an impossible parameter.
Observations are 0-based: ``start`` is the first explosive observation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect import _sim_kernels as SK
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable

__all__ = ["DGPS", "SimulatedPaths", "simulate"]


@dataclass(frozen=True)
class SimulatedPaths(Result):
    """``values`` (paths × T), the DGP name, its parameters and the true bubble spans."""

    dgp: str
    values: np.ndarray
    params: dict[str, Any] = field(default_factory=dict)
    #: true explosive spans as (first, last) 0-based observations; empty for null DGPs
    bubbles: tuple[tuple[int, int], ...] = ()

    def series(self, i: int = 0) -> pd.Series:
        """Path ``i`` as a Series on a 0..T-1 index."""
        return pd.Series(self.values[i], name=f"{self.dgp}[{i}]")

    def to_frame(self) -> pd.DataFrame:
        """One column per path (``path_0``, ``path_1``, …), one row per observation."""
        return pd.DataFrame(self.values.T, columns=[f"path_{i}" for i in range(self.values.shape[0])])

    def summary(self) -> str:
        n, T = self.values.shape
        spans = ", ".join(f"{a}..{b}" for a, b in self.bubbles) or "none"
        return (f"{n} simulated path(s) of the {self.dgp} process, {T} observations each;"
                f" true explosive spans: {spans}; seed {self.params.get('seed')}")

    def to_dict(self) -> dict[str, Any]:
        return {"dgp": self.dgp, "params": to_jsonable(self.params), "bubbles": [list(b) for b in self.bubbles],
                "values": to_jsonable(self.values)}

    def plot(self) -> Any:
        import plotly.graph_objects as go

        from bubblescope.style import SHADE, style

        fig = go.Figure()
        for i in range(min(self.values.shape[0], 10)):
            fig.add_trace(go.Scatter(y=self.values[i], name=f"path {i}", mode="lines"))
        for a, b in self.bubbles:
            fig.add_vrect(x0=a, x1=b, fillcolor=SHADE, line_width=0)
        return style(fig, title=f"Simulated {self.dgp} paths")


def _int(name: str, v: Any, lo: int) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
        raise InputError(f"{name} must be an integer ≥ {lo}, got {v!r}")
    return int(v)


def _pos(name: str, v: Any, *, zero: bool = False) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)) or not np.isfinite(v) \
            or v < 0 or (v == 0 and not zero):
        raise InputError(f"{name} must be a {'non-negative' if zero else 'positive'} finite number, got {v!r}")
    return float(v)


def _span(T: int, start: Any, end: Any, what: str = "bubble") -> tuple[int, int]:
    a, b = _int(f"{what} start", start, 1), _int(f"{what} end", end, 1)
    if not a <= b < T - 1:
        raise InputError(f"{what} must satisfy 1 ≤ start ≤ end < T - 1 (T = {T}), got start {a}, end {b}")
    return a, b


def _explosive_path(rng: np.random.Generator, T: int, spans: list[tuple[int, int]], delta: float,
                    y0: float, sigma: float) -> np.ndarray:
    eps = rng.normal(0.0, sigma, size=T)
    inside = np.zeros(T, dtype=np.bool_)
    back = np.full(T, -1, dtype=np.int64)
    for a, b in spans:
        inside[a:b + 1] = True
        back[b + 1] = a - 1  # collapse to the level just before the bubble started, plus a shock
    return SK.psy_path(eps, inside, back, delta, y0)


def _psy(T: int, rng: np.random.Generator, n: int, spans: list[tuple[int, int]], c: float, alpha: float,
         y0: float, sigma: float) -> np.ndarray:
    delta = 1.0 + c * T ** (-alpha)
    return np.stack([_explosive_path(rng, T, spans, delta, y0, sigma) for _ in range(n)])


def _fundamental(rng: np.random.Generator, T: int, mu: float, sigma_d: float, d0: float, r: float) -> np.ndarray:
    d = d0 + np.cumsum(mu + rng.normal(0.0, sigma_d, size=T))
    return mu * (1 + r) / r**2 + d / r


def _blanchard_path(rng: np.random.Generator, T: int, pi: float, r: float, sigma_b: float, b0: float) -> np.ndarray:
    survive = rng.random(T) < pi
    shock = rng.normal(0.0, sigma_b, size=T)
    return SK.blanchard_path(survive, shock, pi, r, b0)


def _evans_path(rng: np.random.Generator, T: int, pi: float, r: float, alpha_b: float, delta_b: float,
                tau: float) -> np.ndarray:
    u = np.exp(rng.normal(0.0, tau, size=T) - tau**2 / 2)
    theta = (rng.random(T) < pi).astype(np.float64)
    return SK.evans_path(u, theta, pi, r, alpha_b, delta_b)


def _check_prob(name: str, v: Any, *, one: bool = True) -> float:
    p = _pos(name, v)
    if p > 1 or (p == 1 and not one):
        raise InputError(f"{name} must lie in (0, 1{']' if one else ')'}, got {v!r}")
    return p


def _sim_psy1(T: int, rng: np.random.Generator, n: int, p: dict[str, Any]) -> tuple[np.ndarray, list]:
    start = p.get("start", int(0.4 * T))
    end = p.get("end", start + int(0.15 * T))
    span = _span(T, start, end)
    x = _psy(T, rng, n, [span], _pos("c", p.get("c", 1.0)), _pos("alpha", p.get("alpha", 0.6)),
             _pos("y0", p.get("y0", 100.0), zero=True), _pos("sigma", p.get("sigma", 6.79)))
    return x, [span]


def _sim_psy2(T: int, rng: np.random.Generator, n: int, p: dict[str, Any]) -> tuple[np.ndarray, list]:
    s1 = _span(T, p.get("start1", int(0.2 * T)), p.get("end1", int(0.4 * T)), "first bubble")
    s2 = _span(T, p.get("start2", int(0.6 * T)), p.get("end2", int(0.7 * T)), "second bubble")
    if s2[0] <= s1[1] + 1:
        raise InputError(f"the second bubble must start after the first collapses (start2 > {s1[1] + 1})")
    x = _psy(T, rng, n, [s1, s2], _pos("c", p.get("c", 1.0)), _pos("alpha", p.get("alpha", 0.6)),
             _pos("y0", p.get("y0", 100.0), zero=True), _pos("sigma", p.get("sigma", 6.79)))
    return x, [s1, s2]


def _fund_params(p: dict[str, Any]) -> tuple[float, float, float, float, float]:
    r = _pos("r", p.get("r", 0.05))
    return (_pos("mu", p.get("mu", 0.0373), zero=True), _pos("sigma_d", p.get("sigma_d", 0.1574 ** 0.5)),
            _pos("d0", p.get("d0", 1.3), zero=True), r, _pos("scale", p.get("scale", 20.0)))


def _sim_blanchard(T: int, rng: np.random.Generator, n: int, p: dict[str, Any]) -> tuple[np.ndarray, list]:
    pi = _check_prob("pi", p.get("pi", 0.85))
    sigma_b = _pos("sigma_b", p.get("sigma_b", 1.0))
    b0 = _pos("b0", p.get("b0", 0.5), zero=True)
    mu, sd, d0, r, scale = _fund_params(p)
    rows = [_fundamental(rng, T, mu, sd, d0, r) + scale * _blanchard_path(rng, T, pi, r, sigma_b, b0)
            for _ in range(n)]
    return np.stack(rows), []


def _sim_evans(T: int, rng: np.random.Generator, n: int, p: dict[str, Any]) -> tuple[np.ndarray, list]:
    pi = _check_prob("pi", p.get("pi", 0.85))
    alpha_b = _pos("alpha_b", p.get("alpha_b", 1.0))
    delta_b = _pos("delta_b", p.get("delta_b", 0.5))
    tau = _pos("tau", p.get("tau", 0.05))
    mu, sd, d0, r, scale = _fund_params(p)
    if not delta_b < (1 + r) * alpha_b:
        raise InputError(f"Evans bubble needs 0 < delta_b < (1 + r)·alpha_b, got delta_b {delta_b}, alpha_b {alpha_b}")
    rows = [_fundamental(rng, T, mu, sd, d0, r) + scale * _evans_path(rng, T, pi, r, alpha_b, delta_b, tau)
            for _ in range(n)]
    return np.stack(rows), []


def _sim_volshift(T: int, rng: np.random.Generator, n: int, p: dict[str, Any]) -> tuple[np.ndarray, list]:
    sigma = _pos("sigma", p.get("sigma", 1.0))
    ratio = _pos("ratio", p.get("ratio", 4.0))
    at = _int("at", p.get("at", int(0.5 * T)), 1)
    if at >= T:
        raise InputError(f"the variance shift 'at' must lie inside the sample (1 ≤ at < {T}), got {at}")
    drift = p.get("drift", 0.0)
    if not isinstance(drift, (int, float)) or not np.isfinite(drift):
        raise InputError(f"drift must be a finite number, got {drift!r}")
    y0 = p.get("y0", 100.0)
    sd = np.where(np.arange(T) >= at, sigma * ratio, sigma)
    rows = []
    for _ in range(n):
        e = rng.normal(0.0, 1.0, size=T) * sd
        e[0] = 0.0
        rows.append(y0 + np.cumsum(drift + e) - drift)
    return np.stack(rows), []


_Sim = Callable[[int, np.random.Generator, int, dict[str, Any]], tuple[np.ndarray, list]]

#: DGP name → (simulator, the keyword parameters it accepts)
DGPS: dict[str, tuple[_Sim, tuple[str, ...]]] = {
    "psy1": (_sim_psy1, ("start", "end", "c", "alpha", "y0", "sigma")),
    "psy2": (_sim_psy2, ("start1", "end1", "start2", "end2", "c", "alpha", "y0", "sigma")),
    "blanchard": (_sim_blanchard, ("pi", "sigma_b", "b0", "mu", "sigma_d", "d0", "r", "scale")),
    "evans": (_sim_evans, ("pi", "alpha_b", "delta_b", "tau", "mu", "sigma_d", "d0", "r", "scale")),
    "volshift": (_sim_volshift, ("sigma", "ratio", "at", "drift", "y0")),
}


def simulate(dgp: str, T: int, *, n_paths: int = 1, seed: int = 0, **params: Any) -> SimulatedPaths:
    """Simulate ``n_paths`` seeded paths of ``T`` observations of the process ``dgp`` (see the
    module docstring and :data:`DGPS` for the parameters and their defaults)."""
    if dgp not in DGPS:
        raise InputError(f"dgp must be one of {', '.join(DGPS)}, got {dgp!r}")
    fn, allowed = DGPS[dgp]
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise InputError(f"unknown parameter(s) for the {dgp} process: {', '.join(unknown)}"
                         f" (allowed: {', '.join(allowed)})")
    T = _int("T", T, 10)
    n = _int("n_paths", n_paths, 1)
    seed = _int("seed", seed, 0)
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    values, spans = fn(T, rng, n, params)
    if not np.all(np.isfinite(values)):
        raise InputError(f"the {dgp} process overflowed with these parameters (non-finite values)")
    return SimulatedPaths(dgp=dgp, values=values, params={"T": T, "n_paths": n, "seed": seed, **params},
                          bubbles=tuple((int(a), int(b)) for a, b in spans))
