"""The dashboard's market diagnostics: PSY and LPPLS on the main indices of a local data folder.

Same settings as the report's market section (``report/analysis.py``; the dashboard may not import
the report): PSY on month-end closes from ten years before the AI boom's start (2013) to the last
observation, Monte Carlo SADF critical values (2,000 replications, seed 0, 95%); LPPLS confidence
indicators (windows of 125 to 750 trading days, no resampling, seed 0) every 20 trading days over the
last three years. Data come from the data layer with ``offline=True`` (the local folder first, then
the cache): the dashboard never touches the network. The app caches the result per folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from bubblescope.errors import BubblescopeError

MAIN_INDICES: tuple[str, ...] = ("^GSPC", "^IXIC", "^NDX")
PSY_START = "2013-01-01"  # the AI boom (2023) minus ten years, as the report
PSY_REPS, PSY_SEED, PSY_SIZE = 2000, 0, 0.05
LPPLS_WINDOWS: tuple[int, ...] = (125, 250, 375, 500, 625, 750)
LPPLS_STEP, LPPLS_YEARS, LPPLS_SEED = 20, 3, 0


@dataclass(frozen=True)
class MarketDiagnostic:
    """One index: where its data came from, the PSY and LPPLS results (None: not run, see ``notes``)."""

    symbol: str
    source: str
    as_of: str
    psy: Any = None
    lppls: Any = None
    notes: tuple[str, ...] = ()


def month_end_closes(s: pd.Series, start: str = PSY_START) -> pd.Series:
    """The last close of each month from ``start`` (a partial last month keeps its real date)."""
    w = s[s.index >= pd.Timestamp(start)].dropna()
    w = w[w > 0]
    return w[~w.index.to_period("M").duplicated(keep="last")]


def lppls_end_dates(s: pd.Series) -> list[pd.Timestamp]:
    """Every LPPLS_STEP-th trading day over the last LPPLS_YEARS years, the last observation included."""
    idx = s.index[min(LPPLS_WINDOWS) - 1:]
    if len(idx) == 0:
        return []
    lo = idx[-1] - pd.DateOffset(years=LPPLS_YEARS)
    sel = idx[idx >= lo]
    return list(sel[::-1][::LPPLS_STEP])[::-1]


def diagnose(symbol: str, s: pd.Series, source: str) -> MarketDiagnostic:
    """PSY and LPPLS on one daily price series (pure: the series in, results out)."""
    import dataclasses

    from bubblescope.detect.cvcache import cached_critical_values_mc
    from bubblescope.detect.lppls import indicators
    from bubblescope.detect.psy import psy

    notes: list[str] = []
    res_psy = res_lppls = None
    monthly = month_end_closes(s)
    if len(monthly) >= 40:
        try:
            cvs = cached_critical_values_mc(len(monthly), reps=PSY_REPS, seed=PSY_SEED)
            res_psy = psy(monthly, cv="mc-sadf", critical_values=cvs, size=PSY_SIZE, seed=PSY_SEED)
        except BubblescopeError as exc:
            notes.append(f"PSY could not run: {exc}")
    else:
        notes.append(f"PSY needs 40 month-end closes since {PSY_START}; the data have {len(monthly)}.")
    parts = []
    for d in lppls_end_dates(s):
        try:
            parts.append(indicators(s, start=d, end=d, windows=LPPLS_WINDOWS, n_resamples=0, seed=LPPLS_SEED,
                                    n_starts=2))
        except BubblescopeError as exc:
            notes.append(f"LPPLS could not run at {d.date()}: {exc}")
            break
    if parts:
        frame = pd.concat([p.frame for p in parts])
        fits = pd.concat([p.fits for p in parts]) if all(p.fits is not None for p in parts) else parts[0].fits
        res_lppls = dataclasses.replace(parts[0], frame=frame, fits=fits)
    elif not notes or not notes[-1].startswith("LPPLS"):
        notes.append(f"LPPLS needs {min(LPPLS_WINDOWS)} trading days of history; the data have {len(s)}.")
    return MarketDiagnostic(symbol, source, str(s.index[-1].date()), res_psy, res_lppls, tuple(notes))


def market_diagnostics(data_dir: str | Path | None,
                       symbols: tuple[str, ...] = MAIN_INDICES) -> list[MarketDiagnostic]:
    """Read each index through the data layer (offline) and diagnose it; a missing index says why."""
    from bubblescope.data.api import get_series
    from bubblescope.data.provenance import provenance_of

    out = []
    for sym in symbols:
        try:
            s = get_series(sym, data_dir=data_dir, offline=True)
        except BubblescopeError as exc:
            out.append(MarketDiagnostic(sym, "", "", notes=(f"No data for {sym}: {exc}",)))
            continue
        prov = provenance_of(s)
        source = "" if prov is None else f"{prov.source}: {', '.join(prov.files)}" if prov.files else prov.source
        out.append(diagnose(sym, s, source))
    return out
