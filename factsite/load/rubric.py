"""Reads the rubric's words for readers, content/rubric.yaml, checked against the build's rules.

The file words the levels and stances the build knows and nothing else: the rules stay in
verify, so it must name exactly those levels and stances, each with every text filled in.
It is optional: without it the site shows the built-in English words (model.BUILTIN_WORDS).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from ..model import (
    BUILTIN_WORDS,
    CONFIDENCE_LEVELS,
    STANCES,
    Diagnostic,
    LevelWords,
    RubricWords,
    StanceWords,
)
from .files import parse_file, stays_home
from .yamlread import TEXT_TAG, FileReport, as_text, describe, did_you_mean, fields, node_text

RUBRIC_FILE = "content/rubric.yaml"
LEVEL_FIELDS = ("name", "label", "meaning", "rating")


def load_rubric(root: Path, diagnostics: list[Diagnostic]) -> RubricWords:
    """Read content/rubric.yaml; without it, or with any problem, the built-in words."""
    if not os.path.lexists(os.path.join(root, RUBRIC_FILE)):
        return BUILTIN_WORDS  # a site that never wrote one, as every site before it
    content = os.path.join(root, "content")
    if os.path.islink(content) and not stays_home(root, "content", FileReport("content", [])):
        return BUILTIN_WORDS  # reported once, by the settings that live there too
    report = FileReport(RUBRIC_FILE, diagnostics)
    count = len(diagnostics)
    node = parse_file(root, report)
    values = fields(node, report, ("levels", "stances"), (), "rubric words") if node else None
    if values is None or len(values) < 2:
        return BUILTIN_WORDS
    levels = _entries(values["levels"], report, "level", CONFIDENCE_LEVELS)
    stances = _entries(values["stances"], report, "stance", STANCES)
    words = RubricWords(
        tuple(_level(key, value, report) for key, value in levels),
        tuple(
            StanceWords(key, as_text(value, report, f"stance {key!r}") or "")
            for key, value in stances
        ),
    )
    # A file with a problem fails the build; the site is shown whole in one language meanwhile.
    return BUILTIN_WORDS if report.errors_since(count) else words


def _entries(
    node: Node, report: FileReport, kind: str, known: Sequence[str]
) -> list[tuple[str, Node]]:
    """Return a mapping's entries in the build's order; report unknown and missing keys."""
    if not isinstance(node, MappingNode):
        report.error(
            node, f"{kind}s must be a mapping of each {kind} to its words, found {describe(node)}"
        )
        return []
    found: dict[str, Node] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, ScalarNode) and key.tag == TEXT_TAG else None
        if name is None or name not in known:
            shown = node_text(key)
            report.error(
                key, f"unknown {kind} {shown!r} in rubric words", _hint(shown, kind, known)
            )
        else:
            found[name] = value
    for name in known:
        if name not in found:
            report.error(node, f"missing {kind} {name!r} in rubric words")
    return [(name, found[name]) for name in known if name in found]


def _level(level: str, node: Node, report: FileReport) -> LevelWords:
    """Return one level's words; report a missing, unknown or empty one."""
    values = fields(node, report, LEVEL_FIELDS, (), f"level {level!r}") or {}
    text = {
        key: as_text(value, report, f"{key} of level {level!r}") or ""
        for key, value in values.items()
    }
    return LevelWords(level, *(text.get(key, "") for key in LEVEL_FIELDS))


def _hint(name: str, kind: str, known: Sequence[str]) -> str:
    """Return the hint for an unknown level or stance: the one it is a typo of, if any."""
    # The words are the desk's, the rules the build's: a new level is a change to the code.
    knows = f"the build knows the {kind}s {', '.join(known)}; this file words them"
    return did_you_mean(name, known) + knows
