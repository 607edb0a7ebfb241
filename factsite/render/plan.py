"""Plans the site's pages: for each output file, the layout that makes it and its view.

Adding a kind of page takes one planner function here, one view in views.py and one
layout: the preview rebuilds it when its view changes, as it does every page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from .. import urls
from ..model import CONFIDENCE_LEVELS, RUBRIC, Card, Diagnostic, Seed, Site, Source
from . import machine
from .links import is_web_url
from .views import (
    Citation,
    CitingCard,
    ClaimsView,
    ClaimView,
    ContentView,
    FeedEntry,
    FeedView,
    LevelCount,
    LevelGroup,
    Link,
    ListedCard,
    ListingView,
    PageView,
    PassageView,
    RobotsView,
    SeedListed,
    SeedView,
    SitemapEntry,
    SitemapView,
    SiteView,
    SourcesView,
)

METHODOLOGY = "methodology"
T = TypeVar("T")


@dataclass(frozen=True)
class Parts:
    """Items the renderer renders one by one with their own layout, for a page to place.

    Each item is rendered with `item` and `root` (the page's) besides `site`; the page's
    layout gets them joined, each between `before` and `after`, as `parts[name]`.
    """

    layout: str
    items: tuple[object, ...]
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class PageSpec:
    """One output file: its path, the layout that makes it (or a writer), and its view."""

    path: str
    layout: str
    view: PageView
    source: str = ""  # the content file this page comes from, for collision reports
    parts: Mapping[str, Parts] = field(default_factory=dict)
    writer: str = ""  # names the machine writer that makes the file instead of a layout
    late: bool = False  # shows text other pages render first (the feed's summaries)


@dataclass
class Plan:
    """Every page of the site in order, the view all layouts share, and output collisions."""

    site: SiteView
    pages: list[PageSpec]
    collisions: list[Diagnostic]


class Views:
    """Makes the views of one card or seed; the pipeline may remember them between runs."""

    def __init__(self, site: Site, base_url: str, shared: SiteView) -> None:
        self.seeds = site.seeds
        self.config = site.config
        self.base_url = base_url
        self.shared = shared

    def listed(self, card: Card) -> ListedCard:
        """Return the card as listings show it."""
        return ListedCard(
            card.claim,
            card.confidence,
            urls.claim_page(card.slug),
            len(card.seed_ids),
            card.reviewed.isoformat(),
            tag_links(card.tags),
        )

    def claim(self, card: Card) -> ClaimView:
        """Return the view of the card's own page."""
        path = urls.claim_page(card.slug)
        repo = self.shared.repo_url
        return ClaimView(
            *_place(path, self.base_url),
            card.claim,
            card.claimant,
            iso(card.claim_date),
            card.confidence,
            RUBRIC[card.confidence],
            card.summary,
            card.reviewed.isoformat(),
            tuple(self.citation(source) for source in card.sources),
            len(card.seed_ids),
            tag_links(card.tags),
            f"{repo}/edit/main/{card.path}" if repo else "",
            f"{repo}/blob/main/{card.path}" if repo else "",
            card,
            tuple(self.seeds[seed_id] for seed_id in card.seed_ids),
            self.config,
            self.base_url,
        )

    def citation(self, source: Source) -> Citation:
        """Return one source of a claim page, with its passage."""
        seed = self.seeds[source.seed]
        assert source.match is not None  # verified: every source's quote was found
        passage = seed.passage(source.match.passage)
        return Citation(
            source.stance,
            source.note,
            seed.id,
            seed.title,
            urls.seed_page(seed.id),
            seed.publisher,
            iso(seed.published),
            seed.url if is_web_url(seed.url) else "",
            passage.number,
            passage.anchor,
            passage.text,
            source.match.spans,
        )

    def claim_page(self, card: Card) -> PageSpec:
        """Return the card's own page."""
        return spec_of(self.claim(card), "claim.html", card.path)

    def unless_same(self, name: str, key: object, make: Callable[[], T]) -> T:
        """Return make()'s result; a Views that remembers may return the last one made from
        an equal key instead."""
        return make()

    def feed_entry(self, card: Card) -> FeedEntry:
        """Return the card's Atom entry."""
        return FeedEntry(
            card.claim,
            urls.absolute(self.base_url, urls.claim_page(card.slug)),
            machine.atom_time(card.reviewed),
            card.confidence,
            card.tags,
            card.summary,
        )

    def seed(self, seed: Seed, citing: tuple[tuple[Card, Source], ...]) -> SeedView:
        """Return the view of a seed's page, given the cards and sources that cite it."""
        path = urls.seed_page(seed.id)
        by_passage: dict[int, list[tuple[Card, Source]]] = defaultdict(list)
        for card, source in citing:
            assert source.match is not None
            by_passage[source.match.passage].append((card, source))
        passages = tuple(
            PassageView(
                passage.number,
                passage.anchor,
                passage.text,
                tuple(span for _, s in cites for span in _spans(s)),
                tuple(
                    CitingCard(card.claim, urls.claim_page(card.slug), s.stance, card.confidence)
                    for card, s in cites
                ),
            )
            for passage in seed.passages
            for cites in [by_passage.get(passage.number, [])]
        )
        return SeedView(
            *_place(path, self.base_url),
            seed.id,
            seed.title,
            seed.publisher,
            iso(seed.published),
            seed.url if is_web_url(seed.url) else "",
            seed.note,
            len(by_passage),
            passages,
        )


def iso(day: date | None) -> str:
    """Return a date as YYYY-MM-DD, or an empty text for a date not stated."""
    return day.isoformat() if day else ""


def _spans(source: Source) -> tuple[tuple[int, int], ...]:
    return source.match.spans if source.match else ()


def tag_links(tags: Iterable[str]) -> tuple[Link, ...]:
    """Return links to the listings of these tags."""
    return tuple(Link(tag, urls.tag_page(tag)) for tag in tags)


def site_view(site: Site, base_url: str) -> SiteView:
    """Return what every layout sees as `site`."""
    config = site.config
    pages = sorted(site.pages, key=lambda page: page.slug)
    has_methodology = any(page.slug == METHODOLOGY for page in pages)
    return SiteView(
        config.title,
        config.description,
        config.language,
        config.publisher,
        config.repo_url if is_web_url(config.repo_url) else "",
        base_url,
        (
            Link("Claims", urls.INDEX),
            Link("Sources", urls.SOURCES_INDEX),
            *(Link(page.title, urls.content_page(page.slug)) for page in pages),
        ),
        urls.content_page(METHODOLOGY) if has_methodology else None,
        RUBRIC,
        CONFIDENCE_LEVELS,
    )


@dataclass(frozen=True)
class Planning:
    """What every planner is given: the verified site, its cards in listing order, the views."""

    site: Site
    cards: list[Card]  # most recently reviewed first
    base_url: str
    views: Views


Planner = Callable[[Planning], list[PageSpec]]


def plan_site(site: Site, base_url: str, views: Views) -> Plan:
    """Return every page the site has, in a stable order, with the view each layout needs."""
    planning = Planning(site, sort_cards(site.cards), base_url, views)
    pages = [spec for planner in PAGE_PLANNERS for spec in planner(planning)]
    pages.append(sitemap_page(planning, pages))
    pages += [spec for planner in FILE_PLANNERS for spec in planner(planning)]
    kept, collisions = assign_paths(pages, site.static_files)
    return Plan(views.shared, kept, collisions)


def _place(path: str, base_url: str) -> tuple[str, str, str]:
    return path, urls.root_of(path), urls.absolute(base_url, path)


def spec_of(view: PageView, layout: str, source: str = "") -> PageSpec:
    """Return the page a view is rendered into by a layout."""
    return PageSpec(view.path, layout, view, source)


def index_pages(planning: Planning) -> list[PageSpec]:
    """Return the index, one listing per level and one per tag."""
    listed = tuple(planning.views.listed(card) for card in planning.cards)
    key = (planning.base_url, listed)  # what the listings show, and nothing else
    return planning.views.unless_same("listings", key, lambda: _listings(planning, listed))


def _listings(planning: Planning, items: tuple[ListedCard, ...]) -> list[PageSpec]:
    cards, base_url = planning.cards, planning.base_url
    by_level: dict[str, list[Card]] = {level: [] for level in CONFIDENCE_LEVELS}
    by_tag: dict[str, list[Card]] = defaultdict(list)
    for card in cards:  # one pass: a pass per tag grew as cards x tags
        by_level[card.confidence].append(card)
        for tag in card.tags:
            by_tag[tag].append(card)
    counts = Counter(card.confidence for card in cards)
    tally = tuple(LevelCount(lv, counts[lv], urls.level_page(lv)) for lv in CONFIDENCE_LEVELS)
    every_tag = tag_links(sorted(by_tag))
    listed = {card.slug: item for card, item in zip(cards, items, strict=True)}

    def listing(path: str, chosen: list[Card], level: str | None, tag: str | None) -> PageSpec:
        grouped: dict[str, list[ListedCard]] = {lv: [] for lv in CONFIDENCE_LEVELS}
        for card in chosen:
            grouped[card.confidence].append(listed[card.slug])
        groups = tuple(LevelGroup(lv, RUBRIC[lv], len(g), lv) for lv, g in grouped.items() if g)
        parts = {
            lv: Parts("_card_item.html", tuple(g), "    ", "\n") for lv, g in grouped.items() if g
        }
        view = ListingView(
            *_place(path, base_url),
            level,
            tag,
            RUBRIC[level] if level else "",
            len(cards),
            tally,
            every_tag,
            groups,
        )
        return PageSpec(path, "index.html", view, parts=parts)

    specs = [listing(urls.INDEX, cards, None, None)]
    specs += [listing(urls.level_page(lv), by_level[lv], lv, None) for lv in CONFIDENCE_LEVELS]
    specs += [listing(urls.tag_page(tag), by_tag[tag], None, tag) for tag in sorted(by_tag)]
    return specs


def sources_index(planning: Planning) -> list[PageSpec]:
    """Return the sources index: every seed with how many cards cite it."""
    site, base_url = planning.site, planning.base_url
    counts = Counter(seed_id for card in site.cards for seed_id in card.seed_ids)
    seeds = tuple(
        SeedListed(seed.title, urls.seed_page(seed.id), seed.publisher, counts[seed.id])
        for seed in sorted_seeds(site)
    )
    return [spec_of(SourcesView(*_place(urls.SOURCES_INDEX, base_url), seeds), "sources.html")]


def claim_pages(planning: Planning) -> list[PageSpec]:
    """Return one page a card: the claim, its confidence and each source in context."""
    return [planning.views.claim_page(card) for card in planning.cards]


def seed_pages(planning: Planning) -> list[PageSpec]:
    """Return one page a seed, passage by passage, with the cards that cite each passage."""
    site, views = planning.site, planning.views
    citing: dict[str, list[tuple[Card, Source]]] = defaultdict(list)
    for card in sorted(site.cards, key=lambda c: c.slug):
        for source in card.sources:
            citing[source.seed].append((card, source))
    return [
        spec_of(views.seed(seed, tuple(citing[seed.id])), "source.html", seed.path)
        for seed in sorted_seeds(site)
    ]


def content_pages(planning: Planning) -> list[PageSpec]:
    """Return one page a Markdown file of content/pages."""
    site, base_url = planning.site, planning.base_url
    return [
        spec_of(
            ContentView(*_place(urls.content_page(page.slug), base_url), page.title, page.body),
            "page.html",
            page.path,
        )
        for page in site.pages
    ]


def sitemap_page(planning: Planning, pages: list[PageSpec]) -> PageSpec:
    """Return sitemap.xml: every HTML page, with a claim's review date as its last change."""
    entries = tuple(
        sorted(
            (spec.path, spec.view.reviewed if isinstance(spec.view, ClaimView) else None)
            for spec in pages
        )
    )
    key = (planning.base_url, entries)
    return planning.views.unless_same("sitemap", key, lambda: _sitemap(planning, entries))


def _sitemap(planning: Planning, entries: tuple[tuple[str, str | None], ...]) -> PageSpec:
    base_url = planning.base_url
    view = SitemapView(
        *_place(urls.SITEMAP, base_url),
        tuple(SitemapEntry(urls.absolute(base_url, path), lastmod) for path, lastmod in entries),
    )
    return spec_of(view, "sitemap.xml")


def feed_page(planning: Planning) -> list[PageSpec]:
    """Return the Atom feed: every card, most recently reviewed first."""
    cards, base_url, views = planning.cards, planning.base_url, planning.views
    view = FeedView(*_place(urls.FEED, base_url), machine.feed_updated(cards), "entries")
    parts = {"entries": Parts("_feed_entry.xml", tuple(views.feed_entry(c) for c in cards))}
    return [PageSpec(urls.FEED, "feed.xml", view, parts=parts, late=True)]


def claims_file(planning: Planning) -> list[PageSpec]:
    """Return claims.json, written from data: every card (by slug) and every seed."""
    site, base_url = planning.site, planning.base_url
    view = ClaimsView(
        *_place(urls.CLAIMS_JSON, base_url),
        tuple(sorted(site.cards, key=lambda card: card.slug)),
        site.seeds,
        site.config,
        base_url,
    )
    return [PageSpec(urls.CLAIMS_JSON, "", view, writer="claims")]


def robots_file(planning: Planning) -> list[PageSpec]:
    """Return robots.txt: every page may be crawled; the sitemap lists them."""
    base_url = planning.base_url
    view = RobotsView(*_place(urls.ROBOTS, base_url), urls.absolute(base_url, urls.SITEMAP))
    return [spec_of(view, "robots.txt")]


def not_found_page(planning: Planning) -> list[PageSpec]:
    """Return 404.html, served at any missing path, so its links are absolute."""
    base_url = planning.base_url
    view = PageView(urls.NOT_FOUND, f"{base_url}/", urls.absolute(base_url, urls.NOT_FOUND))
    return [spec_of(view, "404.html")]


# The site's pages in the order they are planned; the sitemap lists every one of them.
PAGE_PLANNERS: list[Planner] = [
    index_pages,
    sources_index,
    claim_pages,
    seed_pages,
    content_pages,
]
# The files about those pages, planned after the sitemap.
FILE_PLANNERS: list[Planner] = [feed_page, claims_file, robots_file, not_found_page]


def assign_paths(
    specs: Iterable[PageSpec], static_files: tuple[str, ...]
) -> tuple[list[PageSpec], list[Diagnostic]]:
    """Return the pages that own their paths, and a problem for each published over another."""
    owners = {name: f"static/{name}" for name in static_files}  # static files come first
    kept: list[PageSpec] = []
    collisions: list[Diagnostic] = []
    for spec in specs:
        if spec.path in owners:
            message = f"two files would both be published as {spec.path}"
            collisions.append(Diagnostic(spec.source or owners[spec.path], 1, 1, "error", message))
            continue
        owners[spec.path] = spec.source or spec.layout
        kept.append(spec)
    return kept, collisions


def sort_cards(cards: Iterable[Card]) -> list[Card]:
    """Return cards most recently reviewed first, then by slug, so output order is stable."""
    return sorted(cards, key=lambda card: (-card.reviewed.toordinal(), card.slug))


def sorted_seeds(site: Site) -> list[Seed]:
    """Return the seeds in id order."""
    return [site.seeds[seed_id] for seed_id in sorted(site.seeds)]
