"""The cards and seeds of a site at one moment, as the pipeline loads them, and what changed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline
from ..diagnostics import sort_diagnostics
from ..model import Card, Diagnostic, QuoteMatch, RubricWords, Seed
from .git import export_tree


@dataclass(frozen=True)
class CardVersion:
    """One side of a card's change: its file, the card, where its quotes are, its problems."""

    path: str
    data: bytes
    card: Card | None  # None when the file does not load as a card
    problems: tuple[Diagnostic, ...]
    matches: tuple[QuoteMatch | None, ...]  # each source's; None where it is not found


@dataclass(frozen=True)
class Snapshot:
    """The cards and seeds of a site at one moment: a git commit or the working tree."""

    cards: Mapping[str, CardVersion]  # by slug
    seeds: Mapping[str, Seed]  # each with the digest of its file's bytes, as load read them
    rubric: RubricWords  # the words readers see for the levels: content/rubric.yaml's, or built in


@dataclass(frozen=True)
class CardChange:
    """A card added, changed or removed: its version before and after."""

    slug: str
    before: CardVersion | None
    after: CardVersion | None

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


def load_snapshot(root: Path) -> Snapshot:
    """Load every card of a site folder with its quotes resolved, keeping cards that fail."""
    return snapshot_of(root, pipeline.run(root, render=False))


def snapshot_of(root: Path, outcome: pipeline.Outcome) -> Snapshot:
    """Return the snapshot of a site folder from the run that loaded and verified it."""
    assert outcome.loaded is not None and outcome.verified is not None
    seeds, checks = outcome.loaded.seeds, outcome.verified.checks
    cards = {}
    for rel, file in outcome.loaded.cards.items():
        check = checks.get(rel)
        problems = sort_diagnostics([*file.problems, *(check.problems if check else ())])
        # A card with a field that did not load is shown as a file that does not load.
        card = check.loaded if check and not check.loaded.invalid else None
        matches = tuple(s.match if s else None for s in check.sources) if check else ()
        data = _file_bytes(root / rel)
        cards[Path(rel).stem] = CardVersion(rel, data, card, tuple(problems), matches)
    return Snapshot(cards, seeds, outcome.site.rubric)


def _file_bytes(path: Path) -> bytes:
    """Return a file's bytes, or for a symlink its target, as git records it."""
    if path.is_symlink():
        return os.readlink(path).encode()
    return path.read_bytes()


def base_snapshot(root: Path, commit: str) -> Snapshot:
    """Return the cards and seeds of a commit, as loaded from a copy of its files."""
    with tempfile.TemporaryDirectory(prefix="factsite-review-") as folder:
        export_tree(root, commit, Path(folder))
        return load_snapshot(Path(folder))


def checked_cards(outcome: pipeline.Outcome) -> dict[str, Card]:
    """Return the cards of a run that load, by slug, as valid_cards gives a snapshot's."""
    assert outcome.verified is not None  # run() always returns what it verified
    checks = outcome.verified.checks.items()
    return {Path(rel).stem: c.loaded for rel, c in checks if not c.loaded.invalid}


def valid_cards(snapshot: Snapshot) -> dict[str, Card]:
    """Return the cards of a snapshot that load, by slug."""
    return {slug: v.card for slug, v in snapshot.cards.items() if v.card is not None}


def compare(before: Snapshot, after: Snapshot) -> list[CardChange]:
    """Return the cards whose file differs between the snapshots, by slug."""
    changes = []
    for slug in sorted({*before.cards, *after.cards}):
        old, new = before.cards.get(slug), after.cards.get(slug)
        if old is None or new is None or old.data != new.data:
            changes.append(CardChange(slug, old, new))
    return changes
