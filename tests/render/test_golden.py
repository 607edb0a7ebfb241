"""Golden output: the minimal fixture site's rendered files, compared byte for byte.

Review a golden diff like code. To accept a change of output: `make goldens`
(pytest tests/render/test_golden.py --update-goldens), then read the diff in git.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

import build
from factsite import search
from tests.sitetools import REPO, make_site, tree_bytes

GOLDENS = REPO / "tests" / "goldens"


def rendered_files(site: Path) -> dict[str, bytes]:
    """Return the files the layouts produced: static/ copies and the search index (a tool's
    compressed output, tests/write/test_search.py) are checked elsewhere."""
    static = {p.relative_to(REPO / "static").as_posix() for p in (REPO / "static").rglob("*")}
    return {
        path: data
        for path, data in tree_bytes(site).items()
        if path not in static and not search.in_bundle(path)
    }


def unified(path: str, expected: bytes | None, actual: bytes | None) -> str:
    before = (expected or b"").decode("utf-8", "replace").splitlines(keepends=True)
    after = (actual or b"").decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"golden/{path}", f"built/{path}"))


@pytest.mark.parametrize("fixture", ["minimal"])
def test_rendered_site_matches_its_golden_files(
    fixture: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    root = make_site(tmp_path, fixture)
    assert build.main(["--root", str(root), "build"]) == 0
    built = rendered_files(root / "_site")
    golden_dir = GOLDENS / fixture
    if request.config.getoption("--update-goldens"):
        shutil.rmtree(golden_dir, ignore_errors=True)
        for path, data in built.items():
            (golden_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (golden_dir / path).write_bytes(data)
    golden = tree_bytes(golden_dir) if golden_dir.is_dir() else {}
    diffs = [
        unified(path, golden.get(path), built.get(path))
        or f"{path}: {'missing from the build' if path in golden else 'not in the goldens'}"
        for path in sorted(golden.keys() | built.keys())
        if golden.get(path) != built.get(path)
    ]
    assert not diffs, "output differs from tests/goldens (make goldens to accept):\n" + "\n".join(
        diffs
    )
