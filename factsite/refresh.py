"""Re-renders the pages an edit touches and writes only the output files whose bytes changed."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path

import jinja2

from .feeds import JsonDocuments
from .fragments import CardFragments
from .model import Diagnostic, Site
from .render import (
    PageSpec,
    claim_paths,
    make_environment,
    render_page,
    site_context,
    use_site,
)
from .replan import Planner
from .write import SITE_MARKERS, write_site

# Enough for every summary and note of a large site; old texts fall out as they are edited.
MARKDOWN_CACHE_SIZE = 1 << 16


class RenderedPages:
    """The site's pages as last rendered, with what each one depends on and the problems met."""

    def __init__(self) -> None:
        self.outputs: dict[str, bytes] = {}
        self._specs: dict[str, PageSpec] = {}
        self._problems: dict[str, list[Diagnostic]] = {}
        self._collisions: list[Diagnostic] = []
        self._layouts: Mapping[str, str] | None = None
        self._env: jinja2.Environment | None = None
        self._fragments = CardFragments()
        self._planner = Planner()

    def update(self, site: Site, base_url: str | None, dirt: set[str] | None) -> int:
        """Re-render the pages whose dependencies are in dirt (None: all); return how many."""
        base = (base_url or site.config.base_url).rstrip("/")
        env = self._environment(site.layouts)
        use_site(env, site, base, self._fragments)
        shared = site_context(site, base)
        specs = self._plan(site, base, dirt)
        rendered = 0
        for path, spec in specs.items():
            if not self._stale(spec, dirt):
                continue
            problems: list[Diagnostic] = []
            page = render_page(env, spec, shared, base, problems)
            self._keep(path, page, problems)
            rendered += 1
        for path in self._specs.keys() - specs.keys():
            self._keep(path, None, [])
        self._specs = specs
        self._fragments.keep_only(site.cards)
        return rendered

    def diagnostics(self) -> list[Diagnostic]:
        """Return the layout failures and output collisions of the pages as they stand."""
        return [*self._collisions, *(d for found in self._problems.values() for d in found)]

    def _plan(self, site: Site, base: str, dirt: set[str] | None) -> dict[str, PageSpec]:
        """Return the pages by path, leaving out (and reporting) any published over another."""
        specs: dict[str, PageSpec] = {}
        self._collisions = []
        for item in claim_paths(self._planner.plan(site, base, dirt), site.static_files):
            if isinstance(item, Diagnostic):
                self._collisions.append(item)
            else:
                specs[item.path] = item
        return specs

    def _stale(self, spec: PageSpec, dirt: set[str] | None) -> bool:
        """Tell whether a page must be rendered again: new, remade, or showing changed content."""
        old = self._specs.get(spec.path)
        if dirt is None or old is None or (old.layout, old.source) != (spec.layout, spec.source):
            return True
        # The old dependencies count too: a card that stopped citing a seed changes its page.
        return not (dirt.isdisjoint(spec.deps) and dirt.isdisjoint(old.deps))

    def _keep(self, path: str, page: bytes | None, problems: list[Diagnostic]) -> None:
        """Record a page's new output (None: none) and the problems its rendering met."""
        if page is None:
            self.outputs.pop(path, None)
        else:
            self.outputs[path] = page
        if problems:
            self._problems[path] = problems
        else:
            self._problems.pop(path, None)

    def _environment(self, layouts: Mapping[str, str]) -> jinja2.Environment:
        """Return the Jinja environment, made afresh when the layouts were read again."""
        if self._env is None or layouts is not self._layouts:
            self._env = make_environment(layouts)
            self._fragments = CardFragments()  # made with the old layouts
            # claims.json holds every card: encode each card's record once, not on every edit.
            self._env.filters["json_pieces"] = JsonDocuments().pieces
            # Markdown rendering is pure and the same summary shows on several pages and
            # in every rebuild, so each text is rendered once.
            for name in ("markdown", "markdown_inline"):
                self._env.filters[name] = functools.lru_cache(MARKDOWN_CACHE_SIZE)(
                    self._env.filters[name]
                )
            self._layouts = layouts
        return self._env


class OutputFolder:
    """The output folder as last written, so a rebuild writes only the files that changed."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._written: dict[str, bytes] | None = None

    def forget(self) -> None:
        """Stop trusting what is on disk: the next sync replaces the whole folder."""
        self._written = None

    def sync(self, site: Site, pages: Mapping[str, bytes], static: Mapping[str, bytes]) -> int:
        """Make the folder hold exactly these pages and static files; return files changed."""
        outputs = {**static, **pages, **SITE_MARKERS}
        if self._written is None:
            write_site(site, pages, self.out)
            self._written = outputs
            return len(outputs)
        changed = 0
        for path, data in outputs.items():
            old = self._written.get(path)
            if old is not data and old != data:
                put_file(self.out, path, data)
                changed += 1
        for path in sorted(self._written.keys() - outputs.keys()):
            remove_file(self.out, path)
            changed += 1
        self._written = outputs
        return changed


def put_file(out: Path, path: str, data: bytes) -> None:
    """Write one output file whole: a reader sees the old bytes or the new, never a part."""
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except BaseException:  # a full disk: leave no part of a file behind
        partial.unlink(missing_ok=True)
        raise


def remove_file(out: Path, path: str) -> None:
    """Remove one output file and the folders it leaves empty."""
    target = out / path
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:  # not empty: a sibling page still lives there
            break
        folder = folder.parent
