"""``bubblescope monitor SERIES --monitor-from DATE`` (real-time PSY monitoring),
``bubblescope simulate DGP`` (seeded bubble processes to a CSV file) and
``bubblescope panel SERIES...`` (panel GSADF with a sieve bootstrap, optionally on Dask)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from bubblescope.cli._common import (
    DataDirOption,
    JsonOption,
    OfflineOption,
    console,
    fail,
    print_json,
    write_plot,
)


def register(app: typer.Typer) -> None:
    app.command("monitor")(monitor_command)
    app.command("simulate")(simulate_command)
    app.command("panel")(panel_command)


def monitor_command(
    series: str = typer.Argument(..., help="CSV path (date + value columns) or a data-layer symbol."),
    monitor_from: str | None = typer.Option(None, "--monitor-from",
                                            help="First monitored date (YYYY-MM-DD); earlier dates train."),
    train: int | None = typer.Option(None, "--train", help="Training observations (instead of --monitor-from)."),
    data_dir: Path | None = DataDirOption,
    offline: bool = OfflineOption,
    date_col: str | None = typer.Option(None, "--date-col", help="Date column of the CSV."),
    value_col: str | None = typer.Option(None, "--value-col", help="Value column of the CSV."),
    window: int | None = typer.Option(None, "--window", help="Minimum window in rows (default: PSY rule on the training sample)."),
    lag: int = typer.Option(0, "--lag", help="ADF lag order."),
    horizon: int | None = typer.Option(None, "--horizon", help="Family-wise horizon in observations (default: to the end)."),
    alpha: float = typer.Option(0.95, "--alpha", help="Quantile of the bootstrap boundary."),
    reps: int = typer.Option(199, "--reps", help="Wild-bootstrap replications."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the bootstrap."),
    persist: int = typer.Option(1, "--persist", help="Observations above the boundary needed for an alarm."),
    no_log: bool = typer.Option(False, "--no-log", help="Analyse the values as given instead of their log."),
    json_out: bool = JsonOption,
    plot: Path | None = typer.Option(None, "--plot", help="Write an interactive chart to FILE.html."),
) -> None:
    """Real-time PSY monitoring: first alarm after a training sample, against a wild-bootstrap boundary."""
    from bubblescope.data import api as data_api
    from bubblescope.detect.monitor import monitor

    if plot is not None and plot.suffix.lower() not in (".html", ".htm"):
        fail(f"--plot must name an .html file, got {plot}")
    s = data_api.get_series(series, data_dir=data_dir, offline=offline, date_col=date_col, value_col=value_col)
    res = monitor(s, train=train, monitor_from=monitor_from, min_window=window, lag=lag, horizon=horizon,
                  alpha=alpha, reps=reps, seed=seed, log=not no_log, persist=persist)
    if plot is not None:
        write_plot(res.plot(), plot)
    if json_out:
        print_json({"series": str(series), **res.to_dict()})
        return
    console.print(res.summary(), markup=False, highlight=False)
    t = Table(title="Monitored observations above the boundary")
    for col in ("date", "BSADF", "boundary"):
        t.add_column(col, justify="left" if col == "date" else "right")
    above = res.to_frame()
    above = above[above["bsadf"] > res.boundary]
    for r in above.head(20).itertuples():
        t.add_row(str(r.date.date()) if hasattr(r.date, "date") else str(r.date), f"{r.bsadf:.3f}",
                  f"{r.boundary:.3f}")
    console.print(t)


def simulate_command(
    dgp: str = typer.Argument(..., help="psy1, psy2, blanchard, evans or volshift."),
    n_obs: int = typer.Option(200, "--obs", help="Observations per path."),
    paths: int = typer.Option(1, "--paths", help="Number of paths."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    param: list[str] = typer.Option([], "--param", help="A DGP parameter as NAME=NUMBER (repeatable)."),
    out: Path | None = typer.Option(None, "--out", help="Write the paths to FILE.csv (one column per path)."),
    json_out: bool = JsonOption,
) -> None:
    """Simulate seeded bubble processes (PSY one/two bubbles, Blanchard, Evans, variance shift)."""
    from bubblescope.detect.simulate import simulate

    params: dict[str, float | int] = {}
    for item in param:
        name, sep, value = item.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = None
        if not sep or number is None:
            fail(f"--param must look like NAME=NUMBER, got {item!r}")
            return
        params[name.strip()] = int(number) if number.is_integer() and "." not in value else number
    res = simulate(dgp, n_obs, n_paths=paths, seed=seed, **params)
    if out is not None:
        res.to_frame().to_csv(out, index_label="obs")
    if json_out:
        print_json(res.to_dict())
        return
    console.print(res.summary(), markup=False, highlight=False)
    if out is not None:
        console.print(f"paths written to {out}", markup=False, highlight=False)


def panel_command(
    series: list[str] = typer.Argument(None, help="Two or more CSV paths or data-layer symbols."),
    symbols: Path | None = typer.Option(None, "--symbols", dir_okay=False,
                                        help="A scan symbols file (one symbol or CSV path per line) instead."),
    monthly: bool = typer.Option(False, "--monthly", help="Use month-end values (keeps the O(T²) statistic fast)."),
    data_dir: Path | None = DataDirOption,
    offline: bool = OfflineOption,
    start: str | None = typer.Option(None, "--start", help="First date to use (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--end", help="Last date to use (YYYY-MM-DD)."),
    align: str = typer.Option("strict", "--align",
                              help="strict: every series on the same dates (else exit 2); inner: common dates."),
    window: int | None = typer.Option(None, "--window", help="Minimum window in rows."),
    lag: int = typer.Option(0, "--lag", help="ADF lag order."),
    reps: int = typer.Option(499, "--reps", help="Sieve-bootstrap replications."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the bootstrap."),
    alpha: float = typer.Option(0.95, "--alpha", help="Quantile of the critical values."),
    workers: int = typer.Option(0, "--workers", help="Run the bootstrap on a local Dask cluster of N workers."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Run the bootstrap on this Dask scheduler (tcp://host:port)."),
    no_log: bool = typer.Option(False, "--no-log", help="Analyse the values as given instead of their log."),
    json_out: bool = JsonOption,
) -> None:
    """Panel GSADF (Pavlidis et al. 2016): is the group of series explosive as a whole?"""
    from bubblescope.data import api as data_api
    from bubblescope.detect.panel import panel_gsadf

    names: dict[str, str] = {str(s): str(s) for s in series or []}
    if symbols is not None:
        from bubblescope.cli.scan import read_symbols_file

        names.update(read_symbols_file(symbols))
    if len(names) < 2:
        fail("a panel needs at least two series")
    data = {}
    for name, ref in names.items():
        s = data_api.get_series(ref, data_dir=data_dir, offline=offline, start=start, end=end)
        data[name] = s.resample("ME").last().dropna() if monthly else s
    kw = {"min_window": window, "lag": lag, "reps": reps, "seed": seed, "alpha": alpha, "align": align,
          "log": not no_log}
    if scheduler is not None:
        from dask.distributed import Client

        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            fail(f"cannot connect to Dask scheduler {scheduler}: {exc}")
            return
        with client:
            res = panel_gsadf(data, client=client, **kw)  # type: ignore[arg-type]
    elif workers > 0:
        from dask.distributed import Client, LocalCluster

        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            res = panel_gsadf(data, client=client, **kw)  # type: ignore[arg-type]
    else:
        res = panel_gsadf(data, **kw)  # type: ignore[arg-type]
    if json_out:
        print_json(res.to_dict())
        return
    console.print(res.summary(), markup=False, highlight=False)
