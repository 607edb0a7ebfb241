"""Links to quoted words: URL text fragments that scroll to a passage and highlight the quote."""

from __future__ import annotations

import pytest

from factsite.render.links import is_web_url, passage_fragment

PASSAGE = "The audit did not cover rural districts, where most planned homes are."


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.mark.parametrize(
    ("text", "quoted", "fragment"),
    [
        # A short quote is named in full, pinned by the words before it.
        (PASSAGE, ["rural districts"], "p2:~:text=did%20not%20cover-,rural%20districts"),
        # At the start of a passage there is nothing to pin it by.
        (PASSAGE, ["The audit did not"], "p2:~:text=The%20audit%20did%20not"),
        # A long quote is named by its first and last words, so the URL stays short.
        (
            PASSAGE,
            [PASSAGE],
            "p2:~:text=The%20audit%20did%20not,most%20planned%20homes%20are.",
        ),
        # Part of a word widens to the whole word: browsers match at word boundaries.
        (PASSAGE, ["udi"], "p2:~:text=The-,audit"),
        # Each part of a quote with an ellipsis gets a directive of its own.
        (
            PASSAGE,
            ["The audit", "most planned homes"],
            "p2:~:text=The%20audit&text=rural%20districts%2C%20where-,most%20planned%20homes",
        ),
        # -, comma and & are syntax in a text directive, so they are percent-encoded.
        (
            "A well-known figure: 4,000 & more.",
            ["well-known figure: 4,000 &"],
            "p2:~:text=A-,well%2Dknown%20figure%3A%204%2C000%20%26",
        ),
    ],
)
def test_fragment_highlights_the_quoted_words(text: str, quoted: list[str], fragment: str) -> None:
    assert passage_fragment(text, "p2", [span(text, words) for words in quoted]) == fragment


def test_a_passage_without_a_span_links_to_its_anchor_alone() -> None:
    assert passage_fragment(PASSAGE, "p2", []) == "p2"


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("  HTTPS://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("//example.org", False),
        ("https:///nohost", False),
        ("", False),
    ],
)
def test_only_http_urls_count_as_web_urls(url: str, web: bool) -> None:
    assert is_web_url(url) is web
