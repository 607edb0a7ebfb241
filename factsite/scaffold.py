"""Starts a new fact card: its first source verified as `check` verifies it, the rest a skeleton."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import pipeline
from .load.cards import CARD_REQUIRED
from .load.yamlread import SLUG, yaml_string
from .memory import Memory
from .model import CONFIDENCE_LEVELS, Card, Diagnostic, Pos, Seed, Source, VerifiedSource

SCHEMA_LINE = "# yaml-language-server: $schema=../card.schema.json"
SKELETON = """\
{schema}
# A new fact card. Fill in each field below, remove its leading "# ", then run
# `python build.py check`. Add further sources under `sources:` in the same form.
#
# claim: <the claim as checked, one sentence; attribute an allegation: "X says …">
# verdict: <what the desk concludes, in one sentence; shown at the top of the claim page>
# claimant: <who made the claim (optional)>
# claim_date: <YYYY-MM-DD, when the claim was made (optional)>
# confidence: <{levels}: see the rubric in README.md>
# reviewed: {today}
# tags: [<tag>, <tag>]
# summary: |
#   <your reasoning: which sources agree, which conflict, what remains unverified>
# A draft is checked like any card and shown in the preview, but never published:
# remove the next line when the card is ready.
draft: true
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

# What a comment cannot hold raw: characters YAML refuses anywhere in a file (controls, DEL,
# C1, surrogates, U+FFFE), the line breaks that would end the comment and spill the rest into
# the card, and the invisible ones (bidi controls, BOM) that would hide what it says.
_NOT_IN_COMMENT = re.compile(
    "[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    "|[\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
# The fields the skeleton leaves commented out for the author: a new card lacks only these.
UNFILLED_FIELDS = frozenset(name for name in CARD_REQUIRED if name != "sources")
UNFILLED = frozenset(f"missing required field {name!r} in a card" for name in UNFILLED_FIELDS)


class ScaffoldError(Exception):
    """A card that cannot be started as asked; the message says why and how to fix it."""


class CardWriteError(ScaffoldError):
    """The card file could not be written (a folder in the way, no permission, a full disk)."""


@dataclass(frozen=True)
class NewCard:
    """A card file just written, with the source its quote resolved to and any warnings."""

    path: str
    source: VerifiedSource
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
    # lexists: a dangling link is taken too, and a folder that cannot be read is no reason to
    # stop here (writing the card says why it cannot be made).
    if os.path.lexists(target):
        raise ScaffoldError(f"{rel} already exists\n    choose another slug, or edit that card")
    # One memory for the runs below: after the first, each reads and verifies one card only.
    memory = Memory(keeps_views=False)
    loaded = pipeline.run(root, render=False, memory=memory).loaded
    assert loaded is not None  # run() always returns what it loaded
    seed_id = resolve_seed(seed_id, loaded.seeds)
    source, warnings = verify_quote(root, rel, seed_id, quote, memory)
    write_card(root, rel, card_text(source, loaded.seeds[seed_id]))
    check_written(root, rel, memory)
    return NewCard(rel, source, warnings)


def resolve_seed(given: str, seeds: Mapping[str, Seed]) -> str:
    """Return the seed id `given` names: the id itself, or the one id it is the start of."""
    if given in seeds:  # an id that is also the start of another's still names itself
        return given
    matches = sorted(seed_id for seed_id in seeds if given and seed_id.startswith(given))
    if len(matches) > 1:
        raise ScaffoldError(
            f"seed {given!r} is ambiguous: {len(matches)} seed ids start with it\n"
            f"    give enough of the id to name one: {', '.join(matches)}"
        )
    if not matches:
        known = ", ".join(sorted(seeds)) or "none"
        raise ScaffoldError(f"unknown seed {given!r}\n    known seeds: {known}")
    return matches[0]


def verify_quote(
    root: Path, rel: str, seed_id: str, quote: str, memory: Memory
) -> tuple[VerifiedSource, tuple[Diagnostic, ...]]:
    """Verify the new card in the site, unwritten; return its source and warnings, or raise."""
    if not quote.strip():
        raise ScaffoldError("quote is empty\n    copy the words you rely on from the seed")
    card = candidate(rel, seed_id, quote)
    # Told nothing changed, the pipeline keeps the site it read and verifies this card alone.
    outcome = pipeline.run(root, render=False, changes=(), memory=memory, adding={rel: card})
    assert outcome.verified is not None  # run() always returns what it verified
    check = outcome.verified.checks[rel]
    for problem in check.problems:
        if problem.is_error:
            hint = f"\n    {problem.hint}" if problem.hint else ""
            raise ScaffoldError(problem.message + hint)
    source = check.sources[0]
    assert source is not None  # a quote that is not found has its error, raised above
    return source, check.problems


def candidate(rel: str, seed_id: str, quote: str) -> Card:
    """Return the card the skeleton will load as: one source, the fields to fill in missing."""
    source = Source(seed_id, quote, "supports", pos={"": QUOTE_POS, "quote": QUOTE_POS})
    slug = Path(rel).stem
    return Card(slug, rel, "", "", "", (source,), date.min, draft=True, invalid=UNFILLED_FIELDS)


def card_text(source: VerifiedSource, seed: Seed) -> str:
    """Return the new card's YAML: the schema line, a commented skeleton, the first source."""
    passage = seed.passage(source.match.passage)
    return SKELETON.format(
        schema=SCHEMA_LINE,
        levels=" | ".join(CONFIDENCE_LEVELS),
        today=date.today().isoformat(),
        seed=yaml_string(source.seed),
        title=comment_text(seed.title),
        number=passage.number,
        passage=comment_text(passage.text),
        quote=yaml_string(source.quote),
    )


def comment_text(text: str) -> str:
    """Return text for a YAML comment, each character it cannot hold raw as an escape."""
    return _NOT_IN_COMMENT.sub(lambda found: _escape(found.group()), text)


def _escape(char: str) -> str:
    """Return a character as Python writes it escaped: \\x0c, \\u2028."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def write_card(root: Path, rel: str, text: str) -> None:
    """Create the card file, refusing to replace one made since the check above."""
    target = root / rel
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        file = target.open("x", encoding="utf-8", newline="\n")
    except FileExistsError as exc:
        if target.parent.is_dir():
            raise ScaffoldError(f"{rel} already exists") from exc
        raise _write_error(root, rel, exc) from None
    except OSError as exc:
        raise _write_error(root, rel, exc) from None
    try:
        with file:
            file.write(text)
    except OSError as exc:  # a full disk: remove the part written, which is ours
        target.unlink(missing_ok=True)
        raise _write_error(root, rel, exc) from None


def _write_error(root: Path, rel: str, exc: OSError) -> CardWriteError:
    """Return the error for a card that cannot be written, naming a file in the way if any."""
    for folder in reversed(Path(rel).parents[:-1]):  # content, then content/claims
        if (root / folder).exists() and not (root / folder).is_dir():
            return CardWriteError(
                f"cannot write {rel}: {folder.as_posix()} is a file, not a folder\n"
                f"    cards go in the folder {folder.as_posix()}/; move that file out of the way"
            )
    return CardWriteError(f"cannot write {rel}: {exc.strerror or exc}")


def check_written(root: Path, rel: str, memory: Memory) -> None:
    """Check the new card's file as `check` does; remove it and refuse if it could never pass."""
    outcome = pipeline.run(root, render=False, changes=(rel,), memory=memory)
    problems = [p for p in outcome.problems if p.path == rel]
    fatal = [p for p in problems if p.is_error and p.message not in UNFILLED]
    if fatal:
        (root / rel).unlink()  # written a moment ago by write_card
        first = fatal[0]
        in_quote = first.line == QUOTE_POS.line
        hint = "\n    quote the words before or after it instead" if in_quote else ""
        raise ScaffoldError(f"the new card would not pass the check: {first.message}{hint}")
