"""Sampling frequency of an LPPLS input: detection, the unit of t and tc, and steps → calendar dates.

With ``time="index"`` the LPPLS time axis counts observations, so tc − t2 is a number of steps of the
series' frequency. :func:`detect_freq` infers the frequency from the dates; :func:`steps_to_dates`
maps steps past the last date onto the right calendar: business days for trading-day data (numpy's
``busday_offset``, Monday–Friday), calendar days for 24/7 data, weeks, months and quarters as such,
and the median spacing for intraday data. Fractions of a step are added as that fraction of the
step's calendar length.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from bubblescope.errors import InputError

#: Frequency code → the unit tc is reported in.
FREQ_UNITS: dict[str, str] = {
    "B": "trading days", "D": "calendar days", "W": "weeks", "M": "months", "Q": "quarters",
    "intraday": "observations",
}
#: Observations per trading day at each frequency (to scale trading-day windows such as the FCO grid).
PER_TRADING_DAY: dict[str, float] = {"B": 1.0, "D": 365.25 / 252.0, "W": 52.18 / 252.0, "M": 12.0 / 252.0,
                                     "Q": 4.0 / 252.0}

_FEW_DATES = "LPPLS: too few dates to infer the sampling frequency; pass --freq (freq=...)"


def _spacing_days(index: pd.DatetimeIndex) -> np.ndarray:
    return np.diff(index.as_unit("ns").asi8).astype(float) / 86400e9


def _weekend_share(index: pd.DatetimeIndex) -> float:
    """Share of dates on a Saturday or Sunday (numpy day numbers; 1970-01-01 was a Thursday)."""
    if index.tz is not None:
        return float(np.mean(index.day_of_week >= 5))
    days = index.to_numpy().astype("datetime64[D]").astype(np.int64)
    return float(np.mean((days + 3) % 7 >= 5))


def detect_freq(index: pd.DatetimeIndex) -> str:
    """'B', 'D', 'W', 'M', 'Q' or 'intraday' from the median spacing of the dates (and weekend days)."""
    if len(index) < 3:
        raise InputError(_FEW_DATES)
    return _detect(index, float(np.median(_spacing_days(index))))


def _detect(index: pd.DatetimeIndex, med: float) -> str:
    """:func:`detect_freq` given the median spacing ``med`` (days) of at least 3 dates."""
    if med < 0.9:
        return "intraday"
    if med <= 1.5:
        return "D" if _weekend_share(index) > 0.1 else "B"
    for code, lo, hi in (("W", 5.0, 9.0), ("M", 26.0, 35.0), ("Q", 85.0, 95.0)):
        if lo <= med <= hi:
            return code
    raise InputError(
        f"LPPLS: cannot infer the sampling frequency (median spacing {med:.1f} days); pass --freq "
        "(B, D, W, M, Q or intraday)"
    )


def check_freq(freq: str | None, index: pd.DatetimeIndex) -> str:
    """The frequency to use: ``freq`` (validated) or the detected one; rejects a series with gaps."""
    auto = freq is None or freq == "auto"
    if auto and len(index) < 3:
        raise InputError(_FEW_DATES)
    if not (auto or freq in FREQ_UNITS):
        raise InputError(f"LPPLS: unknown frequency {freq!r}; use auto, B, D, W, M, Q or intraday (--freq)")
    d = _spacing_days(index)  # the spacing and its median once, for the detection and the gap check
    med = float(np.median(d)) if d.size else float("nan")
    code = _detect(index, med) if auto else str(freq)
    if d.size:
        limit = max(10.0 * med, 15.0)
        if d.max() > limit:
            k = int(d.argmax())
            raise InputError(
                f"LPPLS: the series has a gap of {d[k]:.0f} days between {index[k].date()} and "
                f"{index[k + 1].date()} (more than {limit:.0f}); fill it or fit a window without it"
            )
    return code


def step_days(index: pd.DatetimeIndex, freq: str) -> float:
    """Calendar length of one step in days (for fractions of a step, and intraday steps)."""
    if freq == "intraday":
        return float(np.median(_spacing_days(index)))
    return {"B": 1.0, "D": 1.0, "W": 7.0, "M": 30.4375, "Q": 91.3125}[freq]


def steps_to_dates(end: pd.Timestamp, steps: np.ndarray, freq: str, step: float) -> pd.DatetimeIndex:
    """Dates ``steps`` observations after ``end`` (NaN → NaT) on the calendar of ``freq``."""
    return pd.DatetimeIndex(steps_to_datetime64(end, steps, freq, step))


def steps_to_datetime64(end: pd.Timestamp, steps: np.ndarray, freq: str, step: float) -> np.ndarray:
    """:func:`steps_to_dates` as a datetime64[ns] numpy array (no index built)."""
    x = np.asarray(steps, dtype=float)
    out = np.full(x.shape, np.datetime64("NaT"), dtype="datetime64[ns]")
    ok = np.isfinite(x)
    if not ok.any():
        return out
    whole = np.floor(x[ok])
    frac_days = (x[ok] - whole) * step
    end = pd.Timestamp(end)
    if freq == "B":
        if end.tz is None:  # the day and the time of day straight from numpy (what normalize() gives)
            e = end.to_datetime64()
            day = e.astype("datetime64[D]")
            tod = e - day
        else:
            day = np.datetime64(end.normalize().date(), "D")
            tod = np.timedelta64(end - end.normalize())
        base = np.busday_offset(day, whole.astype(np.int64), roll="forward").astype("datetime64[ns]") + tod
    elif freq in ("M", "Q"):
        months = whole.astype(np.int64) * (1 if freq == "M" else 3)
        base = np.array([(end + pd.DateOffset(months=int(k))).to_datetime64() for k in months], dtype="datetime64[ns]")
    else:
        base = (end.to_datetime64() + (whole * step * 86400e9).astype("timedelta64[ns]")).astype("datetime64[ns]")
    out[ok] = base + (frac_days * 86400e9).astype("timedelta64[ns]")
    return out


def scale_windows(windows: tuple[int, ...], freq: str, min_points: int) -> list[int]:
    """Trading-day window lengths (e.g. the FCO grid) in observations of ``freq``, at least ``min_points``."""
    if freq == "intraday":
        raise InputError("LPPLS: intraday data has no default windows; pass windows in observations (--windows)")
    return list(_scaled(tuple(windows), freq, min_points))


@lru_cache(maxsize=32)
def _scaled(windows: tuple[int, ...], freq: str, min_points: int) -> tuple[int, ...]:
    """:func:`scale_windows`, computed once per grid (every indicators call scales the same FCO grid)."""
    per = PER_TRADING_DAY[freq]
    return tuple(sorted({max(min_points, round(w * per)) for w in windows}))
