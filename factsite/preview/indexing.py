"""Brings the preview's search index up to date in a thread of its own, after the pages.

Pagefind has no incremental mode: at thousands of cards it takes seconds, and an edited page
must not wait for it. The index catches up a moment later; once it has, the folder is what
a clean build makes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ..write import SyncedFolder


class SearchIndexer:
    """Runs the folder's refresh_search() whenever asked, one run at a time, never twice over."""

    def __init__(
        self,
        folder: SyncedFolder,
        report: Callable[[str], None],
        done: Callable[[float], None] = lambda ms: None,
    ) -> None:
        self._folder = folder
        self._report = report  # told why an index run failed; the pages stay as they are
        self._done = done  # told the milliseconds a run took, once the index holds every page
        self._state = threading.Condition()
        self._asked = False
        self._busy = False
        self._thread: threading.Thread | None = None

    def ask(self) -> None:
        """Have the index made again: at once if idle, else right after the run under way."""
        with self._state:
            self._asked = True
            if self._thread is None or not self._thread.is_alive():  # none yet, or one a bug ended
                # A daemon: Ctrl-C stops the preview without waiting for an index run.
                self._thread = threading.Thread(target=self._serve, name="search", daemon=True)
                self._thread.start()
            self._state.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no run is asked for or under way; tell whether that happened in time."""
        with self._state:
            return self._state.wait_for(lambda: not self._asked and not self._busy, timeout)

    def _serve(self) -> None:
        while True:
            with self._state:
                self._state.wait_for(lambda: self._asked)
                self._asked, self._busy = False, True
            started, failed = time.perf_counter(), False
            try:
                self._folder.refresh_search()
            except OSError as exc:  # Pagefind missing or failing, or a full disk
                failed = True
                self._report(str(exc))
            finally:
                with self._state:
                    caught_up = not failed and not self._asked and not self._folder.search_due
                if caught_up:  # said before wait() returns, so nothing follows a stop's last line
                    self._done((time.perf_counter() - started) * 1000)
                with self._state:
                    self._busy = False
                    self._state.notify_all()
