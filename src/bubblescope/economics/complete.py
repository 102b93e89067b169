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
