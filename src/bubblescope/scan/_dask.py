"""Running the batches of a scan on ``dask.distributed``.

Why a hand-written loop around ``dask.distributed`` futures rather than ``dask.bag``/``dataframe``:
a scan needs (1) values shared between series (critical values per sample length) computed once
and reused by many tasks, (2) rows persisted as soon as each batch finishes so a killed scan
resumes, and (3) a bounded number of batches in flight so memory stays flat for thousands of
series. ``Client.submit`` + ``as_completed`` give all three directly.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bubblescope.errors import InputError
from bubblescope.scan._rows import BatchOutcome, Work, _Item, batches, make_shared, message, run_batch
from bubblescope.scan._tests import ScanTest

Sink = Callable[[BatchOutcome], None]


def _run_batch_remote(items: Sequence[_Item], tests: Sequence[ScanTest],
                      options: Mapping[str, Mapping[str, Any]], shared_keys: Sequence[tuple[str, Any]],
                      *shared_values: Any) -> list[dict[str, Any]]:
    # shared values arrive as positional futures (resolved by Dask) so each is sent once per worker
    return run_batch(items, tests, options, dict(zip(shared_keys, shared_values, strict=True)))


#: hard limit in seconds on connecting to a scheduler address (``Client``'s own timeout does not fire
#: when the port accepts the connection but never answers the handshake).
CONNECT_DEADLINE = 15.0


def _connect(address: str, deadline: float) -> Any:
    """``Client(address)`` in a helper thread, abandoned after ``deadline`` seconds (InputError)."""
    import threading

    from dask.distributed import Client

    box: dict[str, Any] = {}

    def attempt() -> None:
        try:
            box["client"] = Client(address, timeout=f"{max(1.0, deadline - 5):g}s")
        except BaseException as exc:  # reported below, in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=attempt, name="bubblescope-dask-connect", daemon=True)
    worker.start()
    worker.join(deadline)
    if "client" in box:
        return box["client"]
    if worker.is_alive():
        raise InputError(f"cannot connect to Dask scheduler {address}: no answer within {deadline:g} s")
    exc = box.get("error")
    if isinstance(exc, (OSError, TimeoutError, ValueError)):  # refused/timed out; ValueError: bad address
        raise InputError(f"cannot connect to Dask scheduler {address}: {message(exc)}") from None
    raise exc if exc is not None else InputError(f"cannot connect to Dask scheduler {address}")


def open_client(client: Any, workers: int | None, threads_per_worker: int) -> tuple[Any, Any, bool]:
    """(client, cluster_to_close, client_is_ours)."""
    from dask.distributed import Client, LocalCluster

    if isinstance(client, Client):
        return client, None, False
    if isinstance(client, str):
        return _connect(client, CONNECT_DEADLINE), None, True
    if workers:
        n = workers
    elif hasattr(os, "sched_getaffinity"):
        n = len(os.sched_getaffinity(0))
    else:  # pragma: no cover - macOS/Windows
        n = os.cpu_count() or 1
    cluster = LocalCluster(n_workers=n, threads_per_worker=threads_per_worker, processes=True,
                           host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster, True


def run_on_dask(client: Any, workers: int | None, threads_per_worker: int, batch_size: int | None,
                pending: list[_Item], work: Work, sink: Sink) -> int:
    """Compute ``pending`` on a Dask cluster (``client`` as in :func:`bubblescope.scan.scan`), passing
    each finished batch to ``sink``; return the number of workers."""
    dclient, cluster, ours = open_client(client, workers, threads_per_worker)
    try:
        n_threads = max(1, sum(dclient.nthreads().values()))
        n_workers = len(dclient.nthreads())
        size = batch_size or max(1, min(32, math.ceil(len(pending) / (4 * n_threads))))
        _run(dclient, batches(pending, size), work, work.shared_needed(pending), sink, max_in_flight=2 * n_threads)
        return n_workers
    finally:
        if ours:
            dclient.close()
        if cluster is not None:
            cluster.close()


def _run(client: Any, todo: list[list[_Item]], work: Work, shared_needed: Sequence[tuple[str, Any]], sink: Sink,
         max_in_flight: int) -> None:
    from dask.distributed import as_completed

    shared_futs = {
        (tn, k): client.submit(make_shared, work.test(tn), k, work.options[tn], work.shared_seed(tn, k), pure=False)
        for tn, k in shared_needed
    }
    queue = list(reversed(todo))
    running: dict[Any, list[_Item]] = {}

    def submit_next() -> Any:
        batch = queue.pop()
        keys = sorted({(t.name, it.keys[t.name]) for it in batch for t in work.tests
                       if (t.name, it.keys.get(t.name)) in shared_futs}, key=repr)
        # the batch travels with its task (≤ MAX_BATCH_BYTES); no scatter, which fails while a
        # worker is being replaced
        fut = client.submit(_run_batch_remote, batch, work.tests, work.options, keys,
                            *[shared_futs[k] for k in keys], pure=False)
        running[fut] = batch
        return fut

    ac = as_completed([submit_next() for _ in range(min(max_in_flight, len(queue)))])
    try:
        for fut in ac:
            batch = running.pop(fut)
            try:
                outcome = BatchOutcome(fut.result())
            except Exception as exc:  # a worker died or the batch could not run: error rows, retried next run
                outcome = BatchOutcome.lost(batch, message(exc))
            sink(outcome)
            if queue:
                ac.add(submit_next())
    finally:
        if running:
            client.cancel(list(running))
        client.cancel(list(shared_futs.values()))
