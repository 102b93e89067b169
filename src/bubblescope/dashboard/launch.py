"""Start the Streamlit dashboard bound to 127.0.0.1 (headless, no usage statistics).

:func:`streamlit_command` builds the command line (pure, testable without a server);
:func:`check_port` refuses a port out of range or already in use; :func:`serve` runs the server in
the foreground until it exits, the user presses Ctrl-C (SIGINT) or the process gets SIGTERM: the
server runs in its own process group and either signal stops that whole group, so no Streamlit child
is left serving the port.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import webbrowser
from pathlib import Path

from bubblescope.errors import InputError

HOST = "127.0.0.1"
APP = Path(__file__).with_name("app.py")
#: The folder of the user's YAML files (evidence, capex and stress scenarios): ``--evidence-dir``.
EVIDENCE_DIR_ENV = "BUBBLESCOPE_DASHBOARD_EVIDENCE_DIR"
#: The folder of market CSV files (as ``--data-dir`` everywhere else) for the market diagnostics tab.
MARKET_DIR_ENV = "BUBBLESCOPE_DASHBOARD_MARKET_DIR"
STOP_TIMEOUT = 10.0


def check_port(port: int) -> int:
    """The port if it is in 1-65535 and free on 127.0.0.1; InputError otherwise."""
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise InputError(f"--port must be between 1 and 65535 (got {port})")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((HOST, port))
        except OSError as exc:
            raise InputError(f"port {port} on {HOST} is not available ({exc.strerror or exc})") from None
    return port


def streamlit_command(port: int, python: str | None = None) -> list[str]:
    """The ``streamlit run`` command: 127.0.0.1 only, headless, no telemetry, no file watcher."""
    return [
        python or sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", HOST,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--browser.serverAddress", HOST,
        "--server.fileWatcherType", "none",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "minimal",
        "--theme.base", "light",
    ]


def server_env(evidence_dir: Path | None, data_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    for key, folder in ((EVIDENCE_DIR_ENV, evidence_dir), (MARKET_DIR_ENV, data_dir)):
        env.pop(key, None)
        if folder is not None:
            env[key] = str(Path(folder).resolve())
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


class _Stop(Exception):
    """Raised in the main thread by the SIGTERM handler."""


def _raise_stop(signum: int, _frame: object) -> None:
    raise _Stop(signum)


def stop_group(proc: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM to the server's whole process group, then SIGKILL if it has not exited after ``timeout``."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, timeout)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def serve(port: int, evidence_dir: Path | None, open_browser: bool, data_dir: Path | None = None) -> int:
    """Run the server in the foreground; returns its exit code (0 after Ctrl-C or SIGTERM)."""
    url = f"http://{HOST}:{port}"
    proc = subprocess.Popen(streamlit_command(port), env=server_env(evidence_dir, data_dir),
                            start_new_session=True)  # its own process group: stopped as one
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    if open_browser:
        threading.Timer(2.0, lambda: webbrowser.open(url)).start()
    try:
        return proc.wait()
    except (KeyboardInterrupt, _Stop):
        stop_group(proc)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            stop_group(proc)
