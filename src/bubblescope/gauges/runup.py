"""Run-up and trend tests: Greenwood–Shleifer–You (2019) and GMO's 2σ / 2.5σ trend deviation.

**GSY run-up** (Greenwood, Shleifer & You, "Bubbles for Fama", *Journal of Financial Economics* 131(1),
2019; NBER WP 23191, http://www.nber.org/papers/w23191). A run-up is a trailing 2-year return of at
least 100 %, both raw and net of the market (asset return minus market return over the same 2 years);
optionally the 5-year raw return must also be at least 50 %. The paper's crash is a 40 % drawdown
within the following 2 years. GSY find that such run-ups do not predict low average returns but do
raise the probability of a crash, and that it rises further with the run-up's volatility, turnover,
equity issuance, the share of young firms and an accelerating price path. The frequencies shown with
the result are the published figures in :data:`CRASH_FREQUENCIES` (with their citations).
:func:`crash_frequency` picks the figure for a given run-up.

**GMO trend deviation.** GMO (Jeremy Grantham) calls a 2σ deviation of price from trend a bubble
and 2.5σ a super-bubble. The trend method here (documented in docs/gauges.md): log price (deflate
first with ``cpi`` for a *real* price) is regressed on time by OLS; by default the regression is
**expanding** — at each month it uses only data from the start up to that month, so a reading never
uses the future — and σ is the standard deviation of that regression's residuals. ``trend="full"``
fits one line on the whole sample instead (look-ahead; as in after-the-fact charts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from bubblescope.errors import InputError
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
GMO_CITATION = ("GMO / Jeremy Grantham: a bubble is a 2-sigma deviation from trend, a super-bubble 2.5 "
                "sigma (e.g. GMO Viewpoints 'Let the Wild Rumpus Begin', 2021-01)")


def crash_frequency(runup_2y_pct: float) -> dict[str, Any] | None:
    """The GSY conditional crash frequency for the highest threshold a 2-year run-up (%) reaches."""
    rows = [r for r in CRASH_FREQUENCIES[:3] if runup_2y_pct >= r["runup_2y_pct"]]
    return max(rows, key=lambda r: r["runup_2y_pct"]) if rows else None


def _price_series(s: pd.Series, name: str) -> pd.Series:
    if not isinstance(s, pd.Series):
        raise InputError(f"{name}: expected a pandas Series, got {type(s).__name__}")
    if not isinstance(s.index, pd.DatetimeIndex):
        raise InputError(f"{name}: the index must be dates (DatetimeIndex)")
    v = pd.to_numeric(s, errors="coerce").astype(float).dropna()
    if v.index.has_duplicates:
        raise InputError(f"{name}: duplicate dates (e.g. {v.index[v.index.duplicated()][0].date()})")
    if (v <= 0).any():
        bad = v.index[(v <= 0).to_numpy()][0]
        raise InputError(f"{name}: prices must be positive (got {v.loc[bad]} on {bad.date()})")
    return v.sort_index()


def monthly(s: pd.Series) -> pd.Series:
    """Month-end last observation, labelled by the month's start (daily or monthly input)."""
    m = s.resample("MS").last().dropna()
    return m


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
    f = flag.to_numpy()
    idx = flag.index
    i = 0
    while i < len(f):
        if not f[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(f) and f[j + 1]:
            j += 1
        start, end = idx[i], idx[j]
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
        i = j + 1
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
    p = monthly(_price_series(prices, name))
    if len(p) < 25:
        raise InputError(f"{name}: the run-up test needs at least 25 months of prices, got {len(p)}")
    raw = (100.0 * (p / p.shift(24) - 1.0)).dropna()
    raw5 = (100.0 * (p / p.shift(60) - 1.0)).dropna()
    net = None
    ok = raw >= threshold_2y
    if market is not None:
        m = monthly(_price_series(market, "market"))
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


# ----------------------------------------------------------------------------------------------- GMO

@dataclass(frozen=True)
class TrendDeviationResult(Result):
    """Deviation of log (real) price from its log-linear trend, in standard deviations."""

    name: str
    sigma: pd.Series
    trend: Literal["expanding", "full"]
    bubble_sigma: float = 2.0
    super_sigma: float = 2.5
    real: bool = False
    min_years: int = 20
    events: list[dict[str, Any]] = field(default_factory=list)
    citation: str = GMO_CITATION

    def level(self, value: float) -> str:
        if value >= self.super_sigma:
            return "super-bubble"
        if value >= self.bubble_sigma:
            return "bubble"
        return "none"

    def max_between(self, start: str, end: str) -> float:
        """The highest deviation (σ) in [start, end] (NaN when no reading)."""
        part = self.sigma.loc[pd.Timestamp(start) : pd.Timestamp(end)]
        return float(part.max()) if not part.empty else float("nan")

    @property
    def latest(self) -> dict[str, Any]:
        v = float(self.sigma.iloc[-1])
        return {"as_of": self.sigma.index[-1], "sigma": v, "level": self.level(v)}

    def summary(self) -> str:
        lat = self.latest
        kind = "real " if self.real else ""
        lines = [f"GMO trend deviation, {self.name} ({kind}price, {self.trend} log-linear trend): "
                 f"{lat['sigma']:+.2f} sigma as of {lat['as_of'].date()} -> {lat['level']}"]
        for e in self.events:
            lines.append(f"  {e['start']:%Y-%m} to {e['end']:%Y-%m}: peak {e['peak_sigma']:+.2f} sigma "
                         f"({e['peak_date']:%Y-%m}) {e['level']}")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({"sigma": self.sigma})
        df["level"] = [self.level(v) for v in self.sigma.to_numpy()]
        df.index.name = "date"
        return df

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({
            "name": self.name, "trend": self.trend, "real": self.real, "min_years": self.min_years,
            "bubble_sigma": self.bubble_sigma, "super_sigma": self.super_sigma, "latest": self.latest,
            "events": self.events, "citation": self.citation,
        })

    def plot(self) -> Any:
        import plotly.graph_objects as go

        fig = go.Figure(go.Scatter(x=self.sigma.index, y=self.sigma.to_numpy(), name="sigma"))
        fig.add_hline(y=self.bubble_sigma, line_dash="dash", annotation_text="bubble (2σ)")
        fig.add_hline(y=self.super_sigma, line_dash="dot", annotation_text="super-bubble (2.5σ)")
        fig.update_layout(title=f"GMO trend deviation: {self.name}", yaxis_title="σ from trend")
        return fig


def _expanding_ols_sigma(y: np.ndarray, min_n: int) -> np.ndarray:
    """Residual at t / residual std of the OLS fit of y[0..t] on time, for every t ≥ min_n − 1.

    Written with running sums (O(n)) because refitting statsmodels OLS at every month is O(n²);
    the closed form is the textbook simple-regression one.
    """
    n = y.size
    t = np.arange(n, dtype=float)
    k = t + 1.0
    st, sy = np.cumsum(t), np.cumsum(y)
    stt, sty, syy = np.cumsum(t * t), np.cumsum(t * y), np.cumsum(y * y)
    out = np.full(n, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        sxx = stt - st * st / k
        sxy = sty - st * sy / k
        syy_c = syy - sy * sy / k
        b = sxy / sxx
        a = (sy - b * st) / k
        rss = np.maximum(syy_c - b * sxy, 0.0)
        sd = np.sqrt(rss / (k - 1.0))  # std of residuals (mean zero), ddof=1 as pandas .std()
        out = (y - (a + b * t)) / sd
    out[: max(min_n - 1, 2)] = np.nan
    return out


def gmo_trend_deviation(
    prices: pd.Series,
    *,
    cpi: pd.Series | None = None,
    name: str = "series",
    trend: Literal["expanding", "full"] = "expanding",
    min_years: int = 20,
    bubble_sigma: float = 2.0,
    super_sigma: float = 2.5,
) -> TrendDeviationResult:
    """GMO-style deviation from trend on any price series (monthly, daily is resampled).

    ``cpi`` (same frequency or finer) deflates the price first; Shiller's ``real_price`` needs no
    ``cpi``. ``min_years`` of history are required before the expanding trend gives a reading.
    Events are spells at ≥ ``bubble_sigma`` with their peak.
    """
    if trend not in ("expanding", "full"):
        raise InputError(f"trend must be 'expanding' or 'full', got {trend!r}")
    if not 0 < bubble_sigma <= super_sigma:
        raise InputError("need 0 < bubble_sigma <= super_sigma")
    if min_years < 2:
        raise InputError(f"min_years must be at least 2, got {min_years}")
    p = monthly(_price_series(prices, name))
    real = cpi is not None
    if cpi is not None:
        c = monthly(_price_series(cpi, "cpi")).reindex(p.index)
        p = (p / c).dropna()
    min_n = 12 * min_years
    if len(p) < min_n:
        raise InputError(f"{name}: needs at least {min_years} years of monthly prices, got {len(p)} months")
    y = np.log(p.to_numpy())
    if trend == "expanding":
        z = _expanding_ols_sigma(y, min_n)
    else:
        t = np.arange(y.size, dtype=float)
        b, a = np.polyfit(t, y, 1)
        res = y - (a + b * t)
        z = res / res.std(ddof=1)
    sigma = pd.Series(z, index=p.index, name="sigma").dropna()
    events: list[dict[str, Any]] = []
    hot = (sigma >= bubble_sigma).to_numpy()
    i = 0
    while i < len(hot):
        if not hot[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(hot) and hot[j + 1]:
            j += 1
        part = sigma.iloc[i : j + 1]
        pk = float(part.max())
        events.append({"start": sigma.index[i], "end": sigma.index[j], "peak_date": part.idxmax(),
                       "peak_sigma": pk, "level": "super-bubble" if pk >= super_sigma else "bubble"})
        i = j + 1
    return TrendDeviationResult(name=name, sigma=sigma, trend=trend, bubble_sigma=bubble_sigma,
                                super_sigma=super_sigma, real=real, min_years=min_years, events=events)
