"""Catalogue entries of the market, gauges, economics, stress and scan sections and their chart titles."""

from __future__ import annotations

from bubblescope.i18n._msg import Msg

ANALYSIS: dict[str, Msg] = {
}
