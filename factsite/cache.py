"""A build that remembers: the last build's Memory, kept on disk outside the project.

A full build with the cache is a rebuild told what changed since the last one: the input
files whose size, time or inode differ from what the last build read, and the output
files it may keep (those whose size and time are as it left them). The cache is thrown
away, never trusted, when the generator or Python changed, and can be deleted at any time.

It lives in the user's cache folder, never in the project: a pickle runs code as it loads,
so a file a pull request could add must never be read as one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .memory import Memory
from .write import Stamp, digest, stamp_of

CACHE_FILE = "build.pickle"
INPUTS = ("content", "seeds", "layouts", "static")  # everything a build reads
# Libraries whose output is part of a page: another version may render other bytes.
InputStamp = tuple[int, int, str]  # size, modification time in ns, digest of the bytes
RENDERING_LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "PyYAML", "pagefind")


@dataclass
class Remembered:
    """What one build leaves for the next: its memory and the files it read and wrote."""

    key: str  # the generator that made it (see generator_key)
    memory: Memory
    inputs: dict[str, InputStamp] = field(default_factory=dict)  # input path -> its stamp
    output: str = ""  # the folder the build published
    outputs: dict[str, Stamp] = field(default_factory=dict)  # path in it -> stamp as left


def generator_key() -> str:
    """Return a digest of what turns inputs into pages: this package, Python, its libraries."""
    # Imported here: it costs a build that keeps no cache (check, --no-cache) tens of ms.
    from importlib import metadata

    key = hashlib.sha256(sys.version.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        key.update(path.relative_to(package).as_posix().encode() + b"\0")
        key.update(path.read_bytes())
    for name in RENDERING_LIBRARIES:
        try:
            key.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            key.update(f"{name}=none".encode())
    return key.hexdigest()


def cache_folder(root: Path) -> Path:
    """Return this site's cache folder, under FACTSITE_CACHE or the user's cache folder."""
    base = os.environ.get("FACTSITE_CACHE")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = os.path.join(xdg or os.path.join(Path.home(), ".cache"), "factsite")
    # One folder a site, named by where it is: two checkouts keep two caches.
    return Path(base) / hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]


def recall(root: Path, key: str) -> Remembered | None:
    """Return the last build's record if this generator made it; None when there is none."""
    try:
        with open(cache_folder(root) / CACHE_FILE, "rb") as file:
            found = pickle.load(file)
    except Exception:  # noqa: BLE001 - no cache, or a broken one: either way, start afresh
        return None
    if not isinstance(found, Remembered) or found.key != key:
        return None
    return found


def remember(root: Path, record: Remembered) -> None:
    """Write the record for the next build, whole or not at all; a failure only costs speed."""
    folder = cache_folder(root)
    temp = ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(descriptor, "wb") as file:
            pickle.dump(record, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / CACHE_FILE)
    except (OSError, pickle.PicklingError, RecursionError):
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def forget(root: Path) -> None:
    """Delete the record: the next build starts from nothing."""
    with contextlib.suppress(OSError):
        os.unlink(cache_folder(root) / CACHE_FILE)


def input_stamps(
    root: Path, before: Mapping[str, InputStamp] | None = None
) -> dict[str, InputStamp]:
    """Return the stamp of every input file, by its path relative to root.

    A file's stamp is its size, time and a digest of its bytes: the digest is what counts,
    so a fresh checkout (new times, same bytes) changes nothing; a file whose size and time
    are as `before` recorded them keeps its digest without being read again.
    """
    found: dict[str, InputStamp] = {}
    for part in INPUTS:
        _walk(root, part, before or {}, found)
    return found


def changed_inputs(
    before: Mapping[str, InputStamp], now: Mapping[str, InputStamp]
) -> set[str] | None:
    """Return the paths added, removed or changed between two readings of the inputs.

    None means a folder came or went: the inputs are read again whole.
    """
    changed = {
        path
        for path in before.keys() | now.keys()
        if _content(before.get(path)) != _content(now.get(path))
    }
    return None if any(path.endswith("/") for path in changed) else changed


def output_stamps(folder: Path, paths: Iterable[str]) -> dict[str, Stamp]:
    """Return the stamps of the files a build left in its output folder."""
    stamps = {path: stamp_of(os.path.join(folder, path)) for path in paths}
    return {path: stamp for path, stamp in stamps.items() if stamp is not None}


def _walk(
    root: Path, rel: str, before: Mapping[str, InputStamp], found: dict[str, InputStamp]
) -> None:
    # lstat, as the loader reads: a symlink is stamped by its target's name, not followed.
    try:
        entries = list(os.scandir(os.path.join(root, rel)))
    except OSError:
        return
    for entry in entries:
        path = f"{rel}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            found[path + "/"] = (0, 0, "")  # a folder that comes or goes is a change
            _walk(root, path, before, found)
            continue
        info = entry.stat(follow_symlinks=False)
        old = before.get(path)
        if old is not None and old[:2] == (info.st_size, info.st_mtime_ns):
            found[path] = old
        else:
            found[path] = (info.st_size, info.st_mtime_ns, _digest(entry.path, entry))


def _digest(path: str, entry: os.DirEntry[str]) -> str:
    try:
        if entry.is_symlink():
            return "link:" + os.readlink(path)
        with open(path, "rb") as file:
            return digest(file.read()).hex()
    except OSError:
        return "unreadable"  # the loader reports why; a later build reads it again


def _content(stamp: InputStamp | None) -> tuple[int, str] | None:
    return None if stamp is None else (stamp[0], stamp[2])
