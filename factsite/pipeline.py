"""The one pipeline every command runs: load → verify → plan → render → write.

A full build, `check`, the preview's rebuilds, `review` and `new` all call run(). A rebuild
differs only in being told which files changed and in the Memory it passes: the stages
then skip what the changes cannot touch, and the output is the same as a clean build's.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import jinja2

from . import cache, speed
from .diagnostics import has_errors, sort_diagnostics
from .load import CardFile, LoadedSite, read_site
from .memory import Memory
from .model import Card, Diagnostic, Site
from .render import PageSink, Renderer
from .render.jinja import make_environment
from .render.plan import PageSpec, plan_site, site_view
from .verify import VerifiedSite, verify_loaded
from .verify.pages import todo_markers
from .verify.settings import unset_settings
from .write import IgnoredPages, Stamp, StaticUnreadable

# Told what a run is doing: a stage's name, how many of its items are done, and of how many
# (0 when the stage does not count).
Progress = Callable[[str, int, int], None]


def quiet(stage: str, done: int, total: int) -> None:
    """Report nothing: the default for every run but a build on a terminal."""


class Output(Protocol):
    """Where a run's pages go: opened once the content is clean, then published or abandoned."""

    out: Path  # the folder it publishes

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
    repo_url: str | None = None,
    progress: Progress = quiet,
    adding: Mapping[str, Card] | None = None,
) -> Outcome:
    """Run the stages over the site; write to `output` only if it is clean.

    Without an output the pages are still rendered, for the layouts' problems (a check).
    `render=False` stops after verify. `changes` (paths relative to root) and `memory`
    (the previous run's results) make a rebuild; `workers` forks that many renderers.
    `drafts` is the preview's: draft cards are shown, and a draft's errors hold back only
    that card. Otherwise drafts are verified like any card and never published.
    `repo_url` overrides site.yaml's, as `base_url` does (the Pages workflow passes both).
    `progress` is told each stage as it starts, and each page as it is rendered.
    `adding` puts cards in the site as if their files (the keys) had been read: `new`'s card,
    checked by verify like any other before it is written.
    """
    started = time.perf_counter()
    if memory is not None and changes is None:
        speed.keep_out_of_collector(False)  # everything is made anew: the old may be garbage
    loaded, verified = _load_and_verify(root, changes, memory, progress, adding or {})
    problems = [*loaded.diagnostics(), *verified.diagnostics()]
    site = verified.site
    if repo_url is not None:
        config = dataclasses.replace(site.config, repo_url=repo_url.rstrip("/"))
        site = dataclasses.replace(site, config=config)
    problems += unset_settings(site.config)
    problems += todo_markers(site.pages)
    if drafts:
        problems = _held_back(problems, verified)
    else:
        site = dataclasses.replace(site, cards=tuple(c for c in site.cards if not c.draft))
    rendered = written = 0
    write_error = ""
    if render:
        try:
            rendered, written, found = _render_and_write(
                site, output, base_url, problems, memory, workers, progress
            )
        except StaticUnreadable as exc:  # the content's fault: a problem like any other
            found = [Diagnostic.error(exc.path, f"cannot read file: {exc.reason}")]
        except OSError as exc:  # a full disk, a folder it may not write: the old site stays
            found, write_error = [], exc.strerror or str(exc)
        problems += found
    if memory is not None:
        speed.keep_out_of_collector(True)
    elapsed = (time.perf_counter() - started) * 1000
    outcome = Outcome(sort_diagnostics(problems), site, rendered, written, elapsed, write_error)
    return dataclasses.replace(outcome, loaded=loaded, verified=verified)


class KeepingOutput(Output, Protocol):
    """An output that can start from the files a build left, those still as it left them."""

    def keep(self, files: Mapping[str, Stamp]) -> set[str]:
        """Take over from the output folder the files whose stamps match; return their paths."""

    def left(self, pages: Iterable[str]) -> list[str]:
        """Return the files a next build may keep: these pages and what is made from them."""


def build(
    root: Path,
    output: KeepingOutput,
    base_url: str | None = None,
    *,
    repo_url: str | None = None,
    remember: bool = True,
    progress: Progress = quiet,
) -> Outcome:
    """Run a full build; with `remember`, one told what changed since the last (factsite.cache).

    The last build's memory makes it a rebuild: only inputs whose stamps changed are read,
    only cards they touch verified, only pages whose views changed rendered; the rest of the
    site is taken from the output it left. The bytes are a clean build's.
    """
    if not remember or not speed.enabled():
        return run(root, output, base_url, repo_url=repo_url, progress=progress)
    key = cache.generator_key()
    record = cache.recall(root, key)
    stamps = cache.input_stamps(root, record.inputs if record else None)
    memory, changes = Memory(keeps_views=False), None
    if record is not None and record.output == str(output.out):
        memory, changes = record.memory, cache.changed_inputs(record.inputs, stamps)
        memory.keep_only(output.keep(record.outputs))
    outcome = run(
        root,
        output,
        base_url,
        changes=changes,
        memory=memory,
        repo_url=repo_url,
        progress=progress,
    )
    if outcome.ok:
        left = cache.output_stamps(output.out, output.left(memory.published))
        cache.remember(root, cache.Remembered(key, memory, stamps, str(output.out), left))
    else:
        cache.forget(root)  # the output is the last good site's; the memory is not
    return outcome


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
    root: Path,
    changes: Collection[str] | None,
    memory: Memory | None,
    progress: Progress,
    adding: Mapping[str, Card],
) -> tuple[LoadedSite, VerifiedSite]:
    """Run load and verify, told what changed and given what the last run made."""
    with speed.paused_gc():  # what they make holds no cycles
        progress("reading", 0, 0)
        loaded = read_site(root, changes, memory.loaded if memory else None, speed.map_forked)
        if adding:
            added = {rel: CardFile(card, ()) for rel, card in adding.items()}
            loaded = dataclasses.replace(loaded, cards={**loaded.cards, **added})
        progress("verifying", 0, len(loaded.cards))
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
    progress: Progress,
) -> tuple[int, int, list[Diagnostic]]:
    """Plan and render the site; publish it if nothing failed. Return pages, files, problems."""
    progress("planning", 0, 0)
    base = (base_url or site.config.base_url).rstrip("/")
    memo = memory.views if memory else speed.new_memo()
    env, texts = _environment(site, memory)
    shared = site_view(site, base)
    if memory is not None and shared == memory.published_site:
        shared = memory.published_site  # the same object: views made from it stay valid
    with speed.paused_gc():  # views and specs hold no cycles, and there are many of them
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
    pages = memory.stale(shared, site.layouts, plan.pages) if memory else plan.pages
    written = 0
    try:
        sink = output.open(site) if output is not None and clean else IgnoredPages()
        # A memory that keeps views keeps what this process makes: render here, not in forks.
        one = memory is not None and memory.keeps_views
        found = _render(renderer, pages, sink, texts, 1 if one else workers, progress)
        if output is not None and clean and not has_errors(found):
            progress("writing", 0, 0)
            written = output.publish(spec.path for spec in plan.pages)
            if memory is not None:
                memory.publish(shared, site.layouts, plan.pages)
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
    progress: Progress,
) -> list[Diagnostic]:
    """Render the pages into the sink, across forked workers when that pays."""
    count = speed.worker_count(len(pages), workers)
    # Pages made of many things take longest, so they start first; a page showing text
    # every other page renders (the feed's summaries) comes last, once that text is made.
    first = [i for i, spec in enumerate(pages) if spec.size > speed.LARGE_PAGE_ITEMS]
    last = [i for i, spec in enumerate(pages) if spec.late]
    if count > 1:
        speed.compile_layouts(renderer.env, {spec.layout for spec in pages if spec.layout})
    found: dict[int, list[Diagnostic]] = {}
    with speed.frozen_heap():  # the loaded site lives as long as the run: no rescans
        render_one = lambda index: renderer.page(pages[index], sink)  # noqa: E731
        rendered = speed.render_pages(len(pages), render_one, texts, count, first, last)
        for done, (index, problems) in enumerate(rendered, 1):
            progress("rendering", done, len(pages))
            if problems:
                found[index] = problems
    return [problem for index in sorted(found) for problem in found[index]]
