"""Checks cards against their seeds and the confidence rubric; resolves every quote."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from ..diagnostics import counted, listed
from ..markup import card_image_problems
from ..model import (
    Card,
    Diagnostic,
    ReportingLine,
    Seed,
    Severity,
    Source,
    VerifiedCard,
    VerifiedSource,
)
from .hints import not_found_hint
from .origins import reporting_lines
from .quotes import SeedIndex, holds_word, quote_parts

SHORT_QUOTE_WORDS = 4


def verify_card(
    card: Card,
    seeds: Mapping[str, Seed],
    indexes: Mapping[str, SeedIndex],
    diagnostics: list[Diagnostic],
) -> tuple[tuple[VerifiedSource | None, ...], list[ReportingLine]]:
    """Return each source with its quote found (None where not), and the lines of reporting
    that support the claim; append the card's problems."""
    # A card with invalid fields is checked as far as its valid ones go (every problem in one
    # run); a source whose seed did not load is not looked for, its problem already reported.
    sources = tuple(
        resolve_source(card, s, seeds, indexes, diagnostics) if s.seed else None
        for s in card.sources
    )
    diagnostics.extend(_duplicate_sources(card))
    digests = text_digests(card, indexes)
    supporting = supporting_lines(card, seeds, digests)
    if rubric_applies(card):
        diagnostics.extend(check_confidence(card, seeds, digests, supporting))
    diagnostics.extend(card_image_problems(card))
    diagnostics.extend(check_dates(card))
    return sources, supporting


def verified_card(
    card: Card, sources: Sequence[VerifiedSource | None], supporting: Sequence[ReportingLine]
) -> VerifiedCard | None:
    """Return the card with its verified sources and the lines of reporting that support it,
    or None if it has a field or a quote missing."""
    found = tuple(source for source in sources if source is not None)
    if card.invalid or len(found) != len(card.sources):
        return None
    fields = {name: getattr(card, name) for name in _CARD_FIELDS}
    return VerifiedCard(**{**fields, "sources": found}, supporting=tuple(supporting))


_CARD_FIELDS = tuple(field.name for field in dataclasses.fields(Card))


def text_digests(card: Card, indexes: Mapping[str, SeedIndex]) -> dict[str, str] | None:
    """Return the text digest of each seed the card cites: copies of one text are one seed.

    None for a card citing one seed: there is no other text for it to be a copy of."""
    if len(card.seed_ids) < 2:
        return None
    return {seed_id: indexes[seed_id].digest for seed_id in card.seed_ids if seed_id in indexes}


def supporting_lines(
    card: Card, seeds: Mapping[str, Seed], digests: Mapping[str, str] | None
) -> list[ReportingLine]:
    """Return the independent lines of reporting among the seeds cited in support."""
    return reporting_lines(_cited(card, "supports"), seeds, digests)


def resolve_source(
    card: Card,
    source: Source,
    seeds: Mapping[str, Seed],
    indexes: Mapping[str, SeedIndex],
    diagnostics: list[Diagnostic],
) -> VerifiedSource | None:
    """Return the source with where its quote is in its seed, or None: report why not."""

    def problem(key: str, severity: Severity, message: str, hint: str = "") -> None:
        pos = source.at(key)
        diagnostics.append(Diagnostic.of(severity, card.path, message, hint, pos=pos))

    if source.seed not in seeds:
        known = ", ".join(sorted(seeds)) or "none"
        problem("seed", "error", f"unknown seed {source.seed!r}", f"known seeds: {known}")
        return None
    if not source.quote:  # it did not load: its problem is reported already
        return None
    parts = quote_parts(source.quote)
    wordless = _wordless(source.quote, parts)
    if wordless:
        problem("quote", "error", *wordless)
        return None
    if len(source.quote.split()) < SHORT_QUOTE_WORDS:
        problem(
            "quote",
            "warning",
            f"quote is shorter than {SHORT_QUOTE_WORDS} words; "
            "a longer quote shows readers the context",
        )
    index = indexes[source.seed]
    match = index.find_parts(parts)
    if match is None:
        problem(
            "quote",
            "error",
            f"quote not found in seed {source.seed!r}",
            not_found_hint(source.quote, index),
        )
        return None
    return VerifiedSource(
        source.seed, source.quote, source.stance, source.note, source.pos, match=match
    )


def _wordless(quote: str, parts: list[str]) -> tuple[str, str] | None:
    """Return the message and hint for a quote with a part (of `parts`, its folded parts)
    that holds no word, if it has one."""
    # Punctuation alone matches almost anywhere, so it would let any card cite any seed.
    empty = [part for part in parts if not holds_word(part)]
    if len(empty) == len(parts):
        return f"quote holds no words: {quote!r}", "copy the words you rely on from the seed"
    if empty:
        return (
            f"quote part {empty[0]!r} holds no words",
            "each part of a quote between ellipses must hold at least one word",
        )
    return None


def _duplicate_sources(card: Card) -> Iterable[Diagnostic]:
    seen: set[tuple[str, str]] = set()
    for source in card.sources:
        key = (source.seed, " ".join(source.quote.split()))
        if key in seen and source.quote:
            message = f"the same quote of {source.seed!r} is cited twice"
            yield Diagnostic.error(card.path, message, pos=source.at(""))
        seen.add(key)


def check_confidence(
    card: Card,
    seeds: Mapping[str, Seed] | None = None,
    digests: Mapping[str, str] | None = None,
    supporting: Sequence[ReportingLine] | None = None,
) -> list[Diagnostic]:
    """Return the rubric's objections to the card's confidence level, if any.

    The rubric counts independent lines of reporting: seeds whose origins overlap, or that
    hold one text (`digests` maps seed ids to their texts' digests), count as one.
    `supporting` is supporting_lines(card, seeds, digests), when the caller has it already.
    """
    seeds = seeds or {}
    if supporting is None:
        supporting = supporting_lines(card, seeds, digests)
    contradicting = [s for s in card.sources if s.stance == "contradicts"]
    level = card.confidence
    problems: list[tuple[str, str]] = []  # message, hint
    if level == "high" and len(supporting) < 2:
        problems.append(
            (
                "confidence 'high' needs two or more independent lines of reporting that "
                f"support the claim; found {counted(len(supporting), 'line')}",
                _joined_hint(supporting, seeds),
            )
        )
    consistent = (
        reporting_lines(_cited(card, "supports", "context"), seeds, digests)
        if level == "moderate" and supporting
        else []
    )
    if level == "moderate" and supporting and len(consistent) < 2:
        problems.append(
            (
                "confidence 'moderate' needs a source from a second line of reporting, "
                "supporting or consistent with the claim; found 1 line",
                _joined_hint(consistent, seeds)
                or "cite a passage of a seed from another line of reporting with stance "
                "'supports' or 'context', or mark the card 'low'",
            )
        )
    if level != "disputed" and contradicting:
        message = (
            f"confidence {level!r} is not allowed: a source contradicts the claim, "
            "so the rubric makes it 'disputed'"
        )
        problems.append((message, ""))
    if level == "disputed" and not contradicting:
        message = "confidence 'disputed' needs at least one source with stance 'contradicts'"
        problems.append((message, ""))
    if level in ("moderate", "low") and not supporting:
        message = f"confidence {level!r} needs at least one source that supports the claim"
        problems.append((message, ""))
    pos = card.at("confidence")
    return [Diagnostic.error(card.path, m, h, pos=pos) for m, h in problems]


def _cited(card: Card, *stances: str) -> list[str]:
    return [source.seed for source in card.sources if source.stance in stances]


def _joined_hint(lines: Sequence[ReportingLine], seeds: Mapping[str, Seed]) -> str:
    """Say why seeds that look independent count as one line, when that is why."""
    joined = next((line for line in lines if len(line.seeds) > 1), None)
    if joined is None:
        return ""
    named = listed(repr(seed_id) for seed_id in joined.seeds)
    if joined.origins:
        shared = ", ".join(repr(origin) for origin in joined.origins)
        return f"seeds {named} count as one line of reporting: their origins overlap ({shared})"
    return f"seeds {named} hold the same text, so they count as one seed"


def check_dates(card: Card) -> list[Diagnostic]:
    """Return what is wrong with the order of a card's publication, corrections and review."""
    found = []
    if card.published and "reviewed" not in card.invalid and card.published > card.reviewed:
        message = f"published {card.published} is after reviewed {card.reviewed}"
        found.append(Diagnostic.error(card.path, message, pos=card.at("published")))
    for correction in card.corrections:
        if card.published and correction.date < card.published:
            message = f"correction dated {correction.date} is before published {card.published}"
            found.append(Diagnostic.error(card.path, message, pos=correction.pos))
        if "reviewed" not in card.invalid and correction.date > card.reviewed:
            message = f"correction dated {correction.date} is after reviewed {card.reviewed}"
            hint = "a correction is a review: set reviewed to the correction's date or later"
            found.append(Diagnostic.error(card.path, message, hint, pos=correction.pos))
    return found


def rubric_applies(card: Card) -> bool:
    """Tell whether the rubric can judge the card: its level and every source's stance loaded."""
    # A source whose stance did not load could turn the verdict once it is fixed: the rubric
    # waits for it rather than report a problem that may not be one.
    stances = [source.stance for source in card.sources]
    return "confidence" not in card.invalid and bool(stances) and all(stances)


def hides_citations(card: Card) -> bool:
    """Tell whether a card failed to load in a way that leaves unknown which seeds it cites."""
    return "sources" in card.invalid and (
        not card.sources or not all(source.seed for source in card.sources)
    )


def copied_seeds(seeds: Mapping[str, Seed], indexes: Mapping[str, SeedIndex]) -> list[Diagnostic]:
    """Warn about seeds that repeat the text of a seed before them in id order."""
    first: dict[str, str] = {}  # digest -> the first seed id with that text
    found = []
    for seed_id in sorted(seeds):
        seed = seeds[seed_id]
        digest = indexes[seed_id].digest
        if seed.passages and digest in first:
            message = f"seed {seed_id!r} holds the same text as seed {first[digest]!r}"
            hint = "the confidence rubric counts the two as one seed"
            found.append(Diagnostic.warning(seed.path, message, hint))
        first.setdefault(digest, seed_id)
    return found


def uncited_seeds(seeds: Mapping[str, Seed], cards: Iterable[Card]) -> list[Diagnostic]:
    """Warn about seeds that no card cites: archived but unused evidence."""
    cards = list(cards)
    # A card that did not load may cite any seed: calling one uncited could be wrong, so
    # the warnings wait until every card says what it cites.
    if any(hides_citations(card) for card in cards):
        return []
    cited = {source.seed for card in cards for source in card.sources}
    return [
        Diagnostic.warning(seed.path, f"seed {seed_id!r} is cited by no card")
        for seed_id, seed in sorted(seeds.items())
        if seed_id not in cited
    ]
