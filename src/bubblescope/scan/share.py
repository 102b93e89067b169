"""The share of the market in a bubble over time, from the scan's universe (monthly, in real time).

Definition (:data:`DEFINITION`, also in docs/scan.md): at each month end ``t`` every price instrument
of the scan is read from its own month-end closes up to ``t`` only, and counted as

* **PSY** — inside a date-stamped explosive episode at ``t`` (BSADF on monthly log prices with a
  fixed minimum window of ``min_window`` months and a fixed minimum duration of ``min_duration``
  months, so no setting depends on the sample length; Monte-Carlo "mc-sadf" critical values at 95 %,
  whose entry for month ``t`` depends only on the first ``t`` observations);
* **GSY** — a Greenwood–Shleifer–You run-up: 2-year raw return ≥ 100 %;
* **GMO** — at least 2 sigma above the expanding log-linear trend (20 years of history needed);
* **any** — flagged by at least one of the three.

Each share is flagged instruments / instruments with a reading at ``t`` (in %). LPPLS is not part
of the history: a significant LPPLS reading needs a full fit grid per month and instrument; the
scan reports it at the last date. Per-instrument work is independent: ``client="serial"`` runs it
here, ``None`` starts a local Dask cluster, or pass a ``dask.distributed.Client`` (large universes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import BubblescopeError, InputError
from bubblescope.results import Result, to_jsonable
from bubblescope.scan._rows import derive_seed, message

DEFINITION = (
    "Share of the scan's price instruments in a bubble at each month end, in real time (each instrument read "
    "from its own data up to that month only): PSY = inside a date-stamped explosive episode (monthly log "
    "prices, fixed 36-month minimum window and 6-month minimum duration, Monte-Carlo critical values at 95%); "
    "GSY = 2-year raw return of at least 100%; GMO = at least 2 sigma above the expanding log-linear trend; "
    "any = at least one of the three. Denominator: the instruments with a reading that month."
)
KINDS: tuple[str, ...] = ("psy", "gsy", "gmo")


def _month_end(s: pd.Series) -> pd.Series:
    s = pd.to_numeric(s, errors="coerce").dropna()
    s = s[s > 0]
    return s.resample("ME").last().dropna()


def _psy_flags(m: pd.Series, *, seed: int, reps: int, min_window: int, min_duration: int) -> pd.Series:
    from bubblescope.detect.psy import psy

    res = psy(m, min_window=min_window, min_duration=min_duration, reps=reps, seed=seed, cv="mc-sadf",
              size=0.05, lag=0)
    return res.in_bubble.astype(float)


def instrument_flags(name: str, series: pd.Series, *, seed: int = 0, reps: int = 199, min_window: int = 36,
                     min_duration: int = 6) -> tuple[pd.DataFrame, list[str]]:
    """Monthly flags (1/0, NaN = no reading) of one instrument, columns :data:`KINDS`; and the
    reasons a kind has no reading at all. Pure; runs on a Dask worker for large universes."""
    from bubblescope.gauges.runup import gmo_trend_deviation, gsy_runup

    m = _month_end(series)
    out = pd.DataFrame(index=m.index, columns=list(KINDS), dtype=float)
    notes: list[str] = []
    steps = (
        ("psy", lambda: _psy_flags(m, seed=derive_seed(seed, f"share:{name}"), reps=reps,
                                   min_window=min_window, min_duration=min_duration)),
        ("gsy", lambda: (gsy_runup(m, None, name=name).raw_2y >= 100.0).astype(float)),
        ("gmo", lambda: (gmo_trend_deviation(m, name=name).sigma >= 2.0).astype(float)),
    )
    for kind, run in steps:
        try:
            flags = run()
        except (BubblescopeError, ValueError) as exc:
            notes.append(f"{name}: {kind}: {message(exc)}")
            continue
        flags.index = flags.index.to_period("M").to_timestamp("M")
        out[kind] = flags.reindex(out.index)
    return out, notes


@dataclass(frozen=True)
class BubbleShareResult(Result):
    """Monthly shares (%) of instruments flagged, with the counts behind each and the definition."""

    frame: pd.DataFrame  # index month end; columns <kind>_share (%), <kind>_n (instruments read)
    instruments: tuple[str, ...]
    definition: str = DEFINITION
    notes: list[str] = field(default_factory=list)
    last_date: str | None = None  # the newest observation behind the shares (ISO date)

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    @property
    def latest(self) -> dict[str, Any]:
        f = self.frame.dropna(subset=["any_share"])
        if f.empty:
            return {}
        row = f.iloc[-1]
        return {"month": f.index[-1].strftime("%Y-%m"), "as_of": self.last_date,
                **{k: float(v) for k, v in row.items()}}

    def summary(self) -> str:
        lat = self.latest
        if not lat:
            return "Bubble share: not available (no instrument has a reading)."
        return (f"Bubble share in {lat['month']} (data to {lat['as_of']}): {lat['any_share']:.0f}% of {lat['any_n']:.0f} instruments "
                f"flagged by PSY, GSY or GMO (PSY {lat['psy_share']:.0f}%, GSY {lat['gsy_share']:.0f}%, "
                f"GMO {lat['gmo_share']:.0f}%).")

    def to_dict(self) -> dict[str, Any]:
        f = self.frame.reset_index()
        f["month"] = f["month"].dt.strftime("%Y-%m")  # a month, not its last day (the data may end before it)
        return to_jsonable({"definition": self.definition, "instruments": list(self.instruments),
                            "latest": self.latest, "notes": self.notes, "series": f.to_dict("records")})

    def gauge(self, bands: Any = None) -> Any:
        """The latest "any" share as a gauge with its history percentile and light."""
        from bubblescope.gauges._gauge import Gauge, iso, unavailable
        from bubblescope.gauges._history import history_stats
        from bubblescope.gauges.lights import DEFAULT_BANDS, with_light

        s = self.frame["any_share"].dropna()
        name = "Share of the scan universe in a bubble (PSY, GSY or GMO)"
        if len(s) < 24:
            return unavailable("bubble_share", name, "%", "24 months of scan readings", group="froth")
        h = history_stats(s, name=name, min_obs=24)
        when = self.last_date if h.as_of == s.index[-1] and self.last_date else iso(h.as_of)
        g = Gauge(key="bubble_share", name=name, unit="%", value=h.value, as_of=when,
                  source=f"bubblescope scan of {len(self.instruments)} instruments", group="froth", history=h,
                  note=self.definition)
        return with_light(g, bands or DEFAULT_BANDS)

    def to_signals(self) -> list[Any]:
        """The latest share as a ``market_tests`` signal: bubble = its light (red 1, amber 0.5, green 0)."""
        from bubblescope.signals import Signal

        g = self.gauge()
        if not g.available or g.light is None:
            return [Signal.unavailable("market_tests", "scan:bubble_share", g.name, g.needs or g.light_rule)]
        return [Signal(family="market_tests", name="scan:bubble_share", label=g.name,
                       reading=f"{g.display()} of the scan universe, {g.history.percentile:.0f}th percentile: {g.light}",
                       value=g.value, unit="%", bubble={"red": 1.0, "amber": 0.5, "green": 0.0}[g.light],
                       rule=f"{g.light_rule}; red 1, amber 0.5, green 0", as_of=g.as_of, source=g.source,
                       reason=self.definition)]

    def plot(self) -> Any:
        import plotly.graph_objects as go

        from bubblescope.style import style

        fig = go.Figure()
        for kind, label in (("any", "any test"), ("psy", "PSY episode"), ("gsy", "GSY run-up"), ("gmo", "GMO 2σ")):
            col = f"{kind}_share"
            fig.add_trace(go.Scatter(x=self.frame.index, y=self.frame[col], name=label, mode="lines"))
        fig.update_yaxes(title="% of instruments", range=[0, 100])
        return style(fig, title="Share of the market in a bubble (real time, monthly)")


def _combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    idx = pd.DatetimeIndex(sorted(set().union(*[p.index for p in parts])) if parts else [], name="month")
    cols: dict[str, Any] = {}
    arrays = {k: np.column_stack([p[k].reindex(idx).to_numpy(dtype=float) for p in parts])
              if parts else np.empty((0, 0)) for k in KINDS}
    for k in KINDS:
        a = arrays[k]
        n = np.isfinite(a).sum(axis=1)
        cols[f"{k}_n"] = n
        cols[f"{k}_share"] = np.where(n > 0, 100.0 * np.nansum(a, axis=1) / np.maximum(n, 1), np.nan)
    read = sum(np.isfinite(arrays[k]).astype(int) for k in KINDS)
    flagged = sum(np.nan_to_num(arrays[k], nan=0.0) for k in KINDS)
    n_any = (np.asarray(read) > 0).sum(axis=1)
    cols["any_n"] = n_any
    cols["any_share"] = np.where(n_any > 0, 100.0 * (np.asarray(flagged) > 0).sum(axis=1) / np.maximum(n_any, 1),
                                 np.nan)
    return pd.DataFrame(cols, index=idx)


def _run(items: list[tuple[str, pd.Series]], client: Any, workers: int | None, kw: dict[str, Any]) -> list[Any]:
    if isinstance(client, str) and client.lower() == "serial":
        return [instrument_flags(n, s, **kw) for n, s in items]
    from dask.distributed import Client, LocalCluster

    own = client is None or isinstance(client, str)
    if client is None:
        cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    elif isinstance(client, str):
        client = Client(client)
    try:
        futures = [client.submit(instrument_flags, n, s, pure=False, **kw) for n, s in items]
        return list(client.gather(futures))
    finally:
        if own:
            client.close()


def bubble_share(series: Mapping[str, pd.Series], *, client: Any = "serial", workers: int | None = None,
                 seed: int = 0, reps: int = 199, min_window: int = 36, min_duration: int = 6,
                 as_of: str | pd.Timestamp | None = None) -> BubbleShareResult:
    """The monthly bubble share of ``series`` (name → prices); see the module docstring."""
    if not series:
        raise InputError("bubble share: no series given")
    if min_window < 12 or min_duration < 1 or reps < 19:
        raise InputError("bubble share: min_window >= 12, min_duration >= 1 and reps >= 19 are required")
    cut = None if as_of is None else pd.Timestamp(as_of)
    items = [(str(n), s if cut is None else s.loc[:cut]) for n, s in series.items()]
    items = [(n, s) for n, s in items if len(s)]
    kw = {"seed": seed, "reps": reps, "min_window": min_window, "min_duration": min_duration}
    results = _run(items, client, workers, kw)
    parts = [r[0] for r in results]
    notes = [n for r in results for n in r[1]]
    last = max((s.index[-1] for _, s in items), default=None)
    return BubbleShareResult(frame=_combine(parts), instruments=tuple(n for n, _ in items), notes=notes,
                             last_date=None if last is None else pd.Timestamp(last).date().isoformat())


__all__ = ["DEFINITION", "KINDS", "BubbleShareResult", "bubble_share", "instrument_flags"]
