"""What is made from one card alone is made once, and again only when the card changes."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

import pytest

from factsite.fragments import CardFragments
from factsite.load import load_site
from factsite.model import Card
from factsite.rebuild import SiteBuilder
from factsite.verify import verify_site
from tests.sitetools import make_site

T = TypeVar("T")


@pytest.fixture
def cards(tmp_path: Path) -> tuple[Card, ...]:
    site, _ = verify_site(load_site(make_site(tmp_path))[0])
    return site.cards


def test_a_fragment_is_made_once_while_its_card_is_the_same_object(
    cards: tuple[Card, ...],
) -> None:
    fragments = CardFragments()
    made: list[str] = []

    def make(card: Card) -> Callable[[], str]:
        return lambda: made.append(card.slug) or card.slug.upper()

    first, second = cards
    assert fragments.of_card(first, "entry", make(first)) == first.slug.upper()
    assert fragments.of_card(first, "entry", make(first)) == first.slug.upper()
    assert fragments.of_card(second, "entry", make(second)) == second.slug.upper()
    assert made == [first.slug, second.slug]
    # An edit loads a new object, even one equal to the old: it gets its fragments anew.
    edited = dataclasses.replace(first, claim=first.claim + " Again.")
    fragments.of_card(edited, "entry", make(edited))
    fragments.of_card(first, "item", make(first))  # another key of the same card
    assert made == [first.slug, second.slug, first.slug, first.slug]


def test_a_change_to_what_fragments_may_show_besides_the_card_forgets_them_all(
    cards: tuple[Card, ...],
) -> None:
    fragments = CardFragments()
    settings, seeds = object(), object()
    fragments.use_site(settings, seeds)
    fragments.of_card(cards[0], "entry", lambda: "old")
    fragments.of_site("seeds", lambda: "old")
    fragments.use_site(settings, seeds)  # the same objects: kept
    assert fragments.of_card(cards[0], "entry", lambda: "new") == "old"
    fragments.use_site(object(), seeds)  # new settings, even if equal: forgotten
    assert fragments.of_card(cards[0], "entry", lambda: "new") == "new"
    assert fragments.of_site("seeds", lambda: "new") == "new"


def test_the_fragments_of_cards_gone_from_the_site_are_forgotten(
    cards: tuple[Card, ...],
) -> None:
    fragments = CardFragments()
    for card in cards:
        fragments.of_card(card, "entry", lambda: "old")
    fragments.keep_only(cards[:1])
    assert fragments.of_card(cards[0], "entry", lambda: "new") == "old"
    assert fragments.of_card(cards[1], "entry", lambda: "new") == "new"


def count_fragments(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the fragments made from now on, by their key's first part (layout or record)."""
    made: Counter[str] = Counter()
    of_card = CardFragments.of_card

    def counted(self: CardFragments, card: Card, key: Hashable, make: Callable[[], T]) -> T:
        def make_counted() -> T:
            made[key[0] if isinstance(key, tuple) else str(key)] += 1
            return make()

        return of_card(self, card, key, make_counted)

    monkeypatch.setattr(CardFragments, "of_card", counted)
    return made


def test_a_rebuild_remakes_the_fragments_of_the_edited_card_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    made = count_fragments(monkeypatch)
    builder.build_all()
    # Both cards: a feed entry, a claims.json record, listed items on the index (root "")
    # and on the level and tag pages (root "../../").
    assert made == {"_feed_entry.xml": 2, "claims.json": 2, "_card_item.html": 4}
    made.clear()
    card = root / "content/claims/homes-built.yaml"
    card.write_text(card.read_text().replace("4,000 new homes", "4,000 new houses", 1))
    assert builder.rebuild(["content/claims/homes-built.yaml"]).ok
    assert made == {"_feed_entry.xml": 1, "claims.json": 1, "_card_item.html": 2}
