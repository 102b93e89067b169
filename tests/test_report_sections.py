"""The report's data sections: offline (packaged data), shared real data (ai-2023, dotcom-1995), backtest,
and the compute-phase helpers."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import _report_builds as rb
from bubblescope.errors import DataSourceError
from bubblescope.evidence import load_evidence
from bubblescope.report import ReportContext, build_report, render_html
from bubblescope.report import analysis as A
from bubblescope.report import steps as S
from bubblescope.report.fetch import Fetcher


def _sections(out):
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data, {s["id"]: s for s in data["sections"]}


# ------------------------------------------------------------------------------------ without compute phase


def test_without_analysis_data_sections_say_what_they_need():
    ctx = ReportContext(base=load_evidence(), episode_id="ai-2023")
    rep = build_report(ctx, generated="2026-01-01T00:00:00Z")
    by = {s.id: s for s in rep.sections}
    for sid in ("market", "gauges", "economics", "stress", "validation"):
        assert not by[sid].available and by[sid].needs
    assert by["verdict"].available and by["verdict"].data["four_factor"]["total"] == ctx.score().total
    assert rep.to_dict()["data_sources"] is None
    assert "Not available: needs the compute phase" in render_html(rep)


# ------------------------------------------------------------------------------------ offline, no cache


def test_offline_builds_from_packaged_data_and_says_so():
    data, by = _sections(rb.offline())
    assert data["data_sources"] == {"^IXIC": "packaged", "^GSPC": "packaged"}
    market = by["market"]
    assert market["available"]
    assert [s["symbol"] for s in market["data"]["series"]] == ["^IXIC", "^GSPC"]
    assert market["data"]["missing"] == ["NVDA", "^NDX"]
    for s in market["data"]["series"]:
        assert s["data"]["mode"] == "packaged" and s["data"]["provenance"]["source"] == "package"
        assert s["psy"]["critical_values_params"]["reps"] == A.PSY_REPS
        assert sorted(s["lppls"]["windows"]) == sorted(A.LPPLS_WINDOWS)
    verdict = by["verdict"]["data"]
    assert verdict["data"]["network"] == "not tried (--offline)"
    assert {t["symbol"] for t in verdict["bubble_tests"]} == {"^IXIC", "^GSPC"}
    # evidence-only sections still render offline
    assert by["economics"]["available"] and by["stress"]["available"] and by["gauges"]["available"]
    html = (rb.offline() / "index.html").read_text(encoding="utf-8")
    assert "packaged" in html and "NVDA: not available" in html


def test_economics_and_stress_numbers_match_their_modules():
    from bubblescope.economics import load_scenario, run_scenario, sensitivity
    from bubblescope.stress import load_network, load_shock_scenario, run_stress

    _, by = _sections(rb.offline())
    a = run_scenario(load_scenario("base"))
    v = json.loads((rb.offline() / "report.json").read_text())["sections"][0]["data"]
    from bubblescope.economics.needed import episode_revenue_needed

    needed = episode_revenue_needed()  # the card shows the one revenue-needed figure (issue 15)
    assert v["revenue_gap"]["gap"] == pytest.approx(needed.central - needed.actual_revenue)
    assert a.actual_revenue == needed.actual_revenue
    sens = by["economics"]["data"]["chip_life_sensitivity"]
    ref = sensitivity(load_scenario("base"), {"chip_life_economic": list(S.CHIP_LIVES)}, "revenue_gap")
    assert sens == json.loads(json.dumps(ref.to_dict()))
    sc = load_shock_scenario("dotcom-style-crash")
    ref_s = run_stress(load_network(sc.network), sc)
    got = next(s for s in by["stress"]["data"]["scenarios"] if s["scenario"] == "dotcom-style-crash")
    assert got["totals"]["total_loss"] == pytest.approx(ref_s.totals["total_loss"])
    assert v["stress"]["consumption_drop_share_of_gdp"] is None or v["stress"]["consumption_drop_share_of_gdp"] > 0


# ------------------------------------------------------------------------------------ shared real data


def test_shared_data_ai_market_sections_through_2026():
    data, by = _sections(rb.shared("ai-2023"))
    series = {s["symbol"]: s for s in by["market"]["data"]["series"]}
    for sym in ("NVDA", "^IXIC", "^GSPC"):
        d = series[sym]["data"]
        assert d["mode"] == "local" and d["as_of"] >= "2026-01-01", d
        assert series[sym]["psy"]["params"]["last"] >= "2026-01-01"
        assert series[sym]["lppls"]["indicators"]
    assert data["data_sources"]["SHILLER"] == "local"
    # issue 17: the LPPLS confidence is read against its block-bootstrap null, so the verdict signal speaks
    lp = series["^IXIC"]["lppls"]
    assert lp["null"]["n_paths"] == A.LPPLS_NULL.n_paths and 0.0 <= lp["null_q95"] <= 1.0
    sig = next(s for s in by["verdict"]["data"]["judgement"]["signals"] if s["name"] == "lppls:^IXIC")
    assert sig["available"] and sig["bubble"] in (0.0, 1.0), sig
    assert "95% quantile of its block-bootstrap null" in sig["rule"]
    assert f"95% null quantile {lp['null_q95']:.0%}" in sig["reading"]
    last_conf = pd.DataFrame(lp["indicators"])["pos_conf"].iloc[-1]
    assert sig["bubble"] == float(last_conf > lp["null_q95"])
    g = by["gauges"]["data"]["panel"]
    cape = next(x for x in g["gauges"] if x["key"] == "cape")
    assert cape["available"] and cape["history"]["percentile"] > 90  # CAPE above 40 in 2026


@pytest.mark.slow
def test_shared_data_dotcom_nasdaq_1995_2002_stamps_the_2000_bubble():
    _, by = _sections(rb.shared("dotcom-1995"))
    series = {s["symbol"]: s for s in by["market"]["data"]["series"]}
    ixic = series["^IXIC"]["psy"]
    assert ixic["params"]["first"].startswith("1995-01") and ixic["params"]["last"] < "2003-01-31"
    assert ixic["frequency"].startswith("weekly")
    # PSY (2015) and Phillips, Wu & Yu (2011) date the Nasdaq bubble around 1999–2000: the episode
    # stamped here must contain the March 2000 peak.
    peak = pd.Timestamp("2000-03-10")
    assert any(pd.Timestamp(e["start"]) <= peak <= pd.Timestamp(e["end"] or "2100-01-01") for e in ixic["episodes"])
    lp = pd.DataFrame(series["^IXIC"]["lppls"]["indicators"])
    assert pd.Timestamp(lp["date"].min()) < peak < pd.Timestamp(lp["date"].max())
    ixic_test = next(t for t in by["verdict"]["data"]["bubble_tests"] if t["symbol"] == "^IXIC")
    assert ixic_test["psy_light"] == "red" and "covering the 2000-03-10 peak" in ixic_test["psy"]
    # episode-aware pages (issue 15): no AI economics, exposure network or 2026 market scan for dot-com
    assert "economics" not in by and "stress" not in by and "scan" not in by
    timeline = by["verdict"]["data"]["timeline"]
    assert [t["as_of"] for t in timeline] == ["1999-12-31", "2000-03-10", "2002-12-31"]
    assert timeline[-1]["verdict"] == "bust" and timeline[1]["verdict"] in ("bubble", "bubble-like boom")


# ------------------------------------------------------------------------------------ backtest scorecard


def test_validation_section_reads_backtest_json(cli, tmp_path):
    bt = tmp_path / "bt"
    bt.mkdir()
    (bt / "validation.json").write_text(json.dumps({
        "signals": {"psy": "PSY real-time"}, "crash_rule": {"drawdown": 0.3},
        "scorecard": [{"signal": "psy", "hits": 3, "bubbles_evaluated": 4, "median_lead_days": 120.0}],
        "named_case": {"citation": "Phillips, Shi and Yu (2015)", "matches": [
            {"event": "the great crash (1929)", "years": "1928–1930", "found": True, "episodes": "1929-09 → 1930-04"},
            {"event": "Black Monday (1987)", "years": "1986–1987", "found": False, "episodes": ""}]}}))
    ctx = ReportContext(base=load_evidence(), episode_id="ai-2023",
                        analysis=A.Analysis(backtest=S.read_backtest(bt)[0], backtest_file=str(bt / "validation.json")))
    rep = build_report(ctx)
    sec = next(s for s in rep.sections if s.id == "validation")
    assert sec.available and sec.data["scorecard"][0]["hits"] == 3
    assert "120.00" in sec.html and "median lead days" in sec.html
    assert "Named case: 1 of 2 published episodes stamped" in sec.html and "1929-09 → 1930-04" in sec.html
    empty = tmp_path / "empty"
    empty.mkdir()
    assert S.read_backtest(empty)[2].startswith("no validation.json")
    (empty / "validation.json").write_text("{not json")
    assert "unreadable" in S.read_backtest(empty)[2]
    (empty / "validation.json").write_text("{}")
    assert "no 'scorecard'" in S.read_backtest(empty)[2]


# ------------------------------------------------------------------------------------ compute-phase helpers


def _daily(start: str, end: str) -> pd.Series:
    idx = pd.bdate_range(start, end)
    return pd.Series(range(1, len(idx) + 1), index=idx, dtype=float)


def test_psy_sample_frequency_rule():
    s = _daily("2000-01-03", "2020-12-31")
    m, f = A.psy_sample(s, pd.Timestamp("2005-01-01"), pd.Timestamp("2020-12-15"))
    assert f == "month-end closes" and len(m) == 16 * 12
    assert m.index[-1] == pd.Timestamp("2020-12-15")  # a partial month keeps its real last date
    assert m.index[0] == pd.Timestamp("2005-01-31") and set(m.index).issubset(s.index)
    w, f = A.psy_sample(s, pd.Timestamp("2015-01-01"), pd.Timestamp("2020-12-31"))
    assert f.startswith("weekly") and (w.index[:-1].day_of_week == 4).all()
    assert w.index[-1] == pd.Timestamp("2020-12-31")


def test_lppls_dates_step_span_and_last_date():
    ep = load_evidence().episode("ai-2023")
    s = _daily("2015-01-01", "2026-08-21")
    d = A.lppls_dates(s, ep)
    assert d[-1] == s.index[-1]
    assert all(s.index.get_loc(b) - s.index.get_loc(a) == A.LPPLS_STEP for a, b in itertools.pairwise(d))
    assert d[0] >= s.index[-1] - pd.DateOffset(years=A.LPPLS_YEARS)
    dot = load_evidence().episode("dotcom-1995")
    d2 = A.lppls_dates(_daily("1990-01-01", "2003-01-01"), dot)
    assert d2[0] >= pd.Timestamp("1997-03-01") and d2[-1] <= pd.Timestamp("2000-09-10")


def test_market_window():
    b = load_evidence()
    last = pd.Timestamp("2026-08-21")
    assert A.market_window(b.episode("ai-2023"), last) == (pd.Timestamp("2013-01-01"), last)
    assert A.market_window(b.episode("dotcom-1995"), last) == (pd.Timestamp("1995-01-01"),
                                                               pd.Timestamp("2002-12-31"))


def test_fetcher_goes_offline_after_first_network_failure(monkeypatch):
    calls = []

    def fake(symbol, *, data_dir=None, offline=False, **kw):
        calls.append((symbol, offline))
        if not offline:
            raise DataSourceError(f"yahoo {symbol}: network error: ConnectError (after 4 attempts)")
        if symbol == "X":
            raise DataSourceError("yahoo X: not found in the cache or packaged data (offline)")
        return _daily("2020-01-01", "2020-03-01")

    monkeypatch.setattr("bubblescope.data.api.get_series", fake)
    f = Fetcher(None, offline=False)
    assert f.series("A") is not None
    assert f.series("X") is None
    assert calls == [("A", False), ("A", True), ("X", True)]
    assert f.reachable is False and f.offline
    assert any("network unreachable" in n for n in f.notes) and any(n.startswith("X:") for n in f.notes)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(130, 1500), step_back=st.integers(0, 400))
def test_lppls_dates_properties(n, step_back):
    """For any history: dates lie in the span, are LPPLS_STEP trading days apart, end on the last
    date, and each has at least the smallest window of history."""
    ep = load_evidence().episode("ai-2023")
    s = _daily("2018-01-01", "2030-01-01").iloc[:n]
    d = A.lppls_dates(s, ep)
    assert d and d[-1] == s.index[-1]
    pos = [s.index.get_loc(x) for x in d]
    assert all(b - a == A.LPPLS_STEP for a, b in itertools.pairwise(pos))
    assert pos[0] >= min(A.LPPLS_WINDOWS) - 1
    assert d[0] >= s.index[-1] - pd.DateOffset(years=A.LPPLS_YEARS)


@settings(max_examples=40, deadline=None)
@given(days=st.integers(30, 6000), offset=st.integers(0, 3000))
def test_psy_sample_properties(days, offset):
    """One observation per period, real dates taken from the input, values unchanged, in the window."""
    s = _daily("1990-01-01", "2010-12-31")
    s = s * 1.5
    start = s.index[0] + pd.Timedelta(days=offset)
    end = start + pd.Timedelta(days=days)
    out, freq = A.psy_sample(s, start, end)
    assert out.index.is_monotonic_increasing and out.index.is_unique
    assert set(out.index).issubset(s.index) and (out == s.loc[out.index]).all()
    assert out.index[0] >= start and out.index[-1] <= end
    per = out.index.to_period("M" if freq.startswith("month") else "W-FRI")
    assert per.is_unique


def test_report_analysis_is_deterministic():
    """Same data and seeds → identical PSY and LPPLS numbers (packaged ^GSPC, three LPPLS dates)."""
    from bubblescope.data.api import get_series

    s = get_series("^GSPC", offline=True, cache=False)
    sample, _ = A.psy_sample(s, pd.Timestamp("2010-01-01"), pd.Timestamp("2018-12-31"))
    p1, p2 = A.run_psy(sample), A.run_psy(sample)
    pd.testing.assert_frame_equal(p1.to_frame(), p2.to_frame())
    dates = list(s.index[-41::20])
    l1, l2 = A.run_lppls(s, dates), A.run_lppls(s, dates)
    pd.testing.assert_frame_equal(l1.frame, l2.frame)
    assert list(l1.frame.index) == dates
