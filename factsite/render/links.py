"""Builds the links a page carries: URL text fragments to quoted words, and safe web URLs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from ..model import QuoteMatch, Seed

# A quote longer than this many words is linked as start,end: the URL stays short and the
# browser still highlights everything between the two ends.
LONG_QUOTE_WORDS = 8
END_WORDS = 4
PREFIX_WORDS = 3
_WEB_URL = re.compile(r"^https?://[^\s/]", re.IGNORECASE)


def is_web_url(url: str) -> bool:
    """Tell whether a URL is http(s), the only kind a page may link to from content."""
    return bool(_WEB_URL.match(url.strip()))


def fragment_term(text: str) -> str:
    """Return text percent-encoded for a text directive (`-`, `,` and `&` are syntax there)."""
    return quote(" ".join(text.split()), safe="").replace("-", "%2D")


def word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span widened to whole words: browsers match text fragments at word bounds."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def text_directive(text: str, start: int, end: int) -> str:
    """Return one `text=` directive for a span, with the words before it as a prefix."""
    start, end = word_span(text, start, end)
    words = text[start:end].split()
    if len(words) > LONG_QUOTE_WORDS:
        target = f"{fragment_term(' '.join(words[:END_WORDS]))},"
        target += fragment_term(" ".join(words[-END_WORDS:]))
    else:
        target = fragment_term(" ".join(words))
    # The prefix pins the match to this passage: a seed's title often repeats its first line.
    before = text[:start].split()[-PREFIX_WORDS:]
    prefix = f"{fragment_term(' '.join(before))}-," if before else ""
    return f"text={prefix}{target}"


def passage_fragment(text: str, anchor: str, spans: Iterable[tuple[int, int]]) -> str:
    """Return `p7:~:text=…[&text=…]`: the passage's anchor, then one directive a quoted part."""
    directives = [text_directive(text, start, end) for start, end in spans if end > start]
    if not directives:
        return anchor
    return f"{anchor}:~:{'&'.join(directives)}"


def quote_fragment(seed: Seed, match: QuoteMatch) -> str:
    """Return the fragment that scrolls a source page to a quote and highlights its words."""
    passage = seed.passage(match.passage)
    return passage_fragment(passage.text, passage.anchor, match.spans)
