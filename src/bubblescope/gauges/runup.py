"""The Greenwood–Shleifer–You (2019) run-up test (GMO's 2σ / 2.5σ trend deviation is in ``trend``).

**GSY run-up** (Greenwood, Shleifer & You, "Bubbles for Fama", *Journal of Financial Economics* 131(1),
2019; NBER WP 23191, http://www.nber.org/papers/w23191). A run-up is a trailing 2-year return of at
least 100 %, both raw and net of the market (asset return minus market return over the same 2 years);
optionally the 5-year raw return must also be at least 50 %. The paper's crash is a 40 % drawdown
within the following 2 years. GSY find that such run-ups do not predict low average returns but do
raise the probability of a crash, and that it rises further with the run-up's volatility, turnover,
equity issuance, the share of young firms and an accelerating price path. The frequencies shown with
the result are the published figures in :data:`CRASH_FREQUENCIES` (with their citations).
:func:`crash_frequency` picks the figure for a given run-up.

The GMO trend deviation (:func:`gmo_trend_deviation`) lives in :mod:`bubblescope.gauges.trend`
and is importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import InputError
from bubblescope.gauges._series import monthly, price_series, runs
from bubblescope.gauges.trend import (  # noqa: F401 - importable from here as before 0.2.0
    GMO_CITATION,
    TrendDeviationResult,
    _expanding_ols_sigma,
    gmo_trend_deviation,
)
from bubblescope.results import Result, to_jsonable

#: Published crash frequencies after run-ups: the 2-year net-of-market run-up threshold (%), the
#: share of such US industry episodes (Fama-French 49 industries, 1926-2014) that fell >= 40 % within
#: the next two years, and where the figure is published. The paper's own tables are the primary
#: source; the "as summarised" entries were checked against two independent public summaries of it,
#: not against the paper itself (see docs/gauges.md).
CRASH_FREQUENCIES: tuple[dict[str, Any], ...] = (
    {
        "runup_2y_pct": 50.0,
        "crash_probability": 0.20,
        "episodes": None,
        "definition": "40% drawdown within two years, US industries, net-of-market run-up",
        "source": "Greenwood, Shleifer & You (2019), as summarised in public secondary sources",
    },
    {
        "runup_2y_pct": 100.0,
        "crash_probability": 0.53,
        "episodes": "21 of 40",
        "definition": "40% drawdown within two years, US industries, net-of-market run-up",
        "source": "Greenwood, Shleifer & You (2019), as summarised in public secondary sources",
    },
    {
        "runup_2y_pct": 150.0,
        "crash_probability": 0.80,
        "episodes": None,
        "definition": "40% drawdown within two years, US industries",
        "source": "Greenwood, Shleifer & You (2019), as summarised in public secondary sources (~80%)",
    },
    {
        "runup_2y_pct": 100.0,
        "crash_probability": 0.50,
        "episodes": None,
        "definition": "40% decline at some point over the next two years, US stock market (froth forecast)",
        "source": "Greenwood froth forecasts, State Street Associates, reported by MarketWatch via ForexLive, "
                  "2024-06-20 ('close to 50%' at a 100% run-up; 'nearly certain' at 150%), https://www.forexlive.com/"
                  "news/probability-of-a-us-stock-market-crash-is-below-average-according-to-froth-forecasts-20240620/",
    },
)

GSY_CITATION = ("Greenwood, R., Shleifer, A. & You, Y. (2019), Bubbles for Fama, Journal of Financial "
                "Economics 131(1): 20-43, doi:10.1016/j.jfineco.2018.09.002; NBER WP 23191, "
                "http://www.nber.org/papers/w23191")
def crash_frequency(runup_2y_pct: float) -> dict[str, Any] | None:
    """The GSY conditional crash frequency for the highest threshold a 2-year run-up (%) reaches."""
    rows = [r for r in CRASH_FREQUENCIES[:3] if runup_2y_pct >= r["runup_2y_pct"]]
    return max(rows, key=lambda r: r["runup_2y_pct"]) if rows else None


# ----------------------------------------------------------------------------------------------- GSY

@dataclass(frozen=True)
class RunUpEpisode:
    """A spell of consecutive months that pass the GSY run-up test."""

    start: pd.Timestamp
    end: pd.Timestamp
    peak_raw_2y: float
    peak_net_2y: float | None
    crashed_40pct_within_2y: bool | None  # None when fewer than 2 years of data follow the spell's end


@dataclass(frozen=True)
class RunUpResult(Result):
    """Greenwood–Shleifer–You run-up test on one asset (returns in %, monthly)."""

    name: str
    raw_2y: pd.Series
    net_2y: pd.Series | None
    raw_5y: pd.Series
    flag: pd.Series
    episodes: list[RunUpEpisode]
    threshold_2y: float
    threshold_5y: float | None
    characteristics: dict[str, Any]
    crash_frequencies: tuple[dict[str, Any], ...] = CRASH_FREQUENCIES
    citation: str = GSY_CITATION

    @property
    def flagged(self) -> bool:
        return bool(self.flag.any())

    def flagged_between(self, start: str, end: str) -> bool:
        """True if any month in [start, end] passes the test."""
        return bool(self.flag.loc[pd.Timestamp(start) : pd.Timestamp(end)].any())

    @property
    def latest(self) -> dict[str, Any]:
        when = self.raw_2y.index[-1]
        net = None if self.net_2y is None or when not in self.net_2y.index else float(self.net_2y.loc[when])
        return {"as_of": when, "raw_2y_pct": float(self.raw_2y.iloc[-1]), "net_2y_pct": net,
                "flag": bool(self.flag.iloc[-1])}

    def summary(self) -> str:
        lat = self.latest
        net = "n/a (no market series)" if lat["net_2y_pct"] is None else f"{lat['net_2y_pct']:.0f}%"
        lines = [f"GSY run-up test, {self.name}: 2y raw {lat['raw_2y_pct']:.0f}%, net of market {net} "
                 f"as of {lat['as_of'].date()} -> {'RUN-UP' if lat['flag'] else 'no run-up'}"]
        for e in self.episodes:
            crash = {True: "crashed ≥40% within 2y", False: "no 40% crash within 2y", None: "outcome pending"}
            lines.append(f"  {e.start.date():%Y-%m} to {e.end.date():%Y-%m}: peak 2y raw {e.peak_raw_2y:.0f}%"
                         f" ({crash[e.crashed_40pct_within_2y]})")
        lines.append("  GSY (2019): after a 100% two-year run-up about 53% of US industry episodes crashed >=40% "
                     "within two years (about 80% after 150%)")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({"raw_2y_pct": self.raw_2y, "raw_5y_pct": self.raw_5y, "flag": self.flag})
        if self.net_2y is not None:
            df["net_2y_pct"] = self.net_2y
        df.index.name = "date"
        return df

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({
            "name": self.name, "latest": self.latest, "threshold_2y_pct": self.threshold_2y,
            "threshold_5y_pct": self.threshold_5y, "episodes": self.episodes,
            "characteristics": self.characteristics, "crash_frequencies": self.crash_frequencies,
            "citation": self.citation,
        })

    def plot(self) -> Any:
        import plotly.graph_objects as go

        fig = go.Figure()
        fig.add_trace(go.Scatter(x=self.raw_2y.index, y=self.raw_2y.to_numpy(), name="2y raw return %"))
        if self.net_2y is not None:
            fig.add_trace(go.Scatter(x=self.net_2y.index, y=self.net_2y.to_numpy(), name="2y net of market %"))
        fig.add_hline(y=self.threshold_2y, line_dash="dash", annotation_text=f"{self.threshold_2y:.0f}%")
        fig.update_layout(title=f"Greenwood–Shleifer–You run-up test: {self.name}", yaxis_title="%")
        return fig


def _episodes(flag: pd.Series, raw: pd.Series, net: pd.Series | None, price: pd.Series) -> list[RunUpEpisode]:
    out: list[RunUpEpisode] = []
    for i, j in runs(flag.to_numpy()):
        start, end = flag.index[i], flag.index[j]
        # GSY crash: a 40% drawdown within two years of a run-up month, measured here from the
        # running high over [first flagged month, last flagged month + 2 years].
        horizon = end + pd.DateOffset(years=2)
        path = price.loc[start:horizon]
        crashed: bool | None = bool((path / path.cummax()).min() <= 0.6)
        if not crashed and price.index[-1] < horizon:
            crashed = None  # no crash yet, but fewer than two years of data follow
        out.append(RunUpEpisode(
            start=start, end=end, peak_raw_2y=float(raw.loc[start:end].max()),
            peak_net_2y=None if net is None else float(net.loc[start:end].max()), crashed_40pct_within_2y=crashed,
        ))
    return out


def gsy_runup(
    prices: pd.Series,
    market: pd.Series | None = None,
    *,
    name: str = "asset",
    threshold_2y: float = 100.0,
    threshold_5y: float | None = None,
    volume: pd.Series | None = None,
) -> RunUpResult:
    """The GSY run-up test on a price (or total-return) series, daily or monthly.

    Returns are computed on month-end prices: ``raw_2y`` = 100·(P_t / P_{t−24} − 1), ``net_2y`` =
    raw_2y minus the market's 2-year return (needs ``market``). A month is flagged when raw and net
    (when a market is given) are both ≥ ``threshold_2y`` % and, if ``threshold_5y`` is set, the
    5-year raw return is ≥ ``threshold_5y`` %.
    Characteristics computed where data allow (latest 2-year window): annualised volatility of monthly
    returns, acceleration (return over the last 6 of the 24 months, %); turnover, issuance and firm age
    need data this function is not given and are reported as not available.
    """
    if threshold_2y <= 0:
        raise InputError(f"threshold_2y must be positive, got {threshold_2y}")
    p = monthly(price_series(prices, name))
    if len(p) < 25:
        raise InputError(f"{name}: the run-up test needs at least 25 months of prices, got {len(p)}")
    raw = (100.0 * (p / p.shift(24) - 1.0)).dropna()
    raw5 = (100.0 * (p / p.shift(60) - 1.0)).dropna()
    net = None
    ok = raw >= threshold_2y
    if market is not None:
        m = monthly(price_series(market, "market"))
        mret = 100.0 * (m / m.shift(24) - 1.0)
        net = (raw - mret.reindex(raw.index)).dropna()
        if net.empty:
            raise InputError(f"{name}: the market series does not overlap the asset's 2-year returns")
        ok = ok.reindex(net.index) & (net >= threshold_2y)
        raw = raw.reindex(net.index)
    if threshold_5y is not None:
        ok = ok & (raw5.reindex(ok.index) >= threshold_5y).fillna(False)
    flag = ok.astype(bool)
    window = p.iloc[-25:]
    r = np.log(window).diff().dropna()
    chars: dict[str, Any] = {
        "volatility_ann_pct": float(r.std(ddof=1) * np.sqrt(12) * 100.0),
        "acceleration_6m_pct": float(100.0 * (window.iloc[-1] / window.iloc[-7] - 1.0)),
        "turnover": "not available (needs shares outstanding with volume)" if volume is not None
        else "not available (needs volume and shares outstanding)",
        "issuance": "not available (needs shares outstanding or equity issuance data)",
        "firm_age": "not available (needs listing dates of the constituent firms)",
    }
    return RunUpResult(name=name, raw_2y=raw, net_2y=net, raw_5y=raw5, flag=flag,
                       episodes=_episodes(flag, raw, net, p), threshold_2y=threshold_2y,
                       threshold_5y=threshold_5y, characteristics=chars)
