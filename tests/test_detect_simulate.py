"""Bubble simulators (detect/simulate.py): seeded, shapes, true spans, explosive growth, bad parameters."""

from __future__ import annotations

import numpy as np
import pytest

from bubblescope.detect.simulate import DGPS, simulate
from bubblescope.errors import InputError


@pytest.mark.parametrize("dgp", sorted(DGPS))
def test_seeded_and_prefix_stable(dgp: str) -> None:
    a = simulate(dgp, 120, n_paths=3, seed=7)
    b = simulate(dgp, 120, n_paths=3, seed=7)
    c = simulate(dgp, 120, n_paths=1, seed=7)
    d = simulate(dgp, 120, n_paths=3, seed=8)
    assert a.values.shape == (3, 120)
    np.testing.assert_array_equal(a.values, b.values)
    np.testing.assert_array_equal(a.values[:1], c.values)  # path i does not depend on n_paths
    assert not np.array_equal(a.values, d.values)
    assert np.isfinite(a.values).all()
    assert a.to_frame().shape == (120, 3)
    assert a.to_dict()["dgp"] == dgp
    assert dgp in a.summary()


def test_psy1_explosive_inside_span_and_collapse() -> None:
    sim = simulate("psy1", 200, n_paths=1, seed=0, start=100, end=140, sigma=1e-9, y0=100.0)
    y = sim.values[0]
    assert sim.bubbles == ((100, 140),)
    delta = 1 + 200 ** -0.6
    np.testing.assert_allclose(y[:100], 100.0, atol=1e-6)  # no noise: flat before
    np.testing.assert_allclose(y[140], 100.0 * delta ** 41, rtol=1e-6)
    np.testing.assert_allclose(y[141], y[99], atol=1e-6)  # collapse to the pre-bubble level


def test_psy2_two_spans() -> None:
    sim = simulate("psy2", 300, seed=1)
    assert len(sim.bubbles) == 2 and sim.bubbles[0][1] < sim.bubbles[1][0]


def test_volshift_variance_ratio() -> None:
    sim = simulate("volshift", 400, n_paths=200, seed=3, ratio=3.0, at=200)
    dx = np.diff(sim.values, axis=1)
    ratio = dx[:, 200:].std() / dx[:, :199].std()
    assert 2.8 < ratio < 3.2


def test_blanchard_bursts() -> None:
    from bubblescope.detect.simulate import _blanchard_path

    b = _blanchard_path(np.random.default_rng(0), 500, 0.9, 0.05, 1e-6, 1.0)
    # with tiny shocks the bubble grows by (1+r)/pi while it survives, and restarts near 0 after a burst
    big = np.abs(b[:-1]) > 1e-3
    grow = b[1:][big] / b[:-1][big]
    survived = grow > 0.5
    np.testing.assert_allclose(grow[survived], 1.05 / 0.9, rtol=1e-2)
    assert (~survived).sum() >= 1  # a burst: the bubble falls to the size of one shock
    assert (np.abs(b) < 1e-4).sum() > 100


@pytest.mark.parametrize(("dgp", "kw"), [
    ("psy1", {"start": 150, "end": 120}), ("psy1", {"end": 199}), ("psy1", {"sigma": -1.0}),
    ("psy1", {"c": float("nan")}), ("psy2", {"start2": 60, "end1": 70}), ("blanchard", {"pi": 1.5}),
    ("blanchard", {"pi": 0.0}), ("evans", {"delta_b": 5.0}), ("volshift", {"at": 500}),
    ("volshift", {"ratio": 0}), ("psy1", {"bogus": 1}),
])
def test_impossible_parameters(dgp: str, kw: dict) -> None:
    with pytest.raises(InputError):
        simulate(dgp, 200, **kw)


def test_bad_dgp_and_sizes() -> None:
    with pytest.raises(InputError, match="dgp must be one of"):
        simulate("nope", 100)
    with pytest.raises(InputError):
        simulate("psy1", 5)
    with pytest.raises(InputError):
        simulate("psy1", 100, n_paths=0)
    with pytest.raises(InputError):
        simulate("psy1", 100, seed=-1)
