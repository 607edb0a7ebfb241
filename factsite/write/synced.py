"""The preview's output: a folder brought up to date file by file between runs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import search
from ..model import Site
from .files import SITE_MARKERS, digest, put_file, remove_file, static_files
from .staged import write_site


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
        fixed = {**SITE_MARKERS, **static_files(site)}  # the files no layout makes
        try:
            if self._written is None:
                write_site(site, pending, self.out)
                files = {**fixed, **pending, **search.read_bundle(self.out)}
                self._written = {p: digest(data) for p, data in files.items()}
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
            bytes_digest = digest(data)
            if self._written.get(path) != bytes_digest:
                put_file(self.out, path, data)
                self._written[path] = bytes_digest
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
