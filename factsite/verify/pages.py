"""Checks the desk's pages for what is left to write: each line still holding a TODO: marker."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Diagnostic, Page, Pos

TODO = "TODO:"  # how init's page templates mark a paragraph only the desk can write
SHOWN = 60  # characters of what follows the marker, enough to tell one TODO from another
HINT = "replace it with the desk's own text before publishing"


def todo_markers(pages: Iterable[Page]) -> list[Diagnostic]:
    """Return a warning, at its line and column, for each line of a page holding a TODO:.

    A warning, not an error: a draft site still builds while the desk writes its pages.
    """
    return [
        Diagnostic.warning(page.path, _message(line), HINT, pos=Pos(number, line.index(TODO) + 1))
        for page in pages
        for number, line in enumerate(page.text.splitlines(), start=1)
        if TODO in line
    ]


def _message(line: str) -> str:
    # What the marker asks for, without the Markdown bold around it.
    rest = line[line.index(TODO) + len(TODO) :].strip(" *")
    if len(rest) > SHOWN:
        rest = rest[: SHOWN - 1].rstrip() + "…"
    return f'page still holds a TODO: "{rest}"' if rest else "page still holds a TODO:"
