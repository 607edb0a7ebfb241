"""What pages tell readers about a card besides its sources: lines of reporting, corrections."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from operator import attrgetter

from ..diagnostics import listed
from ..model import ReportingLine, Seed, VerifiedCard
from .views import CorrectionView


def supporting_lines(card: VerifiedCard, seeds: Mapping[str, Seed]) -> tuple[str, ...]:
    """Return the names of the independent lines of reporting that support the card's claim."""
    return tuple(line_name(line, seeds) for line in card.supporting)


def line_name(line: ReportingLine, seeds: Mapping[str, Seed]) -> str:
    """Name a line by its origins or, when it names none, by its first seed."""
    if not line.origins:
        return seeds[line.seeds[0]].name
    # Joined by "and": lines themselves are listed with semicolons between them.
    return listed(line.origins)


def last_change(card: VerifiedCard) -> date:
    """Return the date the card last changed for readers: its review or latest correction."""
    return max((card.reviewed, *(correction.date for correction in card.corrections)))


def correction_views(card: VerifiedCard) -> tuple[CorrectionView, ...]:
    """Return the card's corrections, latest first (one day's in the card's order)."""
    ordered = sorted(card.corrections, key=lambda c: -c.date.toordinal())
    return tuple(CorrectionView(c.date.isoformat(), c.note) for c in ordered)


def by_slug(cards: Iterable[VerifiedCard]) -> list[VerifiedCard]:
    """Return the cards in slug order: claims.json's, and the order a seed's citing cards show."""
    return sorted(cards, key=attrgetter("slug"))


def by_last_change(cards: Iterable[VerifiedCard]) -> list[VerifiedCard]:
    """Return cards most recently changed first, then by slug: the feed's order."""
    # Sorted by slug, then stably by date, newest first (reverse keeps equal dates in slug
    # order): the order of one sort on (date, slug), with a Python call per card only for
    # the date. The preview sorts every card of a large site again after each edit.
    ordered = by_slug(cards)
    ordered.sort(key=last_change, reverse=True)
    return ordered
