"""Everything the build does only to be fast, in one place that the pipeline alone calls.

Forked workers, garbage-collector control, remembered results and compiled layouts: each
is switched off by FACTSITE_SPEED=off (or the older FACTSITE_WORKERS=1 and
FACTSITE_LAYOUT_CACHE=off), and the output is the same byte for byte either way.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import jinja2
from jinja2.bccache import Bucket
from markupsafe import Markup

from .model import Diagnostic, Seed, Site, VerifiedCard, VerifiedSource
from .render import ItemRenderer, Renderer
from .render.machine import JsonDocuments, card_record, claims_pieces
from .render.plan import PageSpec, Views, spec_of
from .render.views import ClaimView, FeedEntry, ListedCard, PageView, SeedView, SiteView

if TYPE_CHECKING:  # multiprocessing is imported only by a build that forks
    import multiprocessing.pool

# "off" turns every mechanism here off: one process, the collector untouched, nothing kept.
SPEED_VARIABLE = "FACTSITE_SPEED"


def enabled() -> bool:
    """Tell whether the speed mechanisms are on (they are unless FACTSITE_SPEED=off)."""
    return os.environ.get(SPEED_VARIABLE, "").strip().lower() != "off"


# How many processes render a site's pages: a whole number; 1 renders in the build's own
# process, and any number given here is used whatever the site's size.
WORKERS_VARIABLE = "FACTSITE_WORKERS"
# Forking and gathering the pages cost tens of milliseconds: a small site renders sooner alone.
PARALLEL_MIN_PAGES = 300
# Pages a task hands a worker at once: enough to keep messages few, small enough to balance.
CHUNK_PAGES = 32
# Items (card files, cards) a task of map_forked hands a worker at most.
CHUNK_ITEMS = 256

# The problems met rendering a page; the page itself went to its sink where it was made.
PageProblems = list[Diagnostic]
T = TypeVar("T")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building data that holds no cycles."""
    # Loading thousands of cards allocates millions of objects, and every collection
    # triggered on the way rescans all of them: about a quarter of the stage's time.
    was_on = gc.isenabled()
    if enabled():
        gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


_freezes = 0  # frozen_heap blocks open; objects are unfrozen when the outermost one closes


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the objects alive now out of the collector's scans (and forked copies unwritten)."""
    global _freezes
    if not enabled():
        yield
        return
    gc.freeze()  # again when nested: what was made since is frozen too
    _freezes += 1
    try:
        yield
    finally:
        _freezes -= 1
        if not _freezes:
            gc.unfreeze()


def worker_count(pages: int, requested: int | None = None) -> int:
    """Return how many processes should handle this many pages or card files (1: this one)."""
    if not enabled():
        return 1
    if requested is None:
        setting = os.environ.get(WORKERS_VARIABLE, "").strip()
        requested = int(setting) if setting.isdigit() else None
    wanted = requested if requested is not None else min(_cores(), pages // CHUNK_PAGES)
    if (pages < PARALLEL_MIN_PAGES and requested is None) or wanted <= 1:
        return 1
    # Imported only now: multiprocessing adds 20 ms to the start of every small build.
    import multiprocessing

    return wanted if "fork" in multiprocessing.get_all_start_methods() else 1


def _cores() -> int:
    """Return the number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class TextMemo:
    """A pure text filter's results remembered by text, noting which are new since last asked."""

    def __init__(self, render: Callable[[str], Markup]) -> None:
        self.render = render
        self.known: dict[str, Markup] = {}
        self.fresh: dict[str, Markup] = {}

    def __call__(self, text: str) -> Markup:
        """Return the filter's result for text, rendering it only the first time."""
        if type(text) is not str:  # Markup and undefined values go through as they are
            return self.render(text)
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = self.fresh[text] = self.render(text)
        return found

    def take_fresh(self) -> dict[str, Markup]:
        """Return the results made since the last call, and forget that they were new."""
        fresh, self.fresh = self.fresh, {}
        return fresh


@dataclass(frozen=True)
class _Job:
    """What the forked workers render; set before forking, so they inherit it."""

    render: Callable[[int], PageProblems]
    memos: Sequence[TextMemo]


_JOB: _Job | None = None


def render_pages(
    count: int,
    render: Callable[[int], PageProblems],
    memos: Sequence[TextMemo],
    workers: int,
    first: Sequence[int] = (),
    last: Sequence[int] = (),
) -> Iterator[tuple[int, PageProblems]]:
    """Yield (i, render(i)) for pages 0..count-1 as each is done, across `workers` processes.

    Pages come in page order from one process, in the order they finish from several: the
    caller takes each as it comes, so the whole site is never held in memory at once.
    `first` names the largest pages, started before the rest so none is left for the end.
    `last` names pages that gather the filter results of many others (a feed of every
    summary): they are rendered once every other page is, in this process, where the
    workers' filter results are gathered.
    """
    if workers <= 1:
        yield from ((index, render(index)) for index in range(count))
        return
    global _JOB
    _JOB = _Job(render, memos)
    try:
        yield from _render_forked(count, workers, first, last)
    finally:
        _JOB = None


def _render_forked(
    count: int, workers: int, first: Sequence[int], last: Sequence[int]
) -> Iterator[tuple[int, PageProblems]]:
    assert _JOB is not None
    held = set(first) | set(last)
    rest = [index for index in range(count) if index not in held]
    tasks = [[index] for index in first if index not in last]
    tasks += [rest[at : at + CHUNK_PAGES] for at in range(0, len(rest), CHUNK_PAGES)]
    with frozen_heap(), _pool(workers) as pool:
        for done, fresh in pool.imap_unordered(_render_chunk, tasks):
            yield from done
            for memo, found in zip(_JOB.memos, fresh, strict=True):
                memo.known.update(found)
    # PageProblems here, where every memo is filled: sending the memos to a worker took more
    # memory than the whole loaded site (10,000 summaries, pickled and unpickled).
    for index in last:
        yield index, _JOB.render(index)


def _pool(processes: int) -> multiprocessing.pool.Pool:
    """Return a pool of forked workers that leave Ctrl-C to the build's own process."""
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(processes, _ignore_interrupts)


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group; the parent stops the pool and says so once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_chunk(
    indexes: list[int],
) -> tuple[list[tuple[int, PageProblems]], list[dict[str, Markup]]]:
    """Render some pages in a worker; return them with the filter results made on the way."""
    assert _JOB is not None
    done = [(index, _JOB.render(index)) for index in indexes]
    return done, [memo.take_fresh() for memo in _JOB.memos]


# What map_forked's workers run: set before forking, so they inherit it.
_MAP: Callable[[int], Any] | None = None


def map_forked(work: Callable[[int], T], count: int, workers: int | None = None) -> list[T]:
    """Return [work(i) for i in range(count)], across forked processes when that pays.

    Only the index goes to a worker, and only the result comes back: the work finds its
    input in what the workers inherit (the card files listed, the cards loaded).
    """
    processes = worker_count(count, workers)
    if processes <= 1:
        return [work(index) for index in range(count)]
    global _MAP
    _MAP = work
    size = max(1, min(CHUNK_ITEMS, count // (processes * 8)))
    chunks = [range(at, min(at + size, count)) for at in range(0, count, size)]
    try:
        with frozen_heap(), _pool(processes) as pool:
            return [result for done in pool.map(_map_chunk, chunks) for result in done]
    finally:
        _MAP = None


def _map_chunk(indexes: range) -> list[Any]:
    assert _MAP is not None
    return [_MAP(index) for index in indexes]


# Set to "off" to compile every layout afresh in every build.
CACHE_VARIABLE = "FACTSITE_LAYOUT_CACHE"


class LayoutCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled layouts on disk; an unusable entry is simply compiled again."""

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill the bucket from its cache file, or leave it empty if the file cannot be read."""
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a cache that fails is a cache miss, not a build error
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write the bucket's compiled code to its cache file, if the folder allows."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def layout_cache() -> jinja2.BytecodeCache | None:
    """Return the cache of compiled layouts, or None if it is switched off or unavailable."""
    # Compiling the real site's ten layouts took 0.11 s of a 0.6 s build; the cache lives
    # in Jinja's private per-user folder under the system's temporary folder, never in the
    # site, and an entry is used only while its layout's source is unchanged.
    if os.environ.get(CACHE_VARIABLE, "").strip().lower() == "off" or not enabled():
        return None
    try:
        return LayoutCache(pattern="factsite-%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder can be had
        return None


V = TypeVar("V")


class IdentityMemo:
    """Results remembered by the very objects they were made from, kept for one run after use.

    Cards, seeds and views are immutable and an edit reads new objects, so a result made
    from the same objects is never stale. What a run did not ask for is forgotten after it.
    """

    def __init__(self) -> None:
        self._kept: dict[Hashable, tuple[tuple[object, ...], object]] = {}
        self._used: dict[Hashable, tuple[tuple[object, ...], object]] = {}
        self._scopes: dict[Hashable, Scope] = {}
        self._last: dict[str, tuple[object, object]] = {}  # name -> (key, result)

    def get(self, name: str, made_from: tuple[object, ...], make: Callable[[], V]) -> V:
        """Return make()'s result for these objects, calling it only the first time."""
        # The objects are held with the result, so no other object can take their ids: a
        # key that matches names these very objects.
        key = (name, *map(id, made_from))
        found = self._used.get(key) or self._kept.get(key)
        if found is None:
            found = (made_from, make())
        self._used[key] = found
        return found[1]  # type: ignore[return-value]

    def unless_same(self, name: str, key: object, make: Callable[[], V]) -> V:
        """Return the result last made under `name` if its key equals this one, else make()."""
        last = self._last.get(name)
        if last is None or not (last[0] is key or last[0] == key):
            last = self._last[name] = (key, make())
        return last[1]  # type: ignore[return-value]

    def scope(self, name: Hashable, context: tuple[object, ...]) -> Scope:
        """Return the results kept one per object under `name`, while `context` is the same."""
        found = self._scopes.get(name)
        if found is None or not _same(found.context, context):
            found = self._scopes[name] = Scope(context)
        return found

    def end_run(self) -> None:
        """Forget what the run that just ended did not use."""
        self._kept, self._used = self._used, {}
        for scope in self._scopes.values():
            scope.end_run()


class Scope:
    """Results kept one per object, made in one context (the site around the objects)."""

    def __init__(self, context: tuple[object, ...]) -> None:
        self.context = context
        self._kept: dict[int, tuple[object, object]] = {}
        self._used: dict[int, tuple[object, object]] = {}

    def get(self, made_from: object, make: Callable[[], V]) -> V:
        """Return make()'s result for this object, calling it only the first time."""
        key = id(made_from)
        found = self._used.get(key) or self._kept.get(key)
        if found is None:
            found = (made_from, make())  # held, so that its id stays its own
        self._used[key] = found
        return found[1]  # type: ignore[return-value]

    def end_run(self) -> None:
        """Forget what the run that just ended did not use."""
        self._kept, self._used = self._used, {}


def _same(old: tuple[object, ...], new: tuple[object, ...]) -> bool:
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


class NoMemo(IdentityMemo):
    """Remembers nothing: what the speed switch gives when it is off."""

    def get(self, name: str, made_from: tuple[object, ...], make: Callable[[], V]) -> V:
        """Return make()'s result, made afresh."""
        return make()

    def unless_same(self, name: str, key: object, make: Callable[[], V]) -> V:
        """Return make()'s result, made afresh."""
        return make()

    def scope(self, name: Hashable, context: tuple[object, ...]) -> Scope:
        """Return a scope that remembers nothing."""
        return NoScope(context)


class NoScope(Scope):
    """Remembers nothing."""

    def get(self, made_from: object, make: Callable[[], V]) -> V:
        """Return make()'s result, made afresh."""
        return make()


def new_memo() -> IdentityMemo:
    """Return a memo for one run, or one that remembers nothing when speed is off."""
    return IdentityMemo() if enabled() else NoMemo()


def remembered_texts(env: jinja2.Environment) -> list[TextMemo]:
    """Make the environment's Markdown filters remember their results; return their memos."""
    if not enabled():
        return []
    texts = [TextMemo(env.filters[name]) for name in ("markdown", "markdown_inline")]
    env.filters.update(markdown=texts[0], markdown_inline=texts[1])
    return texts


def keep_out_of_collector(kept: bool) -> None:
    """Freeze what a kept run made out of the collector's scans, or thaw it for a fresh one.

    The preview keeps a loaded site between runs: scanning its millions of objects took
    most of a one-card rebuild on a large site.
    """
    if not enabled():
        return
    if kept:
        gc.freeze()
    else:
        gc.unfreeze()


class RememberedViews(Views):
    """Views made once per card or seed object, and kept while the site around them is."""

    def __init__(self, site: Site, base_url: str, shared: SiteView, memo: IdentityMemo) -> None:
        super().__init__(site, base_url, shared)
        self.memo = memo
        self._listed = memo.scope("listed", ())
        # A claim page shows its seeds and the settings: a change to either remakes them all.
        self._claims = memo.scope("claim", (shared, self.config, self.seeds))
        self._entries = memo.scope("feed", (shared,))
        self._claim_pages = memo.scope("claim page", ())

    def listed(self, card: VerifiedCard) -> ListedCard:
        return self._listed.get(card, lambda: Views.listed(self, card))

    def claim(self, card: VerifiedCard) -> ClaimView:
        return self._claims.get(card, lambda: Views.claim(self, card))

    def feed_entry(self, card: VerifiedCard) -> FeedEntry:
        return self._entries.get(card, lambda: Views.feed_entry(self, card))

    def claim_page(self, card: VerifiedCard) -> PageSpec:
        view = self.claim(card)
        return self._claim_pages.get(view, lambda: spec_of(view, "claim.html", card.path))

    def unless_same(self, name: str, key: object, make: Callable[[], T]) -> T:
        return self.memo.unless_same(name, (self.shared, key), make)

    def seed(self, seed: Seed, citing: tuple[tuple[VerifiedCard, VerifiedSource], ...]) -> SeedView:
        # The sources are parts of their cards: the cards' objects say all that can change.
        made_from = (seed, self.shared, *(card for card, _ in citing))
        return self.memo.get("seed", made_from, lambda: Views.seed(self, seed, citing))


def remembered_items(renderer: Renderer, memo: IdentityMemo) -> ItemRenderer:
    """Return the renderer's item rendering, each item rendered once per layout and root."""
    context = (renderer.env, renderer.site)

    def render(layout: str, item: object, root: str, page: str) -> Markup:
        scope = memo.scope(("item", layout, root), context)
        return scope.get(item, lambda: renderer.item(layout, item, root, page))

    return render


# A page listing more items than this is among the slowest to render: it starts first.
LARGE_PAGE_ITEMS = 64


def compile_layouts(env: jinja2.Environment, names: set[str]) -> None:
    """Compile the layouts once, before forking, not once a worker; failures show per page."""
    for name in sorted(names):
        with contextlib.suppress(Exception):  # the page that uses it reports the failure
            env.get_template(name)


class RememberedClaims:
    """Writes claims.json with each card's record, and its JSON text, made once per card."""

    def __init__(self, memo: IdentityMemo, kept: bool) -> None:
        self.memo = memo
        # Kept between runs (the preview), it reuses the text of the records it last encoded.
        self.documents = JsonDocuments() if kept and enabled() else None

    def __call__(self, view: PageView) -> Iterator[str]:
        """Yield claims.json's text in pieces."""
        return claims_pieces(view, self._record, self.documents)

    def _record(
        self, card: VerifiedCard, seeds: Mapping[str, Seed], base: str
    ) -> dict[str, object]:
        scope = self.memo.scope(("record", base), (seeds,))
        return scope.get(card, lambda: card_record(card, seeds, base))
