"""Describes each claim page for machines: schema.org ClaimReview, made from a card."""

from __future__ import annotations

from collections.abc import Mapping

from .. import urls
from ..model import Card, Seed, SiteConfig
from .links import is_web_url

# Google advised keeping claimReviewed under about 75 characters.
CLAIM_REVIEWED_MAX = 75

# ClaimReview needs a number as well as a word. The scale orders how well the archived
# sources bear out the claim as phrased: a contradicted claim (disputed) is worst, a lone
# uncorroborated source (low) is weak but not contradicted, partial support (moderate) is
# better, two or more agreeing sources with no contradiction (high) is best.
RATING_VALUES: Mapping[str, int] = {"disputed": 1, "low": 2, "moderate": 3, "high": 4}
BEST_RATING = max(RATING_VALUES.values())
WORST_RATING = min(RATING_VALUES.values())


def short_claim(claim: str, limit: int = CLAIM_REVIEWED_MAX) -> str:
    """Return the claim as is if it fits, else cut at the last whole word with an ellipsis."""
    text = " ".join(claim.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def organization(name: str, url: str = "") -> dict[str, str]:
    """Return a schema.org Organization."""
    found = {"@type": "Organization", "name": name}
    return {**found, "url": url} if url else found


def appearance(seed: Seed, base_url: str) -> dict[str, str]:
    """Return a cited seed as a CreativeWork: its own URL if known, else its page here."""
    work = {
        "@type": "CreativeWork",
        "url": seed.url
        if is_web_url(seed.url)
        else urls.absolute(base_url, urls.seed_page(seed.id)),
        "headline": seed.title,
    }
    if seed.published:
        work["datePublished"] = seed.published.isoformat()
    return work


def claim_review(
    card: Card, seeds: Mapping[str, Seed], config: SiteConfig, base_url: str
) -> dict[str, object]:
    """Return the ClaimReview of one card, in the key order it is published in."""
    claim: dict[str, object] = {"@type": "Claim"}
    if card.claimant:
        claim["author"] = organization(card.claimant)
    if card.claim_date:
        claim["datePublished"] = card.claim_date.isoformat()
    claim["appearance"] = [appearance(seeds[seed_id], base_url) for seed_id in card.seed_ids]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": urls.absolute(base_url, urls.claim_page(card.slug)),
        "claimReviewed": short_claim(card.claim),
        "datePublished": card.reviewed.isoformat(),
        "author": organization(config.publisher or config.title, f"{base_url}/"),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[card.confidence],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": card.confidence.capitalize(),
        },
        "itemReviewed": claim,
    }
