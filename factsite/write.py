"""Writes a rendered site to disk: into a fresh folder first, then swapped in whole."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .model import Site

TRASH_PREFIX = ".trash-"
# Written into every site for GitHub Pages: without it, branch publishing runs Jekyll over it.
SITE_MARKERS: Mapping[str, bytes] = {".nojekyll": b""}


def write_site(site: Site, outputs: Mapping[str, bytes], out: Path) -> None:
    """Replace `out` with the rendered pages plus static/, only once all of it is written."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        fill_folder(staging, outputs, site.root / "static", site.static_files)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, out)


def fill_folder(
    folder: Path, outputs: Mapping[str, bytes], static: Path, static_files: tuple[str, ...]
) -> None:
    """Write every page and copy every static file into an empty folder."""
    base = os.fspath(folder)
    made: set[str] = {""}
    for name in static_files:
        _make_parent(base, name, made)
        shutil.copyfile(static / name, os.path.join(base, name))
    # os calls on plain strings: for 10,000 pages pathlib's joins cost more than the writes.
    for path in sorted(outputs):
        _make_parent(base, path, made)
        _write_new(os.path.join(base, path), outputs[path])
    for name, data in SITE_MARKERS.items():
        _write_new(os.path.join(base, name), data)
    os.chmod(folder, 0o755)


def _make_parent(base: str, path: str, made: set[str]) -> None:
    parent = os.path.dirname(path)
    if parent not in made:
        os.makedirs(os.path.join(base, parent), exist_ok=True)
        made.add(parent)


def _write_new(target: str, data: bytes) -> None:
    """Write bytes to a file in the staging folder."""
    with open(target, "wb") as file:
        file.write(data)


def swap_in(staging: Path, out: Path) -> None:
    """Put the staged folder in place of `out`; the old one is removed off the build's path."""
    if not out.exists():
        staging.rename(out)
        return
    trash = Path(tempfile.mkdtemp(prefix=f".{out.name}{TRASH_PREFIX}", dir=out.parent))
    old = trash / out.name
    out.rename(old)
    staging.rename(out)
    discard(trash)


def discard(folder: Path) -> None:
    """Delete a folder in the background: deleting a large tree takes seconds."""
    try:
        # The shell backgrounds rm and exits at once; rm outlives this process if it must.
        subprocess.run(
            ["sh", "-c", 'rm -rf -- "$1" >/dev/null 2>&1 &', "discard", str(folder)],
            check=True,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(folder, ignore_errors=True)
