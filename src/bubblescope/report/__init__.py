"""The HTML report: independent sections (HTML fragment + JSON each) assembled into one offline page."""

from __future__ import annotations

from bubblescope.report.build import Report, build_report, render_html, write_report
from bubblescope.report.sections import (
    DEFAULT_SECTIONS,
    ReportContext,
    Section,
    SectionFn,
    not_available,
)

__all__ = [
    "DEFAULT_SECTIONS",
    "Report",
    "ReportContext",
    "Section",
    "SectionFn",
    "build_report",
    "not_available",
    "render_html",
    "write_report",
]
