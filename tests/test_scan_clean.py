"""The clean scan (issue 19, point 5): one row per instrument, only sensible tests, stale rows
listed but not ranked, the explosive flag explained when BSADF disagrees, null for missing dates."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblescope.results import to_jsonable
from bubblescope.scan import scan_universe
from bubblescope.scan._universe import (
    build_universe,
    instrument_class,
    instrument_symbol,
    not_ranked_reason,
    psy_note,
    splice,
)


@pytest.mark.parametrize(("name", "symbol"), [
    ("close_batsco/nvda", "NVDA"), ("ohlcv_su_ist707/NVIDIA", "NVDA"), ("yfinance/stocks/NVDA_1d", "NVDA"),
    ("close_adj_dsturdy/TNX_index", "^TNX"), ("indices/SP500_1d", "^GSPC"), ("close_batsco/spx", "^GSPC"),
    ("x/GSPC.csv", "^GSPC"), ("close_batsco/vix", "^VIX"), ("indices/NASDAQ_100_1d", "^NDX"),
])
def test_instrument_symbol_from_file_names(name, symbol):
    assert instrument_symbol(name) == symbol


def test_classes_and_reasons():
    assert instrument_class("^VIX") == "volatility" and instrument_class("^TNX") == "yield"
    assert instrument_class("BAMLH0A0HYM2") == "spread" and instrument_class("NVDA") == "price"
    ref = pd.Timestamp("2026-08-21")
    assert "stale" in not_ranked_reason("price", pd.Timestamp("2025-06-24"), ref, 45)
    assert not_ranked_reason("price", pd.Timestamp("2026-08-01"), ref, 45) is None
    assert "volatility" in not_ranked_reason("volatility", ref, ref, 45)


def test_splice_keeps_the_freshest_and_rescales_older_dates():
    idx = pd.bdate_range("2020-01-01", periods=100)
    long_old = pd.Series(np.linspace(10, 20, 100), index=idx)  # ends earlier, starts earlier
    fresh = 2 * long_old.iloc[50:].copy()  # another source at twice the level (e.g. unadjusted)
    fresh.loc[idx[-1] + pd.offsets.BDay(1)] = 41.0
    out, sources = splice([("a/old", long_old), ("b/fresh", fresh)])
    assert sources == ("b/fresh", "a/old")
    assert out.index[0] == idx[0] and out.index[-1] == fresh.index[-1]
    assert out.loc[idx[0]] == pytest.approx(2 * long_old.iloc[0])  # rescaled at the first common date
    assert not out.index.has_duplicates
    uni = build_universe({"a/nvda": long_old, "b/NVDA_1d": fresh, "c/vix": long_old})
    assert [(i.symbol, i.klass) for i in uni] == [("NVDA", "price"), ("^VIX", "volatility")]


def test_psy_note_explains_disagreement():
    assert psy_note({"psy_bsadf": 0.93, "psy_cv": 1.36, "psy_in_episode": True,
                     "psy_episode_start": pd.Timestamp("2026-06-01")}).startswith("explosive although BSADF 0.93")
    assert psy_note({"psy_bsadf": 2.0, "psy_cv": 1.36, "psy_in_episode": True}) is None
    assert psy_note({"psy_bsadf": None, "psy_cv": 1.36, "psy_in_episode": True}) is None


def test_missing_dates_are_null_not_nat():
    assert to_jsonable({"d": pd.NaT, "n": pd.NA}) == {"d": None, "n": None}


def test_scan_universe_on_synthetic_copies():
    idx = pd.bdate_range("2018-01-01", "2024-12-31")
    rng = np.random.default_rng(1)
    p = pd.Series(100 * np.exp(np.cumsum(rng.normal(0.0005, 0.01, len(idx)))), index=idx)
    data = {"a/nvda": p.loc[:"2024-06-28"], "b/NVDA_1d": p, "a/vix": p / 5, "a/old": p.loc[:"2022-12-30"]}
    res = scan_universe(data, tests="gauges", client="serial")
    ranked, un = res.ranked(), res.unranked()
    assert ranked["series"].tolist() == ["NVDA"] and ranked["sources"].iloc[0] == "b/NVDA_1d; a/nvda"
    assert set(un["series"]) == {"^VIX", "OLD"}
    assert "stale" in un.set_index("series").loc["OLD", "not_ranked"]
    assert "NaT" not in json.dumps(res.to_dict())


def test_cli_scan_shared_prices_is_clean(cli, shared_data):
    r = cli("scan", "--data-dir", shared_data / "prices", "--tests", "gauges", "--scheduler", "serial", "--json")
    assert r.code == 0, r
    assert "NaT" not in r.out
    d = json.loads(r.out)
    names = [row["series"] for row in d["rows"]] + [row["series"] for row in d["not_ranked"]]
    assert len(names) == len(set(names)), "a symbol appears twice"
    assert {"NVDA", "^GSPC", "AAPL"} <= {row["series"] for row in d["rows"]}
    assert all(row["instrument_class"] == "price" for row in d["rows"])
    classes = {row["series"]: row["instrument_class"] for row in d["not_ranked"]}
    assert classes["^VIX"] == "volatility" and classes["^TNX"] == "yield"
    ref = pd.Timestamp(d["settings"]["reference_date"])
    for row in d["rows"]:
        assert (ref - pd.Timestamp(row["last_date"])).days <= 45, row["series"]
    assert any("stale" in (row["not_ranked"] or "") for row in d["not_ranked"])
    nvda = next(row for row in d["rows"] if row["series"] == "NVDA")
    assert nvda["last_date"].startswith("2026-08-21") and len(nvda["sources"].split("; ")) == 4
