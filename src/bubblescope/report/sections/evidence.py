"""Evidence appendix: every record of the episode with its value, date, source and note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bubblescope.report.sections._html import Section, esc, evidence_anchor, fmt_value, table
from bubblescope.results import to_jsonable

if TYPE_CHECKING:
    from bubblescope.evidence.schema import EvidenceRecord
    from bubblescope.report.compute import ReportData


def _row(r: EvidenceRecord, mine: bool) -> str:
    src = esc(r.provenance)
    if r.source.url:
        src += f' <a href="{esc(r.source.url)}">{esc(r.source.url)}</a>'
    badge = ' <span class="badge">your file</span>' if mine else ""
    return (f'<tr id="{evidence_anchor(r.id)}"><td><code>{esc(r.id)}</code>{badge}</td>'
            f"<td>{esc(fmt_value(r.value))} {esc(r.unit)}</td><td>{esc(r.as_of)}</td><td>{src}"
            f'<div class="small">{esc(r.note)}</div></td></tr>')


def evidence_section(data: ReportData) -> Section:
    rows = "".join(_row(r, r.id in data.user_records) for r in data.records)
    body = table(["Id", "Value", "As of", "Source and note"], rows, "")
    return Section("evidence", "Evidence appendix", body, {"records": [to_jsonable(r) for r in data.records]})
