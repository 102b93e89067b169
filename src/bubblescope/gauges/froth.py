"""Froth and conditions gauges: margin debt, sentiment, attention, volatility, credit spreads and
financial conditions, each placed against its own history (percentile, light, as-of, source).

Pure: takes the series (``bubblescope.data.conditions.read_conditions`` keys) and returns gauges.

================  ==========================================  ===========  ==========
gauge key         reading                                     hot when     family
================  ==========================================  ===========  ==========
margin_vs_trend   margin debt vs its expanding log-linear     high         froth
                  trend (%)
margin_growth_1y  margin debt, 12-month growth (%)            high         froth
margin_growth_2y  margin debt, 24-month growth (%)            high         froth
margin_real_1y    margin debt deflated by CPI, 12-month (%)   high         froth
aaii_bull_bear    AAII bullish − bearish (pp)                 high         froth
naaim             NAAIM manager exposure index                high         froth
fear_greed        CNN Fear & Greed (0–100)                    high         froth
google_trends     Google Trends "AI bubble" interest (0–100)  high         froth
vix               VIX (complacency)                           low          froth
hy_oas, ig_oas    HY / IG option-adjusted spread (pp)         low          credit
hy_oas_1y, …      their 1-year change (pp)                    low          credit
nfci, anfci       Chicago Fed (adjusted) NFCI                 low (loose)  credit
stlfsi            St. Louis Fed financial stress index        low          credit
================  ==========================================  ===========  ==========

Weekly and daily series are sampled at month ends before the 1- and 2-year changes are taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bubblescope.errors import InputError
from bubblescope.gauges._gauge import Gauge, iso, unavailable
from bubblescope.gauges._history import history_stats

FAMILY_OF_GROUP = {"froth": "froth", "credit": "credit", "monetary": "monetary"}


@dataclass(frozen=True)
class MarginDebtGrowth:
    """Margin debt at ``as_of``: level, 1- and 2-year growth (%), and its deviation from trend (%)."""

    as_of: pd.Timestamp
    level: float
    growth_1y: float
    growth_2y: float
    vs_trend: float
    real_growth_1y: float | None = None


def _month_end(s: pd.Series) -> pd.Series:
    return s.resample("ME").last().dropna()


def _growth(m: pd.Series, months: int) -> pd.Series:
    return (100.0 * (m / m.shift(months) - 1.0)).dropna()


def _vs_trend(m: pd.Series, min_obs: int = 36) -> pd.Series:
    """Percent above the log-linear trend fitted to the data up to each month (real time)."""
    y = np.log(m.to_numpy(dtype=float))
    t = np.arange(len(y), dtype=float)
    out = np.full(len(y), np.nan)
    for i in range(min_obs - 1, len(y)):
        b, a = np.polyfit(t[: i + 1], y[: i + 1], 1)
        out[i] = 100.0 * (np.exp(y[i] - (a + b * t[i])) - 1.0)
    return pd.Series(out, index=m.index).dropna()


def _checked(series: pd.Series, name: str) -> pd.Series:
    if not isinstance(series, pd.Series) or not isinstance(series.index, pd.DatetimeIndex):
        raise InputError(f"{name}: expected a pandas Series indexed by dates")
    return pd.to_numeric(series, errors="coerce").astype(float).dropna().sort_index()


def margin_debt_growth(series: pd.Series, as_of: str | pd.Timestamp | None = None,
                       cpi: pd.Series | None = None) -> MarginDebtGrowth:
    """Margin debt growth at ``as_of`` from data up to that date only (for the novice-investors factor).

    Raises :class:`InputError` with fewer than 25 monthly observations up to ``as_of``.
    """
    m = _month_end(_checked(series, "margin debt"))
    if as_of is not None:
        m = m.loc[: pd.Timestamp(as_of)]
    m = m[m > 0]
    if len(m) < 25:
        raise InputError(f"margin debt: needs at least 25 monthly observations up to the as-of date, got {len(m)}")
    trend = _vs_trend(m)
    real = None
    if cpi is not None:
        c = _month_end(_checked(cpi, "cpi")).reindex(m.index).ffill()
        r = _growth((m / c).dropna(), 12)
        real = float(r.iloc[-1]) if not r.empty and r.index[-1] == m.index[-1] else None
    return MarginDebtGrowth(as_of=pd.Timestamp(m.index[-1]), level=float(m.iloc[-1]),
                            growth_1y=float(_growth(m, 12).iloc[-1]), growth_2y=float(_growth(m, 24).iloc[-1]),
                            vs_trend=float(trend.iloc[-1]) if not trend.empty else float("nan"), real_growth_1y=real)


@dataclass(frozen=True)
class _Spec:
    key: str
    name: str
    unit: str
    group: str
    higher_is_hotter: bool


def _hist_gauge(spec: _Spec, s: pd.Series | None, source: str, as_of: pd.Timestamp | None,
                window_years: int, needs: str) -> Gauge:
    if s is None or s.empty:
        return unavailable(spec.key, spec.name, spec.unit, needs, group=spec.group)
    try:
        h = history_stats(s, name=spec.name, as_of=as_of, window_years=window_years,
                          higher_is_hotter=spec.higher_is_hotter, min_obs=24)
    except InputError as exc:
        return unavailable(spec.key, spec.name, spec.unit, f"a longer history before the as-of date ({exc})",
                           group=spec.group, source=source)
    return Gauge(key=spec.key, name=spec.name, unit=spec.unit, value=h.value, as_of=iso(h.as_of), source=source,
                 group=spec.group, history=h, higher_is_hotter=spec.higher_is_hotter)


def _margin_series(data: Mapping[str, pd.Series]) -> dict[str, pd.Series]:
    md = data.get("margin_debt")
    if md is None:
        return {}
    m = _month_end(_checked(md, "margin debt"))
    m = m[m > 0]
    out = {"margin_vs_trend": _vs_trend(m), "margin_growth_1y": _growth(m, 12), "margin_growth_2y": _growth(m, 24)}
    cpi = data.get("CPIAUCSL")
    if cpi is not None:
        c = _month_end(_checked(cpi, "cpi")).reindex(m.index).ffill()
        out["margin_real_1y"] = _growth((m / c).dropna(), 12)
    return out


def _src(s: pd.Series | None, what: str) -> str:
    if s is None:
        return what
    src = str(s.attrs.get("source", ""))
    return src if src.startswith("FRED ") else f"{what}: {src}"


def _change_1y(s: pd.Series | None) -> pd.Series | None:
    if s is None:
        return None
    m = _month_end(_checked(s, "spread"))
    return (m - m.shift(12)).dropna()


def _rows(data: Mapping[str, pd.Series]) -> list[tuple[_Spec, pd.Series | None, str, str]]:
    md = data.get("margin_debt")
    msrc = _src(md, "FINRA margin statistics")
    margin = _margin_series(data)
    hy, ig = data.get("BAMLH0A0HYM2"), data.get("BAMLC0A0CM")
    g = data.get("google_trends")
    rows: list[tuple[_Spec, pd.Series | None, str, str]] = [
        (_Spec("margin_vs_trend", "Margin debt vs its trend", "%", "froth", True), margin.get("margin_vs_trend"),
         msrc, "FINRA margin debt (margin_debt/)"),
        (_Spec("margin_growth_1y", "Margin debt, 1-year growth", "%", "froth", True),
         margin.get("margin_growth_1y"), msrc, "FINRA margin debt (margin_debt/)"),
        (_Spec("margin_growth_2y", "Margin debt, 2-year growth", "%", "froth", True),
         margin.get("margin_growth_2y"), msrc, "FINRA margin debt (margin_debt/)"),
        (_Spec("margin_real_1y", "Margin debt, real 1-year growth (CPI)", "%", "froth", True),
         margin.get("margin_real_1y"), msrc + "; CPI: " + _src(data.get("CPIAUCSL"), "FRED CPIAUCSL"),
         "FINRA margin debt and CPI (fred/**/CPIAUCSL.csv)"),
        (_Spec("aaii_bull_bear", "AAII bull-bear spread", "pp", "froth", True), data.get("aaii_bull_bear"),
         _src(data.get("aaii_bull_bear"), "AAII sentiment survey"), "the AAII survey (sentiment/aaii_sentiment*.csv)"),
        (_Spec("naaim", "NAAIM exposure index", "", "froth", True), data.get("naaim"),
         _src(data.get("naaim"), "NAAIM"), "the NAAIM index (sentiment/naaim_exposure*.csv)"),
        (_Spec("fear_greed", "CNN Fear & Greed index", "", "froth", True), data.get("fear_greed"),
         _src(data.get("fear_greed"), "CNN Fear & Greed"), "CNN Fear & Greed (sentiment/cnn_fear_greed*.csv)"),
        (_Spec("google_trends", "Google Trends: " + str(g.attrs.get("term", "AI bubble")) if g is not None
               else "Google Trends: AI bubble", "", "froth", True), g,
         _src(g, "Google Trends"), "a Google Trends export (sentiment/google_trends_ai_bubble*.csv)"),
        (_Spec("vix", "VIX (low = complacent)", "", "froth", False), data.get("VIXCLS"),
         _src(data.get("VIXCLS"), "CBOE VIX"), "FRED VIXCLS (fred/**/VIXCLS.csv)"),
        (_Spec("hy_oas", "High-yield OAS (low = tight)", "pp", "credit", False), hy,
         _src(hy, "ICE BofA HY OAS"), "FRED BAMLH0A0HYM2"),
        (_Spec("hy_oas_1y", "High-yield OAS, 1-year change", "pp", "credit", False), _change_1y(hy),
         _src(hy, "ICE BofA HY OAS"), "FRED BAMLH0A0HYM2"),
        (_Spec("ig_oas", "Investment-grade OAS (low = tight)", "pp", "credit", False), ig,
         _src(ig, "ICE BofA IG OAS"), "FRED BAMLC0A0CM"),
        (_Spec("ig_oas_1y", "Investment-grade OAS, 1-year change", "pp", "credit", False), _change_1y(ig),
         _src(ig, "ICE BofA IG OAS"), "FRED BAMLC0A0CM"),
    ]
    for key, sid, name in (("nfci", "NFCI", "Chicago Fed NFCI (low = loose)"),
                           ("anfci", "ANFCI", "Chicago Fed adjusted NFCI (low = loose)"),
                           ("stlfsi", "STLFSI4", "St. Louis Fed financial stress (low = calm)")):
        s = data.get(sid)
        rows.append((_Spec(key, name, "", "credit", False), s, _src(s, f"FRED {sid}"), f"FRED {sid}"))
    return rows


def froth_gauges(data: Mapping[str, pd.Series], *, as_of: str | pd.Timestamp | None = None,
                 window_years: int = 30) -> list[Gauge]:
    """Every froth and credit gauge the data allow (missing ones say what they need); no lights yet
    (the panel lights them with its percentile bands)."""
    when = None if as_of is None else pd.Timestamp(as_of)
    out = []
    for spec, series, source, needs in _rows(data):
        s = None if series is None else _checked(series, spec.name)
        out.append(_hist_gauge(spec, s, source, when, window_years, needs))
    return out


__all__ = ["MarginDebtGrowth", "froth_gauges", "margin_debt_growth"]
