"""What the plan is made of: one PageSpec an output file, with the parts it places.

And where a page of a listing sits among its pages, with the links to the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .. import urls
from .views import PageLink, PageView, Pagination

PAGE_REACH = 2  # page numbers linked either side of the current one


@dataclass(frozen=True)
class Parts:
    """Items the renderer renders one by one with their own layout, for a page to place.

    Each item is rendered with `item` and `root` (the page's) besides `site`; the page's
    layout gets them joined, each between `before` and `after`, as `parts[name]`.
    """

    layout: str
    items: tuple[object, ...]
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class PageSpec:
    """One output file: its path, the layout that makes it (or a writer), and its view."""

    path: str
    layout: str
    view: PageView
    source: str = ""  # the content file this page comes from, for collision reports
    parts: Mapping[str, Parts] = field(default_factory=dict)
    writer: str = ""  # names the machine writer that makes the file instead of a layout
    late: bool = False  # shows text other pages render first (the feed's summaries)
    records: int = 0  # what its writer writes one by one (claims.json's cards)

    @property
    def size(self) -> int:
        """How many things the page is made of one by one: its parts' items, its records."""
        return self.records + sum(len(part.items) for part in self.parts.values())


def place(path: str, base_url: str) -> tuple[str, str, str]:
    """Return a view's first fields: its path, the prefix back to the root, its URL."""
    return path, urls.root_of(path), urls.absolute(base_url, path)


def spec_of(view: PageView, layout: str, source: str = "") -> PageSpec:
    """Return the page a view is rendered into by a layout."""
    return PageSpec(view.path, layout, view, source)


def pagination(paths: Sequence[str], number: int, listed: int, size: int) -> Pagination:
    """Return where page `number` of a listing sits, with the links to its other pages."""
    count = len(paths)
    links = tuple(
        PageLink(n, paths[n - 1] if n else "", n == number) for n in page_window(number, count)
    )
    return Pagination(
        number,
        count,
        (number - 1) * size + 1 if listed else 0,
        min(number * size, listed),
        listed,
        paths[number - 2] if number > 1 else "",
        paths[number] if number < count else "",
        links if count > 1 else (),
    )


def page_window(number: int, count: int, reach: int = PAGE_REACH) -> list[int]:
    """Return the page numbers a listing page links: 0 stands for a gap (an ellipsis)."""
    # The first and the last page, and `reach` either side of this one.
    near = range(max(1, number - reach), min(count, number + reach) + 1)
    window: list[int] = []
    for page in sorted({1, count, *near}):
        if window and page - window[-1] == 2:
            window.append(page - 1)  # a gap of one page: its number is as short as "…"
        elif window and page - window[-1] > 2:
            window.append(0)
        window.append(page)
    return window
