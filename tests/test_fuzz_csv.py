"""Hypothesis fuzzer for the data layer's CSV reader (issue 23 point 6).

Whatever the bytes, ``read_csv_series`` either returns a float series on a sorted, unique, naive
DatetimeIndex with only finite values, or raises a one-line ``BubblescopeError`` — never another
exception; and what it returns can be written to the cache and read back unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bubblescope.data import SeriesCache
from bubblescope.data.csvfile import read_csv_series
from bubblescope.data.provenance import Provenance
from bubblescope.errors import BubblescopeError

_DATES = st.one_of(
    st.dates(min_value=pd.Timestamp("1700-01-01").date(), max_value=pd.Timestamp("2200-12-31").date()).map(str),
    st.sampled_from(["", "foo", "2020-02-30", "2020-13-01", "1999-01-22 00:00:00-05:00", "31/12/2020", "NaT",
                     "0", "-1", "2020", "2020-01", "\u00a0"]),
    st.text(max_size=12),
)
_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", ".", "inf", "-inf", "nan", "1,234.5", "1e400", "abc", "NULL", '"5"', " 7 "]),
    st.integers(-10**20, 10**20).map(str),
    st.text(max_size=8),
)
_ROWS = st.lists(st.tuples(_DATES, _VALUES), max_size=30)
_HEADERS = st.sampled_from(["date,value", "Date,Close", "DATE,DGS10", "Price,Close", "a,b,c", "value", "", "date"])


_DIRS: dict[str, object] = {}


def _scratch(factory):
    if "dir" not in _DIRS:
        _DIRS["dir"] = factory.mktemp("csvfuzz")
    return _DIRS["dir"]


def _check(path) -> pd.Series | None:
    try:
        s = read_csv_series(path)
    except BubblescopeError as exc:
        msg = str(exc)
        assert msg and "\n" not in msg.strip() and "Traceback" not in msg
        return None
    assert isinstance(s.index, pd.DatetimeIndex) and s.index.tz is None
    assert s.index.is_monotonic_increasing and s.index.is_unique and len(s) > 0
    assert s.dtype == float and np.isfinite(s.to_numpy()).all()
    return s


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=_HEADERS, rows=_ROWS, sep=st.sampled_from([",", ";", "\t"]), bom=st.booleans())
def test_structured_csv_fuzz(tmp_path_factory, header, rows, sep, bom):
    path = _scratch(tmp_path_factory) / "x.csv"
    body = header.replace(",", sep) + "\n" + "".join(f"{d}{sep}{v}\n" for d, v in rows)
    path.write_text(("\ufeff" if bom else "") + body, encoding="utf-8", errors="replace")  # lone surrogates
    _check(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400))
def test_raw_bytes_fuzz(tmp_path_factory, raw):
    path = _scratch(tmp_path_factory) / "x.csv"
    path.write_bytes(b"date,value\n" + raw)
    _check(path)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.dates(min_value=pd.Timestamp("1900-01-01").date(),
                                        max_value=pd.Timestamp("2100-01-01").date()),
                               st.floats(allow_nan=True, allow_infinity=True, width=64)), min_size=1, max_size=20))
def test_what_is_read_round_trips_through_the_cache(tmp_path_factory, rows):
    root = tmp_path_factory.mktemp("csv")
    path = root / "x.csv"
    path.write_text("date,value\n" + "".join(f"{d},{v!r}\n" for d, v in rows))
    s = _check(path)
    if s is None:
        return
    store = SeriesCache(root / "c.duckdb")
    store.put_many([("value", s, Provenance(symbol="X", source="local", quantity="fuzz"))])
    got = store.get("local", "X", "value")
    assert got is not None
    back, _ = got
    pd.testing.assert_series_equal(back, s, check_names=False, check_freq=False)
