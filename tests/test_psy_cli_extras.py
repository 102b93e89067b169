"""`bubblescope psy` with issue 22's extras: root interval and doubling time per episode, --monitor-from."""

from __future__ import annotations

import json


def test_psy_json_episodes_carry_root_and_doubling_and_monitor(cli, shared_data):
    r = cli("psy", "NVDA", "--data-dir", shared_data, "--monitor-from", "2023-01-01", "--json")
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["episodes"], "NVDA has explosive episodes"
    for e in d["episodes"]:
        assert {"rho", "rho_lo", "rho_hi", "doubling_obs", "doubling_days", "root_note"} <= set(e)
    mon = d["monitor"]
    assert {"boundary", "first_alarm"} <= set(mon)
    assert mon["first_alarm"] is None or mon["first_alarm"] >= "2023-01-01"


def test_psy_monitor_from_before_the_training_window_is_exit_2(cli, shared_data):
    r = cli("psy", "NVDA", "--data-dir", shared_data, "--monitor-from", "1999-02-01")
    lines = [x for x in r.err.splitlines() if x.strip()]
    assert r.code == 2 and lines[-1].startswith("error:") and "training" in lines[-1] and "Traceback" not in r.err
