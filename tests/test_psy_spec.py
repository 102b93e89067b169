"""PSYSpec (typed settings), the exuber-style steps radf → critical_values → datestamp, and the
bubblescope.detect exports."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect import PSYSpec, critical_values, datestamp, psy, radf
from bubblescope.errors import InputError


def _boom(T=160, seed=4):
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.normal(size=T) * 0.04)
    a = T - 50
    x[a:a + 30] += np.linspace(0.0, 1.2, 30)
    return pd.Series(np.exp(x), index=pd.date_range("2000-01-31", periods=T, freq="ME"))


def test_defaults_level_and_description():
    spec = PSYSpec()
    assert spec.size == 0.05 and spec.level == 0.95 and spec.levels == (0.9, 0.95, 0.99)
    # the default method: response surfaces (no simulation) at lag 0 / BIC, exact simulation for a fixed lag ≥ 1
    assert spec.cv == "rs" and spec.cv_auto and spec.replications == 0
    assert PSYSpec(cv="mc-sadf").replications == 2000 and PSYSpec(cv="wild").replications == 999
    assert PSYSpec(lag=2).cv == "mc-sadf" and PSYSpec(lag=0).cv == "rs" and not PSYSpec(cv="rs").cv_auto
    assert PSYSpec(reps=500).cv == "mc-sadf"  # asking for replications asks for a simulation
    assert spec.replace(lag=2).cv == "mc-sadf" and spec.replace(lag=2).replace(ic="bic").cv == "rs"
    assert PSYSpec(cv="mc-sadf").replace(lag=0).cv == "mc-sadf"  # a chosen method is kept
    assert PSYSpec(size=0.025).levels == (0.9, 0.95, 0.975, 0.99)
    assert "size 0.05" in spec.describe() and "response surfaces" in spec.describe()
    assert "2000 reps" in PSYSpec(cv="mc-sadf").describe()
    assert PSYSpec(ic="BIC").ic == "bic"
    with pytest.raises(dataclasses_frozen()):
        spec.size = 0.1  # type: ignore[misc]


def dataclasses_frozen():
    import dataclasses

    return dataclasses.FrozenInstanceError


@pytest.mark.parametrize(("kwargs", "msg"), [
    ({"min_window": 0}, "min_window must"),
    ({"min_window": 1.5}, "min_window must"),
    ({"min_window": True}, "min_window must"),
    ({"convention": "matlab"}, "convention must"),
    ({"lag": -1}, "lag must"),
    ({"lag": 1.0}, "lag must"),
    ({"max_lag": -1}, "max_lag must"),
    ({"ic": "hqc"}, "ic must"),
    ({"log": "yes"}, "log must"),
    ({"cv": "bootstrap"}, "cv must be one of"),
    ({"reps": 1}, "reps must"),
    ({"seed": -1}, "seed must"),
    ({"size": 0.95 + 0.05}, "size must"),
    ({"size": 0}, "size must"),
    ({"horizon": 0}, "horizon must"),
    ({"multiplier": "uniform"}, "multiplier"),
    ({"stamp_rule": "magic"}, "stamp_rule"),
    ({"min_duration": -2}, "min_duration"),
    ({"delta": 0}, "delta must"),
])
def test_bad_settings_raise_one_line_input_errors(kwargs, msg):
    with pytest.raises(InputError, match=msg) as exc:
        PSYSpec(**kwargs)
    assert "\n" not in str(exc.value)


def test_window_fraction_and_min_duration_resolve_on_the_sample():
    spec = PSYSpec(min_window=0.2, delta=2.0)
    assert spec.window_for(160) == 32 and spec.min_duration_for(160) == round(2.0 * np.log(160))
    s = _boom()
    a, b = radf(s, spec), radf(s, min_window=32)
    np.testing.assert_array_equal(a.bsadf.to_numpy(), b.bsadf.to_numpy())
    assert a.rows == 32 and a.min_window == 32


def test_build_overrides_unknown_keys_and_alpha_alias():
    spec = PSYSpec(reps=99)
    assert PSYSpec.build(spec, lag=1) == PSYSpec(reps=99, lag=1)
    with pytest.raises(InputError, match="unknown PSY setting"):
        PSYSpec.build(spec, windw=3)
    with pytest.raises(InputError, match="spec must be a PSYSpec"):
        PSYSpec.build({"lag": 1})  # type: ignore[arg-type]
    with pytest.warns(DeprecationWarning, match="size="):
        assert spec.replace(alpha=0.99).size == pytest.approx(0.01) and spec.replace(alpha=0.99).level == 0.99
    with pytest.raises(InputError, match="not both"), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        spec.replace(alpha=0.9, size=0.1)


def test_steps_equal_the_one_call_and_keywords_equal_the_spec():
    s = _boom()
    spec = PSYSpec(cv="mc", reps=60, seed=2, size=0.1, stamp_rule="crossing", min_duration=2)
    res = psy(s, spec)
    stats = radf(s, spec)
    cvs = critical_values(s, spec)
    eps = datestamp(stats, cvs)
    pd.testing.assert_frame_equal(eps, res.episodes)
    np.testing.assert_array_equal(stats.bsadf.to_numpy(), res.bsadf.to_numpy())
    assert stats.gsadf == res.gsadf and res.spec == spec and res.level == 0.9
    kw = psy(s, cv="mc", reps=60, seed=2, size=0.1, stamp_rule="crossing", min_duration=2)
    pd.testing.assert_frame_equal(kw.episodes, res.episodes)
    assert kw.gsadf_cv == res.gsadf_cv
    with pytest.warns(DeprecationWarning):
        old = psy(s, cv="mc", reps=60, seed=2, alpha=0.9, stamp_rule="crossing", min_duration=2)
    assert old.gsadf_cv == res.gsadf_cv and old.alpha == 0.9
    assert len(res.episodes) >= 1  # the planted boom is found
    d = res.to_dict()
    assert d["size"] == 0.1 and d["spec"]["cv"] == "mc" and d["level"] == 0.9


def test_datestamp_with_a_sequence_and_checks():
    s = _boom()
    stats = radf(s, reps=40)
    cvs = critical_values(len(s), reps=40)
    seq = pd.Series(np.full(stats.bsadf.size, 0.5), index=stats.bsadf.index)
    eps = datestamp(stats, seq)
    assert (eps["peak_stat"] > 0.5).all()
    with pytest.raises(InputError, match="sequence has"):
        datestamp(stats, seq.iloc[:-1])
    with pytest.raises(InputError, match="computed for T="):
        datestamp(radf(s.iloc[:-5], reps=40), cvs)
    with pytest.raises(InputError, match="pass the series"):
        critical_values(160, cv="wild", reps=10)


def test_summary_and_plot_name_the_size():
    r = psy(_boom(), reps=40)
    assert "size 0.05" in r.summary()
    fig = r.plot()
    assert len(fig.data) == 3 and "size 0.05" in fig.data[2].name


def test_detect_exports_are_lazy_and_psy_is_module_and_function():
    code = ("import sys, bubblescope.detect as D; "
            "print(sorted(D.__all__)); "
            "print([m for m in ('numpy', 'pandas', 'numba') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert {"psy", "radf", "critical_values", "datestamp", "PSYSpec"} <= set(eval(out[0]))  # lppls names join later
    assert out[1] == "[]"
    import bubblescope.detect as D
    import bubblescope.detect.psy as module

    assert D.psy is module and callable(D.psy) and module.psy is not module
    s = _boom()
    assert D.psy(s, reps=30).gsadf == module.psy(s, reps=30).gsadf == module.gsadf(s)


def test_cached_table_is_the_spec_table(tmp_path):
    from bubblescope.detect import cvcache

    spec = PSYSpec(reps=30, seed=5, size=0.025)
    a = cvcache.cached_critical_values(90, spec, directory=tmp_path)
    b = critical_values(90, spec)
    pd.testing.assert_frame_equal(a.sadf_running, b.sadf_running)
    assert 0.975 in a.sadf_running.columns
    s = _boom(90)
    w = cvcache.cached_critical_values(s, spec.replace(cv="wild", horizon=6), directory=tmp_path)
    assert w.kind == "wild" and w.params["reps"] == 30
    with pytest.raises(InputError, match="pass the series"):
        cvcache.cached_critical_values(90, spec.replace(cv="wild"), directory=tmp_path)


def test_scan_and_backtest_build_their_specs():
    from bubblescope.backtest.signals import BacktestSettings
    from bubblescope.scan._tests import DEFAULT_OPTIONS, psy_spec

    spec = psy_spec(DEFAULT_OPTIONS["psy"], seed=7)
    assert spec == PSYSpec(reps=499, cv="mc-sadf", size=0.05, lag=0, seed=7, frequency=None)
    assert psy_spec({"spec": PSYSpec(lag=2), "freq": "W-FRI", "reps": None}).lag == 2
    with pytest.warns(DeprecationWarning):
        assert psy_spec({**DEFAULT_OPTIONS["psy"], "alpha": 0.99}).level == 0.99
    with pytest.raises(InputError, match="unknown PSY setting"):
        psy_spec({"bogus": 1})
    bt = BacktestSettings(psy_reps=50, seed=3).psy_spec("mc")
    assert bt == PSYSpec(min_window=36, cv="mc", reps=50, seed=3, size=0.05, lag=0, frequency=None)
    with pytest.raises(InputError, match="backtest PSY method"):
        BacktestSettings().psy_spec("wild")
