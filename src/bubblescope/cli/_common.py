"""Helpers shared by the command modules: error mapping, JSON output, common options."""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from bubblescope.errors import BubblescopeError
from bubblescope.results import to_jsonable

console = Console()
err_console = Console(stderr=True)

EXIT_USER_ERROR = 2

# Shared options for every command that reads market data (see the data layer).
DataDirOption = typer.Option(
    None, "--data-dir", help="Folder of local CSV data (e.g. ../shared/data or your own).",
    file_okay=False, dir_okay=True,
)
OfflineOption = typer.Option(False, "--offline", help="Never touch the network (cache and packaged data only).")
JsonOption = typer.Option(False, "--json", help="Print machine-readable JSON instead of a table.")


def _show_help(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        typer.echo(ctx.get_help(), color=ctx.color)
        raise typer.Exit()


# The --help of the root app and of command groups. Typer's own group --help is left at None when not
# given, and typer (0.29 here) builds a pydantic TypeAdapter to coerce that None: pydantic (~0.1 s)
# would load on every `bubblescope COMMAND ...`. A flag that defaults to False is not coerced.
HelpOption = typer.Option(False, "--help", callback=_show_help, is_eager=True, expose_value=False,
                          help="Show this message and exit.")


def _group_callback(_show: bool = HelpOption) -> None:
    pass


def command_group(**kwargs: Any) -> typer.Typer:
    """A group of sub-commands (``bubblescope data pull``) with the light ``--help``.

    Use instead of ``typer.Typer(...)`` for a group without a callback of its own; a group with one
    passes ``add_help_option=False`` and adds ``HelpOption`` to its callback's parameters.
    """
    return typer.Typer(add_help_option=False, callback=_group_callback, **kwargs)


def fail(message: str) -> None:
    """Raise the CLI's one-line user error (exit code 2)."""
    raise BubblescopeError(message)


# --- validators of option values (stdlib only: this module loads on every `--help`) ----------------


def parse_date(value: str | None, option: str) -> str | None:
    """An option's date as ``YYYY-MM-DD`` (``YYYY`` and ``YYYY-MM`` mean the first day), or None; anything
    else is a one-line error naming the option."""
    if value is None:
        return None
    text = value.strip()
    for fmt, fill in (("%Y-%m-%d", ""), ("%Y-%m", "-01"), ("%Y", "-01-01")):
        try:
            dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return dt.date.fromisoformat(text + fill).isoformat()
    raise BubblescopeError(f"{option} {value!r} is not a date (use YYYY-MM-DD)")


def check_date_range(start: str | None, end: str | None, start_opt: str = "--start", end_opt: str = "--end"
                     ) -> tuple[str | None, str | None]:
    """Both dates parsed (:func:`parse_date`), and ``start`` not after ``end``."""
    a, b = parse_date(start, start_opt), parse_date(end, end_opt)
    if a is not None and b is not None and a > b:
        raise BubblescopeError(f"{start_opt} {a} is after {end_opt} {b}")
    return a, b


def check_number(value: float | None, option: str, *, low: float | None = None, high: float | None = None,
                 low_open: bool = False, high_open: bool = False) -> float | None:
    """``value`` if finite and within the bounds (``*_open``: the bound itself is excluded), else a
    one-line error naming the option and the allowed range. None passes (an unset option)."""
    if value is None:
        return None
    ok = math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        lo = "" if low is None else f"{'>' if low_open else '>='} {low:g}"
        hi = "" if high is None else f"{'<' if high_open else '<='} {high:g}"
        raise BubblescopeError(f"{option} must be a finite number {' and '.join(x for x in (lo, hi) if x)}, "
                               f"got {value:g}")
    return value


def check_int(value: int | None, option: str, *, low: int | None = None, high: int | None = None) -> int | None:
    """``value`` within ``low``…``high`` (inclusive), else a one-line error; None passes."""
    if value is None:
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        span = (f"at least {low}" if high is None else f"at most {high}" if low is None
                else f"between {low} and {high}")
        raise BubblescopeError(f"{option} must be {span}, got {value}")
    return value


def print_json(obj: Any) -> None:
    """Print strict JSON (NaN → null) to stdout."""
    sys.stdout.write(json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def write_plot(fig: Any, path: Path) -> Path:
    """Write a plotly figure as a self-contained HTML file (plotly.js embedded, no CDN)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.write_html(str(path), include_plotlyjs=True, full_html=True)
    except OSError as exc:
        raise BubblescopeError(f"cannot write plot to {path}: {exc.strerror or exc}") from None
    return path


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def run_app(app: typer.Typer, argv: list[str] | None = None) -> int:
    """Run the Typer app; user errors → 'error: …' on stderr and exit code 2, never a traceback."""
    try:
        rv = app(args=argv, standalone_mode=False)
    except BubblescopeError as exc:
        return _user_error(str(exc))
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except (typer.Abort, KeyboardInterrupt):
        err_console.print("interrupted", markup=False)
        return 130
    except typer.TyperException as exc:  # usage errors: bad option, missing argument, unknown command
        if type(exc).__name__ == "NoArgsIsHelpError":
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                console.print(ctx.get_help(), markup=False, highlight=False)
            return 0
        return _user_error(exc.format_message())
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        return _user_error(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    return rv if isinstance(rv, int) else 0


def _user_error(message: str) -> int:
    err_console.print(f"error: {_one_line(message)}", markup=False, highlight=False, soft_wrap=True)
    return EXIT_USER_ERROR
