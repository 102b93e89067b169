"""Market scan: which series under the data folder look explosive today (ranked table + settings).

The scan itself runs in the compute phase (:func:`bubblescope.report.steps.market_scan`); this
module only formats its :class:`~bubblescope.report.steps.ReportScan`. Moved here from
``bubblescope.scan.report`` in 0.2.0.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd

from bubblescope.i18n import Lang, tr
from bubblescope.report.sections._analysis_zh import figure_texts, known, mark_code, needs_analysis
from bubblescope.report.sections._html import Section, figure_html, not_available

if TYPE_CHECKING:
    from bubblescope.report.compute import ReportData
    from bubblescope.report.steps import ReportScan
    from bubblescope.scan import ScanResult

SECTION_ID = "scan"
TITLE = "Market scan: which series look explosive today"

_COLUMNS = (
    ("series", "series"), ("last_date", "last date"), ("flags", "flags"), ("psy_bsadf", "BSADF"),
    ("psy_cv", "CV 95%"), ("psy_in_episode", "explosive"), ("psy_episode_start", "since"),
    ("lppls_pos_conf", "LPPLS conf+"), ("lppls_tc", "median tc"), ("gauges_runup_2y", "2y return %"),
    ("gauges_runup", "run-up"), ("gauges_sigma", "σ from trend"), ("gauges_2sigma", "2σ"),
    ("sources", "sources"), ("error", "note"),
)
_UNRANKED = (("series", "series"), ("instrument_class", "class"), ("last_date", "last date"),
             ("not_ranked", "why not ranked"), ("sources", "sources"))


def _header(text: str) -> str:
    """A table header; a Greek letter keeps its case (the report's CSS upper-cases headers, and an
    upper-case sigma reads as a sum)."""
    out = html.escape(text)
    return out.replace("σ", "<span style='text-transform:none'>σ</span>")


#: The columns whose texts the scan package writes in English, and the catalogue prefix of each.
_TEXTS = {"error": "scan.err.", "not_ranked": "scan.why.", "instrument_class": "scan.class."}


def _table(frame: pd.DataFrame, columns: tuple[tuple[str, str], ...], cls: str, lang: Lang = "en") -> str:
    cols = [(c, h) for c, h in columns if c in frame.columns]
    head = "".join(f"<th>{_header(h if lang == 'en' else tr(f'scan.col.{c}', lang))}</th>" for c, h in cols)
    body = "".join("<tr>" + "".join(f"<td>{_cell(row[c], lang, c)}</td>" for c, _ in cols) + "</tr>"
                   for _, row in frame.iterrows())
    return f"<table class='{cls}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(v: Any, lang: Lang = "en", column: str = "") -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "–"
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, (bool,)) or type(v).__name__ == "bool_":
        return tr("na.yes" if bool(v) else "na.no", lang)
    if isinstance(v, float):
        return f"{v:,.2f}"
    if lang != "en" and column == "sources":  # file and folder names, as they are
        return f'<span lang="en">{html.escape(str(v))}</span>'
    if column in _TEXTS:
        return html.escape(known(str(v), lang, _TEXTS[column]))
    return html.escape(str(v))


def _share_html(share: Any, lang: Lang = "en") -> str:
    """The bubble share over time: chart, the latest reading as a gauge, and its definition."""
    title = tr("scan.share_title", lang)
    if share is None:
        return f"<h3>{title}</h3><p>{tr('scan.share_na', lang)}</p>"
    g = share.gauge()
    pct = tr("scan.share_pct", lang, pct=f"{g.history.percentile:.0f}") if g.history is not None else ""
    light = tr("scan.share_light", lang, light=known(g.light, lang, "gau.light.")) if g.light else ""
    reading = (tr("scan.share_reading", lang, value=g.display(), month=share.latest.get("month", ""), as_of=g.as_of)
               + pct + light if g.available else known(g.display(), lang, "gau.disp."))
    fig = figure_texts(share.plot(), lang)
    definition = tr("scan.definition", lang, definition=known(share.definition, lang, "scan.def."))
    return (f"<h3>{title}</h3><p>{html.escape(reading)}</p>"
            f"<div>{figure_html(fig, 'fig-bubble-share', 360, tr('scan.fig_source', lang))}</div>"
            f"<p class='note'>{html.escape(definition)}</p>")


def section_from_result(result: ScanResult, *, top: int = 30, share: Any = None, lang: Lang = "en") -> Section:
    """The scan as a report section: ranked table (top ``top``) + settings + the bubble share over
    time; JSON data = the rows and the share series."""
    ranked = result.ranked()
    settings = html.escape(", ".join(f"{k}={v}" for k, v in result.settings.items() if k != "options"))
    text = "".join(f"<p>{html.escape(known(line, lang, 'scan.sum.'))}</p>" for line in result.summary().splitlines())
    notes = ""
    if "psy_note" in ranked.columns:
        notes = "".join("<p class='note'>" + html.escape(tr("scan.note_row", lang, series=str(r["series"]),
                                                            note=known(str(r["psy_note"]), lang, "scan.psy.")))
                        + "</p>" for _, r in ranked[ranked["psy_note"].notna()].iterrows())
    unranked = result.unranked()
    listed = ("" if not len(unranked) else
              f"<h3>{tr('scan.listed_title', lang)}</h3><p>{tr('scan.listed_text', lang)}</p>"
              + _table(unranked, _UNRANKED, "scan", lang))
    shown = settings if lang == "en" else f"<code>{settings}</code>"
    fragment = (
        f"{text}{_table(ranked.head(top), _COLUMNS, 'scan', lang)}{notes}"
        f"<p class='note'>{tr('scan.fragment_note', lang, settings=shown)}</p>{listed}"
        f"{_share_html(share, lang)}"
    )
    data = result.to_dict()
    data["bubble_share"] = None if share is None else share.to_dict()
    return Section(SECTION_ID, TITLE, fragment, data)


def render_scan(outcome: ReportScan | None, lang: Lang = "en") -> Section:
    """A :class:`ReportScan` as a section (None: the compute phase has not run)."""
    if outcome is None:
        return needs_analysis(SECTION_ID, TITLE, lang)
    if outcome.result is None:
        needs = outcome.needs or "a market scan"
        return mark_code(not_available(SECTION_ID, TITLE, needs, lang, known(needs, lang, "scan.needs")), lang,
                         "--data-dir")
    return section_from_result(outcome.result, share=outcome.share, lang=lang)


def scan_section(data: ReportData) -> Section:
    return render_scan(None if data.analysis is None else data.analysis.scan, data.lang)
