"""Renders ``progress(stage, done, total)`` calls (see :mod:`bubblescope.progress`) on stderr.

On a terminal: a transient rich bar (stage, done/total, elapsed, time left). Otherwise (a pipe, a
log file, CI): one line per stage, plus a line at every tenth of a known total, so a long job in a
pipe is never silent. On both, once a tenth of the counted steps (and at least ``min_spent`` seconds of them) project
the job to take more than ``estimate_after`` seconds (20), one line gives a linear estimate. Light imports only (stdlib, rich).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


def fmt_duration(seconds: float) -> str:
    """``42 s``, ``3 min 5 s``, ``1 h 2 min``."""
    s = max(0, round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {(s % 3600) // 60} min"


class ProgressReporter:
    """A ``ProgressFn`` for the command line; use as a context manager around the long call."""

    def __init__(self, label: str, *, console: Console | None = None, enabled: bool = True,
                 estimate_after: float = 20.0, min_spent: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.label = label
        self.console = console or Console(stderr=True)
        self.enabled = enabled
        self.estimate_after = estimate_after
        self.min_spent = min_spent
        self.clock = clock
        self.t0: float | None = None
        self.estimated = False
        self._stage = ""
        self._tenth = -1
        self._count = 0
        self._total: int | None = None
        self._since = 0.0
        self._done0 = 0
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    @property
    def terminal(self) -> bool:
        return self.console.is_terminal

    def __enter__(self) -> ProgressReporter:
        self.t0 = self.clock()
        return self

    def _start_bar(self) -> None:
        """The bar starts on the first report (after the arguments were checked), so that a bad-argument
        error is printed without a progress bar around it."""
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), TimeRemainingColumn(), console=self.console, transient=True)
        self._task = self._bar.add_task(self.label, total=None)
        self._bar.start()

    def __exit__(self, typ: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if self.enabled and not self.terminal and typ is None and self._stage:
            self._line(f"{self.label}: finished in {fmt_duration(self.elapsed)}")

    @property
    def elapsed(self) -> float:
        return 0.0 if self.t0 is None else self.clock() - self.t0

    def _line(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if self.t0 is None:
            self.t0 = self.clock()
        if self._bar is None and self.terminal:
            self._start_bar()
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, description=f"{self.label}: {stage}", completed=done, total=total)
        else:
            tenth = int(10 * done / total) if total else -1
            if stage != self._stage or tenth > self._tenth:
                count = f"[{done}/{total}] " if total else ""
                self._line(f"{self.label}: {count}{stage} ({fmt_duration(self.elapsed)} elapsed)")
            self._tenth = max(self._tenth, tenth)
        self._stage = stage
        self._estimate(done, total)

    def _estimate(self, done: int, total: int | None) -> None:
        """Extrapolate from the counted steps: timed from the first call with this total (set-up reported
        with ``total=None`` is not counted), once a tenth of them (at least one) is done."""
        if total != self._total:
            self._total, self._since, self._done0 = total, self.clock(), done
        counted = done - self._done0
        if self.estimated or not total or counted < max(1, (total - self._done0) // 10) or done >= total:
            return
        spent = self.clock() - self._since
        if spent < self.min_spent:
            return  # a rate from instant steps says nothing about the slow ones
        left = spent / counted * (total - done)
        if self.elapsed + left > self.estimate_after:
            self.estimated = True
            self._line(f"{self.label}: estimate (linear, steps differ in cost): about {fmt_duration(left)} more "
                       f"for the remaining "
                       f"{total - done} of {total} steps (from {counted} steps in {fmt_duration(spent)})")

    def message(self, stage: str) -> None:
        """For code that reports stage names only (``say("gauges")``): each call is the next unit."""
        self(stage, self._count, None)
        self._count += 1
