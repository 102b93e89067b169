"""The report in headless Chromium: every section present, every chart drawn, no console errors.

Screenshots go to artifacts/ (gitignored): ``report-<build>-full.png`` and one per section.
"""

from __future__ import annotations

import json

import pytest

import _report_builds as rb
from _browser import ARGS, ARTIFACTS, chromium_path

pytestmark = pytest.mark.browser


def _check_in_browser(out, name: str) -> None:
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
            page.goto((out / "index.html").resolve().as_uri(), wait_until="load")
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length === "
                                   "document.querySelectorAll('.plotly-graph-div').length", timeout=20_000)
            # every section of report.json is on the page, with its TOC link
            for s in data["sections"]:
                assert page.locator(f"section#{s['id']}").count() == 1, s["id"]
                assert page.locator(f"nav.toc a[href='#{s['id']}']").count() == 1, s["id"]
            toc = page.locator("nav.toc")
            assert toc.evaluate("e => getComputedStyle(e).position") == "sticky"
            page.evaluate("document.getElementById('stress').scrollIntoView()")
            page.wait_for_function("document.querySelector(\"nav.toc a[href='#stress']\").classList.contains('active')",
                                   timeout=5_000)  # the TOC follows the reader
            assert toc.bounding_box()["y"] >= 0  # still on screen after scrolling
            page.evaluate("window.scrollTo(0, 0)")
            # every chart drawn: each plotly div has its SVG with at least one trace
            charts = page.evaluate("""Array.from(document.querySelectorAll('.plotly-graph-div')).map(d => ({
                id: d.id, svg: !!d.querySelector('svg.main-svg'),
                traces: d.querySelectorAll('.trace, .scatterlayer .trace, .barlayer .trace, .polarlayer path').length,
                w: d.getBoundingClientRect().width}))""")
            assert charts, "no charts on the page"
            for c in charts:
                assert c["svg"] and c["traces"] > 0 and c["w"] > 200, c
            page.screenshot(path=str(ARTIFACTS / f"report-{name}-full.png"), full_page=True)
            for s in data["sections"]:
                page.locator(f"section#{s['id']}").screenshot(path=str(ARTIFACTS / f"report-{name}-{s['id']}.png"))
        finally:
            browser.close()
    assert not errors, errors
    assert not requests, f"the page tried the network: {requests[:5]}"


def test_offline_report_renders_in_chromium():
    _check_in_browser(rb.offline(), "offline")


def test_shared_data_report_renders_in_chromium():
    _check_in_browser(rb.shared("ai-2023"), "ai-2023")
