from __future__ import annotations

import subprocess
import sys

from bubblescope import __version__


def test_version(cli):
    r = cli("--version")
    assert r.code == 0
    assert __version__ in r.out


def test_unknown_command_is_one_line_exit_2(cli):
    r = cli("no-such-command")
    assert r.code == 2
    assert "Traceback" not in r.err
    assert r.err.strip().startswith("error:")
    assert len(r.err.strip().splitlines()) == 1


def test_console_script_runs():
    proc = subprocess.run([sys.executable, "-m", "bubblescope", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert __version__ in proc.stdout
