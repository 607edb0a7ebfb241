"""Reads the archived seeds and their metadata, seeds/sources.yaml."""

from __future__ import annotations

import dataclasses
import hashlib
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
    origin_key,
)
from .files import decode_text, open_folder, parse_file, read_bytes
from .textpos import describe_char
from .yamlread import (
    TEXT_TAG,
    FileReport,
    as_date,
    as_list,
    as_text,
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

# sha256 is required too, but verify reports its absence with the digest to record.
SEED_OPTIONAL = ("label", "sha256", "origins", "publisher", "published", "url", "archived", "note")

_SHA256 = re.compile(r"[0-9a-f]{64}")


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
        report = FileReport(rel, diagnostics)
        data = read_bytes(root, rel, report)
        text = None if data is None else decode_text(data, report)
        if info is None:
            FileReport(rel, diagnostics).error(
                FILE_START, f"seed {seed_id!r} has no entry in seeds/sources.yaml"
            )
        if info is None or text is None:
            continue
        _warn_of_controls(FileReport(rel, diagnostics), text)
        seeds[seed_id] = dataclasses.replace(
            info[1],
            path=rel,
            passages=split_passages(text),
            file_sha256=hashlib.sha256(data or b"").hexdigest(),
        )
    for seed_id, (at, _) in sorted(meta.items()):
        FileReport("seeds/sources.yaml", diagnostics).error(
            at, f"seeds/sources.yaml describes {seed_id!r} but seeds/{seed_id}.txt does not exist"
        )
    return seeds


def split_passages(text: str) -> tuple[Passage, ...]:
    """Number a seed's non-empty lines from 1; a line ends at LF, CRLF or a lone CR."""
    # Most seeds end their lines with LF alone: a plain split is far quicker than the pattern.
    lines = _LINE.split(text) if "\r" in text else text.split("\n")
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
        if key.tag != TEXT_TAG:
            report.error(key, f"seed id {seed_id!r} must be text", f'quote it: "{seed_id}":')
            continue
        values = fields(value, report, SEED_REQUIRED, SEED_OPTIONAL, f"seed {seed_id!r}")
        if values is not None:
            entries[seed_id] = (pos_of(key), _seed_info(seed_id, values, report, pos_of(key)))
    return entries


def _seed_info(seed_id: str, values: dict[str, Node], report: FileReport, at: Pos) -> Seed:
    """Return a seed's metadata (its text is added once the file is read)."""
    text = {
        key: as_text(node, report, key) or ""
        for key, node in values.items()
        if key not in ("published", "archived", "origins")
    }
    sha256 = text.get("sha256", "")
    if sha256 and not _SHA256.fullmatch(sha256):
        report.error(values["sha256"], "sha256 must be 64 lowercase hexadecimal digits")
        sha256 = ""
    dates = {
        key: as_date(values[key], report, key) for key in ("published", "archived") if key in values
    }
    return Seed(
        id=seed_id,
        path="",
        passages=(),
        title=text.get("title") or "Untitled",
        publisher=text.get("publisher", ""),
        published=dates.get("published"),
        url=text.get("url", ""),
        label=" ".join(text.get("label", "").split()),
        note=text.get("note", ""),
        sha256=sha256,
        origins=_origins(values["origins"], report) if "origins" in values else (),
        archived=dates.get("archived"),
        pos={"": at, **{key: pos_of(node) for key, node in values.items()}},
    )


def _origins(node: Node, report: FileReport) -> tuple[str, ...]:
    """Return a seed's lines of reporting, each named once."""
    origins: list[str] = []
    for item in as_list(node, report, "origins") or []:
        name = as_text(item, report, "origin")
        if name is not None and origin_key(name) in map(origin_key, origins):
            report.error(item, f"origin {name!r} is listed twice")
        elif name is not None:
            origins.append(" ".join(name.split()))
    return tuple(origins)
