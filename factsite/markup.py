"""Turns card and page text into safe HTML: Markdown without raw HTML, quote highlights."""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

# Only web, mail and relative links: javascript:, data:, file: and friends are dropped.
_SAFE_LINK = re.compile(r"^(?:https?://|mailto:|(?!//)[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)


def _validate_link(url: str) -> bool:
    return bool(_SAFE_LINK.match(url.strip()))


def make_markdown() -> MarkdownIt:
    """Return a CommonMark renderer with tables, raw HTML off and safe links only."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


_MD = make_markdown()


def markdown_block(text: str) -> Markup:
    """Render Markdown paragraphs, lists and tables to HTML."""
    return Markup(_MD.render(text))


def markdown_inline(text: str) -> Markup:
    """Render one line of Markdown (emphasis, links) without wrapping it in a paragraph."""
    return Markup(_MD.renderInline(text))


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return spans sorted with overlapping or touching ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """Return text escaped, with each span wrapped in <mark>."""
    out: list[str] = []
    last = 0
    for start, end in merge_spans(spans):
        out.append(escape(text[last:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)
