"""Paginated listings and a feed of the newest cards, on the minimal site with many more cards."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

import build
from factsite import urls
from factsite.preview import SiteBuilder
from factsite.render.specs import page_window
from tests.pagetools import elements, is_internal, links, parse_html, resolve, served
from tests.render.test_site import crawl
from tests.sitetools import edit, make_site, tree_bytes, write_files

BASE = "https://example.org/fixture"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LOW_CARDS = 7  # card-1 … card-7, reviewed on the 1st … 7th of March: card-7 is the newest


def low_card(number: int) -> str:
    """Return a card of low confidence, reviewed on day `number` of March, tagged #rural."""
    return f"""\
claim: Critics say audit {number} skipped rural districts.
confidence: low
reviewed: 2026-03-{number:02d}
tags: [rural]
summary: Only the audit coverage says so.
sources:
  - seed: beta
    quote: "The audit did not cover rural districts"
    stance: supports
"""


def paged_site(tmp_path: Path, page_size: int = 2) -> Path:
    """Return the minimal site with seven more cards, listed `page_size` a page, feed of 3."""
    root = make_site(tmp_path)
    with (root / "content/site.yaml").open("a", encoding="utf-8") as settings:
        settings.write(f"page_size: {page_size}\nfeed_size: 3\n")
    write_files(
        root,
        {f"content/claims/card-{n}.yaml": low_card(n) for n in range(1, LOW_CARDS + 1)},
    )
    return root


def built(root: Path, out: Path) -> Path:
    assert build.main(["--root", str(root), "build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("paged")
    return built(paged_site(tmp), tmp / "_site")


# Each listing's cards in the order its pages list them: grouped by level as the index
# groups them (high, moderate, low, disputed), most recently reviewed first within a level.
NEWEST_LOW = [f"card-{n}" for n in range(LOW_CARDS, 0, -1)]
LISTINGS = {
    urls.INDEX: ["homes-built", *NEWEST_LOW, "planned-homes"],
    urls.level_page("low"): NEWEST_LOW,
    urls.level_page("high"): ["homes-built"],
    urls.tag_page("rural"): NEWEST_LOW,
    urls.tag_page("housing"): ["homes-built"],
}


def pages_of(site: Path, first: str) -> list[str]:
    """Return the paths of a listing's pages, following the numbers from its first page."""
    found = [first]
    while (site / urls.listing_page(first, len(found) + 1)).exists():
        found.append(urls.listing_page(first, len(found) + 1))
    return found


def listed(site: Path, page: str) -> list[str]:
    """Return the slugs of the cards a listing page lists, in order."""
    dom = parse_html((site / page).read_bytes())
    hrefs = [a.get("href") or "" for a in elements(dom, "a") if a.get("class") == "claim-link"]
    return [href.split("/")[-2] for href in hrefs]  # …/claims/<slug>/index.html


def pages_nav(site: Path, page: str) -> ElementTree.Element | None:
    """Return a listing page's page links, if it has them."""
    navs = elements(parse_html((site / page).read_bytes()), "nav")
    return next((nav for nav in navs if nav.get("aria-label") == "Pages"), None)


@pytest.mark.parametrize("first", sorted(LISTINGS))
def test_each_page_lists_page_size_cards_in_the_listing_order_the_last_fewer(
    site: Path, first: str
) -> None:
    pages = pages_of(site, first)
    per_page = [listed(site, page) for page in pages]
    assert [slug for page in per_page for slug in page] == LISTINGS[first]
    full, last = divmod(len(LISTINGS[first]), 2)  # page_size 2
    assert [len(page) for page in per_page] == [2] * full + ([last] if last else [])


def test_the_index_keeps_its_groups_within_a_page(site: Path) -> None:
    dom = parse_html((site / "index.html").read_bytes())
    headings = [
        h.get("id") for h in elements(dom, "h2") if (h.get("id") or "").startswith("level-")
    ]
    assert headings == ["level-high", "level-low"]  # homes-built, then the newest low card
    text = (site / "index.html").read_text(encoding="utf-8")
    assert 'Low confidence <span class="count">(7; 1 on this page)</span>' in text
    assert 'High confidence <span class="count">(1)</span>' in text


def every_listing_page(site: Path) -> list[str]:
    firsts = [urls.INDEX, *(urls.level_page(lv) for lv in ("high", "moderate", "low", "disputed"))]
    firsts += [urls.tag_page(tag) for tag in ("figures", "housing", "rural")]
    return [page for first in firsts for page in pages_of(site, first)]


def test_every_numbered_link_is_relative_and_leads_to_a_page_of_the_listing(site: Path) -> None:
    for first in LISTINGS:
        pages = pages_of(site, first)
        for number, page in enumerate(pages, 1):
            nav = pages_nav(site, page)
            if len(pages) == 1:
                assert nav is None, page  # one page: no page links at all
                continue
            assert nav is not None, page
            hrefs = [a.get("href") or "" for a in nav.iter() if a.tag.endswith("}a")]
            assert all(is_internal(h) and not h.startswith("/") for h in hrefs), hrefs
            for href in hrefs:
                target, _ = resolve(site, page, href)
                assert target.is_file(), (page, href)
                assert target.relative_to(site.resolve()).as_posix() in pages, (page, href)
            current = [a for a in nav.iter() if a.get("aria-current") == "page"]
            assert len(current) == 1, page
            assert resolve(site, page, current[0].get("href") or "")[0] == (site / page).resolve()
            steps = {a.get("rel"): a.get("href") or "" for a in nav.iter() if a.get("rel")}
            assert ("prev" in steps) == (number > 1), page
            assert ("next" in steps) == (number < len(pages)), page
            if number > 1:
                assert resolve(site, page, steps["prev"])[0] == (site / pages[number - 2]).resolve()
            if number < len(pages):
                assert resolve(site, page, steps["next"])[0] == (site / pages[number]).resolve()


def test_previous_and_next_have_labels_readers_understand(site: Path) -> None:
    nav = pages_nav(site, urls.listing_page(urls.INDEX, 2))
    assert nav is not None
    words = {
        a.get("rel"): " ".join("".join(a.itertext()).split()) for a in nav.iter() if a.get("rel")
    }
    assert words == {"prev": "← Previous page", "next": "Next page →"}
    numbers = [" ".join("".join(a.itertext()).split()) for a in nav.iter() if a.tag.endswith("}a")]
    assert numbers[1:-1] == ["Page 1", "Page 2", "Page 3", "Page 4", "Page 5"]


def test_titles_canonical_urls_and_head_links_name_the_page(site: Path) -> None:
    page = urls.listing_page(urls.level_page("low"), 2)
    dom = parse_html((site / page).read_bytes())
    assert dom.findtext(".//{http://www.w3.org/1999/xhtml}title", "").endswith("— page 2 of 4")
    head = {link.get("rel"): link.get("href") or "" for link in elements(dom, "link")}
    assert head["canonical"] == f"{BASE}/confidence/low/page/2/"
    assert resolve(site, page, head["prev"])[0] == (site / urls.level_page("low")).resolve()
    assert (
        resolve(site, page, head["next"])[0]
        == (site / "confidence/low/page/3/index.html").resolve()
    )
    first = parse_html((site / urls.level_page("low")).read_bytes())
    assert first.findtext(".//{http://www.w3.org/1999/xhtml}title", "").endswith("— page 1 of 4")
    assert "prev" not in {link.get("rel") for link in elements(first, "link")}


def test_a_long_listing_shows_the_pages_near_this_one_with_the_first_and_last(
    tmp_path: Path,
) -> None:
    site = built(paged_site(tmp_path, page_size=1), tmp_path / "_site")  # nine index pages
    shown = {}
    for number in (1, 9):
        nav = pages_nav(site, urls.listing_page(urls.INDEX, number))
        assert nav is not None
        items = [li for li in nav.iter() if li.tag.endswith("}li")]
        shown[number] = [" ".join("".join(li.itertext()).split()) for li in items]
    assert shown[1] == ["Page 1", "Page 2", "Page 3", "…", "Page 9", "Next page →"]
    assert shown[9] == ["← Previous page", "Page 1", "…", "Page 7", "Page 8", "Page 9"]


@pytest.mark.parametrize(
    ("number", "count", "window"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (1, 10, [1, 2, 3, 0, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, 0, 10]),  # a gap of one page shows that page
        (5, 10, [1, 2, 3, 4, 5, 6, 7, 0, 10]),
        (6, 10, [1, 0, 4, 5, 6, 7, 8, 9, 10]),
        (6, 12, [1, 0, 4, 5, 6, 7, 8, 0, 12]),
        (10, 10, [1, 0, 8, 9, 10]),
    ],
)
def test_the_window_of_page_numbers(number: int, count: int, window: list[int]) -> None:
    assert page_window(number, count) == window


def test_the_counts_per_level_are_site_wide_on_every_page(site: Path) -> None:
    for page in every_listing_page(site):
        dom = parse_html((site / page).read_bytes())
        tally = next(s for s in elements(dom, "section") if s.get("class") == "tally")
        counts = {
            (li.get("class") or "").removeprefix("tally-"): li.findtext(".//{*}strong")
            for li in tally.iter()
            if li.tag.endswith("}li")
        }
        assert counts == {"all": "9", "high": "1", "moderate": "0", "low": "7", "disputed": "1"}


def test_an_empty_level_still_has_its_one_page_saying_so(site: Path) -> None:
    assert pages_of(site, urls.level_page("moderate")) == [urls.level_page("moderate")]
    text = (site / urls.level_page("moderate")).read_text(encoding="utf-8")
    assert "<p>No claims yet.</p>" in text
    assert 'aria-label="Pages"' not in text and "page 1 of" not in text


def test_every_page_is_reached_by_links_under_a_sub_path_and_from_disk(tmp_path: Path) -> None:
    out = built(paged_site(tmp_path), tmp_path / "www" / "repo")
    with served(tmp_path / "www") as origin:
        seen, broken = crawl(f"{origin}/repo/index.html", f"{origin}/repo/")
    assert broken == []
    for page in every_listing_page(out):
        assert f"{origin}/repo/{page}" in seen, page
    for page in every_listing_page(out):  # opened from disk: each link names its file
        for url in links(parse_html((out / page).read_bytes())):
            if is_internal(url):
                assert resolve(out, page, url)[0].is_file(), (page, url)


def test_the_sitemap_lists_every_page_of_every_listing(site: Path) -> None:
    urlset = ElementTree.parse(site / "sitemap.xml").getroot()
    locs = {url.findtext(f"{SITEMAP}loc") for url in urlset.findall(f"{SITEMAP}url")}
    pages = every_listing_page(site)
    assert len(pages) > 10
    assert {urls.absolute(BASE, page) for page in pages} <= locs


def test_the_feed_holds_the_newest_feed_size_cards(site: Path) -> None:
    feed = ElementTree.parse(site / "feed.xml").getroot()
    ids = [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")]
    assert ids == [f"{BASE}/claims/card-{n}/" for n in (7, 6, 5)]
    assert feed.findtext(f"{ATOM}updated") == "2026-03-07T00:00:00Z"


def test_a_claim_edit_rerenders_only_the_listing_pages_that_show_the_card(tmp_path: Path) -> None:
    root = paged_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    assert builder.build_all().ok
    before = tree_bytes(out)
    card = "content/claims/card-4.yaml"  # index page 3, low page 2, #rural page 2
    edit(root, card, "audit 4 skipped", "audit 4 missed")
    report = builder.rebuild([card])
    assert report.ok
    after = tree_bytes(out)
    changed = {path for path in after if after[path] != before.get(path)}
    listing_pages = {path for path in changed if path in every_listing_page(out)}
    assert listing_pages == {
        "page/3/index.html",
        "confidence/low/page/2/index.html",
        "tags/rural/page/2/index.html",
    }
    # Besides them: its own page, its seed's page and claims.json; card-4 is not in the
    # feed of the three newest, so the feed stays as it was.
    assert report.pages_rendered == len(listing_pages) + 3
    assert "feed.xml" not in changed
    clean = tmp_path / "clean"
    shutil.copytree(root, clean / "site")
    assert after == tree_bytes(built(clean / "site", clean / "_site"))
