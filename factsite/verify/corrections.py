"""No silent corrections: a published card changes what it says only with a correction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from ..diagnostics import listed
from ..model import Card, Correction, Diagnostic

# What a reader relies on: a change to any of these must be told in a correction.
WATCHED = ("claim", "confidence", "sources")


def silent_changes(before: Mapping[str, Card], after: Mapping[str, Card]) -> list[Diagnostic]:
    """Return an error for each published card whose meaning changed without a correction.

    `before` and `after` map card slugs to the cards of the base and of the change. A card
    is published once it exists on the base as anything but a draft.
    """
    found: list[Diagnostic] = []
    for slug in sorted(before.keys() & after.keys()):
        old, new = before[slug], after[slug]
        if not old.draft:
            found += _card_problems(old, new)
    return found


def _card_problems(old: Card, new: Card) -> Iterable[Diagnostic]:
    dropped = [c for c in old.corrections if c not in new.corrections]
    for correction in dropped:
        yield Diagnostic.error(
            new.path,
            f"the published correction of {correction.date} was removed or changed",
            "a correction stays on the record: add a new one instead",
            pos=new.at("corrections"),
        )
    changed = changed_fields(old, new)
    if not changed or _corrected(old, new):
        return
    since = _last_date(old.corrections)
    after = f" dated {since} or later" if since else ""
    yield Diagnostic.error(
        new.path,
        f"{_named(changed)} of a published card changed without a correction",
        f"add an entry under corrections{after}: "
        "{date: YYYY-MM-DD, note: what changed and why} (a typo fix can say so)",
        pos=new.at(changed[0]),
    )


def changed_fields(old: Card, new: Card) -> list[str]:
    """Return which of the watched fields differ between two versions of a card."""

    def meaning(card: Card, name: str) -> object:
        return _source_set(card) if name == "sources" else getattr(card, name)

    return [name for name in WATCHED if meaning(old, name) != meaning(new, name)]


def _source_set(card: Card) -> set[tuple[str, str, str]]:
    return {(s.seed, " ".join(s.quote.split()), s.stance) for s in card.sources}


def _corrected(old: Card, new: Card) -> bool:
    """Tell whether the new card adds a correction dated on or after the old one's last."""
    since = _last_date(old.corrections) or date.min
    return any(c not in old.corrections and c.date >= since for c in new.corrections)


def _last_date(corrections: Iterable[Correction]) -> date | None:
    return max((c.date for c in corrections), default=None)


def _named(fields: list[str]) -> str:
    text = listed(fields)
    return text[0].upper() + text[1:]
