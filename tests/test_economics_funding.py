"""Issue 18, point 3: funding quality (capex / OCF) from the SEC files, hand-solved and on real data."""

from __future__ import annotations

import pandas as pd
import pytest

from bubblescope.economics.funding import AGGREGATE, funding_quality
from bubblescope.errors import InputError


def _frame() -> pd.DataFrame:
    ends = pd.to_datetime(["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31"])
    rows = []
    for k, e in enumerate(ends):
        rows.append({"company": "A", "period_end": e, "quarter": k % 4 + 1, "capex": 10.0, "ocf": 20.0, "source": "a"})
        rows.append({"company": "B", "period_end": e, "quarter": k % 4 + 1, "capex": 30.0 + k, "ocf": 20.0, "source": "b"})
    rows.append({"company": "C", "period_end": pd.Timestamp("2024-12-31"), "quarter": 0, "capex": 5.0, "ocf": 4.0,
                 "source": "c"})
    return pd.DataFrame(rows)


def test_hand_solved_ratios():
    r = funding_quality(_frame())
    assert r.companies == ("A", "B")
    a = r.latest("A")
    assert a["ttm_ratio"] == pytest.approx(40 / 80)
    b = r.latest("B")  # quarters 2024-06..2025-03: capex 31+32+33+34 = 130, OCF 80
    assert b["ttm_ratio"] == pytest.approx(130 / 80)
    assert r.ttm_ratio == pytest.approx((40 + 130) / 160)
    assert r.as_of == "2025-03-31"
    assert r.ocf_funded_share == pytest.approx(100 * 160 / 170)
    assert r.annual.loc[0, "ratio"] == pytest.approx(1.25)
    (s,) = r.to_signals()
    assert s.family == "economics" and s.value == pytest.approx(170 / 160) and s.bubble == 1.0


def test_gap_in_quarters_gives_no_ttm():
    f = _frame()
    f = f[~((f["company"] == "A") & (f["period_end"] == pd.Timestamp("2024-06-30")))]
    r = funding_quality(f)
    a = r.quarterly[r.quarterly["company"] == "A"].set_index("period_end")
    assert pd.isna(a.loc[pd.Timestamp("2025-03-31"), "ttm_ratio"])  # four rows but they span a year
    agg = r.quarterly[r.quarterly["company"] == AGGREGATE]
    assert pd.Timestamp("2024-06-30") not in set(agg["period_end"])


def test_bad_input():
    with pytest.raises(InputError):
        funding_quality(pd.DataFrame({"company": ["A"]}))
    f = _frame()
    f.loc[0, "capex"] = -1
    with pytest.raises(InputError, match="negative"):
        funding_quality(f)


def test_real_sec_files(shared_data):
    from bubblescope.data.sec_extracts import load_sec_folder
    from bubblescope.gauges.funding import funding_reading

    r = funding_quality(load_sec_folder(shared_data / "sec"))
    assert set(r.companies) == {"Alphabet", "Meta", "Microsoft"}
    assert r.as_of == "2025-12-31"
    assert 0.3 < r.ttm_ratio < 1.0  # the three pay for their capex out of operating cash flow
    reading = funding_reading(r)
    assert reading.as_of == "2025-12-31" and reading.unit == "%" and "SEC filings" in reading.source
    from bubblescope.gauges.boom import boom_bubble_gauges

    g = boom_bubble_gauges(ocf_funded_share=reading).to_dict()["gauges"][-1]
    assert g["key"] == "funding_quality" and g["available"] and g["as_of"] == "2025-12-31"
    assert "amzn" not in reading.source  # Amazon has fiscal years only: not in the quarterly aggregate
    amzn = r.annual[r.annual["company"] == "Amazon"].set_index("period_end")
    assert amzn.loc[pd.Timestamp("2024-12-31"), "ratio"] == pytest.approx(82.999 / 115.877)
