"""LPPLS Python overhead (issue 17, speed): the fast paths give the same results as the plain ones.

The indicator frame and the fits table are built from numpy columns over all end dates, one DataFrame
each; the input checks take one numpy pass in the valid case; the frequency check
computes the spacing once. Each test compares against the straightforward construction or check.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect import _lppls_indicators as I
from bubblescope.detect import lppls as L
from bubblescope.detect._lppls_model import _check_series, _grids
from bubblescope.detect._lppls_time import (
    _weekend_share,
    check_freq,
    detect_freq,
    steps_to_dates,
    steps_to_datetime64,
)
from bubblescope.errors import InputError
from test_lppls import lppls_series  # same folder (pytest puts tests/ on sys.path)

SMALL = (110, 90, 70, 50, 30)
_DATE_COLS = ("tc_median", "tc_q10", "tc_q90", "t1_lagrange")


@pytest.fixture(scope="module")
def bubble() -> pd.Series:
    s, _ = lppls_series(160, 5, 0.6, 8.0, -0.01, 0.0005, 0.003, seed=5)
    return s


def _rowwise_frame(f: pd.DataFrame) -> pd.DataFrame:
    """The frame rebuilt the way the indicators used to build it: Python rows, then ``pd.to_datetime``."""
    rows = [tuple(r) for r in f.itertuples(index=False)]
    out = pd.DataFrame(rows, columns=list(L._FRAME_COLUMNS), index=f.index)
    for c in _DATE_COLS:
        out[c] = pd.to_datetime(out[c])
    return out


@pytest.mark.parametrize("unit", ["ns", "us", "s"])
@pytest.mark.parametrize("tz", [None, "UTC"])
def test_frame_dtypes_match_rowwise_construction(bubble: pd.Series, unit: str, tz: str | None) -> None:
    """Date columns get the dtype pandas infers from Timestamp / NaT objects (all-NaT → datetime64[s])."""
    s = bubble.copy()
    s.index = s.index.as_unit(unit) if tz is None else s.index.as_unit(unit).tz_localize(tz)
    ind = L.indicators(s, windows=(*SMALL, 150), n_resamples=0)  # early dates: < 3 windows, no Lagrange t1
    assert ind.frame["t1_lagrange"].isna().any() and ind.frame["t1_lagrange"].notna().any()
    pd.testing.assert_frame_equal(ind.frame, _rowwise_frame(ind.frame), check_exact=True)
    none = L.indicators(s, end=s.index[40], windows=(30,), n_resamples=0)  # one window: every t1 is NaT
    pd.testing.assert_frame_equal(none.frame, _rowwise_frame(none.frame), check_exact=True)
    assert none.frame["t1_lagrange"].dtype == np.dtype("datetime64[s]")


def test_frame_helper_mixed_columns() -> None:
    n = 5
    cols = {"f": np.linspace(0, 1, n), "i": np.arange(n), "b": np.arange(n) > 2,
            "d_ns": np.arange(n).astype("datetime64[ns]"), "f2": np.ones(n),
            "d_s": np.full(n, np.datetime64("NaT"), "datetime64[s]"), "d_us": np.arange(n).astype("datetime64[us]")}
    idx = pd.date_range("2020-01-01", periods=n, name="date")
    fast = I._frame(list(cols.values()), pd.Index(list(cols)), idx)
    pd.testing.assert_frame_equal(fast, pd.DataFrame(cols, index=idx), check_exact=True)
    tz = {"t": pd.date_range("2020-01-01", periods=n, tz="UTC"), "f": np.ones(n)}
    fast = I._frame(list(tz.values()), pd.Index(list(tz)), pd.RangeIndex(n))
    pd.testing.assert_frame_equal(fast, pd.DataFrame(tz), check_exact=True)
    ind = L.indicators(lppls_series(60, 5, 0.6, 8.0, -0.01, 0.0005, 0.003, seed=1)[0], windows=(40,), n_resamples=0)
    ind.frame.columns.name = "renamed"  # frames do not share their column index with the module constant
    assert I._FRAME_INDEX.name is None


def test_multi_date_call_equals_single_date_calls(bubble: pd.Series) -> None:
    """One call over many end dates (window counts growing from 1 to 5) equals one call per date."""
    idx = bubble.index
    multi = L.indicators(bubble, start=idx[29], end=idx[120], windows=SMALL, n_resamples=2, seed=4)
    singles = [L.indicators(bubble.iloc[: p + 1], start=idx[p], end=idx[p], windows=SMALL, n_resamples=2, seed=4)
               for p in range(29, 121)]
    pd.testing.assert_frame_equal(multi.frame, pd.concat([r.frame for r in singles]), check_exact=True,
                                  check_freq=False)
    pd.testing.assert_frame_equal(multi.fits, pd.concat([r.fits for r in singles], ignore_index=True),
                                  check_exact=True)
    assert sorted(multi.frame["n_windows"].unique()) == [1, 2, 3, 4, 5]


def test_series_checks_keep_their_messages_and_order() -> None:
    idx = pd.bdate_range("2020-01-01", periods=30)
    good = pd.Series(np.linspace(1.0, 2.0, 30), index=idx)
    assert _check_series(good, 20) is good  # a float series is not copied
    ints = pd.Series(np.arange(1, 31), index=idx)
    assert _check_series(ints, 20).dtype == np.float64
    cases = []
    v = good.copy()
    v.iloc[[3, 5]] = [np.nan, -1.0]
    cases.append((v, "price is NaN on 2020-01-06"))
    v = good.copy()
    v.iloc[[4, 7]] = [-np.inf, np.inf]
    cases.append((v, "infinite values"))
    v = good.copy()
    v.iloc[8] = 0.0
    cases.append((v, "non-positive price 0 on 2020-01-13"))
    cases.append((pd.Series(good.to_numpy(), index=idx.insert(0, pd.NaT)[:30]), "missing dates"))
    cases.append((pd.Series(good.to_numpy(), index=idx[::-1]), "not sorted"))
    dup = idx.to_numpy().copy()
    dup[10] = dup[9]
    cases.append((pd.Series(good.to_numpy(), index=pd.DatetimeIndex(dup)), "duplicate date 2020-01-14"))
    cases.append((pd.Series(["a"] * 30, index=idx), "must be numeric"))
    for s, msg in cases:
        with pytest.raises(InputError, match=msg):
            _check_series(s, 20)


def test_weekend_share_matches_day_of_week() -> None:
    rng = np.random.default_rng(0)
    for unit, per_s in (("s", 1), ("ms", 10**3), ("us", 10**6), ("ns", 10**9)):
        for _ in range(50):
            secs = np.sort(rng.integers(-3 * 10**9, 3 * 10**9, size=int(rng.integers(3, 40))))  # 1875–2065
            idx = pd.DatetimeIndex((secs * per_s).astype(f"datetime64[{unit}]"))
            assert _weekend_share(idx) == float(np.mean(idx.day_of_week >= 5))
    tz = pd.date_range("2024-01-05 23:00", periods=20, freq="D", tz="America/New_York")
    assert _weekend_share(tz) == float(np.mean(tz.day_of_week >= 5))


def test_check_freq_few_dates_and_codes() -> None:
    two = pd.bdate_range("2020-01-01", periods=2)
    for freq in (None, "auto"):
        with pytest.raises(InputError, match="too few dates"):
            check_freq(freq, two)
    assert check_freq("B", two) == "B"
    with pytest.raises(InputError, match="unknown frequency"):
        check_freq("X", two)
    for idx in (pd.bdate_range("2020-01-01", periods=60), pd.date_range("2020-01-01", periods=60),
                pd.date_range("2020-01-31", periods=40, freq="ME")):
        assert check_freq(None, idx) == detect_freq(idx)


def test_grid_axes_cache_returns_the_computed_axes() -> None:
    tcs, ms, ws = _grids(0.248, 374.5, 14, (0.01, 1.5), 6, (1.0, 30.0), 16)
    assert np.array_equal(tcs, np.geomspace(0.248, 374.5, 14)) and np.array_equal(ms, np.linspace(0.01, 1.5, 6))
    assert np.array_equal(ws, np.linspace(1.0 + 14.5 / 16, 30.0 - 14.5 / 16, 16))
    again = _grids(0.248, 374.5, 14, (0.01, 1.5), 6, (1.0, 30.0), 16)
    assert again[0] is tcs  # cached; _fit_nested hands the kernels copies


@pytest.mark.parametrize("tz", [None, "Asia/Tokyo"])
@pytest.mark.parametrize("unit", ["s", "us", "ns"])
def test_business_day_steps_match_normalize(tz: str | None, unit: str) -> None:
    """The numpy day / time-of-day split of the end gives the dates the normalize() arithmetic gave."""
    steps = np.array([0.0, 0.25, 1.0, 4.5, 17.9, np.nan])
    for end in (pd.Timestamp("2000-03-10 15:30"), pd.Timestamp("1962-10-05 09:00"), pd.Timestamp("2024-06-01")):
        e = end.as_unit(unit) if tz is None else end.as_unit(unit).tz_localize(tz)
        day = np.datetime64(e.normalize().date(), "D")
        whole = np.floor(steps[:-1])
        base = np.busday_offset(day, whole.astype(np.int64), roll="forward").astype("datetime64[ns]")
        want = base + np.timedelta64(e - e.normalize()) + ((steps[:-1] - whole) * 86400e9).astype("timedelta64[ns]")
        got = steps_to_datetime64(e, steps, "B", 1.0)
        assert np.array_equal(got[:-1], want) and np.isnat(got[-1])
        assert np.array_equal(steps_to_dates(e, steps, "B", 1.0).to_numpy(), got, equal_nan=True)
