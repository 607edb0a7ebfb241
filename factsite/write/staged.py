"""The full build's output: a fresh folder beside the site, swapped in whole when it is done."""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import shutil
import subprocess
import tempfile
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import search
from ..model import Site
from .files import SITE_MARKERS, Stamp, StaticUnreadable, link_or_copy, stamp_of

STAGING_PREFIX = ".new-"
TRASH_PREFIX = ".trash-"
# In staging and trash folders: git ignores an interrupted build's leftovers wherever they are.
IGNORE_ALL = b"*\n"
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
        remove_leftovers(self.out)
        self.folder, self._lock = _locked_folder(self.out, STAGING_PREFIX)
        self._base = os.fspath(self.folder)
        self._made: set[str] = {""}
        self._kept: set[str] = set()  # files linked from the last site, not yet replaced
        self._published = False
        self._own_gitignore = ".gitignore" not in site.static_files
        self._search = site.config.search
        try:
            self._copy_static(site.root / "static", site.static_files)
        except BaseException:
            self._close(remove=True)
            raise

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._close(remove=not self._published)

    def _close(self, remove: bool) -> None:
        if remove:
            shutil.rmtree(self.folder, ignore_errors=True)
        os.close(self._lock)

    @property
    def kept(self) -> set[str]:
        """The files linked from the last site and not written since."""
        return set(self._kept)

    @property
    def searched(self) -> bool:
        """Tell whether the site has a search index (its settings' `search`)."""
        return self._search

    def keep(self, paths: Iterable[str]) -> None:
        """Link into the staging folder these files of `out`, found as a build left them.

        The memory counts them as published, so one that cannot be had fails the run (and
        `out` keeps the last good site) rather than leave the site without it.
        """
        for path in paths:
            self._make_parent(path)
            link_or_copy(os.path.join(self.out, path), os.path.join(self._base, path))
            self._kept.add(path)

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

    def publish(self, index: bool = True) -> None:
        """Add the files every site carries and put the staged folder in place of `out`.

        `index=False` leaves the search index to be made once the folder is in place.
        """
        for name, data in SITE_MARKERS.items():
            self.put_bytes(name, data)
        if index and self._search:  # before the swap: a failed index keeps the last good site
            search.index_site(self.folder)
        if self._own_gitignore:
            os.unlink(os.path.join(self._base, ".gitignore"))
        os.chmod(self.folder, 0o755)
        swap_in(self.folder, self.out)
        self._published = True

    def _target(self, path: str) -> str:
        """Return the file's path in the staging folder, making its folder if need be."""
        # os calls on plain strings: for 10,000 pages pathlib's joins cost more than the writes.
        self._make_parent(path)
        target = os.path.join(self._base, path)
        if path in self._kept:  # a link to the last site's file: never write through it
            os.unlink(target)
            self._kept.discard(path)
        return target

    def drop_kept(self, paths: set[str]) -> None:
        """Remove the kept files the site no longer has (a card that went, a page less)."""
        for path in sorted(self._kept - paths):
            os.unlink(os.path.join(self._base, path))
            self._remove_empty_parents(path)
        self._kept &= paths

    def _remove_empty_parents(self, path: str) -> None:
        """Remove the folders a removed file leaves empty (a card's page folder)."""
        parent = os.path.dirname(path)
        while parent:
            try:
                os.rmdir(os.path.join(self._base, parent))
            except OSError:
                return  # not empty: it holds another page
            self._made.discard(parent)
            parent = os.path.dirname(parent)

    def _copy_static(self, static: Path, names: tuple[str, ...]) -> None:
        for name in names:
            self._make_parent(name)
            try:
                source = open(static / name, "rb")  # noqa: SIM115 - closed just below
            except OSError as exc:
                raise StaticUnreadable(f"static/{name}", exc.strerror or str(exc)) from exc
            with source, open(os.path.join(self._base, name), "wb") as copy:
                shutil.copyfileobj(source, copy)

    def _make_parent(self, path: str) -> None:
        parent = os.path.dirname(path)
        if parent not in self._made:
            os.makedirs(os.path.join(self._base, parent), exist_ok=True)
            self._made.add(parent)


def write_site(site: Site, outputs: Mapping[str, bytes], out: Path) -> None:
    """Replace `out` with these files plus static/, once all are written; index nothing."""
    with StagedSite(site, out) as staged:
        for path in sorted(outputs):
            staged.put_bytes(path, outputs[path])
        staged.publish(index=False)  # the preview's folder indexes in place (synced.py)


def swap_in(staging: Path, out: Path) -> None:
    """Put the staged folder in place of `out`; the old one is removed off the build's path."""
    if not os.path.lexists(out):
        staging.rename(out)
        return
    trash, lock = _locked_folder(out, TRASH_PREFIX)
    old = trash / out.name
    try:
        out.rename(old)
        try:
            staging.rename(out)
        except OSError:
            old.rename(out)  # a failed build never moves the last good site anywhere
            raise
    finally:
        os.close(lock)
        discard(trash)


def remove_leftovers(out: Path) -> None:
    """Remove the staging and trash folders that interrupted builds left beside `out`."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(out.parent):
            if _is_leftover(entry, out.name) and _unlocked(entry.path):
                discard(Path(entry.path))


def _is_leftover(entry: os.DirEntry[str], name: str) -> bool:
    prefixes = (f".{name}{STAGING_PREFIX}", f".{name}{TRASH_PREFIX}")
    return entry.name.startswith(prefixes) and entry.is_dir(follow_symlinks=False)


def _locked_folder(out: Path, prefix: str) -> tuple[Path, int]:
    """Make a fresh folder beside `out` and lock it: a concurrent build must not sweep it."""
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}{prefix}", dir=out.parent))
    lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(lock, fcntl.LOCK_EX)
    (folder / ".gitignore").write_bytes(IGNORE_ALL)
    return folder, lock


def _unlocked(path: str) -> bool:
    """Tell whether no running build holds the folder (a killed build's lock is gone)."""
    try:
        lock = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(lock)


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


class IgnoredPages:
    """Takes every page and keeps nothing: a check renders pages only for their problems."""

    def put(self, path: str, pieces: Iterable[str]) -> None:
        """Run the page's layout to its end, failing where it fails, and keep nothing."""
        deque(pieces, maxlen=0)


class StagedOutput:
    """The full build's output: pages go into a staging folder that replaces `out` whole."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._staged: StagedSite | None = None
        self._keep: set[str] = set()
        self._last_indexed: set[str] = set()  # the pages the last site's search index holds
        self._last_bundle: set[str] = set()  # the files of that index

    def keep(self, files: Mapping[str, Stamp]) -> set[str]:
        """Say which files of the last site to take over; return those that still match."""
        # The staging folder is made when the content is known to be clean (open), so this
        # only checks now what open() will link then.
        self._keep = {path for path, stamp in files.items() if stamp_of(self.out / path) == stamp}
        self._last_indexed = {path for path in files if search.is_indexed(path)}
        self._last_bundle = {path for path in files if search.in_bundle(path)}
        return set(self._keep)

    def left(self, pages: Iterable[str]) -> list[str]:
        """Return the files a next build may keep: these pages and the search index's files."""
        return [*pages, *search.bundle_paths(self.out)]

    def open(self, site: Site) -> StagedSite:
        """Make the staging folder, with static/ copied in, and return it to take pages."""
        self._staged = StagedSite(site, self.out)
        if self._keep:
            self._staged.keep(self._keep)
        return self._staged

    def publish(self, paths: Iterable[str]) -> int:
        """Put the staged site in place of `out`; return how many files it holds."""
        assert self._staged is not None
        paths = set(paths)
        reused = self._index_reusable(paths)
        self._staged.drop_kept(paths | self._last_bundle if reused else paths)
        self._staged.publish(index=not reused)
        self._staged.__exit__()
        return len(paths) + len(SITE_MARKERS)

    def _index_reusable(self, paths: set[str]) -> bool:
        """Tell whether the last site's search index is this site's: the same pages, unwritten.

        Pagefind has no incremental mode, and its index is made from those pages alone.
        """
        assert self._staged is not None
        indexed = {path for path in paths if search.is_indexed(path)}
        return (
            self._staged.searched
            and bool(self._last_bundle)
            and indexed == self._last_indexed
            and indexed | self._last_bundle <= self._staged.kept  # linked, and none written
        )

    def abandon(self) -> None:
        """Delete the staging folder: `out` keeps the last good site."""
        if self._staged is not None:
            self._staged.__exit__()
            self._staged = None
