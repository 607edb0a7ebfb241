"""Markdown rendered with only the block rules a text can use is the same HTML as with all."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factsite.markup import markdown_block, markdown_block_pruned
from tests.sitetools import REPO

# Pieces that start, end or nest every kind of block, and words between them.
PIECES = [
    *("- ", "* ", "+ ", "1. ", "2) ", "> ", "# ", "## ", "    ", "\t", "  ", " "),
    *("---", "***", "___", "- - -", "===", "=", "-", "```", "~~~", "|", "| --- |"),
    *("[a]: /x", "[a]", "]:", "*", "_", "`", "\\", "<b>", "&amp;", "![i](x.png)"),
    *("word", "two words", "3.5", "\n", "\n\n", "\r\n", "\r"),
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=800, deadline=None)
@given(texts)
def test_any_text_renders_the_same_with_only_its_rules(text: str) -> None:
    assert markdown_block_pruned(text) == markdown_block(text)


@pytest.mark.parametrize(
    "text",
    [
        "Title\n===",  # a setext heading
        "> Title\n> ---",  # one inside a quote
        "1. ---",  # a break inside a list item
        "- item\n\n      code",  # indented code inside a list item
        ">\tcode",  # a tab of indent inside a quote
        "a | b\n- | -\n1 | 2",  # a table
        "[a]\n\n[a]: /x",  # a reference
        "Plain words, a hyphen-ated one and a dash - here.",
    ],
)
def test_each_kind_of_block_renders_the_same(text: str) -> None:
    assert markdown_block_pruned(text) == markdown_block(text)


def test_the_real_summaries_and_pages_render_the_same() -> None:
    cards = sorted((REPO / "content/claims").glob("*.yaml"))
    texts = [yaml.safe_load(card.read_text(encoding="utf-8"))["summary"] for card in cards]
    texts += [page.read_text(encoding="utf-8") for page in _pages(REPO)]
    assert texts and all(markdown_block_pruned(text) == markdown_block(text) for text in texts)


def _pages(root: Path) -> list[Path]:
    return sorted((root / "content/pages").glob("*.md"))
