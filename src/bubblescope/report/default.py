"""The report's sections in page order. Add a section by appending a ``(ReportData) -> Section`` function."""

from __future__ import annotations

from collections.abc import Sequence

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
