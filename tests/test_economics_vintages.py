"""Issue 18, point 1: capex vintages from 2019 (SEC extracts), both schedules per vintage, Burry's claim."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from bubblescope.data.sec_extracts import load_sec_folder, read_cash_flow_extract, read_ixbrl_facts
from bubblescope.economics import load_scenario
from bubblescope.economics.inputs import CAPEX_YEARS
from bubblescope.economics.vintages import burry_reproduction, vintage_schedules


def test_extract_reader_parses_quarters_and_derives_missing_capex(tmp_path):
    p = tmp_path / "meta_cash-flows.json"
    p.write_text(json.dumps({"FY2024": {
        "Q1": {"operatingCashFlow": 19246, "freeCashFlow": 12531, "financeLeasePayments": -315},
        "Q4": {"operatingCashFlow": 27988, "capitalExpenditures": -14425, "freeCashFlow": 13155},
    }}))
    f = read_cash_flow_extract(p)
    assert list(f["quarter"]) == [1, 4]
    assert f.loc[0, "capex"] == pytest.approx(6.400) and bool(f.loc[0, "derived"])  # 19,246 - 12,531 - 315
    assert f.loc[1, "capex"] == pytest.approx(14.425) and not bool(f.loc[1, "derived"])
    assert f.loc[1, "period_end"] == pd.Timestamp("2024-12-31")


def test_microsoft_fiscal_quarters_end_in_the_right_month(tmp_path):
    p = tmp_path / "microsoft_cash-flows.json"
    p.write_text(json.dumps({"FY2021": {"Q1": {"operatingCF": 19335, "capitalExpenditure": -4907}}}))
    f = read_cash_flow_extract(p)
    assert f.loc[0, "period_end"] == pd.Timestamp("2020-09-30")
    assert f.loc[0, "ocf"] == pytest.approx(19.335)


def test_ixbrl_reader_reads_amazon_capex(shared_data):
    facts = read_ixbrl_facts(shared_data / "sec" / "10k_ixbrl" / "amzn-10-k-2025-02-07.html",
                             ("us-gaap:PaymentsToAcquireProductiveAssets",))
    from bubblescope.data.sec_extracts import annual_flow

    s = annual_flow(facts, "us-gaap:PaymentsToAcquireProductiveAssets")
    assert s.loc[2022] == pytest.approx(63.645) and s.loc[2024] == pytest.approx(82.999)


def test_scenario_vintages_agree_with_the_sec_files(shared_data):
    """capex_2022..2024 = the four companies' calendar-year capex in the files (rounded to 1 bn)."""
    df = load_sec_folder(shared_data / "sec")
    df["year"] = df["period_end"].dt.year
    by = df.groupby(["company", "year"])["capex"].sum()
    sc = load_scenario("base")
    for y in (2022, 2023, 2024):
        total = sum(by.loc[(c, y)] for c in ("Microsoft", "Alphabet", "Meta", "Amazon"))
        assert sc.value(f"capex_{y}") == pytest.approx(total, abs=1.0), y
    three_2025 = sum(by.loc[(c, 2025)] for c in ("Microsoft", "Alphabet", "Meta"))
    assert sc.value("capex_2025") == pytest.approx(three_2025 + 125.0, abs=1.0)  # Amazon: its guidance


def test_every_vintage_is_fully_depreciated_on_both_schedules():
    capex = pd.Series([10.0, 20.0, 0.0, 5.0], index=[2019, 2020, 2021, 2022])
    t = vintage_schedules(capex, 6, 3, depreciable_share=0.5)
    sums = t.groupby("vintage")[["reported", "economic"]].sum()
    assert sums.loc[2019, "reported"] == pytest.approx(5.0) and sums.loc[2019, "economic"] == pytest.approx(5.0)
    assert sums.loc[2022, "economic"] == pytest.approx(2.5)
    # a 2020 vintage at 3 years: 20 x 0.5 / 3 a year in 2020-2022, nothing in 2023
    e = t[(t["vintage"] == 2020)].set_index("year")["economic"]
    assert e.loc[2022] == pytest.approx(10 / 3)
    assert e.get(2023, 0.0) == 0.0


def test_vintages_start_in_2019_and_earlier_vintages_count():
    assert CAPEX_YEARS[0] == 2019
    sc = load_scenario("base")
    with_old = burry_reproduction(sc).alternatives
    assert with_old["vintages from 2023 only, 6y vs 3y"] > with_old["6y vs 3y (scenario lives)"]


def test_burry_reproduced_within_ten_percent():
    r = burry_reproduction(load_scenario("base"))
    assert r.claim == 176
    assert r.within_tolerance, r.summary()
    assert abs(r.result - 176) <= 17.6
    assert r.by_vintage["vintage"].min() == 2021  # 5.5-year lives: 2021 vintages still charge in 2026


def test_set_capex_2022_is_accepted(cli):
    base = json.loads(cli("capex", "--json").out)
    r = cli("capex", "--set", "capex_2022=300", "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["depreciation"]["cumulative_understatement"] < base["depreciation"]["cumulative_understatement"]
    assert {row["vintage"] for row in d["vintages"]} >= {2019, 2022, 2028}
    assert "burry" in d and d["burry"]["claim"] == 176


@pytest.mark.parametrize(("arg", "needle"), [("capex_2031=100", "future"), ("capex_2022=-5", "negative"),
                                             ("capex_2015=10", "before the first")])
def test_bad_vintages_exit_2(cli, arg, needle):
    r = cli("capex", "--set", arg)
    assert r.code == 2, r
    assert needle in r.err and "Traceback" not in r.err
