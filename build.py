"""Command line of the fact-check site generator: build | check | serve | new | review."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from factsite.diagnostics import (
    format_github,
    format_text,
    has_errors,
    sort_diagnostics,
    summary_line,
)
from factsite.model import Diagnostic
from factsite.pipeline import check_site, layout_problems, load_and_verify
from factsite.render import render_site
from factsite.urls import base_url_problem
from factsite.write import OutputRefused, StagedSite, StaticUnreadable, claim_output

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_WRITE = 0, 1, 2, 3
EXIT_INTERRUPTED = 128 + signal.SIGINT


class UsageError(Exception):
    """A mistake in how the command was called, not in the content (exit 2)."""


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site into --out; leave the previous output untouched on any error."""
    started = time.perf_counter()
    out = _out_dir(args)
    site, problems = load_and_verify(args.root)
    if has_errors(problems):  # the layouts are still rendered, for their own problems
        report([*problems, *layout_problems(site, args.base_url)], args.format)
        return EXIT_CONTENT
    # Pages are written as they are rendered, into a folder that replaces `out` only whole.
    try:
        with StagedSite(site, out) as staged:
            pages, found = render_site(site, staged, args.base_url)
            if report([*problems, *found], args.format):
                return EXIT_CONTENT
            staged.publish()
    except StaticUnreadable as exc:  # the content's fault: reported like any other problem
        report(
            [Diagnostic(exc.path, 1, 1, "error", f"cannot read file: {exc.reason}")], args.format
        )
        return EXIT_CONTENT
    except OSError as exc:  # a full disk, a folder we may not write: the old site stays
        reason = exc.strerror or str(exc)
        print(f"build.py: error: cannot write the site to {_shown(out)}: {reason}", file=sys.stderr)
        return EXIT_WRITE
    elapsed = (time.perf_counter() - started) * 1000
    print(f"built {pages} pages in {elapsed:.0f} ms into {_shown(out)}", file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Do everything a build does except write files."""
    return EXIT_CONTENT if report(check_site(args.root), args.format) else EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    """Print the Markdown digest of the cards added, changed or removed since --base."""
    # Imported here, as for serve and new: a build need not pay for what it does not run.
    from factsite.review import GitError, review_site

    try:
        digest = review_site(args.root, args.base, args.max_bytes)
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    sys.stdout.write(digest)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new card whose first source is a quote verified against its seed."""
    from factsite.scaffold import ScaffoldError, scaffold_card

    try:
        card = scaffold_card(args.root, args.slug, args.seed, args.quote)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from exc
    report(list(card.warnings), "text")
    assert card.source.match is not None  # scaffold_card writes only a resolved quote
    print(
        f"wrote {card.path}: the quote is passage p{card.source.match.passage} of "
        f"{card.source.seed!r}; fill in the commented fields, then run `build.py check`",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Build, serve the site with live reload and rebuild on every change, until Ctrl-C."""
    # Imported here: the server's libraries would slow every other command's start.
    from factsite.serve import ServeError, serve

    try:
        return serve(args.root, _out_dir(args), args.host, args.port, args.open)
    except ServeError as exc:
        raise UsageError(str(exc)) from exc


def port_number(text: str) -> int:
    """Return a TCP port number (0 lets the system pick one), or say why text is not one."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)")
    return int(text)


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


def _out_dir(args: argparse.Namespace) -> Path:
    out: Path = args.out or args.root / "_site"
    try:
        return claim_output(args.root, out, str(args.out or out))
    except OutputRefused as exc:
        raise UsageError(str(exc)) from exc


def base_url(text: str) -> str:
    """Return an absolute http(s) URL, or say why text is not one."""
    problem = base_url_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(f"{text!r} {problem}")
    return text


def positive_number(text: str) -> int:
    """Return a whole number above zero, or say why text is not one."""
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one subcommand a stage sequence."""
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build and check a static fact-check site from YAML fact cards.",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="the site folder holding content/, layouts/, static/, seeds/ (default: .)",
    )
    parser.set_defaults(func=cmd_build, out=None, base_url=None, format="text")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    build = sub.add_parser(
        "build",
        help="verify the cards and write the site (the default)",
        description="Verify every card, then write the site to --out.",
    )
    build.add_argument("--out", type=Path, help="output folder (default: ROOT/_site)")
    build.add_argument(
        "--base-url",
        type=base_url,
        help="absolute http(s) URL the site is published at (overrides site.yaml)",
    )
    _add_format(build)
    build.set_defaults(func=cmd_build)
    check = sub.add_parser(
        "check",
        help="verify everything a build does, writing nothing",
        description="Verify cards, quotes, confidence and layouts; write nothing.",
    )
    _add_format(check)
    check.set_defaults(func=cmd_check)
    review = sub.add_parser(
        "review",
        help="print a Markdown digest of the cards changed since a git commit",
        description="Print, as Markdown, each card added, changed or removed since --base: "
        "its claim, confidence before and after, and each quote inside its passage.",
    )
    review.add_argument(
        "--base",
        metavar="REF",
        help="git commit to compare with (default: the merge base with main)",
    )
    review.add_argument(
        "--max-bytes",
        type=positive_number,
        metavar="N",
        help="leave out whole sections past N bytes (GitHub's job summary takes 1 MiB)",
    )
    review.set_defaults(func=cmd_review)
    new = sub.add_parser(
        "new",
        help="start a card from a quote, verified against its seed",
        description="Write content/claims/SLUG.yaml with its first source verified and the "
        "other fields as a commented skeleton to fill in.",
    )
    new.add_argument(
        "slug", metavar="SLUG", help="the card's file name and URL, e.g. accounts-25000"
    )
    new.add_argument("--seed", required=True, metavar="ID", help="the seed the quote comes from")
    new.add_argument("--quote", required=True, help="the words quoted, verbatim from the seed")
    new.set_defaults(func=cmd_new)
    serve = sub.add_parser(
        "serve",
        help="build, serve at http://127.0.0.1:8000 and rebuild on every change",
        description="Build the site into ROOT/_site, serve it with live reload, and rebuild "
        "what each change to content/, layouts/, static/ or seeds/ affects.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=port_number, default=8000, help="port to listen on (default: 8000)"
    )
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    serve.set_defaults(func=cmd_serve)
    return parser


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="diagnostics as compiler-style text, or as GitHub annotations too",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (0 clean, 1 content errors, 2 usage errors)."""
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has already printed its usage message
        return int(exc.code or 0)
    try:
        if not (args.root / "content").is_dir():
            raise UsageError(
                f"no content/ folder in {args.root}; run from a site folder or pass --root"
            )
        return int(args.func(args))
    except UsageError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # the last good site stays; the staging folder is gone
        print("build.py: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
