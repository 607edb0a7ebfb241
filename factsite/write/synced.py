"""The preview's output: a folder brought up to date file by file between runs."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import search
from ..model import Site
from .files import SITE_MARKERS, digest, put_file, remove_file, static_files
from .staged import write_site

# The size of a file as written, and the digest of its bytes (None until one was needed).
Written = tuple[int, bytes | None]


class SyncedFolder:
    """The preview's output: an output folder brought up to date file by file.

    Pages are held until the run ends well, then only files whose bytes changed are
    written, each whole (a reader sees the old bytes or the new), and files no page makes
    any more are removed. The search index is made again only when a page it holds changed:
    before publish() returns, or, with `search_later`, when refresh_search() is called (from
    another thread: the pages are in place while the index catches up). The first run, or one
    after a failed write, replaces the folder.
    """

    def __init__(self, out: Path, search_later: bool = False) -> None:
        self.out = out
        self.search_later = search_later
        self._site: Site | None = None
        self._pending: dict[str, bytes] = {}
        # path -> the size of the bytes on disk, and their digest once it was needed
        self._written: dict[str, Written] | None = None
        self._search_due = False  # a page the index holds changed since it was last made
        self._searched = True  # the last run's site has search (a run under way may end after)
        self._lock = threading.Lock()  # publish() and refresh_search() may run at once

    @property
    def search_due(self) -> bool:
        """Tell whether the search index lags behind the pages."""
        with self._lock:
            return self._search_due

    @property
    def replaced_next(self) -> bool:
        """Tell whether the next run writes the folder whole (what is on disk is unknown)."""
        return self._written is None

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
        with self._lock:
            changed = self._publish(site, {**fixed, **pending}, {*paths, *fixed})
        if not self.search_later:
            changed += self.refresh_search()
        return len(changed)

    def _publish(self, site: Site, files: dict[str, bytes], paths: set[str]) -> list[str]:
        try:
            searched = self._searched = site.config.search
            if self._written is None:
                write_site(site, files, self.out)
                self._written = {p: (len(data), None) for p, data in files.items()}
                self._search_due = searched and search.has_indexed_pages(self.out)
                return list(self._written)
            # With search turned off, the bundle is not kept: it goes with the pages that went.
            bundle = {path for path in self._written if searched and search.in_bundle(path)}
            changed = self._update(files, paths | bundle)
            indexed = any(search.is_indexed(path) for path in changed)
            self._search_due = searched and (self._search_due or indexed)
            return changed
        except OSError:
            self._written = None  # what is on disk is unknown now: the next run replaces it
            raise

    def refresh_search(self) -> list[str]:
        """Index the folder's pages again if the index lags behind; return the files changed."""
        with self._lock:
            if not self._search_due or self._written is None:
                return []
            self._search_due = False
        try:  # Pagefind reads the pages in place (each is replaced whole, never half-written)
            # and writes into a scratch folder: its old hashed files would linger in place.
            bundle = search.bundle_files(self.out)
        except search.SearchIndexFailed:
            with self._lock:
                self._search_due = True  # the pages are as they were; the index still lags
            raise
        with self._lock:
            try:
                return self._put_bundle(bundle)
            except OSError:
                self._written = None  # the next run replaces the folder, and indexes it again
                raise

    def _put_bundle(self, bundle: Mapping[str, bytes]) -> list[str]:
        """Replace the search bundle with this one, unless the folder was replaced meanwhile."""
        if self._written is None or not self._searched:  # replaced, or search turned off
            return []
        pages = {path for path in self._written if not search.in_bundle(path)}
        return self._update(bundle, pages | bundle.keys())

    def abandon(self) -> None:
        """Drop the pages of a run that failed; the folder keeps the last good site."""
        self._pending = {}

    def forget(self) -> None:
        """Stop trusting what is on disk: the next run replaces the whole folder."""
        with self._lock:  # never while an index run is putting its bundle in place
            self._written = None

    def _update(self, files: Mapping[str, bytes], keep: set[str]) -> list[str]:
        """Write the files whose bytes changed and remove those not kept; return their paths."""
        assert self._written is not None
        changed = []
        for path, data in sorted(files.items()):
            if not self._note(path, data):
                put_file(self.out, path, data)
                changed.append(path)
        for path in sorted(self._written.keys() - keep):
            remove_file(self.out, path)
            del self._written[path]
            changed.append(path)
        return changed

    def _note(self, path: str, data: bytes) -> bool:
        """Note these bytes as the file's; tell whether the file on disk holds them already."""
        # Files of another size differ: most changed pages are told so without a digest
        # (a large site's claims.json is tens of megabytes, and changes with every edit).
        assert self._written is not None
        written = self._written.get(path)
        if written is None or written[0] != len(data):
            self._written[path] = (len(data), None)
            return False
        new = digest(data)
        old = written[1] if written[1] is not None else _digest_on_disk(self.out / path)
        self._written[path] = (len(data), new)
        return old == new


def _digest_on_disk(path: Path) -> bytes | None:
    """Return the digest of a file's bytes, or None if it cannot be read (it is written again)."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return None
