"""``bubblescope lppls SERIES``: one LPPLS fit, or the FCO confidence/trust indicators over dates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import typer
from rich import box
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from bubblescope.cli._common import (
    DataDirOption,
    JsonOption,
    OfflineOption,
    check_date_range,
    console,
    err_console,
    print_json,
    write_plot,
)
from bubblescope.errors import InputError

if TYPE_CHECKING:  # pandas and the LPPLS code load inside the command (`bubblescope --help` stays fast)
    import pandas as pd

    from bubblescope.detect.lppls import LPPLSFit, LPPLSIndicators, TimeMode


def lppls_command(
    series: str = typer.Argument(..., help="Price series: a CSV path (date + close columns) or a symbol."),
    indicators: bool = typer.Option(False, "--indicators", help="Compute confidence/trust over a date range instead of one fit."),
    start: str = typer.Option(None, "--start", help="Fit: window start date. Indicators: first end date."),
    end: str = typer.Option(None, "--end", help="Fit: window end date. Indicators: last end date."),
    filters: str = typer.Option("sornette2015", "--filters", help="Filter set: sornette2015, filimonov2013 or a YAML file."),
    resamples: int = typer.Option(100, "--resamples", help="Residual resamples per window for trust (0 = skip trust)."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (results do not depend on it)."),
    seed: int = typer.Option(0, "--seed", help="Seed for random starts and resampling."),
    time_mode: str = typer.Option("index", "--time", help="Fit time axis: index (observations) or years."),
    freq: str = typer.Option("auto", "--freq", help="Sampling frequency: auto, B (trading days), D (calendar days), W, M, Q or intraday."),
    null_paths: int = typer.Option(0, "--null-paths", help="Indicators: block-bootstrap null paths for p-values (0 = none; 200 is the documented setting)."),
    json_out: bool = JsonOption,
    plot: Path = typer.Option(None, "--plot", help="Write an interactive chart (HTML) to this file.", dir_okay=False),
    data_dir: Path = DataDirOption,
    offline: bool = OfflineOption,
) -> None:
    """LPPLS bubble fit (tc, m, ω, damping, oscillations) or FCO-style indicators."""
    from bubblescope.data import get_series
    from bubblescope.detect.lppls import load_filters

    if time_mode not in ("index", "years"):
        raise InputError(f"--time must be 'index' or 'years', got {time_mode!r}")
    if resamples < 0:
        raise InputError("--resamples must be >= 0")
    if null_paths and (not indicators or null_paths < 20):
        raise InputError("--null-paths needs --indicators and at least 20 paths")
    load_filters(filters)  # fail fast on a bad --filters
    t1, t2 = check_date_range(start, end)
    s = get_series(series, data_dir=data_dir, offline=offline)
    res: LPPLSFit | LPPLSIndicators
    if indicators:
        res = _run_indicators(s, t1, t2, filters, resamples, seed, workers, freq, null_paths, json_out)
    else:
        res = _run_fit(s, t1, t2, seed, cast("TimeMode", time_mode), filters, freq, json_out)
    if plot is not None:
        write_plot(res.plot(), plot)
        if not json_out:
            console.print(f"chart written to {plot}", markup=False, highlight=False)


def _run_fit(s: pd.Series, start: str | None, end: str | None, seed: int, time_mode: TimeMode, filters: str,
             freq: str, json_out: bool) -> LPPLSFit:
    from bubblescope.detect.lppls import fit

    res = fit(s, t1=start, t2=end, seed=seed, time=time_mode, filters=filters, freq=freq)
    if json_out:
        print_json(res.to_dict())
        return res
    console.print(_fit_table(res))
    if not res.qualified:
        console.print(f"No tc date: the fit does not qualify under the '{res.filters}' filters.", markup=False,
                      highlight=False)
        for r in res.reasons:
            console.print(f"  - {r}", markup=False, highlight=False)
    return res


def _fit_table(res: LPPLSFit) -> Table:
    t = Table(title="LPPLS fit")
    t.add_column("parameter")
    t.add_column("value", justify="right")
    unit = res.tc_unit
    rows = [
        ("window", f"{res.start.date()} → {res.end.date()}"),
        ("observations", f"{res.n} ({res.freq})"),
        ("bubble", res.bubble),
        ("qualified", f"yes ({res.filters})" if res.qualified else f"no ({res.filters})"),
        ("on a search bound", ", ".join(res.bounds_hit) or "none"),
        ("tc (date)", str(res.crash_date.date()) if res.crash_date is not None else "not shown (see below)"),
        (f"tc − t2 ({unit})", f"{res.tc - res.t2:.2f}"),
        ("m", f"{res.m:.4f}"), ("ω", f"{res.omega:.3f}"), ("A", f"{res.A:.4f}"), ("B", f"{res.B:.5g}"),
        ("C1", f"{res.C1:.5g}"), ("C2", f"{res.C2:.5g}"), ("damping", f"{res.damping:.3f}"),
        ("oscillations", f"{res.oscillations:.3f}"), ("mean rel. error", f"{res.rel_error:.2%}"),
        ("max rel. error", f"{res.rel_error_max:.2%}"), ("SSE (log price)", f"{res.sse:.5g}"),
    ]
    for k, v in rows:
        t.add_row(k, v)
    return t


def _run_indicators(s: pd.Series, start: str | None, end: str | None, filters: str, resamples: int, seed: int,
                    workers: int, freq: str, null_paths: int, json_out: bool) -> LPPLSIndicators:
    from bubblescope.detect.lppls import NullSpec, indicators

    with Progress(TextColumn("LPPLS"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, transient=True, disable=json_out) as prog:
        task = prog.add_task("fits", total=None)

        def _progress(done: int, total: int) -> None:
            prog.update(task, completed=done, total=total)

        res = indicators(s, start=start, end=end, filters=filters, n_resamples=resamples, seed=seed,
                         workers=workers, progress=_progress, freq=freq,
                         null=NullSpec(n_paths=null_paths, seed=seed) if null_paths else None)
    if json_out:
        print_json(res.to_dict())
    else:
        console.print(_indicators_table(res, seed))
        console.print(res.summary(), markup=False, highlight=False)
        console.print("tc 10–90% ranges and counts: --json", markup=False, highlight=False)
    return res


def _pct(v: Any) -> str:
    return "–" if v != v else f"{v:.0%}"  # NaN (trust not computed) → dash


def _indicators_table(res: LPPLSIndicators, seed: int) -> Table:
    f = res.to_frame()
    t = Table(title=f"LPPLS indicators ({res.filters.name}, {len(res.windows)} windows, seed {seed})")
    t.box = box.SIMPLE_HEAD
    for c in ("date", "price", "conf+", "conf−", "trust+", "trust−", "p (conf+)", "median tc"):
        t.add_column(c, justify="right", no_wrap=True)
    show = f if len(f) <= 40 else f.iloc[:: max(1, len(f) // 40)]
    for d, r in show.iterrows():
        tcm = "–" if r["tc_median"] is None or str(r["tc_median"]) == "NaT" else str(r["tc_median"].date())
        t.add_row(str(d.date()), f"{r['price']:.2f}", f"{r['pos_conf']:.0%}", f"{r['neg_conf']:.0%}",
                  _pct(r["pos_trust"]), _pct(r["neg_trust"]), "–" if r["p_value"] != r["p_value"] else f"{r['p_value']:.3f}",
                  tcm)
    return t


def register(app: typer.Typer) -> None:
    app.command("lppls")(lppls_command)
