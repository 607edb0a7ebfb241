"""The load stage: reads a site's folder into a LoadedSite, again only what changed.

files.py reads safely, yamlread.py keeps positions (textpos.py finds a character in the
text); cards, seeds, pages, settings and rubric each read one kind of input.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypeVar

from ..model import BUILTIN_WORDS, Card, Diagnostic, Page, RubricWords, Seed, SiteConfig
from .cards import CLAIMS, list_cards, read_card
from .pages import PAGES, list_static, load_layouts, load_pages
from .rubric import RUBRIC_FILE, load_rubric
from .seeds import load_seeds
from .settings import load_config

T = TypeVar("T")
V = TypeVar("V")
# How a stage maps work over many files: [work(i) for i in range(count)], or across cores.
Mapper = Callable[[Callable[[int], T], int], list[T]]

CONFIG = "content/site.yaml"
# The parts of a site that are read whole; the cards are read a file at a time.
PARTS = (CONFIG, RUBRIC_FILE, "seeds", CLAIMS, PAGES, "layouts", "static")


@dataclass(frozen=True)
class CardFile:
    """One card file as read: the card, if it could be loaded, and the problems found."""

    card: Card | None
    problems: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class LoadedSite:
    """Everything read from a site's folder, with the problems of each part."""

    root: Path
    config: SiteConfig
    seeds: Mapping[str, Seed]
    cards: Mapping[str, CardFile]  # by file, in file order
    pages: tuple[Page, ...]
    layouts: Mapping[str, str]
    static_files: tuple[str, ...]
    problems: Mapping[str, tuple[Diagnostic, ...]] = field(default_factory=dict)  # by part
    rubric: RubricWords = BUILTIN_WORDS  # the words readers see for levels and stances

    def diagnostics(self) -> list[Diagnostic]:
        """Return every problem met reading the site."""
        found = [d for part in PARTS for d in self.problems.get(part, ())]
        return found + [d for file in self.cards.values() for d in file.problems]


def serial(work: Callable[[int], T], count: int) -> list[T]:
    """Map work over 0..count-1 in this process."""
    return [work(index) for index in range(count)]


def read_site(
    root: Path,
    changes: Collection[str] | None = None,
    previous: LoadedSite | None = None,
    mapper: Mapper[tuple[Card | None, list[Diagnostic]]] = serial,
) -> LoadedSite:
    """Read the site; given the last read and the paths changed since, read only those."""
    parts = changed_parts(changes) if previous is not None and changes is not None else None
    if parts is None or "" in parts:  # the first read, or a whole folder came or went
        previous, parts = None, set(PARTS)
    problems = dict(previous.problems) if previous else {}

    def fresh(part: str, read: Callable[[list[Diagnostic]], V], kept: V | None) -> V:
        if kept is not None and part not in parts:
            return kept
        found: list[Diagnostic] = []
        value = read(found)
        problems[part] = tuple(found)
        return value

    old = previous
    seeds = fresh("seeds", lambda found: load_seeds(root, found), old.seeds if old else None)
    if old is not None and seeds is not old.seeds:
        seeds = {i: old.seeds[i] if old.seeds.get(i) == s else s for i, s in seeds.items()}
    card_files = {p for p in parts if p.startswith(CLAIMS + "/")}
    return LoadedSite(
        root,
        fresh(CONFIG, lambda found: load_config(root, found), old.config if old else None),
        seeds,
        _read_cards(root, card_files, old, problems, mapper),
        fresh(PAGES, lambda found: load_pages(root, found), old.pages if old else None),
        fresh("layouts", lambda found: load_layouts(root, found), old.layouts if old else None),
        fresh("static", lambda found: list_static(root, found), old.static_files if old else None),
        problems,
        fresh(RUBRIC_FILE, lambda found: load_rubric(root, found), old.rubric if old else None),
    )


def _read_cards(
    root: Path,
    changed: set[str],
    previous: LoadedSite | None,
    problems: dict[str, tuple[Diagnostic, ...]],
    mapper: Mapper[tuple[Card | None, list[Diagnostic]]],
) -> Mapping[str, CardFile]:
    """Read the card files: all of them, or those changed since the last read."""
    if previous is not None and not changed:
        return previous.cards
    kept = previous.cards if previous is not None else {}
    if previous is not None and all(rel in kept and _plain_file(root / rel) for rel in changed):
        files = list(kept)  # the same files, edited: the folder need not be listed again
    else:
        found: list[Diagnostic] = []
        files = list_cards(root, found)
        problems[CLAIMS] = tuple(found)
    wanted = [rel for rel in files if rel in changed or rel not in kept]

    def read_one(index: int) -> tuple[Card | None, list[Diagnostic]]:
        problems_found: list[Diagnostic] = []
        # A card with a wrong field is kept, `invalid` naming it: verify checks the rest.
        return read_card(root, wanted[index], problems_found), problems_found

    read = dict(zip(wanted, mapper(read_one, len(wanted)), strict=True))
    return {
        rel: CardFile(read[rel][0], tuple(read[rel][1])) if rel in read else kept[rel]
        for rel in files
    }


def _plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def changed_parts(changes: Collection[str]) -> set[str]:
    """Return the parts of the site these changed paths touch; "" means a whole folder."""
    parts = {part for rel in changes if (part := site_part(rel)) is not None}
    return parts


def site_part(rel: str) -> str | None:
    """Return which part of the site a changed path belongs to; "" means a whole folder."""
    path = PurePosixPath(rel.replace("\\", "/"))
    names: Sequence[str] = path.parts
    if not names or names[0] not in ("content", "seeds", "layouts", "static"):
        return None
    if len(names) == 1 or path.as_posix() in (CLAIMS, PAGES):
        return ""
    if names[0] == "content":
        if path.as_posix() in (CONFIG, RUBRIC_FILE):
            return path.as_posix()
        if names[1] == "claims":
            return path.as_posix()
        return PAGES if names[1] == "pages" else None
    return names[0]
