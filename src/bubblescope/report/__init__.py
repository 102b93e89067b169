"""The HTML report: compute everything once, then render independent sections into one offline page.

``compute(ReportContext(...))`` → :class:`ReportData` (the compute phase: :mod:`bubblescope.report.compute`,
:mod:`~bubblescope.report.analysis`, :mod:`~bubblescope.report.steps`, :mod:`~bubblescope.report.verdict`);
``build_report(data)`` → :class:`Report` (the sections in :mod:`bubblescope.report.sections` format it);
``write_report(report, out_dir)`` writes ``index.html`` and ``report.json``.
"""

from __future__ import annotations

from bubblescope.report.analysis import Analysis, analyse
from bubblescope.report.build import Report, build_report, render_html, write_report
from bubblescope.report.compute import ReportContext, ReportData, compute, report_data
from bubblescope.report.default import DEFAULT_SECTIONS
from bubblescope.report.sections import Section, SectionFn, not_available

__all__ = [
    "DEFAULT_SECTIONS",
    "Analysis",
    "Report",
    "ReportContext",
    "ReportData",
    "Section",
    "SectionFn",
    "analyse",
    "build_report",
    "compute",
    "not_available",
    "render_html",
    "report_data",
    "write_report",
]
