"""The backtest on real data: real-time property, a reduced run through the CLI, the named case."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from bubblescope.backtest.signals import BacktestSettings
from bubblescope.errors import InputError

FAST = BacktestSettings(psy_reps=100, psy_table_months=1900, lppls_windows=tuple(range(750, 124, -125)),
                        lppls_n_starts=1)


@pytest.fixture(scope="module")
def inputs(shared_data):
    from bubblescope.cli.backtest import load_backtest_inputs

    prices, cape, notes = load_backtest_inputs(shared_data, offline=True)
    assert {"shiller", "^GSPC", "^IXIC", "NVDA"} <= set(prices), notes
    return prices, cape


@pytest.mark.parametrize("cut", ["1999-06-15", "1987-03-10"])
def test_truncating_the_data_leaves_earlier_alarms_unchanged(inputs, cut):
    prices, cape = inputs
    sigs = ["psy-mc-sadf", "psy-mc", "gmo-2sigma", "gsy-runup", "cape-p95"]
    d = pd.Timestamp(cut)
    trunc_prices = {k: v.loc[: d - pd.Timedelta(days=1)] for k, v in prices.items()}
    from bubblescope.backtest import runner as R

    # build each signal's alarms as the runner does, on full and truncated data, and compare before the cut
    for sid in ("shiller", "^GSPC", "^IXIC"):
        for name in sigs:
            a_full = _alarms(R, prices, cape, sid, name)
            try:
                a_part = _alarms(R, trunc_prices, cape.loc[: d - pd.Timedelta(days=1)], sid, name)
            except InputError:  # too little history before the cut for this signal: nothing to compare
                assert not a_full.loc[: d - pd.offsets.MonthEnd(1)].any()
                continue
            if a_full is None:
                continue
            before = a_full.index < d - pd.offsets.MonthEnd(1)
            common = a_full.index[before].intersection(a_part.index)
            assert len(common) > 0
            pd.testing.assert_series_equal(a_full.loc[common], a_part.loc[common], check_names=False)


def _alarms(R, prices, cape, sid, name):
    from bubblescope.backtest import signals as S

    p = prices[sid]
    if name.startswith("psy"):
        table = S.psy_table(FAST.psy_table_months, FAST)
        return S.psy_signal(name, sid, p, settings=FAST, method=name[4:], table=table).alarm
    if name == "gmo-2sigma":
        return S.gmo_signal(name, sid, p, settings=FAST).alarm
    if name == "gsy-runup":
        return S.gsy_signal(name, sid, p, settings=FAST).alarm
    if name == "cape-p95" and sid in ("shiller", "^GSPC"):
        return S.cape_signal(name, sid, cape, settings=FAST).alarm
    return None


def test_lppls_alarm_at_a_date_ignores_later_data(inputs):
    from bubblescope.backtest.signals import lppls_signal

    prices, _ = inputs
    s = prices["^IXIC"]
    spans = [(pd.Timestamp("1999-09-01"), pd.Timestamp("1999-12-31"))]
    full = lppls_signal("lppls", "^IXIC", s, settings=FAST, spans=spans)
    part = lppls_signal("lppls", "^IXIC", s.loc[:"1999-12-31"], settings=FAST, spans=spans)
    pd.testing.assert_series_equal(full.alarm, part.alarm)
    assert len(full.alarm) == 4


def test_reduced_backtest_through_cli(cli, shared_data, tmp_path):
    out = tmp_path / "bt"
    r = cli("backtest", "--data-dir", shared_data, "--signals", "psy-mc-sadf,gmo-2sigma,gsy-runup",
            "--reps", "100", "--out", out)
    assert r.code == 0, r
    md = (out / "validation.md").read_text()
    data = json.loads((out / "validation.json").read_text())
    # honest table: the dot-com run-up is flagged by GMO and GSY; misses are listed as misses
    t = pd.DataFrame(data["table"]).set_index(["signal", "episode"])
    assert bool(t.loc[("gmo-2sigma", "nasdaq-2000"), "hit"])
    assert bool(t.loc[("gsy-runup", "nasdaq-2000"), "hit"])
    sc = pd.DataFrame(data["scorecard"]).set_index("signal")
    assert (sc["misses"] > 0).any()  # some signal misses some bubble, and the table says so
    assert "| sp500-1929 | bubble | gsy-runup | ok | none |" in md
    assert "## Named case" in md and "the dot-com bubble" in md
    assert (out / "validation.html").read_text().count("plotly") > 0


def test_named_case_reproduces_paper_episodes(shared_data):
    from bubblescope.backtest.named import psy2015_named_case
    from bubblescope.data import get_series

    s = get_series(shared_data / "psy" / "sp500_pd_shiller_1871m1_2011m3.csv", value_col="pd_ratio")
    res = psy2015_named_case(s, reps=200, seed=0)
    found = dict(zip(res.matches["event"], res.matches["found"], strict=True))
    # the CVs used: PSY 2015's running-SADF Monte Carlo sequence, 95%, minimum window 36 months
    assert res.settings["cv"] == "mc-sadf" and res.settings["min_window"] == 36
    for ev in ("the great crash (1929)", "the postwar boom (1954)", "the dot-com bubble"):
        assert found[ev], res.to_markdown()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--reps", "10"], "--reps"),
        (["--signals", "nonsense"], "unknown signal"),
        (["--episodes", "nope"], "unknown backtest episode"),
        (["--lppls-threshold", "2"], "--lppls-threshold"),
    ],
)
def test_bad_backtest_options_exit_2(cli, shared_data, tmp_path, args, needle):
    r = cli("backtest", "--data-dir", shared_data, "--out", tmp_path, *args)
    assert r.code == 2
    assert needle in r.err and "Traceback" not in r.err


def test_named_case_runs_on_levels_and_stamps_all_five_events(shared_data):
    """PSY (2015) test the P/D ratio itself (not its log): on levels every named event is stamped."""
    from bubblescope.backtest.named import psy2015_named_case
    from bubblescope.data import get_series

    s = get_series(shared_data / "psy" / "sp500_pd_shiller_1871m1_2011m3.csv", value_col="pd_ratio")
    res = psy2015_named_case(s, reps=200, seed=0)
    assert res.settings["log"] is False and res.settings["gsadf"] == pytest.approx(4.2069, abs=1e-4)
    assert res.matches["found"].all(), res.to_markdown()
