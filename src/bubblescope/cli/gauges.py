"""``bubblescope gauges [EPISODE]``: every valuation, concentration, boom/bubble, run-up and trend gauge.

The command reads the data (through the data layer, or the files of a ``--data-dir`` laid out like
../shared/data) and the evidence base, calls :func:`bubblescope.gauges.episode_gauges` and prints a
rich table (value, as-of, percentile, colour, source) or ``--json``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from bubblescope.cli._common import DataDirOption, JsonOption, OfflineOption, console, print_json
from bubblescope.errors import DataSourceError, InputError

# Where the files of a data folder laid out like ../shared/data are, used when the data layer cannot
# resolve a symbol by itself (first existing file wins).
_FALLBACK_FILES: dict[str, tuple[str, ...]] = {
    "^GSPC": ("prices/close_batsco/spx.csv", "prices/yfinance_whan1569/indices/SP500_1d.csv"),
    "^IXIC": ("prices/yfinance_whan1569/indices/NASDAQ_Composite_1d.csv",
              "fred/other/NASDAQCOM_1971-2023_jjfrans.csv"),
    "^NDX": ("prices/close_batsco/ndx.csv", "prices/yfinance_whan1569/indices/NASDAQ_100_1d.csv"),
    "NVDA": ("prices/close_adj_dsturdy/NVDA.csv", "prices/yfinance_whan1569/stocks/NVDA_1d.csv"),
    "BUFFETT": ("fred/other/buffett_indicator_NCBEILQ027S_over_GDP_batsco.csv",),
    "GDP": ("fred/codex_macro_monitor/GDP.csv", "fred/other/GDP_1947-2024_deerfieldgreen.csv"),
}
for _t in ("MSFT", "GOOGL", "GOOG", "AMZN", "META", "AAPL", "TSLA", "AVGO", "ORCL", "AMD", "PLTR", "SMCI", "CRWV"):
    _FALLBACK_FILES[_t] = (f"prices/close_adj_dsturdy/{_t}.csv", f"prices/yfinance_whan1569/stocks/{_t}_1d.csv")

_SHILLER_COLUMNS = {
    "P": "price", "D": "dividend", "E": "earnings", "CPI": "cpi", "Rate_GS10": "gs10", "Real_Price": "real_price",
    "Real_Dividend": "real_dividend", "Real_TR_Price": "real_total_return_price", "Real_Earnings": "real_earnings",
    "CAPE": "cape", "TR_CAPE": "tr_cape", "Excess_CAPE_Yield": "excess_cape_yield",
}


def _series(symbol: str, data_dir: Path | None, offline: bool) -> tuple[pd.Series, str] | None:
    """A series by symbol: the data layer first, then the known files of a shared-data layout."""
    from bubblescope.data.api import get_series

    if symbol not in ("BUFFETT", "GDP"):
        try:
            return get_series(symbol, data_dir=data_dir, offline=offline), f"data layer: {symbol}"
        except (DataSourceError, TypeError):
            pass
    if data_dir is None:
        return None
    for rel in _FALLBACK_FILES.get(symbol, ()):
        path = data_dir / rel
        if path.is_file():
            return get_series(path), f"{rel}"
    return None


def _shiller(data_dir: Path | None) -> tuple[pd.DataFrame, str] | None:
    if data_dir is None:
        return None
    xls = data_dir / "shiller" / "ie_data.xls"
    try:  # the data layer's parser, when it is installed
        from bubblescope.data.sources.shiller import parse_ie_data  # type: ignore[import-not-found]
    except ImportError:
        parse_ie_data = None
    if parse_ie_data is not None and xls.is_file():
        return parse_ie_data(xls.read_bytes()), "Shiller ie_data.xls"
    dump = data_dir / "shiller" / "ie_data_Data_sheet.csv"
    if not dump.is_file():
        return None
    try:
        raw = pd.read_csv(dump)
        df = raw[list(_SHILLER_COLUMNS)].rename(columns=_SHILLER_COLUMNS).apply(pd.to_numeric, errors="coerce")
        df.index = pd.DatetimeIndex(pd.to_datetime(raw["YearMonth"].astype(str) + "-01"), name="date")
    except (KeyError, ValueError) as exc:
        raise DataSourceError(f"shiller: cannot read {dump}: {exc}") from None
    return df.astype(float), "Shiller ie_data.xls (CSV dump)"


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
        evidence: list[Path] = typer.Option([], "--evidence", help="Extra evidence YAML file (repeatable).",
                                            exists=False),
    ) -> None:
        """Valuation, concentration, boom/bubble, run-up and trend gauges with percentiles and sources."""
        from bubblescope.evidence.loader import load_evidence
        from bubblescope.gauges._history import PEAK_WINDOWS
        from bubblescope.gauges.panel import GaugeInputs, PriceInput, episode_gauges

        if window_years < 1:
            raise InputError(f"--window-years must be at least 1, got {window_years}")
        if data_dir is not None and not data_dir.is_dir():
            raise DataSourceError(f"--data-dir {data_dir}: not a folder")
        base = load_evidence(evidence)
        ep = base.episode(episode) if episode else base.default_episode()
        when = as_of or ep.peak
        if when is not None:
            try:
                pd.Timestamp(when)
            except (ValueError, TypeError):
                raise InputError(f"--as-of {when!r}: not a date (use YYYY-MM-DD or YYYY-MM)") from None
        sh = _shiller(data_dir)
        buf = _series("BUFFETT", data_dir, offline)
        gdp = _series("GDP", data_dir, offline)
        prices: list[PriceInput] = []
        market = None
        for sym in ep.market_series or []:
            got = _series(sym, data_dir, offline)
            if got is None:
                continue
            if sym == "^GSPC":
                market = PriceInput(sym, got[0], got[1])
            else:
                prices.append(PriceInput(sym, got[0], got[1]))
        if market is None:
            got = _series("^GSPC", data_dir, offline)
            market = None if got is None else PriceInput("^GSPC", got[0], got[1])
        kw = {}
        if sh is not None:
            kw.update(shiller=sh[0], shiller_source=sh[1])
        if buf is not None:
            kw.update(buffett=buf[0], buffett_source=f"Z.1 NCBEILQ027S / GDP: {buf[1]}")
        if gdp is not None:
            kw.update(gdp=gdp[0], gdp_source=f"BEA GDP: {gdp[1]}")
        inputs = GaugeInputs(prices=prices, market=market, **kw)
        panel = episode_gauges(ep.id, inputs, base, as_of=when, window_years=window_years,
                               thresholds=_parse_thresholds(threshold))
        if as_json:
            print_json(panel)
            return
        table = Table(title=f"Gauges: {ep.name} ({ep.id})" + (f", as of {panel.as_of}" if panel.as_of else ""),
                      show_lines=False)
        for col, kw2 in (("Group", {}), ("Gauge", {}), ("Value", {"justify": "right"}), ("As of", {}),
                         ("Pctile", {"justify": "right"}), (f"Pctile {window_years}y", {"justify": "right"}),
                         ("Colour", {}), ("Source", {"overflow": "fold"})):
            table.add_column(col, **kw2)
        styles = {"green": "green", "amber": "yellow", "red": "red"}
        for g in panel.gauges:
            h = g.history
            colour = g.colour or ""
            value = g.display() if g.available else "not available"
            source = g.source if g.available else f"needs {g.needs}"
            table.add_row(
                escape(g.group), escape(g.name), escape(value), g.as_of or "",
                _fmt_pct(h.percentile if h and g.available else None),
                _fmt_pct(h.window_percentile if h and g.available else None),
                f"[{styles[colour]}]{colour}[/]" if colour else "", escape(source or ""),
            )
        console.print(table)
        peaks = Table(title="Values at past market peaks (hottest reading in each window; see docs/gauges.md)")
        peaks.add_column("Gauge")
        labels = list(PEAK_WINDOWS)
        for label in labels:
            peaks.add_column(label, justify="right")
        peaks.add_column("now", justify="right")
        for g in panel.gauges:
            if g.history is None or not g.available or g.group not in ("valuation", "trend"):
                continue
            cells = {p.label: p.value for p in g.history.peaks}
            peaks.add_row(escape(g.name), *(_fmt_num(cells.get(lb)) for lb in labels), _fmt_num(g.value))
        if peaks.row_count:
            console.print(peaks)
        b = panel.boom
        console.print(f"Boom/bubble verdict: {b.verdict} ({b.reds} red of {b.available} available gauges; "
                      "rule: 0-1 red = boom, 2 = caution, >= 3 = bubble)", markup=False, highlight=False)
        for n in b.notes:
            console.print(f"note: {n}", markup=False, highlight=False)
        if data_dir is None and sh is None:
            console.print("note: data gauges need --data-dir (e.g. ../shared/data)", markup=False)
