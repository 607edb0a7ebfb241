"""Where rendered pages go: render hands each page to a sink, piece by piece, as it is made.

write.StagedSite writes them into the output folder; the sinks here keep them in memory
or drop them. Taking pieces lets a large page (claims.json, the feed) reach the disk
without its whole text ever being held at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Protocol


class PageSink(Protocol):
    """Takes rendered pages: each one's output path and its text, piece by piece."""

    # True when forked worker processes may put pages themselves (the sink writes files);
    # else the workers send each page's text back, and the build's process puts it.
    from_workers: bool

    def put(self, path: str, pieces: Iterable[str]) -> None:
        """Take one page. An exception from `pieces` (a failing layout) passes through."""


class PagesInMemory:
    """Keeps every page's bytes by output path."""

    from_workers = False

    def __init__(self) -> None:
        self.outputs: dict[str, bytes] = {}

    def put(self, path: str, pieces: Iterable[str]) -> None:
        self.outputs[path] = "".join(pieces).encode("utf-8")


class IgnoredPages:
    """Takes every page and keeps nothing: a check renders pages only for their problems."""

    from_workers = True

    def put(self, path: str, pieces: Iterable[str]) -> None:
        deque(pieces, maxlen=0)  # the layout still runs to the end, failing where it fails
