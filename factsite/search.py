"""Indexes a written site folder for full-text search: Pagefind's bundle, beside the pages."""

from __future__ import annotations

import fnmatch
import os
import posixpath
import subprocess
import tempfile
from pathlib import Path

from . import urls

# The bundle's folder in the site: the search box's script imports urls.SEARCH_INDEX from it.
BUNDLE = posixpath.dirname(urls.SEARCH_INDEX)
# Only claim pages are read; within each, only what claim.html marks data-pagefind-body.
INDEXED_PAGES = urls.claim_page("*")
# Pagefind's ready-made search interfaces: the site has its own (static/search.js).
UNUSED = (
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-highlight.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-ui.css",
    "pagefind-ui.js",
)
FAILED = "search index not built"


class SearchIndexFailed(OSError):
    """Pagefind is missing or failed: the tool's setup is at fault, not the content."""


def index_site(site: Path) -> None:
    """Write the search index of a site folder's claim pages into its bundle folder."""
    if has_indexed_pages(site):
        _run_pagefind(site, site / BUNDLE)


def bundle_files(site: Path) -> dict[str, bytes]:
    """Index a site folder into a scratch folder; return each bundle file's bytes by path."""
    if not has_indexed_pages(site):
        return {}
    # A preview stopped mid-run leaves its scratch folder to the system's temporary files.
    scratch_folder = tempfile.TemporaryDirectory(
        prefix="factsite-search-", ignore_cleanup_errors=True
    )
    with scratch_folder as scratch:
        _run_pagefind(site, Path(scratch) / BUNDLE)
        return read_bundle(Path(scratch))


def read_bundle(site: Path) -> dict[str, bytes]:
    """Return each file of a site folder's bundle by its path in the site."""
    return {path: (site / path).read_bytes() for path in bundle_paths(site)}


def bundle_paths(site: Path) -> list[str]:
    """Return the path in the site of each file of its search bundle."""
    return sorted(
        path.relative_to(site).as_posix() for path in (site / BUNDLE).rglob("*") if path.is_file()
    )


def has_indexed_pages(site: Path) -> bool:
    """Tell whether the site has a page to index: Pagefind fails on a site without one."""
    return next(site.glob(INDEXED_PAGES), None) is not None


def is_indexed(path: str) -> bool:
    """Tell whether the page at this path of the site is one the index holds."""
    return fnmatch.fnmatchcase(path, INDEXED_PAGES)


def in_bundle(path: str) -> bool:
    """Tell whether a path of the site is a file of the search bundle."""
    return path.startswith(f"{BUNDLE}/")


def pagefind_command(executable: Path | str, site: Path, bundle: Path) -> list[str]:
    """Return the Pagefind run over a site folder's claim pages, writing its bundle to `bundle`."""
    return [
        os.fspath(executable),
        *("--site", os.fspath(site.absolute())),
        *("--output-path", os.fspath(bundle.absolute())),
        *("--glob", INDEXED_PAGES),
        "--keep-index-url",  # results link to …/index.html, as every link of the site does
        "--silent",
    ]


def pagefind_environment() -> dict[str, str]:
    """Return this process's environment without PAGEFIND_* variables, which Pagefind reads."""
    return {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}


def _run_pagefind(site: Path, bundle: Path) -> None:
    """Run Pagefind over the site's claim pages, writing its bundle to `bundle`."""
    command = pagefind_command(executable(), site, bundle)
    # Pagefind also reads a pagefind.yml in its working folder and PAGEFIND_* variables:
    # an empty folder and none of them, so the index depends on the pages alone.
    env = pagefind_environment()
    empty_folder = tempfile.TemporaryDirectory(
        prefix="factsite-pagefind-", ignore_cleanup_errors=True
    )
    with empty_folder as empty:
        try:
            done = subprocess.run(
                command,
                cwd=empty,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                check=False,
            )
        except OSError as exc:
            raise SearchIndexFailed(f"{FAILED}: cannot run {command[0]}: {exc.strerror}") from exc
    if done.returncode != 0:
        reason = _first_error(f"{done.stderr}\n{done.stdout}")
        raise SearchIndexFailed(
            f"{FAILED}: pagefind exited with status {done.returncode}: {reason}"
        )
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)


def executable() -> Path:
    """Return the Pagefind binary that the pagefind[bin] package installed."""
    try:
        # Imported here: `check` and a build's other stages run without the package.
        import pagefind_bin  # type: ignore[import-untyped]  # it ships no type information

        return Path(pagefind_bin.get_executable())
    except (ImportError, OSError) as exc:
        raise SearchIndexFailed(
            f"{FAILED}: pagefind is not installed; run pip install -r requirements.txt"
        ) from exc


def _first_error(output: str) -> str:
    """Return the line of Pagefind's output that says what failed, else its last line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    found = next((line for line in lines if line.startswith("Error")), None)
    return found or (lines[-1] if lines else "it printed nothing")
