"""Power: the grid capacity a capex build-out implies vs what can connect, and the cost of waiting.

Model (steady state): capex of K USD bn a year at k USD bn per GW implies K / k GW a year of new
data-centre load. A site is built in ``build_years`` but reaches power only after the interconnection
queue of ``queue_years``; the delay is d = max(0, queue − build). During the delay the equipment
share e of each year's capex sits idle, so idle capex = e × K × d (USD bn) at any time, and each year
of delay costs e × K × (cost of capital + annual loss of value of the equipment).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.economics._common import (
    OneTable,
    bars_and_line,
    capex_schedule,
    fraction_closed,
    json_attrs,
    non_negative,
    positive,
    rate,
)
from bubblescope.results import Result


@dataclass(frozen=True)
class PowerConstraint(OneTable, Result):
    """GW implied vs connectable and the capex idled by interconnection queues (USD bn, GW, years)."""

    capex_per_year: float
    capex_per_gw: float
    equipment_share: float
    build_years: float
    cost_of_capital: float
    annual_value_loss: float
    connectable_gw_per_year: float | None
    frame: pd.DataFrame  # one row per queue length considered

    @property
    def implied_gw_per_year(self) -> float:
        return self.capex_per_year / self.capex_per_gw

    @property
    def shortfall_gw_per_year(self) -> float | None:
        if self.connectable_gw_per_year is None:
            return None
        return max(self.implied_gw_per_year - self.connectable_gw_per_year, 0.0)

    @property
    def idle_capex_per_year_of_delay(self) -> float:
        """Equipment capex that sits unpowered for each year of delay, USD bn."""
        return self.equipment_share * self.capex_per_year

    @property
    def cost_per_year_of_delay(self) -> float:
        """Carrying cost of that idle equipment per year of delay, USD bn."""
        return self.idle_capex_per_year_of_delay * (self.cost_of_capital + self.annual_value_loss)

    def summary(self) -> str:
        q = self.frame
        s = (
            f"{self.capex_per_year:,.0f} USD bn a year of capex implies {self.implied_gw_per_year:,.1f} GW a year; "
            f"each year of delay idles {self.idle_capex_per_year_of_delay:,.0f} USD bn of equipment "
            f"(cost {self.cost_per_year_of_delay:,.0f} USD bn a year)"
        )
        if len(q) == 1:
            s += (
                f"; with a {q['queue_years'].iloc[0]:g}-year queue idle capex is {q['idle_capex'].iloc[0]:,.0f} USD bn"
            )
        elif len(q):
            s += (
                f"; with {q['queue_years'].min():g}-{q['queue_years'].max():g} year queues idle capex is "
                f"{q['idle_capex'].min():,.0f}-{q['idle_capex'].max():,.0f} USD bn"
            )
        return s

    def to_dict(self) -> dict[str, Any]:
        return json_attrs(self, "capex_per_year", "capex_per_gw", "implied_gw_per_year", "connectable_gw_per_year",
                          "shortfall_gw_per_year", "equipment_share", "build_years", "idle_capex_per_year_of_delay",
                          "cost_per_year_of_delay", queues=self.frame)

    def plot(self) -> Any:
        import plotly.graph_objects as go

        f = self.frame
        fig = go.Figure(go.Bar(x=f["queue_years"], y=f["idle_capex"], name="idle capex"))
        fig.update_layout(
            title="Capex idled by interconnection queues", xaxis_title="queue (years)", yaxis_title="USD bn"
        )
        return fig


def power_constraint(
    capex_per_year: float,
    capex_per_gw: float,
    queue_years: tuple[float, ...] | float = (3.0, 4.0, 5.0),
    *,
    build_years: float = 2.0,
    equipment_share: float = 0.6,
    cost_of_capital: float = 0.1,
    annual_value_loss: float = 0.0,
    connectable_gw_per_year: float | None = None,
) -> PowerConstraint:
    """GW implied by ``capex_per_year`` (USD bn) at ``capex_per_gw`` (USD bn/GW) and the idle capex
    for each interconnection queue length in ``queue_years`` (years). ``equipment_share``: fraction
    of capex that is chips/servers bought before power arrives. ``annual_value_loss``: fraction of that
    equipment's value lost per year (e.g. from :func:`chip_value_decay`). ``connectable_gw_per_year``:
    optional grid capacity available to data centres per year (GW) for the shortfall.
    """
    capex = non_negative("capex_per_year", capex_per_year, "USD bn")
    cpg = positive("capex_per_gw", capex_per_gw, "USD bn/GW")
    build = non_negative("build_years", build_years, "years")
    share = fraction_closed("equipment_share", equipment_share, allow_zero=True)
    coc = rate("cost_of_capital", cost_of_capital)
    loss = fraction_closed("annual_value_loss", annual_value_loss, allow_zero=True)
    conn = None if connectable_gw_per_year is None else non_negative("connectable_gw_per_year", connectable_gw_per_year)
    queues = (queue_years,) if isinstance(queue_years, (int, float)) else tuple(queue_years)
    rows = []
    for q in queues:
        qy = non_negative("queue_years", q, "years")
        delay = max(qy - build, 0.0)
        idle = share * capex * delay
        rows.append(
            {
                "queue_years": qy,
                "delay_years": delay,
                "idle_gw": capex / cpg * delay,
                "idle_capex": idle,
                "carrying_cost_per_year": idle * (coc + loss),
            }
        )
    frame = pd.DataFrame(rows, columns=["queue_years", "delay_years", "idle_gw", "idle_capex", "carrying_cost_per_year"])
    return PowerConstraint(capex, cpg, share, build, coc, loss, conn, frame)


@dataclass(frozen=True)
class PowerPath(OneTable, Result):
    """Year by year: GW a capex schedule implies vs GW that can connect when every site waits
    ``delay`` years beyond its build (interconnection queue − build time), and the idle capex.

    ``frame`` columns: capex (USD bn), implied_gw, connectable_gw (GW reaching power that year),
    idle_gw (built but waiting, end of year), idle_capex (equipment share × idle GW × capex per GW).
    """

    frame: pd.DataFrame
    capex_per_gw: float
    delay_years: float
    equipment_share: float

    def summary(self) -> str:
        f = self.frame
        last = f.index[-1]
        return (
            f"With a {self.delay_years:g}-year wait for power, {f.loc[last, 'implied_gw']:,.1f} GW implied in {last} "
            f"vs {f.loc[last, 'connectable_gw']:,.1f} GW connecting; {f.loc[last, 'idle_gw']:,.1f} GW "
            f"({f.loc[last, 'idle_capex']:,.0f} USD bn of equipment) idle at year end"
        )

    def to_dict(self) -> dict[str, Any]:
        return json_attrs(self, "capex_per_gw", "delay_years", "equipment_share", years=self.frame)

    def plot(self) -> Any:
        return bars_and_line(self.frame, {"implied_gw": "implied by capex", "connectable_gw": "can connect"},
                             ("idle_gw", "idle (waiting for power)"), title="Data-centre GW: implied vs connectable",
                             yaxis_title="GW")


def power_path(
    capex: pd.Series,
    capex_per_gw: float,
    queue_years: float,
    *,
    build_years: float = 2.0,
    equipment_share: float = 0.6,
) -> PowerPath:
    """GW implied by a capex schedule (USD bn by year) vs what connects, with a wait of
    max(0, ``queue_years`` − ``build_years``) years (fractional waits interpolate linearly)."""
    cpg = positive("capex_per_gw", capex_per_gw, "USD bn/GW")
    q = non_negative("queue_years", queue_years, "years")
    build = non_negative("build_years", build_years, "years")
    share = fraction_closed("equipment_share", equipment_share, allow_zero=True)
    start, values = capex_schedule(capex)
    delay = max(q - build, 0.0)
    years = np.arange(start, start + len(values))
    gw = values / cpg
    cum = np.cumsum(gw)
    # cumulative GW connected by the end of year y = cumulative implied at y - delay (0 before start)
    t = np.arange(len(values), dtype=float) - delay
    cum_conn = np.interp(t, np.arange(len(values), dtype=float), cum, left=0.0)
    cum_conn = np.where(t < 0, np.maximum(cum[0] * (t + 1), 0.0), cum_conn)
    connectable = np.diff(np.concatenate([[0.0], cum_conn]))
    idle = cum - cum_conn
    frame = pd.DataFrame(
        {"capex": values, "implied_gw": gw, "connectable_gw": connectable, "idle_gw": idle,
         "idle_capex": idle * cpg * share},
        index=pd.Index(years, name="year"),
    )
    return PowerPath(frame, cpg, delay, share)
