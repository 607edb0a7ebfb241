"""Explains a quote that is not found: where the seed parts from it, or what stands in the way."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import Literal, NamedTuple

from ..diagnostics import visible
from ..model import Passage
from .quotes import INVISIBLE, Folded, SeedIndex, fold, match_in, quote_parts

_WORD = re.compile(r"\w+")


def not_found_hint(quote: str, index: SeedIndex) -> str:
    """Return why the quote is not in the seed, where that is clear, or the closest passage."""
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
    named = invisible_difference(quote, index) or compatibility_difference(quote, index)
    if named:
        return named
    found = closest(quote, index)
    note = f" ({found.note})" if found.note else ""
    return f'closest passage is p{found.passage.number}: "{found.excerpt}"{note}'


class Closest(NamedTuple):
    """The passage most like a quote not found, and where they part."""

    passage: Passage
    excerpt: str  # the passage, or its part around the first difference, that word marked »so«
    note: str  # what the quote has there instead, or "" when nothing more is to be said


def closest(quote: str, index: SeedIndex) -> Closest:
    """Return the passage sharing the most words with the quote, marked where they part."""
    wanted = set(_WORD.findall(fold(quote).text.lower()))

    def overlap(item: tuple[Passage, Folded]) -> int:
        return len(wanted & set(_WORD.findall(item[1].text.lower())))

    passage, folded = max(zip(index.passages, index.folded, strict=True), key=overlap)
    return _parting(passage, folded.text, quote_parts(quote))


def case_differs(quote: str, index: SeedIndex) -> bool:
    """Tell whether the quote would match if case were ignored (a common slip worth naming)."""
    parts = [part.lower() for part in quote_parts(quote)]
    return any(match_in(fold(f.text.lower()), parts) for f in index.folded)


def invisible_difference(quote: str, index: SeedIndex) -> str | None:
    """Name the invisible character that alone keeps the quote from matching, if one does."""
    found = index.find_loosely(quote, "NFC", drop_invisible=True)
    odd = _odd_one_out(quote, *found, _is_invisible) if found else None
    if found is None or odd is None:
        return None
    side, text, at = odd
    name, place, anchor = _name(text[at]), _place(text, at), found[0].anchor
    if side == "quote":
        return f"the quote has an invisible {name} {place} that the seed ({anchor}) does not have"
    return (
        f"the seed has an invisible {name} {place} ({anchor}); quote it as in the seed "
        f"(as {visible(text[at])} inside double quotes) or leave that word out with an ellipsis"
    )


def compatibility_difference(quote: str, index: SeedIndex) -> str | None:
    """Name the compatibility character (a ligature, a full-width digit) that alone keeps the
    quote from matching, if one does: the two would match after NFKC normalisation."""
    found = index.find_loosely(quote, "NFKC", drop_invisible=False)
    odd = _odd_one_out(quote, *found, _is_compatibility) if found else None
    if found is None or odd is None:
        return None
    side, text, at = odd
    char, anchor = text[at], found[0].anchor
    plain = unicodedata.normalize("NFKC", char)
    where = f'{_name(char)} in "{_short(_word_at(text, at))}"'
    if side == "quote":
        return f'the quote has {where} where the seed ({anchor}) has "{plain}"; quote the seed'
    return f'the seed has {where} ({anchor}) where the quote has "{plain}"; quote the seed'


def _is_invisible(char: str) -> bool:
    return INVISIBLE.fullmatch(char) is not None


def _is_compatibility(char: str) -> bool:
    # An ellipsis joins a quote's parts and whitespace folds anyway: neither makes a difference.
    if char.isascii() or char.isspace() or char == "…":
        return False
    return unicodedata.normalize("NFKC", char) != unicodedata.normalize("NFC", char)


def _odd_one_out(
    quote: str, passage: Passage, spans: tuple[tuple[int, int], ...], odd: Callable[[str], bool]
) -> tuple[Literal["quote", "seed"], str, int] | None:
    """Return the first odd character that only the quote, or only the quoted seed text, has."""
    seed_text = passage.text
    in_seed = [i for start, end in spans for i in range(start, end) if odd(seed_text[i])]
    in_quote = [i for i, char in enumerate(quote) if odd(char)]
    seed_count = Counter(seed_text[i] for i in in_seed)
    quote_count = Counter(quote[i] for i in in_quote)
    for i in in_quote:
        if quote_count[quote[i]] > seed_count[quote[i]]:
            return "quote", quote, i
    for i in in_seed:
        if seed_count[seed_text[i]] > quote_count[seed_text[i]]:
            return "seed", seed_text, i
    return ("seed", seed_text, in_seed[0]) if in_seed else None  # same ones, other places


def _name(char: str) -> str:
    """Return a character's code point and Unicode name, e.g. `U+00AD SOFT HYPHEN`."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def _word_at(text: str, at: int) -> str:
    """Return the whitespace-delimited word holding character `at`, invisible characters cut."""
    start, end = at, at + 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return INVISIBLE.sub("", text[start:end])


def _place(text: str, at: int) -> str:
    """Say where invisible character `at` of text sits: inside, after or before which word."""
    word = _word_at(text, at)
    before = INVISIBLE.sub("", text[:at]).split()[-1:] if at else []
    joined_before = bool(before) and not text[at - 1].isspace()
    joined_after = at + 1 < len(text) and not text[at + 1].isspace()
    if joined_before and joined_after and word:
        return f'inside "{_short(word)}"'
    if joined_before:
        return f'after "{_short(before[0])}"'
    if word:
        return f'before "{_short(word)}"'
    return f'after "{_short(before[0])}"' if before else "at the start"


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _parting(passage: Passage, text: str, parts: list[str]) -> Closest:
    """Return the passage marked at the quote's first word that differs from it."""
    start = 0
    for number, part in enumerate(parts):
        found = text.find(part, start)
        if found >= 0:
            start = found + len(part)
            continue
        earlier = text.find(part) if number else -1
        if earlier >= 0:  # found, but not after the part before it
            first_word = earlier + len(part.split(" ", 1)[0])
            note = (
                f'the quote\'s "{_short(part)}" does not come after its '
                f'"{_short(parts[number - 1])}"'
            )
            return Closest(passage, _excerpt(text, earlier, first_word), note)
        start += len(text[start:]) - len(text[start:].lstrip(" "))
        at, end, word = _first_difference(text[start:], part)
        if end > at:
            note = f'the quote has "{_short(word)}"'
        else:
            note = f'the passage ends where the quote goes on with "{_short(word)}"'
        return Closest(passage, _excerpt(text, start + at, start + end), note)
    return Closest(passage, _excerpt(text, 0, 0), "")  # every part is there: nothing to mark


def _first_difference(text: str, part: str) -> tuple[int, int, str]:
    """Return the span in text of the word facing the part's first differing word, and that word.

    The part is lined up where the longest run of its first words occurs (or of its words
    after the first one or two, in case those are the ones that differ), then walked word by
    word. Each search is one str.find, so the time is linear in the text's length.
    """
    quoted = part.split(" ")
    words = text.split(" ") if text else []
    padded = f" {text} "
    # Each alignment says which word of the text faces the part's first word; the one that
    # keeps the part and the text together longest from the start is the one to show.
    best_facing, i = 0, 0
    for skip in range(min(3, len(quoted))):
        count, at = _longest_run(padded, quoted, skip)
        facing = padded.count(" ", 0, at + 1) - 1 - skip
        if count and facing >= 0:
            agreed = _agreeing(words, quoted, facing)
            if agreed > i or best_facing == 0 == i:
                best_facing, i = facing, agreed
    facing = best_facing
    word = quoted[i] if i < len(quoted) else ""
    index = max(facing + i, 0)
    if index >= len(words):
        return len(text), len(text), word
    offset = sum(len(w) + 1 for w in words[:index])
    return offset, offset + len(words[index]), word


def _agreeing(words: list[str], quoted: list[str], facing: int) -> int:
    """Return how many of the quoted words agree with the text's, from word `facing` on."""
    i = 0
    while i < len(quoted) and facing + i < len(words) and words[facing + i] == quoted[i]:
        i += 1
    return i


def _longest_run(padded: str, quoted: list[str], skip: int) -> tuple[int, int]:
    """Return how many of the quoted words from `skip` on occur together in padded, and where."""
    low, high, at = 0, len(quoted) - skip, -1
    while low < high:  # a run that occurs means every shorter one does: search by halves
        middle = (low + high + 1) // 2
        found = padded.find(" " + " ".join(quoted[skip : skip + middle]) + " ")
        if found >= 0:
            low, at = middle, found
        else:
            high = middle - 1
    return low, at


def _excerpt(text: str, start: int, end: int, width: int = 110) -> str:
    """Return the part of text around characters start:end, those marked »so«, cut at words."""
    shown_end = min(end, start + 60)  # a word too long to show whole is cut
    first = max(0, min(start - 40, len(text) - width))
    last = max(shown_end, min(len(text), first + width))
    if first > 0 and (space := text.find(" ", first, start)) >= 0:
        first = space + 1
    if last < len(text) and (space := text.rfind(" ", shown_end, last)) >= shown_end:
        last = space
    word = text[start:shown_end]
    if end > start:
        word = "»" + word + ("…" if shown_end < end else "") + "«"
    after = text[end:last] if shown_end == end else ""
    return ("…" if first else "") + text[first:start] + word + after + ("…" * (last < len(text)))
