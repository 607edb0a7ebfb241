"""Keeps what is made from one card alone (a feed entry, a listed item, a claims.json record).

A card shows in many places: the index and the pages of its level and tags list it, the
feed and claims.json hold it whole. Each of those is made once per card and reused; the
rebuild behind `serve` keeps them, so an edit to one card remakes that card's alone.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

import jinja2
from markupsafe import Markup

from .model import CONFIDENCE_LEVELS, RUBRIC, Card, SiteConfig

T = TypeVar("T")


class CardFragments:
    """Things made from one card, by the card object and a key naming what was made.

    Cards are immutable and an edit loads a new object, so a kept fragment is never stale
    while its card is the same object. What a fragment may also show (the settings, the
    seeds, the base URL) is compared whole: any change to it starts afresh.
    """

    def __init__(self) -> None:
        self._by_card: dict[int, tuple[Card, dict[Hashable, object]]] = {}
        self._site: tuple[object, ...] = ()
        self._site_wide: dict[Hashable, object] = {}

    def use_site(self, *site_wide: object) -> None:
        """Name what every fragment may show besides its card; forget all if it changed."""
        same = len(site_wide) == len(self._site) and all(
            new is old for new, old in zip(site_wide, self._site, strict=False)
        )
        if not same:
            self._by_card, self._site_wide, self._site = {}, {}, site_wide

    def of_card(self, card: Card, key: Hashable, make: Callable[[], T]) -> T:
        """Return what make() gives for this card and key, calling it the first time only."""
        kept = self._by_card.get(id(card))
        if kept is None or kept[0] is not card:
            kept = self._by_card[id(card)] = (card, {})
        made = kept[1]
        if key not in made:
            made[key] = make()
        return made[key]  # type: ignore[return-value]

    def of_site(self, key: Hashable, make: Callable[[], T]) -> T:
        """Return what make() gives from the site-wide things alone, calling it once."""
        if key not in self._site_wide:
            self._site_wide[key] = make()
        return self._site_wide[key]  # type: ignore[return-value]

    def keep_only(self, cards: Iterable[Card]) -> None:
        """Forget the fragments of cards that are no longer in the site."""
        live = {id(card): card for card in cards}
        self._by_card = {
            key: kept for key, kept in self._by_card.items() if live.get(key) is kept[0]
        }


def fragment_renderer(
    env: jinja2.Environment, fragments: CardFragments, config: SiteConfig, base_url: str
) -> Callable[..., Markup]:
    """Return the layouts' card_fragment(name, card, **arguments): a layout rendered per card.

    The layout sees the card, its arguments, the settings (`site`), `base_url`, `rubric`
    and `levels`; nothing that changes without the card changing (the tally, the tags).
    """
    shared: Mapping[str, object] = {
        "site": config,
        "base_url": base_url,
        "rubric": RUBRIC,
        "levels": CONFIDENCE_LEVELS,
    }

    def card_fragment(name: str, card: Card, **arguments: str) -> Markup:
        def make() -> Markup:
            context = {**shared, **arguments, "card": card}
            return Markup(env.get_template(name).render(context))

        return fragments.of_card(card, (name, *sorted(arguments.items())), make)

    return card_fragment
