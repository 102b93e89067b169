"""Compounding revenue projections with a documented ceiling (issue 18, point 5).

A constant growth rate compounds without limit (72.7% a year takes 50 USD bn to tens of trillions in
a decade). :func:`capped_projection` caps the path at ``ceiling`` — by default the world's IT spending
(evidence ``ai-2023.pub.global-it-spending-2025``, Gartner: 5,430 USD bn in 2025), since AI revenue
cannot exceed everything spent on IT — and says from which year the cap binds. Pure.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from bubblescope.economics._common import non_negative, positive, rate

CEILING_RECORD = "ai-2023.pub.global-it-spending-2025"
CEILING_LABEL = "ceiling: world IT spending (Gartner 2025)"


def capped_projection(start_value: float, growth: float, start_year: int, end_year: int,
                      ceiling: float) -> pd.DataFrame:
    """Columns: uncapped (start × (1 + growth)^t), revenue (min(uncapped, ceiling)), ceiling, capped (bool)."""
    v0 = non_negative("start_value", start_value, "USD bn")
    g = rate("growth", growth)
    cap = positive("ceiling", ceiling, "USD bn")
    years = np.arange(start_year, max(end_year, start_year) + 1)
    raw = v0 * (1.0 + g) ** (years - start_year)
    return pd.DataFrame({"uncapped": raw, "revenue": np.minimum(raw, cap), "ceiling": cap, "capped": raw > cap},
                        index=pd.Index(years, name="year"))


def years_to_reach(start_value: float, growth: float, target: float, ceiling: float) -> float:
    """Years until the capped projection reaches ``target`` (inf when the ceiling is below it or g ≤ 0)."""
    if start_value >= target:
        return 0.0
    if target > ceiling or start_value <= 0 or growth <= 0:
        return math.inf
    return math.log(target / start_value) / math.log1p(growth)
