"""Command line of the fact-check site generator: parses the arguments, runs one command."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent
NO_DEPENDENCIES = (
    "build.py: error: the generator's dependencies are not installed; "
    "run `make preview` (or `pip install -r requirements.txt`)"
)
# Set before re-running in the project's .venv, so a broken one cannot loop.
REEXEC_MARK = "FACTSITE_IN_PROJECT_VENV"


def require_dependencies() -> None:
    """Return if the dependencies import; else re-run in the project's .venv, or exit 2."""
    try:
        import jinja2  # noqa: F401
        import markdown_it  # noqa: F401
        import yaml  # noqa: F401
    except ImportError:
        venv = PROJECT / ".venv"
        python = venv / "bin" / "python"
        # README's commands say `python build.py`: any python finds the venv make made.
        if python.exists() and not _running_in(venv) and REEXEC_MARK not in os.environ:
            os.environ[REEXEC_MARK] = "1"
            os.execv(python, [str(python), *sys.argv])
        print(NO_DEPENDENCIES, file=sys.stderr)
        sys.exit(2)


def _running_in(venv: Path) -> bool:
    return Path(sys.prefix).resolve() == venv.resolve()


require_dependencies()  # before the generator imports them: one line, never a traceback

from factsite import __version__, commands, speed  # noqa: E402
from factsite.commands import EXIT_USAGE, UsageError  # noqa: E402
from factsite.diagnostics import visible_lines  # noqa: E402
from factsite.urls import base_url_problem  # noqa: E402

EXIT_INTERRUPTED = 128 + signal.SIGINT


def run_build(args: argparse.Namespace) -> int:
    """Run `build`, the command a bare `build.py` runs too."""
    return commands.build(
        args.root, args.out, args.base_url, args.format, args.repo_url, not args.no_cache
    )


def run_serve(args: argparse.Namespace) -> int:
    """Run `serve`."""
    return commands.serve(args.root, args.host, args.port, args.open)


def run_seed_add(args: argparse.Namespace) -> int:
    """Run `seed add`."""
    from factsite.archive import SeedRequest  # only this command archives: not at start-up

    request = SeedRequest(
        args.file,
        title=args.title,
        publisher=args.publisher,
        published=args.published,
        url=args.url,
        label=args.label,
        origins=tuple(args.origin),
        note=args.note,
    )
    return commands.seed_add(args.root, request)


def day(text: str) -> date:
    """Return a YYYY-MM-DD date, or say why text is not one."""
    from factsite.load.yamlread import iso_date  # only `seed add --published` takes a date

    found = iso_date(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD")
    return found


def port_number(text: str) -> int:
    """Return a TCP port number (0 lets the system pick one), or say why text is not one."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)")
    return int(text)


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
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.set_defaults(func=run_build, out=None, base_url=None, repo_url=None, format="text")
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
    build.add_argument(
        "--repo-url",
        type=base_url,  # checked as --base-url is: one absolute http(s) URL
        help="the site's repository, for 'propose a correction' links (overrides site.yaml)",
    )
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="build from nothing, without what the last build left (it is not kept either)",
    )
    _add_format(build)
    build.set_defaults(func=run_build)
    check = sub.add_parser(
        "check",
        help="verify everything a build does, writing nothing",
        description="Verify cards, quotes, confidence and layouts; write nothing.",
    )
    _add_format(check)
    check.add_argument(
        "--base",
        metavar="REF",
        help="also fail cards published at this git commit that changed without a correction",
    )
    check.add_argument(
        "--staged",
        action="store_true",
        help="check the site as staged for the next commit (the pre-commit hook's check)",
    )
    check.set_defaults(
        func=lambda args: commands.check(args.root, args.format, args.base, args.staged)
    )
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
    review.set_defaults(func=lambda args: commands.review(args.root, args.base, args.max_bytes))
    new = sub.add_parser(
        "new",
        help="start a card from a quote, verified against its seed",
        description="Write content/claims/SLUG.yaml with its first source verified and the "
        "other fields as a commented skeleton to fill in.",
    )
    new.add_argument(
        "slug", metavar="SLUG", help="the card's file name and URL, e.g. accounts-25000"
    )
    new.add_argument(
        "--seed",
        required=True,
        metavar="ID",
        help="the seed the quote comes from: its id, or any start of it that names one seed",
    )
    new.add_argument("--quote", required=True, help="the words quoted, verbatim from the seed")
    new.set_defaults(func=lambda args: commands.new(args.root, args.slug, args.seed, args.quote))
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
    serve.set_defaults(func=run_serve)
    _add_seed_commands(sub)
    seeds = sub.add_parser(
        "seeds",
        help="list the archived seeds: id, label, cards citing it, lines of reporting",
        description="List each archived seed by id, one a line: its label (else its title), "
        "how many cards cite it (drafts too) and the lines of reporting it rests on.",
    )
    _add_format(seeds)
    seeds.set_defaults(func=lambda args: commands.seeds(args.root, args.format))
    _add_init_command(sub)
    return parser


def _add_seed_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `seed` and its one subcommand, `add`."""
    seed = sub.add_parser(
        "seed",
        help="archive a source article as a new seed: seed add FILE",
        description="Archive the articles that cards quote, as seeds.",
    )
    seed_sub = seed.add_subparsers(title="seed commands", metavar="SUBCOMMAND", required=True)
    add = seed_sub.add_parser(
        "add",
        help="archive a text file or a saved web page as a new seed",
        description="Archive FILE as seeds/<id>.txt and append its entry to seeds/sources.yaml. "
        "A saved HTML page gives its article text and its own title, date, site name and "
        "address; the options override them.",
    )
    add.add_argument("file", type=Path, metavar="FILE", help="a UTF-8 text file or a saved page")
    add.add_argument("--url", metavar="U", help="the article's address (http or https)")
    add.add_argument("--title", metavar="T", help="the article's title")
    add.add_argument("--publisher", metavar="P", help='who published it (default: "not stated")')
    add.add_argument("--published", type=day, metavar="YYYY-MM-DD", help="its publication date")
    add.add_argument(
        "--origin",
        action="append",
        default=[],
        metavar="O",
        help="a line of reporting the article rests on (repeat for more; needs --note)",
    )
    add.add_argument("--note", metavar="N", help="the desk's note on the source")
    add.add_argument("--label", metavar="L", help="a short name for readers")
    add.set_defaults(func=run_seed_add)


def run_init(args: argparse.Namespace) -> int:
    """Run `init`, the one command that needs no site: it writes one."""
    return commands.init(args.root, args.folder, args.title)


def _add_init_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `init DIR`."""
    init = sub.add_parser(
        "init",
        help="write a new site for another story into a new or empty folder",
        description="Write a site that builds into DIR: settings to fill in, a sample card "
        "(a draft) and seed to replace, page templates, and this generator's layouts, "
        "static files and workflows.",
    )
    init.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder")
    init.add_argument(
        "--title", metavar="T", help='the site\'s title (default: "A new fact check")'
    )
    init.set_defaults(func=run_init)


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
        if args.func is not run_init and not (args.root / "content").is_dir():
            raise UsageError(
                f"no content/ folder in {args.root}; run from a site folder or pass --root"
            )
        return int(args.func(args))
    except UsageError as exc:  # it may quote a seed: no terminal control gets through
        print(visible_lines(f"build.py: error: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # the last good site stays; the staging folder is gone
        print("build.py: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    status = main()
    speed.spare_last_collection()
    sys.exit(status)
