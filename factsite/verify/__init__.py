"""The verify stage: checks every loaded card against its seeds, again only what changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..diagnostics import has_errors
from ..load import LoadedSite
from ..model import Card, Diagnostic, Seed, Site, SiteConfig, VerifiedCard, VerifiedSource
from .cards import copied_seeds, uncited_seeds, verified_card, verify_card
from .claimants import claimant_problems
from .quotes import SeedIndex
from .seeds import seed_problems


@dataclass(frozen=True)
class CardCheck:
    """One card as verified: where each of its quotes was found, its problems, what to publish."""

    loaded: Card
    seeds: tuple[Seed | None, ...]  # the seeds it was checked against, in seed_ids order
    sources: tuple[VerifiedSource | None, ...]  # the card's, None where a quote was not found
    problems: tuple[Diagnostic, ...]
    card: VerifiedCard | None  # to publish: loaded whole and verified cleanly; else None


@dataclass(frozen=True)
class VerifiedSite:
    """The site to publish (cards that verified cleanly), with every check's problems."""

    site: Site
    checks: Mapping[str, CardCheck] = field(default_factory=dict)  # by card file
    indexes: Mapping[str, tuple[Seed, SeedIndex]] = field(default_factory=dict)
    seed_problems: tuple[Diagnostic, ...] = ()  # of the seeds themselves, not of a card

    def diagnostics(self) -> list[Diagnostic]:
        """Return every problem verification found."""
        return [d for check in self.checks.values() for d in check.problems] + [*self.seed_problems]


def verify_loaded(loaded: LoadedSite, previous: VerifiedSite | None = None) -> VerifiedSite:
    """Verify every card; a card unchanged since `previous`, with its seeds, is not re-checked."""
    seeds = loaded.seeds
    # A check holds the claimant rule's verdict too: new claimants in the settings re-check all.
    same_claimants = (
        previous is not None and previous.site.config.claimants == loaded.config.claimants
    )
    kept = previous.checks if previous is not None and same_claimants else {}
    indexes = _SeedIndexes(seeds, previous.indexes if previous is not None else {})
    checks: dict[str, CardCheck] = {}
    same_seeds = previous is not None and previous.site.seeds is seeds
    for rel, file in loaded.cards.items():
        card = file.card
        if card is None:
            continue
        old = kept.get(rel)
        if old is not None and old.loaded is card and same_seeds:
            checks[rel] = old  # neither the card nor any seed was read again
            continue
        used = tuple(seeds.get(seed_id) for seed_id in card.seed_ids)
        if old is not None and old.loaded is card and _same(old.seeds, used):
            checks[rel] = old
            continue
        checks[rel] = _check(card, used, seeds, indexes, loaded.config)
    cards = tuple(check.card for check in checks.values() if check.card is not None)
    loaded_cards = [file.card for file in loaded.cards.values() if file.card is not None]
    site = Site(
        loaded.root,
        loaded.config,
        cards,
        seeds,
        loaded.pages,
        loaded.layouts,
        loaded.static_files,
        rubric=loaded.rubric,
    )
    seed_checks = (
        *seed_problems(seeds),
        *uncited_seeds(seeds, loaded_cards),
        *copied_seeds(seeds, indexes),
    )
    return VerifiedSite(site, checks, indexes.made, seed_checks)


def _check(
    card: Card,
    used: tuple[Seed | None, ...],
    seeds: Mapping[str, Seed],
    indexes: Mapping[str, SeedIndex],
    config: SiteConfig,
) -> CardCheck:
    """Return one card's check against the seeds it cites and the settings' claimants."""
    found: list[Diagnostic] = []
    sources, supporting = verify_card(card, seeds, indexes, found)
    found.extend(claimant_problems(card, config))
    published = None if has_errors(found) else verified_card(card, sources, supporting)
    return CardCheck(card, used, sources, tuple(found), published)


def _same(old: tuple[Seed | None, ...], new: tuple[Seed | None, ...]) -> bool:
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


class _SeedIndexes(Mapping[str, SeedIndex]):
    """The seeds' quote indexes, made when first asked for and kept while the seed is."""

    def __init__(self, seeds: Mapping[str, Seed], kept: Mapping[str, tuple[Seed, SeedIndex]]):
        self.seeds = seeds
        self.made = {i: pair for i, pair in kept.items() if seeds.get(i) is pair[0]}

    def __getitem__(self, seed_id: str) -> SeedIndex:
        pair = self.made.get(seed_id)
        if pair is None:
            seed = self.seeds[seed_id]
            pair = self.made[seed_id] = (seed, SeedIndex(seed.passages))
        return pair[1]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.seeds)

    def __len__(self) -> int:
        return len(self.seeds)

    def __contains__(self, seed_id: object) -> bool:
        return seed_id in self.seeds
