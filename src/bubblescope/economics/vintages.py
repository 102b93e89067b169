"""Every capex vintage depreciated on both schedules, and Burry's 2026-2028 claim reproduced by his method.

:func:`vintage_schedules` spreads each vintage (year of purchase) of the depreciable capex over the
reported and the economic life (straight line, full-year convention as in
:mod:`bubblescope.economics.depreciation`), one row per (vintage, year). :func:`burry_reproduction`
sums the understatement over Burry's years with the inputs he states or implies (see
docs/economics.md, "Burry's $176bn").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.economics._common import capex_schedule, fraction_closed, json_attrs, life
from bubblescope.economics.depreciation import _kernel
from bubblescope.economics.inputs import CAPEX_YEARS, Scenario
from bubblescope.errors import InputError
from bubblescope.results import Result


def vintage_schedules(capex: pd.Series, reported_life: float, economic_life: float,
                      depreciable_share: float = 1.0, through: int | None = None) -> pd.DataFrame:
    """Long table: vintage, year, depreciable capex of the vintage, charge under the reported and the
    economic life, and their difference (USD bn). Every vintage from the first capex year is included."""
    rl, el = life("reported_life", reported_life), life("economic_life", economic_life)
    share = fraction_closed("depreciable_share", depreciable_share)
    start, values = capex_schedule(capex)
    last = start + len(values) - 1 + int(np.ceil(max(rl, el))) if through is None else int(through)
    rows = []
    for k, v in enumerate(values * share):
        vint = start + k
        kr, ke = _kernel(rl, "full"), _kernel(el, "full")
        for off in range(max(len(kr), len(ke))):
            year = vint + off
            if year > last:
                break
            rep = v * (kr[off] if off < len(kr) else 0.0)
            eco = v * (ke[off] if off < len(ke) else 0.0)
            if rep or eco:
                rows.append({"vintage": vint, "year": year, "capex": v, "reported": rep, "economic": eco,
                             "understatement": eco - rep})
    return pd.DataFrame(rows, columns=["vintage", "year", "capex", "reported", "economic", "understatement"])


@dataclass(frozen=True)
class BurryReproduction(Result):
    """Burry's claim (depreciation understated by ``claim`` USD bn over ``period``) redone from vintages.

    ``result`` is the model's sum over ``period`` with the inputs in ``inputs``; ``diff_pct`` the
    difference from the claim in %; ``by_vintage`` how much each vintage contributes.
    """

    claim: float
    result: float
    period: tuple[int, int]
    inputs: dict[str, float]
    by_vintage: pd.DataFrame
    alternatives: dict[str, float]

    @property
    def diff_pct(self) -> float:
        return 100.0 * (self.result / self.claim - 1.0)

    @property
    def within_tolerance(self) -> bool:
        return abs(self.diff_pct) <= 10.0

    def summary(self) -> str:
        a, b = self.period
        return (f"Burry's {a}-{b} depreciation understatement reproduced: {self.result:,.1f} USD bn vs his "
                f"{self.claim:,.0f} ({self.diff_pct:+.1f}%), reported life {self.inputs['reported_life']:g} years vs "
                f"economic {self.inputs['economic_life']:g}, vintages {int(self.inputs['first_vintage'])}-"
                f"{int(self.inputs['last_vintage'])}")

    def to_frame(self) -> pd.DataFrame:
        return self.by_vintage.copy()

    def to_dict(self) -> dict[str, Any]:
        return json_attrs(self, "claim", "result", "diff_pct", "within_tolerance", "period", "inputs", "alternatives",
                          unit="USD bn", by_vintage=self.by_vintage)


#: Burry's reported life: the middle of the 5-6 years the four hyperscalers now disclose (Amazon 5 from
#: 2025, Meta 5.5, Microsoft and Alphabet 6; evidence ai-2023.econ.life-*); economic life: the top of his
#: "2-3 years" (the article's realistic life).
BURRY_REPORTED_LIFE = 5.5
BURRY_ECONOMIC_LIFE = 3.0


def burry_reproduction(scenario: Scenario, reported_life: float = BURRY_REPORTED_LIFE,
                       economic_life: float = BURRY_ECONOMIC_LIFE) -> BurryReproduction:
    """Burry's understatement over the scenario's period from every capex vintage of the scenario."""
    s = scenario
    capex = pd.Series([s.value(f"capex_{y}") for y in CAPEX_YEARS], index=list(CAPEX_YEARS), dtype=float)
    a, b = int(s.value("period_start")), int(s.value("period_end"))
    if a < CAPEX_YEARS[0]:
        raise InputError(f"period_start {a} is before the first capex vintage {CAPEX_YEARS[0]}")
    share = s.pct("server_share_of_capex")

    def total(rl: float, el: float) -> float:
        t = vintage_schedules(capex, rl, el, share, through=b)
        return float(t.loc[(t["year"] >= a) & (t["year"] <= b), "understatement"].sum())

    tab = vintage_schedules(capex, reported_life, economic_life, share, through=b)
    tab = tab[(tab["year"] >= a) & (tab["year"] <= b)]
    by_v = tab.groupby("vintage", as_index=False)[["reported", "economic", "understatement"]].sum()
    inputs = {"reported_life": float(reported_life), "economic_life": float(economic_life),
              "depreciable_share": share, "first_vintage": float(CAPEX_YEARS[0]), "last_vintage": float(CAPEX_YEARS[-1])}
    alternatives = {
        f"{s.value('chip_life_reported'):g}y vs {s.value('chip_life_economic'):g}y (scenario lives)":
            total(s.value("chip_life_reported"), s.value("chip_life_economic")),
        "6y vs 4y (lives before the extensions)": total(6.0, 4.0),
        "vintages from 2023 only, 6y vs 3y": _from_2023(capex, share, a, b),
    }
    return BurryReproduction(s.value("burry_understatement"), total(reported_life, economic_life), (a, b), inputs,
                             by_v, alternatives)


def _from_2023(capex: pd.Series, share: float, a: int, b: int) -> float:
    t = vintage_schedules(capex.loc[2023:], 6.0, 3.0, share, through=b)
    return float(t.loc[(t["year"] >= a) & (t["year"] <= b), "understatement"].sum())
