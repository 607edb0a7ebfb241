"""Describes each claim page for machines: schema.org ClaimReview, made from a card.

Aggregators show this markup without the site around it, so it must not mislead on its
own: it reviews only someone's claim, quotes the claim whole, and rates in words how well
the archived coverage attests the claim, never with a number that reads as a truth scale.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import urls
from ..model import NOT_STATED, RATINGS, Seed, SiteConfig, VerifiedCard
from .links import is_web_url

# The built-in textual ratings (model.RATINGS); a site's content/rubric.yaml may reword them.
RATING_WORDS: Mapping[str, str] = RATINGS

SCHEMA_TYPES: Mapping[str, str] = {"person": "Person", "organization": "Organization"}


def organization(name: str, url: str = "") -> dict[str, str]:
    """Return a schema.org Organization."""
    found = {"@type": "Organization", "name": name}
    return {**found, "url": url} if url else found


def claim_author(card: VerifiedCard, config: SiteConfig) -> dict[str, str] | None:
    """Return who made the claim, typed as content/site.yaml declares; None if undeclared."""
    kind = SCHEMA_TYPES.get(config.claimants.get(card.claimant, ""))
    return {"@type": kind, "name": card.claimant} if kind else None


def appearance(seed: Seed) -> dict[str, object]:
    """Return a seed as the CreativeWork it was published as, at its own URL."""
    work: dict[str, object] = {"@type": "CreativeWork", "url": seed.url, "headline": seed.title}
    if seed.publisher and seed.publisher != NOT_STATED:
        work["publisher"] = organization(seed.publisher)
    if seed.published:
        work["datePublished"] = seed.published.isoformat()
    return work


def appearances(card: VerifiedCard, seeds: Mapping[str, Seed]) -> list[dict[str, object]]:
    """Return where the claim appears: the supporting seeds published at a known web URL."""
    # A context or contradicting source is not where the claim appears, and a seed known
    # only by its archived copy here has no address of its own to offer.
    supporting = sorted({s.seed for s in card.sources if s.stance == "supports"})
    found = [seeds[seed_id] for seed_id in supporting if seed_id in seeds]
    return [appearance(seed) for seed in found if is_web_url(seed.url)]


def item_reviewed(
    card: VerifiedCard, author: dict[str, str], seeds: Mapping[str, Seed]
) -> dict[str, object]:
    """Return the claim reviewed: who made it, when, and where it appears."""
    claim: dict[str, object] = {"@type": "Claim", "author": author}
    if card.claim_date:
        claim["datePublished"] = card.claim_date.isoformat()
    if found := appearances(card, seeds):
        claim["appearance"] = found
    return claim


def claim_review(
    card: VerifiedCard,
    seeds: Mapping[str, Seed],
    config: SiteConfig,
    base_url: str,
    rating: str | None = None,
) -> dict[str, object]:
    """Return the ClaimReview of one card, in the key order it is published in.

    Empty for a card without a declared claimant: the desk's own findings are no one's
    claim, and a claimant of unknown type would be typed by guess. `rating` is the textual
    rating of the card's level as the site words it; None gives the built-in words.
    """
    author = claim_author(card, config) if card.claimant else None
    if author is None:
        return {}
    review: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": urls.absolute(base_url, urls.claim_page(card.slug)),
        "claimReviewed": " ".join(card.claim.split()),
    }
    if card.published:
        review["datePublished"] = card.published.isoformat()
    review["dateModified"] = card.reviewed.isoformat()
    if config.publisher:
        review["author"] = organization(config.publisher, f"{base_url}/")
    words = rating if rating is not None else RATINGS[card.confidence]
    review["reviewRating"] = {"@type": "Rating", "alternateName": words}
    review["itemReviewed"] = item_reviewed(card, author, seeds)
    return review
