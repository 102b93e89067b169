"""Completing an assessment with the one revenue-needed figure and the published estimates.

Kept apart from :mod:`bubblescope.economics.assessment` because it needs :mod:`~bubblescope.economics.needed`,
which runs scenarios through that module (one direction of import only).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from bubblescope.economics.assessment import CapexAssessment
from bubblescope.economics.needed import episode_revenue_needed
from bubblescope.economics.published import published_estimates


def complete_assessment(a: CapexAssessment, evidence: Any = None) -> CapexAssessment:
    """``a`` with :attr:`needed` (bull / scenario / bear, the scenario's overrides applied to all three)
    and :attr:`published` (from ``evidence``, default the packaged evidence base) filled in."""
    from bubblescope.evidence.loader import load_evidence

    base = evidence if evidence is not None else load_evidence()
    sc = a.scenario
    overrides = {k: i.value for k, i in sc.inputs.items() if i.overridden}
    name = sc.name if sc.name in ("base", "bear", "bull") else "base"
    values = {k: (sc.value(k), sc.inputs[k].source) for k in ("target_return", "operating_margin")}
    return dataclasses.replace(a, needed=episode_revenue_needed(overrides, evidence=base, scenario=name),
                               published=published_estimates(base, values))


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
