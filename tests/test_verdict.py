"""The verdict (issue 15): the aggregation rule by hand, falsifiers, the ledger, the CLI's errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblescope.errors import BubblescopeError, InputError
from bubblescope.evidence.falsifiers import Falsifier, load_falsifiers, parse_falsifiers
from bubblescope.signals import Signal
from bubblescope.verdict import FAMILY_WEIGHTS, MarketState, aggregate, classify, judge, market_state
from bubblescope.verdict.backtest import Span, rule_backtest, rule_score, wilson
from bubblescope.verdict.falsifiers import evaluate


def sig(family: str, name: str, bubble: float | None, *, value: float = 1.0, as_of: str = "2026-06-30",
        available: bool = True) -> Signal:
    if not available:
        return Signal.unavailable(family, name, name, "no data")
    return Signal(family, name, name, "r", value, "", bubble, "rule", as_of=as_of)


def test_weights_sum_to_one_and_cover_every_family():
    from bubblescope.signals import FAMILIES

    assert set(FAMILY_WEIGHTS) == set(FAMILIES)
    assert sum(FAMILY_WEIGHTS.values()) == pytest.approx(1.0)


def test_aggregate_by_hand():
    s = [sig("four_factor", "ff", 0.75), sig("market_tests", "psy", 1.0), sig("market_tests", "lppls", 0.0),
         sig("valuation", "cape", 1.0), sig("valuation", "x", None, available=False)]
    agg = aggregate(s, as_of="2026-07-01")
    # families: four_factor 0.75, market 0.5, valuation 1.0; weights 0.2 each -> 1/3 each
    assert agg.score == pytest.approx((0.75 + 0.5 + 1.0) / 3)
    assert set(agg.weights_used) == {"four_factor", "market_tests", "valuation"}
    assert sum(agg.weights_used.values()) == pytest.approx(1.0)
    assert agg.excluded == ("x: no data",)


def test_unequal_weights_renormalise():
    s = [sig("four_factor", "ff", 1.0), sig("stress", "st", 0.0)]
    agg = aggregate(s, as_of="2026-07-01")
    assert agg.score == pytest.approx(0.20 / 0.25)


def test_too_few_families_gives_no_verdict():
    agg = aggregate([sig("four_factor", "ff", 1.0)], as_of="2026-07-01")
    assert agg.score is None
    v, stage, why = classify(agg.score, None)
    assert v is None and stage is None and "fewer than" in why


def test_stale_signals_flagged():
    agg = aggregate([sig("four_factor", "ff", 1.0, as_of="2025-01-01"), sig("valuation", "v", 0.0)],
                    as_of="2026-07-01")
    assert agg.stale == ("ff",)


@pytest.mark.parametrize(("score", "run_up", "dd", "verdict", "stage"), [
    (0.10, 0.10, 0.0, "no boom", "displacement"),
    (0.10, 0.50, 0.0, "boom", "boom"),
    (0.40, 0.50, 0.0, "bubble-like boom", "boom"),
    (0.60, 0.90, 0.05, "bubble", "euphoria"),
    (0.60, 0.90, 0.15, "bubble", "distress"),
    (0.60, 0.90, 0.45, "bust", "revulsion"),
    (0.20, 0.10, 0.40, "no boom", "revulsion"),  # a fall without a run-up and a low score is no bust
])
def test_classify_bands(score, run_up, dd, verdict, stage):
    m = MarketState("X", "2026-01-01", run_up, dd, "2025-06-01")
    v, st, why = classify(score, m)
    assert (v, st) == (verdict, stage)
    assert why


def test_market_state_on_a_known_path():
    idx = pd.bdate_range("2019-01-01", periods=6 * 260)
    p = pd.Series(np.r_[np.full(520, 100.0), np.linspace(100, 300, 520), np.linspace(300, 150, 520)], idx)
    st = market_state(p, series="X", start="2021-01-01")
    assert st is not None
    assert st.run_up == pytest.approx(2.0, rel=1e-6)
    assert st.drawdown == pytest.approx(0.5, rel=1e-6)
    cut = market_state(p, series="X", start="2021-01-01", as_of=str(idx[800].date()))
    assert cut is not None and cut.drawdown == 0.0 and cut.as_of == str(idx[800].date())
    assert market_state(p, series="X", start="2030-01-01") is None


def test_judge_paragraph_answers_the_three_questions():
    from bubblescope.verdict import Exposure

    s = [sig("four_factor", "ff", 1.0), sig("valuation", "cape", 1.0), sig("market_tests", "psy", 0.0)]
    m = MarketState("^IXIC", "2026-06-30", 1.2, 0.02, "2026-06-01")
    r = judge(s, episode="ai-2023", episode_name="the AI boom", as_of="2026-07-01", market=m,
              exposed=[Exposure("Oracle", 50.0, "USD bn", "ai-bust", 0.4), Exposure("Nvidia", 80.0, "USD bn", "ai-bust")])
    text = r.paragraph()
    assert "As of 2026-07-01" in text and "bubble" in text and "euphoria" in text
    assert text.index("Nvidia") < text.index("Oracle")  # most exposed first
    d = r.to_dict()
    for key in ("verdict", "stage", "as_of", "summary", "signals", "falsifiers", "backtest"):
        assert key in d
    for row in d["signals"]:
        assert {"family", "reading", "weight", "as_of", "stale"} <= set(row)
    json.dumps(d, allow_nan=False)


# --------------------------------------------------------------------------------- falsifiers


def test_falsifier_status_both_directions():
    up = Falsifier("a", "revenue covers half", "above", 0.5, 0.25, signal="economics:cov")
    down = Falsifier("b", "capex/OCF at most 0.7", "below", 0.7, 0.9, signal="economics:fq")
    s = [Signal("economics", "economics:cov", "c", "r", 0.3, "", 1.0), Signal("economics", "economics:fq", "f", "r", 1.2, "", 1.0)]
    got = {r.falsifier.id: r.status for r in evaluate([up, down], s)}
    assert got == {"a": "weakening", "b": "holding"}
    s2 = [Signal("economics", "economics:cov", "c", "r", 0.6, "", 0.0)]
    got2 = {r.falsifier.id: (r.status, r.note) for r in evaluate([up, down], s2)}
    assert got2["a"][0] == "triggered"
    assert got2["b"] == ("not available", "no such signal in this run")


def test_falsifier_evidence_value_after_as_of_is_not_used():
    f = Falsifier("c", "cond", "above", 1.0, 0.5, value=2.0, as_of="2026-05-01", source="somewhere")
    assert evaluate([f], [], as_of="2026-01-01")[0].status == "not available"
    assert evaluate([f], [], as_of="2026-06-01")[0].status == "triggered"


def test_packaged_falsifiers_parse_and_cover_the_article():
    fs = load_falsifiers("ai-2023")
    assert len(fs) >= 5
    ids = {f.id for f in fs}
    assert {"revenue-catches-up", "chips-hold-value", "power-gap-closes", "capex-funded-from-cash-flow"} <= ids


@pytest.mark.parametrize(("text", "msg"), [
    ("episode: ai-2023\nfalsifiers: [", "malformed YAML"),
    ("episode: ai-2023\nfalsifiers: []", "non-empty list"),
    ("episode: ai-2023\nfalsifiers:\n  - {id: a, condition: c, direction: up, threshold: 1, weakening: 0, signal: s}",
     "direction"),
    ("episode: ai-2023\nfalsifiers:\n  - {id: a, condition: c, direction: above, threshold: 1, weakening: 2, signal: s}",
     "weakening"),
    ("episode: ai-2023\nfalsifiers:\n  - {id: a, condition: c, direction: above, threshold: x, weakening: 0, signal: s}",
     "threshold must be a number"),
    ("episode: ai-2023\nfalsifiers:\n  - {id: a, condition: c, direction: above, threshold: 1, weakening: 0, value: 3}",
     "needs 'source' and 'as_of'"),
    ("episode: ai-2023\nfalsifiers:\n  - {id: a, condition: c, direction: above, threshold: 1, weakening: 0, sig: s}",
     "unknown field"),
])
def test_malformed_falsifier_yaml(text, msg):
    with pytest.raises(BubblescopeError, match=msg):
        parse_falsifiers(text, "mine.yaml")


# --------------------------------------------------------------------------------- the ledger


def test_ledger_append_verify_and_tamper(tmp_path):
    from bubblescope.data.ledger import append_entry, read_ledger

    path = tmp_path / "ledger.jsonl"
    e1 = append_entry(path, {"verdict": "bubble", "as_of": "2026-12-01"})
    e2 = append_entry(path, {"verdict": "boom", "as_of": "2026-12-02"})
    assert e2.prev == e1.hash and [e.seq for e in read_ledger(path)] == [1, 2]
    raw = path.read_bytes()
    i = raw.index(b"boom")
    path.write_bytes(raw[:i] + b"b" + raw[i + 1:].replace(b"oom", b"ust", 1))
    with pytest.raises(InputError, match="entry 2"):
        read_ledger(path)


def test_ledger_same_payload_same_entry_hash_chain(tmp_path):
    from bubblescope.data.ledger import append_entry

    a = append_entry(tmp_path / "a.jsonl", {"x": 1})
    b = append_entry(tmp_path / "b.jsonl", {"x": 1})
    assert a == b


def test_ledger_unwritable_folder(tmp_path):
    from bubblescope.data.ledger import append_entry

    with pytest.raises(InputError, match="does not exist"):
        append_entry(tmp_path / "nope" / "l.jsonl", {"x": 1})


def test_cli_ledger_verify(cli, tmp_path):
    from bubblescope.data.ledger import append_entry

    path = tmp_path / "l.jsonl"
    append_entry(path, {"v": 1})
    append_entry(path, {"v": 2})
    ok = cli("ledger", "verify", path)
    assert ok.code == 0 and "2 entries" in ok.out
    data = bytearray(path.read_bytes())
    data[data.rindex(b"2")] = ord("3")  # one byte in entry 2
    path.write_bytes(bytes(data))
    bad = cli("ledger", "verify", path)
    assert bad.code == 2 and "entry 2" in bad.err and len(bad.err.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "msg"), [
    (["verdict", "no-such-episode", "--offline"], "unknown episode"),
    (["verdict", "ai-2023", "--as-of", "2026-13-45", "--offline"], "not a date"),
    (["verdict", "dotcom-1995", "--as-of", "1900-01-01", "--offline"], "before the episode"),
    (["verdict", "ai-2023", "--record", "--ledger", "/nonexistent-dir/l.jsonl", "--offline"], "does not exist"),
])
def test_cli_verdict_bad_input(cli, args, msg):
    r = cli(*args)
    assert r.code == 2, r
    assert msg in r.err and "Traceback" not in r.err


def test_cli_verdict_malformed_falsifiers(cli, tmp_path):
    f = tmp_path / "f.yaml"
    f.write_text("episode: ai-2023\nfalsifiers: [", encoding="utf-8")
    r = cli("verdict", "ai-2023", "--falsifiers", f, "--offline")
    assert r.code == 2 and "malformed YAML" in r.err


# --------------------------------------------------------------------------------- the rule's backtest


def test_wilson_interval_known_values():
    lo, hi = wilson(3, 6)
    assert lo == pytest.approx(0.1876, abs=1e-3) and hi == pytest.approx(0.8124, abs=1e-3)
    assert wilson(0, 0) == (None, None)


def test_rule_backtest_by_hand():
    idx = pd.date_range("2000-01-31", periods=48, freq="ME")
    psy = pd.Series([False] * 30 + [True] * 18, idx)
    cape = pd.Series([False] * 36 + [True] * 12, idx)
    score = rule_score({"psy-mc": psy, "cape-p95": cape})
    assert score.iloc[29] == 0.0 and score.iloc[31] == pytest.approx(0.5) and score.iloc[40] == pytest.approx(1.0)
    spans = [Span("b", "bubble", "S", idx[0], idx[40]), Span("c", "calm", "S", idx[0], idx[20])]
    bt = rule_backtest({"S": score}, spans)
    assert bt["hits"] == 1 and bt["false_alarms"] == 0 and bt["misses"] == []
    row = bt["episodes"][0]
    assert row["first_alarm"] == idx[30].date().isoformat()
    assert row["fired_m0"] is True and row["fired_m24"] is False


# --------------------------------------------------------------------------------- end to end (real data)


@pytest.mark.slow
@pytest.mark.parametrize(("episode", "as_of"), [("ai-2023", None), ("dotcom-1995", "2000-03-10"),
                                                ("dotcom-1995", "1997-01-01")])
def test_cli_verdict_json_on_real_data(cli, shared_data, tmp_path, episode, as_of):
    ledger = tmp_path / "l.jsonl"
    args = ["verdict", episode, "--data-dir", shared_data, "--json", "--record", "--ledger", ledger]
    if as_of:
        args += ["--as-of", as_of]
    r = cli(*args)
    assert r.code == 0, r
    d = json.loads(r.out)
    for key in ("verdict", "stage", "as_of", "summary", "signals", "falsifiers", "backtest"):
        assert key in d
    assert all({"family", "reading", "weight", "as_of", "stale"} <= set(s) for s in d["signals"])
    assert all({"condition", "threshold", "reading", "status", "source"} <= set(f) for f in d["falsifiers"])
    if as_of:
        assert d["as_of"] == as_of
        dates = [s["as_of"] for s in d["signals"] if s["as_of"] and s["family"] in ("market_tests",)]
        assert all(x <= as_of for x in dates)
    # the same inputs give the same ledger payload
    assert cli(*args).code == 0
    from bubblescope.data.ledger import read_ledger

    e = read_ledger(ledger)
    assert len(e) == 2 and e[0].payload["payload_hash"] == e[1].payload["payload_hash"]


@pytest.mark.slow
def test_offline_empty_cache_market_cards_cannot_speak(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("BUBBLESCOPE_CACHE", str(tmp_path / "cache.duckdb"))
    r = cli("verdict", "ai-2023", "--offline", "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    market = [s for s in d["signals"] if s["family"] == "market_tests"]
    assert market and all(not s["available"] and "before the episode starts" in s["reason"] for s in market)
    assert all(s["weight"] == 0 for s in market)
    assert "market_tests" not in [f["family"] for f in d["families"] if f["score"] is not None]


def test_peak_overlay_aligns_at_start_and_high():
    from bubblescope.verdict.overlay import peak_overlay

    idx = pd.bdate_range("1995-01-02", periods=800)
    ref = pd.Series(np.r_[np.linspace(100, 500, 400), np.linspace(500, 200, 400)], idx)
    idx2 = pd.bdate_range("2023-01-02", periods=300)
    lead = pd.Series(np.linspace(10, 40, 300), idx2)
    r = peak_overlay({"REF": ref, "LEAD": lead}, {"REF": "1995-01-01", "LEAD": "2023-01-01"}, reference="REF")
    fs, pk = r.from_start, r.at_peak
    assert fs["REF"].dropna().iloc[0] == 1.0 and fs["LEAD"].dropna().iloc[-1] == pytest.approx(4.0)
    assert pk["REF"].dropna().max() == 1.0 and pk["REF"].dropna().idxmax() == 0.0
    assert r.anchors["REF"]["peak"] == str(idx[399].date())
    fig = r.plot()
    assert len(fig.data) == 4
    with pytest.raises(InputError, match="needs 20"):
        peak_overlay({"REF": ref, "X": lead.iloc[:5]}, {"REF": "1995-01-01", "X": "2023-01-01"}, reference="REF")
