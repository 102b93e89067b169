"""The page around the sections: head, header (downloads, rebuild command, language link), table of
contents and footer, in English or Chinese (texts from :mod:`bubblescope.i18n`).

Pure string work: :func:`render_page` returns the HTML and the CSV downloads; ``build.write_report``
writes them.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from bubblescope import __version__
from bubblescope.i18n import HTML_LANG, Lang, episode_name, mode_name, section_title, tr
from bubblescope.report.downloads import add_csv_links
from bubblescope.report.pdf import PDF_NAME
from bubblescope.report.sections._html import esc

if TYPE_CHECKING:
    from bubblescope.report.build import Report

#: The other edition's link text, in that edition's own language.
LANG_LINK: dict[Lang, str] = {"en": "English", "zh": "中文"}


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _files_line(report: Report, pdf: bool, lang: Lang, json_href: str) -> str:
    """The header's downloads: report.json, the PDF, and the exact command that rebuilt the page."""
    keep = "" if lang == "en" else ' translate="no"'  # a file name is not ours to translate
    links = [tr("page.json_link", lang, link=f'<a href="{esc(json_href)}"{keep}>report.json</a>')]
    if pdf:
        links.append(f'<a href="{PDF_NAME}">{PDF_NAME}</a>')
    links.append(esc(tr("page.csv_note", lang)))
    out = '<div class="small files">' + tr("page.downloads", lang, links=" · ".join(links)) + "</div>"
    if report.command:
        out += ('<div class="small files">' + tr("page.rebuilt", lang, command=f"<code>{esc(report.command)}</code>")
                + "</div>")
    return out


def _modes(report: Report, lang: Lang) -> str:
    if report.data_sources:
        counts: dict[str, int] = {}
        for m in report.data_sources.values():
            counts[m] = counts.get(m, 0) + 1
        text = ", ".join(f"{n} {mode_name(m, lang)}" for m, n in sorted(counts.items()))
        return esc(tr("page.data_counts", lang, counts=text))
    if report.data_sources is not None:
        return esc(tr("page.data_none", lang))
    return ""


def _lang_links(others: dict[Lang, str]) -> str:
    if not others:
        return ""
    links = " · ".join(f'<a class="lang" hreflang="{HTML_LANG[lang]}" href="{esc(href)}">{LANG_LINK[lang]}</a>'
                       for lang, href in others.items())
    return f'<div class="small files langs">{links}</div>'


def render_page(report: Report, pdf: bool = False, lang: Lang = "en", others: dict[Lang, str] | None = None,
                json_href: str = "report.json") -> tuple[str, dict[str, str]]:
    """The page and its CSV downloads (``{path relative to the page: CSV text}``).

    ``others``: the other editions' pages (language → relative link), shown in the header.
    """
    css = (resources.files("bubblescope.report") / "report.css").read_text(encoding="utf-8")
    na_tag = f' <span class="na-tag">{esc(tr("page.na", lang))}</span>'
    titles = {s.id: section_title(s.id, s.title, lang) for s in report.edition(lang)}
    nav = "".join(
        f'<a href="#{esc(s.id)}" class="{"" if s.available else "na-link"}">{esc(titles[s.id])}'
        f'{"" if s.available else na_tag}</a>' for s in report.edition(lang))
    files: dict[str, str] = {}
    body = ""
    for s in report.edition(lang):
        fragment, tables = add_csv_links(s.id, s.html, tr("page.csv", lang))
        files.update(tables)
        body += (f'<section id="{esc(s.id)}" class="{"" if s.available else "unavailable"}">'
                 f"<h2>{esc(titles[s.id])}</h2>{fragment}</section>")
    name = episode_name(report.episode_id, report.episode_name, lang)
    episode = tr("page.episode", lang, id=f"<code>{esc(report.episode_id)}</code>", when=esc(report.generated),
                 version=esc(__version__))
    # A file name is not ours to translate: marked translate="no" on the Chinese page (English bytes unchanged).
    json_name = "report.json" if lang == "en" else '<span translate="no">report.json</span>'
    footer = tr("page.footer", lang, command="<code>bubblescope report --evidence mine.yaml</code>", json=json_name)
    return (
        f"<!DOCTYPE html><html lang=\"{HTML_LANG[lang]}\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{esc(tr('page.title', lang, name=name))}</title><style>{css}</style>"
        f"<script type=\"text/javascript\">{_plotly_js()}</script></head><body>"
        f"<header><div class=\"brand\">{esc(tr('page.brand', lang))}</div>"
        f"<h1>{esc(name)}</h1>"
        f"<div class=\"small\">{episode}{_modes(report, lang)}</div>{_files_line(report, pdf, lang, json_href)}"
        f"{_lang_links(others or {})}</header>"
        f"<div class=\"layout\"><nav class=\"toc\"><div class=\"toc-title\">{esc(tr('page.contents', lang))}</div>"
        f"{nav}</nav><main>{body}<footer>{footer}</footer>"
        f"</main></div><script>{_TOC_JS}</script></body></html>"
    ), files


# Highlights the table-of-contents entry of the section in view (no dependencies, no network).
_TOC_JS = """(function(){var links={};document.querySelectorAll('nav.toc a').forEach(function(a){
links[a.getAttribute('href').slice(1)]=a;});if(!('IntersectionObserver' in window))return;
var io=new IntersectionObserver(function(es){es.forEach(function(e){if(e.isIntersecting){
Object.values(links).forEach(function(l){l.classList.remove('active');});var l=links[e.target.id];
if(l)l.classList.add('active');}});},{rootMargin:'-20% 0px -70% 0px'});
document.querySelectorAll('main section').forEach(function(s){io.observe(s);});})();"""
