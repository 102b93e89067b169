"""The economics model's one revenue-needed figure as evidence for the four-factor score (issue 15).

:func:`with_revenue_needed` adds :func:`needed_record` to an evidence base, so that the score's
uncertainty factor, the economics section, the report and the dashboard read one number
(:func:`bubblescope.economics.needed.episode_revenue_needed`).
"""

from __future__ import annotations

from typing import Any

from bubblescope.economics.needed import complete_assessment, episode_revenue_needed

__all__ = ["ECONOMICS_EPISODES", "NEEDED_METRIC", "complete_assessment", "needed_record", "with_revenue_needed"]


#: The episodes whose revenue needed comes from the packaged capex scenarios.
ECONOMICS_EPISODES = frozenset({"ai-2023"})
#: The metric the four-factor uncertainty factor reads as the denominator of revenue coverage.
NEEDED_METRIC = "required_revenue_model"


def needed_record(needed: Any, episode: str) -> Any:
    """The one revenue-needed figure as the evidence record the four-factor score reads (coded by bubblescope
    from the economics model), so that the score, economics, stress, report and dashboard show one number."""
    from bubblescope.evidence.schema import EvidenceRecord, Source

    src = Source(organisation="bubblescope",
                 title=f"Revenue needed in {needed.year} for a return on the AI capex schedule "
                       f"(economics model, scenario {needed.scenarios[1]})")
    return EvidenceRecord(
        id=f"{episode}.required-revenue-model", episode=episode, informs=["uncertainty", "economics"],
        metric=NEEDED_METRIC, value=float(needed.central), unit="USD bn",
        as_of=(needed.actual_as_of or "2025-01-01")[:10],  # dated like the revenue it is compared with
        source=src, coded_by="bubblescope",
        note=(f"Computed by bubblescope.economics.revenue_needed: central {needed.central:,.0f}, range "
              f"{needed.low:,.0f} to {needed.high:,.0f} USD bn a year in {needed.year}."))


def with_revenue_needed(base: Any, episode_id: str, overrides: dict[str, float] | None = None) -> Any:
    """``base`` with :func:`needed_record` for ``episode_id`` (unchanged for episodes without capex scenarios)."""
    if episode_id not in ECONOMICS_EPISODES or episode_id not in base.episodes:
        return base
    needed = episode_revenue_needed(overrides, evidence=base)
    return base.with_records([needed_record(needed, episode_id)], "bubblescope economics model")
