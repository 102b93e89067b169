"""Render: run the section functions on the computed :class:`~bubblescope.report.compute.ReportData` and
assemble them into one self-contained HTML page (plotly.js inline) and a JSON file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bubblescope import __version__
from bubblescope.errors import BubblescopeError
from bubblescope.i18n import Lang
from bubblescope.report.compute import ReportContext, ReportData, report_data
from bubblescope.report.default import DEFAULT_SECTIONS, applies
from bubblescope.report.downloads import TABLES_DIR
from bubblescope.report.page import render_page
from bubblescope.report.pdf import PDF_NAME, print_pdf
from bubblescope.report.sections._html import Section, SectionFn
from bubblescope.results import to_jsonable


@dataclass(frozen=True)
class Report:
    episode_id: str
    episode_name: str
    generated: str  # UTC timestamp, ISO 8601
    sections: tuple[Section, ...]
    data_sources: dict[str, str] | None = None  # symbol → local/live/cached/packaged (None: no compute phase)
    command: str | None = None  # the command line that built the page (shown on it, kept in report.json)
    #: The sections rendered in each further language (``sections`` is the first language's, kept in report.json).
    editions: Mapping[str, tuple[Section, ...]] = field(default_factory=dict)

    def edition(self, lang: Lang) -> tuple[Section, ...]:
        """The sections as rendered in ``lang`` (the first language's when that edition was not rendered)."""
        return self.editions.get(lang, self.sections)

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
                 generated: str | None = None, progress: Callable[[str], None] | None = None,
                 langs: Sequence[Lang] = ("en",)) -> Report:
    """Run every section function on the computed data (``sections`` default: DEFAULT_SECTIONS).

    Each language in ``langs`` is rendered from the same data (``data.lang`` tells a section which one):
    the first is ``Report.sections``, every further one ``Report.editions[lang]``.

    ``data`` comes from :func:`bubblescope.report.compute.compute`. A :class:`ReportContext` is
    turned into data by :func:`~bubblescope.report.compute.report_data` (no I/O): the evidence-based
    sections are complete, the data-driven ones render ``ctx.analysis`` or say what they need.
    ``progress(message)`` is called before each section.
    """
    if isinstance(data, ReportContext):
        data = report_data(data)
    fns = tuple(sections if sections is not None else DEFAULT_SECTIONS)
    rendered: dict[str, tuple[Section, ...]] = {}
    for lang in dict.fromkeys(langs):
        edition = replace(data, lang=lang)
        out = []
        for fn in fns:
            if progress is not None:
                progress(f"section: {fn.__name__.removesuffix('_section')}" + (f" ({lang})" if len(langs) > 1 else ""))
            sec = fn(edition)
            if applies(sec.id, edition):
                out.append(sec)
        rendered[lang] = tuple(out)
    first, *others = rendered
    stamp = generated or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    modes = data.analysis.data_modes() if data.analysis is not None else None
    return Report(data.episode.id, data.episode.name, stamp, rendered[first], modes,
                  editions={lang: rendered[lang] for lang in others})


def render_html(report: Report, lang: Lang = "en") -> str:
    """The whole page as one string: CSS and plotly.js inline, no network needed to open it."""
    return render_page(report, lang=lang)[0]


def write_report(report: Report, out_dir: str | Path, pdf: bool = False, langs: Sequence[Lang] = ("en",), *,
                 data_dir: str | Path | None = None) -> Path:
    """Write ``out_dir/index.html``, ``out_dir/report.json`` and ``out_dir/tables/*.csv`` (and, with
    ``pdf``, ``out_dir/report.pdf`` printed by headless Chromium) as a set: everything is staged, then
    renamed into place, so an error leaves the previous report intact. Returns the HTML path.

    ``langs``: the first language's page is ``out_dir/index.html``, each further one
    ``out_dir/<lang>/index.html`` (its own tables and PDF beside it); the pages link to each other.
    In report.json local paths are relative to ``data_dir`` (or a bare file name): no machine-specific
    absolute path.
    """
    from bubblescope.fileio import atomic_outputs, portable_paths

    out = Path(out_dir)
    try:
        if out.exists() and not out.is_dir():
            raise BubblescopeError(f"{out}: exists and is not a directory")
        doc = json.dumps(portable_paths(report.to_dict(), data_dir), indent=2, ensure_ascii=False,
                         allow_nan=False) + "\n"
        with atomic_outputs(out) as stage:
            pages = [_write_page(report, stage, langs, i, pdf) for i in range(len(langs))]
            (stage / "report.json").write_text(doc, encoding="utf-8")
            if pdf:
                for page in pages:
                    print_pdf(page, page.with_name(PDF_NAME))
    except OSError as exc:
        raise BubblescopeError(f"cannot write report to {out}: {exc.strerror or exc}") from None
    return out / pages[0].relative_to(stage)


def _write_page(report: Report, out: Path, langs: Sequence[Lang], i: int, pdf: bool) -> Path:
    """One language's page and CSV files; links to the other languages' pages and to report.json."""
    lang = langs[i]
    folder = out if i == 0 else out / lang
    up = "" if i == 0 else "../"
    others = {other: (up if j == 0 else f"{up}{other}/") + "index.html"
              for j, other in enumerate(langs) if j != i}
    folder.mkdir(parents=True, exist_ok=True)
    html, tables = render_page(report, pdf=pdf, lang=lang, others=others, json_href=f"{up}report.json")
    tdir = folder / TABLES_DIR
    for old in tdir.glob("*.csv") if tdir.is_dir() else ():
        old.unlink()  # tables of an earlier build that this one no longer has
    for name, text in tables.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    page = folder / "index.html"
    page.write_text(html, encoding="utf-8")
    return page
