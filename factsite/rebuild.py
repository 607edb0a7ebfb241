"""Keeps a site loaded in memory and rebuilds only what an edit affects."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .diagnostics import has_errors, sort_diagnostics
from .load import (
    CLAIMS,
    PAGES,
    list_cards,
    list_static,
    load_config,
    load_layouts,
    load_pages,
    load_seeds,
    read_card,
)
from .model import Card, Diagnostic, Page, Seed, Site, SiteConfig
from .quotes import SeedIndex
from .refresh import OutputFolder, RenderedPages
from .verify import copied_seeds, uncited_seeds, verify_card


@dataclass(frozen=True)
class RebuildReport:
    """What one build or rebuild found and did."""

    diagnostics: list[Diagnostic]  # every problem of the current state, in reading order
    pages_rendered: int
    files_written: int  # files whose bytes changed, plus files removed
    elapsed_ms: float
    write_error: str = ""  # why the output folder could not be written (a full disk), if so

    @property
    def ok(self) -> bool:
        """Tell whether the site has no errors (warnings allowed) and its output was written."""
        return not has_errors(self.diagnostics) and not self.write_error


@dataclass(frozen=True)
class CardState:
    """One card file as loaded and as verified, with the problems found on the way."""

    loaded: Card | None
    load_problems: tuple[Diagnostic, ...]
    verified: Card | None = None  # None when the card cannot be published
    verify_problems: tuple[Diagnostic, ...] = ()


class SiteBuilder:
    """Keeps a site loaded in memory and brings its output folder up to date."""

    def __init__(self, root: Path, out: Path, base_url: str | None = None) -> None:
        self.root = root
        self.out = out
        self.base_url = base_url
        self._problems: dict[str, list[Diagnostic]] = {}  # by part: config, seeds, claims ...
        self._config = SiteConfig(title="", base_url="")
        self._seeds: dict[str, Seed] = {}
        self._indexes: dict[str, SeedIndex] = {}
        self._cards: dict[str, CardState] = {}  # by card file, in file order
        self._pages: tuple[Page, ...] = ()
        self._layouts: dict[str, str] = {}
        self._static: dict[str, bytes] = {}
        self._uncited: list[Diagnostic] = []
        self._pages_out = RenderedPages()
        self._folder = OutputFolder(out)
        self._built = False

    def build_all(self) -> RebuildReport:
        """Load, verify and render everything; replace the output folder whole if it is clean."""
        started = time.perf_counter()
        gc.unfreeze()  # what the last build kept may be garbage now
        self._load_config()
        self._load_pages()
        self._load_layouts()
        self._load_static()
        self._load_seeds()
        self._cards = {}
        self._reload_cards(self._list_cards(), set())
        self._uncited = self._find_uncited()
        self._folder.forget()
        self._built = True
        return self._finish(started, None)

    def rebuild(self, changed: Iterable[str]) -> RebuildReport:
        """Bring the output up to date after the given files (relative to root) changed."""
        started = time.perf_counter()
        parts = {part for rel in changed if (part := site_part(rel)) is not None}
        # Before a first build, or when a whole source folder came or went, nothing in memory
        # can be trusted.
        if not self._built or "" in parts:
            return self.build_all()
        dirt = self._apply(parts)
        if dirt is None:
            gc.unfreeze()  # everything is made anew: the old layouts and pages are garbage
        return self._finish(started, dirt)

    def _finish(self, started: float, dirt: set[str] | None) -> RebuildReport:
        """Render what the dirt touches, write if the site is clean, and report."""
        site = self._site()
        rendered = self._pages_out.update(site, self.base_url, dirt) if dirt != set() else 0
        diagnostics = self._diagnostics()
        written, write_error = 0, ""
        if not has_errors(diagnostics):
            try:
                written = self._folder.sync(site, self._pages_out.outputs, self._static)
            except OSError as exc:  # a full disk: each file is old or new, and none is half
                self._folder.forget()  # some were written: the next sync writes the folder whole
                write_error = f"cannot write the site to {self._shown_out()}: {exc.strerror or exc}"
        # The site stays loaded between rebuilds: keep its millions of objects out of the
        # collector's scans, which took most of a one-card rebuild at 10,000 cards.
        gc.freeze()
        elapsed = (time.perf_counter() - started) * 1000
        return RebuildReport(diagnostics, rendered, written, elapsed, write_error)

    def _shown_out(self) -> str:
        """Return the output folder as the user knows it: relative to the site if inside it."""
        try:
            return self.out.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(self.out)

    def _apply(self, parts: set[str]) -> set[str] | None:
        """Reload the changed parts; return the dependency keys now stale, or None for all."""
        dirt: set[str] = set()
        everything = False
        # Settings, the pages (in every page's navigation) and the layouts touch every page.
        for part, load in (
            ("content/site.yaml", self._load_config),
            (PAGES, self._load_pages),
            ("layouts", self._load_layouts),
        ):
            if part in parts:
                load()
                everything = True
        if "static" in parts and self._load_static():
            everything = True  # a static file may now collide with a page, or stop colliding
        changed_seeds = self._load_seeds() if "seeds" in parts else set()
        dirt |= {f"seed:{seed_id}" for seed_id in changed_seeds}
        card_files = {part for part in parts if part.startswith(CLAIMS)}
        if card_files or changed_seeds:
            before = self._seeds_named(card_files)
            dirt |= self._update_cards(card_files, changed_seeds)
            # Which seeds go uncited changes only with the seeds, or the seeds a card names.
            if changed_seeds or self._seeds_named(card_files) != before:
                self._uncited = self._find_uncited()
        return None if everything else dirt

    def _update_cards(self, changed: set[str], changed_seeds: set[str]) -> set[str]:
        """Reload the changed card files and re-verify the cards that cite changed seeds."""
        files, removed, added = set(self._cards), set[str](), set[str]()
        if any(rel not in self._cards or not (self.root / rel).is_file() for rel in changed):
            # A card came, went or is not a plain file any more: list the folder again.
            files = set(self._list_cards())
            removed, added = set(self._cards) - files, files - set(self._cards)
            changed = (changed & files) | added
        dirt: set[str] = set()
        for rel in sorted(removed):
            dirt |= card_dirt(self._cards.pop(rel).verified, None)
        citing = {
            rel
            for rel, state in (self._cards.items() if changed_seeds else ())
            if cites_any(state.loaded, changed_seeds)
        }
        old = {rel: self._cards[rel].verified for rel in (changed | citing) & set(self._cards)}
        self._reload_cards(sorted(changed & files), citing - changed)
        for rel in changed | citing:
            dirt |= card_dirt(old.get(rel), self._cards[rel].verified)
        if added:
            self._cards = dict(sorted(self._cards.items()))  # new cards take their place in order
        return dirt

    def _reload_cards(self, load: Iterable[str], verify: Iterable[str]) -> None:
        """Load some card files afresh and verify them, and verify other cards again."""
        for rel in load:
            problems: list[Diagnostic] = []
            card = read_card(self.root, rel, problems)
            self._cards[rel] = self._verify(CardState(card, tuple(problems)))
        for rel in verify:
            self._cards[rel] = self._verify(self._cards[rel])

    def _verify(self, state: CardState) -> CardState:
        """Return the card's state with it verified against the current seeds."""
        if state.loaded is None:
            return CardState(None, state.load_problems)
        found: list[Diagnostic] = []
        verified = verify_card(state.loaded, self._seeds, self._indexes, found)
        # As verify_site does: a card is published when it loaded whole and verified cleanly.
        published = None if has_errors(found) or state.loaded.invalid else verified
        return CardState(state.loaded, state.load_problems, published, tuple(found))

    def _list_cards(self) -> list[str]:
        """Return the card files of content/claims, noting any stray file there."""
        problems: list[Diagnostic] = []
        files = list_cards(self.root, problems)
        self._problems[CLAIMS] = problems
        return files

    def _load_config(self) -> None:
        problems: list[Diagnostic] = []
        self._config = load_config(self.root, problems)
        self._problems["config"] = problems

    def _load_pages(self) -> None:
        problems: list[Diagnostic] = []
        self._pages = load_pages(self.root, problems)
        self._problems[PAGES] = problems

    def _load_layouts(self) -> None:
        problems: list[Diagnostic] = []
        self._layouts = load_layouts(self.root, problems)
        self._problems["layouts"] = problems

    def _load_static(self) -> bool:
        """Read static/ into memory; return whether the set of its files changed."""
        problems: list[Diagnostic] = []
        before = set(self._static)
        self._static = {}
        for name in list_static(self.root, problems):
            try:
                self._static[name] = (self.root / "static" / name).read_bytes()
            except OSError as exc:  # removed since listed: its own event follows
                problems.append(
                    Diagnostic(f"static/{name}", 1, 1, "error", f"cannot read file: {exc.strerror}")
                )
        self._problems["static"] = problems
        return set(self._static) != before

    def _load_seeds(self) -> set[str]:
        """Read the seeds again; return the ids of seeds that changed, came or went."""
        problems: list[Diagnostic] = []
        seeds = load_seeds(self.root, problems)
        self._problems["seeds"] = problems
        changed = {
            i for i in seeds.keys() | self._seeds.keys() if seeds.get(i) != self._seeds.get(i)
        }
        self._seeds = seeds
        for seed_id in changed:
            if seed_id in seeds:
                self._indexes[seed_id] = SeedIndex(seeds[seed_id].passages)
            else:
                self._indexes.pop(seed_id, None)
        return changed

    def _seeds_named(self, card_files: set[str]) -> dict[str, frozenset[str]]:
        """Return the seeds each of these card files names, as loaded (verified or not)."""
        return {
            rel: frozenset(source.seed for source in card.sources)
            for rel in card_files
            if rel in self._cards and (card := self._cards[rel].loaded) is not None
        }

    def _find_uncited(self) -> list[Diagnostic]:
        """Return the warnings for seeds no loaded card cites, or that copy another seed."""
        cards = [state.loaded for state in self._cards.values() if state.loaded is not None]
        return uncited_seeds(self._seeds, cards) + copied_seeds(self._seeds, self._indexes)

    def _site(self) -> Site:
        """Return the site as verified: only cards that verified cleanly are published."""
        cards = tuple(state.verified for state in self._cards.values() if state.verified)
        return Site(
            self.root,
            self._config,
            cards,
            self._seeds,
            self._pages,
            self._layouts,
            tuple(self._static),
        )

    def _diagnostics(self) -> list[Diagnostic]:
        """Return every problem of the site as it stands, in reading order."""
        found = [d for problems in self._problems.values() for d in problems]
        for state in self._cards.values():
            found += (*state.load_problems, *state.verify_problems)
        found += self._uncited + self._pages_out.diagnostics()
        return sort_diagnostics(found)


def site_part(rel: str) -> str | None:
    """Return which part of the site a changed path belongs to; "" means a whole folder."""
    path = PurePosixPath(rel.replace("\\", "/"))
    parts = path.parts
    if not parts or parts[0] not in ("content", "seeds", "layouts", "static"):
        return None
    if len(parts) == 1 or path.as_posix() in (CLAIMS, PAGES):
        return ""
    if parts[0] == "content":
        if path.as_posix() == "content/site.yaml":
            return "content/site.yaml"
        if parts[1] == "claims":
            return path.as_posix()
        return PAGES if parts[1] == "pages" else None
    return parts[0]


def listed(card: Card | None) -> tuple[object, ...] | None:
    """Return what listings show of a card (PageSpec's `listing`)."""
    if card is None:
        return None
    return (card.slug, card.claim, card.confidence, card.tags, card.seed_ids, card.reviewed)


def tallied(card: Card | None) -> tuple[object, ...] | None:
    """Return what a card adds to every index's tally: one card of a level, with its tags."""
    return None if card is None else (card.confidence, card.tags)


def dated(card: Card | None) -> tuple[object, ...] | None:
    """Return what the sitemap shows of a card: its page and its review date."""
    return None if card is None else (card.slug, card.reviewed)


def card_dirt(old: Card | None, new: Card | None) -> set[str]:
    """Return the dependency keys a change of one verified card makes stale."""
    if old == new:
        return set()
    card = new or old
    assert card is not None  # both None is equal, handled above
    dirt = {f"card:{card.slug}", "cards"}
    if listed(old) != listed(new):
        dirt |= {"listing", f"listed:{card.slug}"}
    if tallied(old) != tallied(new):
        dirt.add("tally")
    if dated(old) != dated(new):
        dirt.add("dated")
    for seed_id in set(old.seed_ids if old else ()) | set(new.seed_ids if new else ()):
        if citations(old, seed_id) != citations(new, seed_id):
            dirt.add(f"cited:{seed_id}")
    return dirt


def citations(card: Card | None, seed_id: str) -> tuple[object, ...]:
    """Return a card's citations of one seed: what the seed's page shows of it."""
    return tuple(source for source in (card.sources if card else ()) if source.seed == seed_id)


def cites_any(card: Card | None, seed_ids: set[str]) -> bool:
    """Tell whether a card names any of the seeds (known or not)."""
    return card is not None and any(source.seed in seed_ids for source in card.sources)
