"""The card schema (content/card.schema.json) agrees with the build on a card's shape and types.

Editors validate cards against the schema as the author types, so it must reject what the build
rejects for shape or type and accept every card the build accepts. It cannot judge what needs
the seeds (an unknown seed, a quote not in its seed, a confidence the sources do not allow) or
the file itself (size, encoding, YAML syntax, tags, aliases, duplicate keys): those stay the
build's alone.

The YAML is fed to the schema as the build reads it (PyYAML's YAML 1.1 types, so `no` is a
yes/no value and `001` a number), except that dates stay text, as in an editor's YAML language
server: JSON has no date type, so a date is checked by its `format: date` and pattern.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from yaml.nodes import MappingNode, Node, SequenceNode

import build
from factsite.diagnostics import format_text
from factsite.load.yamlread import FileReport, parse_yaml
from factsite.model import Diagnostic
from tests.bad_inputs import CASES, GOOD_CARD, BadInput
from tests.sitetools import FIXTURES, REPO, make_site, write_files

SCHEMA_PATH = REPO / "content" / "card.schema.json"
SCHEMA_LINE = "# yaml-language-server: $schema=../card.schema.json"
REAL_CARDS = sorted((REPO / "content" / "claims").glob("*.yaml"))
FIXTURE_CARDS = sorted(FIXTURES.glob("*/content/claims/*.yaml"))
# Well-formed cards whose fault only the seeds reveal: out of the schema's reach.
SEED_JUDGED = (
    "unknown-seed",
    "quote-not-found",
    "quote-spans-two-passages",
    "quote-differs-in-case",
    "same-quote-twice",
    "high-with-one-seed",
    "high-with-contradiction",
    "disputed-without-contradiction",
    "low-with-no-support",
)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def as_json(node: Node) -> Any:
    """Return a composed YAML node as JSON data: the build's types, dates kept as text."""
    if isinstance(node, MappingNode):
        return {str(key.value): as_json(value) for key, value in node.value}
    if isinstance(node, SequenceNode):
        return [as_json(item) for item in node.value]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    return _CONSTRUCTOR.construct_object(node)


def card_data(text: str) -> Any:
    """Compose a card with the build's own YAML reader and return it as JSON data."""
    problems: list[Diagnostic] = []
    node = parse_yaml(text, FileReport("card.yaml", problems))
    assert node is not None, "\n".join(map(format_text, problems))
    return as_json(node)


def schema_errors(text: str) -> list[str]:
    """Return the schema's objections to a card, as `path: message` lines."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(card)'}: {error.message}"
        for error in validator.iter_errors(card_data(text))
    ]


def build_errors(tmp_path: Path, case: BadInput, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Return the error lines `build.py check` prints for the case, after checking it fails."""
    root = make_site(tmp_path)
    write_files(root, case.files)
    assert build.main(["--root", str(root), "check"]) == 1
    return [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]


def test_the_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", [c for c in CASES if c.schema], ids=lambda case: case.id)
def test_schema_rejects_each_card_the_build_rejects_for_its_shape_or_types(
    case: BadInput, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert case.card_text is not None
    assert schema_errors(case.card_text), "the schema accepts a card the build rejects"
    assert case.expected in build_errors(tmp_path, case, capsys)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.id in SEED_JUDGED], ids=lambda case: case.id
)
def test_schema_accepts_cards_whose_fault_only_the_seeds_reveal(
    case: BadInput, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert case.card_text is not None
    assert schema_errors(case.card_text) == []
    assert case.expected in build_errors(tmp_path, case, capsys)


def test_the_table_names_every_seed_judged_case() -> None:
    assert set(SEED_JUDGED) <= {case.id for case in CASES if not case.schema}


@pytest.mark.parametrize(
    "path", [*REAL_CARDS, *FIXTURE_CARDS], ids=lambda path: str(path.relative_to(REPO))
)
def test_schema_accepts_every_card_the_build_accepts(path: Path) -> None:
    assert schema_errors(path.read_text(encoding="utf-8")) == []


def test_schema_accepts_the_good_card_of_the_bad_input_table() -> None:
    assert schema_errors(GOOD_CARD) == []


def test_schema_accepts_every_optional_field() -> None:
    card = GOOD_CARD.replace(
        "reviewed: 2026-02-03",
        "reviewed: 2026-02-03\nclaimant: Critics\nclaim_date: '2026-01-10'\ntags: [audit, rural]",
    ).replace("stance: supports", "stance: supports\n    note: The only source.")
    assert schema_errors(card) == []


def test_the_real_cards_are_all_checked() -> None:
    assert len(REAL_CARDS) >= 40
    assert FIXTURE_CARDS


@pytest.mark.parametrize(
    "path", [*REAL_CARDS, *FIXTURE_CARDS], ids=lambda path: str(path.relative_to(REPO))
)
def test_every_card_starts_with_the_schema_line(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


def test_the_schema_line_of_real_cards_leads_to_the_schema() -> None:
    relative = SCHEMA_LINE.split("$schema=")[1]
    assert (REPO / "content" / "claims" / relative).resolve() == SCHEMA_PATH.resolve()
    assert GOOD_CARD.splitlines()[0] == SCHEMA_LINE
