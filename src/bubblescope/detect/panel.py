"""Panel GSADF (Pavlidis, Yusupova, Paya, Peel, Martínez-García, Mack & Grossman 2016, "Episodes of
exuberance in housing markets: in search of the smoking gun", J. Real Estate Finance & Economics
53, 419–449): is the whole group of series explosive?

* The panel BSADF at date ``t`` is the cross-section *mean* of the series' BSADF statistics,
  ``(1/N) Σ_i BSADF_{i,t}``; the panel GSADF is its supremum. (The sum accumulates over series;
  one peer overwrote instead of accumulating — tested against a hand computation.)
* Critical values by a sieve bootstrap: for each series an AR(p_i) of the differences
  ``Δy_{i,t} = a_i + Σ_j φ_{ij} Δy_{i,t-j} + e_{i,t}`` (p_i by BIC up to ``max_lag``); bootstrap
  samples redraw the residuals by *time index*, the same dates for every series (keeping the
  cross-section dependence), and rebuild ``Δy*_{i,t} = Σ_j φ_{ij} Δy*_{i,t-j} + e*_{i,t}`` under the
  unit-root null (no drift) from the observed first levels. The panel statistics of each sample give
  the quantiles: of the panel GSADF and, per date, of the panel BSADF.

Replications are computed in chunks, each with its own child of ``SeedSequence(seed)``; a chunk
is the unit of work of the Dask engine (``client=`` a ``dask.distributed.Client``), so the result
is identical serial or distributed (tested).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.detect import psy as P
from bubblescope.detect._beyond import bsadf_values, check_int, check_level, check_window, settings
from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal

__all__ = ["PanelResult", "align_panel", "panel_bsadf", "panel_gsadf"]

LEVELS = (0.90, 0.95, 0.99)


def align_panel(data: pd.DataFrame | Mapping[str, pd.Series], *, align: str = "strict", log: bool = True
                ) -> pd.DataFrame:
    """A DataFrame (dates × series) of (logged) values. ``align="strict"`` requires every series on
    the same dates (else a one-line InputError naming the first gap); ``"inner"`` keeps the dates
    common to all series."""
    if align not in ("strict", "inner"):
        raise InputError(f"align must be 'strict' or 'inner', got {align!r}")
    frame = data.copy() if isinstance(data, pd.DataFrame) else pd.concat(dict(data), axis=1)
    if frame.shape[1] < 2:
        raise InputError(f"a panel needs at least two series, got {frame.shape[1]}")
    frame = frame.sort_index()
    if frame.index.has_duplicates:
        raise InputError("panel: duplicate dates in the index")
    gaps = frame.isna()
    if gaps.to_numpy().any():
        if align == "strict":
            col = str(gaps.any().idxmax())
            when = gaps[col].idxmax()
            day = when.strftime("%Y-%m-%d") if isinstance(when, pd.Timestamp) else str(when)
            raise InputError(f"panel series are not aligned: {col} has no value on {day}"
                             " (align 'inner' keeps the common dates)")
        frame = frame.dropna()
    frame = frame.astype(float)
    if log:
        if (frame <= 0).to_numpy().any():
            raise InputError("panel has non-positive values and cannot be logged (pass log=False)")
        frame = np.log(frame)
    return frame


def _bsadf_matrix(X: np.ndarray, m: int, lag: int) -> np.ndarray:
    """BSADF sequences of the columns of X (T × N), stacked as (T - m - lag) × N."""
    return np.column_stack([bsadf_values(X[:, i], m, lag) for i in range(X.shape[1])])


def panel_bsadf(frame: pd.DataFrame, *, min_window: int | None = None, lag: int = 0) -> pd.DataFrame:
    """Per-series BSADF (columns) and their mean, column ``panel`` (values already aligned, logged or not)."""
    T = frame.shape[0]
    m = P.default_min_window(T) if min_window is None else min_window
    check_window(T, m, lag, "the panel")
    B = _bsadf_matrix(frame.to_numpy(dtype=float), m, lag)
    out = pd.DataFrame(B, index=frame.index[m + lag:], columns=frame.columns)
    out["panel"] = B.sum(axis=1) / B.shape[1]
    return out


def _bic_ar(dx: np.ndarray, max_lag: int) -> tuple[np.ndarray, np.ndarray, int]:
    """(φ, centred residuals aligned to dx[max_lag:], p) of the BIC-chosen AR(p) with intercept."""
    y = dx[max_lag:]
    n = y.size
    best = (np.inf, np.zeros(0), y - y.mean(), 0)
    for p in range(max_lag + 1):
        X = np.column_stack([np.ones(n)] + [dx[max_lag - j: dx.size - j] for j in range(1, p + 1)])
        beta, *_ = np.linalg.lstsq(X, y, rcond=None)
        resid = y - X @ beta
        rss = float(resid @ resid)
        crit = n * math.log(max(rss, 1e-300) / n) + (p + 1) * math.log(n)
        if crit < best[0]:
            best = (crit, beta[1:], resid - resid.mean(), p)
    return best[1], best[2], best[3]


def _boot_chunk(X: np.ndarray, phi: np.ndarray, resid: np.ndarray, m: int, lag: int, reps: int,
                seed_seq: np.random.SeedSequence) -> np.ndarray:
    """Panel BSADF* sequences (reps × positions) for one chunk of sieve-bootstrap samples;
    ``phi`` is N × max_lag (zero-padded AR coefficients of each series)."""
    T, N = X.shape
    k = phi.shape[1]
    rng = np.random.default_rng(seed_seq)
    out = np.empty((reps, T - m - lag))
    for r in range(reps):
        draw = resid[rng.integers(0, resid.shape[0], size=T)]  # the same dates for every series
        dx = np.zeros((T + k, N))  # k leading zeros: the pre-sample differences
        for t in range(1, T):
            prev = dx[t:t + k][::-1]  # rows: lags 1..k of the difference at t
            dx[t + k] = draw[t] + (phi * prev.T).sum(axis=1)
        Y = X[0] + np.cumsum(dx[k:], axis=0)
        out[r] = _bsadf_matrix(Y, m, lag).mean(axis=1)
    return out


@dataclass(frozen=True)
class PanelResult(Result):
    """Panel GSADF with sieve-bootstrap critical values."""

    gsadf: float
    bsadf: pd.DataFrame  # per-series BSADF and the 'panel' mean
    cv: pd.Series  # per-date panel BSADF critical sequence at alpha
    gsadf_cv: pd.Series  # quantiles of the panel GSADF (index = level)
    alpha: float
    params: dict[str, Any] = field(default_factory=dict)
    distribution: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)

    @property
    def rejects(self) -> bool:
        return self.gsadf > float(self.gsadf_cv[self.alpha])

    def to_frame(self) -> pd.DataFrame:
        df = self.bsadf.copy()
        df["cv"] = self.cv.to_numpy()
        df["explosive"] = df["panel"] > df["cv"]
        df.index.name = "date"
        return df.reset_index()

    def summary(self) -> str:
        p = self.params
        verdict = "rejects" if self.rejects else "does not reject"
        n_above = int((self.bsadf["panel"].to_numpy() > self.cv.to_numpy()).sum())
        return (f"Panel GSADF (Pavlidis et al. 2016) over {p['n_series']} series and {p['n_obs']} common dates:"
                f" {self.gsadf:.4f}; sieve-bootstrap {self.alpha:g} critical value"
                f" {float(self.gsadf_cv[self.alpha]):.4f} ({p['reps']} reps, seed {p['seed']}): the panel test"
                f" {verdict} the null of no explosive behaviour.\n"
                f"The panel BSADF is above its critical sequence on {n_above} date(s).")

    def to_dict(self) -> dict[str, Any]:
        return {"gsadf": self.gsadf, "gsadf_cv": to_jsonable(self.gsadf_cv), "alpha": self.alpha,
                "rejects": self.rejects, "params": to_jsonable(self.params),
                "sequence": to_jsonable(self.to_frame().to_dict(orient="records"))}

    def to_signals(self, name: str = "panel", source: str = "") -> list[Signal]:
        """One ``market_tests`` signal: 1 when the panel GSADF exceeds its bootstrap critical value."""
        last = self.bsadf.index[-1]
        as_of = last.strftime("%Y-%m-%d") if isinstance(last, pd.Timestamp) else None
        cv = float(self.gsadf_cv[self.alpha])
        reading = (f"panel GSADF {self.gsadf:.2f} above its {self.alpha:g} critical value {cv:.2f}" if self.rejects
                   else f"panel GSADF {self.gsadf:.2f} below its {self.alpha:g} critical value {cv:.2f}")
        return [Signal("market_tests", f"panel-gsadf:{name}", f"Panel GSADF, {name}", reading, value=self.gsadf,
                       unit="panel GSADF", bubble=1.0 if self.rejects else 0.0,
                       rule="1 when the panel GSADF exceeds its sieve-bootstrap quantile at alpha, else 0",
                       as_of=as_of, source=source)]


def _run_chunks(client: Any, args: tuple[Any, ...], sizes: list[int], seeds: list[np.random.SeedSequence]
                ) -> list[np.ndarray]:
    if client is None:
        X, phi, resid, m, lag = args
        return [_boot_chunk(X, phi, resid, m, lag, n, s) for n, s in zip(sizes, seeds, strict=True)]
    if not (hasattr(client, "submit") and hasattr(client, "gather")):
        raise InputError("client must be a dask.distributed Client (or None for serial)")
    shared = client.scatter(list(args), broadcast=True)
    futures = [client.submit(_boot_chunk, *shared, n, s, pure=False) for n, s in zip(sizes, seeds, strict=True)]
    return list(client.gather(futures))


def panel_gsadf(data: pd.DataFrame | Mapping[str, pd.Series], spec: PSYSpec | None = None, *,
                min_window: int | None = None, lag: int | None = None, max_lag: int = 4, reps: int = 499,
                seed: int | None = None, alpha: float | None = None, align: str = "strict",
                log: bool | None = None, chunk: int = 50, client: Any = None) -> PanelResult:
    """Panel GSADF of the series in ``data`` (columns, or a mapping name → Series) with sieve-bootstrap
    critical values; ``client`` runs the bootstrap chunks on Dask (module docstring). Window, lag, log,
    level and seed come from ``spec`` or the keywords (defaults: PSY window rule, lag 0, log, 0.95, 0);
    ``max_lag`` bounds the sieve AR."""
    n_obs = len(data) if isinstance(data, pd.DataFrame) else max((len(v) for v in data.values()), default=0)
    min_window, lag, log, alpha, seed = settings(spec, min_window, lag, log, alpha, seed, n_obs)
    frame = align_panel(data, align=align, log=log)
    X = frame.to_numpy(dtype=float)
    T, N = X.shape
    m = P.default_min_window(T) if min_window is None else min_window
    check_window(T, m, lag, "the panel")
    reps, seed, chunk = check_int("reps", reps, 19), check_int("seed", seed, 0), check_int("chunk", chunk, 1)
    max_lag = check_int("max_lag", max_lag, 0)
    alpha = check_level("alpha", alpha)
    if T - 1 - max_lag < max_lag + 5:
        raise InputError(f"the panel has {T} common dates, too few for a sieve AR up to lag {max_lag}")
    stats = panel_bsadf(frame, min_window=m, lag=lag)
    dX = np.diff(X, axis=0)
    fits = [_bic_ar(dX[:, i], max_lag) for i in range(N)]
    resid = np.column_stack([f[1] for f in fits])
    sizes = [min(chunk, reps - a) for a in range(0, reps, chunk)]
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    phi = np.zeros((N, max_lag))
    for i, f in enumerate(fits):
        phi[i, : f[0].size] = f[0]
    parts = _run_chunks(client, (X, phi, resid, m, lag), sizes, seeds)
    boot = np.vstack(parts)
    levels = sorted(set(LEVELS) | {alpha})
    gmax = boot.max(axis=1)
    return PanelResult(
        gsadf=float(stats["panel"].max()), bsadf=stats,
        cv=pd.Series(np.quantile(boot, alpha, axis=0), index=stats.index, name="cv"),
        gsadf_cv=pd.Series(np.quantile(gmax, levels), index=levels, name="panel_gsadf"), alpha=alpha,
        params={"n_series": N, "series": [str(c) for c in frame.columns], "n_obs": T, "min_window": m, "lag": lag,
                "sieve_lags": [int(f[2]) for f in fits], "max_lag": max_lag, "reps": reps, "seed": seed,
                "chunk": chunk, "align": align, "log": log, "engine": "serial" if client is None else "dask"},
        distribution=gmax)
