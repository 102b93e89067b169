"""Command-line interface: a thin layer over the analysis API (Typer + rich).

Each feature registers its commands from its own module in this package, so the command
modules stay small and independent. Every error a user can cause exits with code 2 and a
one-line message, never a traceback.

Start-up stays fast (`bubblescope --help` loads no numpy, pandas, scipy, ...): this package, ``_common``,
``_register`` and the command modules import at module level only the stdlib, typer, rich,
``bubblescope.errors`` and ``bubblescope.cli._common``; everything else is imported inside the command
functions. ``tests/test_cli_startup.py`` checks it.
"""

from __future__ import annotations

import sys

import typer

from bubblescope import __version__
from bubblescope.cli._common import HelpOption, run_app

app = typer.Typer(
    name="bubblescope",
    help="Measure how bubble-like a technology investment boom is.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_help_option=False,  # the root's --help is _common.HelpOption (light: see there)
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bubblescope {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
    _show_help: bool = HelpOption,
) -> None:
    """bubblescope: is this a bubble, how far along, and who gets hurt if it bursts?"""


# Feature modules register their commands here; the order is the order of `--help`.
from bubblescope.cli import _register  # noqa: E402

_register.register_all(app)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the app and maps user errors to exit code 2."""
    sys.exit(run_app(app, argv))
