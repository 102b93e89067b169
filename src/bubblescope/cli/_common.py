"""Helpers shared by the command modules: error mapping, JSON output, common options."""

from __future__ import annotations

import json
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
