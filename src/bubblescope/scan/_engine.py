"""The scan engine: load series, share expensive per-length values, run batches on Dask, stream rows.

Why a hand-written loop around ``dask.distributed`` futures rather than ``dask.bag``/``dataframe``:
a scan needs (1) values shared between series (critical values per sample length) computed once
and reused by many tasks, (2) rows persisted as soon as each batch finishes so a killed scan
resumes, and (3) a bounded number of batches in flight so memory stays flat for thousands of
series. ``Client.submit`` + ``as_completed`` give all three directly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import time
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import BubblescopeError, InputError
from bubblescope.results import to_jsonable
from bubblescope.scan._result import ScanResult
from bubblescope.scan._store import ScanStore
from bubblescope.scan._tests import DEFAULT_OPTIONS, ScanTest, resolve_tests

DEFAULT_TESTS: tuple[str, ...] = ("psy", "lppls", "gauges")
FORMAT_VERSION = 1

BASE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("series", "str"), ("n_obs", "int"), ("first_date", "date"), ("last_date", "date"),
    ("data_hash", "str"), ("seed", "int"), ("error", "str"), ("seconds", "float"),
)

ProgressCallback = Callable[[int, int], None]


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


def _normalise(frame: pd.DataFrame, columns: Sequence[tuple[str, str]]) -> pd.DataFrame:
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
# work items and the batch function (runs on workers)
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


def _message(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if isinstance(exc, BubblescopeError):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _make_shared(test: ScanTest, key: Hashable, options: Mapping[str, Any], seed: int) -> Any:
    try:
        assert test.make_shared is not None
        return test.make_shared(key, options, seed)
    except Exception as exc:  # a failing shared value fails only the series that need it
        return _SharedFailure(f"shared value for {key!r}: {_message(exc)}")


def _run_item(item: _Item, tests: Sequence[ScanTest], options: Mapping[str, Mapping[str, Any]],
              shared: Mapping[tuple[str, Any], Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    row: dict[str, Any] = {"series": item.name, "seed": item.seed}
    errors: list[str] = []
    if item.error is not None:
        errors.append(item.error)
    s = item.series
    if s is not None and item.error is None:
        row.update(n_obs=len(s), first_date=s.index[0], last_date=s.index[-1], data_hash=data_hash(s))
        for test in tests:
            key = item.keys.get(test.name)
            value = None
            if isinstance(key, _SharedFailure):
                errors.append(f"{test.name}: {key.message}")
                continue
            if key is not None:
                value = shared[(test.name, key)]
                if isinstance(value, _SharedFailure):
                    errors.append(f"{test.name}: {value.message}")
                    continue
            try:
                out = test.run(s, options=options[test.name], seed=item.seed, shared=value)
            except Exception as exc:  # one failing test makes an error entry, never a crashed scan
                errors.append(f"{test.name}: {_message(exc)}")
                continue
            partial = out.pop("_error", None) if isinstance(out, dict) else None
            if partial:  # some columns could not be computed; the others are kept
                errors.append(f"{test.name}: {partial}")
            declared = {c for c, _ in test.columns}
            unknown = set(out) - declared
            if unknown:
                errors.append(f"{test.name}: returned undeclared columns {sorted(unknown)}")
                continue
            row.update(out)
    row["error"] = "; ".join(errors) if errors else None
    row["seconds"] = time.perf_counter() - t0
    return row


def run_batch(items: Sequence[_Item], tests: Sequence[ScanTest], options: Mapping[str, Mapping[str, Any]],
              shared: Mapping[tuple[str, Any], Any]) -> list[dict[str, Any]]:
    """Compute the rows of one batch (the unit of work sent to a Dask worker)."""
    return [_run_item(it, tests, options, shared) for it in items]


def _run_batch_remote(items: Sequence[_Item], tests: Sequence[ScanTest],
                      options: Mapping[str, Mapping[str, Any]], shared_keys: Sequence[tuple[str, Any]],
                      *shared_values: Any) -> list[dict[str, Any]]:
    # shared values arrive as positional futures (resolved by Dask) so each is sent once per worker
    return run_batch(items, tests, options, dict(zip(shared_keys, shared_values, strict=True)))


# ------------------------------------------------------------------------------------------------
# inputs
# ------------------------------------------------------------------------------------------------

def _check_series(name: str, s: Any) -> pd.Series:
    if not isinstance(s, pd.Series):
        raise InputError(f"{name}: expected a pandas Series, got {type(s).__name__}")
    if not isinstance(s.index, pd.DatetimeIndex):
        raise InputError(f"{name}: the index must be dates (DatetimeIndex)")
    if s.index.tz is not None:
        s = s.tz_localize(None)
    try:
        s = s.astype(float)
    except (TypeError, ValueError):
        raise InputError(f"{name}: values are not numeric") from None
    s = s.dropna()
    if s.index.has_duplicates:
        raise InputError(f"{name}: duplicate dates")
    if not s.index.is_monotonic_increasing:
        s = s.sort_index()
    if not np.isfinite(s.to_numpy()).all():
        raise InputError(f"{name}: infinite values")
    return s


def _named_inputs(data: Any) -> list[tuple[str, Any]]:
    """(name, Series | str | Path) pairs from a list of symbols/paths, a wide frame or a mapping."""
    if isinstance(data, pd.DataFrame):
        if not isinstance(data.index, pd.DatetimeIndex):
            raise InputError("scan frame: the index must be dates (DatetimeIndex), one column per series")
        pairs = [(str(c), data[c]) for c in data.columns]
    elif isinstance(data, pd.Series):
        pairs = [(str(data.name or "series"), data)]
    elif isinstance(data, Mapping):
        pairs = [(str(k), v) for k, v in data.items()]
    elif isinstance(data, (str, Path)):
        pairs = [(str(data), data)]
    elif isinstance(data, Iterable):
        pairs = [(str(x), x) for x in data]
    else:
        raise InputError(f"scan input must be symbols/paths, a DataFrame or a mapping of series, not {type(data).__name__}")
    if not pairs:
        raise InputError("nothing to scan: no series given")
    names = [n for n, _ in pairs]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        raise InputError(f"series name {dup!r} appears twice in the scan input")
    return pairs


def _load(name: str, obj: Any, as_of: pd.Timestamp | None, data_dir: Any, offline: bool) -> pd.Series:
    if isinstance(obj, (str, Path)):
        from bubblescope.data import get_series

        s = get_series(obj, data_dir=data_dir, offline=offline)
    else:
        s = obj
    s = _check_series(name, s)
    if as_of is not None:
        s = s[s.index <= as_of]
    if s.empty:
        raise InputError(f"{name}: no observations" + (f" on or before {as_of.date()}" if as_of is not None else ""))
    return s


# ------------------------------------------------------------------------------------------------
# the engine
# ------------------------------------------------------------------------------------------------

def _compact(v: Any) -> Any:
    """Options as recorded in settings/fingerprints: a Series (e.g. the market) becomes its data hash."""
    if isinstance(v, pd.Series):
        return f"series:{data_hash(v.dropna())}"
    if isinstance(v, Mapping):
        return {k: _compact(x) for k, x in v.items()}
    return v


def _fingerprint(tests: Sequence[ScanTest], options: Mapping[str, Any], seed: int, as_of: Any) -> str:
    return json.dumps(
        to_jsonable({"format": FORMAT_VERSION, "tests": [t.name for t in tests],
                     "columns": [list(t.columns) for t in tests], "options": _compact(options), "seed": seed,
                     "as_of": as_of}),
        sort_keys=True,
    )


#: Upper bound of the series data in one task (bytes), below Dask's large-graph warning (10 MB).
MAX_BATCH_BYTES = 4_000_000


def _batches(items: list[_Item], size: int, max_bytes: int = MAX_BATCH_BYTES) -> list[list[_Item]]:
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


def _open_client(client: Any, workers: int | None, threads_per_worker: int) -> tuple[Any, Any, bool]:
    """(client, cluster_to_close, client_is_ours)."""
    from dask.distributed import Client, LocalCluster

    if isinstance(client, Client):
        return client, None, False
    if isinstance(client, str):
        try:
            return Client(client, timeout="10s"), None, True
        except (OSError, TimeoutError, ValueError) as exc:  # refused/timed out; ValueError: bad address
            raise InputError(f"cannot connect to Dask scheduler {client}: {_message(exc)}") from None
    if workers:
        n = workers
    elif hasattr(os, "sched_getaffinity"):
        n = len(os.sched_getaffinity(0))
    else:  # pragma: no cover - macOS/Windows
        n = os.cpu_count() or 1
    cluster = LocalCluster(n_workers=n, threads_per_worker=threads_per_worker, processes=True,
                           host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster, True


def scan(
    data: Any,
    tests: Any = DEFAULT_TESTS,
    *,
    as_of: str | pd.Timestamp | None = None,
    client: Any = None,
    out: str | Path | None = None,
    seed: int = 0,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    workers: int | None = None,
    threads_per_worker: int = 1,
    batch_size: int | None = None,
    data_dir: str | Path | None = None,
    offline: bool = False,
    progress: ProgressCallback | None = None,
) -> ScanResult:
    """Run bubble tests over many series at once and return one row per series.

    Parameters
    ----------
    data
        Symbols or CSV paths (loaded with :func:`bubblescope.data.get_series`, on this machine),
        a wide DataFrame (DatetimeIndex, one column per series) or a mapping name → Series.
        Prices in their own units (the built-in tests take logs).
    tests
        Registered test names or :class:`ScanTest` objects, e.g. ``("psy", "lppls")`` or ``"psy,lppls"``.
    as_of
        Use only observations on or before this date (default: each series' last date).
    client
        ``None``: start a local Dask cluster of ``workers`` processes (default: the CPUs available)
        and close it afterwards; a ``dask.distributed.Client``; a scheduler address
        ``"tcp://host:port"``; or ``"serial"`` to compute in this process without Dask.
    out
        A ``.parquet`` file. Rows are streamed to ``<out>.parts/`` as batches finish; rerunning with
        the same settings reuses finished rows and computes only the missing series.
    seed
        Scan seed. Each series gets ``derive_seed(seed, name)``, each shared value
        ``derive_seed(seed, "<test>:shared:<key>")``: results do not depend on workers or batching.
    options
        Per-test option overrides, merged over ``DEFAULT_OPTIONS`` (e.g. ``{"psy": {"reps": 199}}``).
    batch_size
        Series per Dask task (default: about four tasks per worker thread, at most 32 series).
    progress
        Called as ``progress(done, total)`` after each finished batch (and once at the start).

    A series whose data cannot be loaded, or on which a test fails, becomes a row with an ``error``
    message; the scan itself only raises for bad arguments.
    """
    t_start = time.perf_counter()
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise InputError(f"workers must be a positive integer, got {workers!r}")
    if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
        raise InputError(f"batch_size must be a positive integer, got {batch_size!r}")
    if threads_per_worker < 1:
        raise InputError(f"threads_per_worker must be a positive integer, got {threads_per_worker!r}")
    as_of_ts: pd.Timestamp | None = None
    if as_of is not None:
        try:
            as_of_ts = pd.Timestamp(as_of)
        except (ValueError, TypeError):
            raise InputError(f"as_of {as_of!r} is not a date") from None
        if pd.isna(as_of_ts):
            raise InputError(f"as_of {as_of!r} is not a date")
        as_of_ts = as_of_ts.tz_localize(None) if as_of_ts.tz is not None else as_of_ts
    test_objs = resolve_tests(tests)
    options = dict(options or {})
    unknown = set(options) - {t.name for t in test_objs}
    if unknown:
        raise InputError(f"options given for tests not in this scan: {', '.join(sorted(unknown))}")
    opts: dict[str, dict[str, Any]] = {
        t.name: {**DEFAULT_OPTIONS.get(t.name, {}), **dict(options.get(t.name, {}))} for t in test_objs
    }
    columns = list(BASE_COLUMNS) + [c for t in test_objs for c in t.columns]
    pairs = _named_inputs(data)
    serial = isinstance(client, str) and client.lower() in {"serial", "sync", "synchronous"}
    fingerprint = _fingerprint(test_objs, opts, seed, as_of_ts)
    store = ScanStore(out, fingerprint) if out is not None else None

    # 1. load and key every series (cheap, on this machine)
    items: list[_Item] = []
    for name, obj in pairs:
        s_seed = derive_seed(seed, name)
        try:
            s = _load(name, obj, as_of_ts, data_dir, offline)
        except BubblescopeError as exc:
            items.append(_Item(name, None, s_seed, {}, error=f"data: {_message(exc)}"))
            continue
        keys: dict[str, Any] = {}
        for t in test_objs:
            try:
                keys[t.name] = t.shared_key(s, opts[t.name]) if t.make_shared is not None else None
            except Exception as exc:
                keys[t.name] = _SharedFailure(_message(exc))
        items.append(_Item(name, s, s_seed, keys))

    # 2. reuse rows of an interrupted or earlier identical scan (same settings, same data)
    order = {name: i for i, (name, _) in enumerate(pairs)}
    reused_rows = pd.DataFrame()
    if store is not None:
        done = store.load_done()
        if done is not None:
            want = {it.name: (data_hash(it.series) if it.series is not None else None) for it in items}
            ok = done["series"].map(lambda n: n in want) & done.apply(
                lambda r: want.get(r["series"]) is not None and r["data_hash"] == want.get(r["series"]), axis=1
            )
            reused_rows = done[ok]
        store.start()
    reused = set(reused_rows["series"]) if len(reused_rows) else set()
    pending = [it for it in items if it.name not in reused]
    total = len(items)
    computed_rows: list[dict[str, Any]] = []
    done_count = len(reused)
    if progress is not None:
        progress(done_count, total)

    def on_rows(rows: list[dict[str, Any]], persist: bool = True) -> None:
        nonlocal done_count
        computed_rows.extend(rows)
        if store is not None and persist:
            store.write_part(_normalise(pd.DataFrame(rows), columns))
        done_count += len(rows)
        if progress is not None:
            progress(done_count, total)

    shared_needed = sorted(
        {(t.name, it.keys[t.name]) for it in pending for t in test_objs
         if it.error is None and t.make_shared is not None and it.keys.get(t.name) is not None
         and not isinstance(it.keys.get(t.name), _SharedFailure)},
        key=repr,
    )
    test_by_name = {t.name: t for t in test_objs}

    def shared_seed(tname: str, key: Any) -> int:
        return derive_seed(seed, f"{tname}:shared:{key!r}")

    # 3. compute
    engine, n_workers = "serial", 1
    if pending and serial:
        shared = {(tn, k): _make_shared(test_by_name[tn], k, opts[tn], shared_seed(tn, k)) for tn, k in shared_needed}
        for batch in _batches(pending, batch_size or max(1, min(32, math.ceil(len(pending) / 4)))):
            on_rows(run_batch(batch, test_objs, opts, shared))
    elif pending:
        engine = "dask"
        dclient, cluster, ours = _open_client(client, workers, threads_per_worker)
        try:
            n_threads = max(1, sum(dclient.nthreads().values()))
            n_workers = len(dclient.nthreads())
            size = batch_size or max(1, min(32, math.ceil(len(pending) / (4 * n_threads))))
            _run_dask(dclient, _batches(pending, size), test_objs, opts, shared_needed, test_by_name,
                      shared_seed, on_rows, max_in_flight=2 * n_threads)
        finally:
            if ours:
                dclient.close()
            if cluster is not None:
                cluster.close()

    # 4. assemble in input order, persist the finished table
    frames = [f for f in (reused_rows, _normalise(pd.DataFrame(computed_rows), columns)) if len(f)]
    table = _normalise(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0], columns)
    table = table.iloc[np.argsort(table["series"].map(order).to_numpy(), kind="stable")].reset_index(drop=True)
    if store is not None and not any(r.get("_transient") for r in computed_rows):
        store.finish(table)
    return ScanResult(
        frame=table,
        tests=tuple(t.name for t in test_objs),
        settings={"tests": [t.name for t in test_objs], "options": _compact(opts), "seed": seed,
                  "as_of": as_of_ts.date().isoformat() if as_of_ts is not None else None},
        computed=tuple(r["series"] for r in computed_rows),
        reused=tuple(sorted(reused, key=order.__getitem__)),
        out=str(out) if out is not None else None,
        engine=engine,
        workers=n_workers,
        wall_seconds=time.perf_counter() - t_start,
    )


def _run_dask(client: Any, batches: list[list[_Item]], tests: Sequence[ScanTest], opts: Mapping[str, Any],
              shared_needed: Sequence[tuple[str, Any]], test_by_name: Mapping[str, ScanTest],
              shared_seed: Callable[[str, Any], int], on_rows: Callable[..., None], max_in_flight: int) -> None:
    from dask.distributed import as_completed

    shared_futs = {
        (tn, k): client.submit(_make_shared, test_by_name[tn], k, opts[tn], shared_seed(tn, k), pure=False)
        for tn, k in shared_needed
    }
    queue = list(reversed(batches))
    running: dict[Any, list[_Item]] = {}

    def submit_next() -> Any:
        batch = queue.pop()
        keys = sorted({(t.name, it.keys[t.name]) for it in batch for t in tests
                       if (t.name, it.keys.get(t.name)) in shared_futs}, key=repr)
        # the batch travels with its task (≤ MAX_BATCH_BYTES); no scatter, which fails while a
        # worker is being replaced
        fut = client.submit(_run_batch_remote, batch, tests, opts, keys,
                            *[shared_futs[k] for k in keys], pure=False)
        running[fut] = batch
        return fut

    ac = as_completed([submit_next() for _ in range(min(max_in_flight, len(queue)))])
    try:
        for fut in ac:
            batch = running.pop(fut)
            try:
                rows = fut.result()
                persist = True
            except Exception as exc:  # a worker died or the batch could not run: error rows, retried next run
                rows = [{"series": it.name, "seed": it.seed, "error": f"worker: {_message(exc)}", "_transient": True}
                        for it in batch]
                persist = False
            on_rows(rows, persist)
            if queue:
                ac.add(submit_next())
    finally:
        if running:
            client.cancel(list(running))
        client.cancel(list(shared_futs.values()))
