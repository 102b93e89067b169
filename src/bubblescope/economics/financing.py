"""Financing gap: capex need over a period vs what operating cash flow covers, split by source.

Money in USD bn over the whole period; source shares as fractions that sum to 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblescope.economics._common import fraction_closed, json_attrs, non_negative, positive
from bubblescope.errors import InputError
from bubblescope.results import Result


@dataclass(frozen=True)
class FinancingGap(Result):
    """``gap`` = ``capex_need`` − ``cash_flow_cover`` (USD bn); ``by_source`` splits the gap (USD bn)."""

    capex_need: float
    cash_flow_cover: float
    period: tuple[int, int] | None
    shares: dict[str, float]

    @property
    def gap(self) -> float:
        return max(self.capex_need - self.cash_flow_cover, 0.0)

    @property
    def external_share(self) -> float:
        """The share of capex that needs outside money."""
        return self.gap / self.capex_need

    @property
    def by_source(self) -> dict[str, float]:
        return {k: v * self.gap for k, v in self.shares.items()}

    def summary(self) -> str:
        when = f" over {self.period[0]}-{self.period[1]}" if self.period else ""
        parts = ", ".join(f"{k.replace('_', ' ')} {v:,.0f}" for k, v in self.by_source.items())
        return (
            f"Capex {self.capex_need:,.0f} USD bn{when}, {self.cash_flow_cover:,.0f} covered by operating cash flow: "
            f"gap {self.gap:,.0f} USD bn ({self.external_share:.0%})" + (f" — {parts}" if parts else "")
        )

    def to_frame(self) -> pd.DataFrame:
        rows = [{"item": "capex need", "usd_bn": self.capex_need, "share_of_gap": None}]
        rows.append({"item": "covered by operating cash flow", "usd_bn": self.cash_flow_cover, "share_of_gap": None})
        rows.append({"item": "financing gap", "usd_bn": self.gap, "share_of_gap": 1.0})
        for k, v in self.by_source.items():
            rows.append({"item": k, "usd_bn": v, "share_of_gap": self.shares[k]})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        return json_attrs(self, "capex_need", "cash_flow_cover", "gap", "external_share", "period", "shares",
                          "by_source", unit="USD bn")

    def plot(self) -> Any:
        import plotly.graph_objects as go

        labels = ["operating cash flow", *[k.replace("_", " ") for k in self.shares]]
        values = [self.cash_flow_cover, *self.by_source.values()]
        fig = go.Figure(go.Pie(labels=labels, values=values, hole=0.4, sort=False))
        fig.update_layout(title=f"Funding {self.capex_need:,.0f} USD bn of capex")
        return fig


def financing_gap(
    capex_need: float,
    cash_flow_cover: float,
    shares: Mapping[str, float] | None = None,
    period: tuple[int, int] | None = None,
) -> FinancingGap:
    """The part of ``capex_need`` (USD bn) not covered by ``cash_flow_cover`` (USD bn), split by source.

    ``shares``: fraction of the gap from each source (e.g. private_credit, corporate_bonds, abs,
    pe_sovereign, off_balance_sheet_spv); must sum to 1 (±0.001). With Morgan Stanley's 2025 figures
    (2,900 capex 2025–28, 1,400 covered) the gap is 1,500.
    """
    need = positive("capex_need", capex_need, "USD bn")
    cover = non_negative("cash_flow_cover", cash_flow_cover, "USD bn")
    sh: dict[str, float] = {}
    for k, v in (shares or {}).items():
        sh[str(k)] = fraction_closed(f"share of {k}", v, allow_zero=True)
    if sh and not math.isclose(sum(sh.values()), 1.0, abs_tol=1e-3):
        raise InputError(f"financing source shares must sum to 100% (got {sum(sh.values()) * 100:g}%)")
    if period is not None and period[1] < period[0]:
        raise InputError(f"period end {period[1]} is before its start {period[0]}")
    return FinancingGap(need, cover, None if period is None else (int(period[0]), int(period[1])), sh)
