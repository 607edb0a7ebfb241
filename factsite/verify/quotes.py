"""Finds a card's quote inside one passage of a seed, by DESIGN's matching rules."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal, NamedTuple

from ..model import Passage, QuoteMatch

Form = Literal["NFC", "NFKC"]

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
# Characters that draw nothing. They count in matching (DESIGN ignores only whitespace and
# quote marks), so a quote copied without them fails; the hint then names them.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")
_NON_ASCII = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


class Edit(NamedTuple):
    """A run of characters that normalisation changed: its span in the result and the source."""

    start: int
    end: int
    source_start: int
    source_end: int


@dataclass(frozen=True)
class Folded:
    """A passage's text as matched: quotes straightened, NFC composed, whitespace runs folded.

    `source` is the original with quotes straightened (so its indexes are the original's),
    `normal` the text before whitespace folds, and `origin[i]` the index in it of folded
    character i. `edits` lists the runs that normalisation changed (elsewhere `normal` and
    `source` advance together), so a match in the folded text maps back to the exact original
    characters to highlight, a composed letter to all the code points it was made of.
    """

    text: str
    normal: str
    source: str
    form: Form = "NFC"
    drop_invisible: bool = False

    @functools.cached_property
    def edits(self) -> tuple[Edit, ...]:
        # Like origin, worked out only for a passage a quote matched in, and only when
        # normalisation changed it: most seeds are NFC already.
        if self.normal is self.source:
            return ()
        return _edits(self.source, self.normal, self.form, self.drop_invisible)

    @functools.cached_property
    def origin(self) -> tuple[int, ...]:
        # Only matched passages need it, so it is worked out on first use, by whole runs.
        origin: list[int] = []
        last = 0
        for run in _SPACE.finditer(self.normal):
            start, end = run.span()
            origin.extend(range(last, start))
            if start > 0 and end < len(self.normal):  # leading and trailing runs are dropped
                origin.append(start)
            last = end
        origin.extend(range(last, len(self.normal)))
        return tuple(origin)

    @functools.cached_property
    def _edit_starts(self) -> list[int]:
        return [edit.start for edit in self.edits]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of the original text that folded characters start:end came from."""
        if self.text is not self.normal:  # whitespace was folded
            start, end = self.origin[start], self.origin[end - 1] + 1
        if self.edits:
            start, end = self._source(start)[0], self._source(end - 1)[1]
        return start, end

    def _source(self, index: int) -> tuple[int, int]:
        """Return the span of the original that character `index` of `normal` came from."""
        at = bisect_right(self._edit_starts, index) - 1
        if at < 0:
            return index, index + 1
        edit = self.edits[at]
        if index < edit.end:
            return edit.source_start, edit.source_end
        shift = edit.source_end - edit.end
        return index + shift, index + shift + 1


def fold(text: str, form: Form = "NFC", drop_invisible: bool = False) -> Folded:
    """Return text folded for matching, with the way back to the original."""
    straight = text
    for curly, plain in _CURLY_QUOTES:
        if curly in straight:  # a scan per variant is far quicker than str.translate
            straight = straight.replace(curly, plain)
    normal = straight
    if not _is_normal(straight, form, drop_invisible):  # nearly every passage is: one check in C
        normal = _normal_piece(straight, form, drop_invisible)
    # str.split() splits at the same whitespace as str.isspace(), dropping the ends.
    folded = " ".join(normal.split())
    text = normal if folded == normal else folded
    return Folded(text, normal, straight, form, drop_invisible)


def _edits(source: str, normal: str, form: Form, drop_invisible: bool) -> tuple[Edit, ...]:
    """Return the runs of source that normalisation changed into normal, in order."""
    edits: list[Edit] = []
    shift = 0  # how much longer normal is than source, up to here
    # An ASCII character is normal and composes with nothing before it, so normalisation
    # never reaches across one: only the runs of other characters (with the ASCII letter
    # their marks may sit on) need a look, and only the runs it changes need the walk.
    for run in _NON_ASCII.finditer(source):
        start, end = run.span()
        if _is_normal(run.group(), form, drop_invisible):
            continue
        for cluster_start, cluster_end in _clusters(source, start, end, form, drop_invisible):
            cluster = source[cluster_start:cluster_end]
            piece = _normal_piece(cluster, form, drop_invisible)
            if piece != cluster:
                at = cluster_start + shift
                edits.append(Edit(at, at + len(piece), cluster_start, cluster_end))
                shift += len(piece) - len(cluster)
    if len(source) + shift != len(normal):  # a composition the walk did not foresee: map coarsely
        return (Edit(0, len(normal), 0, len(source)),)
    return tuple(edits)


def _is_normal(text: str, form: Form, drop_invisible: bool) -> bool:
    if drop_invisible and INVISIBLE.search(text):
        return False
    return unicodedata.is_normalized(form, text)


def _normal_piece(text: str, form: Form, drop_invisible: bool) -> str:
    return unicodedata.normalize(form, INVISIBLE.sub("", text) if drop_invisible else text)


def _clusters(
    text: str, start: int, end: int, form: Form, drop_invisible: bool
) -> Iterator[tuple[int, int]]:
    """Yield each character of text[start:end] with its combining marks, joined to the one
    before where the two compose (as Hangul jamo do)."""
    bounds = [i for i in range(start + 1, end) if not unicodedata.combining(text[i])]
    current_start, current_end = start, start
    for bound in [*bounds, end]:
        if current_end > current_start:
            joined = _normal_piece(text[current_start:bound], form, drop_invisible)
            alone = _normal_piece(text[current_start:current_end], form, drop_invisible)
            if joined == alone + _normal_piece(text[current_end:bound], form, drop_invisible):
                yield current_start, current_end
                current_start = current_end
        current_end = bound
    yield current_start, current_end


def quote_parts(quote: str) -> list[str]:
    """Split a quote at its ellipses into folded parts; leading or trailing ellipses drop out."""
    return _parts(quote, "NFC", drop_invisible=False)


def _parts(quote: str, form: Form, drop_invisible: bool) -> list[str]:
    parts = (fold(p, form, drop_invisible).text for p in _ELLIPSIS.split(quote))
    return [part for part in parts if part]


def holds_word(text: str) -> bool:
    """Tell whether text holds a letter or a digit."""
    return any(char.isalnum() for char in text)


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


def passages_digest(passages: Iterable[Passage]) -> str:
    """Return the SHA-256 of a seed's passages: copies of one text share it, line ends aside."""
    text = "\n".join(passage.text for passage in passages)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class SeedIndex:
    """A seed's passages folded once, so every quote against the seed is a plain search."""

    def __init__(self, passages: tuple[Passage, ...]) -> None:
        self.passages = passages
        self.folded = [fold(p.text) for p in passages]
        # All passages as one text, one a line (a folded quote holds no newline), so a quote's
        # first part is found by one search of the seed, not one search a passage.
        self._joined = "\n".join(folded.text for folded in self.folded)
        self._starts = list(accumulate((len(f.text) + 1 for f in self.folded), initial=0))

    @functools.cached_property
    def digest(self) -> str:
        """Return the SHA-256 of the seed's passages: two seeds with one text share it."""
        return passages_digest(self.passages)

    def find(self, quote: str) -> QuoteMatch | None:
        """Return the first passage containing the quote, or None."""
        return self.find_parts(quote_parts(quote))

    def find_parts(self, parts: list[str]) -> QuoteMatch | None:
        """Return the first passage containing a quote's parts (quote_parts), or None."""
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

    def find_loosely(
        self, quote: str, form: Form, drop_invisible: bool
    ) -> tuple[Passage, tuple[tuple[int, int], ...]] | None:
        """Return the first passage and spans of the quote when both are folded more loosely."""
        if _is_normal(quote, form, drop_invisible) and _is_normal(
            self._joined, form, drop_invisible
        ):
            return None  # the looser fold changes nothing, and the quote was not found
        parts = _parts(quote, form, drop_invisible)
        for passage, folded in zip(self.passages, self.folded, strict=True):
            if not _is_normal(folded.text, form, drop_invisible):
                folded = fold(passage.text, form, drop_invisible)
            spans = match_in(folded, parts) if parts else None
            if spans is not None:
                return passage, spans
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
