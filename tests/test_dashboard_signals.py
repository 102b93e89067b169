"""`bubblescope dashboard` stops its whole process group on SIGTERM and on SIGINT (issue 21, point 8):
no Streamlit child is left serving the port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

pytest.importorskip("streamlit")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))  # a zombie has exited


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_server_and_frees_port(sig: signal.Signals) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "bubblescope", "dashboard", "--port", str(port), "--no-browser"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while not _listening(port):
            assert proc.poll() is None, f"dashboard exited early: {proc.stderr.read().decode()[-2000:]}"
            assert time.monotonic() < deadline, "dashboard did not start listening within 90 s"
            time.sleep(0.3)
        kids = _children(proc.pid)
        assert kids, "the dashboard runs Streamlit as a child process"
        proc.send_signal(sig)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while (_listening(port) or any(_alive(k) for k in kids)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _listening(port), f"port {port} still has a listener after {sig.name}"
        assert not [k for k in kids if _alive(k)], "a Streamlit child outlived the dashboard command"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
