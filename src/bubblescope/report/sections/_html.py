"""Shared building blocks of the report sections: the :class:`Section` type, ``not_available``,
escaping, number and date formatting, evidence links and plotly figures as HTML fragments.

Pure formatting: nothing here computes a result, reads a file or fetches.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bubblescope.i18n import Lang, mode_name, tr
from bubblescope.report.verdict import iso_date
from bubblescope.style import add_source, style

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData

#: What a data section says when the compute phase has not run.
NEEDS_ANALYSIS = "the compute phase (bubblescope report runs it; in Python: bubblescope.report.compute)"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    html: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    available: bool = True
    needs: str | None = None  # what a not-available section is missing


#: A section: computed report data in, HTML fragment and JSON-ready data out.
SectionFn = Callable[["ReportData"], Section]


def not_available(section_id: str, title: str, needs: str, lang: Lang = "en", needs_text: str | None = None) -> Section:
    """A placeholder section: 'not available: needs X'. ``needs`` (English) goes to report.json;
    ``needs_text`` is what the page shows in ``lang`` (default: ``needs``)."""
    shown = needs if needs_text is None else needs_text
    body = f'<p class="na">{html.escape(tr("na.needs", lang, needs=shown))}</p>'
    return Section(section_id, title, body, {"available": False, "needs": needs}, False, needs)


def esc(v: object) -> str:
    return html.escape(str(v))


def verbatim(text: object, lang: Lang) -> str:
    """Data that is not ours to translate (ids, names, file paths) as HTML: marked ``translate="no"`` on
    the zh page."""
    return f'<span translate="no">{esc(text)}</span>' if lang == "zh" else esc(text)


def quoted_en(text: object, lang: Lang) -> str:
    """English quoted from a user's file or a record (not ours to translate) as HTML: marked ``lang="en"``
    on the zh page."""
    return f'<span lang="en">{esc(text)}</span>' if lang == "zh" else esc(text)


def fmt_value(v: object, lang: Lang = "en") -> str:
    """A record value for display: numbers without spurious decimals, flags as yes/no."""
    if isinstance(v, bool):
        return tr("na.yes" if v else "na.no", lang)
    if isinstance(v, float):
        return f"{v:,.6g}"
    return str(v)


def finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(float(x))


def num(v: Any, digits: int = 0, unit: str = "", lang: Lang = "en") -> str:
    """A number with thousands separators and ``digits`` decimals ('n/a' when missing or not finite)."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return tr("page.na", lang)
    return f"{v:,.{digits}f}{unit}"


date = iso_date  # a date as YYYY-MM-DD ('–' when missing)


def mode_badge(mode: str, lang: Lang = "en") -> str:
    """local / live / cached / packaged as a coloured tag (its word in ``lang``)."""
    return f'<span class="mode {esc(mode.split()[0])}">{esc(mode_name(mode, lang))}</span>'


def evidence_anchor(rid: str) -> str:
    return "ev-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in rid)


def evidence_link(rid: str) -> str:
    return f'<a class="ev" href="#{evidence_anchor(rid)}" translate="no">{esc(rid)}</a>'


def link_ids(text: str, known: set[str]) -> str:
    """``[record-id; other-id]`` in a source text → links to the evidence appendix (known ids only)."""

    def one(m: re.Match[str]) -> str:
        ids = [i.strip() for i in m.group(1).split(";")]
        if not all(i in known for i in ids):
            return m.group(0)
        return " ".join(evidence_link(i) for i in ids)

    return re.sub(r"\[([A-Za-z0-9_.;\- ]+)\]", one, text)


def table(head: list[str], rows: str, cls: str = "compact") -> str:
    """A table with the given header cells and the ``<tr>`` rows already rendered."""
    ths = "".join(f"<th>{h}</th>" for h in head)
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{ths}</tr></thead><tbody>{rows}</tbody></table>"


def figure_html(fig: Any, div_id: str, height: int = 420, source: str | None = None) -> str:
    """A plotly figure as an HTML fragment in the package style (with a source footer when given);
    plotly.js is embedded once by the page."""
    if source:
        add_source(fig, source)
    style(fig, height)
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})
