"""Quote matching: whitespace and quote styles fold, ellipses join parts, nothing else bends."""

from __future__ import annotations

import pytest

from factsite.load import split_passages
from factsite.quotes import SeedIndex

SEED = (
    "The ministry said 4,000 “new” homes were built in 2025, a record.\n"
    "\n"
    "Critics said the figure counts homes that were only   planned.\n"
    "It’s a claim the auditor has not checked; the auditor said so twice.\n"
    "The auditor said so twice.\n"
)


@pytest.fixture
def index() -> SeedIndex:
    return SeedIndex(split_passages(SEED))


def test_passages_are_the_non_empty_lines_numbered_from_one() -> None:
    passages = split_passages("first\n\n  \nsecond\r\nthird")
    assert [(p.number, p.text) for p in passages] == [(1, "first"), (2, "second"), (3, "third")]


@pytest.mark.parametrize(
    ("quote", "passage", "marked"),
    [
        ("homes were built in 2025", 1, ["homes were built in 2025"]),
        # straight quotes in the card match curly ones in the seed, and the reverse
        ('said 4,000 "new" homes', 1, ["said 4,000 “new” homes"]),
        ("It's a claim", 3, ["It’s a claim"]),
        ("It’s a claim", 3, ["It’s a claim"]),
        # whitespace differences fold: the seed has three spaces, the quote a line break
        ("only planned.", 2, ["only   planned."]),
        ("homes that were\n   only\tplanned", 2, ["homes that were only   planned"]),
        # an ellipsis, spaced or not, three dots or one character, joins parts in order
        ("The ministry said … a record", 1, ["The ministry said", "a record"]),
        ("The ministry said...a record", 1, ["The ministry said", "a record"]),
        ("…the auditor has not checked", 3, ["the auditor has not checked"]),
        # the first occurrence wins: passage 3 before passage 4
        ("the auditor said so twice", 3, ["the auditor said so twice"]),
    ],
)
def test_quote_is_found_in_its_passage(
    index: SeedIndex, quote: str, passage: int, marked: list[str]
) -> None:
    match = index.find(quote)
    assert match is not None
    assert match.passage == passage
    text = index.passages[passage - 1].text
    assert [text[start:end] for start, end in match.spans] == marked


def test_spans_point_at_the_original_characters(index: SeedIndex) -> None:
    match = index.find('said 4,000 "new" homes')
    assert match is not None
    text = index.passages[0].text
    assert [text[start:end] for start, end in match.spans] == ["said 4,000 “new” homes"]


@pytest.mark.parametrize(
    "quote",
    [
        "The Ministry said",  # case counts
        "homes were built in 2024",  # words count
        "homes were built in 2025 a record",  # punctuation counts
        "homes were built in 2025,a record",  # whitespace may differ, not vanish
        "a record … The ministry said",  # ellipsis parts must come in order
        "a record. Critics said",  # never across passages
        "only planned. It's a claim",  # never across passages, even adjacent ones
        "...",  # nothing to find
    ],
)
def test_quote_that_is_not_verbatim_is_not_found(index: SeedIndex, quote: str) -> None:
    assert index.find(quote) is None


def test_quote_across_two_passages_is_named_as_such(index: SeedIndex) -> None:
    assert index.spanning("only planned. It's a claim") == (2, 3)
    assert index.spanning("homes were built") is None


def test_closest_passage_is_the_one_sharing_most_words(index: SeedIndex) -> None:
    passage, excerpt = index.closest("critics say the figure counts planned homes")
    assert passage.number == 2
    assert "figure counts homes" in excerpt


def test_closest_excerpt_of_a_long_passage_centres_on_the_match() -> None:
    long = "Filler words go here. " * 20 + "The key sentence about homes is here. " + "More. " * 20
    index = SeedIndex(split_passages(long))
    _, excerpt = index.closest("The key sentence about homes was here")
    assert "The key sentence about homes is" in excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert len(excerpt) <= 112
