"""Finds a card's quote inside one passage of a seed, by DESIGN's matching rules."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate

from .model import Passage, QuoteMatch

# Typographic variants an author cannot see the difference between; nothing else is folded.
_CURLY_QUOTES = (
    ("‘", "'"),
    ("’", "'"),
    ("‚", "'"),
    ("‛", "'"),
    ("“", '"'),
    ("”", '"'),
    ("„", '"'),
    ("‟", '"'),
)
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Folded:
    """A passage's text with whitespace runs folded to one space and quotes straightened.

    `straight` is the original text with quotes straightened (the same length, so its indexes
    are the original's); `origin[i]` is the index in it of folded character i, so a match in
    the folded text maps back to the exact characters to highlight.
    """

    text: str
    straight: str

    @functools.cached_property
    def origin(self) -> tuple[int, ...]:
        # Only matched passages need it, so it is worked out on first use, by whole runs.
        origin: list[int] = []
        last = 0
        for run in _SPACE.finditer(self.straight):
            start, end = run.span()
            origin.extend(range(last, start))
            if start > 0 and end < len(self.straight):  # leading and trailing runs are dropped
                origin.append(start)
            last = end
        origin.extend(range(last, len(self.straight)))
        return tuple(origin)

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.text is self.straight:  # nothing was folded: indexes are the original's
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """Return text folded for matching, with the way back to the original."""
    straight = text
    for curly, plain in _CURLY_QUOTES:
        if curly in straight:  # a scan per variant is far quicker than str.translate
            straight = straight.replace(curly, plain)
    # str.split() splits at the same whitespace as str.isspace(), dropping the ends.
    folded = " ".join(straight.split())
    return Folded(straight if folded == straight else folded, straight)


def quote_parts(quote: str) -> list[str]:
    """Split a quote at its ellipses into folded parts; leading or trailing ellipses drop out."""
    return [part for part in (fold(p).text for p in _ELLIPSIS.split(quote)) if part]


def match_in(folded: Folded, parts: list[str]) -> tuple[tuple[int, int], ...] | None:
    """Return the original spans of the parts found in order, leftmost first, or None."""
    spans = []
    start = 0
    for part in parts:
        found = folded.text.find(part, start)
        if found < 0:
            return None
        spans.append(folded.span(found, found + len(part)))
        start = found + len(part)
    return tuple(spans)


class SeedIndex:
    """A seed's passages folded once, so every quote against the seed is a plain search."""

    def __init__(self, passages: tuple[Passage, ...]) -> None:
        self.passages = passages
        self.folded = [fold(p.text) for p in passages]
        # All passages as one text, one a line (a folded quote holds no newline), so a quote's
        # first part is found by one search of the seed, not one search a passage.
        self._joined = "\n".join(folded.text for folded in self.folded)
        self._starts = list(accumulate((len(f.text) + 1 for f in self.folded), initial=0))

    def find(self, quote: str) -> QuoteMatch | None:
        """Return the first passage containing the quote, or None."""
        parts = quote_parts(quote)
        if not parts:
            return None
        at = self._joined.find(parts[0])
        while at >= 0:
            index = bisect_right(self._starts, at) - 1
            spans = match_in(self.folded[index], parts)
            if spans is not None:
                return QuoteMatch(self.passages[index].number, spans)
            at = self._joined.find(parts[0], self._starts[index + 1])
        return None

    def spanning(self, quote: str) -> tuple[int, int] | None:
        """Return the two neighbouring passages that hold the quote only together, if any."""
        parts = quote_parts(quote)
        for index in range(len(self.folded) - 1):
            first, second = self.folded[index], self.folded[index + 1]
            alone = match_in(first, parts) or match_in(second, parts)
            if not alone and match_in(fold(first.text + " " + second.text), parts):
                return self.passages[index].number, self.passages[index + 1].number
        return None

    def closest(self, quote: str) -> tuple[Passage, str]:
        """Return the passage most like the quote, and the excerpt of it that matches best."""
        wanted = set(_WORD.findall(fold(quote).text.lower()))

        def overlap(item: tuple[Passage, Folded]) -> int:
            return len(wanted & set(_WORD.findall(item[1].text.lower())))

        passage, folded = max(zip(self.passages, self.folded, strict=True), key=overlap)
        return passage, _excerpt(folded.text, fold(quote).text)


def case_differs(quote: str, index: SeedIndex) -> bool:
    """Tell whether the quote would match if case were ignored (a common slip worth naming)."""
    parts = [part.lower() for part in quote_parts(quote)]
    return any(match_in(fold(f.text.lower()), parts) for f in index.folded)


def _excerpt(text: str, quote: str, width: int = 110) -> str:
    """Return the part of text around its longest run in common with the quote."""
    if len(text) <= width:
        return text
    block = SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(
        0, len(text), 0, len(quote)
    )
    start = max(0, min(block.a - 20, len(text) - width))
    end = start + width
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
