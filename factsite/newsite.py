"""Starts a site for another story: story-neutral templates plus the generator's own layouts."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .gitrun import GitError, git
from .load.files import is_editor_litter
from .load.yamlread import yaml_string
from .write import PACKAGE, SOURCE_FOLDERS

# The new site's own files, as plain files in factsite/newsite/, beside this module.
TEMPLATES = PACKAGE / "newsite"
# The generator runs from its repository, never installed: the files a new site shares with it
# are copied from there, so there is one copy to keep right and none to drift.
PROJECT = PACKAGE.parent
SHARED = (
    "content/card.schema.json",
    "content/site.schema.json",
    "content/sources.schema.json",
    "content/rubric.schema.json",
    "content/rubric.yaml",
    "layouts",
    "static",
    ".github/workflows/pages.yml",
    ".github/workflows/review.yml",
)
# Kept without its dot in the package, where it would ignore files of the generator's own.
RENAMED = {"gitignore": ".gitignore"}
# The templates that name the site or today's date; the others, seeds above all, are as kept.
FILLED_IN = ("content/site.yaml", "content/claims/sample-claim.yaml")
_FIELD = re.compile(r"\{\{(title|today)\}\}")
DEFAULT_TITLE = "A new fact check"
# A story's repository holds no generator: its workflows check out the one init ran from, named
# by these settings at their top (left empty in the generator's own, which builds itself).
WORKFLOWS = (".github/workflows/pages.yml", ".github/workflows/review.yml")
_SETTING = re.compile(r'^  (GENERATOR_REPOSITORY|GENERATOR_REF): ""$', re.MULTILINE)
# A GitHub remote as git prints it (https, ssh or scp-like); only owner/name is ever kept.
_GITHUB_REMOTE = re.compile(
    r"(?:https://(?:[^@/]+@)?|ssh://git@|git@)github\.com[:/]"
    r"([A-Za-z0-9-]+/[A-Za-z0-9._-]+?)(?:\.git)?/?"
)
_COMMIT = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class Generator:
    """Where a story's workflows get the generator: a GitHub repository and a commit, or ''."""

    repository: str  # owner/name
    ref: str  # the commit init ran from

    @property
    def unset(self) -> list[str]:
        """Return the settings left empty, each with what it takes."""
        return [
            f"{name} ({what})"
            for name, what, value in (
                ("GENERATOR_REPOSITORY", "its GitHub repository, owner/name", self.repository),
                ("GENERATOR_REF", "the commit to build with", self.ref),
            )
            if not value
        ]


@dataclass(frozen=True)
class NewSite:
    """What init wrote: how many files, and the generator its workflows are set to build with."""

    files: int
    generator: Generator


class InitRefused(Exception):
    """A folder or title init may not take (a usage error); nothing has been written."""


class InitWriteError(Exception):
    """The new site could not be written; nothing of it is left behind."""


def init_site(
    root: Path, folder: Path, title: str | None = None, today: date | None = None
) -> NewSite:
    """Write a new site into `folder`, a new or empty one; return what it holds."""
    title = DEFAULT_TITLE if title is None else title  # --title '' is refused, not replaced
    today = today or date.today()
    if not title.strip() or any(unicodedata.category(ch)[0] == "C" for ch in title):
        raise InitRefused(f"--title {title!r} must be one line of visible text")
    target = claim_folder(root, folder)
    generator = find_generator(PROJECT)
    try:
        fields = {"title": yaml_string(title), "today": today.isoformat()}
        files = site_files(fields, generator)
    except OSError as exc:  # the generator's own checkout is incomplete, not the request
        reason = exc.strerror or str(exc)
        raise InitWriteError(f"cannot read the generator's {exc.filename}: {reason}") from exc
    write_files(target, files, str(folder))
    return NewSite(len(files), generator)


def find_generator(project: Path) -> Generator:
    """Return the GitHub repository and commit of the generator's checkout, each '' if unknown.

    Only what git says of the checkout itself: a folder inside another repository, or a
    remote elsewhere than GitHub, gives '' rather than a guess.
    """
    top = read_git(project, "rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != project.resolve():
        return Generator("", "")
    found = _GITHUB_REMOTE.fullmatch(read_git(project, "remote", "get-url", "origin"))
    ref = read_git(project, "rev-parse", "HEAD")
    return Generator(found[1] if found else "", ref if _COMMIT.fullmatch(ref) else "")


def read_git(project: Path, *args: str) -> str:
    """Return what a git command prints of the project, stripped; '' if git cannot tell."""
    try:
        return os.fsdecode(git(project, *args, timeout=30)).strip()
    except (GitError, OSError):  # no git at all, no answer, or not a repository: nothing is known
        return ""


def name_generator(workflow: str, generator: Generator) -> str:
    """Return a workflow with its generator settings given the values known (others empty)."""
    values = {"GENERATOR_REPOSITORY": generator.repository, "GENERATOR_REF": generator.ref}
    return _SETTING.sub(lambda found: f'  {found[1]}: "{values[found[1]]}"', workflow)


def claim_folder(root: Path, folder: Path) -> Path:
    """Return the folder resolved, or refuse one that is taken or belongs to a project."""
    target = folder.resolve()  # every spelling (a link, `x/..`) of a project's folders
    homes = [PROJECT, *([root.resolve()] if (root / "content").is_dir() else [])]
    for home in dict.fromkeys(homes):
        refuse_overlap(target, home, folder)
    if os.path.islink(folder) and not target.exists():
        raise InitRefused(f"{folder} is a symbolic link to nothing; give a new or empty folder")
    try:
        mode = os.lstat(target).st_mode
        if not stat.S_ISDIR(mode):
            kind = "a file" if stat.S_ISREG(mode) else "not a folder"
            raise InitRefused(f"{folder} is {kind}; init writes a new site into a folder")
        if os.listdir(target):  # never mixed into, nor over, anything of anyone's
            raise InitRefused(f"{folder} is not empty; init writes into a new or empty folder")
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise InitRefused(f"{folder}: {exc.strerror}") from exc
    return target


def refuse_overlap(target: Path, home: Path, folder: Path) -> None:
    """Refuse a folder that is or holds a project, or lies inside one of its source folders."""
    if target == home or home.is_relative_to(target):
        raise InitRefused(f"{folder} holds the project at {home}; give a folder of its own")
    if target.is_relative_to(home) and target.relative_to(home).parts[0] in SOURCE_FOLDERS:
        top = target.relative_to(home).parts[0]
        raise InitRefused(f"{folder} lies inside the {top}/ folder of the project at {home}")


def site_files(fields: dict[str, str], generator: Generator) -> dict[str, bytes]:
    """Return every file of the new site by its path: the templates filled in, then the shared
    (the workflows naming the generator)."""
    files: dict[str, bytes] = {}
    for rel in tree(TEMPLATES):
        data = (TEMPLATES / rel).read_bytes()
        if rel in FILLED_IN:
            data = _FIELD.sub(lambda found: fields[found[1]], data.decode("utf-8")).encode("utf-8")
        files[RENAMED.get(rel, rel)] = data
    for shared in SHARED:
        source = PROJECT / shared
        # A file read by its path: a missing one raises, so none is left out unseen.
        paths = [source / rel for rel in tree(source)] if source.is_dir() else [source]
        for path in paths:
            files[path.relative_to(PROJECT).as_posix()] = path.read_bytes()
    for rel in WORKFLOWS:
        files[rel] = name_generator(files[rel].decode("utf-8"), generator).encode("utf-8")
    return files


def tree(folder: Path) -> list[str]:
    """Return the relative paths of a folder's files, sorted, editor litter left out."""
    found = (path.relative_to(folder) for path in folder.rglob("*") if path.is_file())
    return sorted(rel.as_posix() for rel in found if not any(map(is_editor_litter, rel.parts)))


def write_files(target: Path, files: dict[str, bytes], shown: str) -> None:
    """Write the files under target; on failure remove every file and folder this call made."""
    made = [path for path in (target, *target.parents) if not path.exists()]
    written: list[Path] = []
    try:
        for rel, data in files.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as file:  # x: nothing made meanwhile is replaced
                written.append(path)
                file.write(data)
    except OSError as exc:
        remove_written(target, written, [target / rel for rel in files], made)
        reason = exc.strerror or str(exc)
        raise InitWriteError(f"cannot write the new site to {shown}: {reason}") from exc


def remove_written(
    target: Path, written: list[Path], planned: list[Path], made: list[Path]
) -> None:
    """Remove the files written, then the folders left empty, up to the parents made for them."""
    folders = {
        parent for path in planned for parent in path.parents if parent.is_relative_to(target)
    }
    with suppress(OSError):
        for path in written:
            path.unlink(missing_ok=True)
    # Deepest first; a folder that is not empty holds something of someone else's, and stays.
    for folder in sorted(folders - {target}, key=lambda path: len(path.parts), reverse=True):
        with suppress(OSError):
            folder.rmdir()
    for folder in made:  # target first, then each parent this call made
        with suppress(OSError):
            folder.rmdir()
