"""Helpers for tests that build small sites: copy a fixture, edit it, snapshot an output tree."""

from __future__ import annotations

import hashlib
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


def seed_entry(seed_id: str, text: str | bytes, title: str = "") -> str:
    """Return the seeds/sources.yaml entry of a seed archived with this text, digest included."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    title = title or f"{seed_id.capitalize()} coverage"
    return f"{seed_id}:\n  sha256: {hashlib.sha256(data).hexdigest()}\n  title: {title}\n"


def add_seed(root: Path, seed_id: str, text: str | bytes, title: str = "") -> None:
    """Archive a seed in the site: its text, and its entry with the digest."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    (root / "seeds" / f"{seed_id}.txt").write_bytes(data)
    with (root / "seeds/sources.yaml").open("a", encoding="utf-8") as meta:
        meta.write(seed_entry(seed_id, data, title))


def record_digests(root: Path) -> None:
    """Record every seed's current digest in seeds/sources.yaml: the texts are as archived."""
    path = root / "seeds/sources.yaml"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("  sha256:"):
            continue
        lines.append(line)
        seed_id = line.rstrip("\n").rstrip(":").strip('"')
        if line[:1] not in (" ", "#", "\n") and (root / "seeds" / f"{seed_id}.txt").is_file():
            data = (root / "seeds" / f"{seed_id}.txt").read_bytes()
            lines.append(f"  sha256: {hashlib.sha256(data).hexdigest()}\n")
    path.write_text("".join(lines), encoding="utf-8")


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
