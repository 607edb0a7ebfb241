"""Measures how soon an edit shows: the rebuild, the preview's edit-to-rebuilt, the browser reload.

    python benchmarks/latency.py [--cards 10000] [--seeds 200] [--edits 15] [--no-browser]

The synthetic site gets a third as many edits (each takes seconds); --cards 0 skips it.

Three measures of a one-card edit, each over several edits (median, 90th percentile, worst):
- rebuild: SiteBuilder.rebuild alone, in this process, on the real site and a synthetic one;
- edit to rebuilt: from writing the card to `build.py serve` printing "rebuilt", so the
  file watcher's wait is included;
- edit to reloaded page: from writing the card to Chromium's load event of the open page,
  live reload included (real site only).
A "summary" edit changes a card's reasoning; a "claim" edit changes its claim, which every
listing shows, so it re-renders the index, filter and tag pages too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.edits import (  # noqa: E402
    Edit,
    copy_real_site,
    edit_claim,
    edit_summary,
    time_card_edits,
)
from benchmarks.synth import write_synthetic_site  # noqa: E402
from factsite.preview import SiteBuilder  # noqa: E402
from tests.servetools import PreviewProcess, free_port  # noqa: E402

EDITS: dict[str, Edit] = {"summary": edit_summary, "claim": edit_claim}


def cards_of(root: Path) -> list[Path]:
    return sorted((root / "content/claims").glob("*.yaml"))


def spread(samples: list[float]) -> str:
    """Return `median / p90 / max` in milliseconds."""
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):7.1f} / {p90:7.1f} / {ordered[-1]:7.1f} ms"


def measure_rebuilds(root: Path, edit: Edit, edits: int) -> list[float]:
    """Return SiteBuilder.rebuild's time for one-card edits, each undone before the next."""
    builder = SiteBuilder(root, root / "_bench_site")
    assert builder.build_all().ok
    cards = cards_of(root)
    chosen = [cards[(number * 37) % len(cards)] for number in range(edits)]
    return time_card_edits(builder, root, chosen, edit)


def measure_edit_to_rebuilt(preview: PreviewProcess, root: Path, edits: int) -> list[float]:
    """Return the time from writing a card to the preview printing "rebuilt"."""
    cards = cards_of(root)
    samples = []
    for number in range(edits):
        card = cards[(number * 37) % len(cards)]
        text = edit_summary(card.read_text(encoding="utf-8"), number)
        after = len(preview.lines)
        started = time.perf_counter()
        card.write_text(text, encoding="utf-8")
        preview.wait_for_line("rebuilt ", after=after)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure_reloads(preview: PreviewProcess, root: Path, edits: int) -> list[float]:
    """Return the time from writing a card to the open page's load event in Chromium."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS, chromium_path

    card = root / "content/claims/accounts-25000.yaml"
    samples = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(preview.url + "claims/accounts-25000/")
        for number in range(edits):
            page.wait_for_function("() => window.LiveReload?.connector.protocol >= 7")
            text = edit_claim(card.read_text(encoding="utf-8"), number)
            with page.expect_event("load", timeout=30_000):
                started = time.perf_counter()
                card.write_text(text, encoding="utf-8")
            samples.append((time.perf_counter() - started) * 1000)
            assert f"Pass {number}," in page.locator("h1").inner_text()
        browser.close()
    return samples


@contextmanager
def serving(root: Path) -> Iterator[PreviewProcess]:
    """Run `build.py serve` on the site until the block ends."""
    preview = PreviewProcess(root, free_port())
    try:
        preview.wait_for_line("serving ", timeout=1800)
        yield preview
    finally:
        preview.stop()


def show(name: str, count: int, measure: str, samples: list[float]) -> None:
    """Print one line of the table."""
    print(f"{name:9} {count:6} cards {measure:31} {spread(samples)}", flush=True)


def report_site(name: str, root: Path, edits: int, browser: bool) -> None:
    """Print every measure for one site."""
    count = len(cards_of(root))
    for kind, edit in EDITS.items():
        samples = measure_rebuilds(root, edit, edits)
        show(name, count, f"rebuild only: {kind} edit", samples)
    with serving(root) as preview:
        samples = measure_edit_to_rebuilt(preview, root, edits)
        show(name, count, "serve: summary edit to rebuilt", samples)
        if browser:
            samples = measure_reloads(preview, root, edits)
            show(name, count, "browser: claim edit to reload", samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cards", type=int, default=10_000, help="synthetic site's cards (0: real site only)"
    )
    parser.add_argument("--seeds", type=int, default=200, help="synthetic site's seeds")
    parser.add_argument("--edits", type=int, default=15, help="edits measured a case")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measure")
    args = parser.parse_args()
    print(f"{'site':9} {'size':12} {'measure':31} {'median /     p90 /     max':>29}")
    with tempfile.TemporaryDirectory(prefix="latency-") as folder:
        real = copy_real_site(Path(folder) / "real")
        report_site("real", real, args.edits, browser=not args.no_browser)
        if args.cards > 0:
            synthetic = Path(folder) / "synthetic"
            write_synthetic_site(synthetic, args.cards, args.seeds)
            report_site("synthetic", synthetic, max(3, args.edits // 3), browser=False)


if __name__ == "__main__":
    main()
