"""In a real browser, an open preview page reloads by itself after every save."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.servetools import CHANGE_TIMEOUT, running_preview
from tests.sitetools import edit, make_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Drives a browser and a preview server in a subprocess: left out of `make test-fast`.
pytestmark = pytest.mark.e2e

CARD = "content/claims/homes-built.yaml"
WAIT_MS = CHANGE_TIMEOUT * 1000
# True once livereload.js has shaken hands with the server and will hear its reload order.
CONNECTED = "() => !!window.LiveReload && window.LiveReload.connector.protocol >= 7"


def mark_and_wait_for_reload(page: Page) -> None:
    """Leave a mark in the page that only a reload removes, once live reload is listening."""
    page.wait_for_function(CONNECTED, timeout=WAIT_MS)
    page.evaluate("() => { window.notReloaded = true; }")


def test_an_open_page_reloads_by_itself_after_each_save(browser: Browser, tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with running_preview(root) as preview:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(preview.url + "claims/homes-built/")
            assert page.locator("h1").inner_text() == (
                "The ministry says 4,000 new homes were built in 2025."
            )

            mark_and_wait_for_reload(page)
            with page.expect_event("load", timeout=WAIT_MS):
                edit(root, CARD, "The ministry says", "The housing ministry says")
            page.wait_for_selector("h1:has-text('The housing ministry says')", timeout=WAIT_MS)
            assert page.evaluate("() => window.notReloaded") is None

            mark_and_wait_for_reload(page)
            with page.expect_event("load", timeout=WAIT_MS):
                edit(root, CARD, 'quote: "4,000 new homes', 'quote: "4,000 new flats')
            diagnostics = page.locator("#diagnostics").inner_text(timeout=WAIT_MS)
            assert diagnostics.startswith(f"{CARD}:15:12: error: quote not found in seed 'beta'")

            mark_and_wait_for_reload(page)
            with page.expect_event("load", timeout=WAIT_MS):
                edit(root, CARD, 'quote: "4,000 new flats', 'quote: "4,000 new homes')
            page.wait_for_selector("h1:has-text('The housing ministry says')", timeout=WAIT_MS)
            assert page.locator("#diagnostics").count() == 0
        finally:
            context.close()
