"""The scan engine: plan the scan, load and key every series, reuse finished rows, compute, assemble.

The work itself is in :mod:`bubblescope.scan._rows` (what runs on workers) and
:mod:`bubblescope.scan._dask` (the Dask loop); inputs are checked in :mod:`bubblescope.scan._inputs`.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import BubblescopeError, InputError
from bubblescope.results import to_jsonable
from bubblescope.scan._dask import run_on_dask
from bubblescope.scan._inputs import check_arguments, load, named_inputs, parse_as_of
from bubblescope.scan._result import ScanResult
from bubblescope.scan._rows import (
    BASE_COLUMNS,
    MAX_BATCH_BYTES,
    BatchOutcome,
    Work,
    _Item,
    batches,
    data_hash,
    derive_seed,
    make_shared,
    message,
    normalise,
    run_batch,
    shared_keys,
)
from bubblescope.scan._store import ScanStore
from bubblescope.scan._tests import DEFAULT_OPTIONS, resolve_tests

__all__ = ["DEFAULT_TESTS", "MAX_BATCH_BYTES", "data_hash", "derive_seed", "run_batch", "scan"]

DEFAULT_TESTS: tuple[str, ...] = ("psy", "lppls", "gauges")
FORMAT_VERSION = 1

ProgressCallback = Callable[[int, int], None]

# ------------------------------------------------------------------------------------------------
# the plan: tests, options, schema, inputs, output
# ------------------------------------------------------------------------------------------------

def _compact(v: Any) -> Any:
    """Options as recorded in settings/fingerprints: a Series (e.g. the market) becomes its data hash."""
    if isinstance(v, pd.Series):
        return f"series:{data_hash(v.dropna())}"
    if isinstance(v, Mapping):
        return {k: _compact(x) for k, x in v.items()}
    return v


def _fingerprint(work: Work, as_of: Any) -> str:
    return json.dumps(
        to_jsonable({"format": FORMAT_VERSION, "tests": [t.name for t in work.tests],
                     "columns": [list(t.columns) for t in work.tests], "options": _compact(work.options),
                     "seed": work.seed, "as_of": as_of}),
        sort_keys=True,
    )


@dataclass(frozen=True)
class _Plan:
    """Everything decided before any series is read."""

    work: Work
    columns: list[tuple[str, str]]
    pairs: list[tuple[str, Any]]
    as_of: pd.Timestamp | None
    store: ScanStore | None

    @property
    def order(self) -> dict[str, int]:
        return {name: i for i, (name, _) in enumerate(self.pairs)}


def _plan(data: Any, tests: Any, as_of: pd.Timestamp | None, seed: int,
          options: Mapping[str, Mapping[str, Any]] | None, out: str | Path | None) -> _Plan:
    test_objs = resolve_tests(tests)
    given = dict(options or {})
    unknown = set(given) - {t.name for t in test_objs}
    if unknown:
        raise InputError(f"options given for tests not in this scan: {', '.join(sorted(unknown))}")
    opts: dict[str, dict[str, Any]] = {
        t.name: {**DEFAULT_OPTIONS.get(t.name, {}), **dict(given.get(t.name, {}))} for t in test_objs
    }
    columns = list(BASE_COLUMNS) + [c for t in test_objs for c in t.columns]
    pairs = named_inputs(data)
    work = Work(test_objs, opts, seed)
    store = ScanStore(out, _fingerprint(work, as_of)) if out is not None else None
    return _Plan(work, columns, pairs, as_of, store)


# ------------------------------------------------------------------------------------------------
# the steps
# ------------------------------------------------------------------------------------------------

def _load_items(plan: _Plan, data_dir: Any, offline: bool) -> list[_Item]:
    """Load and key every series (cheap, on this machine); a series that cannot be read is an error item."""
    items: list[_Item] = []
    for name, obj in plan.pairs:
        s_seed = derive_seed(plan.work.seed, name)
        try:
            s = load(name, obj, plan.as_of, data_dir, offline)
        except BubblescopeError as exc:
            items.append(_Item(name, None, s_seed, {}, error=f"data: {message(exc)}"))
            continue
        items.append(_Item(name, s, s_seed, shared_keys(plan.work.tests, s, plan.work.options)))
    return items


def _resume(store: ScanStore | None, items: Sequence[_Item]) -> pd.DataFrame:
    """Rows of an interrupted or earlier identical scan (same settings, same data) to reuse; starts
    this run's parts folder."""
    reused_rows = pd.DataFrame()
    if store is None:
        return reused_rows
    done = store.load_done()
    if done is not None:
        want = {it.name: (data_hash(it.series) if it.series is not None else None) for it in items}
        ok = done["series"].map(lambda n: n in want) & done.apply(
            lambda r: want.get(r["series"]) is not None and r["data_hash"] == want.get(r["series"]), axis=1
        )
        reused_rows = done[ok]
    store.start()
    return reused_rows


@dataclass
class _Sink:
    """Receives each finished batch: keeps its rows, persists them (unless transient), reports progress."""

    store: ScanStore | None
    columns: list[tuple[str, str]]
    total: int
    done: int
    progress: ProgressCallback | None
    rows: list[dict[str, Any]] = field(default_factory=list)
    complete: bool = True  # False once a batch was lost: the finished table is then not written

    def report(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)

    def __call__(self, outcome: BatchOutcome) -> None:
        self.rows.extend(outcome.rows)
        self.complete = self.complete and not outcome.transient
        if self.store is not None and not outcome.transient:
            self.store.write_part(normalise(pd.DataFrame(outcome.rows), self.columns))
        self.done += len(outcome.rows)
        self.report()


def _is_serial(client: Any) -> bool:
    return isinstance(client, str) and client.lower() in {"serial", "sync", "synchronous"}


def _run_serial(pending: list[_Item], work: Work, batch_size: int | None, sink: _Sink) -> None:
    shared = {(tn, k): make_shared(work.test(tn), k, work.options[tn], work.shared_seed(tn, k))
              for tn, k in work.shared_needed(pending)}
    for batch in batches(pending, batch_size or max(1, min(32, math.ceil(len(pending) / 4)))):
        sink(BatchOutcome(run_batch(batch, work.tests, work.options, shared)))


def _assemble(reused_rows: pd.DataFrame, computed: list[dict[str, Any]], plan: _Plan) -> pd.DataFrame:
    """Reused and computed rows in input order, in the one schema."""
    frames = [f for f in (reused_rows, normalise(pd.DataFrame(computed), plan.columns)) if len(f)]
    table = normalise(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0], plan.columns)
    order = plan.order
    return table.iloc[np.argsort(table["series"].map(order).to_numpy(), kind="stable")].reset_index(drop=True)


# ------------------------------------------------------------------------------------------------
# the engine
# ------------------------------------------------------------------------------------------------

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
    seed = check_arguments(seed, workers, batch_size, threads_per_worker)
    plan = _plan(data, tests, parse_as_of(as_of), seed, options, out)
    items = _load_items(plan, data_dir, offline)
    reused_rows = _resume(plan.store, items)
    reused = set(reused_rows["series"]) if len(reused_rows) else set()
    pending = [it for it in items if it.name not in reused]
    sink = _Sink(plan.store, plan.columns, total=len(items), done=len(reused), progress=progress)
    sink.report()
    engine, n_workers = "serial", 1
    if pending and _is_serial(client):
        _run_serial(pending, plan.work, batch_size, sink)
    elif pending:
        engine = "dask"
        n_workers = run_on_dask(client, workers, threads_per_worker, batch_size, pending, plan.work, sink)
    table = _assemble(reused_rows, sink.rows, plan)
    if plan.store is not None and sink.complete:
        plan.store.finish(table)
    order = plan.order
    return ScanResult(
        frame=table,
        tests=tuple(t.name for t in plan.work.tests),
        settings={"tests": [t.name for t in plan.work.tests], "options": _compact(plan.work.options), "seed": seed,
                  "as_of": plan.as_of.date().isoformat() if plan.as_of is not None else None},
        computed=tuple(r["series"] for r in sink.rows),
        reused=tuple(sorted(reused, key=order.__getitem__)),
        out=str(out) if out is not None else None,
        engine=engine,
        workers=n_workers,
        wall_seconds=time.perf_counter() - t_start,
    )
