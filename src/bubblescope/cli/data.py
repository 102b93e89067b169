"""``bubblescope data …``: pull, list, show, import and clear cached market data.

Only the stdlib, typer and rich load at import; the data layer (pandas, duckdb, httpx) loads inside
each command, so ``bubblescope --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from bubblescope.cli._common import (
    DataDirOption,
    JsonOption,
    OfflineOption,
    check_date_range,
    command_group,
    console,
    print_json,
    write_plot,
)
from bubblescope.errors import BubblescopeError

if TYPE_CHECKING:
    import pandas as pd

    from bubblescope.data import Provenance, SeriesCache

CacheOption = typer.Option(None, "--cache", help="Cache file (default: $BUBBLESCOPE_CACHE or the user cache dir).",
                           dir_okay=False)
SourceOption = typer.Option(None, "--source", help="yahoo, fred, shiller, sec, finra, trends, local, package "
                                                   "or a registered source.")


def emit(t: Table) -> None:
    """Print a table (rich on a terminal, aligned plain text in a pipe); cli._table imported on use."""
    from bubblescope.cli._table import emit as _emit

    _emit(t)


def _cache(path: Path | None) -> SeriesCache:
    from bubblescope.data import SeriesCache

    return SeriesCache(path)


def register(app: typer.Typer) -> None:
    data = command_group(help="Market and macro data: download, cache, inspect.", no_args_is_help=True,
                         rich_markup_mode=None)
    app.add_typer(data, name="data")
    data.command("pull")(pull_cmd)
    data.command("list")(list_cmd)
    data.command("show")(show_cmd)
    data.command("import")(import_cmd)
    data.command("clear")(clear_cmd)
    data.command("repair")(repair_cmd)


def pull_cmd(
    symbols: list[str] = typer.Argument(..., help="Symbols, e.g. NVDA ^GSPC DGS10 CAPE fred:GDP."),
    source: str | None = SourceOption,
    cache: Path | None = CacheOption,
    json_out: bool = JsonOption,
) -> None:
    """Download symbols now and store them in the cache (a failure leaves the cached copy as it was)."""
    from bubblescope.data import pull

    store = _cache(cache)
    done: list[dict[str, Any]] = []
    failed: list[str] = []
    for sym in symbols:
        try:
            provs = pull(sym, source=source, cache=store)
        except BubblescopeError as exc:
            failed.append(str(exc))
            continue
        done.append({"symbol": sym, "source": provs[0].source, "fields": [p.quantity for p in provs],
                     "as_of": max((p.as_of or "") for p in provs), "url": provs[0].url})
    if json_out:
        print_json({"pulled": done, "failed": failed})
    elif done:
        t = Table("symbol", "source", "fields", "as of", "url")
        for d in done:
            t.add_row(d["symbol"], d["source"], str(len(d["fields"])), d["as_of"], d["url"] or "")
        emit(t)
    if failed:
        raise BubblescopeError(f"{failed[0]} ({len(failed)} of {len(symbols)} symbols failed)")


def list_cmd(cache: Path | None = CacheOption, json_out: bool = JsonOption) -> None:
    """List cached series with source, dates and staleness."""
    store = _cache(cache)
    rows = [{"source": e.source, "symbol": e.symbol, "field": e.field, "n": e.n,
             "as_of": e.as_of.date().isoformat() if e.as_of is not None else None,
             "fetched_at": e.fetched_at.isoformat(), "stale": e.is_stale(), "url": e.url} for e in store.entries()]
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print(f"cache {store.path} is empty", markup=False)
        return
    t = Table("source", "symbol", "field", "obs", "as of", "fetched (UTC)", "stale")
    for r in rows:
        t.add_row(r["source"], r["symbol"], r["field"], str(r["n"]), r["as_of"] or "", r["fetched_at"][:19],
                  "yes" if r["stale"] else "")
    emit(t)


def show_cmd(
    symbol: str = typer.Argument(..., help="Symbol or CSV path."),
    source: str | None = SourceOption,
    field: str | None = typer.Option(None, "--field", help="Column of a multi-column source (e.g. cape, close)."),
    start: str | None = typer.Option(None, "--start", help="First date (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--end", help="Last date (YYYY-MM-DD)."),
    rows: int = typer.Option(5, "--rows", min=0, help="Rows to show from each end."),
    data_dir: Path | None = DataDirOption,
    offline: bool = OfflineOption,
    drop_last_row: bool = typer.Option(False, "--drop-last-row", help="Drop the final row (intraday snapshot)."),
    refresh: bool = typer.Option(False, "--refresh", help="Download even if the cached copy is fresh."),
    cache: Path | None = CacheOption,
    plot: Path | None = typer.Option(None, "--plot", help="Write an HTML chart of the series here."),
    json_out: bool = JsonOption,
) -> None:
    """Show a series (from the data folder, cache, network or packaged data) and where it came from."""
    from bubblescope.data import get_series, provenance_of

    start, end = check_date_range(start, end)
    s = get_series(symbol, source=source, field=field, start=start, end=end, data_dir=data_dir, offline=offline,
                   cache=_cache(cache), drop_last_row=drop_last_row, refresh=refresh)
    prov = provenance_of(s)
    if plot is not None:
        _plot(s, prov, plot)
    if json_out:
        print_json({"symbol": str(s.name), "n": len(s), "first": s.index[0].date().isoformat(),
                    "last": s.index[-1].date().isoformat(), "provenance": prov.to_dict() if prov else None,
                    "head": {d.date().isoformat(): v for d, v in s.head(rows).items()},
                    "tail": {d.date().isoformat(): v for d, v in s.tail(rows).items()}})
        return
    if prov is not None:
        _print_provenance(prov)
    _print_values(s, rows)


def _plot(s: pd.Series, prov: Provenance | None, path: Path) -> None:
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=s.index, y=s.to_numpy(), mode="lines", name=str(s.name)))
    fig.update_layout(title=f"{s.name}", xaxis_title="date", yaxis_title=(prov.unit if prov and prov.unit else "value"))
    if prov is not None:
        fig.add_annotation(text=prov.line()[:200], xref="paper", yref="paper", x=0, y=-0.2, showarrow=False,
                           font={"size": 9})
    write_plot(fig, path)


def _print_provenance(prov: Provenance) -> None:
    console.print(prov.line(), markup=False, highlight=False, soft_wrap=True)
    for seg in prov.segments:
        scale = f" (scaled ×{seg.scale:.8g})" if abs(seg.scale - 1.0) > 1e-6 else ""
        console.print(f"  {seg.origin}: {seg.used_from} … {seg.used_to}{scale}"
                      f"{' (last row dropped)' if seg.dropped_last_row else ''}", markup=False, highlight=False)
    for note in prov.notes:
        console.print(f"  note: {note}", markup=False, highlight=False)


def _print_values(s: pd.Series, rows: int) -> None:
    """The first and last ``rows`` values (all of them when that is no fewer), then a count line."""
    t = Table("date", str(s.name))
    shown = s if len(s) <= 2 * rows else None
    for d, v in (shown.items() if shown is not None else s.head(rows).items()):
        t.add_row(d.date().isoformat(), f"{v:,.6g}")
    if shown is None and rows:
        t.add_row("…", "")
        for d, v in s.tail(rows).items():
            t.add_row(d.date().isoformat(), f"{v:,.6g}")
    emit(t)
    console.print(f"{len(s)} observations, {s.index[0].date()} … {s.index[-1].date()}", markup=False)


def import_cmd(
    folder: Path = typer.Argument(..., help="Folder of CSV files (yfinance, FRED, Date,Close …).",
                                  file_okay=False, dir_okay=True),
    drop_last_row: bool = typer.Option(False, "--drop-last-row", help="Drop each symbol's final row."),
    cache: Path | None = CacheOption,
    json_out: bool = JsonOption,
) -> None:
    """Load every symbol found in a CSV folder into the cache (source 'local'), in one transaction."""
    from bubblescope.data import import_folder

    if not folder.is_dir():
        raise BubblescopeError(f"data import: folder not found: {folder}")
    store = _cache(cache)
    provs = import_folder(folder, cache=store, drop_last_row=drop_last_row)
    if json_out:
        print_json([p.to_dict() for p in provs])
        return
    t = Table("symbol", "first", "as of", "files")
    for p in provs:
        t.add_row(p.symbol, p.segments[0].used_from if p.segments else "", p.as_of or "", str(len(p.files)))
    emit(t)
    console.print(f"imported {len(provs)} series into {store.path}", markup=False)


def clear_cmd(
    symbol: str | None = typer.Argument(None, help="Only this symbol (default: everything)."),
    source: str | None = SourceOption,
    yes: bool = typer.Option(False, "--yes", help="Required to clear the whole cache."),
    cache: Path | None = CacheOption,
) -> None:
    """Delete cached series."""
    if symbol is None and source is None and not yes:
        raise BubblescopeError("data clear: refusing to clear the whole cache without --yes")
    sym = symbol
    if symbol is not None:
        from bubblescope.data import resolve

        sym = resolve(symbol, source).symbol
    n = _cache(cache).clear(source=source, symbol=sym)
    console.print(f"removed {n} cached series", markup=False)


def repair_cmd(cache: Path | None = CacheOption) -> None:
    """Check the cache file; a corrupt one is moved aside (FILE.corrupt-<time>) so the next pull starts afresh."""
    store = _cache(cache)
    aside = store.repair()
    if aside is None:
        n = len(store.entries())
        console.print(f"cache {store.path} is readable ({n} series); nothing to repair", markup=False)
        return
    console.print(f"cache {store.path} was unreadable; moved it to {aside}. The next pull creates a new cache.",
                  markup=False)
