"""Loads a site's folder (settings, seeds, cards, pages) into plain data and diagnostics."""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import date
from pathlib import Path

from yaml.nodes import MappingNode, Node

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
from .yamlread import (
    SLUG,
    FileReport,
    as_choice,
    as_date,
    as_list,
    as_slug,
    as_text,
    fields,
    parse_yaml,
    pos_of,
)

MAX_FILE_BYTES = 1_000_000
CLAIMS = "content/claims"  # the cards, one YAML file each
PAGES = "content/pages"  # the Markdown pages
SEED_ID = re.compile(r"[A-Za-z0-9_-]+")
_HEADING = re.compile(r"^# +(.+?)\s*#*\s*$", re.MULTILINE)

CARD_REQUIRED = ("claim", "confidence", "summary", "sources", "reviewed")
CARD_OPTIONAL = ("claimant", "claim_date", "tags")
SOURCE_REQUIRED = ("seed", "quote", "stance")
SITE_REQUIRED = ("title", "base_url")
SITE_OPTIONAL = ("description", "language", "publisher", "repo_url")
SEED_REQUIRED = ("title",)
SEED_OPTIONAL = ("publisher", "published", "url", "note")


def list_cards(root: Path, diagnostics: list[Diagnostic]) -> list[str]:
    """Return the card files of content/claims, reporting any stray file there."""
    return content_files(root, CLAIMS, ".yaml", diagnostics)


def load_pages(root: Path, diagnostics: list[Diagnostic]) -> tuple[Page, ...]:
    """Return the Markdown pages of content/pages that could be read."""
    return tuple(
        page
        for path in content_files(root, PAGES, ".md", diagnostics)
        if (page := load_page(root, path, diagnostics)) is not None
    )


def read_text(root: Path, rel: str, diagnostics: list[Diagnostic]) -> str | None:
    """Return a content file's text, or report why it cannot be read safely."""
    # Plain os.path calls: pathlib's parsing cost more than the reading for small cards.
    path = os.path.join(root, rel)
    report = FileReport(rel, diagnostics)
    # Folders are checked once when listed; here only the file itself may be a link.
    if os.path.islink(path) and not _inside(root, Path(path)):
        report.error(
            FILE_START,
            "symlink leads outside the site folder",
            f"it points to {Path(path).resolve()}",
        )
        return None
    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_FILE_BYTES:
                report.error(FILE_START, f"file is larger than {MAX_FILE_BYTES:,} bytes")
                return None
            data = file.read()
    except OSError as exc:
        report.error(FILE_START, f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        report.error(FILE_START, f"file is not UTF-8 (byte 0x{data[exc.start]:02x} on line {line})")
        return None


def _inside(root: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def content_files(root: Path, folder: str, suffix: str, diagnostics: list[Diagnostic]) -> list[str]:
    """List a content folder's files; anything that is not a `<slug><suffix>` file is an error."""
    base = root / folder
    if not _listable(root, folder, diagnostics):
        return []
    found = []
    for path in _entries(base):
        rel = f"{folder}/{path.name}"
        if _is_editor_litter(path.name):
            continue
        if path.is_dir():
            FileReport(rel, diagnostics).error(FILE_START, f"unexpected folder in {folder}/")
        elif os.path.splitext(path.name)[1] != suffix:
            FileReport(rel, diagnostics).error(
                FILE_START, f"unexpected file in {folder}/; expected <name>{suffix}"
            )
        elif not SLUG.fullmatch(stem := os.path.splitext(path.name)[0]):
            FileReport(rel, diagnostics).error(
                FILE_START,
                f"file name {stem!r} is not a slug",
                "use lowercase letters, digits and hyphens; the name becomes the page's URL",
            )
        else:
            found.append(rel)
    return found


def _listable(root: Path, folder: str, diagnostics: list[Diagnostic]) -> bool:
    """Tell whether a content folder exists and stays inside the site; report if it leaves."""
    base = root / folder
    if not base.is_dir():
        return False
    if not _inside(root, base):
        FileReport(folder, diagnostics).error(FILE_START, "symlink leads outside the site folder")
        return False
    return True


def _entries(base: Path) -> list[os.DirEntry[str]]:
    """Return a folder's entries sorted by name (scandir: no stat per entry)."""
    with os.scandir(base) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _is_editor_litter(name: str) -> bool:
    """Hidden files and editor backups are not content; every other stray file is reported."""
    return name.startswith((".", "#")) or name.endswith("~")


def load_config(root: Path, diagnostics: list[Diagnostic]) -> SiteConfig:
    """Read content/site.yaml; report problems and fall back to a usable placeholder."""
    rel = "content/site.yaml"
    fallback = SiteConfig(title="Untitled", base_url="https://example.invalid")
    report = FileReport(rel, diagnostics)
    if not (root / rel).is_file():
        report.error(FILE_START, "site settings file is missing")
        return fallback
    node = _parse_file(root, rel, diagnostics)
    values = fields(node, report, SITE_REQUIRED, SITE_OPTIONAL, "site settings") if node else None
    if values is None:
        return fallback
    text = {key: as_text(value, report, key) for key, value in values.items()}
    for key in ("base_url", "repo_url"):
        if text.get(key) and not re.match(r"https?://[^/\s]+", text[key] or ""):
            report.error(values[key], f"{key} must be an http(s) URL; found {text[key]!r}")
            text[key] = None
    return SiteConfig(
        title=text.get("title") or fallback.title,
        base_url=(text.get("base_url") or fallback.base_url).rstrip("/"),
        description=text.get("description") or "",
        language=text.get("language") or "en",
        publisher=text.get("publisher") or "",
        repo_url=(text.get("repo_url") or "").rstrip("/"),
    )


def _parse_file(root: Path, rel: str, diagnostics: list[Diagnostic]) -> Node | None:
    text = read_text(root, rel, diagnostics)
    if text is None:
        return None
    report = FileReport(rel, diagnostics)
    if not text.strip():
        report.error(FILE_START, "file is empty")
        return None
    node = parse_yaml(text, report)
    if node is None and not any(d.path == rel for d in diagnostics):
        report.error(FILE_START, "file holds no YAML content")
    return node


def load_seeds(root: Path, diagnostics: list[Diagnostic]) -> dict[str, Seed]:
    """Read seeds/*.txt and their metadata in seeds/sources.yaml."""
    meta = _load_seed_meta(root, diagnostics)
    seeds: dict[str, Seed] = {}
    for rel in _seed_files(root, diagnostics):
        seed_id = Path(rel).stem
        text = read_text(root, rel, diagnostics)
        if text is None:
            continue
        info = meta.pop(seed_id, None)
        if info is None:
            FileReport(rel, diagnostics).error(
                FILE_START, f"seed {seed_id!r} has no entry in seeds/sources.yaml"
            )
            continue
        seeds[seed_id] = dataclasses.replace(info[1], path=rel, passages=split_passages(text))
    for seed_id, (at, _) in sorted(meta.items()):
        FileReport("seeds/sources.yaml", diagnostics).error(
            at, f"seeds/sources.yaml describes {seed_id!r} but seeds/{seed_id}.txt does not exist"
        )
    return seeds


def split_passages(text: str) -> tuple[Passage, ...]:
    """Number a seed's non-empty lines from 1; lines are split on newlines only."""
    lines = (line.rstrip("\r") for line in text.split("\n"))
    return tuple(Passage(n, line) for n, line in enumerate((ln for ln in lines if ln.strip()), 1))


def _seed_files(root: Path, diagnostics: list[Diagnostic]) -> list[str]:
    found = []
    for path in _entries(root / "seeds") if _listable(root, "seeds", diagnostics) else []:
        rel = f"seeds/{path.name}"
        stem, suffix = os.path.splitext(path.name)
        if path.name == "sources.yaml" or _is_editor_litter(path.name):
            continue
        if suffix != ".txt" or path.is_dir() or not SEED_ID.fullmatch(stem):
            FileReport(rel, diagnostics).error(
                FILE_START,
                "unexpected file in seeds/; expected <id>.txt (letters, digits, _ and -)",
            )
        else:
            found.append(rel)
    return found


def _load_seed_meta(root: Path, diagnostics: list[Diagnostic]) -> dict[str, tuple[Pos, Seed]]:
    rel = "seeds/sources.yaml"
    report = FileReport(rel, diagnostics)
    if not (root / rel).is_file():
        if (root / "seeds").is_dir():
            report.error(FILE_START, "seed metadata file is missing")
        return {}
    node = _parse_file(root, rel, diagnostics)
    if node is None:
        return {}
    if not isinstance(node, MappingNode):
        report.error(node, "expected a mapping of seed ids to their metadata")
        return {}
    entries: dict[str, tuple[Pos, Seed]] = {}
    for key, value in node.value:
        seed_id = str(key.value)
        if key.tag != "tag:yaml.org,2002:str":
            report.error(key, f"seed id {key.value!r} must be text", f'quote it: "{key.value}":')
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
    """Read one card file; return None when it cannot be used (its problems are reported)."""
    node = _parse_file(root, rel, diagnostics)
    report = FileReport(rel, diagnostics)
    values = fields(node, report, CARD_REQUIRED, CARD_OPTIONAL, "a card") if node else None
    if values is None:
        return None
    sources = _card_sources(values.get("sources"), report)
    return _build_card(os.path.splitext(os.path.basename(rel))[0], rel, values, sources, report)


def _build_card(
    slug: str, rel: str, values: dict[str, Node], sources: tuple[Source, ...], report: FileReport
) -> Card | None:
    def text(key: str) -> str:
        return as_text(values[key], report, key) or "" if key in values else ""

    def day(key: str) -> date | None:
        return as_date(values[key], report, key) if key in values else None

    confidence = (
        as_choice(values["confidence"], report, "confidence", CONFIDENCE_LEVELS)
        if ("confidence" in values)
        else None
    )
    tags = _tags(values.get("tags"), report)
    reviewed = day("reviewed")
    claim, summary = text("claim"), text("summary")
    if not (confidence and reviewed and claim and summary and sources):
        return None
    positions = {key: pos_of(node) for key, node in values.items()}
    return Card(
        slug=slug,
        path=rel,
        claim=" ".join(claim.split()),
        confidence=confidence,
        summary=summary,
        sources=sources,
        reviewed=reviewed,
        claimant=text("claimant"),
        claim_date=day("claim_date"),
        tags=tags,
        pos={"": FILE_START, **positions},
    )


def _tags(node: Node | None, report: FileReport) -> tuple[str, ...]:
    tags: list[str] = []
    for item in (as_list(node, report, "tags") if node is not None else None) or []:
        tag = as_slug(item, report, "tag")
        if tag in tags:
            report.error(item, f"tag {tag!r} is listed twice")
        elif tag is not None:
            tags.append(tag)
    return tuple(tags)


def _card_sources(node: Node | None, report: FileReport) -> tuple[Source, ...]:
    if node is None:
        return ()
    items = as_list(node, report, "sources")
    if items is None:
        return ()
    if not items:
        report.error(node, "sources must list at least one source")
    sources = []
    for item in items:
        values = fields(item, report, SOURCE_REQUIRED, ("note",), "a source")
        if values is None or any(key not in values for key in SOURCE_REQUIRED):
            continue
        seed = as_text(values["seed"], report, "seed")
        quote = _quote(values["quote"], report)
        stance = as_choice(values["stance"], report, "stance", STANCES)
        note = as_text(values["note"], report, "note") if "note" in values else ""
        if seed is None or quote is None or stance is None or note is None:
            continue
        positions = {"": pos_of(item), **{key: pos_of(value) for key, value in values.items()}}
        sources.append(Source(seed=seed, quote=quote, stance=stance, note=note, pos=positions))
    return tuple(sources)


def _quote(node: Node, report: FileReport) -> str | None:
    if getattr(node, "tag", "") == "tag:yaml.org,2002:str" and not str(node.value).strip():
        report.error(node, "quote is empty", "copy the words you rely on from the seed")
        return None
    return as_text(node, report, "quote")


def load_page(root: Path, rel: str, diagnostics: list[Diagnostic]) -> Page | None:
    """Read one Markdown page; its title is its first `# ` heading."""
    text = read_text(root, rel, diagnostics)
    if text is None:
        return None
    heading = _HEADING.search(text)
    if heading is None:
        FileReport(rel, diagnostics).error(FILE_START, "page has no title; start it with '# Title'")
        return None
    body = text[: heading.start()] + text[heading.end() :]
    return Page(slug=Path(rel).stem, path=rel, title=heading.group(1), body=body.strip() + "\n")


def load_layouts(root: Path, diagnostics: list[Diagnostic]) -> dict[str, str]:
    """Read every template under layouts/ into memory, keyed by its name there."""
    layouts = {}
    for rel in _tree(root, "layouts", diagnostics):
        text = read_text(root, rel, diagnostics)
        if text is not None:
            layouts[rel.removeprefix("layouts/")] = text
    if not (root / "layouts").is_dir():
        FileReport("layouts", diagnostics).error(FILE_START, "layouts folder is missing")
    return layouts


def list_static(root: Path, diagnostics: list[Diagnostic]) -> tuple[str, ...]:
    """List the files under static/ (copied as they are) after checking where links lead."""
    found = []
    for rel in _tree(root, "static", diagnostics):
        if _inside(root, root / rel):
            found.append(rel.removeprefix("static/"))
        else:
            FileReport(rel, diagnostics).error(FILE_START, "symlink leads outside the site folder")
    return tuple(found)


def _tree(root: Path, folder: str, diagnostics: list[Diagnostic]) -> list[str]:
    base = root / folder
    if not _listable(root, folder, diagnostics):
        return []
    return sorted(
        path.relative_to(root).as_posix()
        for path in base.rglob("*")
        if path.is_file()
        and not any(_is_editor_litter(part) for part in path.relative_to(base).parts)
    )
