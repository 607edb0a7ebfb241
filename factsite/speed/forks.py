"""Forked workers and the garbage collector's control: rendering and loading across cores."""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import Markup

from ..model import Diagnostic
from .memo import TextMemo
from .switch import enabled

if TYPE_CHECKING:  # multiprocessing is imported only by a build that forks
    import multiprocessing.pool

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
        if enabled():
            _make_old()
        if was_on:
            gc.enable()


_freezes = 0  # frozen_heap blocks open; objects are unfrozen when the outermost one closes
_kept = False  # whether keep_out_of_collector froze a kept run's objects


def _make_old() -> None:
    """Move every object the collector tracks out of its youngest generation."""
    # What a pause made all waits in the youngest generation, so the first collection after
    # it would scan every object made: frozen and thawed, they join the oldest, scanned
    # seldom. Where something is meant to stay frozen, what is new stays frozen with it.
    gc.freeze()
    if not _freezes and not _kept:
        gc.unfreeze()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the objects alive now out of the collector's scans (and forked copies unwritten)."""
    global _freezes, _kept
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
            _kept = False


def spare_last_collection() -> None:
    """Freeze the heap of a process about to end: its last collection would be wasted work.

    The interpreter collects once more as it exits, scanning every object still alive;
    the operating system frees the memory whole anyway.
    """
    if enabled():
        gc.freeze()


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


def keep_out_of_collector(kept: bool) -> None:
    """Freeze what a kept run made out of the collector's scans, or thaw it for a fresh one.

    The preview keeps a loaded site between runs: scanning its millions of objects took
    most of a one-card rebuild on a large site.
    """
    global _kept
    if not enabled():
        return
    _kept = kept
    if kept:
        gc.freeze()
    else:
        gc.unfreeze()


# A page listing more items than this is among the slowest to render: it starts first.
LARGE_PAGE_ITEMS = 64
