"""The confidence rubric, rule by rule: what each level needs from a card's sources."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import build
from factsite.model import Card, Source
from factsite.preview import SiteBuilder
from factsite.verify.cards import check_confidence
from tests.sitetools import make_site, write_files


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


# Two archived copies of one text are one seed, whatever their ids.


def test_two_seeds_with_one_text_are_one_seed_for_high() -> None:
    card = make_card("high", ("a", "supports"), ("a-copy", "supports"))
    problems = check_confidence(card, {"a": "same digest", "a-copy": "same digest"})
    assert [(p.message, p.hint) for p in problems] == [
        (
            "confidence 'high' needs two or more different seeds that support the claim; found 1",
            "seeds 'a' and 'a-copy' hold the same text, so they count as one seed",
        )
    ]


def test_seeds_with_different_texts_still_count_apart() -> None:
    card = make_card("high", ("a", "supports"), ("b", "supports"))
    assert check_confidence(card, {"a": "one digest", "b": "another digest"}) == []


def test_a_third_seed_with_its_own_text_makes_high_again() -> None:
    card = make_card("high", ("a", "supports"), ("a-copy", "supports"), ("b", "supports"))
    assert check_confidence(card, {"a": "same", "a-copy": "same", "b": "other"}) == []


SEED_TEXT = "The board approved the plan on Tuesday.\n"
COPIES = {
    "seeds/gamma.txt": SEED_TEXT,
    "seeds/gamma-copy.txt": SEED_TEXT,
    "seeds/sources.yaml": "alpha:\n  title: A\nbeta:\n  title: B\n"
    "gamma:\n  title: G\ngamma-copy:\n  title: G again\n",
    "content/claims/board.yaml": "claim: The board approved the plan.\nconfidence: high\n"
    "reviewed: 2026-02-03\nsummary: Two copies of one article.\nsources:\n"
    '  - seed: gamma\n    quote: "The board approved the plan"\n    stance: supports\n'
    '  - seed: gamma-copy\n    quote: "The board approved the plan"\n    stance: supports\n',
}
COPY_WARNING = (
    "seeds/gamma-copy.txt:1:1: warning: seed 'gamma-copy' holds the same text as seed 'gamma'"
)


def test_a_seed_that_copies_another_is_warned_about_and_fails_a_high_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    write_files(root, COPIES)
    assert build.main(["--root", str(root), "check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[lines.index(COPY_WARNING) + 1] == (
        "    the confidence rubric counts the two as one seed"
    )
    assert (
        "content/claims/board.yaml:2:13: error: confidence 'high' needs two or more different "
        "seeds that support the claim; found 1" in lines
    )


def test_the_preview_warns_about_a_copied_seed_as_the_build_does(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "out")
    assert builder.build_all().ok
    write_files(root, COPIES)
    changed = ["seeds/gamma.txt", "seeds/gamma-copy.txt", "seeds/sources.yaml"]
    report = builder.rebuild([*changed, "content/claims/board.yaml"])
    warnings = [d for d in report.problems if d.severity == "warning"]
    assert [(d.path, d.message) for d in warnings] == [
        ("seeds/gamma-copy.txt", "seed 'gamma-copy' holds the same text as seed 'gamma'")
    ]
