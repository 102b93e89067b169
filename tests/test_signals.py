"""The Signal record every family's results convert to (the verdict's input)."""

from __future__ import annotations

import pytest

from bubblescope.signals import FAMILIES, Signal


def test_signal_round_trip_and_age() -> None:
    s = Signal("valuation", "gauge:cape", "Shiller CAPE", "41.4x, 99th percentile", value=41.4, unit="x",
               bubble=0.9, rule="percentile band", as_of="2026-07-31", source="Shiller ie_data")
    d = s.to_dict()
    assert d["family"] == "valuation" and d["bubble"] == 0.9
    assert s.age_days("2026-12-02") == 124
    assert s.is_stale("2026-12-02", 90) and not s.is_stale("2026-12-02", 200)


def test_unavailable_signal_says_why_and_never_counts() -> None:
    s = Signal.unavailable("market_tests", "psy:^GSPC", "PSY, S&P 500", "packaged data end 2018-12, before the episode")
    assert not s.available and s.bubble is None and "2018-12" in s.reading
    with pytest.raises(ValueError, match="reason"):
        Signal("froth", "x", "x", "x", available=False)
    with pytest.raises(ValueError, match="cannot carry"):
        Signal("froth", "x", "x", "x", available=False, reason="r", bubble=0.5)


@pytest.mark.parametrize("kw, msg", [
    ({"family": "astrology"}, "family"),
    ({"bubble": 1.5}, r"\[0, 1\]"),
    ({"bubble": -0.1}, r"\[0, 1\]"),
    ({"as_of": "2026-13-45"}, "ISO date"),
    ({"name": ""}, "name"),
])
def test_bad_signal_is_refused(kw: dict, msg: str) -> None:
    args = {"family": FAMILIES[0], "name": "n", "label": "l", "reading": "r"} | kw
    with pytest.raises(ValueError, match=msg):
        Signal(**args)
