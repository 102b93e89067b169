"""A report section for a market scan: ``scan_section(ctx)`` or ``section_from_result(result)``.

Not listed in the report's DEFAULT_SECTIONS by this module (the report owns that list); add
``scan_section`` there, or pass ``sections=`` to ``bubblescope.report.build_report``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from bubblescope.errors import BubblescopeError
from bubblescope.scan._engine import scan
from bubblescope.scan._result import ScanResult

if TYPE_CHECKING:  # the report package imports evidence/framework modules; keep this import light
    from bubblescope.report.sections import ReportContext, Section

SECTION_ID = "scan"
TITLE = "Market scan: which series look explosive today"
#: Tests of the report's scan: PSY and the gauges take well under a second per series; LPPLS
#: (seconds per series with the FCO settings) is left to ``bubblescope scan``.
REPORT_TESTS: tuple[str, ...] = ("psy", "gauges")

_COLUMNS = (
    ("series", "series"), ("last_date", "last date"), ("flags", "flags"), ("psy_bsadf", "BSADF"),
    ("psy_cv", "CV 95%"), ("psy_in_episode", "explosive"), ("psy_episode_start", "since"),
    ("lppls_pos_conf", "LPPLS conf+"), ("lppls_tc", "median tc"), ("gauges_runup_2y", "2y return %"),
    ("gauges_runup", "run-up"), ("gauges_sigma", "σ from trend"), ("gauges_2sigma", "2σ"), ("error", "note"),
)


def _cell(v: Any) -> str:
    import html

    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "–"
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, (bool,)) or type(v).__name__ == "bool_":
        return "yes" if bool(v) else "no"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return html.escape(str(v))


def section_from_result(result: ScanResult, *, top: int = 30) -> Section:
    """The scan as a report section: ranked table (top ``top``) + settings, JSON data = the rows."""
    import html

    from bubblescope.report.sections import Section

    ranked = result.ranked()
    cols = [(c, h) for c, h in _COLUMNS if c in ranked.columns]
    head = "".join(f"<th>{html.escape(h)}</th>" for _, h in cols)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row[c])}</td>" for c, _ in cols) + "</tr>"
        for _, row in ranked.head(top).iterrows()
    )
    settings = html.escape(", ".join(f"{k}={v}" for k, v in result.settings.items() if k != "options"))
    text = "".join(f"<p>{html.escape(line)}</p>" for line in result.summary().splitlines())
    fragment = (
        f"{text}<table class='scan'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"<p class='note'>Ranked by flags raised, then BSADF − critical value, then LPPLS confidence. "
        f"A screen, not a verdict. Settings: {settings}.</p>"
    )
    return Section(SECTION_ID, TITLE, fragment, result.to_dict())


def scan_section(ctx: ReportContext, *, tests: Sequence[str] = REPORT_TESTS, as_of: str | None = None,
                 client: Any = "serial") -> Section:
    """Scan every price CSV under ``ctx.data_dir/prices`` (or ``ctx.data_dir``); not available without one."""
    from bubblescope.report.sections import not_available

    if ctx.data_dir is None:
        return not_available(SECTION_ID, TITLE, "a data folder with price CSVs (--data-dir)")
    root = Path(ctx.data_dir)
    root = root / "prices" if (root / "prices").is_dir() else root
    files = sorted(p for p in root.rglob("*.csv") if p.is_file())
    if not files:
        return not_available(SECTION_ID, TITLE, f"price CSV files under {root}")
    inputs = {p.relative_to(root).with_suffix("").as_posix(): str(p) for p in files}
    try:
        result = scan(inputs, tests=tests, as_of=as_of, client=client, offline=ctx.offline)
    except BubblescopeError as exc:
        return not_available(SECTION_ID, TITLE, f"a scan that can run ({exc})")
    return section_from_result(result)
