"""``bubblescope scan``: run the bubble tests over many series on Dask, print a ranked table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from bubblescope.cli._common import (
    DataDirOption,
    JsonOption,
    OfflineOption,
    err_console,
    fail,
    print_json,
)
from bubblescope.cli._progress import ProgressReporter
from bubblescope.cli._table import ColumnsOption, FormatOption, TableOutput

_SUFFIXES = {".csv", ".txt"}


def read_symbols_file(path: Path) -> dict[str, str]:
    """Name → symbol or CSV path, one per line (``#`` starts a comment; blank lines ignored).

    A line that names an existing file relative to the symbols file's folder is read as that file;
    other lines are symbols for the data layer.
    """
    from bubblescope.fileio import check_size

    if not path.is_file():
        fail(f"symbols file not found: {path}")
    check_size(path, what="symbols file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read symbols file {path}: {exc}")
    out: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line in out:
            fail(f"{path}:{lineno}: {line!r} is listed twice")
        local = (path.parent / line) if not Path(line).is_absolute() else Path(line)
        out[line] = str(local) if local.is_file() else line
    if not out:
        fail(f"symbols file {path} lists no series")
    return out


def csvs_under(data_dir: Path) -> dict[str, str]:
    """Name (path relative to ``data_dir`` without suffix) → CSV path, for every CSV below it."""
    if not data_dir.is_dir():
        fail(f"data folder not found: {data_dir}")
    files = sorted(p for p in data_dir.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
    if not files:
        fail(f"no CSV files under {data_dir}")
    return {p.relative_to(data_dir).with_suffix("").as_posix(): str(p) for p in files}


def _fmt(value: Any, kind: str = "") -> str:
    import pandas as pd  # already loaded by the scan; not at module level, so `scan --help` stays fast

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, (bool,)) or kind == "bool":
        return "yes" if bool(value) else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


_TABLE_COLUMNS = (
    ("series", "series", ""), ("last_date", "last date", ""), ("flags", "flags", ""),
    ("psy_bsadf", "BSADF", ""), ("psy_cv", "CV 95%", ""), ("psy_in_episode", "explosive", "bool"),
    ("psy_episode_start", "since", ""), ("lppls_pos_conf", "LPPLS conf+", ""),
    ("lppls_pos_trust", "trust+", ""), ("lppls_neg_conf", "conf−", ""), ("lppls_neg_trust", "trust−", ""),
    ("lppls_tc", "median tc", ""), ("gauges_runup", "run-up", "bool"), ("gauges_2sigma", "2σ", "bool"),
    ("sources", "sources", ""), ("error", "error", ""),
)


def register(app: typer.Typer) -> None:
    @app.command("scan")
    def scan_cmd(
        symbols_file: Path = typer.Argument(
            None, help="Text file, one symbol or CSV path per line. Omit to scan every CSV under --data-dir.",
            dir_okay=False,
        ),
        data_dir: Path = DataDirOption,
        tests: str = typer.Option("psy,lppls,gauges", "--tests", help="Comma-separated scan tests."),
        scheduler: str = typer.Option(
            None, "--scheduler",
            help="Dask scheduler address (tcp://host:port); 'serial' computes in this process. "
                 "Default: a local cluster.",
        ),
        workers: int = typer.Option(None, "--workers", min=1, help="Local cluster worker processes (default: CPUs)."),
        out: Path = typer.Option(None, "--out", help="Parquet file to stream results to (resumes if present)."),
        as_of: str = typer.Option(None, "--as-of", help="Use data up to this date (YYYY-MM-DD)."),
        seed: int = typer.Option(0, "--seed", min=0, help="Seed of every random procedure."),
        batch_size: int = typer.Option(None, "--batch-size", min=1, help="Series per Dask task."),
        top: int = typer.Option(25, "--top", min=1, help="Rows of the ranked table to show."),
        stale_days: int = typer.Option(45, "--stale-days", min=0, help="A series whose last date is more "
                                       "than this many days before the scan's date is listed as stale, not ranked."),
        offline: bool = OfflineOption,
        json_out: bool = JsonOption,
        share: bool = typer.Option(False, "--share", help="Also compute the share of the ranked instruments "
                                   "in a bubble over time (monthly, real time; see docs/scan.md)."),
        share_plot: Path = typer.Option(None, "--share-plot", help="Write the bubble-share chart (HTML)."),
        fmt: str = FormatOption,
        columns: str = ColumnsOption,
    ) -> None:
        """Scan many series for bubbles (PSY, LPPLS, gauges) and rank them."""
        from bubblescope.scan import scan_universe

        out_t = TableOutput(fmt, columns)
        if symbols_file is not None:
            inputs: dict[str, str] = read_symbols_file(symbols_file)
        elif data_dir is not None:
            inputs = csvs_under(data_dir)
        else:
            fail("give a SYMBOLS_FILE or --data-dir DIR to scan")
        client: Any = scheduler
        with ProgressReporter("scan", console=err_console, enabled=not json_out) as bar:
            result = scan_universe(
                inputs, tests=tests, as_of=as_of, client=client, out=out, seed=seed, workers=workers,
                batch_size=batch_size, data_dir=data_dir, offline=offline, stale_days=stale_days,
                progress=lambda done, total: bar(f"{tests} on {total} series", done, total),
            )
        shares = _share(result, client, workers, seed, as_of) if share or share_plot else None
        if shares is not None and share_plot is not None:
            from bubblescope.cli._common import write_plot

            write_plot(shares.plot(), share_plot)
        if json_out:
            print_json({**result.to_dict(), **({"bubble_share": shares.to_dict()} if shares is not None else {})})
            return
        _print_scan(result, top, shares, out_t)


def _print_scan(result: Any, top: int, shares: Any, out_t: TableOutput) -> None:
    """The ranked table, the notes, the listed-not-ranked table, the summary and the bubble share."""
    ranked = result.ranked()
    table = Table(title=f"Bubble scan, ranked ({len(ranked)} series, top {min(top, len(ranked))})")
    cols = [(c, h, k) for c, h, k in _TABLE_COLUMNS if c in ranked.columns]
    for _, header, _ in cols:
        table.add_column(header, overflow="fold")
    for _, row in ranked.head(top).iterrows():
        table.add_row(*[_fmt(row[c], k) for c, _, k in cols])
    out_t.table(table)
    _print_notes(ranked, out_t)
    _print_unranked(result.unranked(), out_t)
    out_t.note(result.summary())
    if result.out:
        out_t.note(f"results: {result.out}")
    if shares is not None:
        out_t.note(shares.summary())
        out_t.note(f"definition: {shares.definition}")


def _print_notes(ranked: Any, out_t: TableOutput) -> None:
    """Why the explosive flag and the BSADF column disagree, where they do."""
    if "psy_note" not in ranked.columns:
        return
    for _, row in ranked[ranked["psy_note"].notna()].iterrows():
        out_t.note(f"note: {row['series']}: {row['psy_note']}")


def _print_unranked(rows: Any, out_t: TableOutput) -> None:
    if not len(rows):
        return
    table = Table(title=f"Listed, not ranked ({len(rows)} series)")
    for header in ("series", "class", "last date", "why", "sources"):
        table.add_column(header, overflow="fold")
    for _, row in rows.iterrows():
        table.add_row(str(row["series"]), _fmt(row.get("instrument_class")), _fmt(row.get("last_date")),
                      _fmt(row.get("not_ranked")), _fmt(row.get("sources")))
    out_t.table(table)


def _share(result: Any, client: Any, workers: Any, seed: int, as_of: Any) -> Any:
    """The bubble share of the scan's ranked instruments (None when there are none)."""
    from bubblescope.scan._clean import ranked_prices
    from bubblescope.scan.share import bubble_share

    prices = ranked_prices(result)
    if not prices:
        err_console.print("note: no ranked price instrument: no bubble share", markup=False, highlight=False)
        return None
    return bubble_share(prices, client=client, workers=workers, seed=seed, as_of=as_of)
