"""The preview's runs of the pipeline: one Memory and one output folder kept between them."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import pipeline
from ..memory import Memory
from ..pipeline import Outcome
from ..write import SyncedFolder
from .indexing import SearchIndexer


class SiteBuilder:
    """Builds a site into a folder, then brings it up to date after each change.

    With `search_later`, a run returns once the pages are in place and the search index
    catches up in the background (settle() waits for it); without, before the run returns.
    """

    def __init__(
        self,
        root: Path,
        out: Path,
        base_url: str | None = None,
        search_later: bool = False,
        report: Callable[[str], None] | None = None,
        indexed: Callable[[float], None] | None = None,
    ) -> None:
        self.root = root
        self.base_url = base_url
        self.folder = SyncedFolder(out, search_later)
        self.memory = Memory()
        self._indexer = SearchIndexer(self.folder, report or _print_error, indexed or _quiet)

    def build_all(self) -> Outcome:
        """Run the pipeline from nothing and replace the output folder whole if it is clean."""
        self.memory = Memory()
        self.folder.forget()
        return self._run(None)

    def rebuild(self, changed: Iterable[str]) -> Outcome:
        """Run the pipeline again, told which files (relative to root) changed."""
        return self._run(set(changed))

    def _run(self, changes: set[str] | None) -> Outcome:
        if self.folder.replaced_next:  # an index run failed to write: every page is written
            self.memory.forget_output()
        outcome = pipeline.run(
            self.root,
            self.folder,
            self.base_url,
            changes=changes,
            memory=self.memory,
            drafts=True,
        )
        if self.folder.search_later and self.folder.search_due:
            self._indexer.ask()
        if outcome.write_error:  # a full disk: say where, as the user knows the folder
            message = f"cannot write the site to {self._shown_out()}: {outcome.write_error}"
            return dataclasses.replace(outcome, write_error=message)
        return outcome

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until the search index has caught up with the pages; tell whether it did."""
        return self._indexer.wait(timeout)

    def _shown_out(self) -> str:
        """Return the output folder as the user knows it: relative to the site if inside it."""
        try:
            return self.folder.out.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(self.folder.out)


def _quiet(elapsed_ms: float) -> None:
    pass


def _print_error(message: str) -> None:
    print(f"build.py: error: {message}", file=sys.stderr)
