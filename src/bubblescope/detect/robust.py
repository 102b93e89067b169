"""A volatility-robust explosive-root test: the sign-based SADF / GSADF of Harvey, Leybourne & Zu
(2020, "Sign-based unit root tests for explosive financial bubbles in the presence of
deterministically time-varying volatility", Econometric Theory 36(1), 122–169).

The series is replaced by its cumulated signs ``C_t = Σ_{i≤t} sign(Δy_i)`` and the recursive
Dickey–Fuller statistics are computed on ``C``: for a window of rows ``r1+1 .. r2`` the t-ratio of
``β`` in ``ΔC_t = β (C_{t-1} - C_{r1}) + e_t`` (no intercept; the level is removed by the window's
first observation). sSADF is the maximum over windows starting at the first observation, sGSADF
the maximum over all windows of at least ``min_window`` rows, and the sign-based BSADF at each date
the maximum over the windows ending there.

Why it is robust: under the unit-root null ``y_t = y_{t-1} + σ_t ε_t`` with independent,
zero-median ``ε_t``, the signs are i.i.d. ±1 *whatever the volatility path* ``σ_t``, so ``C`` is a
simple random walk and the null distribution is the same as for constant variance. The critical
values are therefore simulated once on Rademacher random walks (:func:`sign_critical_values`),
and they are exact in finite samples for such a null (a drift breaks the zero-median condition).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect import _sign_kernels as K
from bubblescope.detect._beyond import check_int, check_level, prepare
from bubblescope.detect.psy import default_min_window
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal

__all__ = ["SignCriticalValues", "SignPSYResult", "sign_critical_values", "sign_psy", "sign_statistics",
           "sign_transform"]

LEVELS = (0.90, 0.95, 0.99)


def sign_transform(x: np.ndarray) -> np.ndarray:
    """``C_0 = 0``, ``C_t = Σ_{i≤t} sign(x_i - x_{i-1})``."""
    return np.concatenate([[0.0], np.cumsum(np.sign(np.diff(np.asarray(x, dtype=float))))])


def _window(T: int, min_window: int | None) -> int:
    m = default_min_window(T) if min_window is None else check_int("min_window", min_window, 3)
    if m < 3:
        raise InputError(f"min_window {m} is too small (at least 3 rows)")
    if m > T - 1:
        raise InputError(f"series has {T} observations, fewer than the minimum window ({m} rows) + 1")
    return m


def sign_statistics(x: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """(sign-based BADF, BSADF sequences) of the values ``x`` for window ends ``m .. T-1``."""
    c = sign_transform(x)
    n = c.size - m
    badf, bsadf = np.empty(n), np.empty(n)
    K.sign_df(c, m, badf, bsadf)
    return badf, bsadf


@dataclass(frozen=True)
class SignCriticalValues:
    """Quantiles of sSADF, sGSADF and (per date) the sign-based BSADF under the null."""

    sadf: pd.Series
    gsadf: pd.Series
    bsadf: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)


def sign_critical_values(T: int, *, min_window: int | None = None, reps: int = 2000, seed: int = 0,
                         levels: tuple[float, ...] = LEVELS, chunk: int = 250) -> SignCriticalValues:
    """Simulate the null distribution on ``reps`` Rademacher random walks of ``T`` observations."""
    T = check_int("T", T, 10)
    reps = check_int("reps", reps, 19)
    seed = check_int("seed", seed, 0)
    lv = tuple(check_level("level", v) for v in levels)
    m = _window(T, min_window)
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    n = T - m
    badf, bsadf = np.empty((reps, n)), np.empty((reps, n))
    for a in range(0, reps, chunk):
        b = min(a + chunk, reps)
        steps = rng.integers(0, 2, size=(b - a, T - 1)) * 2.0 - 1.0
        C = np.concatenate([np.zeros((b - a, 1)), np.cumsum(steps, axis=1)], axis=1)
        K.sign_df_many(C, m, badf[a:b], bsadf[a:b])
    sadf = np.max(badf, axis=1)
    gsadf = np.max(bsadf, axis=1)
    cols = list(lv)
    return SignCriticalValues(
        sadf=pd.Series(np.quantile(sadf, lv), index=cols, name="ssadf"),
        gsadf=pd.Series(np.quantile(gsadf, lv), index=cols, name="sgsadf"),
        bsadf=pd.DataFrame(np.quantile(bsadf, lv, axis=0).T, columns=cols),
        params={"T": T, "min_window": m, "reps": reps, "seed": seed, "levels": cols,
                "dgp": "C_t = C_{t-1} + s_t, s_t = ±1 with probability 1/2"})


@dataclass(frozen=True)
class SignPSYResult(Result):
    """Sign-based SADF/GSADF (HLZ 2020) with critical values and crossing episodes."""

    sadf: float
    gsadf: float
    bsadf: pd.Series
    cv: pd.Series
    alpha: float
    episodes: pd.DataFrame
    critical_values: SignCriticalValues
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def sadf_cv(self) -> float:
        return float(self.critical_values.sadf[self.alpha])

    @property
    def gsadf_cv(self) -> float:
        return float(self.critical_values.gsadf[self.alpha])

    @property
    def rejects(self) -> bool:
        return self.gsadf > self.gsadf_cv

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({"sign_bsadf": self.bsadf.to_numpy(), "cv": self.cv.to_numpy()}, index=self.bsadf.index)
        df.index.name = "date"
        return df.reset_index()

    def summary(self) -> str:
        p = self.params
        verdict = ("rejects the unit-root null in favour of explosive episodes" if self.rejects else
                   "does not reject the unit-root null")
        lines = [f"Sign-based (volatility-robust) PSY test, Harvey-Leybourne-Zu 2020: {p['n_obs']} observations,"
                 f" minimum window {p['min_window']} rows",
                 f"sSADF {self.sadf:.4f} (critical value {self.sadf_cv:.4f}); sGSADF {self.gsadf:.4f}"
                 f" (critical value {self.gsadf_cv:.4f}) at {self.alpha:g}: the test {verdict}.",
                 f"{len(self.episodes)} episode(s) with the sign-based BSADF above its critical sequence"
                 f" for at least {p['min_duration']} observations."]
        for r in self.episodes.itertuples():
            lines.append(f"  {r.start} → {'ongoing' if r.ongoing else r.end}, {r.duration} obs")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"sadf": self.sadf, "gsadf": self.gsadf, "sadf_cv": self.sadf_cv, "gsadf_cv": self.gsadf_cv,
                "alpha": self.alpha, "rejects": self.rejects, "params": to_jsonable(self.params),
                "critical_values": to_jsonable(self.critical_values.params),
                "episodes": to_jsonable(self.episodes.to_dict(orient="records"))}

    def to_signals(self, name: str = "series", source: str = "") -> list[Signal]:
        """One ``market_tests`` signal: 1 when sGSADF exceeds its critical value."""
        last = self.bsadf.index[-1]
        as_of = last.strftime("%Y-%m-%d") if isinstance(last, pd.Timestamp) else None
        word = "above" if self.rejects else "below"
        reading = f"sign-based GSADF {self.gsadf:.2f} {word} its {self.alpha:g} critical value {self.gsadf_cv:.2f}"
        return [Signal("market_tests", f"sign-psy:{name}", f"Volatility-robust sign-based PSY test, {name}", reading,
                       value=self.gsadf, unit="sGSADF", bubble=1.0 if self.rejects else 0.0,
                       rule="1 when sGSADF exceeds its null quantile at alpha, else 0", as_of=as_of, source=source)]


def _episodes(stat: np.ndarray, cv: np.ndarray, dates: pd.Index, min_duration: int) -> pd.DataFrame:
    above = np.concatenate([[False], stat > cv, [False]])
    edges = np.flatnonzero(np.diff(above.astype(int)))
    rows = []
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        if b - a >= max(min_duration, 1):
            ongoing = b >= stat.size
            rows.append({"start": dates[a], "end": None if ongoing else dates[b], "duration": int(b - a),
                         "ongoing": ongoing})
    return pd.DataFrame(rows, columns=["start", "end", "duration", "ongoing"])


def sign_psy(series: pd.Series, *, min_window: int | None = None, log: bool = True, alpha: float = 0.95,
             reps: int = 2000, seed: int = 0, min_duration: int | None = None,
             critical_values: SignCriticalValues | None = None) -> SignPSYResult:
    """Sign-based SADF/GSADF/BSADF of ``series`` with Monte Carlo critical values (module docstring)."""
    x, index = prepare(series, log=log)
    T = x.size
    m = _window(T, min_window)
    alpha = check_level("alpha", alpha)
    if critical_values is None:
        critical_values = sign_critical_values(T, min_window=m, reps=reps, seed=seed,
                                               levels=tuple(sorted(set(LEVELS) | {alpha})))
    pr = critical_values.params
    if (pr.get("T"), pr.get("min_window")) != (T, m) or alpha not in critical_values.gsadf.index:
        raise InputError(f"critical values were simulated for T={pr.get('T')}, window {pr.get('min_window')},"
                         f" levels {pr.get('levels')}; this series needs T={T}, window {m}, level {alpha}")
    badf, bsadf = sign_statistics(x, m)
    dates = index[m:]
    md = round(math.log(T)) if min_duration is None else check_int("min_duration", min_duration, 0)
    seq = critical_values.bsadf[alpha].to_numpy()
    return SignPSYResult(
        sadf=float(badf.max()), gsadf=float(bsadf.max()), bsadf=pd.Series(bsadf, index=dates, name="sign_bsadf"),
        cv=pd.Series(seq, index=dates, name="cv"), alpha=alpha, episodes=_episodes(bsadf, seq, dates, md),
        critical_values=critical_values,
        params={"n_obs": T, "min_window": m, "log": log, "min_duration": md, "reps": pr.get("reps"),
                "seed": pr.get("seed")})
