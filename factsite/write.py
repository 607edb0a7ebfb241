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


class StagedSite:
    """A fresh folder beside `out` that takes pages as they are rendered, then replaces `out`.

    Used as a context manager: unless publish() was called, leaving the block deletes the
    staged folder and `out` keeps the last good site.
    """

    def __init__(self, site: Site, out: Path) -> None:
        self.out = out.absolute()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self.pages = 0
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

    def put(self, path: str, data: bytes) -> None:
        """Write one page, at its path under the site."""
        self._write(path, data)
        self.pages += 1

    def publish(self) -> None:
        """Add the files every site carries and put the staged folder in place of `out`."""
        for name, data in SITE_MARKERS.items():
            self._write(name, data)
        os.chmod(self.folder, 0o755)
        swap_in(self.folder, self.out)
        self._published = True

    def _write(self, path: str, data: bytes) -> None:
        # os calls on plain strings: for 10,000 pages pathlib's joins cost more than the writes.
        self._make_parent(path)
        with open(os.path.join(self._base, path), "wb") as file:
            file.write(data)

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
            staged.put(path, outputs[path])
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
