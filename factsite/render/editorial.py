"""What pages tell readers about a card besides its sources: lines of reporting, corrections."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from ..diagnostics import listed
from ..model import Seed, VerifiedCard
from ..verify.origins import ReportingLine, reporting_lines
from ..verify.quotes import passages_digest
from .views import CorrectionView


def text_digest(seed: Seed) -> str:
    """Return the digest verify tells copies of one text by (without indexing the seed)."""
    return passages_digest(seed.passages)


def supporting_lines(
    card: VerifiedCard, seeds: Mapping[str, Seed], digest: Callable[[str], str]
) -> tuple[str, ...]:
    """Return the names of the independent lines of reporting that support the card's claim.

    `digest` gives a seed's text digest by its id (text_digest, perhaps remembered).
    """
    cited = [source.seed for source in card.sources if source.stance == "supports"]
    digests = {seed_id: digest(seed_id) for seed_id in cited}
    return tuple(line_name(line, seeds) for line in reporting_lines(cited, seeds, digests))


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


def by_last_change(cards: Iterable[VerifiedCard]) -> list[VerifiedCard]:
    """Return cards most recently changed first, then by slug: the feed's order."""
    return sorted(cards, key=lambda card: (-last_change(card).toordinal(), card.slug))
