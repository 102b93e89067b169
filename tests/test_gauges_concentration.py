"""Concentration: top-N share, Herfindahl, Magnificent-7 share; properties and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.errors import InputError
from bubblescope.gauges import MAG7, concentration


def test_equal_weights():
    mv = pd.DataFrame([[1.0] * 20], columns=[f"T{i}" for i in range(20)], index=[pd.Timestamp("2025-01-01")])
    res = concentration(mv, top_n=5)
    last = res.latest
    assert last["top_n_share"] == pytest.approx(25.0)
    assert last["hhi"] == pytest.approx(500.0)
    assert last["effective_n"] == pytest.approx(20.0)
    assert last["group_share"] == 0.0


def test_mag7_share_and_total():
    cols = ["AAPL", "MSFT", "GOOGL", "GOOG", "AMZN", "META", "NVDA", "TSLA", "XOM", "JPM"]
    mv = pd.DataFrame([[10.0] * 10], columns=cols, index=[pd.Timestamp("2025-06-30")])
    res = concentration(mv)
    assert res.latest["group_share"] == pytest.approx(80.0)  # 8 tickers of 10 (Alphabet's two classes)
    res_t = concentration(mv, total=300.0)
    assert res_t.latest["group_share"] == pytest.approx(80.0 / 3)
    assert res_t.of_total and "of the index total" in res_t.summary()
    assert set(MAG7) >= {"NVDA", "AAPL"}


def test_series_input_for_one_date_and_nan_means_absent():
    s = pd.Series({"nvda": 4.0, "aapl": 3.0, "ibm": np.nan}, name=pd.Timestamp("2025-01-01"))
    res = concentration(s, top_n=1)
    assert res.latest["top_n_share"] == pytest.approx(400 / 7)
    assert res.latest["n_constituents"] == 2
    assert res.table.index[0] == pd.Timestamp("2025-01-01")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.0, 1e6), min_size=1, max_size=40).filter(lambda v: sum(v) > 0))
def test_properties(vals):
    mv = pd.DataFrame([vals], columns=[f"T{i}" for i in range(len(vals))], index=[pd.Timestamp("2025-01-01")])
    n_pos = sum(v > 0 for v in vals)
    last = concentration(mv, top_n=3).latest
    assert 10_000 / n_pos - 1e-6 <= last["hhi"] <= 10_000 + 1e-6
    assert last["top_n_share"] <= concentration(mv, top_n=4).latest["top_n_share"] + 1e-9
    assert 0 <= last["top_n_share"] <= 100 + 1e-9


def test_bad_input():
    idx = [pd.Timestamp("2025-01-01")]
    with pytest.raises(InputError, match="negative"):
        concentration(pd.DataFrame({"A": [-1.0], "B": [2.0]}, index=idx))
    with pytest.raises(InputError, match="no constituent"):
        concentration(pd.DataFrame({"A": [np.nan]}, index=idx))
    with pytest.raises(InputError, match="number"):
        concentration(pd.DataFrame({"A": ["x"]}, index=idx))
    with pytest.raises(InputError, match="smaller than"):
        concentration(pd.DataFrame({"A": [5.0], "B": [5.0]}, index=idx), total=5.0)
    with pytest.raises(InputError, match="top_n"):
        concentration(pd.DataFrame({"A": [5.0]}, index=idx), top_n=0)
    with pytest.raises(InputError, match="DataFrame or Series"):
        concentration([1, 2])  # type: ignore[arg-type]
    with pytest.raises(InputError, match="positive"):
        concentration(pd.DataFrame({"A": [0.0]}, index=idx))
