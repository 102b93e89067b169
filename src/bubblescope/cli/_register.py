"""The list of command modules. Each module exposes ``register(app)``.

A command module defines its command functions at module level (heavy imports inside them) and
``register`` only adds them, e.g. ``app.command("backtest")(backtest_command)``; see ``cli/backtest.py``.
"""

from __future__ import annotations

import importlib

import typer

# One line per feature module (kept in one place so features do not edit each other's files).
COMMAND_MODULES: tuple[str, ...] = (
    "foundation",
    "report",
    "economics",
    "stress",
    "gauges",
    "psy",
    "lppls",
    "backtest",
    "data",
    "dashboard",
    "scan",
    "verdict",
    "monitor",
)


def register_all(app: typer.Typer) -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"bubblescope.cli.{name}").register(app)
