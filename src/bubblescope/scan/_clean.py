"""``scan_universe``: the clean scan - one row per instrument, only sensible tests, stale rows listed.

Loads every input (a symbol, a CSV path or a Series), groups the copies of each instrument and
splices them (:mod:`bubblescope.scan._universe`), runs the bubble tests on the price instruments
only, and returns a :class:`ScanResult` whose frame also has ``instrument_class``, ``sources``,
``not_ranked`` (why a row is listed but not ranked: its class, or stale) and ``psy_note`` (why the
explosive flag and the BSADF column disagree, when they do).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from bubblescope.errors import BubblescopeError
from bubblescope.scan._engine import DEFAULT_TESTS, scan
from bubblescope.scan._inputs import load, named_inputs, parse_as_of
from bubblescope.scan._result import ScanResult
from bubblescope.scan._rows import message
from bubblescope.scan._tests import resolve_tests
from bubblescope.scan._universe import (
    DEFAULT_STALE_DAYS,
    PRICE,
    build_universe,
    not_ranked_reason,
    psy_note,
    reference_date,
)


def _load_all(data: Any, as_of: pd.Timestamp | None, data_dir: Any, offline: bool
              ) -> tuple[dict[str, pd.Series], dict[str, str]]:
    loaded: dict[str, pd.Series] = {}
    errors: dict[str, str] = {}
    for name, obj in named_inputs(data):
        try:
            loaded[name] = load(name, obj, as_of, data_dir, offline)
        except BubblescopeError as exc:
            errors[name] = f"data: {message(exc)}"
    return loaded, errors


def scan_universe(
    data: Any,
    tests: Any = DEFAULT_TESTS,
    *,
    as_of: str | pd.Timestamp | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
    data_dir: Any = None,
    offline: bool = False,
    **scan_kw: Any,
) -> ScanResult:
    """The clean scan of ``data`` (names → symbols/paths/Series; see :func:`bubblescope.scan.scan`
    for ``tests``, ``client``, ``out``, ``seed`` and the other keywords)."""
    when = parse_as_of(as_of)
    resolve_tests(tests)  # an unknown test is an error even when no price series is loaded
    loaded, load_errors = _load_all(data, when, data_dir, offline)
    universe = build_universe(loaded)
    ref = reference_date(universe, when)
    prices = {i.symbol: i.series for i in universe if i.klass == PRICE}
    if prices:
        res = scan(prices, tests=tests, as_of=when, **scan_kw)
    else:
        _check_arguments(scan_kw)
        res = ScanResult(frame=pd.DataFrame({"series": pd.Series([], dtype="string")}), tests=(),
                         settings={"as_of": None if when is None else when.date().isoformat()})
    meta = pd.DataFrame([i.row() for i in universe])
    extra = [{"series": i.symbol, "n_obs": len(i.series), "first_date": i.series.index[0],
              "last_date": i.series.index[-1]} for i in universe if i.klass != PRICE]
    extra += [{"series": name, "error": err} for name, err in load_errors.items()]
    frame = pd.concat([res.frame, pd.DataFrame(extra)], ignore_index=True) if extra else res.frame.copy()
    for col in ("last_date", "first_date", "n_obs", "error"):
        if col not in frame.columns:  # an empty universe still has the columns the table reads
            frame[col] = None
    if len(meta):
        frame = frame.merge(meta, on="series", how="left")
    else:
        frame["instrument_class"] = None
        frame["sources"] = None
    if "last_date" not in frame:  # every input failed to load: no dates at all
        frame["last_date"] = pd.NaT
    frame["not_ranked"] = [
        not_ranked_reason(str(k) if isinstance(k, str) else PRICE,
                          None if pd.isna(last) else pd.Timestamp(last), ref, stale_days)
        if name not in load_errors else "could not be read (see error)"
        for name, k, last in zip(frame["series"], frame["instrument_class"], frame["last_date"], strict=True)
    ]
    frame["psy_note"] = [psy_note(r) for r in frame.to_dict("records")]
    settings = {**res.settings, "stale_days": stale_days,
                "reference_date": None if ref is None else ref.date().isoformat(),
                "instruments": len(universe), "inputs": len(loaded) + len(load_errors)}
    return replace(res, frame=frame, settings=settings, _extra={**res._extra, "prices": prices})


def _check_arguments(kw: dict[str, Any]) -> None:
    """The checks :func:`scan` makes on its arguments, for a universe with no price series to compute:
    seed, workers and batch size, the output file, a scheduler that must answer."""
    from bubblescope.scan._dask import CONNECT_DEADLINE, _connect
    from bubblescope.scan._inputs import check_arguments
    from bubblescope.scan._store import ScanStore

    check_arguments(kw.get("seed", 0), kw.get("workers"), kw.get("batch_size"), kw.get("threads_per_worker", 1))
    if kw.get("out") is not None:
        ScanStore(kw["out"], "")
    client = kw.get("client")
    if isinstance(client, str) and client.lower() not in {"serial", "sync", "synchronous"}:
        _connect(client, CONNECT_DEADLINE).close()


def ranked_prices(result: ScanResult) -> dict[str, pd.Series]:
    """The spliced price series of a clean scan's ranked instruments (not stale, price class)."""
    prices: dict[str, pd.Series] = result._extra.get("prices", {})
    keep = set(result.ranked()["series"])
    return {k: v for k, v in prices.items() if k in keep}


__all__ = ["ranked_prices", "scan_universe"]
