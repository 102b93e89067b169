"""Render: run the section functions on the computed :class:`~bubblescope.report.compute.ReportData` and
assemble them into one self-contained HTML page (plotly.js inline) and a JSON file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from bubblescope import __version__
from bubblescope.errors import BubblescopeError
from bubblescope.report.compute import ReportContext, ReportData, report_data
from bubblescope.report.default import DEFAULT_SECTIONS
from bubblescope.report.downloads import TABLES_DIR, add_csv_links
from bubblescope.report.pdf import PDF_NAME, print_pdf
from bubblescope.report.sections._html import Section, SectionFn, esc
from bubblescope.results import to_jsonable


@dataclass(frozen=True)
class Report:
    episode_id: str
    episode_name: str
    generated: str  # UTC timestamp, ISO 8601
    sections: tuple[Section, ...]
    data_sources: dict[str, str] | None = None  # symbol → local/live/cached/packaged (None: no compute phase)
    command: str | None = None  # the command line that built the page (shown on it, kept in report.json)

    def to_dict(self) -> dict[str, Any]:
        return {
            "generator": f"bubblescope {__version__}",
            "generated": self.generated,
            "command": self.command,
            "episode": self.episode_id,
            "episode_name": self.episode_name,
            "data_sources": self.data_sources,
            "sections": [{"id": s.id, "title": s.title, "available": s.available, "needs": s.needs,
                          "data": to_jsonable(s.data)} for s in self.sections],
        }


def build_report(data: ReportData | ReportContext, sections: Sequence[SectionFn] | None = None,
                 generated: str | None = None, progress: Callable[[str], None] | None = None) -> Report:
    """Run every section function on the computed data (``sections`` default: DEFAULT_SECTIONS).

    ``data`` comes from :func:`bubblescope.report.compute.compute`. A :class:`ReportContext` is
    turned into data by :func:`~bubblescope.report.compute.report_data` (no I/O): the evidence-based
    sections are complete, the data-driven ones render ``ctx.analysis`` or say what they need.
    ``progress(message)`` is called before each section.
    """
    if isinstance(data, ReportContext):
        data = report_data(data)
    out = []
    for fn in (sections if sections is not None else DEFAULT_SECTIONS):
        if progress is not None:
            progress(f"section: {fn.__name__.removesuffix('_section')}")
        out.append(fn(data))
    stamp = generated or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    modes = data.analysis.data_modes() if data.analysis is not None else None
    return Report(data.episode.id, data.episode.name, stamp, tuple(out), modes)


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def render_html(report: Report) -> str:
    """The whole page as one string: CSS and plotly.js inline, no network needed to open it."""
    return render_page(report)[0]


def _files_line(report: Report, pdf: bool) -> str:
    """The header's downloads: report.json, the PDF, and the exact command that rebuilt the page."""
    links = ['<a href="report.json">report.json</a> (every number with its provenance)']
    if pdf:
        links.append(f'<a href="{PDF_NAME}">{PDF_NAME}</a>')
    links.append("a CSV file above every table")
    out = '<div class="small files">Downloads: ' + " · ".join(links) + "</div>"
    if report.command:
        out += f'<div class="small files">Rebuilt with: <code>{esc(report.command)}</code></div>'
    return out


def render_page(report: Report, pdf: bool = False) -> tuple[str, dict[str, str]]:
    """The page and its CSV downloads (``{path relative to the page: CSV text}``)."""
    css = (resources.files("bubblescope.report") / "report.css").read_text(encoding="utf-8")
    na_tag = ' <span class="na-tag">n/a</span>'
    nav = "".join(
        f'<a href="#{esc(s.id)}" class="{"" if s.available else "na-link"}">{esc(s.title)}'
        f'{"" if s.available else na_tag}</a>' for s in report.sections)
    files: dict[str, str] = {}
    body = ""
    for s in report.sections:
        fragment, tables = add_csv_links(s.id, s.html)
        files.update(tables)
        body += (f'<section id="{esc(s.id)}" class="{"" if s.available else "unavailable"}"><h2>{esc(s.title)}</h2>'
                 f"{fragment}</section>")
    modes = ""
    if report.data_sources:
        counts: dict[str, int] = {}
        for m in report.data_sources.values():
            counts[m] = counts.get(m, 0) + 1
        modes = " · data: " + ", ".join(f"{n} {esc(m)}" for m, n in sorted(counts.items()))
    elif report.data_sources is not None:
        modes = " · data: none (evidence base only)"
    page = (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>bubblescope report: {esc(report.episode_name)}</title><style>{css}</style>"
        f"<script type=\"text/javascript\">{_plotly_js()}</script></head><body>"
        f"<header><div class=\"brand\">bubblescope · how bubble-like is this boom?</div>"
        f"<h1>{esc(report.episode_name)}</h1>"
        f"<div class=\"small\">Episode <code>{esc(report.episode_id)}</code> · generated {esc(report.generated)}"
        f" · bubblescope {esc(__version__)}{modes}</div>{_files_line(report, pdf)}</header>"
        f"<div class=\"layout\"><nav class=\"toc\"><div class=\"toc-title\">Contents</div>{nav}</nav>"
        f"<main>{body}<footer>Every number on this page comes from code or from an evidence record with its source "
        "and date (see the evidence appendix); report.json beside this page holds them all with their provenance. "
        "Replace any record with your own YAML: <code>bubblescope report --evidence mine.yaml</code>.</footer>"
        f"</main></div><script>{_TOC_JS}</script></body></html>"
    )
    return page, files


# Highlights the table-of-contents entry of the section in view (no dependencies, no network).
_TOC_JS = """(function(){var links={};document.querySelectorAll('nav.toc a').forEach(function(a){
links[a.getAttribute('href').slice(1)]=a;});if(!('IntersectionObserver' in window))return;
var io=new IntersectionObserver(function(es){es.forEach(function(e){if(e.isIntersecting){
Object.values(links).forEach(function(l){l.classList.remove('active');});var l=links[e.target.id];
if(l)l.classList.add('active');}});},{rootMargin:'-20% 0px -70% 0px'});
document.querySelectorAll('main section').forEach(function(s){io.observe(s);});})();"""


def write_report(report: Report, out_dir: str | Path, pdf: bool = False) -> Path:
    """Write ``out_dir/index.html``, ``out_dir/report.json`` and ``out_dir/tables/*.csv`` (and, with
    ``pdf``, ``out_dir/report.pdf`` printed by headless Chromium); returns the HTML path."""
    out = Path(out_dir)
    try:
        if out.exists() and not out.is_dir():
            raise BubblescopeError(f"{out}: exists and is not a directory")
        out.mkdir(parents=True, exist_ok=True)
        page = out / "index.html"
        html, tables = render_page(report, pdf=pdf)
        tdir = out / TABLES_DIR
        for old in tdir.glob("*.csv") if tdir.is_dir() else ():
            old.unlink()  # tables of an earlier build that this one no longer has
        for name, text in tables.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(text, encoding="utf-8")
        page.write_text(html, encoding="utf-8")
        (out / "report.json").write_text(
            json.dumps(report.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BubblescopeError(f"cannot write report to {out}: {exc.strerror or exc}") from None
    if pdf:
        print_pdf(page, out / PDF_NAME)
    return page
