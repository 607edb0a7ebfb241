"""Lines of reporting: seeds whose origins overlap rest on one piece of reporting."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import ReportingLine, Seed, origin_key


def reporting_lines(
    seed_ids: Iterable[str],
    seeds: Mapping[str, Seed],
    digests: Mapping[str, str] | None = None,
) -> list[ReportingLine]:
    """Group seeds into independent lines of reporting, in order of their first seed id.

    Two seeds are one line when they name an origin in common, or hold the same text
    (`digests`: seed id -> digest of its text); the grouping is transitive. A seed that
    names no origin is a line of its own.
    """
    ids = sorted(set(seed_ids))
    if len(ids) < 2:  # nothing to join: most cards cite one seed for a stance
        return [_line(ids, seeds)] if ids else []
    parent = {seed_id: seed_id for seed_id in ids}

    def root(seed_id: str) -> str:
        while parent[seed_id] != seed_id:
            parent[seed_id] = parent[parent[seed_id]]
            seed_id = parent[seed_id]
        return seed_id

    def join(a: str, b: str) -> None:
        first, second = sorted((root(a), root(b)))
        parent[second] = first

    owner: dict[str, str] = {}  # an origin's or a text's key -> the first seed naming it
    for seed_id in ids:
        seed = seeds.get(seed_id)
        keys = [f"origin:{origin_key(o)}" for o in (seed.origins if seed else ())]
        if digests and seed_id in digests:
            keys.append(f"text:{digests[seed_id]}")
        for key in keys:
            if key in owner:
                join(owner[key], seed_id)
            else:
                owner[key] = seed_id
    groups: dict[str, list[str]] = {}
    for seed_id in ids:
        groups.setdefault(root(seed_id), []).append(seed_id)
    return [_line(members, seeds) for members in groups.values()]


def _line(members: list[str], seeds: Mapping[str, Seed]) -> ReportingLine:
    origins: dict[str, str] = {}
    for seed_id in members:
        seed = seeds.get(seed_id)
        for origin in seed.origins if seed else ():
            origins.setdefault(origin_key(origin), origin)
    return ReportingLine(tuple(members), tuple(origins.values()))
