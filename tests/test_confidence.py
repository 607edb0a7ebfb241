"""The confidence rubric, rule by rule: what each level needs from a card's sources."""

from __future__ import annotations

from datetime import date

import pytest

from factsite.model import Card, Source
from factsite.verify import check_confidence


def make_card(confidence: str, *sources: tuple[str, str]) -> Card:
    return Card(
        slug="c",
        path="content/claims/c.yaml",
        claim="A claim.",
        confidence=confidence,
        summary="Why.",
        sources=tuple(Source(seed=seed, quote="q", stance=stance) for seed, stance in sources),
        reviewed=date(2026, 1, 1),
    )


ALLOWED = [
    ("high", [("a", "supports"), ("b", "supports")]),
    ("high", [("a", "supports"), ("b", "supports"), ("c", "context")]),
    ("moderate", [("a", "supports")]),
    ("moderate", [("a", "supports"), ("b", "context")]),
    ("low", [("a", "supports")]),
    ("disputed", [("a", "supports"), ("b", "contradicts")]),
    ("disputed", [("a", "contradicts")]),
]

REFUSED = [
    # high needs two *different* supporting seeds
    ("high", [("a", "supports")], "needs two or more different seeds"),
    ("high", [("a", "supports"), ("a", "supports")], "needs two or more different seeds"),
    ("high", [("a", "supports"), ("b", "context")], "needs two or more different seeds"),
    # ... and no contradiction at all
    ("high", [("a", "supports"), ("b", "supports"), ("c", "contradicts")], "contradicts"),
    # any contradiction makes a card disputed, whatever else it claims
    ("moderate", [("a", "supports"), ("b", "contradicts")], "rubric makes it 'disputed'"),
    ("low", [("a", "supports"), ("b", "contradicts")], "rubric makes it 'disputed'"),
    # disputed needs a contradiction
    ("disputed", [("a", "supports"), ("b", "supports")], "needs at least one source with"),
    # moderate and low still need support
    ("moderate", [("a", "context")], "needs at least one source that supports"),
    ("low", [("a", "context")], "needs at least one source that supports"),
]


@pytest.mark.parametrize(("confidence", "sources"), ALLOWED)
def test_rubric_allows(confidence: str, sources: list[tuple[str, str]]) -> None:
    assert check_confidence(make_card(confidence, *sources)) == []


@pytest.mark.parametrize(("confidence", "sources", "message"), REFUSED)
def test_rubric_refuses(confidence: str, sources: list[tuple[str, str]], message: str) -> None:
    problems = check_confidence(make_card(confidence, *sources))
    assert problems, f"{confidence} with {sources} should be refused"
    assert any(message in p.message for p in problems)
    assert all(p.is_error for p in problems)
