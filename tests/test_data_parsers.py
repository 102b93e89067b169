"""Parsers of the data sources against real samples in ../shared/data (spot values asserted)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

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
