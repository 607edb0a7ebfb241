"""A claim page as readers meet it: the verdict first, its lines of reporting, plain words."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import build
from factsite.preview import SiteBuilder
from tests.pagetools import XHTML, elements, parse_html
from tests.sitetools import REPO, add_seed, edit, make_site

HOMES = "content/claims/homes-built.yaml"
SOURCES = "seeds/sources.yaml"
GAMMA = "The wire said 4,000 new homes were built in 2025.\n"
# alpha and beta name one origin between them (spelt two ways): one line of reporting.
ALPHA_META = (
    "  label: Ministry statement\n"
    "  origins: [Financial Times]\n"
    "  archived: 2026-01-20\n"
    "  note: Cites the FT's report of the statement.\n"
)
BETA_META = "  origins: [financial  times, Bloomberg]\n"


def built(root: Path) -> Path:
    """Build the site as published and return its output folder."""
    assert build.main(["--root", str(root), "build"]) == 0
    return root / "_site"


def page(site: Path, rel: str) -> ElementTree.Element:
    return parse_html((site / rel).read_bytes())


def text(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def with_class(dom: ElementTree.Element, tag: str, name: str) -> list[ElementTree.Element]:
    return [e for e in elements(dom, tag) if name in (e.get("class") or "").split()]


def with_origins(root: Path) -> None:
    """Give the seeds overlapping origins, and homes-built a third seed of its own line."""
    edit(
        root,
        SOURCES,
        "  title: Ministry statement coverage\n",
        "  title: Ministry statement coverage\n" + ALPHA_META,
    )
    edit(root, SOURCES, "  note: Summarises", BETA_META + "  note: Summarises")
    add_seed(root, "gamma", GAMMA, "Wire report")
    with (root / HOMES).open("a", encoding="utf-8") as card:
        card.write(
            '  - seed: gamma\n    quote: "4,000 new homes were built"\n    stance: supports\n'
        )


def test_the_verdict_box_comes_first_in_main_above_the_claim_heading(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    edit(
        root, HOMES, "confidence: high", "verdict: Both sources give the figure.\nconfidence: high"
    )
    dom = page(built(root), "claims/homes-built/index.html")
    (main,) = elements(dom, "main")
    article = main[0]
    first = article[0][0]  # the first element of the claim's header
    assert article.tag == XHTML + "article" and article[0].tag == XHTML + "header"
    assert "verdict" in (first.get("class") or "").split()
    assert first.get("aria-label") == "Verdict"
    assert [text(p) for p in elements(first, "p")][:2] == [
        "High confidence",
        "Both sources give the figure.",
    ]
    assert text(with_class(first, "p", "rubric")[0]).startswith("High means:")
    order = [e for e in main.iter() if e is first or e.tag == XHTML + "h1"]
    assert (
        order[0] is first
        and text(order[1]) == "The ministry says 4,000 new homes were built in 2025."
    )


def test_without_a_verdict_the_box_keeps_the_badge_and_rubric(tmp_path: Path) -> None:
    dom = page(built(make_site(tmp_path)), "claims/homes-built/index.html")
    (box,) = with_class(dom, "section", "verdict")
    assert with_class(box, "p", "verdict-text") == []
    assert with_class(box, "p", "rubric")


def test_the_lines_of_reporting_count_overlapping_origins_once(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with_origins(root)
    site = built(root)
    lines = with_class(page(site, "claims/homes-built/index.html"), "p", "lines")
    assert [text(p) for p in lines] == [
        "Support comes from 2 independent lines of reporting: "
        "Financial Times and Bloomberg; Wire report"
    ]
    # planned-homes: alpha alone supports it; beta only contradicts and sets the context.
    lines = with_class(page(site, "claims/planned-homes/index.html"), "p", "lines")
    assert [text(p) for p in lines] == ["Support comes from 1 line of reporting: Financial Times"]


def test_a_line_naming_no_origin_is_named_by_its_seeds_label_else_its_title(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    edit(
        root,
        SOURCES,
        "  title: Ministry statement coverage\n",
        "  title: Ministry statement coverage\n  label: The statement\n",
    )
    lines = with_class(page(built(root), "claims/homes-built/index.html"), "p", "lines")
    assert [text(p) for p in lines] == [
        "Support comes from 2 independent lines of reporting: The statement; Audit report coverage"
    ]


def test_published_and_reviewed_dates_are_shown_under_the_claim(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    site = built(root)
    (dates,) = with_class(page(site, "claims/homes-built/index.html"), "p", "dates")
    assert text(dates) == "Reviewed 2026-02-01"
    edit(root, HOMES, "reviewed:", "published: 2026-01-12\nreviewed:")
    (dates,) = with_class(page(built(root), "claims/homes-built/index.html"), "p", "dates")
    assert text(dates) == "Published 2026-01-12 · Reviewed 2026-02-01"


def test_stances_read_as_english_on_claim_and_source_pages(tmp_path: Path) -> None:
    site = built(make_site(tmp_path))
    dom = page(site, "claims/planned-homes/index.html")
    assert [text(e) for e in with_class(dom, "span", "stance-label")] == [
        "Supports the claim",
        "Contradicts the claim",
        "Context for the claim",
    ]
    cited_as = [
        text(e) for e in with_class(page(site, "sources/beta/index.html"), "span", "cited-as")
    ]
    assert "(Context for the claim; disputed confidence)" in cited_as
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Context the claim" not in everything


def test_seeds_are_named_by_label_with_their_id_kept_small(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with_origins(root)
    dom = page(built(root), "claims/homes-built/index.html")
    names = [text(p) for p in with_class(dom, "p", "source-title")]
    assert names == ["Ministry statement", "Audit report coverage", "Wire report"]
    refs = [text(e) for e in with_class(dom, "small", "ref")]
    assert refs == ["ref. alpha", "ref. beta", "ref. gamma"]
    assert not re.search(r"\bseed\b", text(elements(dom, "main")[0]), re.IGNORECASE)


def test_a_source_page_says_what_reporting_it_rests_on(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with_origins(root)
    site = built(root)
    alpha = page(site, "sources/alpha/index.html")
    assert [text(p) for p in with_class(alpha, "p", "origins")] == ["Rests on: Financial Times"]
    assert text(with_class(alpha, "p", "eyebrow")[0]) == "Archived article: Ministry statement"
    meta = dict(
        zip(map(text, elements(alpha, "dt")), map(text, elements(alpha, "dd")), strict=True)
    )
    assert meta["Archived"] == "2026-01-20"
    assert meta["Note"] == "Cites the FT's report of the statement."
    assert meta["Reference"] == "alpha"
    beta = page(site, "sources/beta/index.html")
    assert [text(p) for p in with_class(beta, "p", "origins")] == [
        "Rests on: financial times; Bloomberg"
    ]
    gamma = page(site, "sources/gamma/index.html")
    assert [text(p) for p in with_class(gamma, "p", "origins")] == [
        "Names no origin; the desk counts it as its own line of reporting"
    ]
    assert "Archived" not in map(text, elements(gamma, "dt"))


def test_the_sources_index_lists_seeds_by_label(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with_origins(root)
    dom = page(built(root), "sources/index.html")
    (listing,) = with_class(dom, "ul", "seed-list")
    assert [text(a) for a in elements(listing, "a")] == [
        "Ministry statement",
        "Audit report coverage",
        "Wire report",
    ]
    assert [text(e) for e in with_class(listing, "span", "seed-title")] == [
        "“Ministry statement coverage”"
    ]


def test_a_draft_shows_a_banner_on_its_page_and_a_mark_where_it_is_listed(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    edit(root, HOMES, "confidence: high", "draft: true\nconfidence: high")
    out = tmp_path / "preview"
    assert SiteBuilder(root, out).build_all().ok  # the preview shows drafts; a build does not
    dom = page(out, "claims/homes-built/index.html")
    (banner,) = with_class(dom, "div", "draft-banner")
    assert banner.get("role") == "region" and banner.get("aria-label") == "Draft notice"
    assert text(banner).startswith("Draft — not published.")
    body = next(iter(elements(dom, "body")))
    landmarks = [e for e in body if e.tag in (XHTML + "header", XHTML + "div", XHTML + "main")]
    assert landmarks[1] is banner  # after the site's header, before the main content
    index = page(out, "index.html")
    marks = {
        text(with_class(item, "a", "claim-link")[0]): [
            text(mark) for mark in with_class(item, "span", "draft-mark")
        ]
        for item in with_class(index, "li", "claim-item")
    }
    assert marks == {
        "The ministry says 4,000 new homes were built in 2025.": ["Draft"],
        "Critics say the figure counts homes that were only planned.": [],
    }
    other = page(out, "claims/planned-homes/index.html")
    assert with_class(other, "div", "draft-banner") == []


def test_the_index_links_to_the_story_overview_only_when_the_page_exists(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    assert with_class(page(built(root), "index.html"), "p", "overview-link") == []
    (root / "content/pages/overview.md").write_text("# The story so far\n\nWhat we know.\n")
    site = built(root)
    (link,) = with_class(page(site, "index.html"), "p", "overview-link")
    assert [(a.get("href"), text(a)) for a in elements(link, "a")] == [
        ("overview/index.html", "The story so far")
    ]
    assert with_class(page(site, "confidence/high/index.html"), "p", "overview-link") == []


def test_the_footer_says_quotes_are_matched_word_for_word(tmp_path: Path) -> None:
    site = built(make_site(tmp_path))
    (footer,) = elements(page(site, "index.html"), "footer")
    assert "matched word for word against the archived article" in text(footer)
    assert "checked against" not in text(footer)


def test_no_layout_tells_readers_about_the_projects_tests() -> None:
    for layout in sorted((REPO / "layouts").iterdir()):
        words = re.sub(r"\{#.*?#\}", "", layout.read_text(encoding="utf-8"), flags=re.DOTALL)
        assert not re.search(r"\btest", words, re.IGNORECASE), layout.name
