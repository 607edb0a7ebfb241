"""`build.py new` starts a card from one verified quote, or refuses with the reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import build
from tests.bad_inputs import CASES
from tests.sitetools import make_site

QUOTE = "The audit did not cover rural districts"
FILLED = {
    "claim": "claim: Critics say the audit skipped rural districts.",
    "confidence": "confidence: low",
    "reviewed": "reviewed: 2026-03-01",
    "summary": "summary: |\n  One source says so; nothing corroborates it.",
}


def new(root: Path, *args: str) -> int:
    return build.main(["--root", str(root), "new", *args])


def fill_in(text: str) -> str:
    """Uncomment the skeleton's required fields and give them values, as an author would."""
    for field, value in FILLED.items():
        text, count = re.subn(rf"^# {field}:.*$", value, text, count=1, flags=re.MULTILINE)
        assert count == 1, f"the skeleton has no commented {field!r} line"
    return text


def test_new_writes_a_card_whose_source_is_filled_in_and_verified(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert new(root, "rural-districts", "--seed", "beta", "--quote", QUOTE) == 0
    text = (root / "content/claims/rural-districts.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../card.schema.json\n")
    assert (
        "sources:\n"
        '  - seed: "beta"\n'
        "    # Audit report coverage, passage p2:\n"
        "    #   The audit did not cover rural districts, where most planned homes are.\n"
    ) in text
    assert f'    quote: "{QUOTE}"\n    stance: supports\n' in text
    assert capsys.readouterr().err == (
        "wrote content/claims/rural-districts.yaml: the quote is passage p2 of 'beta'; "
        "fill in the commented fields, then run `build.py check`\n"
    )


def test_the_skeleton_lacks_only_the_fields_an_author_fills_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert new(root, "rural-districts", "--seed", "beta", "--quote", QUOTE) == 0
    capsys.readouterr()
    assert build.main(["--root", str(root), "check"]) == 1
    missing = sorted(re.findall(r"missing required field '(\w+)'", capsys.readouterr().err))
    assert missing == sorted(FILLED)


def test_the_skeleton_once_filled_in_passes_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    quote = "The ministry said 4,000 “new” homes were built"
    assert new(root, "new-homes", "--seed", "alpha", "--quote", quote) == 0
    path = root / "content/claims/new-homes.yaml"
    path.write_text(fill_in(path.read_text()))
    status = build.main(["--root", str(root), "check"])
    assert status == 0, capsys.readouterr().err


def test_new_warns_about_a_short_quote_at_its_line_in_the_new_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert new(root, "a-record", "--seed", "alpha", "--quote", "a record") == 0
    lines = (root / "content/claims/a-record.yaml").read_text().splitlines()
    warning = capsys.readouterr().err.splitlines()[0]
    line, col = map(int, re.findall(r"^content/claims/a-record\.yaml:(\d+):(\d+): ", warning)[0])
    assert warning.endswith(
        "warning: quote is shorter than 4 words; a longer quote shows readers the context"
    )
    assert lines[line - 1][col - 1 :] == '"a record"'


def test_new_refuses_an_existing_slug(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(tmp_path)
    card = root / "content/claims/homes-built.yaml"
    before = card.read_bytes()
    assert new(root, "homes-built", "--seed", "beta", "--quote", QUOTE) == 2
    assert capsys.readouterr().err == (
        "build.py: error: content/claims/homes-built.yaml already exists\n"
        "    choose another slug, or edit that card\n"
    )
    assert card.read_bytes() == before


def test_new_refuses_a_quote_not_in_the_seed_with_the_builds_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_case = next(case for case in CASES if case.id == "quote-not-found")
    root = make_site(tmp_path)
    quote = "The audit did not visit rural districts"
    assert new(root, "rural-districts", "--seed", "beta", "--quote", quote) == 2
    assert capsys.readouterr().err == (
        f"build.py: error: quote not found in seed 'beta'\n{build_case.extra[0]}\n"
    )
    assert not (root / "content/claims/rural-districts.yaml").exists()


def test_new_refuses_a_quote_that_runs_across_passages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    quote = "confirming the ministry's figure. The audit did not cover"
    assert new(root, "rural-districts", "--seed", "beta", "--quote", quote) == 2
    assert capsys.readouterr().err.splitlines()[1] == (
        "    the quote runs across passages p1 and p2; a quote must lie within one passage"
    )


@pytest.mark.parametrize(
    ("slug", "seed", "expected"),
    [
        (
            "Rural_Districts",
            "beta",
            "build.py: error: 'Rural_Districts' is not a slug\n"
            "    use lowercase letters, digits and hyphens; the slug becomes the card's URL\n",
        ),
        (
            "../escape",
            "beta",
            "build.py: error: '../escape' is not a slug\n"
            "    use lowercase letters, digits and hyphens; the slug becomes the card's URL\n",
        ),
        (
            "rural-districts",
            "gamma",
            "build.py: error: unknown seed 'gamma'\n    known seeds: alpha, beta\n",
        ),
    ],
    ids=["capitals", "path", "unknown-seed"],
)
def test_new_refuses_a_bad_slug_or_an_unknown_seed(
    slug: str, seed: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    before = sorted(p.name for p in (root / "content/claims").iterdir())
    assert new(root, slug, "--seed", seed, "--quote", QUOTE) == 2
    assert capsys.readouterr().err == expected
    assert sorted(p.name for p in (root / "content/claims").iterdir()) == before


def test_new_requires_seed_and_quote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(tmp_path)
    assert new(root, "rural-districts", "--seed", "beta") == 2
    assert "the following arguments are required: --quote" in capsys.readouterr().err


def test_new_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["new", "--help"]) == 0
    assert "commented skeleton" in capsys.readouterr().out
