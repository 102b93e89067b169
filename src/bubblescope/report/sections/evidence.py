"""Evidence appendix: every record of the episode with its value, date, source and note.

On the Chinese page the headers, units and "coded by" line are ours and translated; the records' claims,
notes, source titles, publishers and URLs are quotations of the record and stay as written, marked
``lang="en"`` (see :func:`quote`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bubblescope.i18n import Lang, tr
from bubblescope.i18n.evidence_text import UNIT_KEYS
from bubblescope.report.sections._html import Section, esc, evidence_anchor, fmt_value, table
from bubblescope.results import to_jsonable

if TYPE_CHECKING:
    from bubblescope.evidence.schema import EvidenceRecord, Source
    from bubblescope.report.compute import ReportData

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def quote(text: str, tag: str = "span", cls: str = "") -> str:
    """A verbatim quotation from a record (claim, note, title, publisher) as an element marked
    ``lang="en"`` when its letters are mostly Latin (a record written in Chinese is left unmarked)."""
    attr = f' class="{cls}"' if cls else ""
    if len(_LATIN.findall(text)) > len(_CJK.findall(text)):
        attr += ' lang="en"'
    return f"<{tag}{attr}>{esc(text)}</{tag}>"


def _num(v: float) -> str:
    return f"{v:,.6g}"


def _unit(key: str, value_html: str) -> str:
    """The catalogue text of a unit with the value's HTML in its ``{value}`` field."""
    return esc(tr(key, "zh", value="{value}")).replace("{value}", value_html)


def value_zh(r: EvidenceRecord) -> str:
    """The record's value with its unit in Chinese (sums in 亿/万亿美元; an unknown unit as written)."""
    v = r.value
    if isinstance(v, bool):
        return esc(tr("na.yes" if v else "na.no", "zh"))
    if isinstance(v, str):
        shown = quote(v)
    else:
        x = float(v)
        if r.unit == "USD bn":
            return _unit("evd.usd_tn", esc(_num(x / 1000))) if abs(x) >= 1000 else _unit("evd.usd_100m", esc(_num(x * 10)))
        scale = {"bn users": 10.0, "million": 100.0, "USD bn/GW": 10.0}.get(r.unit, 1.0)  # the Chinese unit is 亿 or 万
        shown = esc(f"{x:.0f}" if r.unit == "year" and x.is_integer() else _num(x * scale))
    if r.unit in UNIT_KEYS:
        return _unit(UNIT_KEYS[r.unit], shown)
    return f'{shown} <span lang="en">{esc(r.unit)}</span>'


def cite_zh(s: Source) -> str:
    """The source's citation: organisation and title (and the outlet) quoted as written, joined in Chinese."""
    out = quote(f"{s.organisation}, {s.title}")
    if s.outlet:
        out = tr("evd.via", "zh", cite=out, outlet=quote(s.outlet))
    if s.published:
        out = tr("evd.published", "zh", cite=out, published=esc(s.published))
    return out


def _source(r: EvidenceRecord, lang: Lang) -> str:
    if lang != "zh":
        return esc(r.provenance)
    cite = cite_zh(r.source)
    return tr("evd.coded_by", "zh", source=cite) if r.coded_by == "bubblescope" else cite


def _row(r: EvidenceRecord, mine: bool, lang: Lang = "en") -> str:
    src = _source(r, lang)
    if r.source.url:
        link = esc(r.source.url)
        src += f' <a href="{link}" translate="no">{link}</a>' if lang == "zh" else f' <a href="{link}">{link}</a>'
    badge = f' <span class="badge">{esc(tr("evd.badge.mine", lang))}</span>' if mine else ""
    value = value_zh(r) if lang == "zh" else f"{esc(fmt_value(r.value))} {esc(r.unit)}"
    note = (quote(r.note, "div", "small") if r.note else '<div class="small"></div>') if lang == "zh" else \
        f'<div class="small">{esc(r.note)}</div>'
    return (f'<tr id="{evidence_anchor(r.id)}"><td><code>{esc(r.id)}</code>{badge}</td>'
            f"<td>{value}</td><td>{esc(r.as_of)}</td><td>{src}{note}</td></tr>")


def evidence_section(data: ReportData) -> Section:
    lang = data.lang
    rows = "".join(_row(r, r.id in data.user_records, lang) for r in data.records)
    head = [esc(tr(k, lang)) for k in ("evd.head.id", "evd.head.value", "evd.head.as_of", "evd.head.source")]
    body = table(head, rows, "")
    return Section("evidence", "Evidence appendix", body, {"records": [to_jsonable(r) for r in data.records]})
