"""Start the Streamlit dashboard bound to 127.0.0.1 (headless, no usage statistics).

:func:`streamlit_command` builds the command line (pure, testable without a server);
:func:`check_port` refuses a port out of range or already in use; :func:`serve` runs the server in
the foreground until it exits or the user presses Ctrl-C.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import webbrowser
from pathlib import Path

from bubblescope.errors import InputError

HOST = "127.0.0.1"
APP = Path(__file__).with_name("app.py")
DATA_DIR_ENV = "BUBBLESCOPE_DASHBOARD_DATA_DIR"


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


def server_env(data_dir: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop(DATA_DIR_ENV, None)
    if data_dir is not None:
        env[DATA_DIR_ENV] = str(Path(data_dir).resolve())
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


def serve(port: int, data_dir: Path | None, open_browser: bool) -> int:
    """Run the server in the foreground; returns its exit code (0 after Ctrl-C)."""
    url = f"http://{HOST}:{port}"
    proc = subprocess.Popen(streamlit_command(port), env=server_env(data_dir))
    if open_browser:
        threading.Timer(2.0, lambda: webbrowser.open(url)).start()
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 0
