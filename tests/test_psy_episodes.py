"""Signed PSY episodes (boom / collapse, dates above the critical value, rule extension) and the
verdict signal (only a running boom is bubble evidence)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect import PSYSpec, datestamp, psy, radf
from bubblescope.errors import InputError


def _path(kind: str, T=160, seed=3):
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.normal(size=T) * 0.02)
    ramp = np.expm1(np.linspace(0.0, 2.5, 40)) * 0.5
    x[T - 40:] += ramp if kind == "boom" else -ramp
    return pd.Series(np.exp(x), index=pd.date_range("2000-01-31", periods=T, freq="ME"))


@pytest.mark.parametrize("kind", ["boom", "collapse"])
def test_episode_sign_change_and_signal(kind):
    s = _path(kind)
    r = psy(s, reps=60, seed=1)
    ep = r.episodes.iloc[-1]
    assert bool(ep["ongoing"]) and ep["kind"] == kind
    lvl = s.loc[ep["start"]:]
    assert ep["change"] == pytest.approx(lvl.iloc[-1] / lvl.iloc[0] - 1.0, rel=1e-9)
    assert (ep["change"] > 0) == (kind == "boom")
    assert 1 <= ep["above"] <= ep["duration"]
    (sig,) = r.to_signals(name="psy:X", label="PSY, test series", source="synthetic")
    assert sig.family == "market_tests" and sig.as_of == "2013-04-30" and sig.name == "psy:X"
    assert sig.bubble == (1.0 if kind == "boom" else 0.0)
    assert (kind in sig.reading) if kind == "boom" else ("collapse" in sig.reading and "not bubble" in sig.reading)
    assert sig.value == pytest.approx(float(r.bsadf.iloc[-1] - r.cv.iloc[-1]))
    assert kind in r.summary()


def test_extension_and_above_count_follow_the_rule():
    s = _path("boom")
    stats = radf(s, reps=10)
    idx = stats.bsadf.index
    cv = pd.Series(np.inf, index=idx)
    cv.iloc[20] = -np.inf  # one date above: PSY holds it open for min_duration, crossing keeps one date
    psy_rule = datestamp(stats, cv, PSYSpec(min_duration=5))
    assert len(psy_rule) == 1 and psy_rule["duration"].iloc[0] == 5
    assert psy_rule["above"].iloc[0] == 1 and bool(psy_rule["extended"].iloc[0])
    crossing = datestamp(stats, cv, PSYSpec(stamp_rule="crossing", min_duration=1))
    assert crossing["duration"].iloc[0] == 1 and not bool(crossing["extended"].iloc[0])
    none = datestamp(stats, pd.Series(np.inf, index=idx))
    assert none.empty and list(none.columns)[-4:] == ["kind", "change", "above", "extended"]


def test_no_episode_signal_is_zero_and_undated_series_cannot_speak():
    rng = np.random.default_rng(0)
    s = pd.Series(np.exp(np.cumsum(rng.normal(size=120) * 0.01)),
                  index=pd.date_range("2001-01-31", periods=120, freq="ME"))
    r = psy(s, reps=40, cv="mc")
    (sig,) = r.to_signals()
    assert not r.in_bubble.iloc[-1]  # a quiet random walk: nothing running at the end
    assert sig.bubble == 0.0 and "no explosive episode" in sig.reading
    (undated,) = psy(pd.Series(s.to_numpy()), reps=40).to_signals()
    assert not undated.available and undated.bubble is None


def test_ljung_box_flags_an_ar_series_at_lag_0_and_not_with_enough_lags():
    rng = np.random.default_rng(11)
    e = rng.normal(size=400) * 0.01
    d = np.empty(400)
    d[0] = e[0]
    for t in range(1, 400):  # Δy follows an AR(1) with coefficient 0.7, like a smooth index
        d[t] = 0.7 * d[t - 1] + e[t]
    s = pd.Series(np.exp(np.cumsum(d) + 5), index=pd.date_range("1980-01-31", periods=400, freq="ME"))
    r0 = psy(s, reps=20, lag=0)
    assert r0.warnings and "Ljung-Box" in r0.warnings[0] and "lag 0" in r0.warnings[0]
    assert all(d.pvalue < 0.05 for d in r0.diagnostics) and "warning: Residuals" in r0.summary()
    r1 = psy(s, reps=20, lag=1)
    assert not r1.warnings and all(d.pvalue > 0.05 for d in r1.diagnostics)
    assert r0.to_dict()["warnings"] == list(r0.warnings)
    (sig,) = r0.to_signals()
    assert "Ljung-Box" in sig.reason


def test_pwy_sadf_date_stamping_uses_badf_and_its_own_critical_values():
    from bubblescope.detect._psy_stamp import stamp

    s = _path("boom")
    r = psy(s, reps=60, seed=2, cv="mc", lag=0, stamp_stat="badf", stamp_rule="crossing", min_duration=1)
    seq = r.critical_values.badf[0.95].to_numpy()
    np.testing.assert_array_equal(r.cv.to_numpy(), seq)
    spans = stamp(r.badf.to_numpy(), seq, 1, "crossing")
    assert [r.badf.index[sp.start] for sp in spans] == list(r.episodes["start"])
    assert len(spans) >= 1 and r.episodes["kind"].iloc[-1] == "boom"
    assert r.stamped is r.badf and "BADF" in r.cv.name and "BADF" in r.plot().data[1].name
    assert "on BADF" in r.spec.describe() and "BADF" in r.to_signals()[0].unit
    with pytest.raises(InputError, match="needs Monte Carlo"):
        PSYSpec(cv="wild", stamp_stat="badf")
    with pytest.raises(InputError, match="stamp_stat must"):
        PSYSpec(stamp_stat="sadf")  # type: ignore[arg-type]
