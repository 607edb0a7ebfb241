"""Starts a new fact card: its first source verified against the seed, the rest a skeleton."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .load import load_seeds
from .model import CONFIDENCE_LEVELS, Card, Diagnostic, Pos, Seed, Source
from .quotes import SeedIndex
from .verify import resolve_source
from .yamlread import SLUG

SCHEMA_LINE = "# yaml-language-server: $schema=../card.schema.json"
SKELETON = """\
{schema}
# A new fact card. Fill in each field below, remove its leading "# ", then run
# `python build.py check`. Add further sources under `sources:` in the same form.
#
# claim: <the claim as checked, one sentence; attribute an allegation: "X says …">
# claimant: <who made the claim (optional)>
# claim_date: <YYYY-MM-DD, when the claim was made (optional)>
# confidence: <{levels}: see the rubric in README.md>
# reviewed: {today}
# tags: [<tag>, <tag>]
# summary: |
#   <your reasoning: which sources agree, which conflict, what remains unverified>
sources:
  - seed: {seed}
    # {title}, passage p{number}:
    #   {passage}
    # stance: supports, contradicts or context; for a claim others make, "supports"
    # means the source shows the claim was made.
    quote: {quote}
    stance: supports
    # note: <what this source adds, in one line of Markdown (optional)>
"""

_QUOTE_LINE = "    quote: {quote}"
# Where the quote's value lands in the written card, so its warnings point at it.
QUOTE_POS = Pos(SKELETON.splitlines().index(_QUOTE_LINE) + 1, _QUOTE_LINE.index("{") + 1)

# YAML ends a line at these as well as at \n; a comment holding one would spill into the card.
_LINE_BREAKS = re.compile(r"[\r\n\x85\u2028\u2029]")


class ScaffoldError(Exception):
    """A card that cannot be started as asked; the message says why and how to fix it."""


@dataclass(frozen=True)
class NewCard:
    """A card file just written, with the source its quote resolved to and any warnings."""

    path: str
    source: Source
    warnings: tuple[Diagnostic, ...]


def scaffold_card(root: Path, slug: str, seed_id: str, quote: str) -> NewCard:
    """Write content/claims/<slug>.yaml from one verified quote; raise ScaffoldError if refused."""
    rel = f"content/claims/{slug}.yaml"
    if not SLUG.fullmatch(slug):
        raise ScaffoldError(
            f"{slug!r} is not a slug\n    use lowercase letters, digits and hyphens; "
            "the slug becomes the card's URL"
        )
    target = root / rel
    if target.exists() or target.is_symlink():
        raise ScaffoldError(f"{rel} already exists\n    choose another slug, or edit that card")
    seeds = load_seeds(root, [])
    if seed_id not in seeds:
        known = ", ".join(sorted(seeds)) or "none"
        raise ScaffoldError(f"unknown seed {seed_id!r}\n    known seeds: {known}")
    source, warnings = verify_quote(rel, seed_id, quote, seeds)
    write_card(root, rel, card_text(source, seeds[seed_id]))
    return NewCard(rel, source, warnings)


def verify_quote(
    rel: str, seed_id: str, quote: str, seeds: dict[str, Seed]
) -> tuple[Source, tuple[Diagnostic, ...]]:
    """Resolve the quote as the build does; return it with its warnings, or raise its error."""
    if not quote.strip():
        raise ScaffoldError("quote is empty\n    copy the words you rely on from the seed")
    source = Source(seed_id, quote, "supports", pos={"": QUOTE_POS, "quote": QUOTE_POS})
    # resolve_source reads only the card's path, to place its diagnostics.
    placeholder = Card("", rel, "", CONFIDENCE_LEVELS[0], "", (), date.min)
    found: list[Diagnostic] = []
    resolved = resolve_source(
        placeholder, source, seeds, {seed_id: SeedIndex(seeds[seed_id].passages)}, found
    )
    for problem in found:
        if problem.is_error:
            hint = f"\n    {problem.hint}" if problem.hint else ""
            raise ScaffoldError(problem.message + hint)
    return resolved, tuple(found)


def card_text(source: Source, seed: Seed) -> str:
    """Return the new card's YAML: the schema line, a commented skeleton, the first source."""
    assert source.match is not None  # only resolved quotes are written
    passage = seed.passage(source.match.passage)
    return SKELETON.format(
        schema=SCHEMA_LINE,
        levels=" | ".join(CONFIDENCE_LEVELS),
        today=date.today().isoformat(),
        seed=yaml_string(source.seed),
        title=_LINE_BREAKS.sub(" ", seed.title),
        number=passage.number,
        passage=_LINE_BREAKS.sub(" ", passage.text),
        quote=yaml_string(source.quote),
    )


def yaml_string(text: str) -> str:
    """Return text as one double-quoted YAML scalar that reads back exactly."""
    dumped: str = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=float("inf"))
    return dumped.strip()


def write_card(root: Path, rel: str, text: str) -> None:
    """Create the card file, refusing to replace one made since the check above."""
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError as exc:
        raise ScaffoldError(f"{rel} already exists") from exc
