"""One function a command: each command's flow and exit status (build.py parses the arguments)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import pipeline
from .diagnostics import (
    clean_line,
    counted,
    format_github,
    format_text,
    has_errors,
    listed,
    sort_diagnostics,
    summary_line,
    visible,
    visible_lines,
)
from .gitrun import GitError
from .model import Diagnostic
from .write import OutputRefused, StagedOutput, claim_output

if TYPE_CHECKING:
    from datetime import date

    from .archive import SeedRequest

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_WRITE = 0, 1, 2, 3


class UsageError(Exception):
    """A mistake in how the command was called, not in the content (exit 2)."""


def build(
    root: Path,
    out: Path | None,
    base_url: str | None,
    fmt: str,
    repo_url: str | None = None,
    remember: bool = True,
) -> int:
    """Build the site into `out`; leave the previous output untouched on any error."""
    target = output_folder(root, out)
    output = StagedOutput(target)
    # On a terminal only: a log or --format github gets nothing it would have to skip.
    progress = TerminalProgress(sys.stderr) if fmt == "text" and sys.stderr.isatty() else None
    outcome = pipeline.build(
        root,
        output,
        base_url,
        repo_url=repo_url,
        remember=remember,
        progress=progress or pipeline.quiet,
    )
    if progress is not None:
        progress.clear()
    if report(outcome.problems, fmt):
        return EXIT_CONTENT
    if outcome.write_error:  # a full disk, a folder it may not write: the old site stays
        message = f"cannot write the site to {shown(target)}: {outcome.write_error}"
        print(f"build.py: error: {message}", file=sys.stderr)
        return EXIT_WRITE
    pages, elapsed = outcome.pages_rendered, outcome.elapsed_ms
    print(f"built {pages} pages in {elapsed:.0f} ms into {shown(target)}", file=sys.stderr)
    return EXIT_OK


class TerminalProgress:
    """Shows a long build's stage and count on one terminal line, rewritten as it goes.

    Nothing shows for the first seconds: a quick build prints only its result.
    """

    DELAY = 2.0  # seconds before the first line
    EVERY = 0.1  # seconds between lines

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown = 0.0  # when a line was last written; 0: never

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < self.DELAY or now - self.shown < self.EVERY:
            return
        count = f" {done:,} of {total:,}" if total and done else ""
        self.stream.write(f"\r\x1b[K{stage}{count}…")
        self.stream.flush()
        self.shown = now

    def clear(self) -> None:
        """Remove the progress line, so the diagnostics and the result start clean."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def check(root: Path, fmt: str, base: str | None = None, staged: bool = False) -> int:
    """Do everything a build does except write files.

    `staged` checks the site as staged for commit rather than the working tree; `base` also
    fails published cards changed since that commit without a correction.
    """
    from .review.checks import check_staged, silent_corrections

    try:
        outcome = check_staged(root) if staged else pipeline.run(root)
        problems = list(outcome.problems)
        if base is not None:
            problems += silent_corrections(root, base, outcome)
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    if not problems:  # one line says what was checked, so silence never reads as "not run"
        loaded = outcome.loaded
        assert loaded is not None  # run() always returns what it loaded
        # Every card file that loaded, drafts too: check verifies each of them.
        cards = sum(file.card is not None for file in loaded.cards.values())
        print(clean_line(cards, len(loaded.seeds)), file=sys.stderr)
    return EXIT_CONTENT if report(problems, fmt) else EXIT_OK


def review(root: Path, base: str | None, max_bytes: int | None) -> int:
    """Print the Markdown digest of the cards added, changed or removed since `base`."""
    # Imported here, as for serve and new: a build need not pay for what it does not run.
    from .review.digest import review_site

    try:
        done = review_site(root, base, max_bytes)
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    sys.stdout.write(done.digest)
    # The digest lists every problem; a silent correction also fails the command, as CI does.
    return EXIT_CONTENT if report(done.silent, "text") else EXIT_OK


def new(root: Path, slug: str, seed: str, quote: str) -> int:
    """Write a new card whose first source is a quote verified against its seed."""
    from .scaffold import CardWriteError, ScaffoldError, scaffold_card

    try:
        card = scaffold_card(root, slug, seed, quote)
    except CardWriteError as exc:  # the folder, not the request: exit as a build that cannot write
        print(visible_lines(f"build.py: error: {exc}"), file=sys.stderr)
        return EXIT_WRITE
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from exc
    report(list(card.warnings), "text")
    print(
        f"wrote {card.path}: the quote is passage p{card.source.match.passage} of "
        f"{card.source.seed!r}; fill in the commented fields, then run `build.py check`",
        file=sys.stderr,
    )
    return EXIT_OK


def seeds(root: Path, fmt: str = "text") -> int:
    """List the archived seeds by id: label, how many cards cite each, the reporting it rests on."""
    outcome = pipeline.run(root, render=False)
    assert outcome.loaded is not None and outcome.verified is not None  # run() returns both
    loaded = outcome.loaded
    problems = [*loaded.problems.get("seeds", ()), *outcome.verified.seed_problems]
    if has_errors(problems):  # a partial list would read as the whole archive
        report(problems, fmt)
        return EXIT_CONTENT
    # Drafts and cards with errors cite their seeds too, as the uncited-seed warning counts.
    cards = [file.card for file in loaded.cards.values() if file.card is not None]
    cited = Counter(seed_id for card in cards for seed_id in card.seed_ids)
    rows = [
        (
            seed.id,
            visible(seed.name),  # escaped before padding, so columns align
            counted(cited[seed.id], "card"),
            visible("; ".join(seed.origins) or "its own line of reporting"),
        )
        for _, seed in sorted(loaded.seeds.items())
    ]
    # Columns padded to their widest, the last (the origins) left as long as it is.
    widths = [max(len(row[column]) for row in rows) for column in range(3)] if rows else []
    for row in rows:
        print("  ".join([*(row[n].ljust(width) for n, width in enumerate(widths)), row[3]]))
    return EXIT_OK


def seed_add(root: Path, request: SeedRequest, today: date | None = None) -> int:
    """Archive a file as a new seed: its text in seeds/, its entry appended to sources.yaml."""
    from .archive import ArchiveError, ArchiveUsageError, ArchiveWriteError, add_seed

    try:
        seed = add_seed(root, request, today)
    except ArchiveUsageError as exc:
        raise UsageError(str(exc)) from exc
    except ArchiveError as exc:  # the message names the file, as a diagnostic does
        print(visible_lines(str(exc)), file=sys.stderr)
        return EXIT_CONTENT
    except ArchiveWriteError as exc:
        print(visible_lines(f"build.py: error: {exc}"), file=sys.stderr)
        return EXIT_WRITE
    print(seed.id)  # alone on stdout, for scripts
    print(
        visible_lines(
            f"wrote {seed.path} ({seed.passages} passages) and appended to seeds/sources.yaml:\n"
            f'{seed.entry}cite it in a card as `seed: "{seed.id}"`, then run `build.py check`'
        ),
        file=sys.stderr,
    )
    return EXIT_OK


def init(root: Path, folder: Path, title: str | None) -> int:
    """Write a site for another story into a new or empty folder, ready to build."""
    from .newsite import InitRefused, InitWriteError, init_site

    try:
        written = init_site(root, folder, title)
    except InitRefused as exc:
        raise UsageError(str(exc)) from exc
    except InitWriteError as exc:
        print(visible_lines(f"build.py: error: {exc}"), file=sys.stderr)
        return EXIT_WRITE
    print(
        visible_lines(
            f"wrote a new site of {written.files} files into {folder}; preview it with "
            f"`python build.py --root {folder} serve`, then replace every TODO and the sample"
        ),
        file=sys.stderr,
    )
    if written.generator.unset:  # never guessed: the workflows ask for the same until given
        workflows = folder / ".github" / "workflows"
        print(
            visible_lines(
                f"the workflows need the generator: set {listed(written.generator.unset)} "
                f"in the env: at the top of {workflows / 'pages.yml'} and review.yml"
            ),
            file=sys.stderr,
        )
    return EXIT_OK


def serve(root: Path, host: str, port: int, open_browser: bool) -> int:
    """Build, serve the site with live reload and rebuild on every change, until Ctrl-C."""
    # Imported here: the server's libraries would slow every other command's start.
    from .preview.serve import ServeError
    from .preview.serve import serve as run_preview

    try:
        return run_preview(root, output_folder(root, None), host, port, open_browser)
    except ServeError as exc:
        raise UsageError(str(exc)) from exc


def report(problems: list[Diagnostic], fmt: str) -> bool:
    """Print every problem in reading order; return whether any is an error."""
    ordered = sort_diagnostics(problems)
    if fmt == "github":
        for diagnostic in ordered:
            print(format_github(diagnostic))
    for diagnostic in ordered:
        print(format_text(diagnostic), file=sys.stderr)
    if ordered:
        print(summary_line(ordered), file=sys.stderr)
    return has_errors(ordered)


def output_folder(root: Path, out: Path | None) -> Path:
    """Return where the site goes (default ROOT/_site), resolved; refuse a destructive one."""
    chosen = out or root / "_site"
    try:
        return claim_output(root, chosen, str(chosen))
    except OutputRefused as exc:
        raise UsageError(str(exc)) from exc


def shown(path: Path) -> str:
    """Return a path as the user would type it: relative to the working folder if inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
