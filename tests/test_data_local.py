"""Symbol resolution and splicing in a local data folder (the real ../shared/data layouts)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bubblescope.data import get_series, provenance_of
from bubblescope.data.local import canonical, local_series, norm_key, scan_folder, splice
from bubblescope.errors import DataSourceError


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BUBBLESCOPE_CACHE", str(tmp_path / "cache.duckdb"))


def test_names_and_aliases():
    assert norm_key("NVDA_1d") == norm_key("nvda") == "NVDA"
    assert norm_key("TNX_index") == "TNX"
    for name in ("^IXIC", "ixic", "NASDAQ_Composite_1d", "NASDAQCOM"):
        assert canonical(name) == "^IXIC"
    for name in ("^GSPC", "spx", "SP500_1d", "GSPC"):
        assert canonical(name) == "^GSPC"
    assert canonical("ndx") == "^NDX" and canonical("NVIDIA") == "NVDA" and canonical("DGS10") == "DGS10"


def test_scan_layouts(shared_data):
    by_name = {f.path.name: f for f in scan_folder(shared_data / "prices")}
    assert by_name["NASDAQ_Composite_1d.csv"].layout == "yf-download"
    assert "IXIC" in by_name["NASDAQ_Composite_1d.csv"].names
    assert by_name["NVDA_1d.csv"].layout == "yf-history"
    assert by_name["nvda.csv"].layout == "close"
    assert by_name["NVIDIA.csv"].layout == "ohlcv"


def test_nvda_spliced_through_2026(shared_data):
    s = get_series("NVDA", data_dir=shared_data, cache=False)
    p = provenance_of(s)
    assert p is not None and p.source == "local"
    assert s.index[0] == pd.Timestamp("1999-01-22")
    assert s.index[-1] == pd.Timestamp("2026-08-21")
    assert s.iloc[-1] == pytest.approx(214.72)  # batsco close on 2026-08-21, the newest quote unchanged
    files = p.files
    assert files == ("prices/close_adj_dsturdy/NVDA.csv", "prices/close_batsco/nvda.csv")
    # the dsturdy file's final row (2026-07-14, an intraday snapshot 204.19) is not used:
    assert p.segments[0].used_to == "2026-07-13"
    assert s[pd.Timestamp("2026-07-14")] == pytest.approx(211.80)
    assert s.index.is_monotonic_increasing and not s.index.has_duplicates


def test_index_aliases_reach_2026(shared_data):
    gspc = get_series("^GSPC", data_dir=shared_data, cache=False)
    assert gspc.index[0] == pd.Timestamp("1927-12-30") and gspc.index[-1] == pd.Timestamp("2026-08-21")
    p = provenance_of(gspc)
    assert p.files[0].endswith("SP500_1d.csv") and p.files[-1].endswith("spx.csv")
    assert p.segments[0].scale == pytest.approx(1.0, abs=1e-6)  # same index: ratio at the junction ~1
    ixic = get_series("ixic", data_dir=shared_data, cache=False)
    assert ixic.index[0] == pd.Timestamp("1971-02-05") and ixic.index[-1].year == 2026
    assert get_series("^IXIC", data_dir=shared_data, cache=False).equals(ixic)
    ndx = get_series("^NDX", data_dir=shared_data, cache=False)
    assert ndx.index[-1] == pd.Timestamp("2026-08-21")


def test_fred_ids_level_spliced(shared_data):
    s = get_series("DGS10", data_dir=shared_data, cache=False)
    p = provenance_of(s)
    assert s.index[0] == pd.Timestamp("1962-01-02")
    assert all(seg.scale == 1.0 for seg in p.segments)
    assert "level-spliced" in p.quantity
    assert s["2024-01-02"] == pytest.approx(3.95)


def test_shiller_and_cape_by_symbol(shared_data):
    cape = get_series("CAPE", data_dir=shared_data, cache=False)
    assert cape["1999-12-01"] == pytest.approx(44.19794, rel=1e-6)
    price = get_series("SHILLER", data_dir=shared_data, cache=False)
    assert price["1999-12-01"] == pytest.approx(1428.68)
    assert provenance_of(price).files == ("shiller/ie_data.xls",)


def test_drop_last_row_and_unknown(shared_data, tmp_path):
    s = local_series("VIX", shared_data / "prices" / "close_batsco", drop_last_row=True)
    assert s.index[-1] == pd.Timestamp("2026-08-20")
    assert provenance_of(s).segments[-1].dropped_last_row
    with pytest.raises(DataSourceError, match="no file for this symbol"):
        local_series("ZZZZ", shared_data / "prices")
    with pytest.raises(DataSourceError, match="not found"):
        local_series("NVDA", tmp_path / "missing")


def test_messy_export_layout(shared_data):
    # descending M/D/YYYY dates, thousands separators, BOM + non-breaking spaces, dividend lines
    s = local_series("META", shared_data / "prices" / "ohlcv_su_ist707")
    assert s.index.is_monotonic_increasing and not s.index.has_duplicates
    assert s.index[0] == pd.Timestamp("2015-01-02") and s.iloc[0] == pytest.approx(77.84)
    g = local_series("GSPC", shared_data / "prices" / "ohlcv_su_ist707")
    assert g[pd.Timestamp("2026-02-27")] == pytest.approx(6878.88)


def test_splice_ratio_and_level():
    idx_a = pd.date_range("2020-01-01", periods=5, freq="D")
    idx_b = pd.date_range("2020-01-03", periods=5, freq="D")
    a = pd.Series([1.0, 2.0, 3.0, 4.0, 99.0], idx_a)   # final row bogus (intraday)
    b = pd.Series([6.0, 8.0, 10.0, 12.0, 14.0], idx_b)  # twice a's level
    out, used = splice([("a", a), ("b", b)], "ratio")
    assert list(out) == [2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0]
    assert used[0]["scale"] == 2.0 and used[0]["used_to"] == pd.Timestamp("2020-01-04")
    out_l, _ = splice([("a", a), ("b", b)], "level")
    assert list(out_l) == [1.0, 2.0, 3.0, 4.0, 10.0, 12.0, 14.0]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.01, 1e4), min_size=4, max_size=30), st.integers(1, 3), st.floats(0.1, 10))
def test_splice_preserves_returns(values, overlap, factor):
    s = pd.Series(values, pd.date_range("2000-01-03", periods=len(values), freq="B"))
    cut = len(values) // 2
    old = s.iloc[: cut + overlap] / factor
    new = s.iloc[max(cut - overlap, 0):]
    out, _ = splice([("old", old), ("new", new)], "ratio")
    pd.testing.assert_series_equal(out, s, check_names=False, rtol=1e-9, check_freq=False)
