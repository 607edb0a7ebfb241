"""No silent corrections: what a published card may change, and what needs a correction."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from factsite.model import Card, Correction, Pos, Source
from factsite.verify.cards import check_dates
from factsite.verify.corrections import silent_changes

PUBLISHED = Card(
    slug="c",
    path="content/claims/c.yaml",
    claim="The ministry says 4,000 homes were built.",
    confidence="high",
    summary="Two articles agree.",
    sources=(
        Source("alpha", "4,000 homes were built", "supports"),
        Source("beta", "4,000 new homes", "supports"),
    ),
    reviewed=date(2026, 2, 1),
    corrections=(Correction(date(2026, 1, 20), "The figure's year was wrong."),),
    pos={"claim": Pos(2, 8), "confidence": Pos(3, 13), "sources": Pos(6, 1)},
)
LOWER = {"confidence": "moderate"}
LATER = Correction(date(2026, 2, 1), "Lowered while the audit is checked.")
EARLIER = Correction(date(2026, 1, 10), "Lowered while the audit is checked.")


def changed(**fields: object) -> Card:
    return dataclasses.replace(PUBLISHED, **fields)  # type: ignore[arg-type]


def problems(new: Card, old: Card = PUBLISHED) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in silent_changes({"c": old}, {"c": new})]


QUIET = [
    ("summary reworded", {"summary": "Both articles give the figure."}),
    (
        "quote spacing",
        {
            "sources": (
                Source("alpha", "4,000  homes were built", "supports"),
                Source("beta", "4,000 new homes", "supports"),
            )
        },
    ),
    ("sources reordered", {"sources": tuple(reversed(PUBLISHED.sources))}),
    ("tags added", {"tags": ("housing",)}),
    (
        "a source's note",
        {
            "sources": (
                Source("alpha", "4,000 homes were built", "supports", note="The statement."),
                Source("beta", "4,000 new homes", "supports"),
            )
        },
    ),
]


@pytest.mark.parametrize(("name", "fields"), QUIET, ids=[name for name, _ in QUIET])
def test_a_change_readers_need_not_be_told_of_passes(name: str, fields: dict[str, object]) -> None:
    assert problems(changed(**fields)) == []


LOUD = [
    ("claim", {"claim": "The ministry says 4,100 homes were built."}, 2, "Claim"),
    ("confidence", LOWER, 3, "Confidence"),
    (
        "stance",
        {
            "sources": (
                Source("alpha", "4,000 homes were built", "supports"),
                Source("beta", "4,000 new homes", "context"),
            )
        },
        6,
        "Sources",
    ),
    ("source dropped", {"sources": PUBLISHED.sources[:1]}, 6, "Sources"),
    (
        "quote changed",
        {
            "sources": (
                Source("alpha", "4,000 homes were built", "supports"),
                Source("beta", "4,000 new homes were built", "supports"),
            )
        },
        6,
        "Sources",
    ),
    ("claim and level", {"claim": "Another.", **LOWER}, 2, "Claim and confidence"),
]


@pytest.mark.parametrize(("name", "fields", "line", "what"), LOUD, ids=[name for name, *_ in LOUD])
def test_a_change_of_meaning_without_a_correction_fails_on_the_fields_line(
    name: str, fields: dict[str, object], line: int, what: str
) -> None:
    assert problems(changed(**fields)) == [
        (line, f"{what} of a published card changed without a correction")
    ]


def test_the_hint_says_how_to_correct_and_from_which_date() -> None:
    [problem] = silent_changes({"c": PUBLISHED}, {"c": changed(**LOWER)})
    assert problem.path == "content/claims/c.yaml"
    assert problem.hint == (
        "add an entry under corrections dated 2026-01-20 or later: "
        "{date: YYYY-MM-DD, note: what changed and why} (a typo fix can say so)"
    )


def test_a_new_correction_on_or_after_the_last_makes_the_change_pass() -> None:
    fields = {**LOWER, "corrections": (*PUBLISHED.corrections, LATER)}
    assert problems(changed(**fields)) == []


def test_a_new_correction_dated_before_the_last_does_not_count() -> None:
    fields = {**LOWER, "corrections": (*PUBLISHED.corrections, EARLIER)}
    assert problems(changed(**fields)) == [
        (3, "Confidence of a published card changed without a correction")
    ]


def test_a_published_correction_may_not_be_removed_or_rewritten() -> None:
    rewritten = Correction(date(2026, 1, 20), "Nothing was wrong.")
    assert problems(changed(corrections=(rewritten,))) == [
        (1, "the published correction of 2026-01-20 was removed or changed")
    ]


def test_a_draft_on_the_base_was_never_published_so_it_changes_freely() -> None:
    draft = changed(draft=True)
    assert problems(changed(draft=False, **LOWER), old=draft) == []


def test_new_and_removed_cards_are_not_corrections() -> None:
    assert silent_changes({}, {"c": PUBLISHED}) == []
    assert silent_changes({"c": PUBLISHED}, {}) == []


DATES = [
    (
        {"published": date(2026, 3, 1), "corrections": ()},
        "published 2026-03-01 is after reviewed 2026-02-01",
    ),
    (
        {"corrections": (Correction(date(2026, 2, 2), "Later than the review."),)},
        "correction dated 2026-02-02 is after reviewed 2026-02-01",
    ),
    (
        {"published": date(2026, 1, 25)},
        "correction dated 2026-01-20 is before published 2026-01-25",
    ),
]


@pytest.mark.parametrize(("fields", "message"), DATES, ids=["published", "after", "before"])
def test_publication_corrections_and_review_come_in_that_order(
    fields: dict[str, object], message: str
) -> None:
    assert [d.message for d in check_dates(changed(**fields))] == [message]
    assert check_dates(PUBLISHED) == []
