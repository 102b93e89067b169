"""The report's FCO multi-scale LPPLS panels (issue 17): main index, cached computation, section output."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bubblescope.detect import lppls as L
from bubblescope.detect.lppls_cache import cached_multiscale
from bubblescope.report import analysis as A
from bubblescope.report.sections import market as M


def _bubble(n: int = 1600, seed: int = 0) -> pd.Series:
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range("2001-01-01", periods=n)
    t = np.arange(n, dtype=float)
    tc = n + 40.0
    y = 5.0 - 0.6 * (tc - t) ** 0.5 / (tc ** 0.5) * 3 + 0.004 * rng.standard_normal(n).cumsum()
    return pd.Series(np.exp(y), index=idx)


def test_main_index_is_the_first_index_symbol() -> None:
    assert A.main_index(["NVDA", "^IXIC", "^GSPC"]) == "^IXIC"
    assert A.main_index(["^IXIC", "^NDX", "CSCO"]) == "^IXIC"
    assert A.main_index(["NVDA", "MSFT"]) is None


def test_cached_multiscale_equals_multiscale_and_reads_back(tmp_path) -> None:
    s = _bubble()
    dates = [s.index[-21], s.index[-1]]
    got = cached_multiscale(s, dates, step=40, cache=tmp_path)
    for d in dates:
        ref = L.multiscale(s[s.index <= d], start=d, end=d, step=40).frame.iloc[0]
        for col, v in ref.items():
            assert got.loc[d, col] == v
    assert list(tmp_path.iterdir())  # written to the cache folder
    again = cached_multiscale(s, dates, step=40, cache=tmp_path)
    pd.testing.assert_frame_equal(got, again)
    # a scale whose longest window does not fit the history is NaN, not zero
    short = cached_multiscale(s.iloc[:900], [s.index[899]], step=40, cache=tmp_path)
    assert np.isnan(short["long_pos_conf"].iloc[0]) and np.isfinite(short["medium_pos_conf"].iloc[0])


def test_scale_panels_render_every_scale_and_the_last_reading() -> None:
    idx = pd.bdate_range("2020-01-01", periods=3)
    frame = pd.DataFrame({f"{k}_{side}_conf": [0.0, 0.25, 0.5] for k in L.SCALES for side in ("pos", "neg")},
                         index=idx)
    frame["long_pos_conf"] = np.nan
    html = M._scales_text(frame)
    for k in ("super-short", "short", "medium"):
        assert k in html
    assert "<td>50%</td><td>50%</td>" in html and "not read against a null" in html
    fig = M._scales_figure(frame)
    assert len(fig.data) == 4 and all(len(tr.x) == 3 for tr in fig.data)


def test_scale_panels_have_a_chinese_edition() -> None:
    from zh_text import english_leftovers

    idx = pd.bdate_range("2020-01-01", periods=2)
    frame = pd.DataFrame({f"{k}_{side}_conf": [0.0, 0.1] for k in L.SCALES for side in ("pos", "neg")}, index=idx)
    html = M._scales_text(frame, "zh")
    assert "超短期" in html and english_leftovers(html) == []
    fig = M._scales_figure(frame, "zh")
    assert fig.layout.annotations[0].text.startswith("超短期")
