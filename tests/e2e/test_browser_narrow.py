"""Long words in content still fit a phone's screen: nothing makes the page scroll sideways."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

import build
from tests.pagetools import served
from tests.sitetools import make_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Drives a browser or a preview server in a subprocess: left out of `make test-fast`.
pytestmark = pytest.mark.e2e

PHONE = 375
CARD = "content/claims/homes-built.yaml"
# A tag is a slug: one long word with no hyphen gives the browser no place to break it.
LONG_TAG = "a" * 120


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_site(tmp_path_factory.mktemp("narrow"))
    card = root / CARD
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("tags: [housing,", f"tags: [{LONG_TAG},"), encoding="utf-8")
    assert build.main(["--root", str(root), "build"]) == 0
    with served(root / "_site") as url:
        yield url


def sideways_scroll(browser: Browser, url: str) -> int:
    """Return by how many pixels the page at url, showing the long tag, outgrows a phone."""
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        assert f"#{LONG_TAG}" in page.inner_text("main")
        overflow: int = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        return overflow
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    ["index.html", "claims/homes-built/index.html", f"tags/{LONG_TAG}/index.html"],
    ids=["index", "claim", "tag"],
)
def test_a_120_character_tag_wraps_on_a_phone_screen(
    browser: Browser, origin: str, path: str
) -> None:
    assert sideways_scroll(browser, f"{origin}/{path}") <= 0
