"""What the preview keeps from one run of the pipeline to the next: results, never a second engine.

The pipeline reads a Memory to skip work whose inputs have not changed, and updates it
after each run; a run without one starts from nothing and gives the same output. A Memory
pickles without what only one process can use (the layouts' environment, results kept by
object identity), so a build can keep it on disk for the next (factsite.cache).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2

from .load import LoadedSite
from .render.plan import PageSpec
from .render.views import SiteView
from .speed import IdentityMemo, RememberedClaims, TextMemo, new_memo
from .verify import VerifiedSite


@dataclass
class Memory:
    """The last run's stages' results, and what the last published output was made from."""

    # The preview's memory keeps what one process makes (views by identity) for its next
    # run; a build's, kept on disk, holds only results and lets forked workers render.
    keeps_views: bool = True

    loaded: LoadedSite | None = None
    verified: VerifiedSite | None = None
    # The layouts' environment, kept while the layouts are the same object.
    layouts: Mapping[str, str] | None = None
    env: jinja2.Environment | None = None
    texts: list[TextMemo] = field(default_factory=list)  # the Markdown filters' results
    views: IdentityMemo = field(default_factory=new_memo)  # views, items and records
    claims: RememberedClaims | None = None  # claims.json's records and their text
    # The site view, layouts and pages the output folder now holds, to tell stale pages.
    published_site: SiteView | None = None
    published_layouts: Mapping[str, str] | None = None
    published: dict[str, PageSpec] = field(default_factory=dict)

    def stale(
        self, site: SiteView, layouts: Mapping[str, str], pages: list[PageSpec]
    ) -> list[PageSpec]:
        """Return the pages whose output may differ from what was last published."""
        same_layouts = layouts is self.published_layouts or layouts == self.published_layouts
        if site != self.published_site or not same_layouts:
            return pages  # what every page shows (settings, navigation, layouts) changed
        return [spec for spec in pages if _changed(self.published.get(spec.path), spec)]

    def publish(self, site: SiteView, layouts: Mapping[str, str], pages: list[PageSpec]) -> None:
        """Note what the output folder holds now."""
        self.published_site, self.published_layouts = site, layouts
        self.published = {spec.path: spec for spec in pages}

    def keep_only(self, paths: set[str]) -> None:
        """Note that of the pages last published, the output holds only these now."""
        self.published = {path: spec for path, spec in self.published.items() if path in paths}

    def forget_output(self) -> None:
        """Note that the output folder's state is unknown: every page is stale."""
        self.published_site, self.published_layouts, self.published = None, None, {}

    def __getstate__(self) -> dict[str, Any]:
        # What another process cannot use is made again there: the environment from the
        # layouts, the identity-kept results from the objects they describe.
        state = dict(self.__dict__)
        state.update(layouts=None, env=None, texts=[], views=None, claims=None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, views=new_memo())


def _changed(old: PageSpec | None, new: PageSpec) -> bool:
    return old is None or (old is not new and old != new)
