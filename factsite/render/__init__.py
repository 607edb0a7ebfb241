"""The render stage: turns each planned page into text, handed to a sink as it is made."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol

import jinja2
from markupsafe import Markup

from ..model import Diagnostic
from .jinja import LayoutFailed, joined, layout_pieces, render_text
from .plan import PageSpec, Parts
from .views import PageView, SiteView

# Makes a machine-readable file from its view, piece by piece (claims.json).
Writer = Callable[[PageView], Iterator[str]]
# Renders one item of a listing with its layout (layout, item, the page's root, the page).
ItemRenderer = Callable[[str, object, str, str], Markup]


class PageSink(Protocol):
    """Takes rendered pages: each one's output path and its text, piece by piece.

    The process that renders a page puts it, a forked worker too: a sink writes files, or
    keeps nothing, so that what a worker puts is not lost with it.
    """

    def put(self, path: str, pieces: Iterable[str]) -> None:
        """Take one page. An exception from `pieces` (a failing layout) passes through."""


class Renderer:
    """Renders pages with one environment, for one site view."""

    def __init__(
        self,
        env: jinja2.Environment,
        site: SiteView,
        writers: Mapping[str, Writer],
        render_item: ItemRenderer | None = None,
    ) -> None:
        self.env = env
        self.site = site
        self.writers = writers
        self.render_item = render_item or self.item

    def page(self, spec: PageSpec, sink: PageSink) -> list[Diagnostic]:
        """Render one page into the sink; return the problem if its layout failed."""
        try:
            sink.put(spec.path, self._pieces(spec))
        except LayoutFailed as failure:
            return [failure.diagnostic]
        return []

    def item(self, layout: str, item: object, root: str, page: str) -> Markup:
        """Return one item of a listing rendered by its own layout (page: for messages)."""
        context = {"site": self.site, "item": item, "root": root}
        return render_text(self.env, layout, context, page)

    def _pieces(self, spec: PageSpec) -> Iterator[str]:
        if spec.writer:
            return self.writers[spec.writer](spec.view)
        parts = {name: self._parts(part, spec) for name, part in spec.parts.items()}
        context = {"site": self.site, "page": spec.view, "parts": parts}
        return layout_pieces(self.env, spec.layout, context, spec.path)

    def _parts(self, part: Parts, spec: PageSpec) -> Markup:
        root = spec.view.root
        render = self.render_item
        return joined(
            (render(part.layout, item, root, spec.path) for item in part.items),
            part.before,
            part.after,
        )


def render_pages(renderer: Renderer, specs: Sequence[PageSpec], sink: PageSink) -> list[Diagnostic]:
    """Render the pages in order into the sink; return the problems met."""
    return [problem for spec in specs for problem in renderer.page(spec, sink)]
