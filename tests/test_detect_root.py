"""Explosive root per episode (detect/root.py): Phillips–Magdalinos interval coverage, doubling time,
episode-table columns (including on a real ``psy`` result)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bubblescope.detect.root import ROOT_COLUMNS, episode_roots, explosive_root, with_roots
from bubblescope.errors import InputError


def _ar(rho: float, n: int, rng: np.random.Generator) -> np.ndarray:
    y = np.zeros(n + 1)
    e = rng.standard_normal(n + 1)
    for t in range(1, n + 1):
        y[t] = rho * y[t - 1] + e[t]
    return y


def test_interval_covers_rho_102_in_90pct_of_200_paths() -> None:
    # 200 observations: the Cauchy limit needs rho^n large (coverage by length in docs/psy.md)
    rng = np.random.default_rng(np.random.SeedSequence(2022))
    cover = 0
    for _ in range(200):
        est = explosive_root(_ar(1.02, 200, rng))
        if est.rho_lo is not None and est.rho_lo <= 1.02 <= est.rho_hi:
            cover += 1
    assert cover / 200 >= 0.90, cover


def test_formula_and_doubling_time() -> None:
    y = 3.0 * 1.05 ** np.arange(120) + np.sin(np.arange(120)) * 0.01
    est = explosive_root(y)
    rho = float(y[:-1] @ y[1:] / (y[:-1] @ y[:-1]))
    assert est.rho == pytest.approx(rho)
    half = (rho**2 - 1) / rho**119 * math.tan(math.pi * 0.475)
    assert est.rho_lo == pytest.approx(rho - half) and est.rho_hi == pytest.approx(rho + half)
    assert est.doubling_obs == pytest.approx(math.log(2) / math.log(rho))
    assert est.doubling_lo <= est.doubling_obs <= est.doubling_hi


def test_not_explosive_means_not_available() -> None:
    est = explosive_root(np.linspace(10, 1, 20))
    assert est.rho < 1 and est.rho_lo is None and est.doubling_obs is None and "does not apply" in est.note
    with pytest.raises(InputError):
        explosive_root([1.0, 2.0])
    with pytest.raises(InputError):
        explosive_root(np.ones(10), level=1.5)


def test_with_roots_on_psy_result() -> None:
    from bubblescope.detect.psy import psy
    from bubblescope.detect.simulate import simulate

    sim = simulate("psy1", 200, seed=4, start=100, end=140)
    s = pd.Series(sim.values[0], index=pd.date_range("2000-01-01", periods=200, freq="MS"))
    res = psy(s, log=False, reps=199, seed=1)
    assert len(res.episodes) >= 1
    out = with_roots(res.episodes, res.series, log=False)
    assert list(out.columns[-len(ROOT_COLUMNS):]) == list(ROOT_COLUMNS)
    main = out.iloc[int(np.argmax(out["duration"].to_numpy()))]
    delta = 1 + 200 ** -0.6
    assert abs(main["rho"] - delta) < 0.03
    assert main["doubling_days"] == pytest.approx(main["doubling_obs"] * 31, rel=0.05)
    table = episode_roots(res.series, res.episodes)
    assert "root" in table.summary() and table.to_dict()["episodes"]


def test_with_roots_short_and_ongoing_episode() -> None:
    s = pd.Series(1.1 ** np.arange(40) + 1.0)
    eps = pd.DataFrame({"start": [5, 30], "end": [7, None], "ongoing": [False, True]})
    out = with_roots(eps, s)
    assert pd.isna(out.loc[0, "rho"]) and "at least 4" in out.loc[0, "root_note"]
    assert out.loc[1, "rho"] > 1.05
    with pytest.raises(InputError):
        with_roots(eps, s, center="bogus")
    with pytest.raises(InputError):
        with_roots(eps.drop(columns="end"), s)


def test_center_start_measures_the_deviation() -> None:
    k = np.arange(40)
    logp = np.concatenate([np.full(20, 5.0), 5.0 + 0.01 * 1.1 ** k[:20]])
    eps = pd.DataFrame({"start": [20], "end": [None], "ongoing": [True]})
    dev = with_roots(eps, pd.Series(logp), center="start").iloc[0]
    raw = with_roots(eps, pd.Series(logp)).iloc[0]
    assert dev["rho"] == pytest.approx(1.1, rel=1e-3)
    assert dev["doubling_obs"] == pytest.approx(math.log(2) / math.log(1.1), rel=1e-2)
    assert raw["rho"] < 1.01  # the raw log level barely moves relative to itself
