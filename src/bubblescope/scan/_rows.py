"""The worker side of a scan: work items, one row per series, batches, and the table schema.

Everything here runs on Dask workers (or in this process for ``client="serial"``) and must stay
picklable and free of I/O: a batch of :class:`_Item` goes in, a :class:`BatchOutcome` comes out.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import BubblescopeError
from bubblescope.scan._tests import ScanTest

BASE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("series", "str"), ("n_obs", "int"), ("first_date", "date"), ("last_date", "date"),
    ("data_hash", "str"), ("seed", "int"), ("error", "str"), ("seconds", "float"),
)

#: Upper bound of the series data in one task (bytes), below Dask's large-graph warning (10 MB).
MAX_BATCH_BYTES = 4_000_000


# ------------------------------------------------------------------------------------------------
# seeds, hashes, dtypes
# ------------------------------------------------------------------------------------------------

def derive_seed(seed: int, name: str) -> int:
    """A 32-bit seed from the scan seed and a series (or shared-value) name.

    Uses SHA-256 of the name and numpy's SeedSequence, never Python's salted ``hash()``, so the
    same (seed, name) gives the same seed in every process, on every machine, for any worker count.
    """
    digest = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:16], "little")
    return int(np.random.SeedSequence([int(seed), digest]).generate_state(1, np.uint32)[0])


def data_hash(series: pd.Series) -> str:
    """A short fingerprint of the dates and values a row is computed from."""
    h = hashlib.sha256()
    h.update(np.asarray(series.index.as_unit("ns").asi8, dtype="<i8").tobytes())
    h.update(np.asarray(series.to_numpy(dtype=float), dtype="<f8").tobytes())
    return h.hexdigest()[:20]


_DTYPES = {"float": "float64", "int": "Int64", "bool": "boolean", "date": "datetime64[ns]", "str": "string"}


def normalise(frame: pd.DataFrame, columns: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """Give the scan table one fixed schema, whether rows were just computed or read from Parquet."""
    out = pd.DataFrame(index=range(len(frame)))
    for col, kind in columns:
        values = frame[col] if col in frame.columns else pd.Series([None] * len(frame), dtype=object)
        values = values.reset_index(drop=True)
        if kind == "date":
            values = pd.to_datetime(values).astype("datetime64[ns]")
        elif kind == "float":
            values = pd.to_numeric(values, errors="coerce").astype("float64")
        else:
            values = values.astype(object).where(values.notna(), None).astype(_DTYPES[kind])
        out[col] = values
    return out


# ------------------------------------------------------------------------------------------------
# work items, outcomes, what a batch shares
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _SharedFailure:
    message: str


@dataclass(frozen=True)
class _Item:
    name: str
    series: pd.Series | None
    seed: int
    keys: dict[str, Any]  # test name -> shared key (or _SharedFailure when the key itself failed)
    error: str | None = None  # loading error: the row is an error row without running tests


@dataclass(frozen=True)
class BatchOutcome:
    """The rows of one batch. ``transient``: the batch could not run (its worker died); the rows are
    error rows that are not persisted, so the next run with the same output computes them again."""

    rows: list[dict[str, Any]]
    transient: bool = False

    @classmethod
    def lost(cls, items: Sequence[_Item], message: str) -> BatchOutcome:
        return cls([{"series": it.name, "seed": it.seed, "error": f"worker: {message}"} for it in items],
                   transient=True)


@dataclass(frozen=True)
class Work:
    """What every batch of one scan needs: the tests, their merged options and the scan seed."""

    tests: tuple[ScanTest, ...]
    options: dict[str, dict[str, Any]]
    seed: int

    def test(self, name: str) -> ScanTest:
        return next(t for t in self.tests if t.name == name)

    def shared_seed(self, test_name: str, key: Any) -> int:
        return derive_seed(self.seed, f"{test_name}:shared:{key!r}")

    def shared_needed(self, items: Sequence[_Item]) -> list[tuple[str, Any]]:
        """The distinct (test, key) shared values the items need, in a fixed order."""
        return sorted(
            {(t.name, it.keys[t.name]) for it in items for t in self.tests
             if it.error is None and t.make_shared is not None and it.keys.get(t.name) is not None
             and not isinstance(it.keys.get(t.name), _SharedFailure)},
            key=repr,
        )


def message(exc: BaseException) -> str:
    """One line for an error row: the text of our own errors, ``Type: text`` for anything else."""
    text = " ".join(str(exc).split())
    if isinstance(exc, BubblescopeError):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def shared_keys(tests: Sequence[ScanTest], series: pd.Series, options: Mapping[str, Mapping[str, Any]]
                ) -> dict[str, Any]:
    """Each test's shared key for ``series`` (None when it shares nothing; a failure is kept as such)."""
    keys: dict[str, Any] = {}
    for t in tests:
        try:
            keys[t.name] = t.shared_key(series, options[t.name]) if t.make_shared is not None else None
        except Exception as exc:
            keys[t.name] = _SharedFailure(message(exc))
    return keys


def make_shared(test: ScanTest, key: Hashable, options: Mapping[str, Any], seed: int) -> Any:
    try:
        assert test.make_shared is not None
        return test.make_shared(key, options, seed)
    except Exception as exc:  # a failing shared value fails only the series that need it
        return _SharedFailure(f"shared value for {key!r}: {message(exc)}")


# ------------------------------------------------------------------------------------------------
# rows and batches
# ------------------------------------------------------------------------------------------------

def _run_test(test: ScanTest, item: _Item, series: pd.Series, options: Mapping[str, Any],
              shared: Mapping[tuple[str, Any], Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """One test on one series: (its columns, or None when they are not kept; error messages)."""
    key = item.keys.get(test.name)
    if isinstance(key, _SharedFailure):
        return None, [key.message]
    value = None
    if key is not None:
        value = shared[(test.name, key)]
        if isinstance(value, _SharedFailure):
            return None, [value.message]
    try:
        out = test.run(series, options=options, seed=item.seed, shared=value)
    except Exception as exc:  # one failing test makes an error entry, never a crashed scan
        return None, [message(exc)]
    partial = out.pop("_error", None) if isinstance(out, dict) else None
    errors = [partial] if partial else []  # some columns could not be computed; the others are kept
    unknown = set(out) - {c for c, _ in test.columns}
    if unknown:
        return None, [*errors, f"returned undeclared columns {sorted(unknown)}"]
    return out, errors


def _run_item(item: _Item, tests: Sequence[ScanTest], options: Mapping[str, Mapping[str, Any]],
              shared: Mapping[tuple[str, Any], Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    row: dict[str, Any] = {"series": item.name, "seed": item.seed}
    errors = [] if item.error is None else [item.error]
    s = item.series
    if s is not None and item.error is None:
        row.update(n_obs=len(s), first_date=s.index[0], last_date=s.index[-1], data_hash=data_hash(s))
        for test in tests:
            out, errs = _run_test(test, item, s, options[test.name], shared)
            errors += [f"{test.name}: {e}" for e in errs]
            if out is not None:
                row.update(out)
    row["error"] = "; ".join(errors) if errors else None
    row["seconds"] = time.perf_counter() - t0
    return row


def run_batch(items: Sequence[_Item], tests: Sequence[ScanTest], options: Mapping[str, Mapping[str, Any]],
              shared: Mapping[tuple[str, Any], Any]) -> list[dict[str, Any]]:
    """Compute the rows of one batch (the unit of work sent to a Dask worker)."""
    return [_run_item(it, tests, options, shared) for it in items]


def batches(items: list[_Item], size: int, max_bytes: int = MAX_BATCH_BYTES) -> list[list[_Item]]:
    """Consecutive groups of at most ``size`` series and about ``max_bytes`` of data each."""
    out: list[list[_Item]] = []
    cur: list[_Item] = []
    nbytes = 0
    for it in items:
        b = 16 * len(it.series) if it.series is not None else 0
        if cur and (len(cur) >= size or nbytes + b > max_bytes):
            out.append(cur)
            cur, nbytes = [], 0
        cur.append(it)
        nbytes += b
    if cur:
        out.append(cur)
    return out
