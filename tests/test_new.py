"""`build.py new` starts a card from one verified quote, or refuses with the reason."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import build
from factsite import pipeline
from factsite.scaffold import UNFILLED, candidate
from tests.bad_inputs import CASES
from tests.sitetools import add_seed, make_site

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


def test_the_card_new_verifies_unwritten_gives_what_check_gives_once_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    rel = "content/claims/a-record.yaml"
    unwritten = pipeline.run(root, render=False, adding={rel: candidate(rel, "alpha", "a record")})
    assert new(root, "a-record", "--seed", "alpha", "--quote", "a record") == 0
    written = pipeline.run(root, render=False)

    def own(outcome: pipeline.Outcome) -> list[tuple[int, int, str, str]]:
        return [
            (p.line, p.col, p.severity, p.message)
            for p in outcome.problems
            if p.path == rel and p.message not in UNFILLED
        ]

    assert own(unwritten) == own(written)
    assert [problem[2:] for problem in own(written)] == [
        ("warning", "quote is shorter than 4 words; a longer quote shows readers the context")
    ]


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


def test_new_takes_the_start_of_a_seed_id_and_writes_the_whole_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    add_seed(root, "004_868a34aaa3d536e4", "The board approved the plan on Tuesday.\n", "Minutes")
    quote = "The board approved the plan"
    assert new(root, "board-vote", "--seed", "004", "--quote", quote) == 0
    text = (root / "content/claims/board-vote.yaml").read_text()
    assert '  - seed: "004_868a34aaa3d536e4"\n' in text
    assert "of '004_868a34aaa3d536e4'" in capsys.readouterr().err


def test_a_whole_seed_id_names_its_seed_though_it_starts_another(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    add_seed(root, "beta-2", "The audit did not cover rural districts either.\n", "Follow-up")
    assert new(root, "rural-districts", "--seed", "beta", "--quote", QUOTE) == 0
    assert '  - seed: "beta"\n' in (root / "content/claims/rural-districts.yaml").read_text()


def test_new_refuses_an_ambiguous_start_of_a_seed_id_naming_the_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    for number in ("001", "002"):
        add_seed(root, f"{number}_feed", f"Item {number} of the feed.\n", f"Feed {number}")
    assert new(root, "feed-item", "--seed", "00", "--quote", "of the feed") == 2
    assert capsys.readouterr().err == (
        "build.py: error: seed '00' is ambiguous: 2 seed ids start with it\n"
        "    give enough of the id to name one: 001_feed, 002_feed\n"
    )
    assert not (root / "content/claims/feed-item.yaml").exists()


def test_an_empty_seed_names_no_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(tmp_path)
    (root / "seeds/alpha.txt").unlink()  # one seed left, which "" must still not name
    sources = root / "seeds/sources.yaml"
    sources.write_text(sources.read_text()[sources.read_text().index("beta:") :])
    assert new(root, "rural-districts", "--seed", "", "--quote", QUOTE) == 2
    assert capsys.readouterr().err.splitlines()[0] == "build.py: error: unknown seed ''"


def test_new_requires_seed_and_quote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(tmp_path)
    assert new(root, "rural-districts", "--seed", "beta") == 2
    assert "the following arguments are required: --quote" in capsys.readouterr().err


def test_new_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["new", "--help"]) == 0
    assert "commented skeleton" in capsys.readouterr().out


@pytest.mark.parametrize("char", ["\x0c", "\x7f", "\x1b"], ids=["form-feed", "delete", "escape"])
def test_a_passage_with_a_character_yaml_cannot_carry_raw_still_gives_a_card_that_loads(
    char: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    add_seed(
        root, "minutes", f"The board voted{char} to approve the plan on Tuesday.\n", "Board minutes"
    )
    quote = "to approve the plan on Tuesday"
    assert new(root, "board-vote", "--seed", "minutes", "--quote", quote) == 0
    text = (root / "content/claims/board-vote.yaml").read_text(encoding="utf-8")
    escaped = f"\\x{ord(char):02x}"
    assert f"    #   The board voted{escaped} to approve the plan on Tuesday.\n" in text
    capsys.readouterr()
    assert build.main(["--root", str(root), "check"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert sorted(e.split(": error: ", 1)[1] for e in errors) == [
        f"missing required field '{name}' in a card"
        for name in ("claim", "confidence", "reviewed", "summary")
    ]


def test_new_refuses_a_quote_no_card_can_hold_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    add_seed(
        root, "minutes", "The board voted\x1bto approve the plan on Tuesday.\n", "Board minutes"
    )
    quote = "The board voted\x1bto approve the plan"
    assert new(root, "board-vote", "--seed", "minutes", "--quote", quote) == 2
    err = capsys.readouterr().err
    assert err.startswith("build.py: error: the new card would not pass the check: quote holds ")
    assert "U+001B" in err.splitlines()[0]
    assert err.splitlines()[1:] == ["    quote the words before or after it instead"]
    assert not (root / "content/claims/board-vote.yaml").exists()


def test_new_when_the_claims_folder_is_a_file_says_so_and_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    claims = root / "content/claims"
    shutil.rmtree(claims)
    claims.write_text("not a folder\n", encoding="utf-8")
    assert new(root, "rural-districts", "--seed", "beta", "--quote", QUOTE) == 3
    assert capsys.readouterr().err == (
        "build.py: error: cannot write content/claims/rural-districts.yaml: "
        "content/claims is a file, not a folder\n"
        "    cards go in the folder content/claims/; move that file out of the way\n"
    )
    assert claims.read_text(encoding="utf-8") == "not a folder\n"


def test_new_when_the_claims_folder_is_not_writable_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    before = sorted(p.name for p in (root / "content/claims").iterdir())
    opened = Path.open

    def refuse(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        # What a folder without write permission answers (root itself ignores the mode bits).
        if mode == "x":
            raise PermissionError(13, "Permission denied", str(path))
        return opened(path, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert new(root, "rural-districts", "--seed", "beta", "--quote", QUOTE) == 3
    assert capsys.readouterr().err == (
        "build.py: error: cannot write content/claims/rural-districts.yaml: Permission denied\n"
    )
    assert sorted(p.name for p in (root / "content/claims").iterdir()) == before


def test_a_refusal_quoting_a_seed_prints_its_terminal_controls_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    seed = root / "seeds/beta.txt"
    seed.write_text(seed.read_text().replace("rural", "\x1b]0;PWNED\x07\x1b[2Jrural", 1))
    assert new(root, "rural-districts", "--seed", "beta", "--quote", "The audit did cover") == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b]0;PWNED\\x07" in err
