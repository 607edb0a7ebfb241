"""The confidence rubric, rule by rule: what each level needs from a card's sources.

The rubric counts independent lines of reporting: seeds whose origins overlap (or that hold
one text) are one line; a seed that names no origin is a line of its own.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import build
from factsite.model import Card, Seed, Source
from factsite.preview import SiteBuilder
from factsite.verify.cards import check_confidence
from factsite.verify.origins import reporting_lines
from tests.sitetools import FIXTURES, make_site, seed_entry, write_files


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


def seed(seed_id: str, *origins: str) -> Seed:
    return Seed(seed_id, f"seeds/{seed_id}.txt", (), seed_id.upper(), origins=origins)


# a and b name no origin: two lines. ft1 and ft2 share the FT; wire names the FT and Reuters,
# so it joins the FT's line; bb is Bloomberg's alone.
SEEDS = {
    s.id: s
    for s in (
        seed("a"),
        seed("b"),
        seed("c"),
        seed("ft1", "Financial Times"),
        seed("ft2", "financial  times"),  # spelt differently, the same origin
        seed("wire", "Reuters", "Financial Times"),
        seed("reuters", "Reuters"),
        seed("bb", "Bloomberg"),
    )
}

ALLOWED = [
    ("high", [("a", "supports"), ("b", "supports")]),
    ("high", [("a", "supports"), ("b", "supports"), ("c", "context")]),
    ("high", [("ft1", "supports"), ("bb", "supports")]),
    # ft1 and reuters are independent: a third seed naming both, cited as context, joins nothing
    ("high", [("ft1", "supports"), ("reuters", "supports"), ("wire", "context")]),
    ("moderate", [("a", "supports"), ("b", "context")]),
    ("moderate", [("a", "supports"), ("b", "supports")]),
    ("moderate", [("ft1", "supports"), ("bb", "context")]),
    ("low", [("a", "supports")]),
    ("low", [("ft1", "supports"), ("ft2", "supports")]),
    ("disputed", [("a", "supports"), ("b", "contradicts")]),
    ("disputed", [("a", "contradicts")]),
]

REFUSED = [
    # high needs two independent supporting lines of reporting
    ("high", [("a", "supports")], "needs two or more independent lines"),
    ("high", [("a", "supports"), ("a", "supports")], "needs two or more independent lines"),
    ("high", [("a", "supports"), ("b", "context")], "needs two or more independent lines"),
    ("high", [("ft1", "supports"), ("ft2", "supports")], "found 1 line"),
    # origins join transitively: reuters shares Reuters with wire, which shares the FT
    ("high", [("ft1", "supports"), ("wire", "supports"), ("reuters", "supports")], "found 1"),
    # ... and no contradiction at all
    ("high", [("a", "supports"), ("b", "supports"), ("c", "contradicts")], "contradicts"),
    # moderate needs a second line, supporting or consistent
    ("moderate", [("a", "supports")], "needs a source from a second line of reporting"),
    ("moderate", [("ft1", "supports"), ("ft2", "context")], "found 1 line"),
    # any contradiction makes a card disputed, whatever else it claims
    ("moderate", [("a", "supports"), ("b", "contradicts")], "rubric makes it 'disputed'"),
    ("low", [("a", "supports"), ("b", "contradicts")], "rubric makes it 'disputed'"),
    # disputed needs a contradiction
    ("disputed", [("a", "supports"), ("b", "supports")], "needs at least one source with"),
    # moderate and low still need support
    ("moderate", [("a", "context"), ("b", "context")], "needs at least one source that supports"),
    ("low", [("a", "context")], "needs at least one source that supports"),
]


@pytest.mark.parametrize(("confidence", "sources"), ALLOWED)
def test_rubric_allows(confidence: str, sources: list[tuple[str, str]]) -> None:
    assert check_confidence(make_card(confidence, *sources), SEEDS) == []


@pytest.mark.parametrize(("confidence", "sources", "message"), REFUSED)
def test_rubric_refuses(confidence: str, sources: list[tuple[str, str]], message: str) -> None:
    problems = check_confidence(make_card(confidence, *sources), SEEDS)
    assert problems, f"{confidence} with {sources} should be refused"
    assert any(message in p.message for p in problems), [p.message for p in problems]
    assert all(p.is_error for p in problems)


def test_overlapping_origins_are_named_in_the_hint() -> None:
    card = make_card("high", ("ft1", "supports"), ("ft2", "supports"))
    [problem] = check_confidence(card, SEEDS)
    assert problem.message == (
        "confidence 'high' needs two or more independent lines of reporting that support the "
        "claim; found 1 line"
    )
    assert problem.hint == (
        "seeds 'ft1' and 'ft2' count as one line of reporting: their origins overlap "
        "('Financial Times')"
    )


def test_lines_of_reporting_are_named_by_their_origins() -> None:
    lines = reporting_lines(["bb", "reuters", "ft1", "wire", "a"], SEEDS)
    assert [(line.seeds, line.origins) for line in lines] == [
        (("a",), ()),
        (("bb",), ("Bloomberg",)),
        (("ft1", "reuters", "wire"), ("Financial Times", "Reuters")),
    ]


# Two archived copies of one text are one seed, whatever their ids.


def test_two_seeds_with_one_text_are_one_seed_for_high() -> None:
    card = make_card("high", ("a", "supports"), ("a-copy", "supports"))
    problems = check_confidence(card, SEEDS, {"a": "same digest", "a-copy": "same digest"})
    assert [(p.message, p.hint) for p in problems] == [
        (
            "confidence 'high' needs two or more independent lines of reporting that support "
            "the claim; found 1 line",
            "seeds 'a' and 'a-copy' hold the same text, so they count as one seed",
        )
    ]


def test_seeds_with_different_texts_still_count_apart() -> None:
    card = make_card("high", ("a", "supports"), ("b", "supports"))
    assert check_confidence(card, SEEDS, {"a": "one digest", "b": "another digest"}) == []


def test_a_third_seed_with_its_own_text_makes_high_again() -> None:
    card = make_card("high", ("a", "supports"), ("a-copy", "supports"), ("b", "supports"))
    assert check_confidence(card, SEEDS, {"a": "same", "a-copy": "same", "b": "other"}) == []


SEED_TEXT = "The board approved the plan on Tuesday.\n"
COPIES = {
    "seeds/gamma.txt": SEED_TEXT,
    "seeds/gamma-copy.txt": SEED_TEXT,
    "seeds/sources.yaml": (FIXTURES / "minimal/seeds/sources.yaml").read_text()
    + seed_entry("gamma", SEED_TEXT, "G")
    + seed_entry("gamma-copy", SEED_TEXT, "G again"),
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
        "content/claims/board.yaml:2:13: error: confidence 'high' needs two or more independent "
        "lines of reporting that support the claim; found 1 line" in lines
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
