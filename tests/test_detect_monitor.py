"""Real-time monitoring (detect/monitor.py, cli/monitor.py): alarm timing on simulated PSY bubbles,
the family-wise boundary, bad input (exit 2)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect.monitor import monitor
from bubblescope.detect.simulate import simulate
from bubblescope.errors import InputError

#: the acceptance DGP: PSY one-bubble process, T = 200, bubble from observation 150 to 180,
#: delta = 1 + 200^-0.5 (c = 1, alpha = 0.5); training = the first 100 observations
DGP = {"start": 150, "end": 180, "alpha": 0.5}


def _first_alarms(n: int, seed: int) -> np.ndarray:
    sim = simulate("psy1", 200, n_paths=n, seed=seed, **DGP)
    out = []
    for i in range(n):
        r = monitor(sim.series(i), train=100, log=False, bubble_start=150, seed=1000 + i)
        out.append(-1 if r.first_alarm_obs is None else r.first_alarm_obs)
    return np.array(out)


def _check(first: np.ndarray, max_mean_delay: float, min_clean: float) -> None:
    clean = (first < 0) | (first >= 150)  # no alarm before the bubble starts
    assert clean.mean() >= min_clean, clean.mean()
    # delay of every path; a path without an alarm counts with the whole remaining horizon (50 obs)
    delay = np.where(first >= 150, first - 150, 50)
    assert delay.mean() <= max_mean_delay, delay.mean()


def test_monitoring_small() -> None:
    _check(_first_alarms(30, seed=3), max_mean_delay=25, min_clean=0.85)


@pytest.mark.slow
def test_monitoring_acceptance_200_paths() -> None:
    _check(_first_alarms(200, seed=22), max_mean_delay=20, min_clean=0.95)


def test_first_alarm_and_delay_fields() -> None:
    sim = simulate("psy1", 200, seed=6, **DGP)
    s = pd.Series(sim.values[0], index=pd.date_range("2001-01-31", periods=200, freq="ME"))
    r = monitor(s, monitor_from=s.index[100], log=False, bubble_start=150, seed=1)
    assert r.params["n_train"] == 100 and r.bsadf.index[0] == s.index[100]
    assert r.first_alarm is not None and r.first_alarm == s.index[r.first_alarm_obs]
    assert r.delay == r.first_alarm_obs - 150
    assert bool(r.alarms.loc[r.first_alarm]) and not r.alarms.loc[: s.index[r.first_alarm_obs - 1]].any()
    sig = r.to_signals("sim")[0]
    assert sig.family == "market_tests" and sig.bubble in (0.0, 1.0) and sig.as_of == "2017-08-31"
    assert "First alarm" in r.summary() and r.to_dict()["first_alarm"]
    persist = monitor(s, train=100, log=False, persist=3, seed=1)
    assert persist.first_alarm_obs is None or persist.first_alarm_obs >= r.first_alarm_obs


def test_boundary_is_seeded_and_family_wise_under_null() -> None:
    sim = simulate("volshift", 200, n_paths=40, seed=9, ratio=1.0)
    a = monitor(sim.series(0), train=100, log=False, seed=4)
    b = monitor(sim.series(0), train=100, log=False, seed=4)
    assert a.boundary == b.boundary
    false = [monitor(sim.series(i), train=100, log=False, seed=i).first_alarm is not None for i in range(40)]
    assert np.mean(false) <= 0.15  # nominal 5% over the horizon; 40 paths


@pytest.mark.parametrize("kw", [{"train": 10}, {"monitor_from": 5}, {"train": 100, "horizon": 500},
                                {"train": 100, "alpha": 2.0}, {}, {"train": 100, "monitor_from": 100},
                                {"train": 100, "persist": 0}])
def test_bad_input(kw: dict) -> None:
    s = pd.Series(simulate("psy1", 200, seed=1).values[0])
    with pytest.raises(InputError):
        monitor(s, log=False, **kw)


def test_cli_monitor_and_simulate(cli, tmp_path) -> None:
    csv = tmp_path / "sim.csv"
    r = cli("simulate", "psy1", "--obs", "200", "--param", "start=150", "--param", "end=180",
            "--param", "alpha=0.5", "--out", str(csv))
    assert r.code == 0, r.err
    frame = pd.read_csv(csv)
    dated = pd.DataFrame({"date": pd.date_range("2000-01-31", periods=200, freq="ME").strftime("%Y-%m-%d"),
                          "value": frame["path_0"] + 1000.0})
    dated.to_csv(tmp_path / "s.csv", index=False)
    r = cli("monitor", str(tmp_path / "s.csv"), "--monitor-from", "2008-05-31", "--no-log", "--json")
    assert r.code == 0, r.err
    assert '"first_alarm"' in r.out
    # the monitoring start leaves a training sample shorter than the minimum window: exit 2
    r = cli("monitor", str(tmp_path / "s.csv"), "--monitor-from", "2000-06-30", "--no-log")
    assert r.code == 2 and r.err.strip().startswith("error:") and "training" in r.err
    r = cli("simulate", "blanchard", "--param", "pi=1.5")
    assert r.code == 2 and "pi must lie" in r.err
    r = cli("simulate", "psy1", "--param", "oops")
    assert r.code == 2


def test_psyspec_settings() -> None:
    from bubblescope.detect.psy_spec import PSYSpec

    s = pd.Series(simulate("psy1", 200, seed=6, **DGP).values[0])
    by_spec = monitor(s, PSYSpec(min_window=0.2, log=False, size=0.1, seed=3), train=100)
    by_kw = monitor(s, train=100, min_window=20, log=False, alpha=0.9, seed=3)
    assert by_spec.boundary == by_kw.boundary and by_spec.params["min_window"] == 20
    with pytest.raises(InputError, match="not both"):
        monitor(s, PSYSpec(log=False), train=100, lag=1)
    with pytest.raises(InputError, match="fixed lag"):
        monitor(s, PSYSpec(log=False, ic="bic"), train=100)
