"""Scan many series at once for bubbles, on Dask.

``scan(symbols | frame | {name: series}, tests=("psy", "lppls", "gauges"), as_of=None, client=None,
out=None, seed=0)`` returns a :class:`ScanResult`: one row per series with the latest PSY BSADF
statistic against its critical value, whether the last date is in an explosive episode and when
that episode started, the LPPLS confidence and trust indicators (±) and median critical time, the
run-up and 2σ gauges, and an ``error`` column (a failing series is an error row, never a crashed
scan). ``scan_universe(...)`` is the clean scan: one row per instrument (copies from several
folders spliced, the sources listed), bubble tests on prices only, stale series listed but not
ranked (see ``bubblescope.scan._universe``). Tests are pluggable (:func:`register_test`); the engine is ``dask.distributed`` (a local
cluster by default, or any scheduler); rows stream to Parquet so an interrupted scan resumes.
"""

from __future__ import annotations

from bubblescope.scan._clean import scan_universe
from bubblescope.scan._engine import DEFAULT_TESTS, data_hash, derive_seed, run_batch, scan
from bubblescope.scan._result import ScanResult
from bubblescope.scan._tests import DEFAULT_OPTIONS, ScanTest, available_tests, get_test, register_test

__all__ = [
    "DEFAULT_OPTIONS",
    "DEFAULT_TESTS",
    "ScanResult",
    "ScanTest",
    "available_tests",
    "data_hash",
    "derive_seed",
    "get_test",
    "register_test",
    "run_batch",
    "scan",
    "scan_universe",
]
