"""Builds the site's machine-readable files: claims.json, and the data of the feed and sitemap."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date

from .links import is_web_url
from .model import RUBRIC, Card, Seed, SiteConfig, Source

# Bumped only when a consumer of claims.json would have to change; adding keys is not.
CLAIMS_FORMAT_VERSION = 1
# An empty site still needs an Atom `updated`; a fixed date keeps builds byte-identical.
EPOCH = date(1970, 1, 1)


def atom_time(day: date) -> str:
    """Return a date as an RFC 3339 timestamp at midnight UTC, as Atom requires."""
    return f"{day.isoformat()}T00:00:00Z"


def feed_updated(cards: Iterable[Card]) -> str:
    """Return the feed's `updated`: the newest review date, never the time of the build."""
    return atom_time(max((card.reviewed for card in cards), default=EPOCH))


def source_record(source: Source, seed: Seed) -> dict[str, object]:
    """Return one citation with its resolved passage, as published in claims.json."""
    match = source.match
    passage = seed.passage(match.passage) if match else None
    return {
        "seed": source.seed,
        "passage": match.passage if match else None,
        "passage_text": passage.text if passage else None,
        "quote": source.quote,
        "spans": [list(span) for span in match.spans] if match else [],
        "stance": source.stance,
        "note": source.note,
    }


def card_record(card: Card, seeds: Mapping[str, Seed], base_url: str) -> dict[str, object]:
    """Return one card as published in claims.json."""
    return {
        "slug": card.slug,
        "url": f"{base_url}/claims/{card.slug}/",
        "claim": card.claim,
        "claimant": card.claimant or None,
        "claim_date": card.claim_date.isoformat() if card.claim_date else None,
        "confidence": card.confidence,
        "reviewed": card.reviewed.isoformat(),
        "tags": list(card.tags),
        "summary": card.summary,
        "sources": [source_record(source, seeds[source.seed]) for source in card.sources],
    }


def seed_record(seed: Seed, base_url: str) -> dict[str, object]:
    """Return a seed's metadata and its page on this site."""
    return {
        "title": seed.title,
        "publisher": seed.publisher or None,
        "published": seed.published.isoformat() if seed.published else None,
        "url": seed.url if is_web_url(seed.url) else None,
        "page": f"{base_url}/sources/{seed.id}/",
        "passages": len(seed.passages),
    }


def claims_document(
    cards: Iterable[Card], seeds: Mapping[str, Seed], config: SiteConfig, base_url: str
) -> dict[str, object]:
    """Return every card with its resolved passages, cards by slug and seeds by id."""
    return {
        "format": CLAIMS_FORMAT_VERSION,
        "site": {"title": config.title, "url": f"{base_url}/", "publisher": config.publisher},
        "confidence_levels": dict(RUBRIC),
        "claims": [
            card_record(card, seeds, base_url) for card in sorted(cards, key=lambda c: c.slug)
        ],
        "seeds": {seed_id: seed_record(seeds[seed_id], base_url) for seed_id in sorted(seeds)},
    }


def dump_json(data: object) -> str:
    """Return JSON as published: UTF-8 text, two-space indent, keys in the order built."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
