"""Corrections: under the claim, on the corrections page, and back at the top of the feed."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import build
from tests.pagetools import elements, html_pages, parse_html, resolve
from tests.sitetools import edit, make_site

HOMES = "content/claims/homes-built.yaml"
PLANNED = "content/claims/planned-homes.yaml"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.org/fixture"
# In the card's own order: the older one first, as a desk appends them. A correction is a
# review, so each card's review date moves with it.
HOMES_CORRECTIONS = """corrections:
  - date: 2026-02-10
    note: Gave the year as 2024; it is *2025*.
  - date: 2026-03-01
    note: Added the audit's figure.
"""
PLANNED_CORRECTIONS = """corrections:
  - date: 2026-03-01
    note: Named the critics' claim as theirs.
"""


def corrected(tmp_path: Path) -> Path:
    """Return the fixture site with corrections to both cards, built."""
    root = make_site(tmp_path)
    edit(root, HOMES, "reviewed: 2026-02-01", "reviewed: 2026-03-01")
    edit(root, PLANNED, "reviewed: 2026-02-02", "reviewed: 2026-03-01")
    for card, corrections in ((HOMES, HOMES_CORRECTIONS), (PLANNED, PLANNED_CORRECTIONS)):
        with (root / card).open("a", encoding="utf-8") as out:
            out.write(corrections)
    return built(root)


def built(root: Path) -> Path:
    assert build.main(["--root", str(root), "build"]) == 0
    return root / "_site"


def text(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def page(site: Path, rel: str) -> ElementTree.Element:
    return parse_html((site / rel).read_bytes())


def sections(dom: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [e for e in elements(dom, "section") if name in (e.get("class") or "").split()]


def test_a_corrected_card_shows_its_corrections_under_the_claim_latest_first(
    tmp_path: Path,
) -> None:
    dom = page(corrected(tmp_path), "claims/homes-built/index.html")
    (box,) = sections(dom, "corrections")
    assert text(elements(box, "h2")[0]) == "Corrections"
    assert [text(li) for li in elements(box, "li")] == [
        "2026-03-01: Added the audit's figure.",
        "2026-02-10: Gave the year as 2024; it is 2025.",
    ]
    assert [text(e) for e in elements(box, "em")] == ["2025"]  # the note's inline Markdown
    headings = [e for e in dom.iter() if e.tag.endswith(("}h1", "}h2"))]
    assert [text(h) for h in headings[:2]][1] == "Corrections"  # right under the claim
    (dates,) = [p for p in elements(dom, "p") if p.get("class") == "dates"]
    assert text(dates) == "Reviewed 2026-03-01 · Corrected 2026-03-01"


def test_an_uncorrected_card_has_no_corrections_section(tmp_path: Path) -> None:
    dom = page(built(make_site(tmp_path)), "claims/homes-built/index.html")
    assert sections(dom, "corrections") == []


def test_the_corrections_page_lists_every_correction_newest_first_then_by_slug(
    tmp_path: Path,
) -> None:
    site = corrected(tmp_path)
    dom = page(site, "corrections/index.html")
    (log,) = [e for e in elements(dom, "ol") if e.get("class") == "corrections-log"]
    entries = [(text(li.findall(".//*")[0]), li) for li in log]
    assert [line for line, _ in entries] == [
        "2026-03-01 · The ministry says 4,000 new homes were built in 2025.",
        "2026-03-01 · Critics say the figure counts homes that were only planned.",
        "2026-02-10 · The ministry says 4,000 new homes were built in 2025.",
    ]
    targets = [
        resolve(site, "corrections/index.html", a.get("href", ""))[0] for a in elements(log, "a")
    ]
    assert targets == [
        (site / f"claims/{slug}/index.html").resolve()
        for slug in ("homes-built", "planned-homes", "homes-built")
    ]
    assert text(entries[1][1]).endswith("Named the critics' claim as theirs.")


def test_the_corrections_page_says_when_there_are_none(tmp_path: Path) -> None:
    dom = page(built(make_site(tmp_path)), "corrections/index.html")
    (main,) = elements(dom, "main")
    assert "No claim has been corrected yet." in [text(p) for p in elements(main, "p")]
    assert elements(main, "ol") == []


def test_every_page_links_to_the_corrections_page_from_its_footer(tmp_path: Path) -> None:
    site = built(make_site(tmp_path))
    for rel in html_pages(site):
        if rel == "404.html":
            continue  # its links are absolute, checked below
        (footer,) = [
            f for f in elements(page(site, rel), "footer") if f.get("class") == "site-footer"
        ]
        hrefs = [a.get("href", "") for a in elements(footer, "a") if text(a) == "Corrections"]
        assert [resolve(site, rel, href)[0] for href in hrefs] == [
            (site / "corrections/index.html").resolve()
        ], rel
    (footer,) = [f for f in elements(page(site, "404.html"), "footer")]
    assert f"{BASE}/corrections/index.html" in [a.get("href") for a in elements(footer, "a")]


def test_the_sitemap_lists_the_corrections_page_with_its_newest_correction(
    tmp_path: Path,
) -> None:
    urlset = ElementTree.parse(corrected(tmp_path) / "sitemap.xml").getroot()
    lastmod = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in urlset.findall(f"{SITEMAP}url")
    }
    assert lastmod[f"{BASE}/corrections/"] == "2026-03-01"
    assert lastmod[f"{BASE}/claims/homes-built/"] == "2026-03-01"


def test_a_correction_brings_a_card_back_to_the_top_of_the_feed(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    feed = ElementTree.parse(built(root) / "feed.xml").getroot()
    ids = [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
    assert ids == [f"{BASE}/claims/planned-homes/", f"{BASE}/claims/homes-built/"]
    edit(root, HOMES, "reviewed: 2026-02-01", "reviewed: 2026-03-01")
    with (root / HOMES).open("a", encoding="utf-8") as out:
        out.write("corrections:\n  - date: 2026-03-01\n    note: Added the audit's figure.\n")
    feed = ElementTree.parse(built(root) / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"{BASE}/claims/homes-built/",
        f"{BASE}/claims/planned-homes/",
    ]
    assert entries[0].findtext(f"{ATOM}updated") == "2026-03-01T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2026-03-01T00:00:00Z"
    summary = entries[0].findtext(f"{ATOM}summary") or ""
    assert summary.startswith("<p>Corrected 2026-03-01.</p><ul><li>2026-03-01: Added the audit")
    assert "Corrected" not in (entries[1].findtext(f"{ATOM}summary") or "")


def test_a_correction_before_the_latest_review_dates_the_entry_by_the_review(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    edit(root, HOMES, "reviewed: 2026-02-01", "reviewed: 2026-02-05")
    with (root / HOMES).open("a", encoding="utf-8") as out:
        out.write("corrections:\n  - date: 2026-02-03\n    note: Fixed a typo.\n")
    entries = ElementTree.parse(built(root) / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}updated") == "2026-02-05T00:00:00Z"
