"""Plans a site's pages as render.plan_pages does, planning again only what an edit touched."""

from __future__ import annotations

import dataclasses

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
    sources_index,
)


class Planner:
    """Plans pages as plan_pages does, reusing the parts an edit's dependency keys spare.

    The parts are plan_pages's own: the listings, one claim page a card, the seeds' pages,
    the content pages, the sitemap and the machine files. A card's claim page is kept while
    the card, the seeds, the settings and the base URL are the same objects; a seed's page
    is planned again when a card citing it changes as listed or in what it cites. The
    incremental tests hold the output equal to a clean build's after every kind of edit.
    """

    def __init__(self) -> None:
        self._site_wide: tuple[object, ...] = ()
        self._listings: list[PageSpec] = []
        self._sources: list[PageSpec] = []
        self._sitemap: PageSpec | None = None
        self._order: list[str] = []  # the slugs in sort_cards order
        self._claims: dict[str, tuple[Card, PageSpec]] = {}

    def plan(self, site: Site, base: str, dirt: set[str] | None) -> list[PageSpec]:
        """Return every page of the site, in plan_pages's order."""
        fresh = dirt is None or not self._same_site_wide(site, base)
        if fresh:
            self._site_wide = (site.seeds, site.pages, site.config, base)
            self._claims = {}
        by_slug = {card.slug: card for card in site.cards}
        cards = self._sorted_cards(site, by_slug, fresh or touches(dirt, "dated"))
        if fresh or touches(dirt, "tally", "dated", "seed:"):
            self._listings = listing_pages(site, cards)
        elif touches(dirt, "listing"):
            self._listings = [*self._current_indexes(by_slug), sources_index(site)]
        if fresh or touches(dirt, "seed:"):
            self._sources = source_pages(site)
        elif dirt is not None and touches(dirt, "listed:", "cited:"):
            self._sources = self._replan_sources(site, by_slug, dirt)
        pages = [
            *self._listings,
            *(self._claim_page(site, card, base) for card in cards),
            *self._sources,
            *content_pages(site),
        ]
        if fresh or self._sitemap is None or touches(dirt, "dated", "tally", "seed:"):
            self._sitemap = sitemap_page(site, pages)
        return [
            *pages,
            self._sitemap,
            *machine_pages(site, cards),
            PageSpec("404.html", "404.html", {"root": base + "/"}),
        ]

    def _current_indexes(self, by_slug: dict[str, Card]) -> list[PageSpec]:
        """Return the indexes as planned, each card in them replaced by its current object.

        Which cards an index lists, and in what order, follow their levels and tags (tally)
        and their slugs and review dates (dated): with those unchanged, only the objects are.
        """

        def current(cards: object) -> list[Card]:
            assert isinstance(cards, list)
            return [by_slug[card.slug] for card in cards]

        def refreshed(spec: PageSpec) -> PageSpec:
            groups = spec.context["groups"]
            assert isinstance(groups, list)
            context = {
                **spec.context,
                "cards": current(spec.context["cards"]),
                "groups": [(level, current(chosen)) for level, chosen in groups],
            }
            return dataclasses.replace(spec, context=context)

        return [refreshed(spec) for spec in self._listings[:-1]]  # all but the sources index

    def _sorted_cards(self, site: Site, by_slug: dict[str, Card], resort: bool) -> list[Card]:
        """Return the cards in sort_cards order, sorting again only if it may have changed."""
        # The order follows the cards' slugs and review dates (dated), and only them.
        if resort:
            cards = sort_cards(site.cards)
            self._order = [card.slug for card in cards]
            return cards
        return [by_slug[slug] for slug in self._order]

    def _replan_sources(
        self, site: Site, by_slug: dict[str, Card], dirt: set[str]
    ) -> list[PageSpec]:
        """Return the seeds' pages, planned again only for seeds whose citing cards changed."""
        # A card's old seeds are named by cited:<id> keys; its new ones are looked up here.
        seeds = {key.removeprefix("cited:") for key in dirt if key.startswith("cited:")}
        slugs = {key.removeprefix("listed:") for key in dirt if key.startswith("listed:")}
        cards = [by_slug[slug] for slug in slugs if slug in by_slug]
        seeds.update(seed for card in cards for seed in card.seed_ids)
        planned = {spec.path: spec for spec in source_pages(site, seeds)}
        return [planned.get(spec.path, spec) for spec in self._sources]

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


def touches(dirt: set[str] | None, *keys: str) -> bool:
    """Tell whether any dependency key in dirt is one of keys, or starts with one ending in ':'."""
    if dirt is None:
        return True
    exact = {key for key in keys if not key.endswith(":")}
    prefixes = tuple(key for key in keys if key.endswith(":"))
    return any(key in exact or key.startswith(prefixes) for key in dirt)
