"""Parsers of the data sources against real samples in ../shared/data (spot values asserted)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.data.sources.fred import parse_fredgraph
from bubblescope.data.sources.shiller import COLUMNS, parse_ie_data, shiller_month
from bubblescope.errors import DataSourceError


@pytest.fixture(scope="module")
def shiller(shared_data):
    return parse_ie_data((shared_data / "shiller" / "ie_data.xls").read_bytes())


def test_shiller_columns_and_index(shiller):
    assert list(shiller.columns) == list(COLUMNS)
    assert all(str(t) == "float64" for t in shiller.dtypes)
    assert shiller.index[0] == pd.Timestamp("1871-01-01")
    assert shiller.index[-1] == pd.Timestamp("2026-07-01")
    assert len(shiller) == 1867
    assert shiller.index.is_monotonic_increasing and not shiller.index.has_duplicates
    assert (shiller.index.day == 1).all()


def test_shiller_spot_values(shiller):
    # December 1999: CAPE 44.2, the all-time high of the dot-com peak (Shiller's own figure).
    dec99 = shiller.loc["1999-12-01"]
    assert dec99["price"] == pytest.approx(1428.68)
    assert dec99["cape"] == pytest.approx(44.19794, rel=1e-6)
    assert dec99["gs10"] == pytest.approx(6.28)
    jul26 = shiller.loc["2026-07-01"]
    assert jul26["price"] == pytest.approx(7503.85)
    assert jul26["cape"] == pytest.approx(41.368494, rel=1e-6)
    assert math.isnan(jul26["earnings"]) and math.isnan(jul26["dividend"])


def test_shiller_october_quirk(shiller):
    # 1871.1 is October 1871 (price 4.59), not January.
    assert shiller.loc["1871-10-01", "price"] == pytest.approx(4.59)
    assert shiller_month(1871.1) == pd.Timestamp("1871-10-01")
    assert shiller_month(2025.12) == pd.Timestamp("2025-12-01")


def test_shiller_blanks_are_nan(shiller):
    assert shiller.loc["1871-01-01":"1880-12-01", "cape"].isna().all()
    # real earnings is 0.0 in the sheet where E is blank; parsed as NaN
    assert shiller.loc["2026-04-01":"2026-06-01", "real_earnings"].isna().all()
    assert shiller.loc["2026-03-01", "real_earnings"] > 0


@pytest.mark.parametrize(
    "payload, match",
    [
        (b"", "empty"),
        (b"<html><body>Service unavailable</body></html>", "HTML"),
        (b"\xd0\xcf\x11\xe0 not really an xls", "cannot read"),
        (b"date,value\n2020-01-01,1\n", "cannot read"),
    ],
)
def test_shiller_malformed(payload, match):
    with pytest.raises(DataSourceError, match=match):
        parse_ie_data(payload)


def test_fred_current_format(shared_data):
    s = parse_fredgraph((shared_data / "fred/fredgraph_xinyuliu/DGS10.csv").read_bytes(), "DGS10")
    assert s.name == "DGS10"
    assert s["2024-01-02"] == pytest.approx(3.95)
    assert s["2026-04-10"] == pytest.approx(4.31)
    assert s.index.is_monotonic_increasing and not s.isna().any()


def test_fred_missing_values_dropped(shared_data):
    raw = (shared_data / "fred/fredgraph_xinyuliu/SP500.csv").read_bytes()
    n_rows = raw.count(b"\n") - 1
    s = parse_fredgraph(raw, "SP500")
    assert s["2024-01-02"] == pytest.approx(4742.83)
    assert len(s) < n_rows  # holidays (empty fields) dropped


def test_fred_old_format_dot_missing(shared_data):
    s = parse_fredgraph((shared_data / "fred/other/DGS10_1962-2023_jjfrans.csv").read_bytes())
    assert s.name == "DGS10"
    assert s.index[0] == pd.Timestamp("1962-01-02") and s.iloc[0] == pytest.approx(4.06)


@pytest.mark.parametrize(
    "payload, sid, match",
    [
        (b"", "DGS10", "empty"),
        (b"<!DOCTYPE html><html><title>Error</title></html>", "DGS10", "HTML"),
        (b"observation_date,DGS2\n2020-01-02,1.5\n", "DGS10", "not 'DGS10'"),
        (b"observation_date,DGS10\n2020-01-02,1.5\n2020-01-0", "DGS10", "bad date"),
        (b"observation_date,DGS10\n2020-01-02,abc\n", "DGS10", "non-numeric"),
        (b"observation_date,DGS10\n", "DGS10", "no observations"),
        (b"foo;bar\n1;2\n", None, "not a fredgraph"),
        (b"observation_date,DGS10\n2020-01-02,1\n2020-01-02,2\n", "DGS10", "duplicate"),
    ],
)
def test_fred_malformed(payload, sid, match):
    with pytest.raises(DataSourceError, match=match):
        parse_fredgraph(payload, sid)


def test_shiller_matches_independent_csv_dump(shiller, shared_data):
    # ie_data_Data_sheet.csv is a separate xlrd dump of the same sheet (see PROVENANCE.md)
    dump = pd.read_csv(shared_data / "shiller" / "ie_data_Data_sheet.csv")
    dump.index = pd.DatetimeIndex(pd.to_datetime(dump["YearMonth"] + "-01"))
    names = {"P": "price", "D": "dividend", "E": "earnings", "CPI": "cpi", "Rate_GS10": "gs10",
             "Real_Price": "real_price", "Real_Dividend": "real_dividend", "Real_TR_Price": "real_total_return_price",
             "Real_Earnings": "real_earnings", "CAPE": "cape", "TR_CAPE": "tr_cape", "Excess_CAPE_Yield": "excess_cape_yield"}
    ref = dump[list(names)].rename(columns=names).astype(float)
    ref.loc[ref["earnings"].isna(), "real_earnings"] = float("nan")  # the documented 0.0 → NaN rule
    ref.index.name = "date"
    pd.testing.assert_frame_equal(shiller, ref, check_freq=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 4))),
                min_size=1, max_size=40),
       st.sampled_from([("observation_date", ""), ("DATE", "."), ("date", "")]))
def test_fred_roundtrip(values, layout):
    head, missing = layout
    dates = pd.date_range("1990-01-01", periods=len(values), freq="MS")
    lines = [f"{head},TEST1"] + [f"{d:%Y-%m-%d},{missing if v is None else repr(v)}" for d, v in zip(dates, values, strict=True)]
    body = ("\n".join(lines) + "\n").encode()
    expected = pd.Series([v for v in values if v is not None], index=[d for d, v in zip(dates, values, strict=True) if v is not None],
                         dtype=float)
    if expected.empty:
        with pytest.raises(DataSourceError, match="no observations"):
            parse_fredgraph(body, "TEST1")
        return
    s = parse_fredgraph(body, "TEST1")
    assert list(s.index) == list(expected.index)
    assert (s.to_numpy() == expected.to_numpy()).all()
