"""A page still holding a TODO: is reported, at its line, as a warning: a draft site builds."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from factsite.model import Page
from factsite.verify.pages import HINT, todo_markers
from tests.sitetools import make_site, write_files

# The second marker's line runs on past what a warning shows of it.
ABOUT = """\
# About

**TODO:** name the story the site covers, in one or two sentences.

A finished paragraph, with no marker.
How quickly: **TODO:** say how soon the desk answers a correction request, for example
"""


def page(text: str, path: str = "content/pages/about.md") -> Page:
    return Page("about", path, "About", text.split("\n", 1)[1], text)


def test_each_line_holding_a_todo_is_warned_of_at_the_marker() -> None:
    found = [
        (d.path, d.line, d.col, d.severity, d.message, d.hint) for d in todo_markers([page(ABOUT)])
    ]
    assert found == [
        (
            "content/pages/about.md",
            3,
            3,
            "warning",
            'page still holds a TODO: "name the story the site covers, in one or two sentences."',
            HINT,
        ),
        (
            "content/pages/about.md",
            6,
            16,
            "warning",
            'page still holds a TODO: "say how soon the desk answers a correction request, '
            'for exa…"',
            HINT,
        ),
    ]


@pytest.mark.parametrize(
    "text",
    ["# About\n\nAll written.\n", "# About\n\nThe word todo, or TODO without a colon.\n"],
    ids=["finished", "no marker"],
)
def test_a_page_without_the_marker_is_not_warned_of(text: str) -> None:
    assert todo_markers([page(text)]) == []


def test_check_lists_the_todos_with_file_and_line_and_the_site_still_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    write_files(root, {"content/pages/about.md": ABOUT})
    assert build.main(["--root", str(root), "build"]) == 0
    err = capsys.readouterr().err.splitlines()
    reported = [line for line in err if line.startswith("content/pages/")]
    assert reported == [
        'content/pages/about.md:3:3: warning: page still holds a TODO: "name the story the site '
        'covers, in one or two sentences."',
        'content/pages/about.md:6:16: warning: page still holds a TODO: "say how soon the desk '
        'answers a correction request, for exa…"',
    ]
    assert err[err.index(reported[0]) + 1] == f"    {HINT}"
    assert (root / "_site" / "about" / "index.html").is_file()
