"""Report sections: pure formatters ``(ReportData) -> Section``, one module per section.

Each returns an HTML fragment and a JSON-ready dict, or a section marked *not available* with what
it needs (``not_available(...)``). Sections never compute, read files or fetch: everything comes
computed in the :class:`~bubblescope.report.compute.ReportData` (see :mod:`bubblescope.report.compute`).
To add a section, write ``my_section(data: ReportData) -> Section`` in a module here (its numbers
computed by a step of the compute phase, never in the section) and list it in
:data:`bubblescope.report.default.DEFAULT_SECTIONS` (or pass ``sections=`` to
:func:`bubblescope.report.build_report`).
"""

from __future__ import annotations

from bubblescope.report.compute import ReportContext, ReportData
from bubblescope.report.sections._html import (
    Section,
    SectionFn,
    esc,
    evidence_anchor,
    figure_html,
    fmt_value,
    not_available,
)
from bubblescope.report.sections.comparison import comparison_section
from bubblescope.report.sections.economics import economics_section
from bubblescope.report.sections.evidence import evidence_section
from bubblescope.report.sections.four_factor import four_factor_section
from bubblescope.report.sections.gauges import gauges_section
from bubblescope.report.sections.market import market_section
from bubblescope.report.sections.narratives import narratives_section
from bubblescope.report.sections.scan import scan_section
from bubblescope.report.sections.stress import stress_section
from bubblescope.report.sections.validation import validation_section
from bubblescope.report.sections.verdict import verdict_section

__all__ = [
    "ReportContext",
    "ReportData",
    "Section",
    "SectionFn",
    "comparison_section",
    "economics_section",
    "esc",
    "evidence_anchor",
    "evidence_section",
    "figure_html",
    "fmt_value",
    "four_factor_section",
    "gauges_section",
    "market_section",
    "narratives_section",
    "not_available",
    "scan_section",
    "stress_section",
    "validation_section",
    "verdict_section",
]
