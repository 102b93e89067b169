"""Table output for the command modules: rich on a terminal, aligned plain text in a pipe, or CSV/TSV/JSON.

A command builds its tables as ``rich.table.Table`` objects as before and hands them to a
:class:`TableOutput` made from its ``--format`` and ``--columns`` options::

    out = TableOutput(fmt, columns)
    out.table(t)                 # the main table: --columns applies to it
    out.table(other)             # further tables: shown in the table format only
    out.note("rule: ...")        # a line of text: stdout in the table format, stderr otherwise

``--format table`` (the default) draws rich tables when stdout is a terminal and plain aligned text
(one line per row, no wrapping, markup removed, multi-line cells joined with ``; ``) when it is not,
so ``bubblescope evidence ai-2023 | less`` stays readable. ``csv``, ``tsv`` and ``json`` print the
main table alone (header + rows; JSON: a list of objects keyed by the column headers), so the
output parses as is (``pandas.read_csv``); notes go to stderr. Light imports only (stdlib, typer, rich).
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import io
import json
import sys
from collections.abc import Iterator
from typing import Any

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bubblescope.errors import InputError

FORMATS = ("table", "csv", "tsv", "json")

FormatOption = typer.Option(
    "table", "--format", metavar="table|csv|tsv|json",
    help="Output layout: table (rich on a terminal, aligned plain text in a pipe), csv, tsv or json "
         "(the main table's rows; --json gives the full result).",
)
ColumnsOption = typer.Option(
    None, "--columns", metavar="COL,COL",
    help="Show only these columns of the main table, in this order (header names, case-insensitive).",
)


def cell_text(cell: Any) -> str:
    """The text a rich cell shows, markup removed (``[red]x[/]`` -> ``x``; escaped brackets kept)."""
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, str):
        try:
            return Text.from_markup(cell).plain
        except Exception:  # not valid markup (rich raises MarkupError): show it as written
            return cell
    return str(cell)


def flat(text: str) -> str:
    """One line: the lines of a multi-line cell joined with ``; ``."""
    return "; ".join(part.strip() for part in text.splitlines() if part.strip())


def table_rows(t: Table) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a rich table as plain one-line strings."""
    headers = [flat(cell_text(c.header)) for c in t.columns]
    cols = [[flat(cell_text(x)) for x in c.cells] for c in t.columns]
    return headers, [list(r) for r in zip(*cols, strict=True)] if cols else []


def _title(t: Table) -> str:
    return flat(cell_text(t.title)) if t.title is not None else ""


def plain_text(t: Table) -> str:
    """Aligned plain text: title, header, a rule, one line per row; right-justified columns stay right."""
    headers, rows = table_rows(t)
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    right = [c.justify == "right" for c in t.columns]

    def line(cells: list[str]) -> str:
        parts = []
        for i, c in enumerate(cells):
            pad = " " * (widths[i] - cell_len(c))
            parts.append(pad + c if right[i] else c + pad)
        return "  ".join(parts).rstrip()

    out = [_title(t)] if _title(t) else []
    out += [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out) + "\n"


def delimited(t: Table, delimiter: str) -> str:
    headers, rows = table_rows(t)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue()


def records(t: Table) -> list[dict[str, str]]:
    headers, rows = table_rows(t)
    return [dict(zip(headers, r, strict=True)) for r in rows]


def select_columns(t: Table, columns: str | None) -> Table:
    """A copy of ``t`` with only the named columns, in that order; unknown names are a one-line error."""
    if not columns:
        return t
    names = [c.strip() for c in columns.split(",") if c.strip()]
    by_name = {flat(cell_text(c.header)).casefold(): c for c in t.columns}
    unknown = [n for n in names if n.casefold() not in by_name]
    if unknown or not names:
        known = ", ".join(flat(cell_text(c.header)) for c in t.columns)
        raise InputError(f"--columns: no column {unknown[0] if unknown else columns!r}; the columns are: {known}")
    new = Table(title=t.title, show_lines=t.show_lines)
    picked = [by_name[n.casefold()] for n in names]
    for c in picked:
        new.add_column(c.header, justify=c.justify, overflow=c.overflow, no_wrap=c.no_wrap)
    for row in zip(*[list(c.cells) for c in picked], strict=True):
        new.add_row(*row)
    return new


class TableOutput:
    """Prints a command's tables in the chosen format (see the module docstring)."""

    def __init__(self, fmt: str = "table", columns: str | None = None, console: Console | None = None) -> None:
        fmt = (fmt or "table").strip().lower()
        if fmt not in FORMATS:
            raise InputError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
        self.fmt = fmt
        self.columns = columns
        self.console = console or Console()
        self._tables = 0

    @property
    def rich(self) -> bool:
        return self.fmt == "table" and self.console.is_terminal

    def table(self, t: Table) -> None:
        first = self._tables == 0
        self._tables += 1
        if first:
            t = select_columns(t, self.columns)
        elif self.fmt != "table":
            return  # csv/tsv/json: the main table alone, so the output parses
        if self.rich:
            self.console.print(t)
        elif self.fmt == "table":
            sys.stdout.write(("" if first else "\n") + plain_text(t))
        elif self.fmt == "json":
            sys.stdout.write(json.dumps(records(t), indent=2, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(delimited(t, "," if self.fmt == "csv" else "\t"))

    def note(self, text: str) -> None:
        """A line of text after the tables: stdout in the table format, stderr otherwise."""
        if self.fmt == "table":
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            sys.stderr.write(text + "\n")


_CURRENT: contextvars.ContextVar[TableOutput | None] = contextvars.ContextVar("bubblescope_table_output",
                                                                             default=None)


@contextlib.contextmanager
def use_output(fmt: str = "table", columns: str | None = None) -> Iterator[TableOutput]:
    """Within the block, :func:`emit` and :func:`note` print through one ``TableOutput(fmt, columns)``
    (so helper functions need not pass it around)."""
    out = TableOutput(fmt, columns)
    token = _CURRENT.set(out)
    try:
        yield out
    finally:
        _CURRENT.reset(token)


def emit(t: Table) -> None:
    """Print a table through the current :func:`use_output` block, else in the default format (rich on a
    terminal, aligned plain text otherwise)."""
    (_CURRENT.get() or TableOutput()).table(t)


def note(text: str) -> None:
    """A line of text: stdout in the table format, stderr in csv/tsv/json (see :meth:`TableOutput.note`)."""
    (_CURRENT.get() or TableOutput()).note(text)
