"""``bubblescope report --pdf``: print the written page to ``report.pdf`` with headless Chromium.

The page's print stylesheet (``report.css``, ``@media print``) starts every section on a new page and
hides the navigation and download links; the plotly charts are drawn before printing (Chromium runs
the page's scripts within a virtual-time budget) and print as static vector graphics. Chromium is
looked up as ``$BUBBLESCOPE_CHROMIUM``, then ``chromium``, ``chromium-browser``, ``google-chrome`` on
the PATH; without it ``--pdf`` fails with one line saying how to install it. No network: the page is
self-contained and Chromium's background networking is switched off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bubblescope.errors import BubblescopeError

PDF_NAME = "report.pdf"
TIMEOUT = 180.0
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    env = os.environ.get("BUBBLESCOPE_CHROMIUM")
    if env:
        return env if Path(env).is_file() else shutil.which(env)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_command(exe: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    """The headless print command (pure, testable without a browser)."""
    cmd = [exe, "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--disable-extensions", f"--user-data-dir={profile}",
           "--no-pdf-header-footer", "--virtual-time-budget=15000", "--run-all-compositor-stages-before-draw",
           f"--print-to-pdf={pdf}", page.resolve().as_uri()]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox (containers, CI)
    return cmd


def require_chromium() -> str:
    """The Chromium executable; BubblescopeError (one line, how to install it) when there is none."""
    exe = find_chromium()
    if exe is None:
        raise BubblescopeError("--pdf needs headless Chromium, which was not found (install it, e.g. "
                               "`apt-get install chromium`, or set BUBBLESCOPE_CHROMIUM to its path)")
    return exe


def print_pdf(page: Path, pdf: Path, timeout: float = TIMEOUT) -> Path:
    """Print ``page`` (an HTML file) to ``pdf``; BubblescopeError (one line) when it cannot."""
    exe = require_chromium()
    pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="bubblescope-chromium-") as profile:
        try:
            proc = subprocess.run(chromium_command(exe, page, pdf, Path(profile)), capture_output=True,
                                  text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise BubblescopeError(f"--pdf: Chromium did not finish printing {page} within {timeout:.0f} s") from None
        except OSError as exc:
            raise BubblescopeError(f"--pdf: cannot run {exe}: {exc.strerror or exc}") from None
    if not pdf.is_file() or pdf.stat().st_size == 0:
        last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise BubblescopeError(f"--pdf: Chromium wrote no PDF (exit {proc.returncode}): {last}")
    return pdf
