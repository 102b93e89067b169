"""Test helpers: build the gauges' pandas inputs straight from the shared real-data files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bubblescope.data.api import get_series

SHILLER_COLUMNS = {
    "P": "price", "D": "dividend", "E": "earnings", "CPI": "cpi", "Rate_GS10": "gs10",
    "Real_Price": "real_price", "Real_Dividend": "real_dividend",
    "Real_TR_Price": "real_total_return_price", "Real_Earnings": "real_earnings",
    "CAPE": "cape", "TR_CAPE": "tr_cape", "Excess_CAPE_Yield": "excess_cape_yield",
}


def shiller_frame(data: Path) -> pd.DataFrame:
    """The Shiller 'Data' sheet (CSV dump) with the data layer's column names, month-start index."""
    raw = pd.read_csv(data / "shiller" / "ie_data_Data_sheet.csv")
    df = raw[list(SHILLER_COLUMNS)].rename(columns=SHILLER_COLUMNS).astype(float)
    df.index = pd.DatetimeIndex(pd.to_datetime(raw["YearMonth"] + "-01"), name="date")
    return df


def series(data: Path, rel: str) -> pd.Series:
    return get_series(data / rel)


def test_shiller_frame_has_the_data_layer_columns(shared_data):
    df = shiller_frame(shared_data)
    assert set(SHILLER_COLUMNS.values()) <= set(df.columns)
    assert df.index[0] == pd.Timestamp("1871-01-01") and df.index.is_monotonic_increasing
    assert df.loc["1999-12-01", "cape"] == pytest.approx(44.198, abs=1e-3)
