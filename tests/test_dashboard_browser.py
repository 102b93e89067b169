"""The dashboard in a real browser: `bubblescope dashboard` as a subprocess on 127.0.0.1, opened in
headless Chromium; every chart draws, no console errors, the key numbers show, a slider moves them.
Saves artifacts/dashboard.png (and dashboard-moved.png)."""

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

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server():  # one server for the module; always stopped at the end
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {CHROMIUM} is absent (install Debian's chromium package)")
    pytest.importorskip("playwright.sync_api")
    httpx = pytest.importorskip("httpx")
    port = _free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH", "")) if p)
    log = ARTIFACTS / "dashboard-server.log"
    ARTIFACTS.mkdir(exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bubblescope", "dashboard", "--port", str(port), "--no-browser"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"dashboard exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
                try:
                    if httpx.get(f"{url}/_stcore/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("dashboard did not start within 90 s")
                time.sleep(0.5)
            yield url
        finally:  # always stop the server (and the Streamlit child it started)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def _listeners(port: int) -> list[str]:
    """Local addresses listening on ``port`` (Linux /proc/net/tcp{,6}, hex as the kernel writes them)."""
    out = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(name)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            cols = line.split()
            addr, hexport = cols[1].rsplit(":", 1)
            if int(hexport, 16) == port and cols[3] == "0A":  # 0A = LISTEN
                out.append(addr)
    return out


def test_server_listens_on_loopback_only(server):
    port = int(server.rsplit(":", 1)[1])
    found = _listeners(port)
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp on this system")
    assert found == ["0100007F"], found  # 127.0.0.1 only, no 0.0.0.0 or IPv6 listener


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_dashboard_renders_in_chromium(server):
    from playwright.sync_api import sync_playwright

    from bubblescope.dashboard import compute_whatif, default_assumptions, load_dashboard_data

    data = load_dashboard_data()
    res = compute_whatif(data, default_assumptions(data))
    errors: list[str] = []
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 3300})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            # the app must not reach beyond 127.0.0.1 (fonts, telemetry, CDNs)
            page.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:"))
                    else outside.append(r.url))
            page.goto(server, wait_until="domcontentloaded")
            page.get_by_text("Sources of every default").wait_for(timeout=90_000)
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 7",
                                   timeout=60_000)
            page.wait_for_timeout(1000)
            assert page.locator(".js-plotly-plot").count() == 7
            assert _metric(page, "Revenue gap") == f"{res.metrics['revenue_gap']:,.0f}"
            assert _metric(page, "Depreciation gap") == f"{res.metrics['depreciation_gap']:,.0f}"
            assert _metric(page, "Financing gap") == f"{res.metrics['financing_gap']:,.0f}"
            assert _metric(page, "Stress losses") == f"{res.metrics['stress_total_loss']:,.0f}"
            assert _metric(page, "Consumption drop") == f"{res.metrics['consumption_drop']:,.0f}"
            assert _metric(page, "Four-factor score") == f"{res.score.total}/8"
            page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

            # move a slider with the keyboard: the revenue gap changes in the page
            before = _metric(page, "Revenue gap")
            slider = page.get_by_role("slider").first  # AI revenue (USD bn a year)
            slider.focus()
            for _ in range(4):
                page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "b => { const e = [...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
                ".find(x => x.innerText.includes('Revenue gap')); "
                "return e && !e.innerText.includes(b); }", arg=before, timeout=30_000)
            assert _metric(page, "Revenue gap") != before
            page.screenshot(path=str(ARTIFACTS / "dashboard-moved.png"), full_page=True)
        finally:
            browser.close()
    assert not errors, errors
    assert not outside, outside
