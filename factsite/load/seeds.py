"""Reads the archived seeds and their metadata, seeds/sources.yaml."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from yaml.nodes import MappingNode, Node

from ..model import (
    FILE_START,
    Diagnostic,
    Passage,
    Pos,
    Seed,
)
from .files import open_folder, parse_file, read_text
from .yamlread import (
    FileReport,
    as_date,
    as_text,
    describe_char,
    fields,
    node_text,
    pos_of,
)

SEED_ID = re.compile(r"[A-Za-z0-9_-]+")

_LINE = re.compile(r"\r\n|\r|\n")  # a seed's lines end as any platform ends them

# Seeds keep their archived bytes, so control characters in them are a warning, not an error;
# tab and line ends are text, and bidirectional controls belong to right-to-left writing.
_SEED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

SEED_REQUIRED = ("title",)

SEED_OPTIONAL = ("publisher", "published", "url", "note")


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
    node = parse_file(root, report, "seed metadata file is missing")
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
