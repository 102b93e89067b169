"""Disk cache for PSY critical-value tables (the I/O wrapper around the pure simulations).

Directory: ``$BUBBLESCOPE_CACHE_DIR/psy-cv`` if set, else the platform user cache directory
(``platformdirs.user_cache_dir("bubblescope")/psy-cv``). One ``.npz`` file per table, named by a
SHA-256 of every input that changes the numbers (sample size, window in rows, lag / lag
selection, replications, seed, null drift, quantile levels, multiplier, horizon, the series
itself for the bootstrap) plus the package version and ``CV_ALGORITHM_VERSION``. Files are
written to a temporary name and renamed into place, so concurrent runs never see half a file;
an unreadable file is ignored and recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblescope import __version__
from bubblescope.detect import _psy_core as C
from bubblescope.detect._psy_cv import (
    CV_ALGORITHM_VERSION,
    DEFAULT_LEVELS,
    MCCriticalValues,
    Progress,
    WildCriticalValues,
    critical_values_mc,
    wild_bootstrap_cv,
)
from bubblescope.detect.psy_spec import PSYSpec
from bubblescope.errors import BubblescopeError, InputError

__all__ = ["cache_dir", "cache_key", "cached_critical_values", "cached_critical_values_mc", "cached_wild_bootstrap_cv"]


def cache_dir(override: str | Path | None = None) -> Path:
    """The folder holding cached tables (created on first write)."""
    if override is not None:
        return Path(override)
    env = os.environ.get("BUBBLESCOPE_CACHE_DIR")
    if env:
        return Path(env) / "psy-cv"
    import platformdirs

    return Path(platformdirs.user_cache_dir("bubblescope")) / "psy-cv"


def cache_key(kind: str, params: dict[str, Any]) -> str:
    """Stable hash of everything that determines a table."""
    payload = {"kind": kind, "params": params, "package": __version__, "algorithm": CV_ALGORITHM_VERSION}
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _series_digest(series: pd.Series) -> str:
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(series.to_numpy(dtype=float)).tobytes())
    h.update("|".join(map(str, series.index)).encode())
    return h.hexdigest()


def _atomic_save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, allow_pickle=False, **arrays)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise BubblescopeError(f"cannot write critical-value cache {path}: {exc.strerror or exc}") from None


def _load(path: Path) -> dict[str, np.ndarray] | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError, KeyError, EOFError):
        return None  # corrupt or truncated by something else: recompute


def cached_critical_values_mc(
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
    directory: str | Path | None = None,
    refresh: bool = False,
) -> MCCriticalValues:
    """:func:`critical_values_mc` with a disk cache; a second identical call is a file read."""
    m, p = C.window_rows(int(T), min_window, lag, ic, max_lag, convention)
    code = C.ic_code(ic)
    key_params = {"T": int(T), "rows": m, "lag": p if code == 0 else None, "ic": ic,
                  "max_lag": max_lag if code else None, "reps": int(reps), "seed": int(seed),
                  "d": float(d), "eta": float(eta), "levels": [float(v) for v in levels]}
    path = cache_dir(directory) / f"mc-{cache_key('mc', key_params)}.npz"
    data = None if refresh else _load(path)
    if data is not None:
        params = json.loads(str(data["params"]))
        cols = [float(v) for v in data["levels"]]
        return MCCriticalValues(
            bsadf=pd.DataFrame(data["bsadf"], columns=cols),
            sadf_running=pd.DataFrame(data["sadf_running"], columns=cols),
            badf=pd.DataFrame(data["badf"], columns=cols),
            adf=pd.Series(data["adf"], index=cols, name="adf"),
            sadf=pd.Series(data["sadf"], index=cols, name="sadf"),
            gsadf=pd.Series(data["gsadf"], index=cols, name="gsadf"),
            params={**params, "cache_file": str(path)},
        )
    cvs = critical_values_mc(T, min_window=min_window, lag=lag, ic=ic, max_lag=max_lag, convention=convention,
                             reps=reps, seed=seed, d=d, eta=eta, levels=levels, progress=progress)
    _atomic_save(path, {
        "bsadf": cvs.bsadf.to_numpy(), "sadf_running": cvs.sadf_running.to_numpy(), "badf": cvs.badf.to_numpy(),
        "adf": cvs.adf.to_numpy(), "sadf": cvs.sadf.to_numpy(), "gsadf": cvs.gsadf.to_numpy(),
        "levels": np.asarray(list(cvs.bsadf.columns), dtype=float),
        "params": np.asarray(json.dumps(cvs.params, default=str)),
    })
    return cvs


def cached_wild_bootstrap_cv(
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
    directory: str | Path | None = None,
    refresh: bool = False,
) -> WildCriticalValues:
    """:func:`wild_bootstrap_cv` with a disk cache keyed by the series' values and dates too."""
    x, _ = C.prepare_series(series, log=log)
    m, p = C.window_rows(x.size, min_window, lag, ic, max_lag, convention)
    code = C.ic_code(ic)
    key_params = {"series": _series_digest(series), "log": bool(log), "rows": m,
                  "lag": p if code == 0 else None, "ic": ic, "max_lag": max_lag if code else None,
                  "horizon": int(horizon), "reps": int(reps), "seed": int(seed), "multiplier": multiplier,
                  "levels": [float(v) for v in levels]}
    path = cache_dir(directory) / f"wild-{cache_key('wild', key_params)}.npz"
    data = None if refresh else _load(path)
    if data is not None:
        params = json.loads(str(data["params"]))
        cols = [float(v) for v in data["levels"]]
        return WildCriticalValues(quantiles=pd.Series(data["quantiles"], index=cols, name="wild"),
                                  distribution=data["distribution"], params={**params, "cache_file": str(path)})
    cvs = wild_bootstrap_cv(series, min_window=min_window, lag=lag, ic=ic, max_lag=max_lag,
                            convention=convention, horizon=horizon, reps=reps, seed=seed,
                            multiplier=multiplier, levels=levels, log=log, progress=progress)
    _atomic_save(path, {
        "quantiles": cvs.quantiles.to_numpy(), "distribution": cvs.distribution,
        "levels": np.asarray(list(cvs.quantiles.index), dtype=float),
        "params": np.asarray(json.dumps(cvs.params, default=str)),
    })
    return cvs


def cached_critical_values(
    data: pd.Series | int,
    spec: PSYSpec,
    *,
    d: float = 1.0,
    progress: Progress | None = None,
    directory: str | Path | None = None,
    refresh: bool = False,
) -> MCCriticalValues | WildCriticalValues:
    """The table ``spec.cv`` asks for (as :func:`bubblescope.detect.psy_steps.critical_values`), cached:
    Monte Carlo for a sample length or a series' length, the wild bootstrap for a series."""
    from bubblescope.detect.psy_sampling import plan, sample
    from bubblescope.detect.psy_steps import mc_plan

    if isinstance(data, pd.Series):
        data = sample(data, spec)[0]
    if spec.cv == "wild":
        if not isinstance(data, pd.Series):
            raise InputError("the wild bootstrap resamples the series itself: pass the series, not its length")
        pl = plan(spec, len(data))
        return cached_wild_bootstrap_cv(
            data, min_window=spec.window_for(len(data)), lag=pl.lag, ic=pl.ic, max_lag=pl.max_lag,
            convention=spec.convention, horizon=spec.horizon, reps=spec.replications, seed=spec.seed,
            multiplier=spec.multiplier, levels=spec.levels, log=spec.log, progress=progress,
            directory=directory, refresh=refresh)
    mc = mc_plan(spec, len(data) if isinstance(data, pd.Series) else int(data))
    if spec.cv == "rs":  # computed from the shipped coefficients in milliseconds: nothing to cache
        from bubblescope.detect._psy_surface import surface_table

        return surface_table(mc.T, mc.rows, (spec.level,))
    return cached_critical_values_mc(
        mc.T, min_window=mc.rows, lag=mc.lag, convention="exuber", reps=spec.replications, seed=spec.seed, d=d,
        levels=spec.levels, progress=progress, directory=directory, refresh=refresh)
