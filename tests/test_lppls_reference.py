"""LPPLS against references: a multi-start scipy fit, the `lppls` peer package, and the Nasdaq 1994–2000."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import least_squares

from bubblescope.data import get_series
from bubblescope.detect import lppls as L

NASDAQ = "prices/yfinance_whan1569/indices/NASDAQ_Composite_1d.csv"


@pytest.fixture(scope="module")
def nasdaq(shared_data) -> pd.Series:
    path = shared_data / NASDAQ
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return get_series(path, start="1990-01-01", end="2000-12-31")


def _profiled(theta, t, y):
    tc, m, w = theta
    dt = tc - t
    f = dt**m
    X = np.column_stack([np.ones_like(t), f, f * np.cos(w * np.log(dt)), f * np.sin(w * np.log(dt))])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return y - X @ beta


def _scipy_best(t, y, bounds: L.Bounds, n_starts: int, seed: int = 0) -> float:
    span = t[-1] - t[0]
    lo = np.array([t[-1] + bounds.tc[0] * span, bounds.m[0], bounds.omega[0]])
    hi = np.array([t[-1] + bounds.tc[1] * span, bounds.m[1], bounds.omega[1]])
    rng = np.random.default_rng(seed)
    return min(
        2 * least_squares(_profiled, rng.uniform(lo, hi), bounds=(lo, hi), args=(t, y), x_scale="jac").cost
        for _ in range(n_starts)
    )


@pytest.mark.parametrize("end,n", [("2000-03-10", 750), ("1999-10-29", 300), ("1995-06-30", 150)])
def test_sse_not_worse_than_multistart_scipy(nasdaq: pd.Series, end: str, n: int) -> None:
    """Our bounded fit reaches the best SSE of 20 bounded scipy least_squares starts (or better)."""
    w = nasdaq[:end].iloc[-n:]
    f = L.fit(w)
    t = np.arange(n, dtype=float)
    ref = _scipy_best(t, np.log(w.to_numpy()), L.Bounds(), n_starts=20)
    assert f.sse <= ref * (1 + 1e-6), (f.sse, ref)


@pytest.mark.bench
@pytest.mark.slow
def test_not_worse_than_lppls_peer_inside_bounds(nasdaq: pd.Series) -> None:
    """Whenever the peer's fit lies inside our search box, our SSE is at most the peer's."""
    peer = pytest.importorskip("lppls.lppls")
    w = nasdaq[:"2000-03-10"].iloc[-500:]
    t = np.arange(len(w), dtype=float)
    y = np.log(w.to_numpy())
    ours = L.fit(w)
    b = L.Bounds()
    span = t[-1] - t[0]
    compared = 0
    for seed in range(6):
        random.seed(seed)
        tc, m, om, a, bb, _c, c1, c2, _o, _d = peer.LPPLS(np.array([t, y])).fit(25)
        inside = (t[-1] + b.tc[0] * span <= tc <= t[-1] + b.tc[1] * span and b.m[0] <= m <= b.m[1]
                  and b.omega[0] <= om <= b.omega[1])
        if not inside:
            continue
        dt = tc - t
        yhat = a + dt**m * (bb + c1 * np.cos(om * np.log(dt)) + c2 * np.sin(om * np.log(dt)))
        assert ours.sse <= float(np.sum((y - yhat) ** 2)) * (1 + 1e-6)
        compared += 1
    # the comparison must have happened at least once or the test says nothing
    if compared == 0:
        pytest.skip("no lppls fit landed inside the bounded search box for these seeds")


def test_nasdaq_confidence_rises_before_march_2000(nasdaq: pd.Series) -> None:
    """FCO grid (126 windows), sornette2015 filters, confidence only; fits with tc or m on a search
    bound never qualify (issue 17). Measured 2026-12-03 with the start-robust default (2 starts, window
    sweep), history from 1990: mean positive confidence 0.06% on the 1994–95 sample (max 0.8%), 0.85% on
    1999-10-01…2000-03-10 (max 7.1%), 9–27% on 2000-03-06…10 with the median tc about 10 weeks after
    t2 on 4 of the 5 days (before the bound rule: 39–53% with median tc = t2 + 1 day)."""

    def conf(dates) -> pd.Series:
        return pd.concat(
            [L.indicators(nasdaq, start=d, end=d, n_resamples=0).frame["pos_conf"] for d in dates]
        )

    calm = conf(nasdaq["1994-01-01":"1995-12-31"].index[::40])  # 13 dates
    late = conf(nasdaq["1999-10-01":"2000-03-10"].index[::8])  # 14 dates
    peak = L.indicators(nasdaq, start="2000-03-06", end="2000-03-10", n_resamples=0).frame
    assert calm.mean() <= 0.02 and calm.max() <= 0.12  # measured: mean 0.06%, max 0.8%
    assert late.mean() >= 0.005 and late.max() >= 0.04  # measured: mean 0.85%, max 7.1%
    assert late.mean() >= 5 * max(calm.mean(), 0.001)  # measured: ~8.5x the 0.1% floor
    assert peak["pos_conf"].mean() >= 0.15  # measured: 20% (9, 12, 27, 25, 25%)
    assert peak["pos_conf"].iloc[-3:].min() >= 0.2  # the three days up to the top
    assert (peak["neg_conf"] == 0).all()
    # the median tc is at least 30 days after t2 on 4 of the 5 days; on 2000-03-08 the qualified fits are
    # bimodal (measured: 19 of 34 put tc 1.8–4.7 trading days after t2, 15 at 48–61 days; with 8
    # starts 9 of 24), so their median lands next to t2 there
    assert int((peak["tc_median"] >= peak.index + pd.Timedelta(days=30)).sum()) >= 4
