"""The built real site: valid HTML5, no broken links, and correct machine-readable files."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from html5lib.html5parser import ParseError

import build
from factsite.model import Site
from factsite.render.claimreview import claim_review
from factsite.render.editorial import by_last_change
from tests.pagetools import (
    elements,
    html_pages,
    ids,
    is_internal,
    json_ld,
    links,
    parse_html,
    resolve,
    served,
)
from tests.sitetools import REPO, verified_site

BASE = "https://desk.example/check"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "_site"
    assert build.main(["--root", str(REPO), "build", "--out", str(out), "--base-url", BASE]) == 0
    return out


@pytest.fixture(scope="module")
def content() -> Site:
    loaded, problems = verified_site(REPO)
    assert [d for d in problems if d.is_error] == []  # unset settings are only warned of
    return loaded


def test_every_html_file_parses_as_html5_without_errors(site: Path) -> None:
    for page in html_pages(site):
        try:
            parse_html((site / page).read_bytes())
        except ParseError as exc:
            pytest.fail(f"{page}: {exc}")


def test_every_internal_link_resolves_to_a_file_and_its_anchor(site: Path) -> None:
    broken = []
    anchors: dict[Path, set[str]] = {}
    for page in html_pages(site):
        if page == "404.html":
            continue  # its links are absolute by design; checked below
        dom = parse_html((site / page).read_bytes())
        for url in filter(is_internal, links(dom)):
            target, anchor = resolve(site, page, url)
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{page}: {url}")
                continue
            if not anchor:
                continue
            if target not in anchors:
                anchors[target] = ids(parse_html(target.read_bytes()))
            if anchor not in anchors[target]:
                broken.append(f"{page}: {url} (no element #{anchor})")
    assert broken == []


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for page in html_pages(site):
        dom = parse_html((site / page).read_bytes())
        loaded = [e.get("src") for e in elements(dom, "script") + elements(dom, "img")]
        loaded += [e.get("href") for e in elements(dom, "link") if e.get("rel") != "canonical"]
        # 404.html is served at any missing path, so it loads from the site's own base URL.
        own = BASE + "/" if page == "404.html" else None
        foreign = [
            u for u in loaded if u and not is_internal(u) and not (own and u.startswith(own))
        ]
        assert foreign == [], page


def test_the_404_page_links_absolutely_from_the_base_url(site: Path) -> None:
    dom = parse_html((site / "404.html").read_bytes())
    hrefs = [e.get("href", "") for e in elements(dom, "a") if e.get("href", "").startswith("http")]
    assert f"{BASE}/index.html" in hrefs
    assert all(h.startswith(BASE + "/") for h in hrefs if urlsplit(h).netloc == "desk.example")


def test_every_claim_page_carries_its_claim_review_once_if_it_has_one(
    site: Path, content: Site
) -> None:
    # What a ClaimReview says is claimreview.py's, tested in test_claimreview.py.
    for card in content.cards:
        dom = parse_html((site / f"claims/{card.slug}/index.html").read_bytes())
        reviews = [block for block in json_ld(dom) if block.get("@type") == "ClaimReview"]
        expected = claim_review(card, content.seeds, content.config, BASE)
        assert reviews == ([expected] if expected else []), card.slug


def test_claim_pages_carry_canonical_and_open_graph_tags(site: Path, content: Site) -> None:
    for card in content.cards:
        dom = parse_html((site / f"claims/{card.slug}/index.html").read_bytes())
        meta = {e.get("property"): e.get("content") for e in elements(dom, "meta")}
        canonical = [e.get("href") for e in elements(dom, "link") if e.get("rel") == "canonical"]
        assert canonical == [f"{BASE}/claims/{card.slug}/"]
        assert meta["og:url"] == canonical[0]
        assert meta["og:title"] == card.claim
        assert meta["og:type"] == "article"


def test_the_feed_is_atom_with_the_newest_cards_newest_first(site: Path, content: Site) -> None:
    feed = ElementTree.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    ids_ = [entry.findtext(f"{ATOM}id") or "" for entry in entries]
    newest = by_last_change(content.cards)[: content.config.feed_size]
    assert len(content.cards) > content.config.feed_size  # so the feed holds a part
    assert ids_ == [f"{BASE}/claims/{card.slug}/" for card in newest]
    updated = [entry.findtext(f"{ATOM}updated") or "" for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    assert all(entry.find(f"{ATOM}title") is not None for entry in entries)
    for entry in entries:
        summary = entry.find(f"{ATOM}summary")
        assert summary is not None and summary.get("type") == "html"
        assert list(summary) == [], "HTML in a type=html summary must be escaped text"
        assert (summary.text or "").startswith("<p>") and "</p>" in (summary.text or "")


def test_the_sitemap_lists_every_card_and_source(site: Path, content: Site) -> None:
    urlset = ElementTree.parse(site / "sitemap.xml").getroot()
    locs = {url.findtext(f"{SITEMAP}loc") for url in urlset.findall(f"{SITEMAP}url")}
    assert {f"{BASE}/claims/{card.slug}/" for card in content.cards} <= locs
    assert {f"{BASE}/sources/{seed_id}/" for seed_id in content.seeds} <= locs
    assert f"{BASE}/" in locs
    assert all(loc and loc.startswith(BASE + "/") for loc in locs)


def test_claims_json_holds_every_card_with_its_resolved_passages(site: Path, content: Site) -> None:
    document = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    assert [claim["slug"] for claim in document["claims"]] == sorted(c.slug for c in content.cards)
    for record in document["claims"]:
        for source in record["sources"]:
            passage = source["passage_text"]
            quoted = "".join(passage[start:end] for start, end in source["spans"])
            assert quoted, record["slug"]
            assert source["passage"] >= 1


def test_robots_nojekyll_and_favicon_are_published(site: Path) -> None:
    assert (site / ".nojekyll").read_bytes() == b""
    assert f"Sitemap: {BASE}/sitemap.xml" in (site / "robots.txt").read_text()
    assert (site / "favicon.svg").read_bytes().startswith(b"<svg")


def test_index_filters_work_without_javascript(site: Path, content: Site) -> None:
    for level in ("high", "moderate", "low", "disputed"):
        dom = parse_html((site / f"confidence/{level}/index.html").read_bytes())
        listed = [e for e in elements(dom, "li") if e.get("class") == "claim-item"]
        assert {e.get("data-level") for e in listed} <= {level}
        assert len(listed) == sum(card.confidence == level for card in content.cards)
    for tag in {tag for card in content.cards for tag in card.tags}:
        dom = parse_html((site / f"tags/{tag}/index.html").read_bytes())
        listed = [e for e in elements(dom, "li") if e.get("class") == "claim-item"]
        assert len(listed) == sum(tag in card.tags for card in content.cards)


def test_the_site_works_under_a_project_sub_path(tmp_path: Path) -> None:
    """Served as https://owner.github.io/repo/ is: the site one folder below the server root."""
    out = tmp_path / "www" / "repo"
    assert build.main(["--root", str(REPO), "build", "--out", str(out)]) == 0
    with served(tmp_path / "www") as origin:
        start = f"{origin}/repo/index.html"
        seen, broken = crawl(start, f"{origin}/repo/")
    assert broken == []
    assert len(seen) >= len(list(out.rglob("*.html"))) - 1  # every page but 404 is reachable


def crawl(start: str, inside: str) -> tuple[set[str], list[str]]:
    """Follow every link from start that stays under `inside`; return pages seen and failures."""
    seen: set[str] = set()
    broken: list[str] = []
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except HTTPError as exc:
            broken.append(f"{url}: {exc.code}")
            continue
        if kind != "text/html":
            continue
        for link in links(parse_html(body)):
            target = urljoin(url, link).split("#", 1)[0]
            if not is_internal(link):
                if target.startswith(inside.split("/repo/")[0]):
                    broken.append(f"{url}: absolute internal link {link}")
                continue
            if not target.startswith(inside):
                broken.append(f"{url}: {link} leaves the sub-path")
            elif target not in seen:
                queue.append(target)
    return seen, broken


def test_no_page_links_to_a_folder_which_would_break_when_opened_from_disk(site: Path) -> None:
    folder_links = [
        f"{page}: {url}"
        for page in html_pages(site)
        for url in links(parse_html((site / page).read_bytes()))
        if is_internal(url) and re.search(r"(^|/)(\.\.?)?/?$", urlsplit(url).path or "x")
    ]
    assert folder_links == []
