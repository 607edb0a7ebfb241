"""What `check` asks of git: the site as staged, and published cards changed without a correction.

`check_problems` is `check` itself, for the digest's list of problems.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .. import pipeline
from ..gitrun import git
from ..model import Diagnostic
from ..verify.corrections import silent_changes
from .git import base_commit, export_staged
from .snapshot import base_snapshot, checked_cards, valid_cards


def silent_corrections(root: Path, ref: str | None, checked: pipeline.Outcome) -> list[Diagnostic]:
    """Return the published cards changed since ref without a correction (see verify).

    `checked` is the run that checked the change: its cards are compared, not read again.
    """
    commit = base_commit(root, ref).commit
    return silent_changes(valid_cards(base_snapshot(root, commit)), checked_cards(checked))


def check_staged(root: Path) -> pipeline.Outcome:
    """Run the pipeline over the site as staged for commit (what the pre-commit hook checks)."""
    git(root, "rev-parse", "--show-toplevel")  # not a repository: say so, as review does
    with tempfile.TemporaryDirectory(prefix="factsite-staged-") as folder:
        export_staged(root, Path(folder))
        return pipeline.run(Path(folder))


def check_problems(root: Path) -> list[Diagnostic]:
    """Return every problem `build.py check` reports for the site, in reading order."""
    return pipeline.run(root).problems
