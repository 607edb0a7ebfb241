"""The real site in Chromium at phone and desktop widths: clean, self-contained, accessible.

Each page is loaded over HTTP from 127.0.0.1. Screenshots of every page and width go to
tests/screenshots/ (not committed) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

import build
from tests.pagetools import served
from tests.sitetools import REPO, verified_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Drives a browser or a preview server in a subprocess: left out of `make test-fast`.
pytestmark = pytest.mark.e2e

WIDTHS = {"phone": 375, "desktop": 1280}
SHOTS = REPO / "tests" / "screenshots"
CLAIM = "accounts-25000"
SEED = "000_4ea37a18c5d9e197"
PAGES = {
    "index": "index.html",
    "claim": f"claims/{CLAIM}/index.html",
    "source": f"sources/{SEED}/index.html",
    "corrections": "corrections/index.html",
}
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser") / "_site"
    assert build.main(["--root", str(REPO), "build", "--out", str(out)]) == 0
    with served(out) as url:
        yield url


class Visit:
    """A page opened at one width, with every console error and request it made."""

    def __init__(self, browser: Browser, url: str, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 800})
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(url, wait_until="load")

    def _console(self, message: object) -> None:
        if getattr(message, "type", "") == "error":
            self.errors.append(getattr(message, "text", ""))

    def close(self) -> None:
        self.context.close()


Opener = Callable[[str, int], Visit]


@pytest.fixture
def visit(browser: Browser, origin: str) -> Iterator[Opener]:
    opened: list[Visit] = []

    def open_page(path: str, width: int) -> Visit:
        opened.append(Visit(browser, f"{origin}/{path}", width))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", PAGES)
def test_page_is_clean_self_contained_and_fits_the_width(
    visit: Opener, origin: str, name: str, width: int
) -> None:
    opened = visit(PAGES[name], width)
    page = opened.page
    assert opened.errors == []
    hosts = {urlsplit(url).netloc for url in opened.requests}
    assert hosts == {urlsplit(origin).netloc}
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violation(visit: Opener, name: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = visit(PAGES[name], width).page
    results = Axe().run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert violations == []


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_verdict_box_is_the_first_thing_in_view(visit: Opener, width: int) -> None:
    page = visit(PAGES["claim"], width).page
    box = page.locator(".claim .verdict").bounding_box()
    heading = page.locator("main h1").bounding_box()
    assert box is not None and heading is not None
    assert box["y"] + box["height"] <= 800, f"the verdict ends below the fold at {width}px"
    assert box["y"] < heading["y"]


def test_dark_mode_and_print_keep_the_page_accessible(browser: Browser, origin: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(f"{origin}/{PAGES['claim']}")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background != "rgb(251, 250, 247)", "dark mode kept the light background"
        contrast = [
            v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in SERIOUS
        ]
        assert contrast == []
        page.emulate_media(media="print")
        assert page.locator(".site-header nav").is_hidden()
    finally:
        context.close()


def level_counts() -> dict[str, int]:
    site, _ = verified_site(REPO)
    counts: dict[str, int] = {}
    for card in site.cards:
        counts[card.confidence] = counts.get(card.confidence, 0) + 1
    return counts


def test_the_index_filters_in_place_by_level_tag_and_words(visit: Opener) -> None:
    page = visit("index.html", WIDTHS["desktop"]).page
    items = page.locator(".claim-item")
    total = items.count()
    assert page.locator("#claim-filter").is_visible()
    counts = level_counts()
    for level, expected in counts.items():
        page.get_by_label(level.capitalize(), exact=True).check()
        assert page.locator(".claim-item:visible").count() == expected
        assert page.locator(".claim-item:visible").evaluate_all(
            "items => items.every(i => i.dataset.level === arguments[0])".replace(
                "arguments[0]", repr(level)
            )
        )
        assert (
            f"Showing {expected} of {total} claims" in page.locator(".filter-status").inner_text()
        )
    page.get_by_label("All", exact=True).check()
    assert page.locator(".claim-item:visible").count() == total
    page.select_option("#filter-tag", "figures")
    tagged = page.locator(".claim-item:visible")
    assert 0 < tagged.count() < total
    assert all(
        "figures" in (t or "").split()
        for t in tagged.evaluate_all("items => items.map(i => i.dataset.tags)")
    )
    page.select_option("#filter-tag", "")
    page.fill("#filter-words", "25,000")
    words = page.locator(".claim-item:visible")
    assert 0 < words.count() < total
    assert all("25,000" in text for text in words.all_inner_texts())
    page.fill("#filter-words", "no claim says this xyzzy")
    assert page.locator(".claim-item:visible").count() == 0
    assert page.locator(".level-group:visible").count() == 0


def test_the_claim_page_links_to_the_quoted_words_on_the_source_page(
    visit: Opener,
) -> None:
    page = visit(PAGES["claim"], WIDTHS["desktop"]).page
    link = page.get_by_role("link", name="Show the quote in the archived article").first
    href = link.get_attribute("href") or ""
    assert "#p" in href and ":~:text=" in href
    link.click()
    page.wait_for_load_state("load")
    anchor = href.split("#", 1)[1].split(":~:", 1)[0]
    assert page.locator(f"#{anchor}").is_visible()
    assert page.locator(f"#{anchor} mark").count() >= 1
