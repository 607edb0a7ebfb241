"""One-card edits for the benchmarks: copy a site, edit a card, time the rebuild, undo it."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

REPO = Path(__file__).resolve().parents[1]
SITE_FOLDERS = ("content", "layouts", "static", "seeds")
Edit = Callable[[str, int], str]


class Report(Protocol):
    @property
    def ok(self) -> bool: ...
    @property
    def pages_rendered(self) -> int: ...
    @property
    def elapsed_ms(self) -> float: ...


class Builder(Protocol):
    def rebuild(self, changed: Sequence[str]) -> Report: ...


def copy_real_site(folder: Path) -> Path:
    """Copy the repository's own site (content, layouts, static, seeds) into folder."""
    for name in SITE_FOLDERS:
        shutil.copytree(REPO / name, folder / name)
    return folder


def edit_summary(text: str, number: int) -> str:
    """Return a card's YAML with one sentence added to its summary."""
    edited = re.sub(
        r"^summary: \|\n", rf"\g<0>  Checked again, pass {number}.\n", text, count=1, flags=re.M
    )
    assert edited != text, "expected a card whose summary is a `|` block"
    return edited


def edit_claim(text: str, number: int) -> str:
    """Return a card's YAML with its claim reworded (a quoted or a plain scalar)."""
    return re.sub(r'^claim: ("?)', rf"\g<0>Pass {number}, ", text, count=1, flags=re.M)


def time_card_edits(builder: Builder, root: Path, cards: Sequence[Path], edit: Edit) -> list[float]:
    """Return the rebuild's milliseconds after editing each card, each edit undone after."""
    return time_edits(builder, root, cards, edit)[0]


def time_edits(
    builder: Builder,
    root: Path,
    cards: Sequence[Path],
    edit: Edit,
    settle: Callable[[], bool] | None = None,
) -> tuple[list[float], list[float]]:
    """Time a rebuild after editing each card, each edit undone after.

    Return the rebuild's own milliseconds (its report's) for each edit, and, when `settle`
    is given (it waits for work the rebuild left running, such as the search index, and
    tells whether it finished), the milliseconds from starting each rebuild to `settle`
    returning. `settle` runs after every rebuild, the undoing ones too, so no edit starts
    while the last one's work is still running.
    """
    rebuilt, settled = [], []
    for number, card in enumerate(cards):
        original = card.read_text(encoding="utf-8")
        rel = card.relative_to(root).as_posix()
        card.write_text(edit(original, number), encoding="utf-8")
        started = time.perf_counter()
        report = builder.rebuild([rel])
        if settle is not None:
            _settled(settle, rel)
            settled.append((time.perf_counter() - started) * 1000)
        card.write_text(original, encoding="utf-8")
        builder.rebuild([rel])
        if settle is not None:
            _settled(settle, rel)
        if not report.ok or report.pages_rendered == 0:
            raise RuntimeError(f"the rebuild after editing {rel} did not render")
        rebuilt.append(report.elapsed_ms)
    return rebuilt, settled


def _settled(settle: Callable[[], bool], rel: str) -> None:
    if not settle():
        raise RuntimeError(f"the search index did not catch up after the rebuild of {rel}")
