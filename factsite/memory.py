"""What the preview keeps from one run of the pipeline to the next: results, never a second engine.

The pipeline reads a Memory to skip work whose inputs have not changed, and updates it
after each run; a run without one starts from nothing and gives the same output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import jinja2

from .load import LoadedSite
from .render.plan import PageSpec
from .render.views import SiteView
from .speed import IdentityMemo, RememberedClaims, TextMemo, new_memo
from .verify import VerifiedSite


@dataclass
class Memory:
    """The last run's stages' results, and what the last published output was made from."""

    loaded: LoadedSite | None = None
    verified: VerifiedSite | None = None
    # The layouts' environment, kept while the layouts are the same object.
    layouts: Mapping[str, str] | None = None
    env: jinja2.Environment | None = None
    texts: list[TextMemo] = field(default_factory=list)  # the Markdown filters' results
    views: IdentityMemo = field(default_factory=new_memo)  # views, items and records
    claims: RememberedClaims | None = None  # claims.json's records and their text
    # The site view and pages the output folder now holds, to tell which pages are stale.
    published_site: SiteView | None = None
    published_env: jinja2.Environment | None = None
    published: dict[str, PageSpec] = field(default_factory=dict)

    def stale(
        self, site: SiteView, env: jinja2.Environment, pages: list[PageSpec]
    ) -> list[PageSpec]:
        """Return the pages whose output may differ from what was last published."""
        if site != self.published_site or env is not self.published_env:
            return pages  # what every page shows (settings, navigation, layouts) changed
        return [spec for spec in pages if _changed(self.published.get(spec.path), spec)]

    def publish(self, site: SiteView, env: jinja2.Environment, pages: list[PageSpec]) -> None:
        """Note what the output folder holds now."""
        self.published_site, self.published_env = site, env
        self.published = {spec.path: spec for spec in pages}

    def forget_output(self) -> None:
        """Note that the output folder's state is unknown: every page is stale."""
        self.published_site, self.published_env, self.published = None, None, {}


def _changed(old: PageSpec | None, new: PageSpec) -> bool:
    return old is None or (old is not new and old != new)
