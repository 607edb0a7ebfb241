"""Reads a site's input files safely: plain files only, never a FIFO or a link out of its folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from yaml.nodes import Node

from ..model import (
    FILE_START,
    Diagnostic,
)
from .yamlread import (
    SLUG,
    FileReport,
    parse_yaml,
)

MAX_FILE_BYTES = 1_000_000
_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(frozen=True)
class Entry:
    """One entry of an input folder, named by its path from the site's root."""

    name: str
    rel: str
    is_folder: bool  # a folder, or a link to one
    is_link: bool


def read_bytes(root: Path, rel: str, report: FileReport, missing: str = "") -> bytes | None:
    """Return an input file's bytes, or report why it is not a plain file that can be read."""
    if check_file(root, rel, report, missing) is None:
        return None
    try:
        # Should the file have turned into a FIFO since it was checked, a non-blocking open
        # returns at once instead of waiting for a writer, and fstat refuses it below.
        fd = os.open(os.path.join(root, rel), os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        report.error(FILE_START, f"cannot read file: {exc.strerror or exc}")
        return None
    with os.fdopen(fd, "rb", buffering=0) as file:
        info = os.fstat(fd)
        if not _is_plain_file(rel, info, report):
            return None
        if info.st_size > MAX_FILE_BYTES:
            report.error(FILE_START, f"file is larger than {MAX_FILE_BYTES:,} bytes")
            return None
        try:
            return file.read()
        except OSError as exc:
            report.error(FILE_START, f"cannot read file: {exc.strerror or exc}")
            return None


def check_file(
    root: Path, rel: str, report: FileReport, missing: str = ""
) -> os.stat_result | None:
    """Return a plain input file's status without opening it; report anything else it is."""
    path = os.path.join(root, rel)
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            if not stays_home(root, rel, report):
                return None
            info = os.stat(path)
    except FileNotFoundError as exc:
        report.error(FILE_START, missing or f"cannot read file: {exc.strerror}")
        return None
    except OSError as exc:
        report.error(FILE_START, f"cannot read file: {exc.strerror or exc}")
        return None
    return info if _is_plain_file(rel, info, report) else None


def _is_plain_file(rel: str, info: os.stat_result, report: FileReport) -> bool:
    """Tell whether a status is a regular file's; report what else it is."""
    if stat.S_ISREG(info.st_mode):
        return True
    kind = next((kind for test, kind in _KINDS if test(info.st_mode)), "not a regular file")
    report.error(FILE_START, f"{os.path.basename(rel)!r} is {kind}, not a file")
    return False


def stays_home(root: Path, rel: str, report: FileReport) -> bool:
    """Tell whether a path resolves inside its own top folder; report where it leads if not."""
    site = Path(os.path.realpath(root))
    target = Path(os.path.realpath(os.path.join(root, rel)))
    if not target.is_relative_to(site):
        report.error(FILE_START, "symlink leads outside the site folder", f"it points to {target}")
        return False
    top = rel.split("/")[0]
    # A top folder may itself be a link within the site; what is inside it stays inside it.
    home = site if top == rel else Path(os.path.realpath(os.path.join(root, top)))
    if not target.is_relative_to(home):
        leads = target.relative_to(site).as_posix()
        report.error(FILE_START, f"symlink leads outside {top}/", f"it points to {leads}")
        return False
    return True


def open_folder(
    root: Path, folder: str, diagnostics: list[Diagnostic], missing: str = ""
) -> list[Entry] | None:
    """Return an input folder's entries, or None when it is missing or cannot be used."""
    # A missing folder is an error where the caller says so (`missing`), or where a folder
    # of another case stands in its place: a misspelt folder must not pass for an empty one.
    report = FileReport(folder, diagnostics)
    try:
        info = os.stat(os.path.join(root, folder))
    except FileNotFoundError:
        twin = _case_twin(root, folder)
        if missing or twin:
            hint = f"found {twin}; folder names are case-sensitive: rename it" if twin else ""
            report.error(FILE_START, missing or f"{folder} folder is missing", hint)
        return None
    except OSError as exc:
        report.error(FILE_START, f"cannot read folder: {exc.strerror or exc}")
        return None
    if not stat.S_ISDIR(info.st_mode):
        report.error(FILE_START, f"{folder} is not a folder")
        return None
    if not stays_home(root, folder, report):  # the folder, or one it lies in, may be a link
        return None
    return list_folder(root, folder, diagnostics)


def list_folder(root: Path, folder: str, diagnostics: list[Diagnostic]) -> list[Entry] | None:
    """Return a folder's entries sorted by name, editor litter left out; None if unreadable."""
    try:
        with os.scandir(os.path.join(root, folder)) as found:
            entries = [
                Entry(item.name, f"{folder}/{item.name}", item.is_dir(), item.is_symlink())
                for item in found
                if not is_editor_litter(item.name)
            ]
    except OSError as exc:
        FileReport(folder, diagnostics).error(
            FILE_START, f"cannot read folder: {exc.strerror or exc}"
        )
        return None
    entries.sort(key=lambda entry: entry.name)
    _report_case_twins(entries, diagnostics)
    return entries


def list_tree(
    root: Path, folder: str, diagnostics: list[Diagnostic], missing: str = ""
) -> list[str]:
    """Return the paths of everything but folders under an input folder, at any depth."""
    entries = open_folder(root, folder, diagnostics, missing) or []
    found: list[str] = []
    while entries:
        entry = entries.pop()
        if entry.is_folder and entry.is_link:
            report = FileReport(entry.rel, diagnostics)
            if stays_home(root, entry.rel, report):
                # A followed link could lead back up and loop; the files can be linked instead.
                report.error(FILE_START, "symlink to a folder is not followed; link its files")
        elif entry.is_folder:
            entries += list_folder(root, entry.rel, diagnostics) or []
        else:
            found.append(entry.rel)
    return sorted(found)


def is_editor_litter(name: str) -> bool:
    """Tell whether a name is editor litter: hidden files and backups are not content."""
    return name.startswith((".", "#")) or name.endswith("~")


def _report_case_twins(entries: list[Entry], diagnostics: list[Diagnostic]) -> None:
    """Report names that differ from an earlier one only in case: one file on some systems."""
    first: dict[str, str] = {}
    for entry in entries:
        name = first.setdefault(entry.name.casefold(), entry.name)
        if name != entry.name:
            FileReport(entry.rel, diagnostics).error(
                FILE_START,
                f"{entry.name!r} differs from {name!r} only in upper/lower case",
                "macOS and Windows checkouts and zip files hold them as one file; rename one",
            )


def _case_twin(root: Path, folder: str) -> str:
    """Return the folder of another case that stands where a folder is missing, or ""."""
    parent, _, name = folder.rpartition("/")
    try:
        with os.scandir(os.path.join(root, parent)) as found:
            twins = sorted(e.name for e in found if e.name.casefold() == name.casefold())
    except OSError:
        return ""
    return f"{parent}/{twins[0]}".lstrip("/") if twins else ""


T = TypeVar("T")


def read_text(root: Path, rel: str, diagnostics: list[Diagnostic], missing: str = "") -> str | None:
    """Return an input file's text, or report why it cannot be read safely."""
    report = FileReport(rel, diagnostics)
    data = read_bytes(root, rel, report, missing)
    return None if data is None else decode_text(data, report)


def decode_text(data: bytes, report: FileReport) -> str | None:
    """Return bytes read as UTF-8 (a leading byte order mark dropped), or report why not."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        report.error(FILE_START, f"file is not UTF-8 (byte 0x{data[exc.start]:02x} on line {line})")
        return None


def content_files(
    root: Path, folder: str, suffix: str, diagnostics: list[Diagnostic], missing: str = ""
) -> list[str]:
    """List a content folder's files; anything that is not a `<slug><suffix>` file is an error."""
    found = []
    for entry in open_folder(root, folder, diagnostics, missing) or []:
        report = FileReport(entry.rel, diagnostics)
        stem, extension = os.path.splitext(entry.name)
        if entry.is_folder:
            report.error(FILE_START, f"unexpected folder in {folder}/")
        elif extension != suffix:
            report.error(FILE_START, f"unexpected file in {folder}/; expected <name>{suffix}")
        elif not SLUG.fullmatch(stem):
            report.error(
                FILE_START,
                f"file name {stem!r} is not a slug",
                "use lowercase letters, digits and hyphens; the name becomes the page's URL",
            )
        elif check_file(root, entry.rel, report) is not None:
            # Only plain files are listed, so no command that reads the listed files (review
            # reads their bytes too) can open a FIFO; reading them checks them again.
            found.append(entry.rel)
    return found


def parse_file(root: Path, report: FileReport, missing: str = "") -> Node | None:
    """Return the node tree of a YAML input file, or None once its problems are reported."""
    text = read_text(root, report.path, report.diagnostics, missing)
    if text is None:
        return None
    if not text.strip():
        report.error(FILE_START, "file is empty")
        return None
    count = len(report.diagnostics)
    node = parse_yaml(text, report)
    if node is None and len(report.diagnostics) == count:
        report.error(FILE_START, "file holds no YAML content")
    return node
