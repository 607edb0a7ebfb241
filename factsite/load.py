"""Loads a site's folder (settings, seeds, cards, pages) into plain data and diagnostics."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from yaml.nodes import MappingNode, Node

from .inputs import check_file, list_tree, open_folder, read_bytes, stays_home
from .markup import page_image_problems
from .model import (
    CONFIDENCE_LEVELS,
    FILE_START,
    STANCES,
    Card,
    Diagnostic,
    Page,
    Passage,
    Pos,
    Seed,
    SiteConfig,
    Source,
)
from .urls import base_url_problem
from .yamlread import (
    SLUG,
    FileReport,
    as_choice,
    as_date,
    as_list,
    as_slug,
    as_text,
    describe_char,
    fields,
    node_text,
    parse_yaml,
    pos_of,
)

T = TypeVar("T")
CLAIMS = "content/claims"  # the cards, one YAML file each
PAGES = "content/pages"  # the Markdown pages
SEED_ID = re.compile(r"[A-Za-z0-9_-]+")
_HEADING = re.compile(r"# +(.+?)\s*#*\s*")  # a page's title line, matched whole
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")  # a fenced code block's opening or closing line
_LINE = re.compile(r"\r\n|\r|\n")  # a seed's lines end as any platform ends them
# Seeds keep their archived bytes, so control characters in them are a warning, not an error;
# tab and line ends are text, and bidirectional controls belong to right-to-left writing.
_SEED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The review date of a card whose date is invalid: never shown, as such a card is not published.
_NO_DATE = date.min

CARD_REQUIRED = ("claim", "confidence", "summary", "sources", "reviewed")
CARD_OPTIONAL = ("claimant", "claim_date", "tags")
SOURCE_REQUIRED = ("seed", "quote", "stance")
SITE_REQUIRED = ("title", "base_url")
SITE_OPTIONAL = ("description", "language", "publisher", "repo_url")
SEED_REQUIRED = ("title",)
SEED_OPTIONAL = ("publisher", "published", "url", "note")


def list_cards(root: Path, diagnostics: list[Diagnostic]) -> list[str]:
    """Return the card files of content/claims, reporting any stray file there."""
    missing = "cards folder is missing; expected the cards here, one <slug>.yaml file each"
    return content_files(root, CLAIMS, ".yaml", diagnostics, missing)


def load_pages(root: Path, diagnostics: list[Diagnostic]) -> tuple[Page, ...]:
    """Return the Markdown pages of content/pages that could be read."""
    return tuple(
        page
        for path in content_files(root, PAGES, ".md", diagnostics)
        if (page := load_page(root, path, diagnostics)) is not None
    )


def read_text(root: Path, rel: str, diagnostics: list[Diagnostic], missing: str = "") -> str | None:
    """Return an input file's text, or report why it cannot be read safely."""
    report = FileReport(rel, diagnostics)
    data = read_bytes(root, rel, report, missing)
    if data is None:
        return None
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


def load_config(root: Path, diagnostics: list[Diagnostic]) -> SiteConfig:
    """Read content/site.yaml; report problems and fall back to a usable placeholder."""
    fallback = SiteConfig(title="Untitled", base_url="https://example.invalid")
    report = FileReport("content/site.yaml", diagnostics)
    if os.path.islink(os.path.join(root, "content")) and not stays_home(root, "content", report):
        return fallback
    node = _parse_file(root, report, "site settings file is missing")
    values = fields(node, report, SITE_REQUIRED, SITE_OPTIONAL, "site settings") if node else None
    if values is None:
        return fallback
    text = {key: as_text(value, report, key) for key, value in values.items()}
    for key in ("base_url", "repo_url"):
        value = text.get(key)
        if value and not re.match(r"https?://[^/\s]+", value):
            report.error(values[key], f"{key} must be an http(s) URL; found {value!r}")
            text[key] = None
        elif value and (problem := base_url_problem(value)):  # a newline would end up in robots.txt
            report.error(values[key], f"{key} {problem}; found {value!r}")
            text[key] = None
    return SiteConfig(
        title=text.get("title") or fallback.title,
        base_url=(text.get("base_url") or fallback.base_url).rstrip("/"),
        description=text.get("description") or "",
        language=text.get("language") or "en",
        publisher=text.get("publisher") or "",
        repo_url=(text.get("repo_url") or "").rstrip("/"),
    )


def _parse_file(root: Path, report: FileReport, missing: str = "") -> Node | None:
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


def load_seeds(root: Path, diagnostics: list[Diagnostic]) -> dict[str, Seed]:
    """Read seeds/*.txt and their metadata in seeds/sources.yaml."""
    files = _seed_files(root, diagnostics)
    if files is None:
        return {}
    meta = _load_seed_meta(root, diagnostics)
    seeds: dict[str, Seed] = {}
    for rel in files:
        seed_id = Path(rel).stem
        info = meta.pop(seed_id, None)  # described and present, even if it cannot be read
        text = read_text(root, rel, diagnostics)
        if info is None:
            FileReport(rel, diagnostics).error(
                FILE_START, f"seed {seed_id!r} has no entry in seeds/sources.yaml"
            )
        if info is None or text is None:
            continue
        _warn_of_controls(FileReport(rel, diagnostics), text)
        seeds[seed_id] = dataclasses.replace(info[1], path=rel, passages=split_passages(text))
    for seed_id, (at, _) in sorted(meta.items()):
        FileReport("seeds/sources.yaml", diagnostics).error(
            at, f"seeds/sources.yaml describes {seed_id!r} but seeds/{seed_id}.txt does not exist"
        )
    return seeds


def split_passages(text: str) -> tuple[Passage, ...]:
    """Number a seed's non-empty lines from 1; a line ends at LF, CRLF or a lone CR."""
    lines = _LINE.split(text)
    return tuple(Passage(n, line) for n, line in enumerate((ln for ln in lines if ln.strip()), 1))


def _warn_of_controls(report: FileReport, text: str) -> None:
    """Warn of the first control character of a seed: kept as archived, but no quote holds it."""
    found = _SEED_CONTROL.search(text)
    if found is None:
        return
    before = _LINE.split(text[: found.start()])
    line, col = len(before), len(before[-1]) + 1
    report.warning(
        Pos(line, col),
        f"seed holds control character {describe_char(found.group())} at column {col}",
        "the archived text is kept as it is, but a quote cannot include this character",
    )


def _seed_files(root: Path, diagnostics: list[Diagnostic]) -> list[str] | None:
    """Return the seed files of seeds/ (None without a usable folder); report stray files."""
    entries = open_folder(root, "seeds", diagnostics)
    if entries is None:
        return None
    found = []
    for entry in entries:
        stem, suffix = os.path.splitext(entry.name)
        if entry.name == "sources.yaml":
            continue
        if suffix != ".txt" or entry.is_folder or not SEED_ID.fullmatch(stem):
            FileReport(entry.rel, diagnostics).error(
                FILE_START,
                "unexpected file in seeds/; expected <id>.txt (letters, digits, _ and -)",
            )
        else:
            found.append(entry.rel)
    return found


def _load_seed_meta(root: Path, diagnostics: list[Diagnostic]) -> dict[str, tuple[Pos, Seed]]:
    report = FileReport("seeds/sources.yaml", diagnostics)
    node = _parse_file(root, report, "seed metadata file is missing")
    if node is None:
        return {}
    if not isinstance(node, MappingNode):
        report.error(node, "expected a mapping of seed ids to their metadata")
        return {}
    entries: dict[str, tuple[Pos, Seed]] = {}
    for key, value in node.value:
        seed_id = node_text(key)
        if key.tag != "tag:yaml.org,2002:str":
            report.error(key, f"seed id {seed_id!r} must be text", f'quote it: "{seed_id}":')
            continue
        values = fields(value, report, SEED_REQUIRED, SEED_OPTIONAL, f"seed {seed_id!r}")
        if values is not None:
            entries[seed_id] = (pos_of(key), _seed_info(seed_id, values, report))
    return entries


def _seed_info(seed_id: str, values: dict[str, Node], report: FileReport) -> Seed:
    """Return a seed's metadata (its text is added once the file is read)."""
    text = {
        key: as_text(node, report, key) or "" for key, node in values.items() if key != "published"
    }
    published = values.get("published")
    return Seed(
        id=seed_id,
        path="",
        passages=(),
        title=text.get("title") or "Untitled",
        publisher=text.get("publisher", ""),
        published=as_date(published, report, "published") if published else None,
        url=text.get("url", ""),
        note=text.get("note", ""),
    )


def load_card(root: Path, rel: str, diagnostics: list[Diagnostic]) -> Card | None:
    """Read one card file; return None when any of it is invalid (its problems are reported)."""
    card = read_card(root, rel, diagnostics)
    return None if card.invalid else card


def read_card(root: Path, rel: str, diagnostics: list[Diagnostic]) -> Card:
    """Read one card file; return what of it is valid, naming the rest in `invalid`."""
    report = FileReport(rel, diagnostics)
    node = _parse_file(root, report)
    values = fields(node, report, CARD_REQUIRED, CARD_OPTIONAL, "a card") if node else None
    slug = os.path.splitext(os.path.basename(rel))[0]
    if values is None:
        # No field could be read: a stand-in that cites nothing and is never published.
        return Card(slug, rel, "", "", "", (), _NO_DATE, invalid=frozenset(CARD_REQUIRED))
    return _build_card(slug, rel, values, report)


def _build_card(slug: str, rel: str, values: dict[str, Node], report: FileReport) -> Card:
    """Return a card from its fields; each field that is missing or wrong is named invalid."""
    invalid = {key for key in CARD_REQUIRED if key not in values}

    def read(key: str, convert: Callable[[Node, FileReport, str], T | None]) -> T | None:
        if key not in values:
            return None
        count = len(report.diagnostics)
        value = convert(values[key], report, key)
        if value is None or report.errors_since(count):
            invalid.add(key)
        return value

    claim = read("claim", as_text) or ""
    confidence = read("confidence", _confidence)
    summary = read("summary", as_text)
    sources = read("sources", _card_sources)
    reviewed = read("reviewed", as_date)
    claimant = read("claimant", as_text)
    claim_date = read("claim_date", as_date)
    tags = read("tags", _tags)
    return Card(
        slug=slug,
        path=rel,
        claim=" ".join(claim.split()),
        confidence=confidence or "",
        summary=summary or "",
        sources=sources or (),
        reviewed=reviewed or _NO_DATE,
        claimant=claimant or "",
        claim_date=claim_date,
        tags=tags or (),
        pos={"": FILE_START, **{key: pos_of(node) for key, node in values.items()}},
        invalid=frozenset(invalid),
    )


def _confidence(node: Node, report: FileReport, field: str) -> str | None:
    return as_choice(node, report, field, CONFIDENCE_LEVELS)


def _tags(node: Node, report: FileReport, field: str) -> tuple[str, ...]:
    tags: list[str] = []
    for item in as_list(node, report, field) or []:
        tag = as_slug(item, report, "tag")
        if tag in tags:
            report.error(item, f"tag {tag!r} is listed twice")
        elif tag is not None:
            tags.append(tag)
    return tuple(tags)


def _card_sources(node: Node, report: FileReport, field: str) -> tuple[Source, ...]:
    items = as_list(node, report, field)
    if items is None:
        return ()
    if not items:
        report.error(node, "sources must list at least one source")
    return tuple(_card_source(item, report) for item in items)


def _card_source(item: Node, report: FileReport) -> Source:
    """Return one source; a part that is missing or wrong is left empty (and reported)."""
    values = fields(item, report, SOURCE_REQUIRED, ("note",), "a source")
    if values is None:
        return Source(seed="", quote="", stance="", pos={"": pos_of(item)})

    def read(key: str, convert: Callable[[Node, FileReport, str], str | None]) -> str:
        return (convert(values[key], report, key) or "") if key in values else ""

    return Source(
        seed=read("seed", as_text),
        quote=read("quote", _quote),
        stance=read("stance", _stance),
        note=read("note", as_text),
        pos={"": pos_of(item), **{key: pos_of(value) for key, value in values.items()}},
    )


def _stance(node: Node, report: FileReport, field: str) -> str | None:
    return as_choice(node, report, field, STANCES)


def _quote(node: Node, report: FileReport, field: str) -> str | None:
    if getattr(node, "tag", "") == "tag:yaml.org,2002:str" and not str(node.value).strip():
        report.error(node, "quote is empty", "copy the words you rely on from the seed")
        return None
    return as_text(node, report, field)


def load_page(root: Path, rel: str, diagnostics: list[Diagnostic]) -> Page | None:
    """Read one Markdown page; its title is its first `# ` heading outside a code block."""
    text = read_text(root, rel, diagnostics)
    if text is None:
        return None
    heading = _title_line(text)
    if heading is None:
        FileReport(rel, diagnostics).error(FILE_START, "page has no title; start it with '# Title'")
        return None
    start, end, title = heading
    diagnostics.extend(page_image_problems(rel, text))
    body = text[:start] + text[end:]
    return Page(slug=Path(rel).stem, path=rel, title=title, body=body.strip() + "\n")


def _title_line(text: str) -> tuple[int, int, str] | None:
    """Return where a page's title line starts and ends, and the title; skip fenced code."""
    fence = ""
    start = 0
    for line in text.split("\n"):
        marker = _FENCE.match(line)
        run, rest = (marker.group(1), line[marker.end() :]) if marker else ("", "")
        if fence:
            # A fence closes with its own character, at least as many times, and nothing else.
            if run.startswith(fence) and not rest.strip():
                fence = ""
        elif run and not (run[0] == "`" and "`" in rest):  # backticks in its info: inline code
            fence = run
        elif heading := _HEADING.fullmatch(line):
            return start, start + len(line), heading.group(1)
        start += len(line) + 1
    return None


def load_layouts(root: Path, diagnostics: list[Diagnostic]) -> dict[str, str]:
    """Read every template under layouts/ into memory, keyed by its name there."""
    layouts = {}
    for rel in list_tree(root, "layouts", diagnostics, "layouts folder is missing"):
        text = read_text(root, rel, diagnostics)
        if text is not None:
            layouts[rel.removeprefix("layouts/")] = text
    return layouts


def list_static(root: Path, diagnostics: list[Diagnostic]) -> tuple[str, ...]:
    """List the plain files under static/ (copied as they are) after checking each one."""
    return tuple(
        rel.removeprefix("static/")
        for rel in list_tree(root, "static", diagnostics)
        if check_file(root, rel, FileReport(rel, diagnostics)) is not None
    )
