"""No silent corrections, in a repository: what `check --base`, `review` and the hook see."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from tests.sitetools import edit, make_site, write_files
from tests.test_review import git

CARD = "content/claims/homes-built.yaml"
LOWERED = ("confidence: high", "confidence: moderate")
CORRECTION = (
    "reviewed: 2026-02-01\n",
    "reviewed: 2026-02-01\ncorrections:\n"
    "  - date: 2026-02-01\n    note: Lowered while the audit's figure is checked again.\n",
)
SILENT = (
    "content/claims/homes-built.yaml:5:13: error: "
    "Confidence of a published card changed without a correction"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Return the fixture site committed on main: every card on it is published."""
    root = make_site(tmp_path)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "published")
    return root


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = build.main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_confidence_change_without_a_correction_fails_check_against_the_base(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, CARD, *LOWERED)
    status, _, err = run(repo, capsys, "check", "--base", "main")
    assert status == 1
    assert SILENT in err.splitlines()
    # Without a base to compare with, the card itself is fine.
    assert run(repo, capsys, "check")[0] == 0


def test_the_pull_request_annotation_sits_on_the_cards_confidence_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, CARD, *LOWERED)
    _, out, _ = run(repo, capsys, "check", "--base", "main", "--format", "github")
    assert out.splitlines()[0].startswith(f"::error file={CARD},line=5,col=13,")


def test_a_new_correction_lets_the_change_through(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, CARD, *LOWERED)
    edit(repo, CARD, *CORRECTION)
    status, _, err = run(repo, capsys, "check", "--base", "main")
    assert status == 0, err


def test_review_lists_the_silent_change_and_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, CARD, *LOWERED)
    status, digest, _ = run(repo, capsys, "review", "--base", "main")
    assert status == 1
    assert SILENT in digest  # in the digest's Check section, with every other problem
    assert "## Changed: `homes-built`" in digest


def test_the_staged_check_ignores_an_untracked_draft_and_catches_a_staged_card(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    half_done = "claim: Half written.\ndraft: true\nsources: []\n"
    write_files(repo, {"content/claims/half-done.yaml": half_done})
    assert run(repo, capsys, "check")[0] == 1  # the working tree holds a broken draft
    assert run(repo, capsys, "check", "--staged")[0] == 0  # the commit does not
    edit(repo, CARD, '"4,000 new homes were built', '"4,000 new flats were built')
    git(repo, "add", CARD)
    status, _, err = run(repo, capsys, "check", "--staged")
    assert status == 1
    assert f"{CARD}:15:12: error: quote not found in seed 'beta'" in err.splitlines()


def test_the_staged_check_outside_a_repository_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    status, _, err = run(root, capsys, "check", "--staged")
    assert status == 2
    assert "git" in err
