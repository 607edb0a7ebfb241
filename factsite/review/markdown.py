"""Writes card and seed text as literal Markdown: nothing in it can restyle the digest."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..markup import merge_spans
from ..render.links import word_span

# A file name that is not UTF-8 reaches Python with its bytes as lone surrogates, which no
# UTF-8 output (a job summary, a strict terminal) can carry.
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """Return text with each lone surrogate written as its escape, as `check` prints it."""
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


# Characters that open or close Markdown constructs on GitHub, plus `$` (maths) and `@`
# (mentions): escaped, card and seed text shows as written and cannot restyle the digest.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~=&$@:])")


def escape(text: str) -> str:
    """Return text as literal Markdown on one line: special characters escaped, breaks folded."""
    return escape_run(text).strip()


def escape_run(text: str) -> str:
    """Return a run of text escaped, keeping a folded space at either end (it divides words)."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def code(text: str) -> str:
    """Return text as inline code on one line, fenced with more backticks than it holds."""
    # A line break could end the paragraph, and the code span with it: fold breaks to spaces.
    text = re.sub(r"\s+", " ", text)
    if "`" not in text and text.strip() == text != "":
        return f"`{text}`"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")


def quoted_block(text: str) -> str:
    """Return Markdown text as an escaped blockquote: paragraphs and list items kept apart."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not _LIST_ITEM.match(line):
                lines[-1] += " " + line
            else:
                lines.append(line)
        paragraphs.append("  \n> ".join(escape(line) for line in lines))
    return "\n>\n".join(f"> {paragraph}" for paragraph in paragraphs)


def bold_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Return a passage escaped, with the quoted spans (widened to whole words) in bold."""
    # Whole words: emphasis opening or closing inside a word does not render on GitHub.
    merged = merge_spans(word_span(text, start, end) for start, end in spans)
    out, last = [], 0
    for start, end in merged:
        out += [escape_run(text[last:start]), "**", escape(text[start:end]), "**"]
        last = end
    out.append(escape_run(text[last:]))
    return "".join(out).strip()
