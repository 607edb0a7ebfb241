"""Output files one at a time: their stamps, whole writes, removals and the site's markers."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from ..model import Site

Stamp = tuple[int, int, int]  # a file's size, modification time in ns and inode

# Every site this tool builds carries this file; a build replaces only a folder that has it.
BUILT_MARK = ".factsite"
BUILT_MARK_TEXT = b"This folder is a site built by build.py: the next build replaces it whole.\n"
SITE_MARKERS: Mapping[str, bytes] = {
    BUILT_MARK: BUILT_MARK_TEXT,
    # For GitHub Pages: without it, branch publishing runs Jekyll over the site.
    ".nojekyll": b"",
}
# Sites built before the mark existed are recognised by the files every site has.
LEGACY_SITE_FILES = (".nojekyll", "index.html", "claims.json", "sitemap.xml")


class StaticUnreadable(OSError):
    """A file of static/ could not be read: the content's fault, not the output folder's."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def stamp_of(path: str | Path) -> Stamp | None:
    """Return a file's stamp (size, modification time, inode), or None if it is not there."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def link_or_copy(source: str, target: str) -> None:
    # A link costs no bytes; where the file system has none, a copy does the same.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def digest(data: bytes) -> bytes:
    # SHA-256 has instructions of its own on most processors: with them it hashes a large
    # site's claims.json, every rebuild, in well under half the time BLAKE2 takes.
    return hashlib.sha256(data).digest()


def static_files(site: Site) -> dict[str, bytes]:
    """Return the bytes of each static file by its path in the site."""
    found = {}
    for name in site.static_files:
        try:
            found[name] = (site.root / "static" / name).read_bytes()
        except OSError as exc:
            raise StaticUnreadable(f"static/{name}", exc.strerror or str(exc)) from exc
    return found


def put_file(out: Path, path: str, data: bytes) -> None:
    """Write one output file whole: a reader sees the old bytes or the new, never a part."""
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise


def remove_file(out: Path, path: str) -> None:
    """Remove one output file and the folders it leaves empty."""
    target = out / path
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:  # not empty: a sibling page still lives there
            break
        folder = folder.parent
