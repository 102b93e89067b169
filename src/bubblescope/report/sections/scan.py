"""Market scan: which series under the data folder look explosive today (ranked table + settings).

The scan itself runs in the compute phase (:func:`bubblescope.report.steps.market_scan`); this
module only formats its :class:`~bubblescope.report.steps.ReportScan`. Moved here from
``bubblescope.scan.report`` in 0.2.0.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd

from bubblescope.report.sections._html import NEEDS_ANALYSIS, Section, figure_html, not_available

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


def _table(frame: pd.DataFrame, columns: tuple[tuple[str, str], ...], cls: str) -> str:
    cols = [(c, h) for c, h in columns if c in frame.columns]
    head = "".join(f"<th>{_header(h)}</th>" for _, h in cols)
    body = "".join("<tr>" + "".join(f"<td>{_cell(row[c])}</td>" for c, _ in cols) + "</tr>"
                   for _, row in frame.iterrows())
    return f"<table class='{cls}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(v: Any) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "–"
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, (bool,)) or type(v).__name__ == "bool_":
        return "yes" if bool(v) else "no"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return html.escape(str(v))


def _share_html(share: Any) -> str:
    """The bubble share over time: chart, the latest reading as a gauge, and its definition."""
    if share is None:
        return ("<h3>Share of the market in a bubble</h3><p>Not available: the share needs a scan with "
                "price instruments that can be read.</p>")
    g = share.gauge()
    pct = f", {g.history.percentile:.0f}th percentile of its own history" if g.history is not None else ""
    light = f"; light: {g.light}" if g.light else ""
    reading = (f"{g.display()} in {share.latest.get('month', '')} (data to {g.as_of}){pct}{light}"
               if g.available else g.display())
    return (f"<h3>Share of the market in a bubble</h3><p>{html.escape(reading)}</p>"
            f"<div>{figure_html(share.plot(), 'fig-bubble-share', 360, 'bubblescope scan')}</div>"
            f"<p class='note'>Definition: {html.escape(share.definition)}</p>")


def section_from_result(result: ScanResult, *, top: int = 30, share: Any = None) -> Section:
    """The scan as a report section: ranked table (top ``top``) + settings + the bubble share over
    time; JSON data = the rows and the share series."""
    ranked = result.ranked()
    settings = html.escape(", ".join(f"{k}={v}" for k, v in result.settings.items() if k != "options"))
    text = "".join(f"<p>{html.escape(line)}</p>" for line in result.summary().splitlines())
    notes = ""
    if "psy_note" in ranked.columns:
        notes = "".join(f"<p class='note'>{html.escape(str(r['series']))}: {html.escape(str(r['psy_note']))}</p>"
                        for _, r in ranked[ranked["psy_note"].notna()].iterrows())
    unranked = result.unranked()
    listed = ("" if not len(unranked) else
              "<h3>Listed, not ranked</h3><p>Volatility indices, yields and spreads are not tested for bubbles; "
              "stale series (last date well before the scan's date) are listed here instead of ranked.</p>"
              + _table(unranked, _UNRANKED, "scan"))
    fragment = (
        f"{text}{_table(ranked.head(top), _COLUMNS, 'scan')}{notes}"
        f"<p class='note'>One row per instrument: copies from several source folders are spliced (the "
        f"freshest kept, older dates added; sources listed). Ranked by flags raised, then BSADF − critical "
        f"value, then LPPLS confidence. A screen, not a verdict. Settings: {settings}.</p>{listed}"
        f"{_share_html(share)}"
    )
    data = result.to_dict()
    data["bubble_share"] = None if share is None else share.to_dict()
    return Section(SECTION_ID, TITLE, fragment, data)


def render_scan(outcome: ReportScan | None) -> Section:
    """A :class:`ReportScan` as a section (None: the compute phase has not run)."""
    if outcome is None:
        return not_available(SECTION_ID, TITLE, NEEDS_ANALYSIS)
    if outcome.result is None:
        return not_available(SECTION_ID, TITLE, outcome.needs or "a market scan")
    return section_from_result(outcome.result, share=outcome.share)


def scan_section(data: ReportData) -> Section:
    return render_scan(None if data.analysis is None else data.analysis.scan)
