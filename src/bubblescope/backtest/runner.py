"""Run every requested signal on every catalogue series and score them (pure: data passed in)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from bubblescope.backtest.catalogue import Catalogue
from bubblescope.backtest.engine import BacktestResult, Signal, evaluate
from bubblescope.backtest.rule import verdict_rule
from bubblescope.backtest.signals import (
    SIGNAL_NAMES,
    BacktestSettings,
    cape_signal,
    gmo_signal,
    gsy_signal,
    lppls_signal,
    psy_signal,
    psy_table,
    series_spans,
)
from bubblescope.detect._psy_cv import MCCriticalValues
from bubblescope.errors import InputError
from bubblescope.progress import ProgressFn, silent

#: The market each series is adjusted against in the GSY test (None: raw returns only).
GSY_MARKET: dict[str, str | None] = {"NVDA": "^GSPC", "^IXIC": None, "^GSPC": None, "shiller": None}


def catalogue_series(catalogue: Catalogue) -> list[str]:
    return list(dict.fromkeys(e.series for e in catalogue.episodes))


def run_backtest(
    prices: Mapping[str, pd.Series],
    catalogue: Catalogue,
    *,
    signals: Sequence[str] = SIGNAL_NAMES,
    settings: BacktestSettings | None = None,
    cape: pd.Series | None = None,
    cpi: pd.Series | None = None,
    episodes: Sequence[str] | None = None,
    workers: int = 1,
    progress: ProgressFn | None = None,
) -> BacktestResult:
    """Compute each signal in real time on each catalogue series in ``prices`` and score it.

    ``prices``: series id (as in the catalogue: ``shiller``, ``^GSPC``, ``^IXIC``, ``NVDA`` …) → prices.
    ``cape`` enables the CAPE-percentile signal on the S&P series; ``cpi`` deflates the GMO trend of
    the non-Shiller series (Shiller's own series is already real when its ``real_price`` is passed).
    A signal that cannot run on a series (too short, missing input) is skipped and listed in
    ``descriptions`` under ``skipped``. ``progress(stage, done, total)`` (:mod:`bubblescope.progress`)
    is called before each step: the PSY critical values (set-up, ``total=None``), then each signal on
    each series, then the scoring.
    """
    settings = settings or BacktestSettings()
    cat, wanted = _select(prices, catalogue, signals, episodes)
    table = None
    say = progress or silent
    total, done = len(wanted) * len(signals), 0
    if any(n.startswith("psy") for n in signals):  # set-up, not one of the counted steps
        table_len = max([settings.psy_table_months] + [len(prices[s].resample("ME").last().dropna()) for s in wanted])
        stage = f"PSY critical values ({settings.psy_reps} reps, {table_len} months)"
        say(stage, 0, None)
        table = psy_table(table_len, settings, progress=lambda d, t: say(stage, d, t))  # replications
    out: list[Signal] = []
    skipped: list[str] = []
    for sid in wanted:
        for name in signals:
            say(f"{name} on {sid}", done, total)
            done += 1
            try:
                sig = _one_signal(name, sid, prices, cat, settings=settings, table=table, cape=cape, cpi=cpi,
                                  workers=workers)
            except InputError as exc:
                skipped.append(f"{name} on {sid}: {exc}")
                continue
            if sig is not None:
                out.append(sig)
    if not out:
        raise InputError("backtest: no signal could run: " + "; ".join(skipped))
    say("scoring the signals", done, total)
    res = evaluate(out, prices, cat)
    meta = {"settings": settings.to_dict(), "skipped": skipped, "verdict_rule": verdict_rule(out, cat)}
    return BacktestResult(table=res.table, crash_rule=res.crash_rule, signals=res.signals,
                          descriptions=res.descriptions, meta=meta)


def _select(prices: Mapping[str, pd.Series], catalogue: Catalogue, signals: Sequence[str],
            episodes: Sequence[str] | None) -> tuple[Catalogue, list[str]]:
    """The catalogue restricted to ``episodes`` and the series of it that ``prices`` holds (checked)."""
    unknown = [s for s in signals if s not in SIGNAL_NAMES]
    if unknown:
        raise InputError(f"unknown signal(s): {', '.join(unknown)} (choose from {', '.join(SIGNAL_NAMES)})")
    cat = catalogue
    if episodes:
        cat = Catalogue(crash=catalogue.crash, episodes=[catalogue.get(e) for e in episodes])
    wanted = [s for s in catalogue_series(cat) if s in prices]
    if not wanted:
        raise InputError("backtest: none of the catalogue's series is available "
                         f"(needs one of {', '.join(catalogue_series(cat))})")
    return cat, wanted


def _one_signal(name: str, sid: str, prices: Mapping[str, pd.Series], cat: Catalogue, *,
                settings: BacktestSettings, table: MCCriticalValues | None, cape: pd.Series | None,
                cpi: pd.Series | None, workers: int) -> Signal | None:
    """Signal ``name`` on series ``sid``, or None where it does not apply (InputError where it cannot run)."""
    p = prices[sid]
    if name in ("psy-mc-sadf", "psy-mc"):
        return psy_signal(name, sid, p, settings=settings, method=name[4:], table=table)
    if name == "lppls":
        if sid == "shiller":  # LPPLS windows are in trading days: daily series only
            return None
        return lppls_signal(name, sid, p, settings=settings, spans=series_spans(cat, sid), workers=workers)
    if name == "gmo-2sigma":
        return gmo_signal(name, sid, p, settings=settings, cpi=None if sid == "shiller" else cpi)
    if name == "gsy-runup":
        mkt = GSY_MARKET.get(sid)
        return gsy_signal(name, sid, p, settings=settings, market=prices.get(mkt) if mkt else None)
    if name == "cape-p95":
        if cape is None or sid not in ("shiller", "^GSPC"):
            return None
        return cape_signal(name, sid, cape, settings=settings)
    return None
