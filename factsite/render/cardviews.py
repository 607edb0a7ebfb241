"""The views of one card or seed: what their own pages, listings and feed entries show.

The pipeline may remember them between runs (speed.RememberedViews), by the very card
and seed objects they were made from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from .. import urls
from ..model import Seed, Site, VerifiedCard, VerifiedSource
from . import machine
from .editorial import correction_views, last_change, supporting_lines
from .links import is_web_url
from .specs import PageSpec, place, spec_of
from .views import (
    Citation,
    CitingCard,
    ClaimView,
    FeedEntry,
    Link,
    ListedCard,
    PassageView,
    SeedView,
    SiteView,
)

T = TypeVar("T")


class Views:
    """Makes the views of one card or seed; the pipeline may remember them between runs."""

    def __init__(self, site: Site, base_url: str, shared: SiteView) -> None:
        self.seeds = site.seeds
        self.config = site.config
        self.words = site.rubric
        self.base_url = base_url
        self.shared = shared

    def listed(self, card: VerifiedCard) -> ListedCard:
        """Return the card as listings show it."""
        # No rubric words: a listed card is remembered by its card alone (speed/), so its
        # item's layout takes the level's label from `site`, which the item is rendered with.
        return ListedCard(
            card.claim,
            card.confidence,
            urls.claim_page(card.slug),
            len(card.seed_ids),
            card.reviewed.isoformat(),
            tag_links(card.tags),
            card.draft,
        )

    def claim(self, card: VerifiedCard) -> ClaimView:
        """Return the view of the card's own page."""
        path = urls.claim_page(card.slug)
        repo = self.shared.repo_url
        return ClaimView(
            *place(path, self.base_url),
            card.claim,
            card.claimant,
            iso(card.claim_date),
            card.confidence,
            self.words.level(card.confidence),
            card.summary,
            card.reviewed.isoformat(),
            card.verdict,
            iso(card.published),
            last_change(card).isoformat(),
            supporting_lines(card, self.seeds),
            correction_views(card),
            card.draft,
            tuple(self.citation(source) for source in card.sources),
            len(card.seed_ids),
            tag_links(card.tags),
            f"{repo}/edit/main/{card.path}" if repo else "",
            f"{repo}/blob/main/{card.path}" if repo else "",
            card,
            tuple(self.seeds[seed_id] for seed_id in card.seed_ids),
            self.config,
            self.base_url,
        )

    def citation(self, source: VerifiedSource) -> Citation:
        """Return one source of a claim page, with its passage."""
        seed = self.seeds[source.seed]
        passage = seed.passage(source.match.passage)
        return Citation(
            source.stance,
            self.words.stance(source.stance),
            source.note,
            seed.id,
            seed.name,
            seed.title,
            urls.seed_page(seed.id),
            seed.publisher,
            iso(seed.published),
            seed.url if is_web_url(seed.url) else "",
            passage.number,
            passage.anchor,
            passage.text,
            source.match.spans,
        )

    def claim_page(self, card: VerifiedCard) -> PageSpec:
        """Return the card's own page."""
        return spec_of(self.claim(card), "claim.html", card.path)

    def unless_same(self, name: str, key: object, make: Callable[[], T]) -> T:
        """Return make()'s result; a Views that remembers may return the last one made from
        an equal key instead."""
        return make()

    def feed_entry(self, card: VerifiedCard) -> FeedEntry:
        """Return the card's Atom entry."""
        return FeedEntry(
            card.claim,
            urls.absolute(self.base_url, urls.claim_page(card.slug)),
            machine.atom_time(last_change(card)),
            card.confidence,
            self.words.level(card.confidence).label,
            card.tags,
            card.summary,
            correction_views(card),
        )

    def seed(self, seed: Seed, citing: tuple[tuple[VerifiedCard, VerifiedSource], ...]) -> SeedView:
        """Return the view of a seed's page, given the cards and sources that cite it."""
        path = urls.seed_page(seed.id)
        by_passage: dict[int, list[tuple[VerifiedCard, VerifiedSource]]] = defaultdict(list)
        for card, source in citing:
            by_passage[source.match.passage].append((card, source))
        passages = tuple(
            PassageView(
                passage.number,
                passage.anchor,
                passage.text,
                tuple(span for _, s in cites for span in s.match.spans),
                tuple(
                    CitingCard(
                        card.claim,
                        urls.claim_page(card.slug),
                        s.stance,
                        self.words.stance(s.stance),
                        card.confidence,
                        self.words.level(card.confidence).label,
                        card.draft,
                    )
                    for card, s in cites
                ),
            )
            for passage in seed.passages
            for cites in [by_passage.get(passage.number, [])]
        )
        return SeedView(
            *place(path, self.base_url),
            seed.id,
            seed.label,
            seed.title,
            seed.publisher,
            iso(seed.published),
            seed.url if is_web_url(seed.url) else "",
            seed.origins,
            iso(seed.archived),
            seed.note,
            len(by_passage),
            passages,
        )


def iso(day: date | None) -> str:
    """Return a date as YYYY-MM-DD, or an empty text for a date not stated."""
    return day.isoformat() if day else ""


def tag_links(tags: Iterable[str]) -> tuple[Link, ...]:
    """Return links to the listings of these tags."""
    return tuple(Link(tag, urls.tag_page(tag)) for tag in tags)
