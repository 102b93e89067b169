"""``bubblescope psy SERIES``: PSY explosive-root tests and date stamping on one series."""

from __future__ import annotations

from pathlib import Path

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
    window: int | None = typer.Option(None, "--window", help="Minimum window (default floor((0.01+1.8/√T)·T))."),
    convention: str = typer.Option("exuber", "--convention",
                                   help="exuber: window counts regression rows; psymonitor: level observations."),
    lag: int = typer.Option(0, "--lag", help="ADF lag order (fixed)."),
    ic: str | None = typer.Option(None, "--ic", help="Choose the lag per window by aic or bic (up to --max-lag)."),
    max_lag: int = typer.Option(6, "--max-lag", help="Largest lag tried with --ic."),
    cv: str = typer.Option("mc-sadf", "--cv", help="Critical values: mc-sadf (default), mc, or wild."),
    reps: int | None = typer.Option(None, "--reps", help="Replications (default 2000 MC, 999 wild)."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the simulation."),
    alpha: float = typer.Option(0.95, "--alpha", help="Quantile of the critical values (0.90/0.95/0.99)."),
    horizon: int = typer.Option(24, "--horizon", help="Wild bootstrap: family-wise horizon in observations."),
    no_log: bool = typer.Option(False, "--no-log", help="Analyse the values as given instead of their log."),
    min_duration: int | None = typer.Option(None, "--min-duration", help="Minimum episode length (obs); default round(log T)."),
    stamp_rule: str = typer.Option("psy", "--stamp-rule", help="psy (PSY 2015) or crossing (runs above the CV)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Recompute critical values instead of using the cache."),
    json_out: bool = JsonOption,
    plot: Path | None = typer.Option(None, "--plot", help="Write an interactive chart to FILE.html."),
) -> None:
    """Phillips–Shi–Yu SADF/GSADF/BSADF tests with critical values and bubble date stamps."""
    from bubblescope.data import api as data_api
    from bubblescope.detect import cvcache
    from bubblescope.detect.psy import CV_METHODS, psy, quantile_levels

    if cv not in CV_METHODS:
        fail(f"--cv must be one of {', '.join(CV_METHODS)}, got {cv!r}")
    if plot is not None and plot.suffix.lower() not in (".html", ".htm"):
        fail(f"--plot must name an .html file, got {plot}")
    s = data_api.get_series(series, data_dir=data_dir, offline=offline, date_col=date_col, value_col=value_col,
                            start=start, end=end)
    log = not no_log
    levels = quantile_levels(alpha) if 0 < alpha < 1 else None
    if levels is None:
        fail(f"--alpha must lie strictly between 0 and 1, got {alpha}")
    common = {"min_window": window, "lag": lag, "ic": ic, "max_lag": max_lag, "convention": convention}

    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=json_out) as bar:
        task = bar.add_task("simulating critical values", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        if cv == "wild":
            table = cvcache.cached_wild_bootstrap_cv(s, **common, horizon=horizon, reps=reps or 999, seed=seed,
                                                     levels=levels, log=log, progress=progress, refresh=no_cache)
        else:
            table = cvcache.cached_critical_values_mc(len(s), **common, reps=reps or 2000, seed=seed,
                                                      levels=levels, progress=progress, refresh=no_cache)
    res = psy(s, **common, cv=cv, alpha=alpha, horizon=horizon, log=log, min_duration=min_duration,
              stamp_rule=stamp_rule, seed=seed, critical_values=table)

    if plot is not None:
        write_plot(res.plot(), plot)
    if json_out:
        print_json({"series": str(series), **res.to_dict()})
        return

    t = Table(title=f"PSY explosive-root tests: {series}")
    t.add_column("statistic")
    t.add_column("value", justify="right")
    t.add_column(f"{alpha:g} critical value", justify="right")
    t.add_row("ADF (full sample)", f"{res.adf:.4f}",
              f"{table.adf[alpha]:.4f}" if cv != "wild" else "–")
    t.add_row("SADF", f"{res.sadf:.4f}", f"{res.sadf_cv:.4f}" if res.sadf_cv is not None else "–")
    t.add_row("GSADF", f"{res.gsadf:.4f}", f"{res.gsadf_cv:.4f}" if res.gsadf_cv is not None else "–")
    t.add_row("BSADF (last date)", f"{res.bsadf.iloc[-1]:.4f}", f"{res.cv.iloc[-1]:.4f}")
    console.print(t)
    p = res.params
    console.print(
        f"{p['n_obs']} obs {p['first']} .. {p['last']}; window {p['rows']} regression rows"
        f" ({p['convention']}), {'lag ' + str(p['lag']) if p['ic'] is None else 'lag by ' + p['ic']};"
        f" critical values: {res.cv.name} ({table.params.get('reps')} reps, seed {table.params.get('seed')})",
        markup=False, highlight=False)
    e = Table(title=f"Episodes ({p['stamp_rule']} rule, minimum {p['min_duration']} obs)")
    for col in ("start", "peak", "end", "duration", "peak BSADF"):
        e.add_column(col, justify="right" if col in ("duration", "peak BSADF") else "left")
    for r in res.episodes.itertuples():
        e.add_row(str(r.start.date()) if hasattr(r.start, "date") else str(r.start),
                  str(r.peak.date()) if hasattr(r.peak, "date") else str(r.peak),
                  "ongoing" if r.ongoing else (str(r.end.date()) if hasattr(r.end, "date") else str(r.end)),
                  str(r.duration), f"{r.peak_stat:.3f}")
    console.print(e)
    if plot is not None:
        console.print(f"chart written to {plot}", markup=False, highlight=False)
