"""Renders a verified site into pages: {output path: bytes}, through the Jinja layouts."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType

import jinja2

from .markup import highlight, markdown_block, markdown_inline
from .model import CONFIDENCE_LEVELS, FILE_START, RUBRIC, Card, Diagnostic, Seed, Site, Source

LAYOUT_PREFIX = "layouts/"


@dataclass(frozen=True)
class PageSpec:
    """One output file: where it goes, which layout makes it, and what the layout is given."""

    path: str
    layout: str
    context: Mapping[str, object] = field(default_factory=dict)
    source: str = ""  # the content file this page comes from, for collision reports


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
    )
    env.filters.update(
        markdown=markdown_block, markdown_inline=markdown_inline, highlight=highlight
    )
    return env


def plan_pages(site: Site, base_url: str) -> list[PageSpec]:
    """List every page the site has, with the data each layout needs."""
    cited = citations_by_passage(site.cards)
    cards = sort_cards(site.cards)
    specs = [
        PageSpec(
            "index.html", "index.html", {"cards": cards, "filter_level": None, "filter_tag": None}
        ),
        PageSpec("sources/index.html", "sources.html", {"seed_list": seed_citation_counts(site)}),
        PageSpec("404.html", "404.html", {"root": base_url + "/"}),
    ]
    for level in CONFIDENCE_LEVELS:
        chosen = [card for card in cards if card.confidence == level]
        specs.append(
            PageSpec(
                f"confidence/{level}/index.html",
                "index.html",
                {"cards": chosen, "filter_level": level, "filter_tag": None},
            )
        )
    for tag in sorted({tag for card in cards for tag in card.tags}):
        chosen = [card for card in cards if tag in card.tags]
        specs.append(
            PageSpec(
                f"tags/{tag}/index.html",
                "index.html",
                {"cards": chosen, "filter_level": None, "filter_tag": tag},
            )
        )
    specs += [
        PageSpec(f"claims/{c.slug}/index.html", "claim.html", {"card": c}, c.path) for c in cards
    ]
    specs += [
        PageSpec(
            f"sources/{seed.id}/index.html",
            "source.html",
            {"seed": seed, "cited": cited.get(seed.id, {})},
            seed.path,
        )
        for seed in sorted_seeds(site)
    ]
    specs += [
        PageSpec(f"{page.slug}/index.html", "page.html", {"page": page}, page.path)
        for page in site.pages
    ]
    return specs


def sort_cards(cards: tuple[Card, ...]) -> list[Card]:
    """Return cards most recently reviewed first, then by slug, so output order is stable."""
    return sorted(cards, key=lambda card: (-card.reviewed.toordinal(), card.slug))


def sorted_seeds(site: Site) -> list[Seed]:
    return [site.seeds[seed_id] for seed_id in sorted(site.seeds)]


def seed_citation_counts(site: Site) -> list[tuple[Seed, int]]:
    """Return every seed with the number of cards that cite it."""
    return [
        (seed, sum(seed.id in card.seed_ids for card in site.cards)) for seed in sorted_seeds(site)
    ]


def citations_by_passage(
    cards: tuple[Card, ...],
) -> dict[str, dict[int, list[tuple[Card, Source]]]]:
    """Return, per seed and passage number, the cards (and their sources) that cite it."""
    cited: dict[str, dict[int, list[tuple[Card, Source]]]] = defaultdict(lambda: defaultdict(list))
    for card in sorted(cards, key=lambda c: c.slug):
        for source in card.sources:
            if source.match is not None:
                cited[source.seed][source.match.passage].append((card, source))
    return {seed: dict(passages) for seed, passages in cited.items()}


def relative_root(path: str) -> str:
    """Return the prefix that leads from an output file back to the site's root."""
    return "../" * path.count("/")


def pretty_url(base_url: str, path: str) -> str:
    """Return a page's absolute URL, without the trailing index.html."""
    return f"{base_url}/{path.removesuffix('index.html')}"


def render_site(
    site: Site, base_url: str | None = None
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Render every page; return the outputs by path and any layout or collision problems."""
    base = (base_url or site.config.base_url).rstrip("/")
    env = make_environment(site.layouts)
    shared = site_context(site, base)
    diagnostics: list[Diagnostic] = []
    outputs: dict[str, bytes] = {}
    owners: dict[str, str] = {name: f"static/{name}" for name in site.static_files}
    for spec in plan_pages(site, base):
        if spec.path in owners:
            diagnostics.append(
                Diagnostic(
                    spec.source or owners[spec.path],
                    1,
                    1,
                    "error",
                    f"two files would both be published as {spec.path}",
                )
            )
            continue
        owners[spec.path] = spec.source or spec.layout
        html = render_page(env, spec, shared, base, diagnostics)
        if html is not None:
            outputs[spec.path] = html
    return outputs, diagnostics


def site_context(site: Site, base_url: str) -> dict[str, object]:
    """Return what every layout may use: settings, seeds, rubric and levels."""
    return {
        "site": site.config,
        "base_url": base_url,
        "seeds": site.seeds,
        "rubric": RUBRIC,
        "levels": CONFIDENCE_LEVELS,
        "pages": sorted(site.pages, key=lambda page: page.slug),
        "all_cards": site.cards,
        "tags": sorted({tag for card in site.cards for tag in card.tags}),
    }


def render_page(
    env: jinja2.Environment,
    spec: PageSpec,
    shared: Mapping[str, object],
    base_url: str,
    diagnostics: list[Diagnostic],
) -> bytes | None:
    """Render one page; a layout that fails is reported at its own file and line."""
    context = {
        **shared,
        "root": relative_root(spec.path),
        "page_path": spec.path,
        "canonical": pretty_url(base_url, spec.path),
        **spec.context,
    }
    try:
        return env.get_template(spec.layout).render(context).encode("utf-8")
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
    except Exception as exc:  # noqa: BLE001 - any failure inside a layout is the layout's problem
        path, line = _template_frame(sys.exc_info()[2], spec.layout)
        diagnostics.append(
            Diagnostic(path, line, 1, "error", f"layout failed while rendering {spec.path}: {exc}")
        )
    return None


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
