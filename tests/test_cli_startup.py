"""The CLI starts light: importing it, `bubblescope --help` and every `COMMAND --help` load none of the
heavy libraries (they are imported inside the command functions). No timings here: the figures are
in BENCHMARKS.md ("CLI start-up")."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import typer
import typer.main

import bubblescope.cli
from bubblescope.cli._register import COMMAND_MODULES

HEAVY = ("numpy", "pandas", "scipy", "plotly", "numba", "duckdb", "dask", "streamlit", "pydantic", "httpx")

# Runs `code` in a fresh interpreter, then prints (as JSON) the heavy packages in sys.modules and, for
# each one imported, where it was first imported from: the step of `code` that was running
# (`_Watch.step`), the command module (bubblescope.cli.X) and the bubblescope module whose import ran.
_PROBE = """
import json, sys

class _Watch:
    found = {{}}
    step = "import"

    def find_spec(self, name, path=None, target=None):
        if name in {heavy!r} and name not in self.found:
            mods = [f.f_globals.get("__name__", "") for f in _frames()]
            ours = [m for m in mods if m.startswith("bubblescope")]
            cli = [m for m in ours if m.startswith("bubblescope.cli.") and not m.startswith("bubblescope.cli._")]
            self.found[name] = f"{{self.step}}: " + (cli[-1] if cli else "?") + " -> " + (ours[0] if ours else "?")
        return None

def _frames():
    f = sys._getframe(1)
    while f is not None:
        yield f
        f = f.f_back

sys.meta_path.insert(0, _Watch())
{code}
print(json.dumps({{"modules": sorted(m for m in {heavy!r} if m in sys.modules), "found": _Watch.found}}))
"""


def _probe(code: str) -> tuple[list[str], dict[str, str]]:
    """(heavy packages in sys.modules at the end, heavy package → 'step: cli module -> importing module')."""
    proc = subprocess.run([sys.executable, "-c", _PROBE.format(code=code, heavy=HEAVY)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return out["modules"], out["found"]


def _help_code(commands: list[list[str]]) -> str:
    """Run `bubblescope *cmd --help` for each cmd in one interpreter; each must exit with code 0."""
    return ("from bubblescope.cli import main\n"
            f"for cmd in {commands!r}:\n"
            "    _Watch.step = ' '.join(['bubblescope', *cmd, '--help'])\n"
            "    try:\n"
            "        main([*cmd, '--help'])\n"
            "    except SystemExit as exc:\n"
            "        assert exc.code == 0, (cmd, exc.code)\n")


def _command_paths(group: object, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    """Every command and sub-command of the app, as argument lists (['data', 'pull'], ...)."""
    paths: list[list[str]] = []
    for name, cmd in sorted(getattr(group, "commands", {}).items()):
        paths.append([*prefix, name])
        paths += _command_paths(cmd, (*prefix, name))
    return paths


def test_importing_the_cli_loads_no_heavy_library():
    modules, found = _probe("import bubblescope.cli")
    assert modules == [], f"`import bubblescope.cli` loads {modules}: {found}"


def test_root_and_every_command_help_load_no_heavy_library():
    paths = _command_paths(typer.main.get_command(bubblescope.cli.app))
    assert ["backtest"] in paths
    modules, found = _probe(_help_code([[], *paths]))
    assert modules == [], f"`--help` loads {modules}: {found}"


def test_the_probe_sees_a_heavy_import():
    modules, found = _probe("import bubblescope.errors, bubblescope.results\n_Watch.step = 'then'\nimport pandas\n")
    assert "pandas" in modules and "numpy" in modules
    assert found["pandas"] == "then: ? -> ?"


def test_every_command_module_is_listed_and_registers_a_command():
    here = Path(bubblescope.cli.__file__).parent
    modules = sorted(p.stem for p in here.glob("*.py") if not p.stem.startswith("_"))
    assert sorted(COMMAND_MODULES) == modules
    for name in COMMAND_MODULES:
        app = typer.Typer()
        importlib.import_module(f"bubblescope.cli.{name}").register(app)
        assert app.registered_commands or app.registered_groups, name
