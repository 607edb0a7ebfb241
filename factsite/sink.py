"""Where rendered pages go: render hands each page to a sink, piece by piece, as it is made.

write.StagedSite writes them into the output folder; IgnoredPages drops them. Taking
pieces lets a large page (claims.json, the feed) reach the disk without its whole text
ever being held at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Protocol


class PageSink(Protocol):
    """Takes rendered pages: each one's output path and its text, piece by piece.

    The process that renders a page puts it, a forked worker too: a sink writes files, or
    keeps nothing, so that what a worker puts is not lost with it.
    """

    def put(self, path: str, pieces: Iterable[str]) -> None:
        """Take one page. An exception from `pieces` (a failing layout) passes through."""


class IgnoredPages:
    """Takes every page and keeps nothing: a check renders pages only for their problems."""

    def put(self, path: str, pieces: Iterable[str]) -> None:
        deque(pieces, maxlen=0)  # the layout still runs to the end, failing where it fails
