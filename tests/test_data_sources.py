"""Yahoo chart, SEC companyfacts, FINRA margin, Google Trends and packaged parsers on real samples."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.data.sources import packaged
from bubblescope.data.sources.finra import parse_margin_xlsx
from bubblescope.data.sources.sec import annual_facts, annual_series, cik_from, parse_companyfacts
from bubblescope.data.sources.trends import parse_trends_csv
from bubblescope.data.sources.yahoo import adjust_for_dividends, parse_chart
from bubblescope.errors import DataSourceError

YAHOO = "samples/yahoo_chart_json"


def _body(shared_data, name):
    return json.dumps(json.loads((shared_data / YAHOO / name).read_text())["response"]["bodyJson"]).encode()


def test_yahoo_msft_dividends_adjusted_close(shared_data):
    df = parse_chart(_body(shared_data, "historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json"), "MSFT")
    assert len(df) == 252 and df.index[0] == pd.Timestamp("2021-02-01")
    assert df.loc["2021-02-01", "close"] == pytest.approx(239.65, abs=1e-4)
    assert list(df.index[df["dividends"] > 0].strftime("%Y-%m-%d")) == [
        "2021-02-17", "2021-05-19", "2021-08-18", "2021-11-17"]
    assert df["dividends"].sum() == pytest.approx(0.56 * 3 + 0.62)
    # adj_close equals close after the last ex-date and is below it before
    assert (df.loc["2021-11-17":, "adj_close"] == df.loc["2021-11-17":, "close"]).all()
    assert (df.loc[:"2021-11-16", "adj_close"] < df.loc[:"2021-11-16", "close"]).all()
    # Yahoo's own adjclose also covers later dividends: the two differ by one constant factor
    ratio = df["adj_close"] / df["adj_close_yahoo"]
    assert ratio.max() / ratio.min() - 1 < 2e-6


def test_yahoo_nvda_split_is_in_quote(shared_data):
    df = parse_chart(_body(shared_data, "historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json"), "NVDA")
    assert df.loc["2021-07-20", "splits"] == 4.0
    assert df.loc["2021-02-01", "close"] == pytest.approx(13.237, abs=1e-3)  # already split-adjusted
    assert df["splits"].sum() == 4.0


def test_yahoo_aapl_split_and_dividend(shared_data):
    df = parse_chart(_body(shared_data, "chart-AAPL-2020-08-31-to-2020-11-07.json"), "AAPL")
    assert df.loc["2020-08-31", "splits"] == 4.0
    assert df.loc["2020-11-06", "dividends"] == pytest.approx(0.205)
    assert df.index[-1] == pd.Timestamp("2020-11-06")


@pytest.mark.parametrize(
    "payload, match",
    [
        (b"", "empty"),
        (b"<html>Will be right back</html>", "HTML"),
        (b'{"chart": {"result": [{"meta": {"symbol": "X"}, "timestamp": [1, 2]', "malformed or truncated"),
        (b'{"chart": {"result": null, "error": {"code": "Not Found", "description": "No data found"}}}', "No data found"),
        (b'{"chart": {"result": [{"meta": {}, "timestamp": [], "indicators": {"quote": [{}]}}], "error": null}}', "empty series"),
        (b'{"foo": 1}', "not a chart"),
    ],
)
def test_yahoo_malformed(payload, match):
    with pytest.raises(DataSourceError, match=match):
        parse_chart(payload, "X")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(1, 1000), min_size=3, max_size=40), st.data())
def test_adjustment_preserves_total_return(closes, data):
    idx = pd.date_range("2020-01-01", periods=len(closes), freq="D")
    close = pd.Series(closes, idx)
    k = data.draw(st.integers(1, len(closes) - 1))
    div = pd.Series(0.0, idx)
    div.iloc[k] = data.draw(st.floats(0, 0.5)) * closes[k - 1]  # below the previous close
    adj = adjust_for_dividends(close, div)
    # Yahoo/CRSP multiplier: the adjusted return over the ex-date is close[k] / (close[k-1] - D)
    expected = closes[k] / (closes[k - 1] - div.iloc[k]) if div.iloc[k] < closes[k - 1] else None
    if expected is not None:
        assert adj.iloc[k] / adj.iloc[k - 1] == pytest.approx(expected, rel=1e-9)
    # returns on other days are unchanged, the last day is the quoted close, adjusted <= close
    same = [i for i in range(1, len(closes)) if i != k]
    for i in same:
        assert adj.iloc[i] / adj.iloc[i - 1] == pytest.approx(closes[i] / closes[i - 1], rel=1e-9)
    assert adj.iloc[-1] == close.iloc[-1]
    assert (adj <= close * (1 + 1e-12)).all()


@pytest.fixture(scope="module")
def nvda_facts(shared_data):
    return parse_companyfacts((shared_data / "sec/companyfacts/CIK0001045810_NVDA_companyfacts.json").read_bytes())


def test_sec_nvda_capex_tag_switch(nvda_facts):
    capex = annual_facts(nvda_facts, "capex")
    # fiscal 2025 (ended 2025-01-26): $3,236m; fiscal 2026: $6,042m, both under the new tag
    assert capex.loc["2025-01-26", "value"] == 3_236_000_000
    assert capex.loc["2026-01-25", "value"] == 6_042_000_000
    assert capex.loc["2026-01-25", "tag"] == "PaymentsToAcquireProductiveAssets"
    assert capex.loc["2012-01-29", "tag"] == "PaymentsToAcquirePropertyPlantAndEquipment"
    # FY2024 capex is repeated in three 10-Ks; one row, from the latest filing
    assert capex.loc["2024-01-28", "filed"] == pd.Timestamp("2026-02-25")
    raw = nvda_facts[(nvda_facts.tag == "PaymentsToAcquireProductiveAssets") & (nvda_facts.end == "2024-01-28")
                     & ((nvda_facts.end - nvda_facts.start).dt.days > 350)]
    assert len(raw) == 3
    assert not capex.index.has_duplicates


def test_sec_other_concepts(nvda_facts, shared_data):
    assert annual_series(nvda_facts, "revenue")["2026-01-25"] == 215_938_000_000
    assert annual_series(nvda_facts, "depreciation")["2026-01-25"] == 2_843_000_000
    assert annual_series(nvda_facts, "ppe_net")["2026-01-25"] == 10_383_000_000
    googl = parse_companyfacts((shared_data / "sec/companyfacts/CIK0001652044_GOOGL_companyfacts.json").read_bytes())
    assert annual_series(googl, "capex")["2025-12-31"] == 91_447_000_000
    assert cik_from("CIK0001045810") == 1045810 and cik_from("NVDA") is None


@pytest.mark.parametrize("payload, match", [(b"", "empty"), (b"<html/>", "HTML"), (b'{"cik": 1', "truncated"),
                                            (b'{"cik": 1, "facts": {}}', "no facts"), (b"[]", "not a companyfacts")])
def test_sec_malformed(payload, match):
    with pytest.raises(DataSourceError, match=match):
        parse_companyfacts(payload, "NVDA")


def test_finra_margin(shared_data):
    df = parse_margin_xlsx((shared_data / "margin_debt/finra_margin-statistics.xlsx").read_bytes())
    assert df.index[0] == pd.Timestamp("1997-01-31") and df.index[-1] == pd.Timestamp("2026-05-31")
    assert df.loc["2026-05-31", "margin_debt"] == 1_415_557
    assert np.isnan(df.loc["1997-01-31", "free_credit_margin"])
    # same numbers as the independent CSV extract of the same FINRA file
    csv = pd.read_csv(shared_data / "margin_debt/margin_debt_monthly_berset88.csv", parse_dates=["date"], index_col="date")
    assert (df["margin_debt"].reindex(csv.index) == csv["margin_debt"]).all()


@pytest.mark.parametrize("payload, match", [(b"", "empty"), (b"<!doctype html>", "HTML"), (b"PK\x03\x04broken", "cannot read")])
def test_finra_malformed(payload, match):
    with pytest.raises(DataSourceError, match=match):
        parse_margin_xlsx(payload)


def test_trends(shared_data):
    df = parse_trends_csv((shared_data / "sentiment/google_trends_ai_bubble_US_weekly_multiTimeline.csv").read_bytes())
    assert list(df.columns)[:2] == ["AI bubble", "AI Startup"]
    assert len(df) == 262 and df.loc["2025-10-19", "AI bubble"] == 37
    assert parse_trends_csv(b"Category: All\n\nWeek,x: (US)\n2020-01-05,<1\n")["x"].iloc[0] == 0.5
    with pytest.raises(DataSourceError, match="Week"):
        parse_trends_csv(b"a,b\n1,2\n")


def test_packaged_sp500():
    s, module, _ = packaged.load_packaged("^GSPC")
    assert module == "arch.data.sp500"
    assert s.index[0] == pd.Timestamp("1999-01-04") and s.index[-1] == pd.Timestamp("2018-12-31")
    assert s.iloc[-1] == pytest.approx(2506.850098)
