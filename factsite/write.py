"""Writes a rendered site to disk: into a fresh folder first, then swapped in whole."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from .model import Site

TRASH_PREFIX = ".trash-"
# Written into every site for GitHub Pages: without it, branch publishing runs Jekyll over it.
SITE_MARKERS: Mapping[str, bytes] = {".nojekyll": b""}
# Pieces of a page (a layout's text between its tags, a claims.json record) gathered
# before they are written.
WRITE_BATCH = 512


class StagedSite:
    """A fresh folder beside `out` that takes pages as they are rendered, then replaces `out`.

    A page sink (factsite.sink) that worker processes write into too. Used as a context
    manager: unless publish() was called, leaving the block deletes the staged folder and
    `out` keeps the last good site.
    """

    def __init__(self, site: Site, out: Path) -> None:
        self.out = out.absolute()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self._base = os.fspath(self.folder)
        self._made: set[str] = {""}
        self._published = False
        try:
            self._copy_static(site.root / "static", site.static_files)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._published:
            shutil.rmtree(self.folder, ignore_errors=True)

    def put(self, path: str, pieces: Iterable[str]) -> None:
        """Write one page, at its path under the site, as its pieces come."""
        pieces = iter(pieces)
        with open(self._target(path), "w", encoding="utf-8", newline="") as file:
            # Most pages are one batch; a large one is written a batch at a time, so it
            # never sits in memory whole.
            while batch := list(itertools.islice(pieces, WRITE_BATCH)):
                file.write("".join(batch))

    def put_bytes(self, path: str, data: bytes) -> None:
        """Write one page already rendered to bytes."""
        with open(self._target(path), "wb") as file:
            file.write(data)

    def publish(self) -> None:
        """Add the files every site carries and put the staged folder in place of `out`."""
        for name, data in SITE_MARKERS.items():
            self.put_bytes(name, data)
        os.chmod(self.folder, 0o755)
        swap_in(self.folder, self.out)
        self._published = True

    def _target(self, path: str) -> str:
        """Return the file's path in the staging folder, making its folder if need be."""
        # os calls on plain strings: for 10,000 pages pathlib's joins cost more than the writes.
        self._make_parent(path)
        return os.path.join(self._base, path)

    def _copy_static(self, static: Path, names: tuple[str, ...]) -> None:
        for name in names:
            self._make_parent(name)
            shutil.copyfile(static / name, os.path.join(self._base, name))

    def _make_parent(self, path: str) -> None:
        parent = os.path.dirname(path)
        if parent not in self._made:
            os.makedirs(os.path.join(self._base, parent), exist_ok=True)
            self._made.add(parent)


def write_site(site: Site, outputs: Mapping[str, bytes], out: Path) -> None:
    """Replace `out` with the rendered pages plus static/, only once all of it is written."""
    with StagedSite(site, out) as staged:
        for path in sorted(outputs):
            staged.put_bytes(path, outputs[path])
        staged.publish()


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
