"""Renders a verified site into pages: {output path: bytes}, through the Jinja layouts."""

from __future__ import annotations

import contextlib
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType

import jinja2

from .bulk import TextMemo, frozen_heap, render_pages, worker_count
from .feeds import JsonDocuments, card_record, claims_document, feed_updated, seed_records
from .fragments import CardFragments, fragment_renderer
from .jsonld import claim_review, script_json
from .layoutcache import layout_cache
from .links import is_web_url, quote_fragment
from .markup import highlight, markdown_block, markdown_inline
from .model import CONFIDENCE_LEVELS, FILE_START, RUBRIC, Card, Diagnostic, Seed, Site, Source
from .sink import PageSink

LAYOUT_PREFIX = "layouts/"
# A page depending on more content than this (a listing) is among the slowest to render.
LARGE_PAGE_DEPS = 64


@dataclass(frozen=True)
class PageSpec:
    """One output file: where it goes, which layout makes it, and what the layout is given.

    `deps` names the content the page shows, so a rebuild can skip pages an edit cannot
    change. Every page also depends on site.yaml, the layouts and the list of pages (the
    navigation); a change to those rebuilds everything. The keys:
      card:<slug>   the whole card          seed:<id>   the seed's text and metadata
      cited:<id>    which cards cite the seed, and where
      listing       the cards as listed: slug, claim, confidence, tags, seeds, reviewed
      listed:<slug> one card as listed      tally       how many cards, per level, and the tags
      dated         the cards' slugs and review dates      cards  anything in any card
    """

    path: str
    layout: str
    context: Mapping[str, object] = field(default_factory=dict)
    source: str = ""  # the content file this page comes from, for collision reports
    deps: frozenset[str] = frozenset()


class LayoutLoader(jinja2.BaseLoader):
    """Serves layouts from memory, naming each `layouts/<name>` so errors point at the file."""

    def __init__(self, layouts: Mapping[str, str]) -> None:
        self.layouts = layouts

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template not in self.layouts:
            raise jinja2.TemplateNotFound(template)
        source = self.layouts[template]
        return source, LAYOUT_PREFIX + template, lambda: self.layouts.get(template) == source

    def list_templates(self) -> list[str]:
        return sorted(self.layouts)


def make_environment(layouts: Mapping[str, str]) -> jinja2.Environment:
    """Return the one Jinja environment a build uses: autoescaping, strict about undefined names."""
    env = jinja2.Environment(
        loader=LayoutLoader(layouts),
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=layout_cache(),
    )
    env.filters.update(
        markdown=markdown_block,
        markdown_inline=markdown_inline,
        highlight=highlight,
        fragment=quote_fragment,
        json_script=script_json,
        json_pieces=JsonDocuments.once,
    )
    env.tests["web_url"] = is_web_url
    return env


def use_site(env: jinja2.Environment, site: Site, base_url: str, fragments: CardFragments) -> None:
    """Give the layouts the functions that make things per card, for this site's state.

    card_fragment(name, card, ...) renders a layout for one card, kept while the card is
    unchanged; claim_review(card) is a claim page's ClaimReview; claims_document(cards) is
    claims.json, each card's record made once.
    """
    seeds, config = site.seeds, site.config
    fragments.use_site(seeds, config, base_url)

    def record(card: Card) -> dict[str, object]:
        return fragments.of_card(card, "claims.json", lambda: card_record(card, seeds, base_url))

    def document(cards: list[Card]) -> dict[str, object]:
        seed_index = fragments.of_site("claims.json", lambda: seed_records(seeds, base_url))
        return claims_document([record(card) for card in cards], seed_index, config, base_url)

    env.globals.update(
        card_fragment=fragment_renderer(env, fragments, config, base_url),
        claim_review=lambda card: claim_review(card, seeds, config, base_url),
        claims_document=document,
    )


def plan_pages(site: Site, base_url: str) -> list[PageSpec]:
    """List every page the site has, with the data each layout needs."""
    cards = sort_cards(site.cards)
    pages = [
        *listing_pages(site, cards),
        *claim_pages(site, cards, base_url),
        *source_pages(site),
        *content_pages(site),
    ]
    return [
        *pages,
        sitemap_page(site, pages),
        *machine_pages(site, cards),
        PageSpec("404.html", "404.html", {"root": base_url + "/"}),
    ]


def listing_pages(site: Site, cards: list[Card]) -> list[PageSpec]:
    """Return the index, one filtered index per level and per tag, and the sources index."""
    return [*index_pages(cards), sources_index(site)]


def index_pages(cards: list[Card]) -> list[PageSpec]:
    """Return the index and one filtered index per level and per tag."""

    def index(path: str, chosen: list[Card], level: str | None, tag: str | None) -> PageSpec:
        context = {
            "cards": chosen,
            "groups": group_by_level(chosen),
            "filter_level": level,
            "filter_tag": tag,
        }
        # An index lists its own cards; of the others it shows only the tally and the tags.
        deps = frozenset({"tally", *(f"listed:{card.slug}" for card in chosen)})
        return PageSpec(path, "index.html", context, deps=deps)

    # One pass over the cards: a pass per tag grew as cards x tags.
    by_level: dict[str, list[Card]] = {level: [] for level in CONFIDENCE_LEVELS}
    by_tag: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        by_level[card.confidence].append(card)
        for tag in card.tags:
            by_tag[tag].append(card)
    specs = [index("index.html", cards, None, None)]
    for level, chosen in by_level.items():
        specs.append(index(f"confidence/{level}/index.html", chosen, level, None))
    for tag in sorted(by_tag):
        specs.append(index(f"tags/{tag}/index.html", by_tag[tag], None, tag))
    return specs


def sources_index(site: Site) -> PageSpec:
    """Return the sources index: every seed with how many cards cite it."""
    context = {"seed_list": seed_citation_counts(site)}
    deps = frozenset({"listing", *(f"seed:{seed_id}" for seed_id in site.seeds)})
    return PageSpec("sources/index.html", "sources.html", context, deps=deps)


def group_by_level(cards: list[Card]) -> list[tuple[str, list[Card]]]:
    """Return the cards grouped by confidence, levels in rubric order, empty groups left out."""
    groups: dict[str, list[Card]] = {level: [] for level in CONFIDENCE_LEVELS}
    for card in cards:
        groups[card.confidence].append(card)
    return [(level, chosen) for level, chosen in groups.items() if chosen]


def claim_pages(site: Site, cards: list[Card], base_url: str) -> list[PageSpec]:
    """Return one page a card; it shows the card, the seeds it quotes and its ClaimReview."""
    return [
        PageSpec(
            f"claims/{card.slug}/index.html",
            "claim.html",
            {"card": card},
            card.path,
            frozenset({f"card:{card.slug}", *(f"seed:{seed}" for seed in card.seed_ids)}),
        )
        for card in cards
    ]


def source_pages(site: Site, only: Collection[str] | None = None) -> list[PageSpec]:
    """Return one page a seed, passage by passage, with the cards that cite each passage.

    `only` names the seeds whose pages are wanted; None wants them all.
    """
    cited = citations_by_passage(site.cards, only)
    return [
        PageSpec(
            f"sources/{seed.id}/index.html",
            "source.html",
            {"seed": seed, "cited": cited.get(seed.id, {})},
            seed.path,
            # The "cited by" lists show each citing card as listed: its claim and confidence.
            frozenset(
                {f"seed:{seed.id}", f"cited:{seed.id}"}
                | {f"listed:{card.slug}" for card in citing_cards(cited.get(seed.id, {}))}
            ),
        )
        for seed in sorted_seeds(site)
        if only is None or seed.id in only
    ]


def citing_cards(passages: Mapping[int, list[tuple[Card, Source]]]) -> list[Card]:
    """Return the cards that cite any of a seed's passages, once each."""
    return list({card.slug: card for cites in passages.values() for card, _ in cites}.values())


def content_pages(site: Site) -> list[PageSpec]:
    """Return one page a Markdown file of content/pages, published at /<slug>/."""
    return [
        PageSpec(f"{page.slug}/index.html", "page.html", {"page": page}, page.path)
        for page in site.pages
    ]


def sitemap_page(site: Site, pages: list[PageSpec]) -> PageSpec:
    """Return sitemap.xml: every HTML page, with a claim's review date as its last change."""
    entries = [
        (spec.path, card.reviewed.isoformat() if isinstance(card, Card) else None)
        for spec in pages
        for card in [spec.context.get("card")]
    ]
    # It lists the cards' pages and review dates (dated), the tags' pages (tally), the seeds'
    # pages and, as all pages do, the content pages through the navigation.
    deps = frozenset({"dated", "tally", *(f"seed:{seed_id}" for seed_id in site.seeds)})
    return PageSpec("sitemap.xml", "sitemap.xml", {"entries": sorted(entries)}, deps=deps)


def machine_pages(site: Site, cards: list[Card]) -> list[PageSpec]:
    """Return the Atom feed (cards in sort_cards order), claims.json and robots.txt."""
    # claims.json shows every card and seed in full: it names each, so a rebuild can tell.
    every_card = frozenset(f"card:{card.slug}" for card in cards)
    seeds = frozenset(f"seed:{seed_id}" for seed_id in site.seeds)
    feed = {"entries": cards, "updated": feed_updated(cards)}
    by_slug = sorted(cards, key=lambda card: card.slug)
    return [
        PageSpec("feed.xml", "feed.xml", feed, deps=frozenset({"cards"})),
        PageSpec("claims.json", "claims.json", {"cards": by_slug}, deps=every_card | seeds),
        PageSpec("robots.txt", "robots.txt"),
    ]


def sort_cards(cards: tuple[Card, ...]) -> list[Card]:
    """Return cards most recently reviewed first, then by slug, so output order is stable."""
    return sorted(cards, key=lambda card: (-card.reviewed.toordinal(), card.slug))


def sorted_seeds(site: Site) -> list[Seed]:
    return [site.seeds[seed_id] for seed_id in sorted(site.seeds)]


def seed_citation_counts(site: Site) -> list[tuple[Seed, int]]:
    """Return every seed with the number of cards that cite it."""
    # One pass over the cards: asking every card about every seed grew as cards x seeds.
    counts = Counter(seed_id for card in site.cards for seed_id in card.seed_ids)
    return [(seed, counts[seed.id]) for seed in sorted_seeds(site)]


def citations_by_passage(
    cards: tuple[Card, ...], only: Collection[str] | None = None
) -> dict[str, dict[int, list[tuple[Card, Source]]]]:
    """Return, per seed (of `only`, if given) and passage, the cards and sources citing it."""
    cited: dict[str, dict[int, list[tuple[Card, Source]]]] = defaultdict(lambda: defaultdict(list))
    for card in sorted(cards, key=lambda c: c.slug):
        for source in card.sources:
            if source.match is not None and (only is None or source.seed in only):
                cited[source.seed][source.match.passage].append((card, source))
    return {seed: dict(passages) for seed, passages in cited.items()}


def relative_root(path: str) -> str:
    """Return the prefix that leads from an output file back to the site's root."""
    return "../" * path.count("/")


def pretty_url(base_url: str, path: str) -> str:
    """Return a page's absolute URL, without the trailing index.html."""
    return f"{base_url}/{path.removesuffix('index.html')}"


def render_site(
    site: Site, keep: PageSink, base_url: str | None = None, workers: int | None = None
) -> tuple[int, list[Diagnostic]]:
    """Render every page into `keep` as it is made; return how many, and the problems met.

    The problems (layout failures, pages published over another file) come in plan order.
    `workers` processes render the pages (forked; the output is the same byte for byte);
    None leaves it to FACTSITE_WORKERS, else to the site's size and the cores at hand.
    """
    base = (base_url or site.config.base_url).rstrip("/")
    env = make_environment(site.layouts)
    use_site(env, site, base, CardFragments())
    # A summary shows on its claim page and again in the feed: render each text once.
    memos = [TextMemo(env.filters[name]) for name in ("markdown", "markdown_inline")]
    env.filters.update(markdown=memos[0], markdown_inline=memos[1])
    # The loaded site lives as long as the build: collections need not rescan it (planning
    # 10,000 cards took 2.7 s with them, 1.1 s without).
    with frozen_heap():
        shared = site_context(site, base)
        planned = _plan_outputs(site, base)
        specs = [spec for spec in planned if isinstance(spec, PageSpec)]
        count = worker_count(len(specs), workers)

        def render_one(index: int) -> list[Diagnostic]:
            found: list[Diagnostic] = []
            render_into(env, specs[index], shared, base, found, keep)  # in a worker too
            return found

        found: dict[int, list[Diagnostic]] = {}
        for index, problems in _render_all(env, specs, render_one, memos, count):
            if problems:
                found[index] = problems
    # A page is put unless its layout failed, and a failure is always reported.
    return len(specs) - len(found), _in_plan_order(planned, found)


def _plan_outputs(site: Site, base: str) -> list[PageSpec | Diagnostic]:
    """Return the pages in plan order, with a problem in place of each that would collide."""
    return list(claim_paths(plan_pages(site, base), site.static_files))


def claim_paths(
    specs: Iterable[PageSpec], static_files: tuple[str, ...]
) -> Iterator[PageSpec | Diagnostic]:
    """Yield each page in order, or a problem in place of one published over an earlier file."""
    # The first owner of a path keeps it, static files first.
    owners = {name: f"static/{name}" for name in static_files}
    for spec in specs:
        if spec.path in owners:
            message = f"two files would both be published as {spec.path}"
            yield Diagnostic(spec.source or owners[spec.path], 1, 1, "error", message)
            continue
        owners[spec.path] = spec.source or spec.layout
        yield spec


def _render_all(
    env: jinja2.Environment,
    specs: list[PageSpec],
    render_one: Callable[[int], list[Diagnostic]],
    memos: list[TextMemo],
    count: int,
) -> Iterator[tuple[int, list[Diagnostic]]]:
    """Render every page in `count` processes; yield each as it is done."""
    # Pages that show many things (listings) take longest, so they start first; pages that
    # show something of every card (the feed's summaries) come last, once all are rendered.
    first = [i for i, spec in enumerate(specs) if len(spec.deps) > LARGE_PAGE_DEPS]
    last = [i for i, spec in enumerate(specs) if "cards" in spec.deps]
    if count > 1:
        _compile_layouts(env, {spec.layout for spec in specs})  # once, not once a worker
    return render_pages(len(specs), render_one, memos, count, first, last)


def _compile_layouts(env: jinja2.Environment, names: set[str]) -> None:
    """Compile the layouts into the environment's cache; failures are reported per page."""
    for name in sorted(names):
        with contextlib.suppress(Exception):  # render_page reports it where it is used
            env.get_template(name)


def _in_plan_order(
    planned: list[PageSpec | Diagnostic], found: Mapping[int, list[Diagnostic]]
) -> list[Diagnostic]:
    """Return the collisions and the problems found rendering page i, in plan order."""
    diagnostics: list[Diagnostic] = []
    index = 0
    for item in planned:
        if isinstance(item, Diagnostic):
            diagnostics.append(item)
        else:
            diagnostics.extend(found.get(index, ()))
            index += 1
    return diagnostics


def site_context(site: Site, base_url: str) -> dict[str, object]:
    """Return what every layout may use: settings, seeds, rubric, levels and their tally."""
    counts = Counter(card.confidence for card in site.cards)
    return {
        "site": site.config,
        "base_url": base_url,
        "seeds": site.seeds,
        "rubric": RUBRIC,
        "levels": CONFIDENCE_LEVELS,
        "pages": sorted(site.pages, key=lambda page: page.slug),
        "tally": {"all": len(site.cards), **{level: counts[level] for level in CONFIDENCE_LEVELS}},
        "tags": sorted({tag for card in site.cards for tag in card.tags}),
    }


def render_page(
    env: jinja2.Environment,
    spec: PageSpec,
    shared: Mapping[str, object],
    base_url: str,
    diagnostics: list[Diagnostic],
) -> bytes | None:
    """Render one page to bytes; None if its layout failed (reported in diagnostics)."""
    page = _PageText()
    render_into(env, spec, shared, base_url, diagnostics, page)
    return None if page.text is None else page.text.encode("utf-8")


class _PageText:
    """A sink for one page, kept as text, in the process that renders it."""

    def __init__(self) -> None:
        self.text: str | None = None

    def put(self, path: str, pieces: Iterable[str]) -> None:
        self.text = "".join(pieces)


class _LayoutFailed(Exception):
    """A layout raised while its page was being put; the layout's own exception is kept."""


def render_into(
    env: jinja2.Environment,
    spec: PageSpec,
    shared: Mapping[str, object],
    base_url: str,
    diagnostics: list[Diagnostic],
    keep: PageSink,
) -> None:
    """Render one page into `keep`; a layout that fails is reported at its own file and line.

    An error of the sink's own (a full disk) is not the layout's: it is raised.
    """
    context = {
        **shared,
        "root": relative_root(spec.path),
        "page_path": spec.path,
        "canonical": pretty_url(base_url, spec.path),
        **spec.context,
    }
    failures: list[Exception] = []
    try:
        keep.put(spec.path, _layout_output(env.get_template(spec.layout), context, failures))
    except jinja2.TemplateSyntaxError as exc:
        diagnostics.append(
            Diagnostic(
                exc.filename or LAYOUT_PREFIX + (exc.name or spec.layout),
                exc.lineno,
                1,
                "error",
                f"layout syntax: {exc.message}",
            )
        )
    except jinja2.TemplateNotFound as exc:
        diagnostics.append(
            Diagnostic(
                LAYOUT_PREFIX + spec.layout, *_pos1(), "error", f"layout {exc.name!r} is missing"
            )
        )
    except _LayoutFailed:
        failure = failures[0]
        path, line = _template_frame(failure.__traceback__, spec.layout)
        message = f"layout failed while rendering {spec.path}: {_reason(failure)}"
        diagnostics.append(Diagnostic(path, line, 1, "error", message))


def _layout_output(
    template: jinja2.Template, context: Mapping[str, object], failures: list[Exception]
) -> Iterator[str]:
    """Yield the layout's text piece by piece, setting aside any failure of the layout."""
    try:
        yield from template.generate(context)
    except (jinja2.TemplateSyntaxError, jinja2.TemplateNotFound):
        raise  # a layout it includes: reported as such
    except Exception as exc:  # any failure inside a layout is the layout's problem
        failures.append(exc)
        raise _LayoutFailed from exc


def _reason(failure: Exception) -> str:
    """Say what went wrong in a layout, also for exceptions that carry no message."""
    if isinstance(failure, MemoryError):
        return "ran out of memory (the layout builds something too large to hold)"
    return str(failure) or type(failure).__name__


def _pos1() -> tuple[int, int]:
    return FILE_START.line, FILE_START.col


def _template_frame(tb: TracebackType | None, layout: str) -> tuple[str, int]:
    """Return the innermost layout file and line in a traceback."""
    found = (LAYOUT_PREFIX + layout, 1)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(LAYOUT_PREFIX):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
