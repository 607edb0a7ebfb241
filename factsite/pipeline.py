"""The one pipeline every command runs: load → verify → plan → render → write.

A full build, `check`, the preview's rebuilds, `review` and `new` all call run(). A rebuild
differs only in being told which files changed and in the Memory it passes: the stages
then skip what the changes cannot touch, and the output is the same as a clean build's.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import jinja2

from . import speed
from .diagnostics import has_errors, sort_diagnostics
from .load import LoadedSite, read_site
from .memory import Memory
from .model import Diagnostic, Site
from .render import PageSink, Renderer
from .render.jinja import make_environment
from .render.plan import PageSpec, plan_site, site_view
from .verify import VerifiedSite, verify_loaded
from .write import IgnoredPages, StaticUnreadable


class Output(Protocol):
    """Where a run's pages go: opened once the content is clean, then published or abandoned."""

    def open(self, site: Site) -> PageSink:
        """Get ready to take the pages of this site."""

    def publish(self, paths: Iterable[str]) -> int:
        """Make the output hold the site whose pages have these paths; return files written."""

    def abandon(self) -> None:
        """Give up this run's pages: the output keeps what it held."""


@dataclass(frozen=True)
class Outcome:
    """What one run found and did."""

    problems: list[Diagnostic]  # every problem of the site as it stands, in reading order
    site: Site  # as verified: only the cards that verified cleanly
    pages_rendered: int
    files_written: int  # files whose bytes changed, plus files removed
    elapsed_ms: float
    write_error: str = ""  # why the output could not be written (a full disk), if it could not
    # What load and verify made: each card file as read and as checked.
    loaded: LoadedSite | None = field(default=None, compare=False, repr=False)
    verified: VerifiedSite | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """Tell whether the site has no errors (warnings allowed) and was written if asked."""
        return not has_errors(self.problems) and not self.write_error


def run(
    root: Path,
    output: Output | None = None,
    base_url: str | None = None,
    *,
    changes: Collection[str] | None = None,
    memory: Memory | None = None,
    render: bool = True,
    workers: int | None = None,
    drafts: bool = False,
) -> Outcome:
    """Run the stages over the site; write to `output` only if it is clean.

    Without an output the pages are still rendered, for the layouts' problems (a check).
    `render=False` stops after verify. `changes` (paths relative to root) and `memory`
    (the previous run's results) make a rebuild; `workers` forks that many renderers.
    `drafts` is the preview's: draft cards are shown, and a draft's errors hold back only
    that card. Otherwise drafts are verified like any card and never published.
    """
    started = time.perf_counter()
    if memory is not None and changes is None:
        speed.keep_out_of_collector(False)  # everything is made anew: the old may be garbage
    loaded, verified = _load_and_verify(root, changes, memory)
    problems = [*loaded.diagnostics(), *verified.diagnostics()]
    site = verified.site
    if drafts:
        problems = _held_back(problems, verified)
    else:
        site = dataclasses.replace(site, cards=tuple(c for c in site.cards if not c.draft))
    rendered = written = 0
    write_error = ""
    if render:
        try:
            rendered, written, found = _render_and_write(
                site, output, base_url, problems, memory, workers
            )
        except StaticUnreadable as exc:  # the content's fault: a problem like any other
            found = [Diagnostic(exc.path, 1, 1, "error", f"cannot read file: {exc.reason}")]
        except OSError as exc:  # a full disk, a folder it may not write: the old site stays
            found, write_error = [], exc.strerror or str(exc)
        problems += found
    if memory is not None:
        speed.keep_out_of_collector(True)
    elapsed = (time.perf_counter() - started) * 1000
    outcome = Outcome(sort_diagnostics(problems), site, rendered, written, elapsed, write_error)
    return dataclasses.replace(outcome, loaded=loaded, verified=verified)


def _held_back(problems: list[Diagnostic], verified: VerifiedSite) -> list[Diagnostic]:
    """Make a draft's errors warnings: in the preview they keep only that card off the site."""
    drafts = {check.loaded.path for check in verified.checks.values() if check.loaded.draft}
    return [
        dataclasses.replace(p, severity="warning", message=f"draft not shown: {p.message}")
        if p.is_error and p.path in drafts
        else p
        for p in problems
    ]


def _load_and_verify(
    root: Path, changes: Collection[str] | None, memory: Memory | None
) -> tuple[LoadedSite, VerifiedSite]:
    """Run load and verify, told what changed and given what the last run made."""
    with speed.paused_gc():  # what they make holds no cycles
        loaded = read_site(root, changes, memory.loaded if memory else None, speed.map_forked)
        verified = verify_loaded(loaded, memory.verified if memory else None)
    if memory is not None:
        memory.loaded, memory.verified = loaded, verified
    return loaded, verified


def _render_and_write(
    site: Site,
    output: Output | None,
    base_url: str | None,
    problems: list[Diagnostic],
    memory: Memory | None,
    workers: int | None,
) -> tuple[int, int, list[Diagnostic]]:
    """Plan and render the site; publish it if nothing failed. Return pages, files, problems."""
    base = (base_url or site.config.base_url).rstrip("/")
    memo = memory.views if memory else speed.new_memo()
    env, texts = _environment(site, memory)
    shared = site_view(site, base)
    if memory is not None and shared == memory.published_site:
        shared = memory.published_site  # the same object: views made from it stay valid
    plan = plan_site(site, base, speed.RememberedViews(site, base, shared, memo))
    claims = (
        memory.claims
        if memory and memory.claims
        else speed.RememberedClaims(memo, kept=bool(memory))
    )
    if memory is not None:
        memory.claims = claims
    renderer = Renderer(env, shared, {"claims": claims})
    renderer.render_item = speed.remembered_items(renderer, memo)
    clean = not has_errors([*problems, *plan.collisions])
    pages = memory.stale(shared, env, plan.pages) if memory else plan.pages
    written = 0
    try:
        sink = output.open(site) if output is not None and clean else IgnoredPages()
        found = _render(renderer, pages, sink, texts, 1 if memory else workers)
        if output is not None and clean and not has_errors(found):
            written = output.publish(spec.path for spec in plan.pages)
            if memory is not None:
                memory.publish(shared, env, plan.pages)
        elif output is not None:
            output.abandon()
    except BaseException:
        if output is not None:
            output.abandon()
        if memory is not None:
            memory.forget_output()
        raise
    finally:
        memo.end_run()
    return len(pages), written, [*plan.collisions, *found]


def _environment(
    site: Site, memory: Memory | None
) -> tuple[jinja2.Environment, list[speed.TextMemo]]:
    """Return the layouts' environment, its Markdown filters remembering what they made."""
    if memory is not None and memory.env is not None and memory.layouts is site.layouts:
        return memory.env, memory.texts
    env = make_environment(site.layouts, speed.layout_cache())
    # A summary shows on its claim page and again in the feed: render each text once.
    texts = speed.remembered_texts(env)
    if memory is not None:
        memory.layouts, memory.env, memory.texts = site.layouts, env, texts
    return env, texts


def _render(
    renderer: Renderer,
    pages: Sequence[PageSpec],
    sink: PageSink,
    texts: list[speed.TextMemo],
    workers: int | None,
) -> list[Diagnostic]:
    """Render the pages into the sink, across forked workers when that pays."""
    count = speed.worker_count(len(pages), workers)
    # Pages that list many cards take longest, so they start first; a page showing text
    # every other page renders (the feed's summaries) comes last, once that text is made.
    first = [i for i, spec in enumerate(pages) if _items(spec) > speed.LARGE_PAGE_ITEMS]
    last = [i for i, spec in enumerate(pages) if spec.late]
    if count > 1:
        speed.compile_layouts(renderer.env, {spec.layout for spec in pages if spec.layout})
    found: dict[int, list[Diagnostic]] = {}
    with speed.frozen_heap():  # the loaded site lives as long as the run: no rescans
        render_one = lambda index: renderer.page(pages[index], sink)  # noqa: E731
        for index, problems in speed.render_pages(
            len(pages), render_one, texts, count, first, last
        ):
            if problems:
                found[index] = problems
    return [problem for index in sorted(found) for problem in found[index]]


def _items(spec: PageSpec) -> int:
    return sum(len(part.items) for part in spec.parts.values())
