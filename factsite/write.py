"""Writes a rendered site to disk: into a fresh folder first, then swapped in whole."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import os
import shutil
import stat
import subprocess
import tempfile
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import search
from .model import Site

Stamp = tuple[int, int, int]  # a file's size, modification time in ns and inode

STAGING_PREFIX = ".new-"
TRASH_PREFIX = ".trash-"
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

    def keep(self, files: Mapping[str, Stamp]) -> set[str]:
        """Link into the staging folder the files of `out` still as a build left them.

        `files` maps paths under `out` to their stamps (size, time, inode) when that build
        ended; a file that differs, or cannot be linked, is left for the run to write.
        """
        kept = set()
        for path, stamp in files.items():
            source = os.path.join(self.out, path)
            try:
                if stamp_of(source) != stamp:
                    continue
                self._make_parent(path)
                _link_or_copy(source, os.path.join(self._base, path))
            except OSError:
                continue
            kept.add(path)
        self._kept |= kept
        return kept

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
        search.index_site(self.folder)  # before the swap: a failed index keeps the last good site
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
    """Replace `out` with the rendered pages plus static/, only once all of it is written."""
    with StagedSite(site, out) as staged:
        for path in sorted(outputs):
            staged.put_bytes(path, outputs[path])
        staged.publish()


class StaticUnreadable(OSError):
    """A file of static/ could not be read: the content's fault, not the output folder's."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


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


class OutputRefused(Exception):
    """The output folder asked for is not one a build may replace (a usage error)."""


# The folders of a project its site and the generator come from; no output may touch them.
PACKAGE = Path(__file__).resolve().parent
SOURCE_FOLDERS = ("content", "layouts", "static", "seeds", ".git", PACKAGE.name)


def claim_output(root: Path, out: Path, shown: str) -> Path:
    """Return `out` resolved, or raise OutputRefused if building there could destroy anything.

    Paths are compared once symlinks and `..` are resolved, so no spelling of the project's
    own folders (through a link, `x/..`, `../name`) slips past. `shown` names `out` in messages.
    """
    target = out.resolve()
    for home in dict.fromkeys((root.resolve(), PACKAGE.parent)):
        _refuse_overlap(target, home, shown)
    _refuse_foreign(target, shown)
    return target


def _refuse_overlap(target: Path, home: Path, shown: str) -> None:
    """Refuse an output that is or holds `home`, or is or lies inside one of its sources."""
    if target == home or home.is_relative_to(target):
        raise OutputRefused(f"--out {shown} would replace the site folder itself")
    if not target.is_relative_to(home):
        return
    top = target.relative_to(home).parts[0]
    if top in SOURCE_FOLDERS:
        where = "is" if home / top == target else "lies inside"
        raise OutputRefused(f"--out {shown} {where} the site's {top}/ folder")


def _refuse_foreign(target: Path, shown: str) -> None:
    """Refuse an existing path that is not a folder this tool built (nor an empty one)."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputRefused(f"--out {shown}: {exc.strerror}") from exc
    if not stat.S_ISDIR(mode):
        raise OutputRefused(f"--out {shown} is {_kind(mode)}, not a site folder")
    if not is_built_site(target):
        raise OutputRefused(
            f"--out {shown} is a folder this tool did not build (it has no {BUILT_MARK} file); "
            "remove it yourself or choose another folder"
        )


def is_built_site(folder: Path) -> bool:
    """Tell whether a folder is a site this tool built, or an empty folder it may fill."""
    try:
        names = set(os.listdir(folder))
    except OSError:
        return False
    return not names or BUILT_MARK in names or names.issuperset(LEGACY_SITE_FILES)


def _kind(mode: int) -> str:
    kinds = {stat.S_ISREG: "a file", stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket"}
    for test, kind in kinds.items():
        if test(mode):
            return kind
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a folder"


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
        self._keep: Mapping[str, Stamp] = {}

    def keep(self, files: Mapping[str, Stamp]) -> set[str]:
        """Say which files of the last site to take over; return those that still match."""
        # The staging folder is made when the content is known to be clean (open), so this
        # only checks now what open() will link then.
        self._keep = {
            path: stamp for path, stamp in files.items() if stamp_of(self.out / path) == stamp
        }
        return set(self._keep)

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
        self._staged.drop_kept(paths)
        self._staged.publish()
        self._staged.__exit__()
        return len(paths) + len(SITE_MARKERS)

    def abandon(self) -> None:
        """Delete the staging folder: `out` keeps the last good site."""
        if self._staged is not None:
            self._staged.__exit__()
            self._staged = None


class SyncedFolder:
    """The preview's output: an output folder brought up to date file by file.

    Pages are held until the run ends well, then only files whose bytes changed are
    written, each whole (a reader sees the old bytes or the new), and files no page makes
    any more are removed. The search index is made again only when a page it holds changed.
    The first run, or one after a failed write, replaces the folder.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self._site: Site | None = None
        self._pending: dict[str, bytes] = {}
        self._written: dict[str, bytes] | None = None  # path -> digest of the bytes on disk

    def open(self, site: Site) -> SyncedFolder:
        """Start taking the pages of one run."""
        self._site = site
        self._pending = {}
        return self

    def put(self, path: str, pieces: Iterable[str]) -> None:
        """Hold one page until the run is published."""
        self._pending[path] = "".join(pieces).encode("utf-8")

    def publish(self, paths: Iterable[str]) -> int:
        """Make the folder hold exactly these pages plus static/; return the files changed."""
        assert self._site is not None
        site, pending = self._site, self._pending
        self._pending = {}
        fixed = {**SITE_MARKERS, **_static_files(site)}  # the files no layout makes
        try:
            if self._written is None:
                write_site(site, pending, self.out)
                files = {**fixed, **pending, **search.read_bundle(self.out)}
                self._written = {p: _digest(data) for p, data in files.items()}
                return len(self._written)
            bundle = {path for path in self._written if search.in_bundle(path)}
            changed = self._update({**fixed, **pending}, {*paths, *fixed, *bundle})
            if any(search.is_indexed(path) for path in changed):
                changed += self._reindex()
            return len(changed)
        except OSError:
            self._written = None  # what is on disk is unknown now: the next run replaces it
            raise

    def abandon(self) -> None:
        """Drop the pages of a run that failed; the folder keeps the last good site."""
        self._pending = {}

    def forget(self) -> None:
        """Stop trusting what is on disk: the next run replaces the whole folder."""
        self._written = None

    def _update(self, files: Mapping[str, bytes], keep: set[str]) -> list[str]:
        """Write the files whose bytes changed and remove those not kept; return their paths."""
        assert self._written is not None
        changed = []
        for path, data in sorted(files.items()):
            digest = _digest(data)
            if self._written.get(path) != digest:
                put_file(self.out, path, data)
                self._written[path] = digest
                changed.append(path)
        for path in sorted(self._written.keys() - keep):
            remove_file(self.out, path)
            del self._written[path]
            changed.append(path)
        return changed

    def _reindex(self) -> list[str]:
        """Index the folder's pages again and bring its search bundle up to date."""
        assert self._written is not None
        # Pagefind writes into a scratch folder: its old hashed files would linger in place.
        bundle = search.bundle_files(self.out)
        pages = {path for path in self._written if not search.in_bundle(path)}
        return self._update(bundle, pages | bundle.keys())


def stamp_of(path: str | Path) -> Stamp | None:
    """Return a file's stamp (size, modification time, inode), or None if it is not there."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _link_or_copy(source: str, target: str) -> None:
    # A link costs no bytes; where the file system has none, a copy does the same.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _static_files(site: Site) -> dict[str, bytes]:
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
