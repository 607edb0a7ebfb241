"""Every kind of bad input fails the build with one exact diagnostic and keeps the last site."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from tests.bad_inputs import CASES, BadInput
from tests.sitetools import make_site, tree_bytes, write_files


def test_the_table_covers_at_least_thirty_distinct_inputs() -> None:
    assert len({case.id for case in CASES}) == len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_bad_input_fails_with_its_diagnostic_and_keeps_the_site(
    case: BadInput, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert build.main(["--root", str(root), "build"]) == 0
    before = tree_bytes(root / "_site")
    capsys.readouterr()

    write_files(root, case.files)
    status = build.main(["--root", str(root), "build"])

    stderr = capsys.readouterr().err
    lines = stderr.splitlines()
    assert status == 1, stderr
    assert case.expected in lines, stderr
    if case.extra:
        following = lines[
            lines.index(case.expected) + 1 : lines.index(case.expected) + 1 + len(case.extra)
        ]
        assert following == list(case.extra), stderr
    assert "Traceback" not in stderr
    assert tree_bytes(root / "_site") == before


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_check_reports_the_same_and_writes_nothing(
    case: BadInput, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    write_files(root, case.files)
    assert build.main(["--root", str(root), "check"]) == 1
    assert case.expected in capsys.readouterr().err.splitlines()
    assert not (root / "_site").exists()
