"""``bubblescope gauges [EPISODE]``: every valuation, concentration, boom/bubble, run-up and trend gauge.

The command reads the data (through the data layer, or the files of a ``--data-dir`` laid out like
../shared/data) and the evidence base, calls :func:`bubblescope.gauges.episode_gauges` and prints a
rich table (value, as-of, percentile, colour, source) or ``--json``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.table import Table

from bubblescope.cli._common import DataDirOption, JsonOption, OfflineOption, print_json, write_plot
from bubblescope.cli._table import ColumnsOption, FormatOption, TableOutput
from bubblescope.errors import BubblescopeError, DataSourceError, InputError

if TYPE_CHECKING:  # heavy modules: imported inside the functions so `gauges --help` stays fast
    import pandas as pd

    from bubblescope.gauges.panel import GaugeInputs, GaugePanel


def _where(obj: pd.Series | pd.DataFrame, fallback: str) -> str:
    """Short provenance for the table: the file(s) or source the data layer read."""
    from bubblescope.data.provenance import provenance_of

    prov = provenance_of(obj)
    if prov is None:
        return fallback
    files = ", ".join(prov.files)
    return f"{prov.source}: {files}" if files else prov.source


def _series(symbol: str, data_dir: Path | None, offline: bool) -> tuple[pd.Series, str] | None:
    """A series through the data layer (local folder, cache, network unless offline); None if unavailable."""
    from bubblescope.data.api import get_series

    try:
        s = get_series(symbol, data_dir=data_dir, offline=offline)
    except BubblescopeError:
        return None
    return s, _where(s, symbol)


def _buffett(data_dir: Path | None) -> tuple[pd.Series, str] | None:
    """The Buffett ratio (Z.1 NCBEILQ027S / GDP, %) as a CSV in the data folder (no download source)."""
    from bubblescope.data.api import get_series

    if data_dir is None:
        return None
    found = sorted(data_dir.rglob("buffett_indicator*.csv"))
    if not found:
        return None
    return get_series(found[0]), f"Z.1 NCBEILQ027S / GDP: {found[0].relative_to(data_dir)}"


def _shiller(data_dir: Path | None, offline: bool) -> tuple[pd.DataFrame, str] | None:
    from bubblescope.data.api import get_frame

    try:
        df = get_frame("SHILLER", data_dir=data_dir, offline=offline)
    except BubblescopeError:
        return None
    prov = df.attrs.get("provenance", {}).get("cape")
    files = ", ".join(prov.files) if prov is not None else ""
    return df, f"Shiller ie_data.xls ({prov.source}: {files})" if prov is not None else "Shiller ie_data.xls"


def load_gauge_inputs(symbols: list[str], data_dir: Path | None, offline: bool,
                      as_of: pd.Timestamp | None = None) -> GaugeInputs:
    """Read everything the gauges can use through the data layer (for the CLI and the report).

    ``symbols`` are the episode's market series; ``^GSPC`` serves as the market for GSY's net return.
    Symbols that cannot be read are passed on as missing (their gauges say "not available").
    """
    from bubblescope.gauges.panel import GaugeInputs, PriceInput

    sh = _shiller(data_dir, offline)
    buf = _buffett(data_dir)
    gdp = _series("fred:GDP", data_dir, offline)
    prices: list[PriceInput] = []
    missing: list[str] = []
    market = None
    for sym in symbols:
        got = _series(sym, data_dir, offline)
        if got is None:
            missing.append(sym)
        elif sym == "^GSPC":
            market = PriceInput(sym, got[0], got[1])
        else:
            prices.append(PriceInput(sym, got[0], got[1]))
    if market is None:
        got = _series("^GSPC", data_dir, offline)
        market = None if got is None else PriceInput("^GSPC", got[0], got[1])
    kw: dict[str, Any] = {}
    if sh is not None:
        kw.update(shiller=sh[0], shiller_source=sh[1])
    if buf is not None:
        kw.update(buffett=buf[0], buffett_source=buf[1])
    if gdp is not None:
        kw.update(gdp=gdp[0], gdp_source=f"BEA GDP ({gdp[1]})")
    from bubblescope.data.conditions import gauge_input_kwargs

    kw.update(gauge_input_kwargs(data_dir))
    from bubblescope.report.steps import funding_input

    kw.update(funding_input(data_dir, as_of))  # works once issue 18 (helper p18) is merged
    return GaugeInputs(prices=prices, market=market, missing=tuple(m for m in missing if m != "^GSPC"), **kw)


def _period_end(text: str | None) -> pd.Timestamp | None:
    """An as-of date; a partial date (``YYYY`` or ``YYYY-MM``) means the end of that year or month."""
    import pandas as pd

    if text is None:
        return None
    t = str(text).strip()
    try:
        ts = pd.Timestamp(t)
    except (ValueError, TypeError):
        raise InputError(f"--as-of {text!r}: not a date (use YYYY-MM-DD, YYYY-MM or YYYY)") from None
    if len(t) == 4:
        return ts + pd.offsets.YearEnd(0)
    if len(t) == 7:
        return ts + pd.offsets.MonthEnd(0)
    return ts


def _read_market_values(path: Path) -> pd.DataFrame:
    """Constituent market values from a CSV: first column dates, other columns tickers (numbers)."""
    import pandas as pd

    from bubblescope.fileio import check_size

    if path.exists():
        check_size(path, what="market-values CSV")  # /dev/zero or a huge file: refused before reading
    try:
        df = pd.read_csv(path)
    except FileNotFoundError:
        raise DataSourceError(f"--market-values: file not found: {path}") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataSourceError(f"--market-values: cannot read {path}: {str(exc).splitlines()[0]}") from None
    if df.shape[1] < 2 or df.empty:
        raise DataSourceError(f"--market-values: {path} needs a date column and at least one ticker column")
    dates = pd.to_datetime(df.iloc[:, 0], errors="coerce")
    if dates.isna().any():
        raise DataSourceError(f"--market-values: {path}: column {df.columns[0]!r} must hold dates on every row")
    out = df.iloc[:, 1:].apply(pd.to_numeric, errors="coerce")
    bad = [c for c in out.columns if out[c].isna().all()]
    if bad:
        raise DataSourceError(f"--market-values: {path}: column {bad[0]!r} has no numbers")
    out.index = pd.DatetimeIndex(dates, name="date")
    if out.index.has_duplicates:
        raise DataSourceError(f"--market-values: {path}: duplicate dates")
    return out.sort_index()


def _parse_thresholds(items: list[str]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for item in items:
        try:
            lhs, val = item.split("=", 1)
            key, which = lhs.rsplit(".", 1)
            out.setdefault(key.strip(), {})[which.strip()] = float(val)
        except ValueError:
            raise InputError(f"--threshold {item!r}: expected GAUGE.amber=NUMBER or GAUGE.red=NUMBER") from None
    return out


def _fmt_num(x: float | None) -> str:
    return "" if x is None or x != x else f"{x:,.2f}"


def _fmt_z(x: float | None) -> str:
    return "" if x is None or x != x else f"{x:+.1f}"


def _fmt_pct(x: float | None) -> str:
    return "" if x is None or x != x else f"{x:.0f}"


def register(app: typer.Typer) -> None:
    @app.command("gauges")
    def gauges_cmd(
        episode: str | None = typer.Argument(None, help="Episode id (default: the default episode, ai-2023)."),
        data_dir: Path | None = DataDirOption,
        offline: bool = OfflineOption,
        as_json: bool = JsonOption,
        as_of: str | None = typer.Option(None, "--as-of", help="Evaluate at this date (default: latest, "
                                         "or the episode's market peak for past episodes)."),
        window_years: int = typer.Option(30, "--window-years", help="Recent window for the second percentile."),
        threshold: list[str] = typer.Option([], "--threshold", help="Override a boom/bubble threshold, "
                                            "e.g. valuation_heat.red=40 (repeatable)."),
        thresholds_file: Path | None = typer.Option(
            None, "--thresholds", help="YAML/JSON file of thresholds: boom/bubble gauges and "
            "percentile_bands, each {amber, red} (see docs/gauges.md)."),
        evidence: list[Path] = typer.Option([], "--evidence", help="Extra evidence YAML file (repeatable).",
                                            exists=False),
        plot: Path | None = typer.Option(None, "--plot", help="Also write the valuation history chart (HTML)."),
        market_values: Path | None = typer.Option(
            None, "--market-values", help="CSV of constituent market values: a date column, then one column "
            "per ticker (price x shares, one currency) - for top-10 share, Herfindahl and Magnificent-7 share."),
        fmt: str = FormatOption,
        columns: str = ColumnsOption,
    ) -> None:
        """Valuation, concentration, boom/bubble, run-up and trend gauges with percentiles and sources."""
        from bubblescope.evidence.loader import load_evidence
        from bubblescope.gauges.boom import thresholds_with
        from bubblescope.gauges.panel import episode_gauges

        out = TableOutput(fmt, columns)
        if window_years < 1:
            raise InputError(f"--window-years must be at least 1, got {window_years}")
        if data_dir is not None and not data_dir.is_dir():
            raise DataSourceError(f"--data-dir {data_dir}: not a folder")
        base = load_evidence(evidence)
        ep = base.episode(episode) if episode else base.default_episode()
        when = _period_end(as_of or ep.peak)
        from bubblescope.gauges.lights import DEFAULT_BANDS, read_thresholds_file

        file_boom, bands = read_thresholds_file(thresholds_file) if thresholds_file else ({}, DEFAULT_BANDS)
        # validated before any data is read; --threshold overrides the file
        thresholds = thresholds_with({**file_boom, **_parse_thresholds(threshold)})
        mv = _read_market_values(market_values) if market_values is not None else None
        inputs = load_gauge_inputs(ep.market_series or [], data_dir, offline, as_of=when)
        if mv is not None:
            inputs = replace(inputs, market_values=mv, market_values_source=f"{market_values}")
        panel = episode_gauges(ep.id, inputs, base, as_of=when, window_years=window_years,
                               thresholds=thresholds, bands=bands)
        if plot is not None:
            write_plot(panel.plot(), plot)
        if as_json:
            print_json(panel)
            return
        out.table(_gauges_table(panel, f"Gauges: {ep.name} ({ep.id})", window_years))
        peaks = _peaks_table(panel)
        if peaks.row_count:
            out.table(peaks)
        policy = _policy_table(panel)
        if policy is not None:
            out.table(policy)
        b = panel.boom
        out.note(f"Boom/bubble verdict: {b.verdict} ({b.reds} red of {b.available} available gauges; "
                 "rule: 0-1 red = boom, 2 = caution, >= 3 = bubble)")
        for n in b.notes:
            out.note(f"note: {n}")
        if data_dir is None and inputs.shiller is None:
            out.note("note: data gauges need --data-dir (e.g. ../shared/data)")


_STYLES = {"green": "green", "amber": "yellow", "red": "red"}


def _gauges_table(panel: GaugePanel, title: str, window_years: int) -> Table:
    table = Table(title=title + (f", as of {panel.as_of}" if panel.as_of else ""), show_lines=False)
    for col in ("Group", "Gauge"):
        table.add_column(col)
    table.add_column("Value", justify="right")
    table.add_column("As of")
    for col in ("Pctile", "z", f"Pctile {window_years}y"):
        table.add_column(col, justify="right")
    table.add_column("Light")
    table.add_column("Source", overflow="fold")
    for g in panel.gauges:
        h = g.history if g.available else None
        colour = g.colour or ""
        value = g.display() if g.available else "not available"
        source = g.source if g.available else f"needs {g.needs}"
        table.add_row(
            escape(g.group), escape(g.name), escape(value), g.as_of or "",
            _fmt_pct(h.percentile if h else None),
            _fmt_z(h.zscore if h else None),
            _fmt_pct(h.window_percentile if h else None),
            f"[{_STYLES[colour]}]{colour}[/]" if colour else "", escape(source or ""),
        )
    return table


def _peaks_table(panel: GaugePanel) -> Table:
    from bubblescope.gauges._history import PEAK_WINDOWS

    peaks = Table(title="Values at past market peaks (hottest reading in each window; see docs/gauges.md)")
    peaks.add_column("Gauge")
    labels = list(PEAK_WINDOWS)
    for label in labels:
        peaks.add_column(label, justify="right")
    peaks.add_column("now", justify="right")
    for g in panel.gauges:
        if g.history is None or not g.available or g.group not in ("valuation", "trend", "boom/bubble"):
            continue
        cells = {p.label: p.value for p in g.history.peaks}
        peaks.add_row(escape(g.name), *(_fmt_num(cells.get(lb)) for lb in labels), _fmt_num(g.value))
    return peaks


def _policy_table(panel: GaugePanel) -> Table | None:
    """The monetary test's comparison table: policy-rate changes now and before past busts."""
    policy = panel.details.get("policy_path")
    if policy is None or not policy.now:
        return None
    t = Table(title="Monetary test: fed funds change now vs before past busts (pp)")
    for col in ("", "month", "rate %", "12-month change", "24-month change"):
        t.add_column(col, justify="right" if col.endswith(("%", "change")) else "left")
    n = policy.now
    t.add_row("now", n["as_of"], _fmt_num(n["rate"]), _fmt_z(n["change_12m"]), _fmt_z(n["change_24m"]))
    for p in policy.peaks:
        if p["available"]:
            t.add_row(f"before {p['peak']}", p["month"], _fmt_num(p["rate"]), _fmt_z(p["change_12m"]),
                      _fmt_z(p["change_24m"]))
        else:
            t.add_row(f"before {p['peak']}", p["month"], "not available", escape(p["reason"]), "")
    return t
