"""Reads the fact cards of content/claims, keeping what is valid of a card with a wrong field."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from yaml.nodes import Node

from ..model import (
    CONFIDENCE_LEVELS,
    FILE_START,
    STANCES,
    Card,
    Correction,
    Diagnostic,
    Source,
)
from .files import (
    T,
    content_files,
    parse_file,
)
from .yamlread import (
    TEXT_TAG,
    FileReport,
    as_choice,
    as_date,
    as_flag,
    as_list,
    as_slug,
    as_text,
    fields,
    pos_of,
)

CLAIMS = "content/claims"  # the cards, one YAML file each

# The review date of a card whose date is invalid: never shown, as such a card is not published.
_NO_DATE = date.min

CARD_REQUIRED = ("claim", "confidence", "summary", "sources", "reviewed")

CARD_OPTIONAL = (
    "verdict",
    "claimant",
    "claim_date",
    "published",
    "corrections",
    "draft",
    "tags",
)

CORRECTION_FIELDS = ("date", "note")

SOURCE_REQUIRED = ("seed", "quote", "stance")


def list_cards(root: Path, diagnostics: list[Diagnostic]) -> list[str]:
    """Return the card files of content/claims, reporting any stray file there."""
    missing = "cards folder is missing; expected the cards here, one <slug>.yaml file each"
    return content_files(root, CLAIMS, ".yaml", diagnostics, missing)


def load_card(root: Path, rel: str, diagnostics: list[Diagnostic]) -> Card | None:
    """Read one card file; return None when any of it is invalid (its problems are reported)."""
    card = read_card(root, rel, diagnostics)
    return None if card.invalid else card


def read_card(root: Path, rel: str, diagnostics: list[Diagnostic]) -> Card:
    """Read one card file; return what of it is valid, naming the rest in `invalid`."""
    report = FileReport(rel, diagnostics)
    node = parse_file(root, report)
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
    verdict = read("verdict", as_text)
    published = read("published", as_date)
    corrections = read("corrections", _corrections)
    draft = read("draft", as_flag)
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
        verdict=" ".join((verdict or "").split()),
        published=published,
        corrections=corrections or (),
        draft=bool(draft),
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


def _corrections(node: Node, report: FileReport, field: str) -> tuple[Correction, ...]:
    """Return a card's corrections, each checked (a bad one is reported and left out)."""
    corrections = []
    for item in as_list(node, report, field) or []:
        values = fields(item, report, CORRECTION_FIELDS, (), "a correction") or {}
        when = as_date(values["date"], report, "date") if "date" in values else None
        note = as_text(values["note"], report, "note") if "note" in values else None
        if when is not None and note is not None:
            corrections.append(Correction(when, " ".join(note.split()), pos_of(item)))
    return tuple(corrections)


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
    if getattr(node, "tag", "") == TEXT_TAG and not str(node.value).strip():
        report.error(node, "quote is empty", "copy the words you rely on from the seed")
        return None
    return as_text(node, report, field)
