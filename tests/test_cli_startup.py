"""The CLI starts light: importing it, `bubblescope --help` and every `COMMAND --help` load none of the
heavy libraries (they are imported inside the command functions). No timings here: the figures are
in BENCHMARKS.md ("CLI start-up")."""

from __future__ import annotations

import importlib
import importlib.util
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
# (`_Watch.step`), the command module (bubblescope.cli.X), the bubblescope module whose import ran and
# the module that ran the import statement (e.g. typer's own coercion for a sub-command group's --help).
_PROBE = """
import itertools, json, sys

class _Watch:
    found = {{}}
    step = "import"

    def find_spec(self, name, path=None, target=None):
        if name in {heavy!r} and name not in self.found:
            mods = [f.f_globals.get("__name__", "") for f in _frames()]
            ours = [m for m in mods if m.startswith("bubblescope")]
            cli = [m for m in ours if m.startswith("bubblescope.cli.") and not m.startswith("bubblescope.cli._")]
            outside = itertools.dropwhile(lambda m: m == "__main__", mods)  # this hook's own frames
            by = next(m for m in outside if not m.startswith(("importlib", "_frozen_importlib")))
            self.found[name] = (f"{{self.step}}: " + (cli[-1] if cli else "?") + " -> " + (ours[0] if ours else "?")
                                + f" (import in {{by}})")
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
    """(heavy packages in sys.modules at the end, heavy package → where it was first imported)."""
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
    assert found["pandas"] == "then: ? -> ? (import in __main__)"


# A root app and two groups, built without running bubblescope/cli/__init__.py (which imports every
# command module): one group from `command_group`, one a plain typer.Typer.
_GROUPS = """
import pathlib, types, bubblescope
pkg = types.ModuleType("bubblescope.cli")
pkg.__path__ = [str(pathlib.Path(bubblescope.__file__).parent / "cli")]
sys.modules["bubblescope.cli"] = pkg
import typer
from bubblescope.cli._common import HelpOption, command_group, run_app

root = typer.Typer(add_help_option=False, add_completion=False, rich_markup_mode=None)
light, plain = command_group(help="Light."), typer.Typer(help="Plain.")
root.add_typer(light, name="light")
root.add_typer(plain, name="plain")

@root.callback()
def _root(_h: bool = HelpOption) -> None:
    pass

for group in (light, plain):
    group.command("run")(lambda n: None)

_Watch.step = "light"
for args in (["--help"], ["light", "--help"], ["light", "run", "--help"]):
    assert run_app(root, args) == 0, args
"""


def test_command_group_and_root_help_do_not_import_pydantic():
    modules, found = _probe(_GROUPS)
    assert modules == [], found
    if importlib.util.find_spec("typer._adapters") is not None:  # typer >= 0.2x: the plain group's --help
        modules, found = _probe(_GROUPS + "_Watch.step = 'plain'\nrun_app(root, ['plain', 'run', '--help'])\n")
        assert modules == ["pydantic"] and found["pydantic"].startswith("plain: "), found


def test_every_command_module_is_listed_and_registers_a_command():
    here = Path(bubblescope.cli.__file__).parent
    modules = sorted(p.stem for p in here.glob("*.py") if not p.stem.startswith("_"))
    assert sorted(COMMAND_MODULES) == modules
    for name in COMMAND_MODULES:
        app = typer.Typer()
        importlib.import_module(f"bubblescope.cli.{name}").register(app)
        assert app.registered_commands or app.registered_groups, name
