"""The render stage's views, items and claims.json records, each made once per object."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from markupsafe import Markup

from ..model import Seed, Site, VerifiedCard, VerifiedSource
from ..render import ItemRenderer, Renderer
from ..render.machine import JsonDocuments, card_record, claims_pieces, seed_records
from ..render.plan import PageSpec, Views, spec_of
from ..render.views import (
    ClaimsView,
    ClaimView,
    FeedEntry,
    ListedCard,
    PageView,
    SeedView,
    SiteView,
)
from .memo import IdentityMemo
from .switch import enabled

T = TypeVar("T")


class RememberedViews(Views):
    """Views made once per card or seed object, and kept while the site around them is."""

    def __init__(self, site: Site, base_url: str, shared: SiteView, memo: IdentityMemo) -> None:
        super().__init__(site, base_url, shared)
        self.memo = memo
        self._listed = memo.scope("listed", ())
        # A claim page shows its seeds and the settings: a change to either remakes them all.
        self._claims = memo.scope("claim", (shared, self.config, self.seeds))
        self._entries = memo.scope("feed", (shared,))
        # Kept by card in the claim views' own context: one lookup a card each time it plans.
        self._claim_pages = memo.scope("claim page", (shared, self.config, self.seeds))

    def listed(self, card: VerifiedCard) -> ListedCard:
        return self._listed.get(card, lambda: Views.listed(self, card))

    def claim(self, card: VerifiedCard) -> ClaimView:
        return self._claims.get(card, lambda: Views.claim(self, card))

    def feed_entry(self, card: VerifiedCard) -> FeedEntry:
        return self._entries.get(card, lambda: Views.feed_entry(self, card))

    def claim_page(self, card: VerifiedCard) -> PageSpec:
        return self._claim_pages.get(
            card, lambda: spec_of(self.claim(card), "claim.html", card.path)
        )

    def unless_same(self, name: str, key: object, make: Callable[[], T]) -> T:
        return self.memo.unless_same(name, (self.shared, key), make)

    def seed(self, seed: Seed, citing: tuple[tuple[VerifiedCard, VerifiedSource], ...]) -> SeedView:
        # The sources are parts of their cards: the cards' objects say all that can change.
        made_from = (seed, self.shared, *(card for card, _ in citing))
        return self.memo.get("seed", made_from, lambda: Views.seed(self, seed, citing))


def remembered_items(renderer: Renderer, memo: IdentityMemo) -> ItemRenderer:
    """Return the renderer's item rendering, each item rendered once per layout and root."""
    context = (renderer.env, renderer.site)

    def render(layout: str, item: object, root: str, page: str) -> Markup:
        scope = memo.scope(("item", layout, root), context)
        return scope.get(item, lambda: renderer.item(layout, item, root, page))

    return render


class RememberedClaims:
    """Writes claims.json with each card's record, and its JSON text, made once per card."""

    def __init__(self, memo: IdentityMemo, kept: bool) -> None:
        self.memo = memo
        # Kept between runs (the preview), it reuses the text of the records it last encoded.
        self.documents = JsonDocuments() if kept and enabled() else None

    def __call__(self, view: PageView) -> Iterator[str]:
        """Yield claims.json's text in pieces."""
        assert isinstance(view, ClaimsView)
        records = self.memo.scope(("record", view.base_url), (view.seeds,))
        # The same records object while no seed changed: its text is not encoded again.
        seeds_records = self.memo.scope(("seed records", view.base_url), ())

        def record(card: VerifiedCard, seeds: Mapping[str, Seed], base: str) -> dict[str, object]:
            return records.get(card, lambda: card_record(card, seeds, base))

        def seeds_record(seeds: Mapping[str, Seed], base: str) -> dict[str, dict[str, object]]:
            return seeds_records.get(seeds, lambda: seed_records(seeds, base))

        return claims_pieces(view, record, self.documents, seeds_record)
