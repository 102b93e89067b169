"""Funding quality from filings: capex ÷ operating cash flow per hyperscaler and in aggregate.

Input: the frame of :func:`bubblescope.data.sec_extracts.load_sec_folder` (company, period_end,
quarter (0 = a fiscal-year row), capex, ocf in USD bn). Output, per company and for the aggregate of
the companies with quarterly data: the quarterly ratio and the trailing-four-quarter ratio
(sum of capex over the last four quarters ÷ sum of OCF over them). A ratio below 1.0 means operating
cash flow pays for the capex; above 1.0 the rest comes from debt, leases, equity or cash piles.
The aggregate is computed only for quarters where every company in it reports both numbers.

Pure: a DataFrame in, a :class:`FundingQualityResult` out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblescope.errors import InputError
from bubblescope.results import Result, to_jsonable
from bubblescope.signals import Signal

AGGREGATE = "aggregate"
RULE = "bubble = 0 at a trailing-4-quarter capex / OCF of 0.5 or less, 1 at 1.0 or more, linear between"
REQUIRED = ("company", "period_end", "quarter", "capex", "ocf")


@dataclass(frozen=True)
class FundingQualityResult(Result):
    """``quarterly``: company, period_end, capex, ocf, ratio, ttm_capex, ttm_ocf, ttm_ratio (one row per
    company-quarter, plus the ``aggregate`` rows); ``annual``: fiscal-year rows (Amazon's 10-K).
    ``companies``: the companies in the aggregate; ``source``: the files read."""

    quarterly: pd.DataFrame
    annual: pd.DataFrame
    companies: tuple[str, ...]
    source: str

    def latest(self, company: str = AGGREGATE) -> pd.Series:
        f = self.quarterly[(self.quarterly["company"] == company) & self.quarterly["ttm_ratio"].notna()]
        if f.empty:
            raise InputError(f"no trailing-four-quarter ratio for {company!r}")
        return f.sort_values("period_end").iloc[-1]

    @property
    def ttm_ratio(self) -> float:
        return float(self.latest()["ttm_ratio"])

    @property
    def as_of(self) -> str:
        return pd.Timestamp(self.latest()["period_end"]).date().isoformat()

    @property
    def ocf_funded_share(self) -> float:
        """Share of the aggregate's trailing-4Q capex that its operating cash flow covers, % (≤ 100)."""
        return 100.0 * min(1.0, 1.0 / self.ttm_ratio) if self.ttm_ratio > 0 else 100.0

    def summary(self) -> str:
        parts = ", ".join(f"{c} {float(self.latest(c)['ttm_ratio']):.2f}" for c in self.companies)
        return (f"Capex / operating cash flow, trailing four quarters to {self.as_of}: {self.ttm_ratio:.2f} for "
                f"{' + '.join(self.companies)} ({parts}); 1.0 = capex uses all of the cash flow")

    def to_frame(self) -> pd.DataFrame:
        return self.quarterly.copy()

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"ttm_ratio": self.ttm_ratio, "as_of": self.as_of, "ocf_funded_share": self.ocf_funded_share,
                            "companies": list(self.companies), "line": 1.0, "rule": RULE, "source": self.source,
                            "quarterly": self.quarterly, "annual": self.annual})

    def to_signals(self) -> list[Signal]:
        r = self.ttm_ratio
        return [Signal(
            family="economics", name="economics:funding_quality", label="Hyperscaler capex / operating cash flow",
            reading=(f"capex is {r:.2f}x operating cash flow over the four quarters to {self.as_of} "
                     f"({' + '.join(self.companies)})"),
            value=r, unit="x", bubble=float(np.clip((r - 0.5) / 0.5, 0.0, 1.0)), rule=RULE, as_of=self.as_of,
            source=self.source,
        )]

    def plot(self) -> Any:
        import plotly.graph_objects as go

        fig = go.Figure()
        for c, g in self.quarterly.groupby("company"):
            fig.add_scatter(x=g["period_end"], y=g["ttm_ratio"], name=str(c), mode="lines")
        fig.add_hline(y=1.0, line_dash="dash", annotation_text="capex = operating cash flow")
        fig.update_layout(title="Capex / operating cash flow, trailing four quarters", yaxis_title="x")
        return fig


def _ttm(g: pd.DataFrame) -> pd.DataFrame:
    g = g.sort_values("period_end").copy()
    # four consecutive quarters: the quarter ends must span 9 months (about 270-276 days)
    span = (g["period_end"] - g["period_end"].shift(3)).dt.days
    ok = span.between(260, 280)
    g["ttm_capex"] = g["capex"].rolling(4).sum().where(ok)
    g["ttm_ocf"] = g["ocf"].rolling(4).sum().where(ok)
    g["ratio"] = g["capex"] / g["ocf"].where(g["ocf"] > 0)
    g["ttm_ratio"] = g["ttm_capex"] / g["ttm_ocf"].where(g["ttm_ocf"] > 0)
    return g


def funding_quality(df: pd.DataFrame) -> FundingQualityResult:
    """Quarterly and trailing-four-quarter capex ÷ OCF per company and for their aggregate."""
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise InputError(f"funding_quality needs columns {', '.join(REQUIRED)} (missing: {', '.join(missing)})")
    f = df.copy()
    f["period_end"] = pd.to_datetime(f["period_end"])
    if (f["capex"].dropna() < 0).any():
        raise InputError("capex must not be negative (give purchases of property and equipment as positive numbers)")
    q = f[(f["quarter"] > 0) & f["capex"].notna() & f["ocf"].notna()]
    if q.empty:
        raise InputError("no quarter with both capex and operating cash flow")
    per = pd.concat([_ttm(g) for _, g in q.groupby("company")], ignore_index=True)
    companies = tuple(sorted(per["company"].unique()))
    both = per.groupby("period_end").filter(lambda g: set(g["company"]) == set(companies))
    agg = both.groupby("period_end", as_index=False)[["capex", "ocf"]].sum()
    agg["company"] = AGGREGATE
    agg = _ttm(agg)
    cols = ["company", "period_end", "capex", "ocf", "ratio", "ttm_capex", "ttm_ocf", "ttm_ratio"]
    quarterly = pd.concat([per[cols], agg[cols]], ignore_index=True)
    annual = f[f["quarter"] == 0][["company", "period_end", "capex", "ocf"]].copy()
    annual["ratio"] = annual["capex"] / annual["ocf"]
    source = ", ".join(sorted(set(q["source"]))) if "source" in q else "capex and OCF frame"
    return FundingQualityResult(quarterly, annual.reset_index(drop=True), companies, source)
