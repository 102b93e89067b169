"""Symbols in a local data folder (``--data-dir``): find the files, read them, splice them.

**Finding files.** Every ``*.csv`` under the folder (recursively) is sniffed from its first lines and
indexed under the names it answers to:

* its file name, upper-cased, with ``_1d`` / ``_index`` / ``_daily`` suffixes and a leading ``^``
  removed (``nvda.csv``, ``NVDA_1d.csv``, ``NVDA.csv`` all answer to ``NVDA``; ``TNX_index.csv`` to ``TNX``);
* for yfinance ``download()`` files (three header lines ``Price,…`` / ``Ticker,^IXIC,…`` / ``Date,…``),
  the ticker on the second line;
* for FRED-style two-column files (``observation_date,ID`` / ``DATE,ID`` / ``date,ID``), the column name.

A symbol is then looked up through a small alias table of index names (``^IXIC`` = ``IXIC`` =
``NASDAQ_Composite`` = ``NASDAQCOM``; ``^GSPC`` = ``GSPC`` = ``SPX`` = ``SP500``; ``^NDX`` = ``NDX`` =
``NASDAQ_100``; ``^VIX`` = ``VIX`` = ``VIXCLS``; …) and company names (``NVDA`` = ``NVIDIA``).

**Reading.** Price files give their adjusted close when they have one (``Adj Close``), else ``Close``;
FRED-style files give their value column. Dates keep the local calendar date of tz-aware timestamps
(``1999-01-22 00:00:00-05:00`` → 1999-01-22). Rows whose value is not numeric (e.g. dividend lines in
web exports) are dropped; duplicate dates with different values are an error.

**Splicing.** All files found for a symbol are combined into one series: start from the file with the
earliest first date (ties: the later last date), then repeatedly attach the overlapping file that
reaches furthest into the future. The junction is the **last common date before the older part's final
row** — so the final row of an older file, which in Yahoo-derived files is often an intraday snapshot,
is never used once a newer file covers that date. ``drop_last_row=True`` also drops the final row of
the newest file (use it when you know the newest file was saved during a trading session).

* ``ratio`` chaining (prices, indices): the older part is multiplied by ``new/old`` at the junction,
  so the newest quotes are unchanged and older returns are preserved (as adjusted closes are built).
* ``level`` splicing (FRED series, yields, VIX): values are used as published, no rescaling.

The provenance lists every file used, the dates taken from each and each file's scale factor; files
that add nothing (fully covered) are not used and not listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from bubblescope.data.csvfile import read_csv_series
from bubblescope.data.provenance import Provenance, Segment, attach, iso_date
from bubblescope.errors import DataSourceError

#: canonical symbol → other names it is stored under in common folders.
ALIASES: dict[str, frozenset[str]] = {
    "^GSPC": frozenset({"GSPC", "SPX", "SP500", "SP_500", "S&P500", "S&P_500"}),
    "^IXIC": frozenset({"IXIC", "NASDAQ_COMPOSITE", "NASDAQCOM", "COMP"}),
    "^NDX": frozenset({"NDX", "NASDAQ_100", "NASDAQ100"}),
    "^VIX": frozenset({"VIX", "VIXCLS"}),
    "^VXN": frozenset({"VXN"}),
    "^DJI": frozenset({"DJI", "DOW_JONES_30", "DJIA"}),
    "^RUT": frozenset({"RUT", "RUSSELL_2000"}),
    "^NYA": frozenset({"NYA", "NYSE_COMPOSITE"}),
    "^W5000": frozenset({"W5000", "WILSHIRE_5000"}),
    "^TNX": frozenset({"TNX"}),
    "^IRX": frozenset({"IRX"}),
    "^SP500TR": frozenset({"SP500TR"}),
    "NVDA": frozenset({"NVIDIA"}),
    "AAPL": frozenset({"APPLE"}),
    "AMZN": frozenset({"AMAZON"}),
    "GOOGL": frozenset({"GOOGLE"}),
}
#: symbols whose values are levels (rates, volatility indices): spliced without rescaling.
LEVEL_SYMBOLS = frozenset({"^VIX", "^VXN", "^TNX", "^IRX"})

_SUFFIXES = ("_1D", "_INDEX", "_DAILY", "_CLOSE")
_DATE_HEADS = {"date", "observation_date", "datetime"}


def norm_key(name: str) -> str:
    """Normalised lookup key: upper case, no leading ``^``, separators → ``_``, no ``_1d``-type suffix."""
    k = re.sub(r"[\s\-.]+", "_", name.strip().upper()).lstrip("^")
    for suf in _SUFFIXES:
        if k.endswith(suf) and len(k) > len(suf):
            k = k[: -len(suf)]
    return k


def canonical(symbol: str) -> str:
    """The canonical symbol for a name (``ixic`` → ``^IXIC``, ``nvidia`` → ``NVDA``, ``DGS10`` → ``DGS10``)."""
    k = norm_key(symbol)
    for canon, names in ALIASES.items():
        if k == norm_key(canon) or k in names:
            return canon
    return k


def _keys_of(symbol: str) -> set[str]:
    canon = canonical(symbol)
    return {norm_key(canon)} | set(ALIASES.get(canon, ()))


@dataclass(frozen=True)
class LocalFile:
    """A sniffed CSV file: its layout (``yf-download``, ``yf-history``, ``ohlcv``, ``close``, ``fred``,
    ``other``) and the names it answers to."""

    path: Path
    layout: str
    names: frozenset[str]

    @property
    def is_price(self) -> bool:
        return self.layout in {"yf-download", "yf-history", "ohlcv", "close"}


def _sniff(path: Path) -> LocalFile | None:
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    if b"\x00" in head:
        return None
    text = head.decode("utf-8-sig", errors="replace")
    lines = [ln.strip() for ln in text.splitlines()[:3]]
    if not lines:
        return None
    cells = [c.strip().strip('"').strip().lower() for c in lines[0].split(",")]
    names = {norm_key(path.stem)}
    if cells[0] == "price" and len(lines) > 1 and lines[1].lower().startswith("ticker,"):
        tick = lines[1].split(",")[1].strip()
        if tick:
            names.add(norm_key(tick))
        layout = "yf-download"
    elif cells[0] not in _DATE_HEADS:
        return LocalFile(path, "other", frozenset(names))
    elif "dividends" in cells and "stock splits" in cells:
        layout = "yf-history"
    elif "close" in cells and len(cells) > 2:
        layout = "ohlcv"
    elif len(cells) == 2 and cells[1] == "close":
        layout = "close"
    elif len(cells) == 2:
        layout = "fred"
        if cells[1] != "value":
            names.add(norm_key(lines[0].split(",")[1].strip().strip('"')))
    else:
        layout = "other"
    return LocalFile(path, layout, frozenset(names))


def scan_folder(data_dir: str | Path) -> list[LocalFile]:
    """Sniff every CSV under ``data_dir`` (sorted by path, so results are deterministic)."""
    root = Path(data_dir)
    if not root.is_dir():
        raise DataSourceError(f"local: data folder not found: {root}")
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix.lower() == ".csv":
            f = _sniff(p)
            if f is not None:
                out.append(f)
    return out


def find_files(symbol: str, data_dir: str | Path, files: list[LocalFile] | None = None) -> list[LocalFile]:
    """The files under ``data_dir`` that hold ``symbol`` (price and FRED-style layouts only)."""
    keys = _keys_of(symbol)
    files = scan_folder(data_dir) if files is None else files
    return [f for f in files if f.layout != "other" and f.names & keys]


def _read(f: LocalFile) -> tuple[pd.Series, str]:
    if f.layout == "yf-download":
        s = read_csv_series(f.path, date_col="Price", value_col="Close")
        col = "Close"
    else:
        s = read_csv_series(f.path)
        col = str(s.name)
    return s.astype(float), col


@dataclass
class _Part:
    file: LocalFile
    col: str
    s: pd.Series
    scale: float = 1.0
    used_from: pd.Timestamp | None = None
    used_to: pd.Timestamp | None = None


def splice(parts: list[tuple[str, pd.Series]], method: str = "ratio") -> tuple[pd.Series, list[dict]]:
    """Splice named series (see module docstring). Returns the series and one record per part used
    (``name, used_from, used_to, scale``), oldest first. Pure function; exposed for tests and reuse."""
    if method not in {"ratio", "level"}:
        raise ValueError(f"unknown splice method {method!r}")
    pool = [(n, s.dropna()) for n, s in parts if not s.dropna().empty]
    if not pool:
        raise DataSourceError("local: nothing to splice (all inputs empty)")
    pool.sort(key=lambda t: (t[1].index[0], -t[1].index[-1].value, t[0]))
    name, result = pool.pop(0)
    used = [{"name": name, "used_from": result.index[0], "used_to": result.index[-1], "scale": 1.0}]
    notes: list[str] = []
    while True:
        end = result.index[-1]
        later = [(n, s) for n, s in pool if s.index[-1] > end]
        later.sort(key=lambda t: (-t[1].index[-1].value, t[1].index[0], t[0]))
        chosen = None
        for n, s in later:
            common = result.index[:-1].intersection(s.index)
            if len(common):
                chosen = (n, s, common[-1], common)
                break
        if chosen is None:
            break
        n, s, t, common = chosen
        pool = [(m, x) for m, x in pool if m != n]
        old_t, new_t = float(result[t]), float(s[t])
        tail = common[-20:]
        if method == "ratio":
            if old_t == 0 or not np.isfinite(new_t / old_t) or new_t / old_t <= 0:
                raise DataSourceError(f"local: cannot ratio-chain {n} at {t.date()} (zero or sign change)")
            r = new_t / old_t
            ratios = (s[tail] / result[tail]).to_numpy()
            dev = float(ratios.max() / ratios.min() - 1.0) if len(ratios) > 1 else 0.0
        else:
            r = 1.0
            diffs = (s[tail] - result[tail]).abs().to_numpy()
            dev = float(diffs.max() / max(abs(old_t), 1e-12))
        result = pd.concat([result.loc[:t] * r, s.loc[s.index > t]])
        for u in used:
            u["scale"] *= r
        used[-1]["used_to"] = t
        used.append({"name": n, "used_from": s.index[s.index > t][0], "used_to": s.index[-1], "scale": 1.0,
                     "junction": t, "overlap_dev": dev})
        if dev > 0.02:
            notes.append(f"{n}: files disagree by {dev:.1%} over the last {len(tail)} common dates before {t.date()}")
    result.index.name = "date"
    if notes:
        used[0]["notes"] = notes
    return result, used


def local_series(symbol: str, data_dir: str | Path, *, drop_last_row: bool = False,
                 files: list[LocalFile] | None = None) -> pd.Series:
    """Series for ``symbol`` from the CSV files under ``data_dir`` (spliced; provenance attached).
    ``files``: a previous :func:`scan_folder` result for ``data_dir`` (saves re-scanning)."""
    files = find_files(symbol, data_dir, files)
    canon = canonical(symbol)
    if not files:
        raise DataSourceError(f"local {symbol}: no file for this symbol under {data_dir}")
    root = Path(data_dir)
    parts: dict[str, _Part] = {}
    for f in files:
        s, col = _read(f)
        rel = f.path.relative_to(root).as_posix() if f.path.is_relative_to(root) else str(f.path)
        parts[rel] = _Part(f, col, s)
    method = "level" if canon in LEVEL_SYMBOLS or not any(p.file.is_price for p in parts.values()) else "ratio"
    series, used = splice([(k, p.s) for k, p in parts.items()], method)
    dropped = False
    if drop_last_row and len(series) > 1:
        series = series.iloc[:-1]
        used[-1]["used_to"] = series.index[-1]
        dropped = True
    segs = tuple(
        Segment(
            origin=u["name"], first=iso_date(parts[u["name"]].s.index[0]) or "",
            last=iso_date(parts[u["name"]].s.index[-1]) or "", used_from=iso_date(u["used_from"]) or "",
            used_to=iso_date(u["used_to"]) or "", scale=float(u["scale"]), column=parts[u["name"]].col,
            dropped_last_row=dropped and i == len(used) - 1,
        )
        for i, u in enumerate(used)
    )
    kinds = sorted({parts[u["name"]].file.layout for u in used})
    quantity = (f"{', '.join(sorted({s.column or '' for s in segs}))} from {', '.join(kinds)} file(s)"
                f"{', ratio-chained' if method == 'ratio' and len(segs) > 1 else ''}"
                f"{', level-spliced' if method == 'level' and len(segs) > 1 else ''}")
    prov = Provenance(
        symbol=canon, source="local", quantity=quantity, frequency=infer_frequency(series),
        url=str(root), fetched_at=pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
        as_of=iso_date(series.index[-1]), segments=segs, notes=tuple(used[0].get("notes", ())),
    )
    series.name = canon
    return attach(series, prov)


def infer_frequency(s: pd.Series) -> str:
    """'daily', 'weekly', 'monthly', 'quarterly' or 'annual' from the median gap between dates."""
    if len(s) < 3:
        return ""
    gap = float(np.median(np.diff(s.index.values).astype("timedelta64[D]").astype(float)))
    if gap <= 4:
        return "daily"
    if gap <= 8:
        return "weekly"
    if gap <= 35:
        return "monthly"
    if gap <= 100:
        return "quarterly"
    return "annual"
