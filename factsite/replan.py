"""Plans a site's pages as render.plan_pages does, planning again only what an edit touched."""

from __future__ import annotations

import dataclasses

from .feeds import card_record, feed_updated
from .model import Card, Site
from .render import (
    PageSpec,
    claim_pages,
    content_pages,
    listing_pages,
    machine_pages,
    sitemap_page,
    sort_cards,
    source_pages,
)


class Planner:
    """Plans pages as plan_pages does, reusing the parts an edit's dependency keys spare.

    The parts are plan_pages's own: the listings, one claim page a card, the seeds' pages,
    the content pages, the sitemap and the machine files. A card's claim page and its
    claims.json record are kept while the card, the seeds, the settings and the base URL are
    the same objects; a test holds the plan equal to plan_pages's after every kind of edit.
    """

    def __init__(self) -> None:
        self._site_wide: tuple[object, ...] = ()
        self._listings: list[PageSpec] = []
        self._sources: list[PageSpec] = []
        self._sitemap: PageSpec | None = None
        self._claims: dict[str, tuple[Card, PageSpec]] = {}
        self._records: dict[str, tuple[Card, dict[str, object]]] = {}

    def plan(self, site: Site, base: str, dirt: set[str] | None) -> list[PageSpec]:
        """Return every page of the site, in plan_pages's order."""
        fresh = dirt is None or not self._same_site_wide(site, base)
        if fresh:
            self._site_wide = (site.seeds, site.pages, site.config, base)
            self._claims, self._records = {}, {}
        cards = sort_cards(site.cards)
        if fresh or touches(dirt, "listing", "tally", "seed:"):
            self._listings = listing_pages(site, cards)
        if fresh or touches(dirt, "listed:", "cited:", "seed:"):
            self._sources = source_pages(site)
        pages = [
            *self._listings,
            *(self._claim_page(site, card, base) for card in cards),
            *self._sources,
            *content_pages(site),
        ]
        if fresh or self._sitemap is None or touches(dirt, "listing", "seed:"):
            self._sitemap = sitemap_page(site, pages)
        return [
            *pages,
            self._sitemap,
            *self._machine_pages(site, cards, base),
            PageSpec("404.html", "404.html", {"root": base + "/"}),
        ]

    def _same_site_wide(self, site: Site, base: str) -> bool:
        """Tell whether what every claim page shows besides its card is as last planned."""
        if not self._site_wide:
            return False
        seeds, pages, config, old_base = self._site_wide
        # The builder replaces its seeds and pages whole when it reads them again.
        same_objects = seeds is site.seeds and pages is site.pages
        return same_objects and config == site.config and old_base == base

    def _claim_page(self, site: Site, card: Card, base: str) -> PageSpec:
        """Return the card's claim page, planned again only if the card changed."""
        kept = self._claims.get(card.slug)
        if kept is None or kept[0] is not card:
            kept = self._claims[card.slug] = (card, claim_pages(site, [card], base)[0])
        return kept[1]

    def _machine_pages(self, site: Site, cards: list[Card], base: str) -> list[PageSpec]:
        """Return the feed, claims.json and robots.txt, with claims.json's records reused."""
        # Planned without cards, claims.json is the document's frame; the records go in it.
        feed, document, robots = machine_pages(_without_cards(site), [], base)
        frame = document.context["document"]
        assert isinstance(frame, dict)
        records = {}
        for card in sorted(site.cards, key=lambda c: c.slug):  # claims_document's order
            kept = self._records.get(card.slug)
            if kept is None or kept[0] is not card:
                kept = (card, card_record(card, site.seeds, base))
            records[card.slug] = kept
        self._records = records
        claims = [record for _, record in records.values()]
        entries = {"entries": cards, "updated": feed_updated(cards)}
        return [
            dataclasses.replace(feed, context=entries),
            dataclasses.replace(document, context={"document": {**frame, "claims": claims}}),
            robots,
        ]


def _without_cards(site: Site) -> Site:
    """Return the site with no cards, to plan the frame of the pages that list them all."""
    return Site(site.root, site.config, (), site.seeds, site.pages, site.layouts, site.static_files)


def touches(dirt: set[str] | None, *keys: str) -> bool:
    """Tell whether any dependency key in dirt is one of keys, or starts with one ending in ':'."""
    if dirt is None:
        return True
    exact = {key for key in keys if not key.endswith(":")}
    prefixes = tuple(key for key in keys if key.endswith(":"))
    return any(key in exact or key.startswith(prefixes) for key in dirt)
