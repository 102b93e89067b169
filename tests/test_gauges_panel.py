"""The episode panel: evidence feeds the boom/bubble and concentration gauges; an episode's peak sets as-of."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblescope.evidence.loader import load_evidence
from bubblescope.gauges import GaugeInputs, PriceInput, episode_gauges
from test_gauges_data import shiller_frame

_EXTRA = """
evidence:
  - id: ai-2023.ai-revenue-annual
    episode: ai-2023
    informs: [economics]
    metric: technology_revenue_annual
    value: 50
    unit: USD bn
    as_of: 2025-10
    source: {organisation: Org, title: T, published: 2025-10}
  - id: ai-2023.mag7-share-sp500
    episode: ai-2023
    informs: [concentration]
    metric: mag7_share_of_sp500_market_value
    value: 33.3
    unit: "%"
    as_of: 2025-10
    source: {organisation: Org, title: T}
  - id: t.nasdaq-pe
    episode: ai-2023
    informs: [valuation]
    metric: nasdaq100_pe
    value: 55
    unit: x
    as_of: 2025-10
    source: {organisation: Org, title: T}
  - id: t.nvda-fpe
    episode: ai-2023
    informs: [valuation]
    metric: nvidia_forward_pe
    value: 30
    unit: x
    as_of: 2025-11
    source: {organisation: Org, title: T}
  - id: t.ocf
    episode: ai-2023
    informs: [financing]
    metric: capex_funded_by_ocf_share
    value: 45
    unit: "%"
    as_of: 2025-10
    source: {organisation: Org, title: T}
"""


def _base(tmp_path, extra: str = _EXTRA):
    path = tmp_path / "extra.yaml"
    path.write_text(extra, encoding="utf-8")
    return load_evidence([path])


def test_evidence_feeds_boom_and_concentration_gauges(tmp_path):
    panel = episode_gauges("ai-2023", GaugeInputs(), _base(tmp_path))
    assert panel["industry_strain"].value == pytest.approx(370 / 50)
    assert panel["industry_strain"].colour == "red"
    assert panel["valuation_heat"].colour == "red"
    assert panel["funding_quality"].colour == "red"
    assert panel["economic_strain"].colour == "green"
    assert panel["revenue_momentum"].value == pytest.approx(np.log(2) / np.log(13 / 3.7))
    assert panel.boom.reds == 3 and panel.boom.verdict == "bubble"
    assert panel["mag7_share"].value == pytest.approx(33.3)
    assert "[ai-2023.mag7-share-sp500]" in panel["mag7_share"].source
    assert panel["leader_forward_pe"].value == 30 and panel["leader_forward_pe"].as_of == "2025-11"
    assert not panel["cape"].available  # no data given: no number
    json.dumps(panel.to_dict(), allow_nan=False)
    assert "verdict: bubble" in panel.summary()


def test_packaged_evidence_alone():
    panel = episode_gauges("ai-2023", GaugeInputs(), load_evidence())
    assert panel["economic_strain"].value == pytest.approx(0.9)
    assert panel["revenue_momentum"].available
    assert not panel["valuation_heat"].available
    assert "nasdaq100_pe" in panel["valuation_heat"].needs


def test_market_values_give_concentration_with_history():
    idx = pd.date_range("2024-01-31", periods=3, freq="ME")
    mv = pd.DataFrame({"NVDA": [1.0, 2.0, 3.0], "AAPL": [3.0, 3.0, 3.0], "XOM": [6.0, 5.0, 4.0]}, index=idx)
    panel = episode_gauges("ai-2023", GaugeInputs(market_values=mv, market_values_source="test"), None)
    assert panel["mag7_share"].value == pytest.approx(60.0)
    assert panel["hhi"].value == pytest.approx(10_000 * (0.3**2 + 0.3**2 + 0.4**2))
    assert panel["top10_share"].value == pytest.approx(100.0)


def test_as_of_truncates_every_data_gauge(shared_data):
    from test_gauges_data import series

    sh = shiller_frame(shared_data)
    ixic = series(shared_data, "prices/yfinance_whan1569/indices/NASDAQ_Composite_1d.csv")
    spx = series(shared_data, "prices/yfinance_whan1569/indices/SP500_1d.csv")
    inputs = GaugeInputs(shiller=sh, prices=[PriceInput("^IXIC", ixic, "test")],
                         market=PriceInput("^GSPC", spx, "test"))
    panel = episode_gauges("ai-2023", inputs, None, as_of="2000-03-31")
    assert panel["cape"].as_of == "2000-03-01"
    assert panel["gsy:^IXIC"].colour == "red"  # run-up flagged at the dot-com peak
    assert panel["gsy:^IXIC"].as_of == "2000-03-01"
    assert panel["gmo:S&P Composite"].value >= 2.5
    assert panel["gmo:S&P Composite"].as_of == "2000-03-01"


def test_early_as_of_gives_not_available_not_an_error(shared_data):
    from test_gauges_data import series

    sh = shiller_frame(shared_data)
    nvda = series(shared_data, "prices/close_adj_dsturdy/NVDA.csv")
    inputs = GaugeInputs(shiller=sh, prices=[PriceInput("NVDA", nvda, "test")])
    panel = episode_gauges("ai-2023", inputs, None, as_of="1871-04-01")
    assert not panel["cape"].available  # CAPE needs 10 years of earnings
    assert not panel["trailing_pe"].available and "longer history" in panel["trailing_pe"].needs
    assert not panel["gsy:NVDA"].available and not panel["gmo:NVDA"].available
    assert panel.to_frame().loc["trailing_pe", "needs"]


def test_missing_symbols_are_listed_as_not_available():
    panel = episode_gauges("ai-2023", GaugeInputs(missing=("NVDA",)), None)
    assert not panel["gsy:NVDA"].available and "prices of NVDA" in panel["gsy:NVDA"].needs
    assert not panel["gmo:NVDA"].available
