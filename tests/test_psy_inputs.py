"""Bad input to the PSY API and CLI: a clear one-line error, never a wrong number."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect import psy as P
from bubblescope.errors import InputError


def _s(T: int = 80, seed: int = 0) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(100 + np.cumsum(rng.standard_normal(T)), index=pd.date_range("2000-01-31", periods=T, freq="ME"))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_inf_rejected(bad):
    s = _s()
    s.iloc[10] = bad
    with pytest.raises(InputError, match="NaN/inf"):
        P.bsadf(s)
    with pytest.raises(InputError, match="NaN/inf"):
        P.psy(s, reps=10)


@pytest.mark.parametrize("bad", [0.0, -3.0])
def test_non_positive_with_log(bad):
    s = _s()
    s.iloc[5] = bad
    with pytest.raises(InputError, match="cannot be logged"):
        P.psy(s, reps=10)
    s2 = s - 200.0  # fine without the log
    assert np.isfinite(P.gsadf(s2, log=False))


def test_too_short_for_window_and_lags():
    s = _s(30)
    with pytest.raises(InputError, match="fewer than the minimum window"):
        P.bsadf(s, min_window=28, lag=2)
    with pytest.raises(InputError, match="needs at least"):
        P.bsadf(s, min_window=3, lag=2)
    with pytest.raises(InputError, match="fewer than the minimum window"):
        P.psy(_s(10), min_window=10, reps=10)


def test_unsorted_and_duplicate_dates():
    s = _s()
    with pytest.raises(InputError, match="not sorted"):
        P.bsadf(s.iloc[::-1])
    dup = pd.concat([s.iloc[:5], s.iloc[4:]])
    with pytest.raises(InputError, match="duplicate"):
        P.psy(dup, reps=10)


def test_constant_series_and_constant_stretch():
    c = pd.Series(5.0, index=pd.date_range("2000-01-31", periods=60, freq="ME"))
    with pytest.raises(InputError, match="constant"):
        P.psy(c, reps=10)
    s = _s(120)
    s.iloc[30:80] = s.iloc[30]  # a flat stretch longer than the window: some regressions are singular
    for lag in (0, 1):
        with pytest.raises(InputError, match="singular in the window"):
            P.bsadf(s, min_window=20, lag=lag)
    with pytest.raises(InputError, match="singular"):
        P.bsadf(s, min_window=20, ic="aic", max_lag=1)
    # a perfect fit (deterministic linear trend) is singular too
    trend = pd.Series(np.arange(1.0, 61.0))
    with pytest.raises(InputError, match="singular"):
        P.bsadf(trend, log=False)


@pytest.mark.parametrize(("kwargs", "msg"), [
    ({"cv": "bootstrap"}, "cv must be one of"),
    ({"ic": "hqc"}, "ic must be"),
    ({"lag": -1}, "lag must be"),
    ({"min_window": 0}, "min_window must be"),
    ({"convention": "matlab"}, "convention must be"),
    ({"alpha": 1.5}, "alpha must"),
    ({"stamp_rule": "magic"}, "stamp_rule"),
    ({"reps": 1}, "reps must"),
    ({"seed": -1}, "seed must"),
    ({"cv": "wild", "horizon": 0}, "horizon must"),
    ({"cv": "wild", "multiplier": "uniform"}, "multiplier"),
    ({"min_duration": -2}, "min_duration"),
    ({"alpha": 0.975, "critical_values": "table"}, "quantile levels"),
])
def test_bad_options(kwargs, msg):
    s = _s(60)
    if kwargs.get("critical_values") == "table":
        kwargs = {**kwargs, "critical_values": P.critical_values_mc(60, reps=10, seed=0), "cv": "mc"}
    with pytest.raises(InputError, match=msg):
        P.psy(s, **{"reps": 10, **kwargs})


def test_not_a_series():
    with pytest.raises(InputError, match="expected a pandas Series"):
        P.bsadf({"a": 1})
    with pytest.raises(InputError, match="not numeric"):
        P.bsadf(pd.Series(["a", "b", "c"]))


# ---- CLI ---------------------------------------------------------------------------------


def _csv(tmp_path, values, dates=None, name="s.csv"):
    dates = dates if dates is not None else pd.date_range("2000-01-31", periods=len(values), freq="ME")
    p = tmp_path / name
    pd.DataFrame({"date": [d.strftime("%Y-%m-%d") for d in dates], "value": values}).to_csv(p, index=False)
    return p


def test_cli_table_json_and_plot(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("BUBBLESCOPE_CACHE_DIR", str(tmp_path / "cache"))
    rng = np.random.default_rng(3)
    x = np.exp(np.cumsum(rng.standard_normal(90) * 0.05))
    p = _csv(tmp_path, x)
    r = cli("psy", str(p), "--json")  # the default: response surfaces, nothing simulated or cached
    assert r.code == 0, r
    assert json.loads(r.out)["cv_method"] == "rs" and not (tmp_path / "cache" / "psy-cv").exists()
    r = cli("psy", str(p))
    assert r.code == 0, r
    assert "Response surface" in r.out and "no simulation" in r.out
    r = cli("psy", str(p), "--reps", "20", "--seed", "1")  # --reps asks for the simulation
    assert r.code == 0, r
    assert "GSADF" in r.out and "Episodes" in r.out
    html = tmp_path / "chart.html"
    r = cli("psy", str(p), "--reps", "20", "--seed", "1", "--json", "--plot", str(html))
    assert r.code == 0, r
    d = json.loads(r.out)
    assert d["cv_method"] == "mc-sadf" and d["critical_values_params"]["seed"] == 1
    assert len(d["sequence"]) == 90 - 1 - (d["params"]["max_lag"] or 0) - d["params"]["rows"] + 1
    assert html.stat().st_size > 10_000
    assert len(list((tmp_path / "cache" / "psy-cv").glob("*.npz"))) == 1
    r = cli("psy", str(p), "--reps", "10", "--cv", "wild", "--horizon", "6", "--json")
    assert r.code == 0, r
    assert json.loads(r.out)["cv_method"] == "wild"


@pytest.mark.parametrize(("values", "args", "msg"), [
    ([1.0, 2.0, np.inf, *list(np.arange(3.0, 60.0))], [], "infinite value"),  # the CSV reader drops NaN rows and refuses inf (issue 23)
    ([5.0] * 60, [], "constant"),
    (list(np.arange(-5.0, 55.0)), [], "cannot be logged"),
    (list(np.arange(1.0, 9.0) + np.sin(np.arange(8))), ["--window", "10"], "fewer than the minimum window"),
    (list(np.arange(1.0, 61.0) + np.sin(np.arange(60))), ["--cv", "nope"], "--cv must be"),
    (list(np.arange(1.0, 61.0) + np.sin(np.arange(60))), ["--plot", "x.png"], "--plot must"),
])
def test_cli_bad_input_exit_2(cli, tmp_path, monkeypatch, values, args, msg):
    monkeypatch.setenv("BUBBLESCOPE_CACHE_DIR", str(tmp_path / "cache"))
    p = _csv(tmp_path, values)
    r = cli("psy", str(p), "--reps", "10", *args)
    assert r.code == 2, r
    assert r.err.strip().startswith("error:") and msg in r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def test_cli_missing_file(cli, tmp_path):
    r = cli("psy", str(tmp_path / "nope.csv"))
    assert r.code == 2 and "not found" in r.err
