"""The verdict on the page (issue 15): the paragraph, the falsifier table and the overlay chart."""

from __future__ import annotations

import pytest

import _report_builds as rb
from _browser import ARGS, ARTIFACTS, chromium_path

pytestmark = pytest.mark.browser


def test_verdict_paragraph_falsifiers_and_overlay_on_the_page(shared_data):
    from playwright.sync_api import sync_playwright

    out = rb.shared("ai-2023")
    exe = chromium_path()
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((out / "index.html").resolve().as_uri(), wait_until="load")
            para = page.locator("#verdict-paragraph")
            assert para.count() == 1
            text = para.inner_text()
            assert text.startswith("As of ") and "stage" in text
            assert page.locator("section#verdict table.falsifiers tbody tr").count() >= 5
            page.wait_for_function("!!document.querySelector('#verdict-overlay svg.main-svg')", timeout=20_000)
            traces = page.evaluate("document.querySelectorAll('#verdict-overlay .scatterlayer .trace').length")
            assert traces >= 4  # at least the Nasdaq and one of today's leaders, on both panels
            ARTIFACTS.mkdir(exist_ok=True)
            page.locator("section#verdict").screenshot(path=str(ARTIFACTS / "verdict-section.png"))
        finally:
            browser.close()
    assert not errors, errors
