"""Progress (issue 21, point 6): long work calls progress(stage, done, total); the CLI renders it."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from bubblescope.cli._progress import ProgressReporter, fmt_duration
from bubblescope.progress import counted, track


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def _reporter(clock: Clock, **kw) -> tuple[ProgressReporter, io.StringIO]:
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=False, width=200)
    return ProgressReporter("job", console=con, clock=clock, **kw), buf


def test_counted_and_track_report_each_stage_in_order() -> None:
    seen: list[tuple[str, int, int | None]] = []
    say = counted(lambda *a: seen.append(a), total=2)
    say("a")
    say("b")
    assert seen == [("a", 0, 2), ("b", 1, 2)]
    seen.clear()
    assert list(track([1, 2, 3], lambda i: f"item {i}", lambda *a: seen.append(a), total=3)) == [1, 2, 3]
    assert seen == [("item 1", 0, 3), ("item 2", 1, 3), ("item 3", 2, 3), ("item 3", 3, 3)]
    assert list(track([1], str, None)) == [1]  # no callback: silent


def test_pipe_gets_one_line_per_stage_and_an_estimate_for_long_work() -> None:
    clock = Clock()
    rep, buf = _reporter(clock)
    with rep:
        rep("PSY critical values", 0, None)  # set-up: not a counted step
        clock.t += 30
        rep("psy on ^GSPC", 0, 40)
        for done in range(1, 5):
            clock.t += 2  # 2 s a step (8 s >= min_spent 5 s after a tenth): 40 steps project to 80 s > 20 s
            rep("psy on ^GSPC", done, 40)  # the same stage again: no new line (until a tenth is done)
    lines = buf.getvalue().splitlines()
    assert lines[0] == "job: PSY critical values (0 s elapsed)"
    assert lines[1] == "job: [0/40] psy on ^GSPC (30 s elapsed)"
    assert lines[2] == "job: [4/40] psy on ^GSPC (38 s elapsed)"  # a tenth of the steps
    assert lines[3] == "job: estimate (linear, steps differ in cost): about 1 min 12 s more for the remaining 36 of 40 steps (from 4 steps in 8 s)"
    assert lines[4] == "job: finished in 38 s"
    assert len(lines) == 5


def test_short_work_gets_no_estimate_and_tenths_are_reported() -> None:
    clock = Clock()
    rep, buf = _reporter(clock)
    with rep:
        for done in range(0, 21):
            rep("scan", done, 20)
            clock.t += 0.1
    lines = buf.getvalue().splitlines()
    assert not any("estimate" in ln for ln in lines)
    assert len(lines) == 12  # the stage's first line, one at each further tenth (2, 4, ..., 20), finished
    assert lines[-2].startswith("job: [20/20] scan")


def test_no_estimate_from_instant_steps() -> None:
    clock = Clock()
    rep, buf = _reporter(clock)
    with rep:
        rep("setup", 0, None)
        clock.t += 60  # long set-up, then instant steps: no rate to extrapolate
        for done in range(0, 10):
            rep("fast", done, 40)
    assert "estimate" not in buf.getvalue()


def test_disabled_reporter_prints_nothing() -> None:
    rep, buf = _reporter(Clock(), enabled=False)
    with rep:
        rep("x", 0, 1)
    assert buf.getvalue() == ""


def test_fmt_duration() -> None:
    assert [fmt_duration(x) for x in (0.4, 59, 61, 3600 + 120)] == ["0 s", "59 s", "1 min 1 s", "1 h 2 min"]


def test_backtest_reports_every_step_with_one_total() -> None:
    from bubblescope.backtest import load_catalogue
    from bubblescope.backtest.runner import run_backtest

    idx = pd.bdate_range("1994-01-03", "2003-12-31")
    rng = np.random.default_rng(1)
    price = pd.Series(100 * np.exp(np.cumsum(rng.normal(0.0003, 0.01, len(idx)))), index=idx)
    seen: list[tuple[str, int, int | None]] = []
    run_backtest({"^IXIC": price}, load_catalogue(), signals=["gsy-runup", "gmo-2sigma"],
                 progress=lambda *a: seen.append(a))
    assert {t for _, _, t in seen} == {2}  # no PSY signal: no set-up step
    assert [d for _, d, _ in seen] == [0, 1, 2]
    assert [s for s, _, _ in seen] == ["gsy-runup on ^IXIC", "gmo-2sigma on ^IXIC", "scoring the signals"]


def test_scan_cli_reports_progress_on_stderr_in_a_pipe(cli, tmp_path) -> None:
    idx = pd.bdate_range("2015-01-01", periods=400)
    for name in ("a", "b"):
        pd.DataFrame({"date": idx, "close": np.linspace(10, 20, len(idx))}).to_csv(tmp_path / f"{name}.csv",
                                                                                      index=False)
    r = cli("scan", "--data-dir", tmp_path, "--tests", "gauges", "--scheduler", "serial")
    assert r.code == 0, r
    assert "scan: [0/2] gauges on 2 series" in r.err
    assert "scan: finished in" in r.err


@pytest.mark.parametrize("argv", [("scan", "--tests", "gauges")])
def test_bad_arguments_print_no_progress(cli, argv) -> None:
    r = cli(*argv)
    assert r.code == 2 and "scan:" not in r.err


def test_backtest_psy_table_reports_its_replications() -> None:
    from bubblescope.backtest import load_catalogue
    from bubblescope.backtest.runner import run_backtest
    from bubblescope.backtest.signals import BacktestSettings

    idx = pd.bdate_range("1994-01-03", "2003-12-31")
    rng = np.random.default_rng(2)
    price = pd.Series(100 * np.exp(np.cumsum(rng.normal(0.0003, 0.01, len(idx)))), index=idx)
    seen: list[tuple[str, int, int | None]] = []
    run_backtest({"^IXIC": price}, load_catalogue(), signals=["psy-mc"],
                 settings=BacktestSettings(psy_reps=40, psy_table_months=130), progress=lambda *a: seen.append(a))
    table = [(d, t) for s, d, t in seen if s.startswith("PSY critical values")]
    assert table[0] == (0, None) and table[-1] == (40, 40)  # set-up first, then its replications
    assert [d for d, _ in table[1:]] == sorted(d for d, _ in table[1:])
    assert seen[-1] == ("scoring the signals", 1, 1)
