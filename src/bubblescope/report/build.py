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
from bubblescope.report.default import DEFAULT_SECTIONS, applies
from bubblescope.report.sections._html import Section, SectionFn, esc
from bubblescope.results import to_jsonable


@dataclass(frozen=True)
class Report:
    episode_id: str
    episode_name: str
    generated: str  # UTC timestamp, ISO 8601
    sections: tuple[Section, ...]
    data_sources: dict[str, str] | None = None  # symbol → local/live/cached/packaged (None: no compute phase)

    def to_dict(self) -> dict[str, Any]:
        return {
            "generator": f"bubblescope {__version__}",
            "generated": self.generated,
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
        sec = fn(data)
        if applies(sec.id, data):
            out.append(sec)
    stamp = generated or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    modes = data.analysis.data_modes() if data.analysis is not None else None
    return Report(data.episode.id, data.episode.name, stamp, tuple(out), modes)


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def render_html(report: Report) -> str:
    """The whole page as one string: CSS and plotly.js inline, no network needed to open it."""
    css = (resources.files("bubblescope.report") / "report.css").read_text(encoding="utf-8")
    na_tag = ' <span class="na-tag">n/a</span>'
    nav = "".join(
        f'<a href="#{esc(s.id)}" class="{"" if s.available else "na-link"}">{esc(s.title)}'
        f'{"" if s.available else na_tag}</a>' for s in report.sections)
    body = "".join(
        f'<section id="{esc(s.id)}" class="{"" if s.available else "unavailable"}"><h2>{esc(s.title)}</h2>'
        f"{s.html}</section>" for s in report.sections
    )
    modes = ""
    if report.data_sources:
        counts: dict[str, int] = {}
        for m in report.data_sources.values():
            counts[m] = counts.get(m, 0) + 1
        modes = " · data: " + ", ".join(f"{n} {esc(m)}" for m, n in sorted(counts.items()))
    elif report.data_sources is not None:
        modes = " · data: none (evidence base only)"
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>bubblescope report: {esc(report.episode_name)}</title><style>{css}</style>"
        f"<script type=\"text/javascript\">{_plotly_js()}</script></head><body>"
        f"<header><div class=\"brand\">bubblescope · how bubble-like is this boom?</div>"
        f"<h1>{esc(report.episode_name)}</h1>"
        f"<div class=\"small\">Episode <code>{esc(report.episode_id)}</code> · generated {esc(report.generated)}"
        f" · bubblescope {esc(__version__)}{modes}</div></header>"
        f"<div class=\"layout\"><nav class=\"toc\"><div class=\"toc-title\">Contents</div>{nav}</nav>"
        f"<main>{body}<footer>Every number on this page comes from code or from an evidence record with its source "
        "and date (see the evidence appendix); report.json beside this page holds them all with their provenance. "
        "Replace any record with your own YAML: <code>bubblescope report --evidence mine.yaml</code>.</footer>"
        f"</main></div><script>{_TOC_JS}</script></body></html>"
    )


# Highlights the table-of-contents entry of the section in view (no dependencies, no network).
_TOC_JS = """(function(){var links={};document.querySelectorAll('nav.toc a').forEach(function(a){
links[a.getAttribute('href').slice(1)]=a;});if(!('IntersectionObserver' in window))return;
var io=new IntersectionObserver(function(es){es.forEach(function(e){if(e.isIntersecting){
Object.values(links).forEach(function(l){l.classList.remove('active');});var l=links[e.target.id];
if(l)l.classList.add('active');}});},{rootMargin:'-20% 0px -70% 0px'});
document.querySelectorAll('main section').forEach(function(s){io.observe(s);});})();"""


def write_report(report: Report, out_dir: str | Path, *, data_dir: str | Path | None = None) -> Path:
    """Write ``out_dir/index.html`` and ``out_dir/report.json`` as a set (staged, then renamed into place:
    an error leaves the previous report intact); returns the HTML path. In report.json local paths are
    relative to ``data_dir`` (or a bare file name): no machine-specific absolute path."""
    from bubblescope.fileio import atomic_outputs, portable_paths

    out = Path(out_dir)
    try:
        if out.exists() and not out.is_dir():
            raise BubblescopeError(f"{out}: exists and is not a directory")
        html = render_html(report)
        doc = json.dumps(portable_paths(report.to_dict(), data_dir), indent=2, ensure_ascii=False,
                         allow_nan=False) + "\n"
        with atomic_outputs(out) as stage:
            (stage / "index.html").write_text(html, encoding="utf-8")
            (stage / "report.json").write_text(doc, encoding="utf-8")
    except OSError as exc:
        raise BubblescopeError(f"cannot write report to {out}: {exc.strerror or exc}") from None
    return out / "index.html"
