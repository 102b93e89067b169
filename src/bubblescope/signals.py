"""Signals: every indicator's reading in one shape, so a verdict can weigh families it does not know.

Each analysis result that can speak to "is this a bubble?" offers ``to_signals() -> list[Signal]``
(PSY, LPPLS, the gauges, the four-factor score, economics, stress). A signal says what was read
(``reading``, ``value``, ``unit``), how strongly it points to a bubble (``bubble`` in [0, 1] by a
stated ``rule``), when its newest input is dated (``as_of``) and where it comes from (``source``).
A signal that cannot speak (no data, data ending before the episode, a gauge not available) has
``available=False``, ``bubble=None`` and the ``reason``; it is shown, never counted.

A base-layer module: it imports nothing else from bubblescope.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass
from typing import Any

#: The signal families a verdict weighs, in the order a page shows them.
FAMILIES: tuple[str, ...] = (
    "four_factor",   # Goldfarb-Kirsch uncertainty / pure plays / novices / narratives
    "market_tests",  # PSY explosive episodes, LPPLS confidence against its null
    "valuation",     # CAPE, Buffett, forward P/E, concentration, boom/bubble gauges
    "froth",         # margin debt, sentiment, attention, volatility complacency
    "credit",        # spreads, financial conditions
    "monetary",      # policy-rate path vs the tightening before past busts
    "economics",     # revenue needed vs revenue, funding quality, depreciation
    "stress",        # who is exposed, losses if it bursts
)


def _check_date(value: str | None, what: str) -> None:
    if value is None:
        return
    try:
        _dt.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be an ISO date (YYYY-MM-DD), got {value!r}") from None


@dataclass(frozen=True)
class Signal:
    """One reading of one indicator (see the module docstring)."""

    family: str
    name: str  # stable id, e.g. "psy:^IXIC", "gauge:cape"
    label: str  # short human label, e.g. "PSY explosive-root test, Nasdaq Composite"
    reading: str  # the reading in words with its number and unit, e.g. "boom episode since 2024-01"
    value: float | None = None
    unit: str = ""
    bubble: float | None = None  # evidence for a bubble in [0, 1] by ``rule``; None: cannot speak
    rule: str = ""  # how ``value`` maps to ``bubble``, e.g. "1 above the 95% null quantile, else 0"
    as_of: str | None = None  # ISO date of the newest observation behind the reading
    source: str = ""
    available: bool = True
    reason: str = ""  # why it cannot speak, or the caveat that goes with it

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(f"signal family must be one of {', '.join(FAMILIES)}, got {self.family!r}")
        if not self.name:
            raise ValueError("a signal needs a name")
        if self.bubble is not None and not 0.0 <= float(self.bubble) <= 1.0:
            raise ValueError(f"signal {self.name}: bubble must lie in [0, 1], got {self.bubble!r}")
        if not self.available and self.bubble is not None:
            raise ValueError(f"signal {self.name}: an unavailable signal cannot carry a bubble reading")
        if not self.available and not self.reason:
            raise ValueError(f"signal {self.name}: an unavailable signal must say why (reason)")
        _check_date(self.as_of, f"signal {self.name}: as_of")

    @classmethod
    def unavailable(cls, family: str, name: str, label: str, reason: str, *, source: str = "",
                    as_of: str | None = None) -> Signal:
        """A signal that cannot speak, with the reason (e.g. "data end 2018-12, before the episode")."""
        return cls(family, name, label, f"not available: {reason}", available=False, reason=reason,
                   source=source, as_of=as_of)

    def age_days(self, on: str) -> int | None:
        """Days from ``as_of`` to the date ``on`` (ISO); None when the signal carries no date."""
        if self.as_of is None:
            return None
        return (_dt.date.fromisoformat(on[:10]) - _dt.date.fromisoformat(self.as_of[:10])).days

    def is_stale(self, on: str, max_age_days: int) -> bool:
        """True when the newest input is older than ``max_age_days`` on the date ``on``."""
        age = self.age_days(on)
        return age is not None and age > max_age_days

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
