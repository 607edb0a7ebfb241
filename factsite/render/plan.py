"""Plans the site's pages: for each output file, the layout that makes it and its view.

Adding a kind of page takes one planner function here, one view in views.py and one
layout: the preview rebuilds it when its view changes, as it does every page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from .. import urls
from ..model import (
    CONFIDENCE_LEVELS,
    Diagnostic,
    Page,
    RubricWords,
    Seed,
    Site,
    VerifiedCard,
    VerifiedSource,
)
from . import machine
from .cardviews import Views as Views  # re-exported: the pipeline makes and remembers them
from .cardviews import tag_links
from .editorial import by_last_change, by_slug
from .links import is_web_url
from .specs import PageSpec as PageSpec  # re-exported: what the stages after plan read
from .specs import Parts as Parts
from .specs import pagination, place
from .specs import spec_of as spec_of
from .views import (
    ClaimsView,
    ClaimView,
    ContentView,
    CorrectionEntry,
    CorrectionsView,
    FeedView,
    LevelCount,
    LevelGroup,
    Link,
    ListedCard,
    ListingView,
    PageView,
    Pagination,
    RobotsView,
    SeedListed,
    SitemapEntry,
    SitemapView,
    SiteView,
    SourcesView,
)

METHODOLOGY = "methodology"
LEVEL_RANK = {level: rank for rank, level in enumerate(CONFIDENCE_LEVELS)}
OVERVIEW = "overview"  # the desk's page on the story as a whole, linked from the index
# A line of a content page that shows the rubric's levels in its place: a comment, so that the
# page's Markdown, read on GitHub, shows nothing there.
RUBRIC_PLACEHOLDER = "<!-- rubric -->"


@dataclass
class Plan:
    """Every page of the site in order, the view all layouts share, and output collisions."""

    site: SiteView
    pages: list[PageSpec]
    collisions: list[Diagnostic]


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
        site.rubric,
        editor=config.editor,
        contact=config.contact,
        contact_href=urls.contact_link(config.contact),
        funding=config.funding,
        content_license=config.content_license,
        search_index=urls.SEARCH_INDEX if config.search else "",
    )


@dataclass(frozen=True)
class Planning:
    """What every planner is given: the verified site, its cards in listing order, the views."""

    site: Site
    cards: list[VerifiedCard]  # most recently reviewed first
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


def index_pages(planning: Planning) -> list[PageSpec]:
    """Return the index, one listing per level and one per tag, each page by page."""
    listed = tuple(planning.views.listed(card) for card in planning.cards)
    overview = overview_link(planning.site)
    # What the listings show, and nothing else.
    key = (planning.base_url, planning.site.config.page_size, listed, overview)
    return planning.views.unless_same(
        "listings", key, lambda: _listings(planning, listed, overview)
    )


def overview_link(site: Site) -> Link | None:
    """Return the link to the story overview page, if the desk has written one."""
    page = next((page for page in site.pages if page.slug == OVERVIEW), None)
    return Link(page.title, urls.content_page(page.slug)) if page else None


@dataclass(frozen=True)
class Frame:
    """What every listing page shows besides its cards: site-wide counts and tags."""

    base_url: str
    words: RubricWords
    page_size: int
    total: int
    tally: tuple[LevelCount, ...]
    tags: tuple[Link, ...]


def _listings(
    planning: Planning, items: tuple[ListedCard, ...], overview: Link | None
) -> list[PageSpec]:
    # Grouped by level as the index shows them; sorted() is stable, so within a level the
    # cards keep the planning order (most recently reviewed first).
    ranked = sorted(
        zip(planning.cards, items, strict=True), key=lambda pair: LEVEL_RANK[pair[1].confidence]
    )
    by_level: dict[str, list[ListedCard]] = {level: [] for level in CONFIDENCE_LEVELS}
    by_tag: dict[str, list[ListedCard]] = defaultdict(list)
    for card, item in ranked:  # one pass: a pass per tag grew as cards x tags
        by_level[card.confidence].append(item)
        for tag in card.tags:
            by_tag[tag].append(item)
    words = planning.site.rubric
    tally = tuple(
        LevelCount(level, words.level(level).name, len(by_level[level]), urls.level_page(level))
        for level in CONFIDENCE_LEVELS
    )
    frame = Frame(
        planning.base_url,
        words,
        planning.site.config.page_size,
        len(items),
        tally,
        tag_links(sorted(by_tag)),
    )
    every = [item for _, item in ranked]
    specs = listing_pages(frame, Listing(urls.INDEX, every), overview)
    for level in CONFIDENCE_LEVELS:  # an empty level still has its page, saying so
        specs += listing_pages(frame, Listing(urls.level_page(level), by_level[level], level))
    for tag in sorted(by_tag):
        specs += listing_pages(frame, Listing(urls.tag_page(tag), by_tag[tag], tag=tag))
    return specs


@dataclass(frozen=True)
class Listing:
    """One listing's cards in its order: the index's, or one level's or one tag's."""

    first: str  # the path of its first page
    items: Sequence[ListedCard]
    level: str | None = None
    tag: str | None = None


def listing_pages(frame: Frame, listing: Listing, overview: Link | None = None) -> list[PageSpec]:
    """Return a listing's pages, page_size cards a page in the listing's order; at least one."""
    size, listed = frame.page_size, len(listing.items)
    count = max(1, -(-listed // size))  # an empty listing still has its one page
    paths = [urls.listing_page(listing.first, n) for n in range(1, count + 1)]
    counts = Counter(item.confidence for item in listing.items)
    return [
        _listing_page(frame, listing, counts, pagination(paths, n, listed, size), path, overview)
        for n, path in enumerate(paths, 1)
    ]


def _listing_page(
    frame: Frame,
    listing: Listing,
    counts: Counter[str],
    pages: Pagination,
    path: str,
    overview: Link | None,
) -> PageSpec:
    """Return one page of a listing: its cards grouped by level, as the index shows them."""
    grouped: dict[str, list[ListedCard]] = {}
    for item in listing.items[pages.first - 1 : pages.last] if pages.listed else ():
        grouped.setdefault(item.confidence, []).append(item)  # in level order already
    level = frame.words.level
    groups = tuple(LevelGroup(lv, level(lv), counts[lv], len(g), lv) for lv, g in grouped.items())
    parts = {lv: Parts("_card_item.html", tuple(g), "    ", "\n") for lv, g in grouped.items()}
    view = ListingView(
        *place(path, frame.base_url),
        listing.level,
        listing.tag,
        level(listing.level) if listing.level else None,
        frame.total,
        frame.tally,
        frame.tags,
        groups,
        overview if pages.number == 1 else None,
        pages,
    )
    return PageSpec(path, "index.html", view, parts=parts)


def sources_index(planning: Planning) -> list[PageSpec]:
    """Return the sources index: every seed with how many cards cite it."""
    site, base_url = planning.site, planning.base_url
    counts = Counter(seed_id for card in site.cards for seed_id in card.seed_ids)
    seeds = tuple(
        SeedListed(seed.name, seed.title, urls.seed_page(seed.id), seed.publisher, counts[seed.id])
        for seed in sorted_seeds(site)
    )
    return [spec_of(SourcesView(*place(urls.SOURCES_INDEX, base_url), seeds), "sources.html")]


def claim_pages(planning: Planning) -> list[PageSpec]:
    """Return one page a card: the claim, its confidence and each source in context."""
    return [planning.views.claim_page(card) for card in planning.cards]


def seed_pages(planning: Planning) -> list[PageSpec]:
    """Return one page a seed, passage by passage, with the cards that cite each passage."""
    site, views = planning.site, planning.views
    citing: dict[str, list[tuple[VerifiedCard, VerifiedSource]]] = defaultdict(list)
    for card in by_slug(site.cards):
        for source in card.sources:
            citing[source.seed].append((card, source))
    return [
        spec_of(views.seed(seed, tuple(citing[seed.id])), "source.html", seed.path)
        for seed in sorted_seeds(site)
    ]


def corrections_page(planning: Planning) -> list[PageSpec]:
    """Return the corrections page: every correction of every card, newest first."""
    found = [(card, c) for card in planning.cards for c in card.corrections]
    # One day's by card slug, and a card's own in its order: sorted() is stable.
    found.sort(key=lambda pair: (-pair[1].date.toordinal(), pair[0].slug))
    entries = tuple(
        CorrectionEntry(
            c.date.isoformat(), c.note, card.claim, urls.claim_page(card.slug), card.draft
        )
        for card, c in found
    )
    view = CorrectionsView(*place(urls.CORRECTIONS, planning.base_url), entries)
    return [spec_of(view, "corrections.html")]


def content_pages(planning: Planning) -> list[PageSpec]:
    """Return one page a Markdown file of content/pages."""
    base_url = planning.base_url
    return [
        spec_of(content_view(page, base_url), "page.html", page.path)
        for page in planning.site.pages
    ]


def content_view(page: Page, base_url: str) -> ContentView:
    """Return a content page's view, split where its placeholder line shows the rubric."""
    where = place(urls.content_page(page.slug), base_url)
    lines = page.body.splitlines(keepends=True)
    at = next((n for n, line in enumerate(lines) if line.strip() == RUBRIC_PLACEHOLDER), None)
    if at is None:
        return ContentView(*where, page.title, page.body)
    before, after = "".join(lines[:at]), "".join(lines[at + 1 :])
    return ContentView(*where, page.title, before, rubric=True, after=after)


def sitemap_page(planning: Planning, pages: list[PageSpec]) -> PageSpec:
    """Return sitemap.xml: every HTML page, with the date of its last change if it has one."""
    entries = tuple(sorted(((s.path, _last_modified(s.view)) for s in pages), key=itemgetter(0)))
    key = (planning.base_url, entries)
    return planning.views.unless_same("sitemap", key, lambda: _sitemap(planning, entries))


def _last_modified(view: PageView) -> str | None:
    """Return when a page last changed: a claim's review or correction, the newest correction."""
    if isinstance(view, ClaimView):
        return view.updated
    if isinstance(view, CorrectionsView) and view.entries:
        return view.entries[0].date
    return None


def _sitemap(planning: Planning, entries: tuple[tuple[str, str | None], ...]) -> PageSpec:
    base_url = planning.base_url
    view = SitemapView(
        *place(urls.SITEMAP, base_url),
        tuple(SitemapEntry(urls.absolute(base_url, path), lastmod) for path, lastmod in entries),
    )
    return spec_of(view, "sitemap.xml")


def feed_page(planning: Planning) -> list[PageSpec]:
    """Return the Atom feed: the newest feed_size cards, latest review or correction first."""
    # A correction carries a card to the top again, as news of it. Only the newest are
    # carried, so that an edit renders and writes a small feed again, not every card.
    cards = by_last_change(planning.cards)[: planning.site.config.feed_size]
    base_url, views = planning.base_url, planning.views
    view = FeedView(*place(urls.FEED, base_url), machine.feed_updated(cards), "entries")
    parts = {"entries": Parts("_feed_entry.xml", tuple(views.feed_entry(c) for c in cards))}
    return [PageSpec(urls.FEED, "feed.xml", view, parts=parts, late=True)]


def claims_file(planning: Planning) -> list[PageSpec]:
    """Return claims.json, written from data: every card (by slug) and every seed."""
    site, base_url = planning.site, planning.base_url
    view = ClaimsView(
        *place(urls.CLAIMS_JSON, base_url),
        tuple(by_slug(site.cards)),
        site.seeds,
        site.config,
        base_url,
        site.rubric,
    )
    return [PageSpec(urls.CLAIMS_JSON, "", view, writer="claims", records=len(view.cards))]


def robots_file(planning: Planning) -> list[PageSpec]:
    """Return robots.txt: every page may be crawled; the sitemap lists them."""
    base_url = planning.base_url
    view = RobotsView(*place(urls.ROBOTS, base_url), urls.absolute(base_url, urls.SITEMAP))
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
    corrections_page,
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
            collisions.append(Diagnostic.error(spec.source or owners[spec.path], message))
            continue
        owners[spec.path] = spec.source or spec.layout
        kept.append(spec)
    return kept, collisions


def sort_cards(cards: Iterable[VerifiedCard]) -> list[VerifiedCard]:
    """Return cards most recently reviewed first, then by slug, so output order is stable."""
    ordered = by_slug(cards)  # then stably by date, as by_last_change does
    ordered.sort(key=attrgetter("reviewed"), reverse=True)
    return ordered


def sorted_seeds(site: Site) -> list[Seed]:
    """Return the seeds in id order."""
    return [site.seeds[seed_id] for seed_id in sorted(site.seeds)]
