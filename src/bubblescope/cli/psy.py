"""``bubblescope psy SERIES``: PSY explosive-root tests and date stamping on one series."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bubblescope.cli._common import (
    DataDirOption,
    JsonOption,
    OfflineOption,
    console,
    err_console,
    fail,
    print_json,
    write_plot,
)

if TYPE_CHECKING:
    import pandas as pd

    from bubblescope.detect.psy import PSYResult
    from bubblescope.detect.psy_spec import PSYSpec


def register(app: typer.Typer) -> None:
    app.command("psy")(psy_command)


def psy_command(
    series: str = typer.Argument(..., help="CSV path (date + value columns) or a data-layer symbol."),
    data_dir: Path | None = DataDirOption,
    offline: bool = OfflineOption,
    date_col: str | None = typer.Option(None, "--date-col", help="Date column of the CSV."),
    value_col: str | None = typer.Option(None, "--value-col", help="Value column of the CSV."),
    start: str | None = typer.Option(None, "--start", help="First date to use (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--end", help="Last date to use (YYYY-MM-DD)."),
    window: float | None = typer.Option(
        None, "--window", help="Minimum window: a count, or a fraction of the sample in (0, 1) (default floor((0.01+1.8/√T)·T))."),
    convention: str = typer.Option("exuber", "--convention",
                                   help="exuber: window counts regression rows; psymonitor: level observations."),
    lag: int | None = typer.Option(None, "--lag", help="Fixed ADF lag order (default: chosen per window by BIC)."),
    ic: str | None = typer.Option(None, "--ic", help="Choose the lag per window by aic or bic (the default is bic)."),
    max_lag: int | None = typer.Option(None, "--max-lag", help="Largest lag tried by the criterion (default floor(4·(T/100)^¼))."),
    frequency: str = typer.Option("auto", "--frequency",
                                  help="auto (daily input → month-end closes over 10+ years, else Fridays), asis, or ME/W-FRI/QE."),
    cv: str | None = typer.Option(None, "--cv", help="Critical values: rs (response surfaces; the default with lag 0 or BIC), mc-sadf (exact simulation; the default with --lag 1 or more), mc, or wild."),
    reps: int | None = typer.Option(None, "--reps", help="Replications (default 2000 MC, 999 wild)."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the simulation."),
    size: float | None = typer.Option(None, "--size", help="Size of the test (default 0.05: the 95% critical values)."),
    alpha: float | None = typer.Option(None, "--alpha", hidden=True, help="Deprecated: the quantile (0.95); use --size."),
    horizon: int = typer.Option(24, "--horizon", help="Wild bootstrap: family-wise horizon in observations."),
    no_log: bool = typer.Option(False, "--no-log", help="Analyse the values as given instead of their log."),
    min_duration: int | None = typer.Option(None, "--min-duration", help="Minimum episode length (obs); default round(log T)."),
    stamp_rule: str = typer.Option("psy", "--stamp-rule", help="psy (PSY 2015) or crossing (runs above the CV)."),
    stamp_stat: str = typer.Option("bsadf", "--stamp-stat", help="bsadf (PSY 2015) or badf (PWY 2011 SADF dating)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Recompute critical values instead of using the cache."),
    json_out: bool = JsonOption,
    plot: Path | None = typer.Option(None, "--plot", help="Write an interactive chart to FILE.html."),
    monitor_from: str | None = typer.Option(None, "--monitor-from", help="Also monitor in real time from this "
                                            "date (earlier dates train; Phillips-Shi bootstrap boundary)."),
) -> None:
    """Phillips–Shi–Yu SADF/GSADF/BSADF tests with critical values and bubble date stamps."""
    from bubblescope.data import api as data_api
    from bubblescope.detect.psy import psy
    from bubblescope.detect.psy_spec import CV_METHODS, PSYSpec

    if cv is not None and cv not in CV_METHODS:
        fail(f"--cv must be one of {', '.join(CV_METHODS)}, got {cv!r}")
    if plot is not None and plot.suffix.lower() not in (".html", ".htm"):
        fail(f"--plot must name an .html file, got {plot}")
    if size is not None and alpha is not None:
        fail("give --size (0.05 for a 5% test) or the deprecated --alpha quantile, not both")
    if alpha is not None and not 0 < alpha < 1:
        fail(f"--alpha must lie strictly between 0 and 1, got {alpha}")
    w: int | float | None = int(window) if window is not None and window >= 1 and window.is_integer() else window
    spec = PSYSpec(min_window=w, convention=convention, lag=lag, ic=ic, max_lag=max_lag,  # type: ignore[arg-type]
                   frequency=None if frequency == "asis" else frequency,
                   log=not no_log, cv=cv, reps=reps, seed=seed,  # type: ignore[arg-type]
                   size=size if size is not None else (round(1 - alpha, 12) if alpha is not None else 0.05),
                   horizon=horizon, stamp_rule=stamp_rule, min_duration=min_duration,  # type: ignore[arg-type]
                   stamp_stat=stamp_stat)  # type: ignore[arg-type]
    s = data_api.get_series(series, data_dir=data_dir, offline=offline, date_col=date_col, value_col=value_col,
                            start=start, end=end)
    table = _critical_values(s, spec, refresh=no_cache, quiet=json_out)
    res = psy(s, spec, critical_values=table)
    if plot is not None:
        write_plot(res.plot(), plot)
    mon = _monitor(res, monitor_from) if monitor_from is not None else None
    if json_out:
        out = {"series": str(series), **res.to_dict(), "episodes": _episodes_with_roots(res)}
        if mon is not None:
            out["monitor"] = mon.to_dict()
        print_json(out)
        return
    _print_result(series, res)
    if mon is not None:
        console.print(mon.summary(), markup=False, highlight=False)
    if plot is not None:
        console.print(f"chart written to {plot}", markup=False, highlight=False)


def _episodes_with_roots(res: PSYResult) -> Any:
    """The episodes with the explosive root, its Phillips-Magdalinos interval and the doubling time
    (detect.root; the deviation from the level before the episode when the series is in logs)."""
    from bubblescope.detect.root import with_roots
    from bubblescope.results import to_jsonable

    eps = with_roots(res.episodes, res.series, log=False, center="start" if res.spec.log else "none")
    return to_jsonable(eps.to_dict(orient="records"))


def _monitor(res: PSYResult, monitor_from: str) -> Any:
    """Real-time monitoring (detect.monitor) from ``monitor_from`` on the series the test analysed (its
    sampling and log), with the spec's seed; the window follows the PSY rule on the training sample."""
    from bubblescope.detect.monitor import monitor

    return monitor(res.series, monitor_from=monitor_from, log=False, seed=res.spec.seed)


def _critical_values(s: pd.Series, spec: PSYSpec, *, refresh: bool, quiet: bool) -> Any:
    """The spec's critical-value table from the disk cache, with a progress bar on stderr."""
    from bubblescope.detect import cvcache

    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=quiet) as bar:
        task = bar.add_task("simulating critical values", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return cvcache.cached_critical_values(s, spec, progress=progress, refresh=refresh)


def _cv_how(cvp: dict[str, Any]) -> str:
    if cvp.get("method") == "response surface":
        return "no simulation"
    return f"{cvp.get('reps')} reps, seed {cvp.get('seed')}"


def _day(v: Any) -> str:
    return str(v.date()) if hasattr(v, "date") else str(v)


def _num(v: float | None) -> str:
    return f"{v:.4f}" if v is not None else "–"


def _print_result(series: str, res: PSYResult) -> None:
    spec, p = res.spec, res.params
    t = Table(title=f"PSY explosive-root tests: {series}")
    t.add_column("statistic")
    t.add_column("value", justify="right")
    t.add_column(f"{res.level:g} critical value", justify="right")
    t.add_row("ADF (full sample)", f"{res.adf:.4f}", _num(res.adf_cv))
    t.add_row("SADF", f"{res.sadf:.4f}", _num(res.sadf_cv))
    t.add_row("GSADF", f"{res.gsadf:.4f}", _num(res.gsadf_cv))
    t.add_row(f"{str(res.stamped.name).upper()} (last date)", f"{res.stamped.iloc[-1]:.4f}", f"{res.cv.iloc[-1]:.4f}")
    console.print(t)
    cvp = res.critical_values.params
    console.print(
        f"{p['n_obs']} obs {p['first']} .. {p['last']}; window {p['rows']} regression rows"
        f" ({spec.convention}), {'lag ' + str(spec.lag) if spec.criterion is None else 'lag by ' + spec.criterion.upper() + ' ≤ ' + str(p['max_lag'])};"
        f" critical values: {res.cv.name} ({_cv_how(cvp)}); {p['sampling']}",
        markup=False, highlight=False)
    console.print(f"spec: {spec.describe()}", markup=False, highlight=False)
    e = Table(title=f"Episodes ({spec.stamp_rule} rule, minimum {p['min_duration']} obs)",
              caption="obs: length; above: dates above the critical value (* = held open by the rule); "
                      "move: price change over the episode; peak: date of the highest BSADF")
    for col in ("kind", "start", "peak", "end", "obs", "above", "move"):
        left = col in ("kind", "start", "peak", "end")
        e.add_column(col, justify="left" if left else "right", no_wrap=True, min_width=10 if left and col != "kind" else None)
    for r in res.episodes.itertuples():
        e.add_row(r.kind, _day(r.start), _day(r.peak), "ongoing" if r.ongoing else _day(r.end), str(r.duration),
                  f"{r.above}" + ("*" if r.extended else ""), f"{r.change:+.1%}")
    console.print(e)
    for w in res.warnings:
        err_console.print(f"warning: {w}", markup=False, highlight=False)
