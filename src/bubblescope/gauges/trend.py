"""GMO trend deviation: how far a (real) price is above its log-linear trend, in standard deviations.

GMO (Jeremy Grantham) calls a 2σ deviation of price from trend a bubble
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
from bubblescope.gauges._series import monthly, price_series, runs
from bubblescope.results import Result, to_jsonable

GMO_CITATION = ("GMO / Jeremy Grantham: a bubble is a 2-sigma deviation from trend, a super-bubble 2.5 "
                "sigma (e.g. GMO Viewpoints 'Let the Wild Rumpus Begin', 2021-01)")


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
    p = monthly(price_series(prices, name))
    real = cpi is not None
    if cpi is not None:
        c = monthly(price_series(cpi, "cpi")).reindex(p.index)
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
    for i, j in runs((sigma >= bubble_sigma).to_numpy()):
        part = sigma.iloc[i : j + 1]
        pk = float(part.max())
        events.append({"start": sigma.index[i], "end": sigma.index[j], "peak_date": part.idxmax(),
                       "peak_sigma": pk, "level": "super-bubble" if pk >= super_sigma else "bubble"})
    return TrendDeviationResult(name=name, sigma=sigma, trend=trend, bubble_sigma=bubble_sigma,
                                super_sigma=super_sigma, real=real, min_years=min_years, events=events)
