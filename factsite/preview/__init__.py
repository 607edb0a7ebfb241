"""The preview's runs of the pipeline: one Memory and one output folder kept between them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from .. import pipeline
from ..memory import Memory
from ..pipeline import Outcome
from ..write import SyncedFolder


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
        outcome = pipeline.run(
            self.root,
            self.folder,
            self.base_url,
            changes=changes,
            memory=self.memory,
            drafts=True,
        )
        if outcome.write_error:  # a full disk: say where, as the user knows the folder
            message = f"cannot write the site to {self._shown_out()}: {outcome.write_error}"
            return dataclasses.replace(outcome, write_error=message)
        return outcome

    def _shown_out(self) -> str:
        """Return the output folder as the user knows it: relative to the site if inside it."""
        try:
            return self.folder.out.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(self.folder.out)
