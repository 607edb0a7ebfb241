"""Helpers for tests that build small sites: copy a fixture, edit it, snapshot an output tree."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from factsite import pipeline
from factsite.model import Diagnostic, Site

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"


def make_site(tmp_path: Path, fixture: str = "minimal") -> Path:
    """Copy a fixture site into tmp_path, with the real layouts and static files."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / fixture, root)
    for folder in ("layouts", "static"):
        if not (root / folder).exists():
            shutil.copytree(REPO / folder, root / folder)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in the file at rel by `new`, as an editor's save would."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def verified_site(root: Path) -> tuple[Site, list[Diagnostic]]:
    """Return the site as the pipeline verifies it, and every problem load and verify found."""
    outcome = pipeline.run(root, render=False)
    return outcome.site, outcome.problems


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Return every file under folder by its relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write text, bytes, symlinks (tests.bad_inputs.Symlink) or folders under root."""
    from tests.bad_inputs import Folder, Symlink

    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Symlink):
            os.symlink(content, path)
        elif isinstance(content, Folder):
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
