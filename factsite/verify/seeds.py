"""Checks the archived seeds themselves: their recorded digests and their origins."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Diagnostic, Seed

SOURCES = "seeds/sources.yaml"


def seed_problems(seeds: Mapping[str, Seed]) -> list[Diagnostic]:
    """Return what is wrong with the seeds' records, in seed id order."""
    return [problem for _, seed in sorted(seeds.items()) for problem in _seed_problems(seed)]


def _seed_problems(seed: Seed) -> Iterable[Diagnostic]:
    if not seed.sha256:
        yield Diagnostic.error(
            SOURCES,
            f"seed {seed.id!r} has no sha256; an archived source's digest is required",
            f"add `sha256: {seed.file_sha256}` if {seed.path} is the text as archived, "
            "or archive it with `python build.py seed add`",
            pos=seed.at(""),
        )
    elif seed.sha256 != seed.file_sha256:
        yield Diagnostic.error(
            seed.path,
            f"archived text changed: {seed.path} no longer matches the sha256 "
            f"recorded in {SOURCES}",
            "an archived source never changes: restore its text "
            f"(`git checkout -- {seed.path}`), or archive the new version as a new seed "
            "with `python build.py seed add FILE` and cite that",
        )
    if seed.origins and not seed.note:
        yield Diagnostic.error(
            SOURCES,
            f"seed {seed.id!r} names origins but no note saying why",
            "the note records the desk's reason: where the article names its reporting, "
            "or why the desk judges it rests on it",
            pos=seed.at("origins"),
        )
