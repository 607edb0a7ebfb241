"""The preview's runs of the pipeline: one Memory and one output folder kept between them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import pipeline
from .memory import Memory
from .pipeline import Outcome
from .write import SyncedFolder


class SiteBuilder:
    """Builds a site into a folder, then brings it up to date after each change."""

    def __init__(self, root: Path, out: Path, base_url: str | None = None) -> None:
        self.root = root
        self.base_url = base_url
        self.folder = SyncedFolder(out)
        self.memory = Memory()

    def build_all(self) -> Outcome:
        """Run the pipeline from nothing and replace the output folder whole if it is clean."""
        self.memory = Memory()
        self.folder.forget()
        return self._run(None)

    def rebuild(self, changed: Iterable[str]) -> Outcome:
        """Run the pipeline again, told which files (relative to root) changed."""
        return self._run(set(changed))

    def _run(self, changes: set[str] | None) -> Outcome:
        return pipeline.run(
            self.root, self.folder, self.base_url, changes=changes, memory=self.memory
        )
