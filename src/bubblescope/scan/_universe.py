"""A clean scan universe: one row per instrument, whatever folders the files came from.

* **symbols** — a file's instrument is its name without the source folder and the usual suffixes
  (``NVDA_1d.csv``, ``nvda.csv`` and ``NVIDIA.csv`` are all ``NVDA``; :data:`ALIASES` maps names to
  symbols, e.g. ``GSPC``/``SP500``/``spx`` → ``^GSPC``);
* **splice** — the copies of one instrument are ranked freshest first (last date, then length); the
  freshest is kept and extended back in time with the older dates of the others, each rescaled at
  its first common date (adjusted and unadjusted closes differ by a factor); all sources are listed;
* **classes** — ``price`` (stocks, funds, equity indices), ``yield`` (^TNX, ^IRX, …),
  ``volatility`` (^VIX, ^VXN, …) and ``spread``; bubble tests (PSY on log prices, LPPLS, GSY run-up,
  GMO trend) are only meaningful for prices, so other classes are listed, not tested or ranked;
* **stale** — a series whose last date is more than ``stale_days`` before the scan's reference date
  (its as-of, else the newest last date in the universe) is listed as stale, not ranked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import pandas as pd

#: File names (upper case, suffixes removed) that are not the instrument's ticker.
ALIASES: dict[str, str] = {
    "NVIDIA": "NVDA", "APPLE": "AAPL", "AMAZON": "AMZN", "GOOGLE": "GOOGL", "MICROSOFT": "MSFT",
    "TESLA": "TSLA", "GSPC": "^GSPC", "SPX": "^GSPC", "SP500": "^GSPC", "S&P500": "^GSPC",
    "IXIC": "^IXIC", "NASDAQ_COMPOSITE": "^IXIC", "NASDAQCOM": "^IXIC", "NDX": "^NDX", "NASDAQ_100": "^NDX",
    "VIX": "^VIX", "VXN": "^VXN", "TNX": "^TNX", "IRX": "^IRX", "TYX": "^TYX", "FVX": "^FVX",
    "DOW_JONES_30": "^DJI", "DJI": "^DJI", "NYSE_COMPOSITE": "^NYA", "RUSSELL_2000": "^RUT",
    "WILSHIRE_5000": "^W5000", "SP500TR": "^SP500TR",
}
CLASSES: dict[str, str] = {
    "^VIX": "volatility", "^VXN": "volatility", "^VXD": "volatility", "^RVX": "volatility",
    "VIXCLS": "volatility", "^TNX": "yield", "^IRX": "yield", "^TYX": "yield", "^FVX": "yield",
    "DGS10": "yield", "DGS2": "yield", "DGS30": "yield", "BAMLH0A0HYM2": "spread", "BAMLC0A0CM": "spread",
    "T10Y2Y": "spread", "T10Y3M": "spread", "BAA10Y": "spread",
}
PRICE = "price"
DEFAULT_STALE_DAYS = 45
_SUFFIX = re.compile(r"(_1d|_daily|_index|_close|_adj|_prices?)$", re.IGNORECASE)


def instrument_symbol(name: str) -> str:
    """The instrument a file (or scan input name) holds, from its file name."""
    stem = PurePath(name).name
    stem = re.sub(r"\.(csv|txt)$", "", stem, flags=re.IGNORECASE)
    while True:
        new = _SUFFIX.sub("", stem)
        if new == stem:
            break
        stem = new
    up = stem.upper()
    return ALIASES.get(up, up)


def instrument_class(symbol: str) -> str:
    return CLASSES.get(symbol.upper(), PRICE)


@dataclass(frozen=True)
class Instrument:
    """One instrument of the universe: its spliced series and where it came from."""

    symbol: str
    klass: str
    series: pd.Series
    sources: tuple[str, ...]  # input names, the kept (freshest) copy first

    def row(self) -> dict[str, Any]:
        return {"series": self.symbol, "instrument_class": self.klass, "sources": "; ".join(self.sources)}


def splice(copies: list[tuple[str, pd.Series]]) -> tuple[pd.Series, tuple[str, ...]]:
    """The freshest copy (then the longest) extended back with the older dates of the others."""
    ranked = sorted(copies, key=lambda c: (c[1].index[-1], len(c[1])), reverse=True)
    out = ranked[0][1].astype(float)
    for _, other in ranked[1:]:
        older = other.loc[: out.index[0]]
        common = older.index.intersection(out.index)
        if len(older) <= 1 or common.empty or float(older.loc[common[0]]) == 0.0:
            continue  # no overlap to rescale at: a splice would put a jump into the series
        factor = float(out.loc[common[0]]) / float(older.loc[common[0]])
        out = pd.concat([factor * older.loc[older.index < out.index[0]], out])
    return out, tuple(name for name, _ in ranked)


def build_universe(series: Mapping[str, pd.Series]) -> list[Instrument]:
    """Group loaded series by instrument and splice each group (input order of first appearance)."""
    groups: dict[str, list[tuple[str, pd.Series]]] = {}
    for name, s in series.items():
        if s is None or len(s) == 0:
            continue
        groups.setdefault(instrument_symbol(name), []).append((name, s))
    out = []
    for sym, copies in groups.items():
        s, sources = splice(copies)
        out.append(Instrument(sym, instrument_class(sym), s.rename(sym), sources))
    return out


def reference_date(instruments: list[Instrument], as_of: pd.Timestamp | None) -> pd.Timestamp | None:
    if as_of is not None:
        return as_of
    lasts = [i.series.index[-1] for i in instruments]
    return max(lasts) if lasts else None


def not_ranked_reason(klass: str, last: pd.Timestamp | None, ref: pd.Timestamp | None,
                      stale_days: int) -> str | None:
    """Why a row is listed but not ranked (None when it is ranked)."""
    if klass == "volatility":
        return "volatility index: bubble tests do not apply (not ranked)"
    if klass == "yield":
        return "interest-rate yield: bubble tests do not apply (not ranked)"
    if klass == "spread":
        return "credit or term spread: bubble tests do not apply (not ranked)"
    if last is not None and ref is not None and (ref - last).days > stale_days:
        return (f"stale: last date {last.date()} is {(ref - last).days} days before {ref.date()} "
                f"(more than {stale_days}; not ranked)")
    return None


def psy_note(row: Mapping[str, Any]) -> str | None:
    """The reason when the explosive flag and the BSADF column disagree (None when they agree)."""
    bsadf, cv, flag = row.get("psy_bsadf"), row.get("psy_cv"), row.get("psy_in_episode")
    if flag is None or pd.isna(flag) or bsadf is None or cv is None or pd.isna(bsadf) or pd.isna(cv):
        return None
    if bool(flag) and bsadf < cv:
        start = row.get("psy_episode_start")
        since = f" that began {pd.Timestamp(start).date()}" if start is not None and not pd.isna(start) else ""
        return (f"explosive although BSADF {bsadf:.2f} < CV {cv:.2f}: the episode{since} has not yet lasted "
                "PSY's minimum duration, and an episode ends only at the first date below the CV after it")
    if not bool(flag) and bsadf >= cv:
        return (f"not explosive although BSADF {bsadf:.2f} >= CV {cv:.2f}: the run above the CV is shorter "
                "than PSY's minimum duration")
    return None


__all__ = ["ALIASES", "CLASSES", "DEFAULT_STALE_DAYS", "Instrument", "build_universe", "instrument_class",
           "instrument_symbol", "not_ranked_reason", "psy_note", "reference_date", "splice"]
