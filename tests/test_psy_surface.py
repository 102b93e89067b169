"""Response-surface critical values (cv="rs") and p-values from the shipped coefficients."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect import PSYSpec, critical_values, psy
from bubblescope.detect import _psy_surface as RS
from bubblescope.errors import InputError


def _walk(T=200, seed=5):
    rng = np.random.default_rng(seed)
    return pd.Series(np.exp(np.cumsum(rng.normal(size=T) * 0.03)),
                     index=pd.date_range("1990-01-31", periods=T, freq="ME"))


def test_surface_file_covers_every_statistic_and_level():
    coefs = RS.coefficients()
    assert {s for s, _ in coefs} == set(RS.STATS) | {s + RS.HEAD for s in RS.STATS if s != "gsadf"}
    assert {0.9, 0.95, 0.99} <= set(RS.levels())
    # quantiles rise with the level, for every statistic, on a typical design
    for stat in RS.STATS:
        q = [float(RS.quantile(stat, lv, 400, 40)[0]) for lv in RS.levels()]
        assert q == sorted(q), stat


def test_rs_table_is_close_to_a_fresh_simulation():
    spec = PSYSpec(cv="rs", lag=0)
    rs = critical_values(300, spec)
    mc = critical_values(300, spec.replace(cv="mc-sadf", reps=1000, seed=3))
    assert rs.sadf_running.shape[0] == mc.sadf_running.shape[0]
    half = slice(rs.sadf_running.shape[0] // 2, None)
    assert np.max(np.abs(rs.sadf_running[0.95].to_numpy()[half] - mc.sadf_running[0.95].to_numpy()[half])) < 0.1
    assert abs(float(rs.gsadf[0.95]) - float(mc.gsadf[0.95])) < 0.1
    assert rs.params["method"] == "response surface" and rs.params["lag"] == 0


def test_psy_with_rs_runs_without_simulation_and_reports_pvalues():
    r = psy(_walk(), cv="rs")
    assert r.critical_values.params["reps"] is None and r.gsadf_cv is not None
    pv = r.pvalues()
    assert set(pv) == {"sadf", "gsadf"} and all(0 < p <= 0.2 for p, _ in pv.values())
    assert (pv["gsadf"][0] <= 0.05) == (r.gsadf > r.gsadf_cv) or pv["gsadf"][1] != "="
    assert "p-values" in r.summary() and "response surfaces" in r.spec.describe()
    with pytest.raises(InputError, match="fitted at quantile levels"):
        psy(_walk(), cv="rs", size=0.03)
    with pytest.raises(InputError, match="lag-0 null"):
        PSYSpec(cv="rs", lag=2)


def test_outside_the_fitted_range_is_refused_not_extrapolated():
    with pytest.raises(InputError, match="fitted for windows"):
        critical_values(1000, PSYSpec(cv="rs", min_window=300))
    r = psy(_walk(400), min_window=200, lag=0, reps=20)
    assert r.pvalues()["gsadf"][1] == "n/a" and "not available" in r.summary()
    assert r.to_dict()["pvalues"]["gsadf"]["p"] is None


def test_first_dates_of_the_sequence_use_the_head_surface_smoothly():
    """The sequence starts at n = m + 1 (m/n near 1), outside the main surface's m/n ≤ 0.5: the head surface
    covers it, blended in linearly over m/n 0.4..0.5, so the whole sequence tracks a fresh simulation."""
    spec = PSYSpec(cv="rs", lag=0)
    rs = critical_values(150, spec)
    mc = critical_values(150, spec.replace(cv="mc-sadf", reps=4000, seed=3))
    err = np.abs(rs.sadf_running[0.95].to_numpy() - mc.sadf_running[0.95].to_numpy())
    assert err.max() < 0.12, err.max()  # per-date MC noise at 4000 reps is ≈ 0.02–0.03
    n = np.arange(90, 136)  # m = 50: m/n crosses 0.5 and 0.4 at n = 100 and 125
    d = np.diff(RS.quantile("sadf", 0.95, n, 50))
    assert np.all(d > 0) and d.max() < 0.012  # rising, no jump where the surfaces hand over
