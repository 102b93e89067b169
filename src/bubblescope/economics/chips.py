"""Accelerator value decay: what a chip generation is worth as faster, cheaper ones arrive.

Model: when a new generation delivers ``perf_per_dollar_gain`` (g) times the performance per dollar
and arrives every ``release_cadence`` (c) years, the market price of a unit of old compute falls by
the factor g per generation. The value of a chip bought new for ``cost`` is then
cost × g^(−t/c) (``mode="smooth"``) or cost × g^(−floor(t/c)) (``mode="step"``: price drops on each
release). Rental prices per GPU-hour follow the same decay. Book value is straight-line over the
reported life; impairment is book value above market value.

Hand-written: a few lines of closed-form arithmetic that no library packages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from bubblescope.economics._common import OneTable, finite, json_attrs, life, non_negative, positive, rate
from bubblescope.errors import InputError
from bubblescope.results import Result

HOURS_PER_YEAR = 8760.0
Mode = Literal["smooth", "step"]


def _decay(t: np.ndarray, gain: float, cadence: float, mode: Mode) -> np.ndarray:
    gens = t / cadence if mode == "smooth" else np.floor(t / cadence + 1e-12)
    return gain ** (-gens)


@dataclass(frozen=True)
class ChipDecay(OneTable, Result):
    """Market vs book value of one accelerator over time, idle impairment and break-even utilisation.

    ``frame`` (one row per year t = 0..horizon): market_value, book_value, impairment (USD per
    accelerator), market_fraction (of cost). ``breakeven_utilisation``: the share of hours the chip
    must be rented to earn back its cost (present value at ``discount_rate``) over the horizon; above 1
    it cannot. ``breakeven_utilisation_idle``: the same when it first sits idle ``idle_years``.
    """

    cost: float
    perf_per_dollar_gain: float
    release_cadence: float
    reported_life: float
    mode: str
    frame: pd.DataFrame
    half_life: float
    idle_years: float
    idle_value_loss: float
    breakeven_utilisation: float | None
    breakeven_utilisation_idle: float | None

    def years_to_fraction(self, fraction: float) -> float:
        """Years until the market value falls to ``fraction`` of cost (smooth model)."""
        f = finite("fraction", fraction)
        if not 0 < f < 1:
            raise InputError(f"fraction must be between 0 and 1 (got {f:g})")
        return self.release_cadence * math.log(1 / f) / math.log(self.perf_per_dollar_gain)

    def summary(self) -> str:
        s = (
            f"At {self.perf_per_dollar_gain:g}x performance per dollar every {self.release_cadence:g} years a chip "
            f"loses half its value in {self.half_life:.1f} years; idle {self.idle_years:g} years it loses "
            f"{self.idle_value_loss:,.0f} USD ({self.idle_value_loss / self.cost:.0%} of cost)"
        )
        if self.breakeven_utilisation is not None:
            s += f"; break-even utilisation {self.breakeven_utilisation:.0%}"
        return s

    def to_dict(self) -> dict[str, Any]:
        d = json_attrs(self, "cost", "perf_per_dollar_gain", "release_cadence", "reported_life", "mode",
                       half_life_years=self.half_life)
        return d | json_attrs(self, "idle_years", "idle_value_loss", "breakeven_utilisation",
                              "breakeven_utilisation_idle", unit="USD per accelerator", years=self.frame)

    def plot(self) -> Any:
        import plotly.graph_objects as go

        f = self.frame
        fig = go.Figure()
        fig.add_scatter(x=f.index, y=f["market_value"], name="market value", mode="lines+markers")
        fig.add_scatter(x=f.index, y=f["book_value"], name=f"book value ({self.reported_life:g}-year life)")
        fig.add_bar(x=f.index, y=f["impairment"], name="book above market", opacity=0.5)
        fig.update_layout(title="Accelerator value decay", xaxis_title="years since purchase", yaxis_title="USD")
        return fig


def _breakeven(
    cost: float, rental: float, opex: float, gain: float, cadence: float, mode: Mode, r: float, start: float, end: float
) -> float | None:
    """Utilisation u with PV of u × hours × max(0, price − opex) over [start, end) = cost (yearly steps,
    mid-year prices, end-of-year discounting). None when the chip can never earn anything."""
    years = np.arange(math.floor(start), math.ceil(end))
    if len(years) == 0:
        return None
    lo = np.clip(years, start, end)
    hi = np.clip(years + 1, start, end)
    frac = hi - lo
    mid = (lo + hi) / 2
    price = rental * _decay(mid, gain, cadence, mode)
    margin = np.maximum(price - opex, 0.0)  # an operator idles a chip that costs more to run than it earns
    pv = float(np.sum(HOURS_PER_YEAR * frac * margin / (1.0 + r) ** (years + 1)))
    return None if pv <= 0 else cost / pv


def chip_value_decay(
    cost: float,
    perf_per_dollar_gain: float,
    release_cadence: float,
    reported_life: float,
    *,
    horizon: float | None = None,
    mode: Mode = "smooth",
    idle_years: float = 0.0,
    rental_price: float | None = None,
    operating_cost: float = 0.0,
    discount_rate: float = 0.0,
) -> ChipDecay:
    """Value of an accelerator over time and what it takes to earn back its cost.

    ``cost``: all-in price of one accelerator, USD. ``perf_per_dollar_gain``: performance per dollar of
    the next generation relative to this one (x, > 1). ``release_cadence``: years between generations.
    ``reported_life``: accounting life for book value, years. ``horizon``: years the chip is in service
    (default ``reported_life``). ``idle_years``: years it sits unused first (e.g. waiting for power).
    ``rental_price`` / ``operating_cost``: USD per GPU-hour when new / to run it. ``discount_rate``: fraction.
    """
    c = positive("cost", cost, "USD")
    g = finite("perf_per_dollar_gain", perf_per_dollar_gain)
    if g <= 1:
        raise InputError(f"perf_per_dollar_gain must be above 1x (got {g:g}x)")
    cad = life("release_cadence", release_cadence)
    rl = life("reported_life", reported_life)
    h = rl if horizon is None else life("horizon", horizon)
    if mode not in ("smooth", "step"):
        raise InputError(f"mode must be 'smooth' or 'step' (got {mode!r})")
    idle = non_negative("idle_years", idle_years, "years")
    if idle >= h:
        raise InputError(f"idle_years ({idle:g}) must be shorter than the service horizon ({h:g} years)")
    opex = non_negative("operating_cost", operating_cost, "USD/h")
    r = rate("discount_rate", discount_rate)
    t = np.arange(0, math.ceil(h) + 1, dtype=float)
    market = c * _decay(t, g, cad, mode)
    book = c * np.clip(1.0 - t / rl, 0.0, 1.0)
    frame = pd.DataFrame(
        {
            "market_value": market,
            "book_value": book,
            "impairment": np.maximum(book - market, 0.0),
            "market_fraction": market / c,
        },
        index=pd.Index(t.astype(int), name="year"),
    )
    idle_loss = c * (1.0 - float(_decay(np.array([idle]), g, cad, mode)[0]))
    be = be_idle = None
    if rental_price is not None:
        rent = positive("rental_price", rental_price, "USD/h")
        be = _breakeven(c, rent, opex, g, cad, mode, r, 0.0, h)
        be_idle = _breakeven(c, rent, opex, g, cad, mode, r, idle, h)
    return ChipDecay(c, g, cad, rl, mode, frame, cad * math.log(2) / math.log(g), idle, idle_loss, be, be_idle)
