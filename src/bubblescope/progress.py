"""Progress reporting without printing: long work calls ``progress(stage, done, total)``; the caller renders.

Analysis and orchestration functions that run long (Monte Carlo critical values, LPPLS grids, the
scan, the backtest, the report) accept an optional ``progress`` argument of type :data:`ProgressFn`
and call it as they go:

* ``stage`` — a short sentence naming what runs now (``"PSY critical values"``, ``"lppls on ^IXIC"``);
* ``done`` — units of work finished so far, across the whole job (0 before the first one);
* ``total`` — the number of units the job has, or ``None`` when it is not known in advance.

Calling it is all a function does: no printing, no timing, no I/O, so analysis stays pure. The
command line renders the calls (``bubblescope.cli._progress``: a rich bar on a terminal, one line per
stage on stderr otherwise, and a time estimate once the first units show the job is long); a
notebook user can pass any function, e.g. ``lambda stage, done, total: print(stage, done, total)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

#: ``progress(stage, done, total)``; ``total`` is ``None`` when unknown.
ProgressFn = Callable[[str, int, "int | None"], None]

T = TypeVar("T")


def silent(stage: str, done: int, total: int | None) -> None:
    """The default: report nothing."""


def counted(progress: ProgressFn | None, total: int | None = None) -> Callable[[str], None]:
    """A ``say(stage)`` function for step-by-step code: each call reports that stage as the next unit.

    ``say("gauges")`` calls ``progress("gauges", k, total)`` with ``k`` the number of earlier calls (the
    units finished before this stage starts).
    """
    fn = progress or silent
    count = [0]

    def say(stage: str) -> None:
        fn(stage, count[0], total)
        count[0] += 1

    return say


def track(items: Iterable[T], stage: Callable[[T], str], progress: ProgressFn | None,
          total: int | None = None, start: int = 0) -> Iterator[T]:
    """Yield ``items``, reporting ``stage(item)`` before each one and the final count after the last.

    ``start`` units are counted as already done (e.g. work resumed from disk).
    """
    fn = progress or silent
    done = start
    last = ""
    for item in items:
        last = stage(item)
        fn(last, done, total)
        yield item
        done += 1
    if done > start:
        fn(last, done, total)
