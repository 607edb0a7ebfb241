"""Describes each claim page for machines: schema.org ClaimReview, made from a card.

Aggregators show this markup without the site around it, so it must not mislead on its
own: it reviews only someone's claim, quotes the claim whole, and rates in words how well
the archived coverage attests the claim, never with a number that reads as a truth scale.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import urls
from ..model import Card, Seed, SiteConfig
from .links import is_web_url

# The textual rating, per level of the rubric (model.RUBRIC). Each says what is rated (the
# claim as phrased, against the reporting) and that it is not a truth verdict, because a
# reader of an aggregator takes "Low" for "false".
RATING_WORDS: Mapping[str, str] = {
    "high": "Well attested: two or more independent lines of reporting support this claim "
    "as phrased, and none contradicts it; not a verdict on whether it is true",
    "moderate": "Partly attested: the reporting supports this claim as phrased only in part "
    "(one line of reporting, with others consistent, or agreement on substance but not on "
    "detail); not a verdict on whether it is true",
    "low": "Thinly attested: this claim rests on one source or line of reporting, "
    "uncorroborated or vague; not a verdict on whether it is true",
    "disputed": "Disputed in the reporting: at least one source contradicts this claim as "
    "phrased; not a verdict on whether it is true",
}

SCHEMA_TYPES: Mapping[str, str] = {"person": "Person", "organization": "Organization"}
NOT_STATED = "not stated"  # what seeds/sources.yaml says of a publisher the text does not give


def organization(name: str, url: str = "") -> dict[str, str]:
    """Return a schema.org Organization."""
    found = {"@type": "Organization", "name": name}
    return {**found, "url": url} if url else found


def claim_author(card: Card, config: SiteConfig) -> dict[str, str] | None:
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


def appearances(card: Card, seeds: Mapping[str, Seed]) -> list[dict[str, object]]:
    """Return where the claim appears: the supporting seeds published at a known web URL."""
    # A context or contradicting source is not where the claim appears, and a seed known
    # only by its archived copy here has no address of its own to offer.
    supporting = sorted({s.seed for s in card.sources if s.stance == "supports"})
    found = [seeds[seed_id] for seed_id in supporting if seed_id in seeds]
    return [appearance(seed) for seed in found if is_web_url(seed.url)]


def item_reviewed(
    card: Card, author: dict[str, str], seeds: Mapping[str, Seed]
) -> dict[str, object]:
    """Return the claim reviewed: who made it, when, and where it appears."""
    claim: dict[str, object] = {"@type": "Claim", "author": author}
    if card.claim_date:
        claim["datePublished"] = card.claim_date.isoformat()
    if found := appearances(card, seeds):
        claim["appearance"] = found
    return claim


def claim_review(
    card: Card, seeds: Mapping[str, Seed], config: SiteConfig, base_url: str
) -> dict[str, object]:
    """Return the ClaimReview of one card, in the key order it is published in.

    Empty for a card without a declared claimant: the desk's own findings are no one's
    claim, and a claimant of unknown type would be typed by guess.
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
    review["reviewRating"] = {"@type": "Rating", "alternateName": RATING_WORDS[card.confidence]}
    review["itemReviewed"] = item_reviewed(card, author, seeds)
    return review
