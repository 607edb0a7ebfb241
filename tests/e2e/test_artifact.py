"""The site a pull request uploads works once unzipped and opened from disk, by clicking."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import build
from tests.sitetools import REPO, tree_bytes

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Drives a browser or a preview server in a subprocess: left out of `make test-fast`.
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real site as the review workflow does, zip it, and unzip it elsewhere."""
    work = tmp_path_factory.mktemp("artifact")
    assert build.main(["--root", str(REPO), "build", "--out", str(work / "_site")]) == 0
    archive = shutil.make_archive(str(work / "site"), "zip", work / "_site")
    shutil.unpack_archive(archive, work / "downloaded")
    return work / "downloaded"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_unzipped_site_keeps_every_file_the_build_wrote(unzipped: Path) -> None:
    assert (unzipped / "index.html").is_file()
    assert (unzipped / ".nojekyll").is_file()
    built = tree_bytes(unzipped.parent / "_site")  # what the fixture zipped
    assert len(built) > 2
    assert tree_bytes(unzipped) == built


def test_from_disk_index_to_claim_to_source_passage_by_clicking(unzipped: Path, page: Page) -> None:
    from playwright.sync_api import expect

    outside: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: None if r.url.startswith("file://") else outside.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))

    page.goto((unzipped / "index.html").as_uri())
    page.locator('main a[href^="claims/"]').first.click()
    page.wait_for_load_state()
    assert page.url.startswith((unzipped / "claims").as_uri() + "/")
    assert page.url.endswith("/index.html")
    expect(page.locator("h1")).to_be_visible()

    passage_link = page.locator('main a[href*="sources/"][href*="#p"]').first
    href = passage_link.get_attribute("href") or ""
    anchor = href.split("#", 1)[1].split(":~:", 1)[0]
    passage_link.click()
    page.wait_for_load_state()

    assert page.evaluate("location.href").endswith(f"/index.html#{anchor}")
    assert page.url.startswith((unzipped / "sources").as_uri() + "/")
    passage = page.locator(f"[id='{anchor}']")
    expect(passage).to_be_visible()
    expect(passage).to_be_in_viewport()
    assert outside == []
    assert failed == []
