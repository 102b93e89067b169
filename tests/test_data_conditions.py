"""Readers of the market-conditions files (issue 19): column checks, FRED splices, Google Trends."""

from __future__ import annotations

import pandas as pd
import pytest

from bubblescope.data.conditions import fred, gauge_input_kwargs, google_trends, read_conditions
from bubblescope.errors import InputError


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_fred_splice_newest_copy_first_older_dates_from_the_other(tmp_path):
    _write(tmp_path / "fred" / "a" / "NFCI.csv", "date,value\n2000-01-07,1.0\n2000-01-14,2.0\n")
    _write(tmp_path / "fred" / "b" / "NFCI_2000-2026_x.csv",
           "observation_date,NFCI\n2000-01-14,2.5\n2000-01-21,3.0\n")
    s = fred("NFCI", tmp_path)
    assert s.tolist() == [1.0, 2.5, 3.0]  # the overlap (01-14) comes from the newer copy
    assert s.attrs["source"].startswith("FRED NFCI: fred/b/NFCI_2000-2026_x.csv, fred/a/NFCI.csv")
    assert fred("ANFCI", tmp_path) is None


def test_fred_missing_values_and_bad_columns(tmp_path):
    _write(tmp_path / "fred" / "VIXCLS.csv", "date,value\n2020-01-02,12.5\n2020-01-03,.\n2020-01-06,\n")
    assert fred("VIXCLS", tmp_path).tolist() == [12.5]
    _write(tmp_path / "fred" / "STLFSI4.csv", "date,level\n2020-01-03,1\n")
    with pytest.raises(InputError, match="value column"):
        fred("STLFSI4", tmp_path)


def test_google_trends_export_and_sentiment_column_checks(tmp_path):
    p = _write(tmp_path / "sentiment" / "google_trends_ai_bubble_x.csv",
               "Category: All categories\n\nWeek,AI bubble: (United States),other\n2025-01-05,10,1\n2025-01-12,<1,2\n")
    s = google_trends(p)
    assert s.attrs["term"] == "AI bubble: (United States)" and s.tolist() == [10.0, 0.0]  # "<1" is 0
    _write(tmp_path / "sentiment" / "naaim_exposure_x.csv", "Date,Exposure\n2020-01-01,50\n")
    with pytest.raises(InputError, match="expected columns 'Date' and 'NAAIM'"):
        read_conditions(tmp_path)


def test_real_folder_has_every_conditions_series(shared_data):
    cond = read_conditions(shared_data)
    want = {"margin_debt", "aaii_bull_bear", "naaim", "fear_greed", "google_trends", "trailing_pe_infotech",
            "forward_pe_sp500", "VIXCLS", "BAMLH0A0HYM2", "BAMLC0A0CM", "NFCI", "ANFCI", "STLFSI4", "FEDFUNDS"}
    assert want <= set(cond)
    assert cond["margin_debt"].index[-1] == pd.Timestamp("2026-05-31")
    assert cond["aaii_bull_bear"].iloc[-1] == pytest.approx(35.5560 - 41.8519)
    kw = gauge_input_kwargs(shared_data)
    assert "IT sector" in kw["valuation_heat_name"] and "worldperatio" in kw["valuation_heat_source"]
