"""The HTML report: independent sections (HTML fragment + JSON each) assembled into one offline page."""

from __future__ import annotations

from bubblescope.report.analysis import Analysis, analyse
from bubblescope.report.build import Report, build_report, render_html, write_report
from bubblescope.report.default import DEFAULT_SECTIONS
from bubblescope.report.sections import (
    ReportContext,
    Section,
    SectionFn,
    not_available,
)

__all__ = [
    "DEFAULT_SECTIONS",
    "Analysis",
    "Report",
    "ReportContext",
    "Section",
    "SectionFn",
    "analyse",
    "build_report",
    "not_available",
    "render_html",
    "write_report",
]
