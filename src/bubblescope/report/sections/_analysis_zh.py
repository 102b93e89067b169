"""The zh edition of texts the analysis packages write in English (gauge names, rules, notes, chart titles).

The analysis packages keep their English (their results, the CLI and report.json use it); the report's
zh page shows each such text through the catalogue: :func:`known` finds the entry under a key prefix
whose English text *is* that text, a ``{field}`` of the entry standing for any run of characters, and
returns its Chinese text with the fields filled in (each field itself through the entries of the same
area, e.g. ``gau.``). A text no entry matches is returned as it is (the
zh-edition tests then find it as English left on the page). :func:`figure_texts` does the same for a
plotly figure's title, subplot titles, annotations, axis titles and trace names.

English is never changed: both functions return their input untouched for ``lang="en"``.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from typing import Any

from bubblescope.i18n import CATALOGUE, Lang, tr
from bubblescope.i18n.phrases import template_regex
from bubblescope.report.sections._html import NEEDS_ANALYSIS, not_available


@functools.cache
def _patterns(prefix: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The English text of every catalogue entry under ``prefix`` as a pattern (fields: any characters)."""
    out = [(template_regex(msg.en, ".+?"), key) for key, msg in CATALOGUE.items() if key.startswith(prefix)]
    # entries without fields first, then the longest literal text: the most specific entry wins
    out.sort(key=lambda p: (p[0].groups > 0, -len(p[0].pattern)))
    return tuple(out)


def known(text: str, lang: Lang, prefix: str) -> str:
    """``text`` (English, written by an analysis package) in ``lang``: the Chinese text of the catalogue
    entry under ``prefix`` that matches it (the text itself when none does, or in English)."""
    if lang == "en" or not text:
        return text
    for pattern, key in _patterns(prefix):
        m = pattern.fullmatch(text)
        if m:
            area = prefix.split(".")[0] + "."  # a field is any text of the same area (gau., eco., ...)
            return CATALOGUE[key].zh.format(**{k: known(v, lang, area) for k, v in m.groupdict().items()})
    return text


#: Fields that hold verbatim data (file paths, metric, column and series names): kept as they are, marked.
VERBATIM = frozenset({"path", "metric", "col", "cols", "series", "unit", "files"})


def _verbatim(name: str, value: str) -> str:
    if name == "cols":  # "'price', 'earnings' and 'gs10'" → each name marked, joined the Chinese way
        return "、".join(f'<span translate="no">{html.escape(c)}</span>' for c in re.split(r", | and ", value))
    return f'<span translate="no">{html.escape(value)}</span>'


def known_html(text: str, lang: Lang, prefix: str) -> str:
    """:func:`known` as HTML: the fields in :data:`VERBATIM` stay as they are, marked ``translate="no"``."""
    if lang == "en" or not text:
        return html.escape(text)
    for pattern, key in _patterns(prefix):
        m = pattern.fullmatch(text)
        if m:
            area = prefix.split(".")[0] + "."
            fields = {k: _verbatim(k, v) if k in VERBATIM else known_html(v, lang, area)
                      for k, v in m.groupdict().items()}
            return html.escape(CATALOGUE[key].zh).format(**fields)
    return html.escape(text)


def source_html(text: str, lang: Lang) -> str:
    """Where a series or an input came from (data-provider names and file paths, with a few words of
    ours such as "local files:") as HTML: in zh the words of ours come from the ``mkt.src.`` entries and the
    provider names and paths stay verbatim, marked ``lang="en"``; a text no entry matches is entirely
    the provider's (a series name, a URL) and is marked so too."""
    if lang == "en" or not text:
        return html.escape(text)
    for pattern, key in _patterns("mkt.src."):
        m = pattern.fullmatch(text)
        if m:
            fields = {k: source_html(v, lang) for k, v in m.groupdict().items()}
            return html.escape(CATALOGUE[key].zh).format(**fields)
    return f'<span lang="en">{html.escape(text)}</span>'


def figure_texts(fig: Any, lang: Lang, prefix: str = "chart.") -> Any:
    """A plotly figure's own texts (title, annotations, axis titles, trace names and a category axis's
    labels) through :func:`known` (in place; nothing changes in English); returns the figure."""
    if lang == "en":
        return fig
    tx = functools.partial(known, lang=lang, prefix=prefix)
    if fig.layout.title.text:
        fig.layout.title.text = tx(fig.layout.title.text)
    for a in fig.layout.annotations:
        if a.text:
            a.text = tx(a.text)
    fig.for_each_xaxis(lambda ax: ax.update(title_text=tx(ax.title.text)) if ax.title.text else None)
    fig.for_each_yaxis(lambda ax: ax.update(title_text=tx(ax.title.text)) if ax.title.text else None)
    for t in fig.data:
        if getattr(t, "name", None):
            t.name = tx(t.name)
        if t.type in ("waterfall", "bar") and t.x is not None and all(isinstance(x, str) for x in t.x):
            t.x = [tx(x) for x in t.x]
        if t.type == "bar" and t.y is not None and getattr(t, "orientation", None) == "h":
            t.y = [tx(y) if isinstance(y, str) else y for y in t.y]
    return fig


def mark_code(section: Any, lang: Lang, *literals: str) -> Any:
    """``section`` with each of ``literals`` (command-line options, commands) in its HTML shown as code,
    marked ``translate="no"`` (zh only: a not-available reason is escaped text, the option is not ours to
    translate)."""
    if lang == "en":
        return section
    body = section.html
    for lit in literals:
        body = body.replace(html.escape(lit), f'<code translate="no">{html.escape(lit)}</code>')
    return dataclasses.replace(section, html=body)


def needs_analysis(section_id: str, title: str, lang: Lang) -> Any:
    """The section's "not available: needs the compute phase" placeholder in ``lang`` (commands as code)."""
    section = not_available(section_id, title, NEEDS_ANALYSIS, lang, tr("mkt.needs_analysis", lang))
    return mark_code(section, lang, "bubblescope report", "bubblescope.report.compute")
