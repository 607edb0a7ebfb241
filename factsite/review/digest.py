"""Digests the cards a change adds, edits or removes, in Markdown a reviewer can judge them by."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline
from ..diagnostics import format_text, sort_diagnostics, summary_line
from ..model import Card, Diagnostic, QuoteMatch, RubricWords, Seed, Source
from ..verify.corrections import silent_changes
from .git import Base, base_commit
from .markdown import bold_spans, code, escape, printable, quoted_block
from .snapshot import CardChange, Snapshot, base_snapshot, compare, snapshot_of, valid_cards


@dataclass(frozen=True)
class Review:
    """The digest of a change, and the published cards it changes without a correction."""

    digest: str
    silent: list[Diagnostic]


def review_site(root: Path, ref: str | None, max_bytes: int | None = None) -> Review:
    """Return the Markdown digest of the cards changed since ref (default: merge base with main)."""
    base = base_commit(root, ref)
    checked = pipeline.run(root)  # the check's own run: its problems, and the cards compared
    before, after = base_snapshot(root, base.commit), snapshot_of(root, checked)
    changes = compare(before, after)
    silent = silent_changes(valid_cards(before), valid_cards(after))
    sections = [
        header(base_name(base), changes),
        problems_section(sort_diagnostics([*checked.problems, *silent])),
        *(card_section(change, before, after) for change in changes),
        seeds_section(before, after),
    ]
    return Review(fit([printable(s) for s in sections if s], max_bytes), silent)


def base_name(base: Base) -> str:
    """Return how the digest names the commit it compares with."""
    if base.ref is not None:
        return f"`{base.short}` ({code(base.ref)})"
    return f"`{base.short}` (the merge base with {base.branch})"


def header(described: str, changes: list[CardChange]) -> str:
    """Return the digest's title and its count of changes."""
    counts = {
        kind: sum(c.kind == kind for c in changes) for kind in ("added", "changed", "removed")
    }
    if not changes:
        return f"# Review digest\n\nNo cards changed since {described}.\n"
    tally = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    return f"# Review digest\n\nCards changed since {described}: {tally}.\n"


def problems_section(problems: list[Diagnostic]) -> str:
    """Return every problem the check found, as a text block (annotations show only ten)."""
    if not problems:
        return "## Check\n\nNo problems found.\n"
    body = "\n".join(format_text(d) for d in problems)
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
    return f"## Check: {summary_line(problems)}\n\n{fence}text\n{body}\n{fence}\n"


def card_section(change: CardChange, before: Snapshot, after: Snapshot) -> str:
    """Return one card's part of the digest: what it claims now and what changed."""
    shown = change.after or change.before
    assert shown is not None  # a change has at least one side
    seeds = after.seeds if change.after else before.seeds
    old = change.before.card if change.before else None
    new = change.after.card if change.after else None
    lines = [
        f"## {change.kind.capitalize()}: {code(change.slug)}",
        "",
        f"File: {code(shown.path)}",
        "",
    ]
    lines += _confidence_lines(change, after.rubric)
    card = new if change.after else old
    if card is None:
        lines += ["This card does not load; see its problems below.", ""]
    else:
        lines += _what_changed(old, new) if change.kind == "changed" else []
        marked = _new_sources(old, new) if change.kind == "changed" else set()
        lines += _card_lines(card, shown.matches, seeds, marked)
        lines += _removed_sources(old, new) if change.kind == "changed" else []
    lines += _problem_lines(change.after.problems if change.after else ())
    return "\n".join(lines) + "\n"


def _confidence_lines(change: CardChange, rubric: RubricWords) -> list[str]:
    """Return the card's level before and after, and its line of the rubric in the site's words."""
    old = change.before.card if change.before else None
    new = change.after.card if change.after else None
    before = code(old.confidence) if old else "(new)" if not change.before else "(did not load)"
    after = code(new.confidence) if new else "(removed)" if not change.after else "(does not load)"
    meaning = f" ({escape(rubric.level(new.confidence).meaning)})" if new else ""
    return [f"**Confidence:** {before} → {after}{meaning}", ""]


def _what_changed(old: Card | None, new: Card | None) -> list[str]:
    if old is None or new is None:
        return []
    fields = ("claim", "confidence", "summary", "claimant", "claim_date", "reviewed", "tags")
    changed = [name for name in fields if getattr(old, name) != getattr(new, name)]
    if _source_keys(old.sources) != _source_keys(new.sources):
        changed.append("sources")
    lines = [f"**What changed:** {', '.join(changed) or 'comments or layout of the file only'}", ""]
    if old.claim != new.claim:
        lines += [f"**Claim before:** {escape(old.claim)}", ""]
    return lines


def _card_lines(
    card: Card,
    matches: tuple[QuoteMatch | None, ...],
    seeds: Mapping[str, Seed],
    new_sources: set[int],
) -> list[str]:
    facts = [
        ("Claimant", escape(card.claimant)),
        ("Claim date", card.claim_date.isoformat() if card.claim_date else ""),
        ("Reviewed", card.reviewed.isoformat()),
        ("Tags", ", ".join(code(tag) for tag in card.tags)),
    ]
    lines = [f"**Claim:** {escape(card.claim)}", ""]
    lines += [" · ".join(f"**{name}:** {value}" for name, value in facts if value), ""]
    lines += ["**Summary:**", "", quoted_block(card.summary), ""]
    lines += [f"**Sources ({len(card.sources)}):**", ""]
    for number, (source, match) in enumerate(zip(card.sources, matches, strict=True), 1):
        seed, is_new = seeds.get(source.seed), number - 1 in new_sources
        lines += _source_lines(number, source, match, seed, is_new)
    return lines


def _source_lines(
    number: int, source: Source, match: QuoteMatch | None, seed: Seed | None, is_new: bool
) -> list[str]:
    """Return one source: its stance, its seed, and the quote in bold inside its passage."""
    seed_id = code(source.seed)
    title = f"{escape(seed.title)} ({seed_id})" if seed else f"unknown seed {seed_id}"
    where = f", passage p{match.passage}" if match else ""
    lines = [f"{number}. **{source.stance.capitalize()}**{' (new)' * is_new} · {title}{where}"]
    if seed is not None and match is not None:
        passage = seed.passage(match.passage).text
        lines.append(f"   > {bold_spans(passage, match.spans)}")
    else:
        lines.append(f"   > {escape(source.quote)} *(quote not found in the seed)*")
    if source.note:
        lines += ["", f"   Note: {escape(source.note)}"]
    return [*lines, ""]


def _source_keys(sources: Iterable[Source]) -> list[tuple[str, str, str, str]]:
    return [(s.seed, " ".join(s.quote.split()), s.stance, s.note) for s in sources]


def _new_sources(old: Card | None, new: Card | None) -> set[int]:
    """Return the positions of the sources the new card adds to the old one."""
    before = set(_source_keys(old.sources)) if old else set()
    return {
        i for i, key in enumerate(_source_keys(new.sources if new else ())) if key not in before
    }


def _removed_sources(old: Card | None, new: Card | None) -> list[str]:
    after = set(_source_keys(new.sources)) if new else set()
    gone = [s for s in old.sources if _source_keys([s])[0] not in after] if old else []
    if not gone or new is None:
        return []
    lines = [f"**Sources removed ({len(gone)}):**", ""]
    lines += [f"- **{s.stance.capitalize()}** · {code(s.seed)}: “{escape(s.quote)}”" for s in gone]
    return [*lines, ""]


def _problem_lines(problems: Iterable[Diagnostic]) -> list[str]:
    listed = [
        f"- line {d.line}, column {d.col}: {d.severity}: {escape(d.message)}"
        + (f" ({escape(d.hint)})" if d.hint else "")
        for d in problems
    ]
    return ["**Problems:**", "", *listed, ""] if listed else []


def seeds_section(before: Snapshot, after: Snapshot) -> str:
    """Return the seeds added, changed or removed: archived sources should rarely change."""
    lines = []
    for seed_id in sorted({*before.seeds, *after.seeds}):
        old, new = (side.seeds.get(seed_id) for side in (before, after))
        if old is not None and new is not None and old.file_sha256 == new.file_sha256:
            continue
        kind = "added" if old is None else "removed" if new is None else "changed"
        lines.append(f"- {code(seed_id)} {kind}")
    if not lines:
        return ""
    intro = "Seeds are archived verbatim; a changed seed changes every card that quotes it."
    return "\n".join(["## Seeds", "", intro, "", *lines]) + "\n"


def fit(sections: list[str], max_bytes: int | None) -> str:
    """Join whole sections while they fit in max_bytes; say how many were left out."""
    text = "\n".join(sections)
    if max_bytes is None or len(text.encode()) <= max_bytes:
        return text
    note = (
        "\n*{} more sections left out to stay under {:,} bytes; "
        "run `python build.py review` locally for the whole digest.*\n"
    )
    kept: list[str] = []
    for index, section in enumerate(sections):
        candidate = "\n".join([*kept, section]) + note.format(len(sections) - index - 1, max_bytes)
        if len(candidate.encode()) > max_bytes:
            return "\n".join(kept) + note.format(len(sections) - index, max_bytes)
        kept.append(section)
    return "\n".join(kept)
