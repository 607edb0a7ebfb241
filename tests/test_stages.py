"""The stages meet only through plain data: verify reads what load made, and plan, render
and write work from the model's types alone, so no stage redoes another's work."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "factsite"
STAGES = ("load", "verify", "render", "write")  # in the order the pipeline runs them
# The other stages each one may import.
MAY_IMPORT = {"load": (), "verify": ("load",), "render": (), "write": ()}
# What runs the stages or sits beside them: no stage may reach for these.
RUNNERS = ("pipeline", "memory", "cache", "speed", "preview", "review", "commands", "newsite")


def imported(path: Path) -> set[str]:
    """Return the dotted names of the factsite modules a file imports."""
    package = ["factsite", *path.relative_to(PACKAGE).parent.parts]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = [*base, *(node.module.split(".") if node.module else [])]
            if node.module:
                found.add(".".join(module))
            else:  # from . import a, b: each name is a module of that package
                found.update(".".join([*module, alias.name]) for alias in node.names)
    return {name for name in found if name.startswith("factsite.")}


def part_of(module: str) -> str:
    """Return the top-level part of factsite a dotted module name belongs to."""
    return module.split(".")[1]


def stage_files() -> list[Path]:
    return sorted(path for stage in STAGES for path in (PACKAGE / stage).rglob("*.py"))


@pytest.mark.parametrize("path", stage_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_stage_imports_no_stage_but_its_input_and_nothing_that_runs_it(path: Path) -> None:
    stage = path.relative_to(PACKAGE).parts[0]
    others = [other for other in STAGES if other != stage and other not in MAY_IMPORT[stage]]
    reached = sorted(m for m in imported(path) if part_of(m) in (*others, *RUNNERS))
    assert reached == [], f"the {stage} stage must not import {reached}"


def test_the_import_reader_resolves_relative_imports() -> None:
    # The rule above is only as good as the reading of imports it rests on.
    cards = imported(PACKAGE / "verify" / "cards.py")
    assert "factsite.model" in cards and "factsite.verify.origins" in cards
    assert {"factsite.cache", "factsite.speed"} <= imported(PACKAGE / "pipeline.py")
