"""The build's guarantees: deterministic output, atomic replacement, check writes nothing."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

import build
from factsite.write import StagedSite
from tests.sitetools import REPO, make_site, seed_entry, tree_bytes, write_files
from tests.test_review import git


def run(root: Path, *args: str) -> int:
    return build.main(["--root", str(root), *args])


def test_two_builds_give_byte_identical_trees(tmp_path: Path) -> None:
    for source in (make_site(tmp_path), REPO):
        first, second = tmp_path / f"{source.name}-1", tmp_path / f"{source.name}-2"
        assert run(source, "build", "--out", str(first)) == 0
        assert run(source, "build", "--out", str(second)) == 0
        assert tree_bytes(first) == tree_bytes(second)


def test_a_failed_build_leaves_the_last_good_site_untouched(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    assert run(root, "build") == 0
    before = tree_bytes(root / "_site")
    write_files(root, {"content/claims/homes-built.yaml": "claim: [broken\n"})
    assert run(root, "build") == 1
    assert tree_bytes(root / "_site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("._site")) == []


def test_a_layout_failing_mid_build_leaves_the_last_good_site_and_no_staged_pages(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    assert run(root, "build") == 0
    before = tree_bytes(root / "_site")
    claim = (root / "layouts/claim.html").read_text()
    # Pages are written as they are rendered: some are on disk when the claim pages fail.
    write_files(root, {"layouts/claim.html": claim.replace("{{ page.claim }}", "{{ page.x }}")})
    assert run(root, "build") == 1
    assert tree_bytes(root / "_site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("._site")) == []


def test_a_write_failing_mid_build_says_why_in_one_line_and_keeps_the_last_good_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert run(root, "build") == 0
    before = tree_bytes(root / "_site")
    written: list[str] = []

    def fill_disk_after_two_pages(self: StagedSite, path: str, pieces: Iterable[str]) -> None:
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(path)

    monkeypatch.setattr(StagedSite, "put", fill_disk_after_two_pages)
    assert run(root, "build", "--no-cache") == 3  # every page written again
    message = capsys.readouterr().err.splitlines()[-1]
    assert message.startswith("build.py: error: cannot write the site to ")
    assert message.endswith("_site: No space left on device")
    assert tree_bytes(root / "_site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("._site")) == []


def test_a_good_build_replaces_the_whole_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert run(root, "build") == 0
    (root / "_site" / "stray.html").write_text("left over")
    (root / "content/claims/planned-homes.yaml").unlink()
    capsys.readouterr()
    # planned-homes was the only card citing passage 2 of beta as context; beta stays cited.
    assert run(root, "build") == 0
    assert "warning:" not in capsys.readouterr().err  # as "seed 'beta' is cited by no card"
    site = root / "_site"
    assert not (site / "stray.html").exists()
    assert not (site / "claims/planned-homes").exists()
    assert (site / "claims/homes-built/index.html").is_file()
    assert (site / ".nojekyll").is_file()
    beta = (site / "sources/beta/index.html").read_text(encoding="utf-8")
    assert "claims/homes-built/" in beta and "claims/planned-homes/" not in beta


def test_check_writes_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    before = tree_bytes(root)
    assert run(root, "check") == 0
    assert tree_bytes(root) == before


def test_a_clean_check_ends_with_what_it_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert run(root, "check") == 0
    assert capsys.readouterr().err == "2 cards, 2 seeds: no problems\n"


def test_the_clean_check_counts_drafts_as_cards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    card = (root / "content/claims/homes-built.yaml").read_text()
    write_files(root, {"content/claims/homes-draft.yaml": card + "draft: true\n"})
    assert run(root, "check", "--format", "github") == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "3 cards, 2 seeds: no problems\n")


def test_the_staged_check_counts_what_is_staged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    card = (root / "content/claims/homes-built.yaml").read_text()
    write_files(root, {"content/claims/untracked.yaml": card})  # not staged: not counted
    assert run(root, "check", "--staged") == 0
    assert capsys.readouterr().err == "2 cards, 2 seeds: no problems\n"


def test_a_check_with_only_warnings_ends_with_the_count_of_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    write_files(
        root,
        {
            "seeds/gamma.txt": "Nobody cites this.\n",
            "seeds/sources.yaml": (root / "seeds/sources.yaml").read_text()
            + seed_entry("gamma", "Nobody cites this.\n"),
        },
    )
    assert run(root, "check") == 0
    assert capsys.readouterr().err.splitlines() == [
        "seeds/gamma.txt:1:1: warning: seed 'gamma' is cited by no card",
        "1 problem (0 errors, 1 warning)",
    ]


def test_warnings_print_but_do_not_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(tmp_path)
    write_files(
        root,
        {
            "seeds/gamma.txt": "Nobody cites this.\n",
            "seeds/sources.yaml": (root / "seeds/sources.yaml").read_text()
            + seed_entry("gamma", "Nobody cites this.\n"),
            "content/claims/short.yaml": (
                "claim: Critics speak.\nconfidence: low\nreviewed: 2026-02-03\nsummary: S.\n"
                "sources:\n  - seed: alpha\n    quote: Critics said\n    stance: supports\n"
            ),
        },
    )
    assert run(root, "build") == 0
    assert capsys.readouterr().err.splitlines()[:3] == [
        "content/claims/short.yaml:7:12: warning: quote is shorter than 4 words; "
        "a longer quote shows readers the context",
        "seeds/gamma.txt:1:1: warning: seed 'gamma' is cited by no card",
        "2 problems (0 errors, 2 warnings)",
    ]


def test_github_format_prints_annotations_and_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    card = root / "content/claims/homes-built.yaml"
    card.write_text(card.read_text().replace("4,000 new homes were", "4,000 new flats were"))
    assert run(root, "check", "--format", "github") == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "::error file=content/claims/homes-built.yaml,line=15,col=12,"
        "title=quote not found in seed 'beta'::quote not found in seed 'beta'%0A"
        'closest passage is p1: "An audit found 4,000 new »homes« were built in 2025, '
        'confirming the ministry\'s figure." (the quote has "flats")'
    ]
    assert captured.err.startswith("content/claims/homes-built.yaml:15:12: error: quote not found")


def test_base_url_option_overrides_site_settings(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    assert run(root, "build", "--base-url", "https://news.example/desk/") == 0
    page = (root / "_site/claims/homes-built/index.html").read_text()
    assert '<link rel="canonical" href="https://news.example/desk/claims/homes-built/">' in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--out", "."], "would replace the site folder itself"),
        (["build", "--out", "content/out"], "lies inside the site's content/ folder"),
        (["check", "--format", "xml"], "invalid choice: 'xml'"),
        (["publish"], "invalid choice: 'publish'"),
        (
            ["build", "--base-url", "javascript:alert(document.domain)//"],
            "is not an absolute http(s) URL",
        ),
        (["build", "--base-url", "not a url"], "holds U+0020 (SPACE)"),
        (["build", "--base-url", "https://ok.example\nDisallow: /"], "holds U+000A"),
        (["build", "--base-url", "https://ok.example/?utm=1"], "has a query or fragment"),
        (["review", "--max-bytes", "-5"], "'-5' is not a positive whole number"),
        (["review", "--max-bytes", "0"], "'0' is not a positive whole number"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_site(tmp_path)
    monkeypatch.chdir(root)
    assert build.main(args) == 2
    assert message in capsys.readouterr().err


def test_an_unreadable_static_file_is_named_as_a_content_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    real_open = open

    def unreadable_style(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if str(file).endswith("static/style.css") and "r" in mode:
            raise PermissionError(13, "Permission denied")
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", unreadable_style)
    assert build.main(["--root", str(root), "build"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "static/style.css:1:1: error: cannot read file: Permission denied"
    )
    assert not (root / "_site").exists()


def test_a_folder_without_content_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build.main(["--root", str(tmp_path), "check"]) == 2
    assert capsys.readouterr().err == (
        f"build.py: error: no content/ folder in {tmp_path}; "
        "run from a site folder or pass --root\n"
    )


COMMANDS = ["build", "check", "review", "new", "serve", "seed", "seeds", "init"]


@pytest.mark.parametrize(
    "command",
    [pytest.param([], id="top level"), *(pytest.param([name], id=name) for name in COMMANDS)],
)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: build.py" in out
    assert out.startswith(" ".join(["usage: build.py", *command, ""]))


def test_the_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["--help"]) == 0
    # One line a command, as argparse indents them under "commands:"; so COMMANDS is whole.
    listed = re.findall(r"^    (\S+) ", capsys.readouterr().out, re.MULTILINE)
    assert listed == COMMANDS


def test_build_py_runs_as_a_script(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "2 cards, 2 seeds: no problems\n")


def test_seeds_are_the_archived_articles_byte_for_byte() -> None:
    archive = REPO.parent / "shared" / "seeds"
    if not archive.is_dir():
        pytest.skip(f"no archive of the seeds beside the repository at {archive}")
    ours = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (REPO / "seeds").glob("*.txt")
    }
    theirs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in archive.glob("*.txt")}
    assert ours == theirs
