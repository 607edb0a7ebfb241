"""Quote matching: whitespace and quote styles fold, ellipses join parts, nothing else bends."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date

import pytest

from factsite.load.seeds import split_passages
from factsite.model import Card, Diagnostic, ReportingLine, Seed, Source, VerifiedCard
from factsite.verify.cards import verified_card, verify_card
from factsite.verify.hints import closest, not_found_hint
from factsite.verify.quotes import SeedIndex, holds_word, quote_parts

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
    found = closest("critics say the figure counts planned homes", index)
    assert found.passage.number == 2
    assert "figure counts homes" in found.excerpt


def test_closest_excerpt_of_a_long_passage_centres_on_the_first_word_that_differs() -> None:
    long = "Filler words go here. " * 20 + "The key sentence about homes is here. " + "More. " * 20
    index = SeedIndex(split_passages(long))
    found = closest("The key sentence about homes was here", index)
    assert "The key sentence about homes »is« here." in found.excerpt
    assert found.excerpt.startswith("…") and found.excerpt.endswith("…")
    assert len(found.excerpt) <= 114  # 110 characters, the two marks and the two ellipses
    assert found.note == 'the quote has "was"'


@pytest.mark.parametrize(
    ("quote", "marked", "note"),
    [
        # a word in the middle: the quote's first words are lined up, then walked
        ("It's a claim the auditor has checked", "the auditor has »not« checked", '"checked"'),
        # the first word: the words after it line the quote up
        ("Its a claim the auditor has not", "»It's« a claim", '"Its"'),
        # punctuation counts, so a word with another mark after it differs
        ("the auditor has not checked, the auditor", "has not »checked;« the", '"checked,"'),
        # a word the quote adds after its first: the first words still line it up
        ("It's tall a claim the auditor has", "It's »a« claim", '"tall"'),
    ],
)
def test_closest_marks_the_first_word_that_differs(
    index: SeedIndex, quote: str, marked: str, note: str
) -> None:
    found = closest(quote, index)
    assert found.passage.number == 3
    assert marked in found.excerpt
    assert found.note == f"the quote has {note}"


def test_closest_says_when_the_passage_ends_before_the_quote() -> None:
    index = SeedIndex(split_passages("The auditor said so twice.\n"))
    found = closest("The auditor said so twice. Then again", index)
    assert found.excerpt == "The auditor said so twice."
    assert found.note == 'the passage ends where the quote goes on with "Then"'


def test_closest_says_when_the_parts_of_a_quote_are_out_of_order(index: SeedIndex) -> None:
    found = closest("a record … The ministry said", index)
    assert found.excerpt.startswith("»The« ministry said")
    assert found.note == 'the quote\'s "The ministry said" does not come after its "a record"'


def test_closest_cuts_a_word_too_long_to_show() -> None:
    index = SeedIndex(split_passages("Short words then " + "x" * 500 + " and more.\n"))
    found = closest("Short words then y", index)
    assert found.excerpt == "Short words then »" + "x" * 60 + "…«…"


def test_a_long_quote_against_a_long_passage_still_marks_its_first_difference() -> None:
    words = [f"w{n}" for n in range(20_000)]
    index = SeedIndex(split_passages(" ".join(words) + "\n"))
    quote = " ".join([*words[5_000:15_000], "zzz", *words[15_001:16_000]])
    found = closest(quote, index)
    assert "w14999 »w15000« w15001" in found.excerpt
    assert found.note == 'the quote has "zzz"'


@pytest.mark.parametrize(
    ("quote", "holds"),
    [
        ("a record", True),
        ("2025", True),
        ("....", False),
        ("…", False),
        (" ; ", False),
        ("a record … ; … Monday", False),
    ],
)
def test_a_quote_holds_words_when_each_part_has_a_letter_or_digit(quote: str, holds: bool) -> None:
    parts = quote_parts(quote)
    assert (bool(parts) and all(holds_word(part) for part in parts)) is holds


# Unicode: both sides are compared after NFC normalisation, and nothing else is ignored.

NFC_SEED = "The café reported 12 visitors on Monday.\n"


def test_a_decomposed_quote_matches_a_composed_seed() -> None:
    index = SeedIndex(split_passages(NFC_SEED))
    match = index.find(unicodedata.normalize("NFD", "The café reported"))
    assert match is not None
    text = index.passages[0].text
    assert [text[start:end] for start, end in match.spans] == ["The café reported"]


def test_a_composed_quote_matches_a_decomposed_seed_and_marks_every_code_point() -> None:
    seed = unicodedata.normalize("NFD", NFC_SEED + "A second café, a second visit.\n")
    index = SeedIndex(split_passages(seed))
    match = index.find("second café, a second")
    assert match is not None and match.passage == 2
    text = index.passages[1].text
    # The marked text is the seed's own: "e" and its combining accent, both.
    assert [text[start:end] for start, end in match.spans] == ["second cafe\u0301, a second"]
    assert index.find("reported 12 visitors") == index.find("reported   12 visitors")
    assert index.find("The cafe reported") is None  # an accent still counts


def test_spans_stay_right_after_many_composed_characters() -> None:
    seed = unicodedata.normalize("NFD", "Ça été déjà vu à Zürich, où l'été dure.\n")
    index = SeedIndex(split_passages(seed))
    match = index.find("Zürich, où l'été")
    assert match is not None
    start, end = match.spans[0]
    assert unicodedata.normalize("NFC", index.passages[0].text[start:end]) == "Zürich, où l'été"


def test_characters_that_compose_without_combining_marks_map_back_whole() -> None:
    # Hangul jamo are not combining marks, yet NFC joins three of them into one syllable.
    index = SeedIndex(split_passages("Before \u1100\u1161\u11a8 after.\n"))
    match = index.find("\uac01 after")
    assert match is not None
    start, end = match.spans[0]
    assert index.passages[0].text[start:end] == "\u1100\u1161\u11a8 after"


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\ufeff", "\u2060", "\u200d"])
def test_invisible_characters_count_in_matching(invisible: str) -> None:
    index = SeedIndex(split_passages(f"The board ap{invisible}proved the plan.\n"))
    assert index.find("The board approved the plan") is None
    match = index.find(f"board ap{invisible}proved")
    assert match is not None and match.spans == ((4, 19),)


def test_hint_names_an_invisible_character_of_the_seed() -> None:
    index = SeedIndex(split_passages("The board approved\u200b the plan.\n"))
    hint = not_found_hint("The board approved the plan", index)
    assert hint.startswith(
        'the seed has an invisible U+200B ZERO WIDTH SPACE after "approved" (p1); '
    )


def test_hint_names_an_invisible_character_of_the_quote() -> None:
    index = SeedIndex(split_passages("The board approved the plan.\n"))
    hint = not_found_hint("The board\u2060 approved the plan", index)
    assert hint == (
        'the quote has an invisible U+2060 WORD JOINER after "board" that the seed (p1) '
        "does not have"
    )


def test_hint_names_a_compatibility_character() -> None:
    index = SeedIndex(split_passages("Sales rose to ４,000 units.\n"))
    assert not_found_hint("Sales rose to 4,000 units", index) == (
        'the seed has U+FF14 FULLWIDTH DIGIT FOUR in "４,000" (p1) where the quote has "4"; '
        "quote the seed"
    )


def test_a_card_is_verified_only_once_every_quote_is_found_in_its_seed() -> None:
    seed = Seed("alpha", "seeds/alpha.txt", split_passages(SEED), "Alpha")
    found = Source("alpha", "homes were built in 2025", "supports")
    missing = Source("alpha", "the auditor checked the figure", "context")
    card = Card(
        "c", "content/claims/c.yaml", "A claim.", "low", "Why.", (found, missing), date(2026, 1, 1)
    )
    seeds, indexes = {"alpha": seed}, {"alpha": SeedIndex(seed.passages)}
    problems: list[Diagnostic] = []
    (first, second), supporting = verify_card(card, seeds, indexes, problems)
    assert first is not None and first.match.passage == 1 and second is None
    assert "quote not found in seed 'alpha'" in [p.message for p in problems]
    # A quote not found is never published.
    assert verified_card(card, (first, second), supporting) is None
    whole = dataclasses.replace(card, sources=(found,))
    verified = verified_card(whole, *verify_card(whole, seeds, indexes, []))
    assert isinstance(verified, VerifiedCard)
    assert verified.sources == (first,) and verified.claim == whole.claim
    assert verified.supporting == (ReportingLine(("alpha",), ()),)


def test_a_verified_card_carries_the_lines_of_reporting_the_rubric_counted() -> None:
    # Two copies of one text, and a third seed on the same origin as a fourth: two lines.
    text = split_passages(SEED)
    other = split_passages("On Monday the council said the homes were counted twice.\n")
    seeds = {
        "alpha": Seed("alpha", "seeds/alpha.txt", text, "Alpha"),
        "copy": Seed("copy", "seeds/copy.txt", text, "Copy"),
        "wire": Seed("wire", "seeds/wire.txt", other, "Wire", origins=("Agency",)),
        "daily": Seed("daily", "seeds/daily.txt", other, "Daily", origins=("agency",)),
    }
    indexes = {seed_id: SeedIndex(seed.passages) for seed_id, seed in seeds.items()}
    quotes = {"alpha": "homes were built in", "copy": "homes were built in 2025"}
    quotes |= {"wire": "the council said the homes", "daily": "the homes were counted twice"}
    sources = tuple(Source(seed_id, quote, "supports") for seed_id, quote in quotes.items())
    card = Card("c", "content/claims/c.yaml", "A claim.", "high", "Why.", sources, date(2026, 1, 1))
    problems: list[Diagnostic] = []
    verified = verified_card(card, *verify_card(card, seeds, indexes, problems))
    assert problems == [] and verified is not None
    assert verified.supporting == (
        ReportingLine(("alpha", "copy"), ()),
        ReportingLine(("daily", "wire"), ("agency",)),  # as the first seed spells it
    )
