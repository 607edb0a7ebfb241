"""The header's search box in Chromium: served over HTTP it finds a card by a word of its
quotes and shows its confidence; opened from disk it says why it cannot search.

The fixture site is served under a sub-path (/repo/), as GitHub Pages serves a project.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

import build
from tests.pagetools import served
from tests.sitetools import make_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

# Drives a browser or a preview server in a subprocess: left out of `make test-fast`.
pytestmark = pytest.mark.e2e

FROM_DISK = "Search needs the site served over HTTP; use the filters or run make preview."
CLAIMS = {
    "planned-homes": "Critics say the figure counts homes that were only planned.",
    "homes-built": "The ministry says 4,000 new homes were built in 2025.",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("search"))
    out = root.parent / "repo"
    assert build.main(["--root", str(root), "build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def origin(site: Path) -> Iterator[str]:
    with served(site.parent) as url:
        yield f"{url}/{site.name}"


@pytest.fixture(params=["light", "dark"])
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(color_scheme=request.param)
    yield context.new_page()
    context.close()


def search_for(page: Page, word: str) -> Locator:
    """Type a word into the search box; return the list its results go into."""
    page.get_by_role("searchbox", name="Search claims").press_sequentially(word)
    return page.locator(".search-results")


@pytest.mark.parametrize(
    ("start", "word", "slug", "level"),
    [
        ("index.html", "counts", "planned-homes", "Disputed confidence"),
        ("claims/planned-homes/index.html", "record", "homes-built", "High confidence"),
    ],
    ids=["a quoted word, from the index", "a word of a quoted passage, from a claim page"],
)
def test_a_word_of_a_quote_finds_its_card_with_its_confidence(
    page: Page, origin: str, start: str, word: str, slug: str, level: str
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    hosts: set[str] = set()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    page.goto(f"{origin}/{start}")
    results = search_for(page, word)
    expect(page.locator(".search-status")).to_have_text(f"1 claim matches “{word}”.")
    expect(results.locator("li")).to_have_count(1)
    found = results.locator("li").first
    expect(found.locator(".badge")).to_have_text(level)
    expect(found.locator(".search-excerpt mark").first).to_be_visible()
    link = found.get_by_role("link", name=CLAIMS[slug])
    assert link.get_attribute("href") == f"{urlsplit(origin).path}/claims/{slug}/index.html"
    link.click()
    expect(page.locator("main h1")).to_have_text(CLAIMS[slug])
    assert errors == []
    assert hosts == {urlsplit(origin).netloc}


def test_the_page_with_results_has_no_accessibility_violation(page: Page, origin: str) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    page.goto(f"{origin}/index.html")
    results = search_for(page, "homes")
    expect(results.locator("li")).to_have_count(2)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
    ]
    assert violations == []


def test_a_word_nothing_holds_says_so_and_escape_clears_the_box(page: Page, origin: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{origin}/index.html")
    results = search_for(page, "zeppelin")
    expect(page.locator(".search-status")).to_have_text("No claim matches “zeppelin”.")
    expect(results).to_be_hidden()
    page.keyboard.press("Escape")
    expect(page.get_by_role("searchbox", name="Search claims")).to_have_value("")
    expect(page.locator(".search-status")).to_be_hidden()


def test_opened_from_disk_the_box_says_search_needs_a_server(page: Page, site: Path) -> None:
    from playwright.sync_api import expect

    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto((site / "claims" / "homes-built" / "index.html").as_uri())
    search_for(page, "counts")
    status = page.locator(".search-status")
    expect(status).to_have_text(FROM_DISK)
    assert status.get_by_role("link").get_attribute("href") == (site / "index.html").as_uri()
    assert failed == []


def test_without_javascript_the_box_stays_hidden(browser: Browser, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{origin}/index.html")
        assert page.locator("form.site-search").is_hidden()
    finally:
        context.close()


def test_showing_the_search_box_and_the_filter_moves_nothing_on_the_page(
    page: Page, origin: str
) -> None:
    """A long listing paints before the deferred scripts run: their boxes' room is kept."""

    def tops() -> list[float]:
        found = page.locator("main, #claim-groups").evaluate_all(
            "nodes => nodes.map(node => node.getBoundingClientRect().top)"
        )
        return [float(top) for top in found]

    for script in ("search.js", "filter.js"):  # as at the first paint
        page.route(f"**/{script}", lambda route: route.abort())
    page.goto(f"{origin}/index.html")
    before = tops()
    assert page.locator(".site-search").is_hidden() and page.locator("#claim-filter").is_hidden()
    page.unroute_all()
    page.goto(f"{origin}/index.html")
    page.get_by_role("searchbox", name="Search claims").wait_for()
    page.locator("#claim-filter").wait_for()
    # Within half a pixel: a line of text and the min-height kept for it round apart.
    assert len(before) == 2 and tops() == pytest.approx(before, abs=0.5)
