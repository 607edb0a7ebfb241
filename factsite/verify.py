"""Checks cards against their seeds and the confidence rubric; resolves every quote."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from .model import FILE_START, Card, Diagnostic, Seed, Severity, Source
from .quotes import SeedIndex, case_differs

SHORT_QUOTE_WORDS = 4


def verify_card(
    card: Card,
    seeds: Mapping[str, Seed],
    indexes: Mapping[str, SeedIndex],
    diagnostics: list[Diagnostic],
) -> Card:
    """Return the card with its quotes resolved; append its problems to diagnostics."""
    sources = tuple(resolve_source(card, s, seeds, indexes, diagnostics) for s in card.sources)
    diagnostics.extend(_duplicate_sources(card))
    diagnostics.extend(check_confidence(card))
    return dataclasses.replace(card, sources=sources)


def resolve_source(
    card: Card,
    source: Source,
    seeds: Mapping[str, Seed],
    indexes: Mapping[str, SeedIndex],
    diagnostics: list[Diagnostic],
) -> Source:
    """Find one source's quote in its seed; report an unknown seed or a quote not found."""

    def problem(key: str, severity: Severity, message: str, hint: str = "") -> None:
        pos = source.at(key)
        diagnostics.append(Diagnostic(card.path, pos.line, pos.col, severity, message, hint))

    if source.seed not in seeds:
        known = ", ".join(sorted(seeds)) or "none"
        problem("seed", "error", f"unknown seed {source.seed!r}", f"known seeds: {known}")
        return source
    if len(source.quote.split()) < SHORT_QUOTE_WORDS:
        problem(
            "quote",
            "warning",
            f"quote is shorter than {SHORT_QUOTE_WORDS} words; "
            "a longer quote shows readers the context",
        )
    index = indexes[source.seed]
    match = index.find(source.quote)
    if match is None:
        problem(
            "quote",
            "error",
            f"quote not found in seed {source.seed!r}",
            _not_found_hint(source.quote, index),
        )
        return source
    return dataclasses.replace(source, match=match)


def _not_found_hint(quote: str, index: SeedIndex) -> str:
    if not index.passages:
        return "the seed has no text"
    spanning = index.spanning(quote)
    if spanning:
        return (
            f"the quote runs across passages p{spanning[0]} and p{spanning[1]}; "
            "a quote must lie within one passage"
        )
    if case_differs(quote, index):
        return "the quote differs from the seed only in upper/lower case; case counts"
    passage, excerpt = index.closest(quote)
    return f'closest passage is p{passage.number}: "{excerpt}"'


def _duplicate_sources(card: Card) -> Iterable[Diagnostic]:
    seen: set[tuple[str, str]] = set()
    for source in card.sources:
        key = (source.seed, " ".join(source.quote.split()))
        if key in seen:
            pos = source.at("")
            yield Diagnostic(
                card.path,
                pos.line,
                pos.col,
                "error",
                f"the same quote of {source.seed!r} is cited twice",
            )
        seen.add(key)


def check_confidence(card: Card) -> list[Diagnostic]:
    """Return the rubric's objections to the card's confidence level, if any."""
    supporting = {s.seed for s in card.sources if s.stance == "supports"}
    contradicting = [s for s in card.sources if s.stance == "contradicts"]
    level = card.confidence
    problems = []
    if level == "high" and len(supporting) < 2:
        problems.append(
            f"confidence 'high' needs two or more different seeds that support the claim; "
            f"found {len(supporting)}"
        )
    if level != "disputed" and contradicting:
        problems.append(
            f"confidence {level!r} is not allowed: a source contradicts the claim, "
            "so the rubric makes it 'disputed'"
        )
    if level == "disputed" and not contradicting:
        problems.append("confidence 'disputed' needs at least one source with stance 'contradicts'")
    if level in ("moderate", "low") and not supporting:
        problems.append(f"confidence {level!r} needs at least one source that supports the claim")
    pos = card.at("confidence")
    return [Diagnostic(card.path, pos.line, pos.col, "error", message) for message in problems]


def uncited_seeds(seeds: Mapping[str, Seed], cards: Iterable[Card]) -> list[Diagnostic]:
    """Warn about seeds that no card cites: archived but unused evidence."""
    cited = {source.seed for card in cards for source in card.sources}
    return [
        Diagnostic(
            seed.path,
            FILE_START.line,
            FILE_START.col,
            "warning",
            f"seed {seed_id!r} is cited by no card",
        )
        for seed_id, seed in sorted(seeds.items())
        if seed_id not in cited
    ]
