"""Scoring real-time alarm series against the episode catalogue.

A *signal* is a boolean alarm series on a date index in which the value at date ``t`` was computed
from data up to ``t`` only (see :func:`realtime` for a wrapper that makes any full-sample statistic
real-time by construction). :func:`evaluate` measures, per signal and catalogue episode:

* ``first_alarm``: the first alarm date in the episode's window (run-up start → peak; or the calm span);
* ``lead_days``: calendar days from the first alarm to the documented peak;
* ``share_flagged``: the share of observations in the window that are alarms;
* ``crash_followed``: whether a crash (default: a fall of 40% from the running peak after the alarm,
  within two years) followed the first alarm;
* in calm spans: the number of separate alarm runs and alarm runs per year (false alarms).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.backtest.catalogue import Catalogue, CatalogueEpisode, CrashRule
from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable


@dataclass(frozen=True)
class Signal:
    """One signal's real-time alarms on one series."""

    name: str
    series: str
    alarm: pd.Series
    description: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.alarm.index, pd.DatetimeIndex) or not self.alarm.index.is_monotonic_increasing:
            raise InputError(f"signal {self.name}: alarms need a sorted DatetimeIndex")


def realtime(fn: Callable[[pd.Series], float], series: pd.Series, dates: Iterable[pd.Timestamp]) -> pd.Series:
    """Evaluate ``fn`` on the data up to each date: ``out[d] = fn(series[:d])``.

    Real-time by construction (each value sees only data up to its date), at the cost of one call
    per date; use it for statistics that are not causal on the full sample (e.g. a fitted trend).
    """
    out: dict[pd.Timestamp, float] = {}
    for d in dates:
        d = pd.Timestamp(d)
        past = series.loc[:d]
        if len(past):
            out[d] = fn(past)
    return pd.Series(out, dtype=float).sort_index()


def alarm_runs(alarm: pd.Series) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Consecutive runs of True as (first date, last date)."""
    a = alarm.fillna(False).astype(bool).to_numpy()
    if not a.any():
        return []
    idx = alarm.index
    edges = np.diff(np.concatenate([[0], a.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1) - 1
    return [(idx[s], idx[e]) for s, e in zip(starts, ends, strict=True)]


def crash_after(price: pd.Series, date: pd.Timestamp, rule: CrashRule) -> bool | None:
    """Did the price fall ``rule.drawdown`` below its running peak within the horizon after ``date``?

    ``None`` when the data do not cover the horizon and no crash is seen in what there is.
    """
    horizon_end = date + pd.DateOffset(days=round(365.25 * rule.horizon_years))
    window = price.loc[date:horizon_end]
    if window.empty:
        return None
    dd = float((window / window.cummax() - 1.0).min())
    if dd <= -rule.drawdown:
        return True
    if price.index[-1] < horizon_end:
        return None
    return False


def _episode_row(sig: Signal, price: pd.Series, ep: CatalogueEpisode, rule: CrashRule) -> dict[str, Any]:
    lo, hi = ep.window()
    hi_eff = hi if hi is not None else price.index[-1]
    row: dict[str, Any] = {
        "signal": sig.name,
        "episode": ep.id,
        "kind": ep.kind,
        "series": ep.series,
        "window_start": lo,
        "window_end": hi_eff,
        "peak": pd.Timestamp(ep.peak) if ep.peak else None,
    }
    a = sig.alarm.loc[lo:hi_eff]
    covered = len(a) > 0 and a.index[0] <= lo + pd.DateOffset(days=45) and a.index[-1] >= hi_eff - pd.DateOffset(days=45)
    row["status"] = "ok" if covered else ("no data" if len(a) == 0 else "partial data")
    if len(a) == 0:
        return row
    alarms = a.fillna(False).astype(bool)
    runs = alarm_runs(alarms)
    first = runs[0][0] if runs else None
    years = max((a.index[-1] - a.index[0]).days / 365.25, 1 / 12)
    row.update(
        first_alarm=first,
        share_flagged=float(alarms.mean()),
        alarm_runs=len(runs),
        alarm_runs_per_year=len(runs) / years,
    )
    if ep.kind == "bubble":
        row["hit"] = first is not None
        row["lead_days"] = (row["peak"] - first).days if (first is not None and row["peak"] is not None) else None
        row["crash_followed"] = crash_after(price, first, rule) if first is not None else None
        last = runs[-1][1] if runs else None
        row["crash_after_last_alarm"] = crash_after(price, last, rule) if last is not None else None
    else:
        row["false_alarm"] = bool(runs)
        row["crash_followed"] = crash_after(price, first, rule) if first is not None else None
    return row


@dataclass(frozen=True)
class BacktestResult(Result):
    """Per (signal, episode) metrics, with the catalogue and crash rule used."""

    table: pd.DataFrame
    crash_rule: CrashRule
    signals: tuple[str, ...]
    descriptions: Mapping[str, str] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def scorecard(self) -> pd.DataFrame:
        """One row per signal: hits, misses, median lead, false alarms, crashes after alarms."""
        rows = []
        for name in self.signals:
            t = self.table[self.table["signal"] == name]
            bub = t[(t["kind"] == "bubble") & (t["status"] != "no data")]
            calm = t[(t["kind"] == "calm") & (t["status"] != "no data")]
            hits = bub[bub["hit"] == True]  # noqa: E712 - object column with None
            leads = pd.to_numeric(hits["lead_days"], errors="coerce").dropna()
            followed = bub["crash_followed"].dropna()
            rows.append(
                {
                    "signal": name,
                    "bubbles_evaluated": len(bub),
                    "hits": len(hits),
                    "misses": len(bub) - len(hits),
                    "median_lead_days": float(leads.median()) if len(leads) else None,
                    "mean_share_flagged": float(bub["share_flagged"].mean()) if len(bub) else None,
                    "calm_spans": len(calm),
                    "calm_spans_with_alarm": int(calm["false_alarm"].sum()) if len(calm) else 0,
                    "calm_share_flagged": float(calm["share_flagged"].mean()) if len(calm) else None,
                    "alarms_followed_by_crash": int((followed == True).sum()),  # noqa: E712
                    "alarms_not_followed_by_crash": int((followed == False).sum()),  # noqa: E712
                }
            )
        return pd.DataFrame(rows)

    def summary(self) -> str:
        sc = self.scorecard()
        lines = [
            f"Backtest: {len(self.signals)} signals, crash = {self.crash_rule.drawdown:.0%} fall within "
            f"{self.crash_rule.horizon_years:g} years of an alarm"
        ]
        for r in sc.itertuples():
            lead = f"{r.median_lead_days:.0f} days" if r.median_lead_days is not None else "n/a"
            lines.append(
                f"  {r.signal}: {r.hits}/{r.bubbles_evaluated} bubbles flagged (median lead {lead}), "
                f"{r.calm_spans_with_alarm}/{r.calm_spans} calm spans with a false alarm"
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "crash_rule": self.crash_rule.model_dump(),
            "signals": {s: self.descriptions.get(s, "") for s in self.signals},
            "meta": to_jsonable(dict(self.meta)),
            "scorecard": to_jsonable(self.scorecard()),
            "table": to_jsonable(self.table),
        }

    def to_markdown(self) -> str:
        """The validation tables as Markdown (for docs/validation.md)."""
        sc = self.scorecard()
        out = ["| signal | bubbles flagged | misses | median lead (days) | mean share of run-up flagged | calm spans with false alarm | alarms → crash / no crash |",
               "|---|---|---|---|---|---|---|"]
        for r in sc.itertuples():
            lead = f"{r.median_lead_days:.0f}" if r.median_lead_days is not None else "–"
            share = f"{r.mean_share_flagged:.0%}" if r.mean_share_flagged is not None else "–"
            out.append(
                f"| {r.signal} | {r.hits}/{r.bubbles_evaluated} | {r.misses} | {lead} | {share} | "
                f"{r.calm_spans_with_alarm}/{r.calm_spans} | {r.alarms_followed_by_crash} / {r.alarms_not_followed_by_crash} |"
            )
        out += ["", "| signal | episode | kind | status | first alarm | lead (days) | share flagged | alarm runs | crash followed |",
                "|---|---|---|---|---|---|---|---|---|"]
        for r in self.table.itertuples():
            fa = r.first_alarm.date().isoformat() if isinstance(getattr(r, "first_alarm", None), pd.Timestamp) else "none"
            lead = getattr(r, "lead_days", None)
            lead_s = "–" if lead is None or (isinstance(lead, float) and np.isnan(lead)) else f"{lead:.0f}"
            share = getattr(r, "share_flagged", None)
            share_s = "–" if share is None or (isinstance(share, float) and np.isnan(share)) else f"{share:.0%}"
            runs = getattr(r, "alarm_runs", None)
            runs_s = "–" if runs is None or (isinstance(runs, float) and np.isnan(runs)) else f"{int(runs)}"
            cf = getattr(r, "crash_followed", None)
            cf_s = {True: "yes", False: "no"}.get(cf, "–") if not (isinstance(cf, float) and np.isnan(cf)) else "–"
            out.append(f"| {r.signal} | {r.episode} | {r.kind} | {r.status} | {fa} | {lead_s} | {share_s} | {runs_s} | {cf_s} |")
        return "\n".join(out)

    def plot(self) -> Any:
        import plotly.graph_objects as go

        t = self.table.copy()
        t["share"] = pd.to_numeric(t.get("share_flagged"), errors="coerce")
        piv = t.pivot_table(index="signal", columns="episode", values="share", aggfunc="first")
        order = [e for e in dict.fromkeys(self.table["episode"]) if e in piv.columns]
        piv = piv[order]
        fig = go.Figure(
            go.Heatmap(
                z=piv.to_numpy(), x=list(piv.columns), y=list(piv.index), colorscale="OrRd", zmin=0, zmax=1,
                colorbar={"title": "share flagged"},
                hovertemplate="%{y} · %{x}: %{z:.0%} of the window flagged<extra></extra>",
            )
        )
        fig.update_layout(title="Share of each episode's window flagged (bubbles: run-up; calm: the span)",
                          height=120 + 40 * len(piv.index), margin={"l": 160})
        return fig


def evaluate(
    signals: Sequence[Signal],
    prices: Mapping[str, pd.Series],
    catalogue: Catalogue,
    *,
    episodes: Sequence[str] | None = None,
) -> BacktestResult:
    """Score every signal on every catalogue episode whose series it was computed on."""
    if not signals:
        raise InputError("backtest: no signals to evaluate")
    eps = [catalogue.get(e) for e in episodes] if episodes else list(catalogue.episodes)
    rows = []
    for sig in signals:
        if sig.series not in prices:
            raise InputError(f"signal {sig.name}: no price series {sig.series!r}")
        for ep in eps:
            if ep.series != sig.series:
                continue
            rows.append(_episode_row(sig, prices[sig.series], ep, catalogue.crash))
    table = pd.DataFrame(rows)
    names = tuple(dict.fromkeys(s.name for s in signals))
    desc = {s.name: s.description for s in signals}
    return BacktestResult(table=table, crash_rule=catalogue.crash, signals=names, descriptions=desc)
