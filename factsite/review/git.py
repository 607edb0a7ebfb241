"""Reads a site's files out of git: the commit a change is compared with, and its files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..gitrun import GitError, git
from ..load.cards import CLAIMS

# What a card's meaning rests on: its file and the seeds its quotes resolve against.
TRACKED = (CLAIMS, "seeds")
SITE_PARTS = ("content", "seeds", "layouts", "static")  # all a build reads
DEFAULT_BRANCHES = ("main", "origin/main")


@dataclass(frozen=True)
class Base:
    """The commit a change is compared with, and how it was found."""

    commit: str
    short: str  # the commit's abbreviated name, as git prints it
    ref: str | None  # the ref it was given as, or None for the merge base with a branch
    branch: str = ""  # the branch it is the merge base with, when no ref was given


def base_commit(root: Path, ref: str | None) -> Base:
    """Return the commit to compare with: ref's, or by default the merge base with main."""
    try:
        git(root, "rev-parse", "--show-toplevel")
    except GitError as exc:
        raise GitError(f"{root} is not in a git repository; the review digest needs one") from exc
    if ref is not None:
        return Base(_commit(root, ref), _short(root, ref), ref)
    for branch in DEFAULT_BRANCHES:
        try:
            merge_base = git(root, "merge-base", "HEAD", _commit(root, branch)).decode().strip()
        except GitError:
            continue
        return Base(merge_base, _short(root, merge_base), None, branch)
    raise GitError("no branch 'main' or 'origin/main' to compare with; pass --base REF")


def _commit(root: Path, ref: str) -> str:
    try:
        out = git(root, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")
    except GitError as exc:
        raise GitError(f"{ref!r} is not a commit in this repository") from exc
    return out.decode().strip()


def _short(root: Path, ref: str) -> str:
    return git(root, "rev-parse", "--short", _commit(root, ref)).decode().strip()


def export_tree(root: Path, commit: str, dest: Path, parts: Iterable[str] = TRACKED) -> None:
    """Write the cards and seeds of a commit under dest, as files at their paths in the site."""
    listing = git(root, "ls-tree", "-r", "-z", commit, "--", *parts)
    blobs: list[tuple[str, str, str]] = []
    for entry in filter(None, listing.decode("utf-8", "surrogateescape").split("\0")):
        meta, path = entry.split("\t", 1)
        mode, kind, oid = meta.split()
        if kind == "blob":
            blobs.append((mode, oid, path))
    _write_blobs(root, _plain(blobs), dest)


def export_staged(root: Path, dest: Path) -> None:
    """Write the site as it is staged for the next commit under dest: untracked files stay out."""
    listing = git(root, "ls-files", "--stage", "-z", "--", *SITE_PARTS)
    blobs = []
    for entry in filter(None, listing.decode("utf-8", "surrogateescape").split("\0")):
        meta, path = entry.split("\t", 1)
        mode, oid, _stage = meta.split()
        blobs.append((mode, oid, path))
    _write_blobs(root, _plain(blobs), dest)


def _plain(blobs: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    # Symlinks are not followed out of a commit; the working tree's loader judges them.
    return [(oid, path) for mode, oid, path in blobs if mode in ("100644", "100755")]


def _write_blobs(root: Path, blobs: list[tuple[str, str]], dest: Path) -> None:
    contents = _cat_blobs(root, [oid for oid, _ in blobs])
    for (_, path), data in zip(blobs, contents, strict=True):
        target = dest / path
        if not target.resolve().is_relative_to(dest.resolve()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _cat_blobs(root: Path, oids: list[str]) -> list[bytes]:
    """Return the contents of many blobs from one `git cat-file --batch` call."""
    if not oids:
        return []
    out = git(root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode())
    contents, at = [], 0
    for _ in oids:
        line_end = out.index(b"\n", at)
        size = int(out[at:line_end].split()[2])
        contents.append(out[line_end + 1 : line_end + 1 + size])
        at = line_end + 1 + size + 1
    return contents
