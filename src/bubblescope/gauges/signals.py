"""Gauges as Signals for the verdict (issue 15): one Signal per gauge of a panel.

Family by gauge group: valuation, concentration, boom/bubble and trend gauges are ``valuation``,
the GSY run-up is ``market_tests`` (as in ``report.signals``); margin debt, sentiment, attention and
VIX are ``froth``; spreads and financial conditions ``credit``; the policy-rate path ``monetary``.
``bubble`` comes from the light: red 1, amber 0.5, green 0, by the gauge's ``light_rule``. A gauge
that is not available is an unavailable signal with the reason; one without a light (a point
reading without a history or a threshold) is shown with ``bubble=None``, not counted.
"""

from __future__ import annotations

from typing import Any

from bubblescope.gauges._evidence import _period_end
from bubblescope.gauges._gauge import Gauge
from bubblescope.signals import Signal

FAMILY = {"froth": "froth", "credit": "credit", "monetary": "monetary", "run-up": "market_tests"}
BUBBLE_OF_LIGHT = {"red": 1.0, "amber": 0.5, "green": 0.0}


def _iso(as_of: str | None) -> str | None:
    return None if not as_of else _period_end(as_of).isoformat()


def gauge_signal(g: Gauge) -> Signal:
    family = FAMILY.get(g.group, "valuation")
    name = f"gauge:{g.key}"
    if not g.available:
        return Signal.unavailable(family, name, g.name, f"needs {g.needs or 'input data'}", source=g.source)
    if g.light is None:  # shown, not counted
        return Signal(family=family, name=name, label=g.name, reading=g.display(), value=g.value, unit=g.unit,
                      bubble=None, rule=g.light_rule, as_of=_iso(g.as_of), source=g.source,
                      reason=f"{g.light_rule}: shown, not counted")
    pct = "" if g.history is None else f", {g.history.percentile:.0f}th percentile of its history"
    return Signal(family=family, name=name, label=g.name, reading=f"{g.display()}{pct}: {g.light}",
                  value=g.value, unit=g.unit, bubble=BUBBLE_OF_LIGHT[g.light],
                  rule=f"{g.light_rule}; red 1, amber 0.5, green 0", as_of=_iso(g.as_of), source=g.source)


def panel_signals(panel: Any) -> list[Signal]:
    """Signals of every gauge of a :class:`~bubblescope.gauges.panel.GaugePanel`."""
    return [gauge_signal(g) for g in panel.gauges]


__all__ = ["gauge_signal", "panel_signals"]
