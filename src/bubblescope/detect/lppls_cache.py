"""Disk cache for LPPLS bootstrap-null distributions (the I/O wrapper around the pure null).

Directory: ``$BUBBLESCOPE_CACHE_DIR/lppls-null`` if set, else the platform user cache directory
(``platformdirs.user_cache_dir("bubblescope")/lppls-null``). One ``.npz`` file per null, named by a
SHA-256 of every input that changes the numbers: the log-price series (values and dates), the window
lengths, the :class:`NullSpec`, the filter set, bounds, search settings, starts and seed, plus the
package version and :data:`NULL_ALGORITHM_VERSION`. Files are written to a temporary name and renamed
into place, as :mod:`bubblescope.detect.cvcache` does; an unreadable file is ignored and recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from bubblescope import __version__
from bubblescope.detect._lppls_filters import load_filters
from bubblescope.detect._lppls_indicators import DEFAULT_STARTS, null_distribution
from bubblescope.detect._lppls_model import Bounds, SearchSettings
from bubblescope.detect._lppls_null import NullSpec
from bubblescope.detect._lppls_scales import SCALES, multiscale
from bubblescope.errors import InputError

__all__ = ["NULL_ALGORITHM_VERSION", "cached_multiscale", "cached_null", "null_cache_dir"]

#: Bump when the null's numbers change for the same inputs (bootstrap or indicator algorithm).
#: 2: start-robust search (window sweep, pruned extra starts; issue 17).
#: 3: vectorised maths and sums in the fit (values move within a few ulp, so a near-tie between two optima
#:    can resolve the other way; issue 17, speed).
NULL_ALGORITHM_VERSION = 3


def null_cache_dir(override: str | Path | None = None) -> Path:
    """The folder holding cached null distributions (created on first write)."""
    if override is not None:
        return Path(override)
    env = os.environ.get("BUBBLESCOPE_CACHE_DIR")
    if env:
        return Path(env) / "lppls-null"
    import platformdirs

    return Path(platformdirs.user_cache_dir("bubblescope")) / "lppls-null"


def _key(y: np.ndarray, index: pd.Index, params: dict[str, object]) -> str:
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(y, dtype=float).tobytes())
    h.update("|".join(map(str, index)).encode())
    payload = {"series": h.hexdigest(), "params": params, "package": __version__,
               "algorithm": NULL_ALGORITHM_VERSION}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _load(path: Path) -> np.ndarray | None:
    try:
        with np.load(path, allow_pickle=False) as z:
            return np.asarray(z["values"], dtype=float)
    except (OSError, KeyError, ValueError):
        return None


def _save(path: Path, values: np.ndarray) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, allow_pickle=False, values=values)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def cached_null(series: pd.Series, windows: list[int], spec: NullSpec, *, filters: str = "sornette2015",
                n_starts: int = DEFAULT_STARTS, seed: int = 0, bounds: Bounds | None = None,
                search: SearchSettings | None = None, cache: str | Path | None = None,
                refresh: bool = False) -> np.ndarray:
    """Null confidences (``spec.n_paths`` values) for the last date of ``series``, from disk when cached.

    The same numbers as ``indicators(series, end=series.index[-1], windows=windows, null=spec, ...)``
    would draw; computed once and stored under a key of the series and every setting.
    """
    if len(series) < max(windows):
        raise InputError(f"LPPLS null: {len(series)} observations, the longest window needs {max(windows)}")
    bounds = bounds or Bounds()
    search = search or SearchSettings()
    fs = load_filters(filters)
    y = np.log(series.to_numpy(dtype=float))
    params = {"windows": sorted(windows), "null": asdict(spec), "filters": filters, "n_starts": n_starts,
              "seed": seed, "bounds": repr(bounds), "search": repr(search)}
    path = null_cache_dir(cache) / f"{_key(y, series.index, params)}.npz"
    values = None if refresh else _load(path)
    if values is not None and values.size == spec.n_paths:
        return values
    values = null_distribution(y, sorted(windows), spec, (bounds, search, n_starts, seed, fs))
    _save(path, values)
    return values


def cached_multiscale(series: pd.Series, dates: list[pd.Timestamp], *, step: int = 10, n_starts: int = DEFAULT_STARTS,
                      seed: int = 0, cache: str | Path | None = None, refresh: bool = False) -> pd.DataFrame:
    """FCO multi-scale confidence (:func:`multiscale`, sornette2015 filters, no resampling) at ``dates``,
    from disk when cached: one row per date, columns ``<scale>_pos_conf`` / ``<scale>_neg_conf`` (NaN
    where a scale's longest window does not fit the history before that date)."""
    if not dates:
        raise InputError("LPPLS multi-scale: no end dates")
    y = np.log(series.to_numpy(dtype=float))
    params = {"kind": "multiscale", "dates": [str(d) for d in dates], "step": step, "n_starts": n_starts,
              "seed": seed, "scales": SCALES, "search": repr(SearchSettings()), "bounds": repr(Bounds())}
    cols = [f"{k}_{side}_conf" for k in SCALES for side in ("pos", "neg")]
    path = null_cache_dir(cache) / f"{_key(y, series.index, params)}.npz"
    values = None if refresh else _load(path)
    if values is None or values.shape != (len(dates), len(cols)):
        rows = []
        for d in dates:
            ms = multiscale(series[series.index <= d], start=d, end=d, step=step, n_starts=n_starts, seed=seed)
            rows.append(ms.frame.reindex(columns=cols).iloc[0] if not ms.frame.empty else pd.Series(np.nan, cols))
        values = np.array([r.to_numpy(dtype=float) for r in rows])
        _save(path, values)
    return pd.DataFrame(values, index=pd.DatetimeIndex(dates, name="date"), columns=cols)
