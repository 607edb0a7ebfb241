"""Loading a site's inputs safely: special files, links, unreadable and misnamed folders,
names that differ only in case, line ends, page titles, and every problem of a card at once.

The cases here need the file system or more than one diagnostic line's presence; the cases
one diagnostic line shows are rows of tests/bad_inputs.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

import build
from factsite.load.pages import load_page
from factsite.load.seeds import split_passages
from factsite.model import Diagnostic
from factsite.preview import SiteBuilder
from factsite.review.checks import check_problems
from tests.load.test_loader_properties import card as generated_card
from tests.sitetools import add_seed, make_site, tree_bytes, verified_site, write_files
from tests.test_review import git

HOMES = "content/claims/homes-built.yaml"
GAMMA_META = "gamma:\n  title: Gamma coverage\n"
# A card that alone cites the seed gamma, for the uncited-seed warnings.
GAMMA_CARD = """\
claim: Gamma says the audit skipped rural districts.
confidence: low
reviewed: 2026-02-03
summary: Only gamma says so.
sources:
  - seed: gamma
    quote: "The audit skipped the rural districts"
    stance: supports
"""
WATCHDOG_SECONDS = 10


class Hung(Exception):
    """Raised by the watchdog: the build waited on something instead of refusing it."""


@contextmanager
def watchdog(seconds: int = WATCHDOG_SECONDS) -> Iterator[None]:
    """Fail the test, instead of hanging the suite, if the block takes longer than seconds."""

    def bark(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"still running after {seconds} s: something blocked")

    previous = signal.signal(signal.SIGALRM, bark)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run `build.py check` under the watchdog; return its status and its stderr's lines."""
    capsys.readouterr()
    with watchdog():
        status = build.main(["--root", str(root), "check"])
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr
    return status, stderr.splitlines()


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if ": error: " in line]


# --- FIFOs, sockets and devices -------------------------------------------------------------


def replace_with_fifo(root: Path, rel: str) -> None:
    path = root / rel
    if path.exists():
        path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize(
    "rel",
    [
        "content/claims/fifo.yaml",
        "content/pages/fifo.md",
        "content/site.yaml",
        "seeds/sources.yaml",
        "layouts/fifo.html",
        "static/fifo.css",
    ],
)
def test_a_fifo_anywhere_in_the_inputs_is_an_error_and_is_never_opened(
    rel: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    replace_with_fifo(root, rel)
    status, lines = check(root, capsys)
    assert status == 1
    assert f"{rel}:1:1: error: {Path(rel).name!r} is a FIFO, not a file" in lines


def test_a_fifo_seed_is_one_error_and_not_also_a_missing_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    add_seed(root, "gamma", "The audit skipped the rural districts.\n")
    replace_with_fifo(root, "seeds/gamma.txt")
    status, lines = check(root, capsys)
    assert status == 1
    assert errors(lines) == ["seeds/gamma.txt:1:1: error: 'gamma.txt' is a FIFO, not a file"]


def test_a_socket_in_static_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(tmp_path)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "static/live.sock"))
        status, lines = check(root, capsys)
    finally:
        server.close()
    assert status == 1
    assert "static/live.sock:1:1: error: 'live.sock' is a socket, not a file" in lines


def test_the_preview_reports_a_card_turned_fifo_without_waiting_for_it(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    assert builder.build_all().ok
    replace_with_fifo(root, HOMES)
    with watchdog():
        report = builder.rebuild([HOMES])
    assert [(d.path, d.message) for d in report.problems if d.is_error] == [
        (HOMES, "'homes-built.yaml' is a FIFO, not a file")
    ]


def test_review_lists_a_fifo_card_as_a_problem_without_opening_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_site(tmp_path)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "base")
    os.mkfifo(repo / "content/claims/fifo.yaml")
    capsys.readouterr()
    with watchdog():
        build.main(["--root", str(repo), "review", "--base", "HEAD"])
    digest = capsys.readouterr().out
    assert "content/claims/fifo.yaml:1:1: error: 'fifo.yaml' is a FIFO, not a file" in digest


# --- symlinks --------------------------------------------------------------------------------


def test_a_symlink_that_stays_inside_its_folder_is_published_as_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    (root / "static/fonts").mkdir()
    os.symlink("../style.css", root / "static/fonts/copy.css")
    os.symlink("fonts", root / "static/linked-fonts")
    _, lines = check(root, capsys)
    assert errors(lines) == [
        "static/linked-fonts:1:1: error: symlink to a folder is not followed; link its files"
    ]
    os.unlink(root / "static/linked-fonts")
    assert build.main(["--root", str(root), "build"]) == 0
    copied = tree_bytes(root / "_site")
    assert copied["fonts/copy.css"] == (root / "static/style.css").read_bytes()


# --- unreadable folders ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "folder", ["content/claims", "content/pages", "seeds", "layouts", "static", "static/img"]
)
def test_an_unreadable_folder_is_one_error_never_a_traceback(
    folder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    (root / "static/img").mkdir()
    (root / "static/img/logo.svg").write_text("<svg/>", encoding="utf-8")
    refused = os.path.realpath(root / folder)
    scandir = os.scandir

    def scandir_refusing(path: str | os.PathLike[str] = ".") -> object:
        # Root ignores permissions, so the refusal a `chmod 000` gives others is staged here.
        if os.path.realpath(path) == refused:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", scandir_refusing)
    status, lines = check(root, capsys)
    assert status == 1
    assert f"{folder}:1:1: error: cannot read folder: Permission denied" in lines
    # (Layouts the folder should hold are then reported missing, by the renderer.)
    assert [line for line in errors(lines) if line.startswith(f"{folder}:")] == [
        f"{folder}:1:1: error: cannot read folder: Permission denied"
    ]


# --- missing and misspelt folders ------------------------------------------------------------


def test_a_missing_cards_folder_is_an_error_not_an_empty_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    shutil.rmtree(root / "content/claims")
    status, lines = check(root, capsys)
    assert status == 1
    assert errors(lines) == [
        "content/claims:1:1: error: cards folder is missing; "
        "expected the cards here, one <slug>.yaml file each"
    ]


@pytest.mark.parametrize(
    ("folder", "misspelt", "message"),
    [
        ("content/claims", "content/Claims", "cards folder is missing; expected the cards here"),
        ("content/pages", "content/Pages", "content/pages folder is missing"),
        ("seeds", "Seeds", "seeds folder is missing"),
    ],
)
def test_a_folder_spelt_in_another_case_is_an_error_that_names_it(
    folder: str, misspelt: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    os.rename(root / folder, root / misspelt)
    status, lines = check(root, capsys)
    assert status == 1
    reported = next(line for line in lines if line.startswith(f"{folder}:1:1: error: {message}"))
    hint = lines[lines.index(reported) + 1]
    assert hint == f"    found {misspelt}; folder names are case-sensitive: rename it"


# --- names that differ only in case -----------------------------------------------------------


def test_seed_ids_that_differ_only_in_case_are_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    add_seed(root, "Alpha", (root / "seeds/alpha.txt").read_text(encoding="utf-8"))
    status, lines = check(root, capsys)
    assert status == 1
    reported = (
        "seeds/alpha.txt:1:1: error: 'alpha.txt' differs from 'Alpha.txt' only in upper/lower case"
    )
    assert reported in lines
    assert lines[lines.index(reported) + 1] == (
        "    macOS and Windows checkouts and zip files hold them as one file; rename one"
    )


def test_static_files_that_differ_only_in_case_are_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    shutil.copy(root / "static/style.css", root / "static/Style.css")
    status, lines = check(root, capsys)
    assert status == 1
    assert (
        "static/style.css:1:1: error: 'style.css' differs from 'Style.css' only in upper/lower case"
        in lines
    )


# --- seeds -----------------------------------------------------------------------------------


def test_an_oversized_seed_is_one_error_and_not_also_a_missing_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    add_seed(root, "huge", "A line of archived text.\n" * 50_000)
    status, lines = check(root, capsys)
    assert status == 1
    assert errors(lines) == ["seeds/huge.txt:1:1: error: file is larger than 1,000,000 bytes"]


def test_a_seed_with_lone_cr_line_ends_splits_into_one_passage_a_line() -> None:
    passages = split_passages("First line.\rSecond line.\r\rThird, CRLF.\r\nFourth, LF.\n")
    assert [p.text for p in passages] == [
        "First line.",
        "Second line.",
        "Third, CRLF.",
        "Fourth, LF.",
    ]
    assert not any("\r" in p.text for p in passages)


def test_a_control_character_in_a_seed_is_a_warning_at_its_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    add_seed(root, "gamma", "First line.\nThe board voted\x0c to approve the plan.\n")
    write_files(
        root,
        {
            "content/claims/gamma-card.yaml": GAMMA_CARD.replace(
                "The audit skipped the rural districts", "The board voted"
            )
        },
    )
    status, lines = check(root, capsys)
    assert status == 0
    warning = "seeds/gamma.txt:2:16: warning: seed holds control character U+000C (FF) at column 16"
    assert warning in lines
    assert lines[lines.index(warning) + 1] == (
        "    the archived text is kept as it is, but a quote cannot include this character"
    )


# --- page titles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fence", "inside"),
    [("```", "~~~"), ("~~~", "```"), ("````", "```")],
    ids=["backticks", "tildes", "four-backticks"],
)
def test_a_heading_inside_a_fenced_code_block_is_not_the_pages_title(
    fence: str, inside: str, tmp_path: Path
) -> None:
    # A fence closes only with its own character, as many times or more.
    code = f"{fence}sh\n# Not a title\n{inside}\n{fence}\n"
    write_files(tmp_path, {"content/pages/about.md": f"{code}\n# Real Title\n\nText.\n"})
    found: list[Diagnostic] = []
    page = load_page(tmp_path, "content/pages/about.md", found)
    assert found == []
    assert page is not None
    assert page.title == "Real Title"
    assert page.body == f"{code}\n\n\nText.\n"


# --- every problem of a card in one run ------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        "claim: [unclosed\n",  # no field can be read
        GAMMA_CARD.replace("claim: Gamma says", "claim: 5 #"),  # a field is wrong
        GAMMA_CARD.replace("seed: gamma", "seed: [gamma]"),  # the seed it names is wrong
    ],
    ids=["yaml-syntax", "wrong-claim", "wrong-seed"],
)
def test_no_seed_is_called_uncited_while_the_card_citing_it_fails_to_load(
    broken: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    add_seed(root, "gamma", "The audit skipped the rural districts.\n")
    write_files(root, {"content/claims/gamma-card.yaml": broken})
    status, lines = check(root, capsys)
    assert status == 1
    assert errors(lines)[0].startswith("content/claims/gamma-card.yaml:")
    assert "seeds/gamma.txt:1:1: warning: seed 'gamma' is cited by no card" not in lines
    builder = SiteBuilder(root, tmp_path / "preview")
    assert builder.build_all().problems == check_problems(root)


def test_a_card_with_a_wrong_field_is_checked_as_far_as_it_is_valid_and_not_published(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    text = (root / HOMES).read_text(encoding="utf-8")
    (root / HOMES).write_text(
        text.replace("claimant: Housing ministry", "claimant: [Housing ministry]"),
        encoding="utf-8",
    )
    write_files(
        root, {"content/claims/gamma-card.yaml": GAMMA_CARD.replace("claim: ", "claim: 5 #")}
    )
    site, problems = verified_site(root)
    assert sorted((d.path, d.line, d.message) for d in problems if d.is_error) == [
        ("content/claims/gamma-card.yaml", 1, "claim must be text, found a number"),
        ("content/claims/gamma-card.yaml", 6, "unknown seed 'gamma'"),
        (HOMES, 3, "claimant must be text, found a list"),
    ]
    assert [card.slug for card in site.cards] == ["planned-homes"]


def test_the_preview_checks_every_valid_field_of_a_card_with_a_wrong_one(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    assert builder.build_all().ok
    text = (root / HOMES).read_text(encoding="utf-8")
    (root / HOMES).write_text(
        text.replace("claim: The ministry", "claim: 5 #").replace("seed: beta", "seed: gamma"),
        encoding="utf-8",
    )
    report = builder.rebuild([HOMES])
    assert [(d.line, d.message) for d in report.problems if d.is_error] == [
        (2, "claim must be text, found a number"),
        (14, "unknown seed 'gamma'"),
    ]
    assert report.problems == check_problems(root)
    assert report.files_written == 0


relaxed = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@relaxed
@given(generated_card)
def test_a_card_with_a_wrong_claim_still_loads_each_other_field(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    from factsite.load.cards import read_card  # the loader of cards with invalid fields

    rel = "content/claims/generated.yaml"
    write_files(tmp_path, {rel: yaml.safe_dump({**data, "claim": 5}, allow_unicode=True)})
    found: list[Diagnostic] = []
    card = read_card(tmp_path, rel, found)
    assert [(d.message, d.severity) for d in found] == [
        ("claim must be text, found a number", "error")
    ]
    assert card.invalid == {"claim"}
    assert (card.confidence, card.summary, card.reviewed) == (
        data["confidence"],
        data["summary"],
        data["reviewed"],
    )
    assert isinstance(card.reviewed, date)
    assert [s.seed for s in card.sources] == [s["seed"] for s in data["sources"]]
