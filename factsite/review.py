"""Digests the cards a change adds, edits or removes, in Markdown a reviewer can judge them by."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import pipeline
from .diagnostics import format_text, sort_diagnostics, summary_line
from .load.cards import CLAIMS
from .markup import merge_spans
from .model import RUBRIC, Card, Diagnostic, QuoteMatch, Seed, Source
from .render.links import word_span
from .verify.corrections import silent_changes

# What a card's meaning rests on: its file and the seeds its quotes resolve against.
TRACKED = (CLAIMS, "seeds")
SITE_PARTS = ("content", "seeds", "layouts", "static")  # all a build reads
DEFAULT_BRANCHES = ("main", "origin/main")


class GitError(Exception):
    """Git could not tell what the change is: not a repository, or an unknown commit."""


@dataclass(frozen=True)
class CardVersion:
    """One side of a card's change: its file, the card, where its quotes are, its problems."""

    path: str
    data: bytes
    card: Card | None  # None when the file does not load as a card
    problems: tuple[Diagnostic, ...]
    matches: tuple[QuoteMatch | None, ...]  # each source's; None where it is not found


@dataclass(frozen=True)
class Snapshot:
    """The cards and seeds of a site at one moment: a git commit or the working tree."""

    cards: Mapping[str, CardVersion]  # by slug
    seeds: Mapping[str, Seed]
    seed_data: Mapping[str, bytes]  # seed id -> its file's bytes


@dataclass(frozen=True)
class CardChange:
    """A card added, changed or removed: its version before and after."""

    slug: str
    before: CardVersion | None
    after: CardVersion | None

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


@dataclass(frozen=True)
class Review:
    """The digest of a change, and the published cards it changes without a correction."""

    digest: str
    silent: list[Diagnostic]


def review_site(root: Path, ref: str | None, max_bytes: int | None = None) -> Review:
    """Return the Markdown digest of the cards changed since ref (default: merge base with main)."""
    commit, described = base_commit(root, ref)
    before, after = base_snapshot(root, commit), load_snapshot(root)
    changes = compare(before, after)
    silent = silent_changes(_valid_cards(before), _valid_cards(after))
    sections = [
        header(described, changes),
        problems_section(sort_diagnostics([*check_problems(root), *silent])),
        *(card_section(change, before.seeds, after.seeds) for change in changes),
        seeds_section(before, after),
    ]
    return Review(fit([printable(s) for s in sections if s], max_bytes), silent)


def silent_corrections(root: Path, ref: str | None) -> list[Diagnostic]:
    """Return the published cards changed since ref without a correction (see verify)."""
    commit, _ = base_commit(root, ref)
    return silent_changes(
        _valid_cards(base_snapshot(root, commit)), _valid_cards(load_snapshot(root))
    )


def check_staged(root: Path) -> pipeline.Outcome:
    """Run the pipeline over the site as staged for commit (what the pre-commit hook checks)."""
    git(root, "rev-parse", "--show-toplevel")  # not a repository: say so, as review does
    with tempfile.TemporaryDirectory(prefix="factsite-staged-") as folder:
        export_staged(root, Path(folder))
        return pipeline.run(Path(folder))


def base_snapshot(root: Path, commit: str) -> Snapshot:
    """Return the cards and seeds of a commit, as loaded from a copy of its files."""
    with tempfile.TemporaryDirectory(prefix="factsite-review-") as folder:
        export_tree(root, commit, Path(folder))
        return load_snapshot(Path(folder))


def _valid_cards(snapshot: Snapshot) -> dict[str, Card]:
    return {slug: v.card for slug, v in snapshot.cards.items() if v.card is not None}


# --- git -------------------------------------------------------------------------------------


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in the site folder; return its output or raise GitError with git's own words."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed; the review digest reads cards from git") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {said[-1] if said else 'no message'}")
    return done.stdout


def base_commit(root: Path, ref: str | None) -> tuple[str, str]:
    """Return the commit to compare with, and how the digest should name it."""
    try:
        git(root, "rev-parse", "--show-toplevel")
    except GitError as exc:
        raise GitError(f"{root} is not in a git repository; the review digest needs one") from exc
    if ref is not None:
        return _commit(root, ref), f"`{_short(root, ref)}` ({_code(ref)})"
    for branch in DEFAULT_BRANCHES:
        try:
            merge_base = git(root, "merge-base", "HEAD", _commit(root, branch)).decode().strip()
        except GitError:
            continue
        return merge_base, f"`{_short(root, merge_base)}` (the merge base with {branch})"
    raise GitError("no branch 'main' or 'origin/main' to compare with; pass --base REF")


def _commit(root: Path, ref: str) -> str:
    try:
        out = git(root, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")
    except GitError as exc:
        raise GitError(f"{ref!r} is not a commit in this repository") from exc
    return out.decode().strip()


def _short(root: Path, ref: str) -> str:
    return git(root, "rev-parse", "--short", _commit(root, ref)).decode().strip()


def export_tree(root: Path, commit: str, dest: Path, parts: Iterable[str] = TRACKED) -> None:
    """Write the cards and seeds of a commit under dest, as files at their paths in the site."""
    listing = git(root, "ls-tree", "-r", "-z", commit, "--", *parts)
    blobs: list[tuple[str, str, str]] = []
    for entry in filter(None, listing.decode("utf-8", "surrogateescape").split("\0")):
        meta, path = entry.split("\t", 1)
        mode, kind, oid = meta.split()
        if kind == "blob":
            blobs.append((mode, oid, path))
    _write_blobs(root, _plain(blobs), dest)


def export_staged(root: Path, dest: Path) -> None:
    """Write the site as it is staged for the next commit under dest: untracked files stay out."""
    listing = git(root, "ls-files", "--stage", "-z", "--", *SITE_PARTS)
    blobs = []
    for entry in filter(None, listing.decode("utf-8", "surrogateescape").split("\0")):
        meta, path = entry.split("\t", 1)
        mode, oid, _stage = meta.split()
        blobs.append((mode, oid, path))
    _write_blobs(root, _plain(blobs), dest)


def _plain(blobs: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    # Symlinks are not followed out of a commit; the working tree's loader judges them.
    return [(oid, path) for mode, oid, path in blobs if mode in ("100644", "100755")]


def _write_blobs(root: Path, blobs: list[tuple[str, str]], dest: Path) -> None:
    contents = _cat_blobs(root, [oid for oid, _ in blobs])
    for (_, path), data in zip(blobs, contents, strict=True):
        target = dest / path
        if not target.resolve().is_relative_to(dest.resolve()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _cat_blobs(root: Path, oids: list[str]) -> list[bytes]:
    """Return the contents of many blobs from one `git cat-file --batch` call."""
    if not oids:
        return []
    out = git(root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode())
    contents, at = [], 0
    for _ in oids:
        line_end = out.index(b"\n", at)
        size = int(out[at:line_end].split()[2])
        contents.append(out[line_end + 1 : line_end + 1 + size])
        at = line_end + 1 + size + 1
    return contents


# --- loading and comparing -------------------------------------------------------------------


def load_snapshot(root: Path) -> Snapshot:
    """Load every card of a site folder with its quotes resolved, keeping cards that fail."""
    outcome = pipeline.run(root, render=False)
    assert outcome.loaded is not None and outcome.verified is not None
    seeds, checks = outcome.loaded.seeds, outcome.verified.checks
    cards = {}
    for rel, file in outcome.loaded.cards.items():
        check = checks.get(rel)
        problems = sort_diagnostics([*file.problems, *(check.problems if check else ())])
        # A card with a field that did not load is shown as a file that does not load.
        card = check.loaded if check and not check.loaded.invalid else None
        matches = tuple(s.match if s else None for s in check.sources) if check else ()
        data = _file_bytes(root / rel)
        cards[Path(rel).stem] = CardVersion(rel, data, card, tuple(problems), matches)
    seed_data = {seed_id: _file_bytes(root / seed.path) for seed_id, seed in seeds.items()}
    return Snapshot(cards, seeds, seed_data)


def _file_bytes(path: Path) -> bytes:
    """Return a file's bytes, or for a symlink its target, as git records it."""
    if path.is_symlink():
        return os.readlink(path).encode()
    return path.read_bytes()


def check_problems(root: Path) -> list[Diagnostic]:
    """Return every problem `build.py check` reports for the site, in reading order."""
    return pipeline.run(root).problems


def compare(before: Snapshot, after: Snapshot) -> list[CardChange]:
    """Return the cards whose file differs between the snapshots, by slug."""
    changes = []
    for slug in sorted({*before.cards, *after.cards}):
        old, new = before.cards.get(slug), after.cards.get(slug)
        if old is None or new is None or old.data != new.data:
            changes.append(CardChange(slug, old, new))
    return changes


# --- Markdown --------------------------------------------------------------------------------

# A file name that is not UTF-8 reaches Python with its bytes as lone surrogates, which no
# UTF-8 output (a job summary, a strict terminal) can carry.
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """Return text with each lone surrogate written as its escape, as `check` prints it."""
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


# Characters that open or close Markdown constructs on GitHub, plus `$` (maths) and `@`
# (mentions): escaped, card and seed text shows as written and cannot restyle the digest.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~=&$@:])")


def escape(text: str) -> str:
    """Return text as literal Markdown on one line: special characters escaped, breaks folded."""
    return _escape_run(text).strip()


def _escape_run(text: str) -> str:
    """Return a run of text escaped, keeping a folded space at either end (it divides words)."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _code(text: str) -> str:
    """Return text as inline code on one line, fenced with more backticks than it holds."""
    # A line break could end the paragraph, and the code span with it: fold breaks to spaces.
    text = re.sub(r"\s+", " ", text)
    if "`" not in text and text.strip() == text != "":
        return f"`{text}`"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")


def _quoted_block(text: str) -> str:
    """Return Markdown text as an escaped blockquote: paragraphs and list items kept apart."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not _LIST_ITEM.match(line):
                lines[-1] += " " + line
            else:
                lines.append(line)
        paragraphs.append("  \n> ".join(escape(line) for line in lines))
    return "\n>\n".join(f"> {paragraph}" for paragraph in paragraphs)


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


def card_section(
    change: CardChange, seeds_before: Mapping[str, Seed], seeds_after: Mapping[str, Seed]
) -> str:
    """Return one card's part of the digest: what it claims now and what changed."""
    shown = change.after or change.before
    assert shown is not None  # a change has at least one side
    seeds = seeds_after if change.after else seeds_before
    old = change.before.card if change.before else None
    new = change.after.card if change.after else None
    lines = [
        f"## {change.kind.capitalize()}: {_code(change.slug)}",
        "",
        f"File: {_code(shown.path)}",
        "",
    ]
    lines += _confidence_lines(change)
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


def _confidence_lines(change: CardChange) -> list[str]:
    old = change.before.card if change.before else None
    new = change.after.card if change.after else None
    before = _code(old.confidence) if old else "(new)" if not change.before else "(did not load)"
    after = _code(new.confidence) if new else "(removed)" if not change.after else "(does not load)"
    rubric = f" ({escape(RUBRIC[new.confidence])})" if new else ""
    return [f"**Confidence:** {before} → {after}{rubric}", ""]


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
        ("Tags", ", ".join(_code(tag) for tag in card.tags)),
    ]
    lines = [f"**Claim:** {escape(card.claim)}", ""]
    lines += [" · ".join(f"**{name}:** {value}" for name, value in facts if value), ""]
    lines += ["**Summary:**", "", _quoted_block(card.summary), ""]
    lines += [f"**Sources ({len(card.sources)}):**", ""]
    for number, (source, match) in enumerate(zip(card.sources, matches, strict=True), 1):
        seed, is_new = seeds.get(source.seed), number - 1 in new_sources
        lines += _source_lines(number, source, match, seed, is_new)
    return lines


def _source_lines(
    number: int, source: Source, match: QuoteMatch | None, seed: Seed | None, is_new: bool
) -> list[str]:
    """Return one source: its stance, its seed, and the quote in bold inside its passage."""
    code = _code(source.seed)
    title = f"{escape(seed.title)} ({code})" if seed else f"unknown seed {code}"
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


def bold_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Return a passage escaped, with the quoted spans (widened to whole words) in bold."""
    # Whole words: emphasis opening or closing inside a word does not render on GitHub.
    merged = merge_spans(word_span(text, start, end) for start, end in spans)
    out, last = [], 0
    for start, end in merged:
        out += [_escape_run(text[last:start]), "**", escape(text[start:end]), "**"]
        last = end
    out.append(_escape_run(text[last:]))
    return "".join(out).strip()


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
    lines += [f"- **{s.stance.capitalize()}** · {_code(s.seed)}: “{escape(s.quote)}”" for s in gone]
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
    for seed_id in sorted({*before.seed_data, *after.seed_data}):
        old, new = before.seed_data.get(seed_id), after.seed_data.get(seed_id)
        if old == new:
            continue
        kind = "added" if old is None else "removed" if new is None else "changed"
        lines.append(f"- {_code(seed_id)} {kind}")
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
