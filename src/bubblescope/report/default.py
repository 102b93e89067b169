"""The report's sections in page order. Add a section by appending a ``(ReportData) -> Section`` function."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bubblescope.report.sections import (
    SectionFn,
    comparison_section,
    economics_section,
    evidence_section,
    four_factor_section,
    gauges_section,
    market_section,
    narratives_section,
    scan_section,
    stress_section,
    validation_section,
    verdict_section,
)
from bubblescope.report.steps import ECONOMICS_EPISODES

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData

#: The report's sections, in page order.
DEFAULT_SECTIONS: Sequence[SectionFn] = (
    verdict_section,
    four_factor_section,
    comparison_section,
    market_section,
    gauges_section,
    economics_section,
    stress_section,
    validation_section,
    scan_section,
    narratives_section,
    evidence_section,
)


def applies(section_id: str, data: ReportData) -> bool:
    """Whether a section applies to the episode: economics (AI investment) and stress (an exposure
    network) only where the episode has them; the market scan (today's markets) only for an ongoing
    episode. A section that does not apply is left off the page (not shown as "not available")."""
    ep = data.episode
    if section_id == "scan":
        return ep.end is None
    if section_id == "economics":
        return ep.id in ECONOMICS_EPISODES
    if section_id == "stress":
        return data.analysis is None or bool(data.analysis.stress)
    return True
