"""Refuses an output folder whose replacement could destroy anything but a built site."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .files import BUILT_MARK, LEGACY_SITE_FILES


class OutputRefused(Exception):
    """The output folder asked for is not one a build may replace (a usage error)."""


# The folders of a project its site and the generator come from; no output may touch them.
PACKAGE = Path(__file__).resolve().parents[1]  # factsite/
SOURCE_FOLDERS = ("content", "layouts", "static", "seeds", ".git", PACKAGE.name)


def claim_output(root: Path, out: Path, shown: str) -> Path:
    """Return `out` resolved, or raise OutputRefused if building there could destroy anything.

    Paths are compared once symlinks and `..` are resolved, so no spelling of the project's
    own folders (through a link, `x/..`, `../name`) slips past. `shown` names `out` in messages.
    """
    target = out.resolve()
    for home in dict.fromkeys((root.resolve(), PACKAGE.parent)):
        _refuse_overlap(target, home, shown)
    _refuse_foreign(target, shown)
    return target


def _refuse_overlap(target: Path, home: Path, shown: str) -> None:
    """Refuse an output that is or holds `home`, or is or lies inside one of its sources."""
    if target == home or home.is_relative_to(target):
        raise OutputRefused(f"--out {shown} would replace the site folder itself")
    if not target.is_relative_to(home):
        return
    top = target.relative_to(home).parts[0]
    if top in SOURCE_FOLDERS:
        where = "is" if home / top == target else "lies inside"
        raise OutputRefused(f"--out {shown} {where} the site's {top}/ folder")


def _refuse_foreign(target: Path, shown: str) -> None:
    """Refuse an existing path that is not a folder this tool built (nor an empty one)."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputRefused(f"--out {shown}: {exc.strerror}") from exc
    if not stat.S_ISDIR(mode):
        raise OutputRefused(f"--out {shown} is {_kind(mode)}, not a site folder")
    if not is_built_site(target):
        raise OutputRefused(
            f"--out {shown} is a folder this tool did not build (it has no {BUILT_MARK} file); "
            "remove it yourself or choose another folder"
        )


def is_built_site(folder: Path) -> bool:
    """Tell whether a folder is a site this tool built, or an empty folder it may fill."""
    try:
        names = set(os.listdir(folder))
    except OSError:
        return False
    return not names or BUILT_MARK in names or names.issuperset(LEGACY_SITE_FILES)


def _kind(mode: int) -> str:
    kinds = {stat.S_ISREG: "a file", stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket"}
    for test, kind in kinds.items():
        if test(mode):
            return kind
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a folder"
