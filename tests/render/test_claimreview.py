"""The ClaimReview of a built claim page, read as a consumer of the markup (extruct) reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import extruct  # type: ignore[import-untyped]
import pytest

import build
from factsite.render.claimreview import RATING_WORDS
from tests.sitetools import edit, make_site

BASE = "https://example.org/fixture"
HOMES = "content/claims/homes-built.yaml"
PLANNED = "content/claims/planned-homes.yaml"
SOURCES = "seeds/sources.yaml"
SITE = "content/site.yaml"


def built(root: Path) -> Path:
    """Build the site at root; return its output folder."""
    assert build.main(["--root", str(root), "build"]) == 0
    return root / "_site"


def claim_reviews(site: Path, slug: str) -> list[dict[str, Any]]:
    """Return the ClaimReview items of one claim page's JSON-LD."""
    page = (site / f"claims/{slug}/index.html").read_text(encoding="utf-8")
    items = extruct.extract(page, base_url=f"{BASE}/claims/{slug}/", syntaxes=["json-ld"])
    return [item for item in items["json-ld"] if item.get("@type") == "ClaimReview"]


def the_review(site: Path, slug: str) -> dict[str, Any]:
    (review,) = claim_reviews(site, slug)
    return review


def give_urls(root: Path) -> None:
    """Give seed alpha a URL, and beta a URL and a publisher, in seeds/sources.yaml."""
    edit(root, SOURCES, "  title: Ministry statement coverage\n", (
        "  title: Ministry statement coverage\n  url: https://news.example/alpha\n"
    ))  # fmt: skip
    edit(root, SOURCES, "  title: Audit report coverage\n  publisher: not stated\n", (
        "  title: Audit report coverage\n  publisher: Audit Weekly\n"
        "  url: https://audit.example/report\n"
    ))  # fmt: skip


def test_a_card_with_a_claimant_has_exactly_one_claim_review(tmp_path: Path) -> None:
    review = the_review(built(make_site(tmp_path)), "homes-built")
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{BASE}/claims/homes-built/",
        "claimReviewed": "The ministry says 4,000 new homes were built in 2025.",
        "dateModified": "2026-02-01",
        "author": {"@type": "Organization", "name": "Fixture Desk", "url": f"{BASE}/"},
        "reviewRating": {"@type": "Rating", "alternateName": RATING_WORDS["high"]},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": "Housing ministry"},
            "datePublished": "2026-01-10",
        },
    }


def test_a_card_without_a_claimant_has_no_claim_review(tmp_path: Path) -> None:
    assert claim_reviews(built(make_site(tmp_path)), "planned-homes") == []


def test_claim_reviewed_is_the_whole_claim_however_long(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    claim = (
        "The ministry says 4,000 new homes were built in 2025, counting only the homes "
        "finished and connected to the grid by the end of December, at the time of reporting."
    )
    edit(root, HOMES, "The ministry says 4,000 new homes were built in 2025.", claim)
    review = the_review(built(root), "homes-built")
    assert review["claimReviewed"] == claim
    assert "…" not in review["claimReviewed"]


@pytest.mark.parametrize(
    ("level", "card", "slug"),
    [
        ("high", HOMES, "homes-built"),
        ("moderate", HOMES, "homes-built"),
        ("low", HOMES, "homes-built"),
        ("disputed", PLANNED, "planned-homes"),
    ],
)
def test_the_rating_is_words_without_a_number(
    level: str, card: str, slug: str, tmp_path: Path
) -> None:
    root = make_site(tmp_path)
    if card == HOMES:  # its two supporting seeds allow high, moderate or low
        edit(root, HOMES, "confidence: high", f"confidence: {level}")
    edit(root, PLANNED, "confidence: disputed", "claimant: Critics\nconfidence: disputed")
    edit(root, SITE, "  Housing ministry: organization\n", (
        "  Housing ministry: organization\n  Critics: organization\n"
    ))  # fmt: skip
    rating = the_review(built(root), slug)["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": RATING_WORDS[level]}
    words = rating["alternateName"]
    assert "not a verdict on whether it is true" in words
    assert not any(char.isdigit() for char in words)


def test_appearance_lists_only_supporting_seeds_that_have_a_url(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    give_urls(root)
    # planned-homes: alpha supports; beta, though it has a URL, contradicts and gives context.
    edit(root, PLANNED, "confidence: disputed", "claimant: Critics\nconfidence: disputed")
    edit(root, SITE, "  Housing ministry: organization\n", (
        "  Housing ministry: organization\n  Critics: organization\n"
    ))  # fmt: skip
    site = built(root)
    alpha = {
        "@type": "CreativeWork",
        "url": "https://news.example/alpha",
        "headline": "Ministry statement coverage",
    }
    beta = {
        "@type": "CreativeWork",
        "url": "https://audit.example/report",
        "headline": "Audit report coverage",
        "publisher": {"@type": "Organization", "name": "Audit Weekly"},
        "datePublished": "2026-01-15",
    }
    assert the_review(site, "homes-built")["itemReviewed"]["appearance"] == [alpha, beta]
    assert the_review(site, "planned-homes")["itemReviewed"]["appearance"] == [alpha]


def test_appearance_leaves_out_seeds_without_a_url(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    edit(root, SOURCES, "  title: Audit report coverage\n", (
        "  title: Audit report coverage\n  url: https://audit.example/report\n"
    ))  # fmt: skip
    site = built(root)
    (work,) = the_review(site, "homes-built")["itemReviewed"]["appearance"]
    assert work["url"] == "https://audit.example/report"  # alpha has no URL of its own


def test_no_seed_with_a_url_means_no_appearance(tmp_path: Path) -> None:
    review = the_review(built(make_site(tmp_path)), "homes-built")
    assert "appearance" not in review["itemReviewed"]
    assert f"{BASE}/sources/" not in str(review)  # the archived copy is not where it appeared


@pytest.mark.parametrize(
    ("kind", "schema_type"), [("person", "Person"), ("organization", "Organization")]
)
def test_the_claim_author_is_typed_as_site_yaml_declares(
    kind: str, schema_type: str, tmp_path: Path
) -> None:
    root = make_site(tmp_path)
    edit(root, SITE, "Housing ministry: organization", f"Housing ministry: {kind}")
    author = the_review(built(root), "homes-built")["itemReviewed"]["author"]
    assert author == {"@type": schema_type, "name": "Housing ministry"}


def test_date_published_is_the_cards_first_publication_and_modified_its_review(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    edit(root, HOMES, "reviewed: 2026-02-01", "published: 2026-01-20\nreviewed: 2026-02-01")
    review = the_review(built(root), "homes-built")
    assert (review["datePublished"], review["dateModified"]) == ("2026-01-20", "2026-02-01")
    assert review["itemReviewed"]["datePublished"] == "2026-01-10"  # when the claim was made


def test_a_card_never_published_has_no_date_published(tmp_path: Path) -> None:
    review = the_review(built(make_site(tmp_path)), "homes-built")
    assert "datePublished" not in review
    assert review["dateModified"] == "2026-02-01"


def test_without_a_publisher_the_review_names_no_author(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    edit(root, SITE, "publisher: Fixture Desk\n", "")
    review = the_review(built(root), "homes-built")
    assert "author" not in review  # the site's title is not taken for its publisher
