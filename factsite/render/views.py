"""What each layout is given: one view a page, made in Python, plus `site`.

A layout reads these and builds nothing: no URL, no lookup, no call back into Python.
Links are written `{{ page.root }}{{ x.path }}`: a path from urls.py after the prefix
that leads from this page back to the site's root. Views are frozen and compare by value,
so a view equal to the one a page was last rendered from means the page is unchanged:
they are also what the preview's rebuild compares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import urls
from ..model import LevelWords, RubricWords, Seed, SiteConfig, VerifiedCard
from .claimreview import claim_review
from .links import passage_fragment


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another page of the site: its text and its path from the site's root."""

    text: str
    path: str


@dataclass(frozen=True, slots=True)
class SiteView:
    """What every layout sees as `site`: the settings, the navigation and the rubric.

    It holds every word of the rubric (ratings and stances too), so that a change to them
    makes a new site view, and so every page and remembered view is made again.
    """

    title: str
    description: str
    language: str
    publisher: str
    repo_url: str  # empty unless an http(s) URL
    base_url: str
    nav: tuple[Link, ...]  # Claims, Sources, then the content pages
    methodology: str | None  # the methodology page's path, if the site has one
    rubric: RubricWords  # levels in order (filter, methodology); labels by level (listed cards)
    home: str = urls.INDEX
    sources: str = urls.SOURCES_INDEX
    corrections: str = urls.CORRECTIONS
    feed: str = urls.FEED
    claims_json: str = urls.CLAIMS_JSON
    search_index: str = urls.SEARCH_INDEX  # what the search box's script imports; "": no box
    # Who stands behind the site, as the settings say (each empty while the desk leaves it out).
    editor: str = ""
    contact: str = ""  # as written: an email address or a web address
    contact_href: str = ""  # the same as a link: mailto: for an address
    funding: str = ""
    content_license: str = ""


@dataclass(frozen=True, slots=True)
class PageView:
    """Where a page sits: its path, the prefix back to the root, and its absolute URL."""

    path: str
    root: str
    canonical: str


@dataclass(frozen=True, slots=True)
class ListedCard:
    """One card as a listing shows it (rendered by `_card_item.html` as `item`)."""

    claim: str
    confidence: str
    path: str
    sources: int  # the articles it cites
    reviewed: str  # YYYY-MM-DD
    tags: tuple[Link, ...]
    draft: bool  # only the preview lists drafts; marked so that nobody takes one as published


@dataclass(frozen=True, slots=True)
class LevelGroup:
    """A listing page's cards of one confidence level; `items` names the part that lists them."""

    level: str
    words: LevelWords
    count: int  # the listing's cards of this level, on all its pages
    shown: int  # those on this page
    items: str


@dataclass(frozen=True, slots=True)
class LevelCount:
    """How many cards a level has site-wide, with the path of its listing."""

    level: str
    name: str  # the level's name, as the tally shows it
    count: int
    path: str


@dataclass(frozen=True, slots=True)
class PageLink:
    """One of a listing's page numbers, or a gap (number 0) that an ellipsis stands for."""

    number: int
    path: str  # empty for a gap
    current: bool


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where a listing page sits among its listing's pages, with the links to the others."""

    number: int
    count: int  # the listing's pages; with one, a layout shows no page links
    first: int  # the position of this page's first card in the listing, from 1; 0 if empty
    last: int  # the position of its last card
    listed: int  # the listing's cards, on all its pages
    previous: str  # the previous page's path; empty on the first page
    next: str  # the next page's path; empty on the last page
    pages: tuple[PageLink, ...]  # the first, the last and those near this one; none for one page


@dataclass(frozen=True, slots=True)
class ListingView(PageView):
    """One page of the index, or of the listing of one level or one tag (`index.html`).

    It holds what this page shows and nothing else, so that an edit re-renders only the
    pages whose cards changed; the tally and the tags are site-wide on every page.
    """

    level: str | None
    tag: str | None
    level_words: LevelWords | None  # the level's, on a level's listing
    total: int
    tally: tuple[LevelCount, ...]
    tags: tuple[Link, ...]  # every tag of the site
    groups: tuple[LevelGroup, ...]
    overview: Link | None  # the story overview page, on the index's first page, if it exists
    pagination: Pagination


@dataclass(frozen=True, slots=True)
class Citation:
    """One source of a claim page: the quote inside its passage, and where it comes from."""

    stance: str
    stance_label: str  # the stance as readers see it ("Context for the claim")
    note: str  # Markdown, inline
    seed_id: str  # shown small, for reference
    seed_name: str  # the seed's label, or its title when it has none
    seed_title: str
    seed_path: str
    publisher: str
    published: str  # YYYY-MM-DD, or empty when not stated
    original_url: str  # empty unless an http(s) URL
    passage_number: int
    passage_anchor: str
    passage_text: str
    spans: tuple[tuple[int, int], ...]

    @property  # made when the page is rendered, and not kept
    def fragment(self) -> str:
        """Return the URL fragment that scrolls the seed's page to the quoted words."""
        return passage_fragment(self.passage_text, self.passage_anchor, self.spans)


@dataclass(frozen=True, slots=True)
class CorrectionView:
    """One correction of a card, as its page and its feed entry show it."""

    date: str  # YYYY-MM-DD
    note: str  # Markdown, inline


@dataclass(frozen=True, slots=True)
class ClaimView(PageView):
    """A card's own page (`claim.html`)."""

    claim: str
    claimant: str
    claim_date: str  # YYYY-MM-DD, or empty when not stated
    confidence: str
    level: LevelWords  # the confidence's name, badge, meaning and ClaimReview rating
    summary: str  # Markdown
    reviewed: str  # YYYY-MM-DD
    verdict: str  # one sentence, or empty
    published: str  # YYYY-MM-DD, or empty when not stated
    updated: str  # YYYY-MM-DD: the review or the latest correction, whichever is later
    lines: tuple[str, ...]  # the names of the lines of reporting that support the claim
    corrections: tuple[CorrectionView, ...]  # latest first
    draft: bool
    citations: tuple[Citation, ...]
    articles: int
    tags: tuple[Link, ...]
    edit_url: str  # empty without a repository
    file_url: str
    reviewed_card: VerifiedCard  # with the seeds it cites, what the ClaimReview is made from
    cited_seeds: tuple[Seed, ...]
    config: SiteConfig
    base_url: str

    @property  # made when the page is rendered, and not kept: a large site has thousands
    def structured(self) -> Mapping[str, object]:
        """Return the ClaimReview, published as JSON-LD."""
        seeds = {seed.id: seed for seed in self.cited_seeds}
        return claim_review(
            self.reviewed_card, seeds, self.config, self.base_url, self.level.rating
        )


@dataclass(frozen=True, slots=True)
class CitingCard:
    """A card as a seed's page lists it under a passage it quotes."""

    claim: str
    path: str
    stance: str
    stance_label: str  # the stance as readers see it ("Supports the claim")
    confidence: str
    level_label: str  # the confidence's badge label ("High confidence")
    draft: bool


@dataclass(frozen=True, slots=True)
class PassageView:
    """One passage of a seed's page, with the quotes of it marked and the cards citing it."""

    number: int
    anchor: str
    text: str
    spans: tuple[tuple[int, int], ...]
    cited_by: tuple[CitingCard, ...]


@dataclass(frozen=True, slots=True)
class SeedView(PageView):
    """A seed's page, passage by passage (`source.html`)."""

    id: str  # shown small, for reference
    label: str  # empty when the seed has none
    title: str
    publisher: str
    published: str  # YYYY-MM-DD, or empty when not stated
    url: str  # empty unless an http(s) URL
    origins: tuple[str, ...]  # the reporting it rests on; none: its own line of reporting
    archived: str  # YYYY-MM-DD, or empty when not stated
    note: str
    cited: int  # passages cited
    passages: tuple[PassageView, ...]


@dataclass(frozen=True, slots=True)
class SeedListed:
    """A seed as the sources index lists it."""

    name: str  # its label, or its title when it has none
    title: str
    path: str
    publisher: str
    cited_by: int


@dataclass(frozen=True, slots=True)
class SourcesView(PageView):
    """The list of every seed (`sources.html`)."""

    seeds: tuple[SeedListed, ...]


@dataclass(frozen=True, slots=True)
class CorrectionEntry:
    """One correction as the corrections page lists it, with the card it corrects."""

    date: str  # YYYY-MM-DD
    note: str  # Markdown, inline
    claim: str
    path: str
    draft: bool


@dataclass(frozen=True, slots=True)
class CorrectionsView(PageView):
    """Every correction of every card, newest first (`corrections.html`)."""

    entries: tuple[CorrectionEntry, ...]


@dataclass(frozen=True, slots=True)
class ContentView(PageView):
    """A page of content/pages (`page.html`).

    A page may show the rubric's levels (`site.rubric`) where a line of its own reads
    `<!-- rubric -->`: `body` is then the Markdown before that line and `after` the rest.
    """

    title: str
    body: str  # Markdown
    rubric: bool = False  # the rubric is shown after `body`
    after: str = ""  # Markdown, after the rubric


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One card in the Atom feed (rendered by `_feed_entry.xml` as `item`)."""

    claim: str
    url: str
    updated: str  # the review or the latest correction, whichever is later
    confidence: str
    label: str  # the confidence's badge label ("High confidence")
    tags: tuple[str, ...]
    summary: str  # Markdown
    corrections: tuple[CorrectionView, ...]  # latest first


@dataclass(frozen=True, slots=True)
class FeedView(PageView):
    """The Atom feed (`feed.xml`); `entries` names the part that holds its entries."""

    updated: str
    entries: str


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One page in the sitemap: its absolute URL and, if it has one, its last change's date."""

    url: str
    lastmod: str | None


@dataclass(frozen=True, slots=True)
class SitemapView(PageView):
    """sitemap.xml."""

    entries: tuple[SitemapEntry, ...]


@dataclass(frozen=True, slots=True)
class RobotsView(PageView):
    """robots.txt."""

    sitemap: str


@dataclass(frozen=True, slots=True)
class ClaimsView(PageView):
    """claims.json, written from data: every card (in slug order) and every seed."""

    cards: tuple[VerifiedCard, ...]
    seeds: Mapping[str, Seed]
    config: SiteConfig
    base_url: str
    rubric: RubricWords  # for the levels' meanings it publishes (machine.py)
