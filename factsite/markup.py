"""Turns card and page text into safe HTML: Markdown without raw HTML, quote highlights."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from .model import Card, Diagnostic, Pos

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
# The same parser, but keeping every image: one the renderer drops (//host, data:) shows
# its Markdown as text, which is as wrong as the image it was meant to be.
_FINDER = make_markdown()
_FINDER.validateLink = lambda url: True  # type: ignore[method-assign]


def markdown_block(text: str) -> Markup:
    """Render Markdown paragraphs, lists and tables to HTML."""
    return Markup(_MD.render(text))


def markdown_block_pruned(text: str) -> Markup:
    """Render as markdown_block does, leaving out the block rules the text cannot call on.

    A paragraph tries every rule that could end it on each of its lines, so most of a
    summary's parsing is rules it never uses; each left out here needs a character or a
    sequence the text does not hold anywhere (a list item or a quote may hold any block).
    """
    return Markup(_pruned(_unused_block_rules(text)).render(text))


# A line ending in its setext underline, however it is nested ("> Title" over "> ===").
_UNDERLINE_END = re.compile(r"[-=][ \t]*(?:\r|$)", re.MULTILINE)


def _unused_block_rules(text: str) -> frozenset[str]:
    """Return the block rules that cannot match anywhere in the text."""
    unused = []
    if "    " not in text and "\t" not in text:  # four columns of indent, in any container
        unused.append("code")
    if "```" not in text and "~~~" not in text:
        unused.append("fence")
    if ">" not in text:
        unused.append("blockquote")
    if all(text.count(mark) < 3 for mark in "-*_"):  # a break is three of one of them
        unused.append("hr")
    if "#" not in text:
        unused.append("heading")
    if not _UNDERLINE_END.search(text):
        unused.append("lheading")
    if "|" not in text:
        unused.append("table")
    if "]:" not in text:
        unused.append("reference")
    return frozenset(unused)


@functools.cache
def _pruned(unused: frozenset[str]) -> MarkdownIt:
    md = make_markdown()
    md.disable(["html_block", *unused])  # raw HTML is off: html_block never matches
    return md


def markdown_inline(text: str) -> Markup:
    """Render one line of Markdown (emphasis, links) without wrapping it in a paragraph."""
    return Markup(_MD.renderInline(text))


# An image from anywhere but the site itself: a scheme (https:, data:) or a host (//host).
_OFF_SITE = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:|[/\\]{2})", re.IGNORECASE)
_OTHER_HOST = re.compile(r"^(?:https?:|[/\\]{2})", re.IGNORECASE)
# markdown-it ends lines only at these; str.splitlines() knows more (\x0c, \u2028 ...).
_LINE_END = re.compile(r"\r\n|\r|\n")
URL_SHOWN = 100
OFF_SITE_HINT = "copy the image into static/ and link it with a relative URL"


class Image(NamedTuple):
    """An image a Markdown text shows: where it is written (from 1) and the URL it loads."""

    line: int
    col: int
    url: str


def find_images(text: str, inline: bool = False) -> list[Image]:
    """Return the images the text's Markdown holds (inline: read as one line, like a note)."""
    if "![" not in text:  # every image is written so, inline or by reference
        return []
    lines = _LINE_END.split(text)
    found: list[Image] = []
    for token in _FINDER.parseInline(text) if inline else _FINDER.parse(text):
        first, last = token.map or (0, len(lines))
        cursor = Pos(first, 0)  # counted from 0 here; images of one block come in order
        for child in token.children or ():
            # Only the block's own images load; one in another's alt text shows as text.
            if child.type == "image":
                at = _locate(lines[:last], cursor, child)
                found.append(Image(at.line + 1, at.col + 1, str(child.attrs["src"])))
                cursor = Pos(at.line, at.col + 1)
    return found


def _locate(lines: Sequence[str], after: Pos, image: Token) -> Pos:
    """Return where an image is written, from `after` on: its `![alt]`, else its URL."""
    for needle in (f"![{image.content}]", str(image.attrs["src"])):
        for number in range(after.line, len(lines)):
            col = lines[number].find(needle, after.col if number == after.line else 0)
            if col >= 0:
                return Pos(number, col)
    return after  # written in a way the search does not know (entities, <...>): the block


def off_site_images(text: str, inline: bool = False) -> list[Image]:
    """Return the images of a Markdown text that are not the site's own files."""
    return [image for image in find_images(text, inline) if _OFF_SITE.match(image.url)]


def card_image_problems(card: Card) -> list[Diagnostic]:
    """Return an error for each image of the card's summary or notes that is not the site's."""
    texts = [("summary", card.at("summary"), card.summary, False)]
    texts += [("note", source.at("note"), source.note, True) for source in card.sources]
    return [
        Diagnostic.error(card.path, _off_site(field, image), OFF_SITE_HINT, pos=pos)
        for field, pos, text, inline in texts
        for image in off_site_images(text, inline)
    ]


def page_image_problems(rel: str, text: str) -> list[Diagnostic]:
    """Return an error, at its place in the page file, for each image not from the site."""
    return [
        Diagnostic.error(
            rel, _off_site("page", image), OFF_SITE_HINT, pos=Pos(image.line, image.col)
        )
        for image in off_site_images(text)
    ]


def _off_site(where: str, image: Image) -> str:
    # A data: URL can be a whole image long; its start is enough to find it.
    url = image.url if len(image.url) <= URL_SHOWN else image.url[: URL_SHOWN - 1] + "…"
    if _OTHER_HOST.match(image.url):
        return f"{where} loads an image from another host: {url}"
    return f"{where} shows an image that is not one of the site's files: {url}"


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
