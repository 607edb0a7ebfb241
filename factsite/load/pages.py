"""Reads the Markdown pages, the layouts and the list of static files."""

from __future__ import annotations

import re
from pathlib import Path

from ..markup import page_image_problems
from ..model import (
    FILE_START,
    Diagnostic,
    Page,
)
from .files import (
    check_file,
    content_files,
    list_tree,
    read_text,
)
from .yamlread import (
    FileReport,
)

PAGES = "content/pages"  # the Markdown pages

_HEADING = re.compile(r"# +(.+?)\s*#*\s*")  # a page's title line, matched whole

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")  # a fenced code block's opening or closing line


def load_pages(root: Path, diagnostics: list[Diagnostic]) -> tuple[Page, ...]:
    """Return the Markdown pages of content/pages that could be read."""
    return tuple(
        page
        for path in content_files(root, PAGES, ".md", diagnostics)
        if (page := load_page(root, path, diagnostics)) is not None
    )


def load_page(root: Path, rel: str, diagnostics: list[Diagnostic]) -> Page | None:
    """Read one Markdown page; its title is its first `# ` heading outside a code block."""
    text = read_text(root, rel, diagnostics)
    if text is None:
        return None
    heading = _title_line(text)
    if heading is None:
        FileReport(rel, diagnostics).error(FILE_START, "page has no title; start it with '# Title'")
        return None
    start, end, title = heading
    diagnostics.extend(page_image_problems(rel, text))
    body = text[:start] + text[end:]
    return Page(Path(rel).stem, rel, title, body.strip() + "\n", text)


def _title_line(text: str) -> tuple[int, int, str] | None:
    """Return where a page's title line starts and ends, and the title; skip fenced code."""
    fence = ""
    start = 0
    for line in text.split("\n"):
        marker = _FENCE.match(line)
        run, rest = (marker.group(1), line[marker.end() :]) if marker else ("", "")
        if fence:
            # A fence closes with its own character, at least as many times, and nothing else.
            if run.startswith(fence) and not rest.strip():
                fence = ""
        elif run and not (run[0] == "`" and "`" in rest):  # backticks in its info: inline code
            fence = run
        elif heading := _HEADING.fullmatch(line):
            return start, start + len(line), heading.group(1)
        start += len(line) + 1
    return None


def load_layouts(root: Path, diagnostics: list[Diagnostic]) -> dict[str, str]:
    """Read every template under layouts/ into memory, keyed by its name there."""
    layouts = {}
    for rel in list_tree(root, "layouts", diagnostics, "layouts folder is missing"):
        text = read_text(root, rel, diagnostics)
        if text is not None:
            layouts[rel.removeprefix("layouts/")] = text
    return layouts


def list_static(root: Path, diagnostics: list[Diagnostic]) -> tuple[str, ...]:
    """List the plain files under static/ (copied as they are) after checking each one."""
    return tuple(
        rel.removeprefix("static/")
        for rel in list_tree(root, "static", diagnostics)
        if check_file(root, rel, FileReport(rel, diagnostics)) is not None
    )
