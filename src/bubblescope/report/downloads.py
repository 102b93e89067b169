"""Downloads on the report page: a CSV file for every table and a link to it above the table.

Page-level and generic (no section knows about it): :func:`add_csv_links` finds each ``<table>`` in a
section's HTML fragment, turns its cells into CSV (the text a reader sees: tags removed, entities
decoded, ``<br>`` and block breaks as ``; ``) and puts a small link before the table. The files are
written beside ``index.html`` under ``tables/`` as ``<section id>-<n>.csv`` (n from 1 in page order).
Pure string work: the caller writes the files.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

from bubblescope.report.sections._html import esc

TABLES_DIR = "tables"
_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_BLOCK = {"br", "div", "p", "li"}


class _Cells(HTMLParser):
    """Rows of cells (header and body alike) of one table, as plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag in _BLOCK and self._cell is not None and "".join(self._cell).strip():
            self._cell.append("; ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self._row.append(text.strip("; ").strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(table_html: str) -> list[list[str]]:
    """The rows of one ``<table>`` (the first row is its header when it has one)."""
    p = _Cells()
    p.feed(table_html)
    p.close()
    return p.rows


def to_csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def add_csv_links(section_id: str, fragment: str, label: str = "CSV") -> tuple[str, dict[str, str]]:
    """The fragment with a download link before each table, and ``{relative path: CSV text}``."""
    files: dict[str, str] = {}
    count = 0

    def one(m: re.Match[str]) -> str:
        nonlocal count
        rows = table_rows(m.group(0))
        if not rows:
            return m.group(0)
        count += 1
        name = f"{TABLES_DIR}/{section_id}-{count}.csv"
        files[name] = to_csv(rows)
        link = (f'<div class="downloads"><a class="csv" href="{esc(name)}" download>{esc(label)}</a></div>')
        return link + m.group(0)

    return _TABLE.sub(one, fragment), files
