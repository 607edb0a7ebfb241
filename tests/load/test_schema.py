"""The schemas of the files a desk edits agree with the build on their shape and types.

content/card.schema.json describes a card; content/site.schema.json, content/rubric.schema.json
and content/sources.schema.json describe content/site.yaml, content/rubric.yaml and
seeds/sources.yaml (kept in content/: every other file in seeds/ must be a seed).

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
from tests.bad_inputs import CARD, CASES, FIXTURE_SOURCES, GOOD_CARD, GOOD_RUBRIC, BadInput
from tests.sitetools import FIXTURES, REPO, make_site, write_files

SCHEMA_PATH = REPO / "content" / "card.schema.json"
SITE, SOURCES, RUBRIC = "content/site.yaml", "seeds/sources.yaml", "content/rubric.yaml"
# The schema of each file a desk edits, and the line that names it, first in the file.
SCHEMAS = {
    CARD: SCHEMA_PATH,
    SITE: REPO / "content" / "site.schema.json",
    SOURCES: REPO / "content" / "sources.schema.json",
    RUBRIC: REPO / "content" / "rubric.schema.json",
}
SCHEMA_LINES = {
    SITE: "# yaml-language-server: $schema=site.schema.json",
    SOURCES: "# yaml-language-server: $schema=../content/sources.schema.json",
    RUBRIC: "# yaml-language-server: $schema=rubric.schema.json",
}
# The bad-input rows whose fault is the shape or types of site.yaml, sources.yaml or
# rubric.yaml: their schema rejects them too. (The `schema` flag of the table is a card's.)
SHAPE_FAULTS = {
    SITE: (
        "site-without-title",
        "site-base-url-not-http",
        "site-base-url-with-a-line-break",
        "claimant-type-neither-person-nor-organization",
        "claimants-not-a-mapping",
        "contact-neither-email-nor-web-address",
        "contact-with-mailto-prefix",
        "page_size-zero",
        "page_size-negative",
        "page_size-text",
        "page_size-float",
        "page_size-quoted",
        "feed_size-zero",
        "feed_size-float",
    ),
    SOURCES: (
        "seed-without-a-digest",
        "seed-digest-not-hexadecimal",
        "origins-without-a-note",
        "misspelt-seed-field",
    ),
    RUBRIC: (
        "rubric-unknown-level",
        "rubric-misspelt-level",
        "rubric-missing-level",
        "rubric-unknown-stance",
        "rubric-missing-stance",
        "rubric-empty-label",
        "rubric-empty-stance",
        "rubric-level-without-rating",
        "rubric-levels-as-a-list",
    ),
}
# Rows whose file is well-formed: what is wrong needs more than its shape (control characters,
# origins that differ only in case or spacing, the seeds), so the schema accepts them.
BEYOND_SHAPE = {
    SITE: ("site-title-with-delete-character",),
    SOURCES: ("origin-listed-twice", "high-on-overlapping-origins"),
}
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
    """Compose a YAML file with the build's own YAML reader and return it as JSON data."""
    problems: list[Diagnostic] = []
    node = parse_yaml(text, FileReport("card.yaml", problems))
    assert node is not None, "\n".join(map(format_text, problems))
    return as_json(node)


def schema_errors(text: str, schema_path: Path = SCHEMA_PATH) -> list[str]:
    """Return a schema's objections to a file (a card's by default), as `path: message` lines."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(file)'}: {error.message}"
        for error in validator.iter_errors(card_data(text))
    ]


def case_file(case: BadInput, rel: str) -> str:
    """Return the text a case writes to one of the files a desk edits."""
    text = case.files[rel]
    assert isinstance(text, str), f"{case.id} writes {rel} as bytes"
    return text


def build_errors(tmp_path: Path, case: BadInput, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Return the error lines `build.py check` prints for the case, after checking it fails."""
    root = make_site(tmp_path)
    write_files(root, case.files)
    assert build.main(["--root", str(root), "check"]) == 1
    return [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]


@pytest.mark.parametrize("rel", sorted(SCHEMAS), ids=lambda rel: SCHEMAS[rel].name)
def test_each_schema_is_valid_draft_2020_12(rel: str) -> None:
    Draft202012Validator.check_schema(json.loads(SCHEMAS[rel].read_text(encoding="utf-8")))


def by_file(table: dict[str, tuple[str, ...]]) -> list[Any]:
    """Return each listed row of the bad-input table with the file its fault is in."""
    cases = {case.id: case for case in CASES}
    return [
        pytest.param(rel, cases[case_id], id=case_id)
        for rel, ids in table.items()
        for case_id in ids
    ]


@pytest.mark.parametrize(("rel", "case"), by_file(SHAPE_FAULTS))
def test_schema_rejects_each_settings_sources_or_rubric_file_the_build_rejects_for_its_shape(
    rel: str, case: BadInput, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert schema_errors(case_file(case, rel), SCHEMAS[rel]), "the schema accepts it"
    assert case.expected in build_errors(tmp_path, case, capsys)


@pytest.mark.parametrize(("rel", "case"), by_file(BEYOND_SHAPE))
def test_schema_accepts_settings_and_sources_whose_fault_is_beyond_their_shape(
    rel: str, case: BadInput, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert schema_errors(case_file(case, rel), SCHEMAS[rel]) == []
    assert case.expected in build_errors(tmp_path, case, capsys)


def test_the_table_names_every_listed_case() -> None:
    ids = {case.id: case for case in CASES}
    for table in (SHAPE_FAULTS, BEYOND_SHAPE):
        for rel, listed in table.items():
            assert all(rel in ids[case_id].files for case_id in listed), rel


REAL_FILES = [
    *(REPO / rel for rel in (SITE, SOURCES, RUBRIC)),
    *sorted(FIXTURES.glob("*/content/site.yaml")),
    *sorted(FIXTURES.glob("*/seeds/sources.yaml")),
]


def schema_of(path: Path) -> Path:
    return SCHEMAS["/".join(path.parts[-2:])]


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_the_schemas_accept_every_settings_sources_and_rubric_file_the_build_accepts(
    path: Path,
) -> None:
    assert schema_errors(path.read_text(encoding="utf-8"), schema_of(path)) == []


def test_the_schemas_accept_the_bad_input_tables_good_files() -> None:
    assert schema_errors(FIXTURE_SOURCES, SCHEMAS[SOURCES]) == []
    assert schema_errors(GOOD_RUBRIC, SCHEMAS[RUBRIC]) == []


def test_the_site_schema_accepts_every_setting() -> None:
    every = (
        "title: T\nbase_url: https://example.org/checks\ndescription: D\nlanguage: fr\n"
        "publisher: P\nrepo_url: https://github.com/o/r\ncontact: https://example.org/c\n"
        "funding: Unfunded.\neditor: E\ncontent_license: CC BY 4.0\n"
        "claimants: {Ann: person, Org: organization}\npage_size: 20\nfeed_size: 5\n"
    )
    assert schema_errors(every, SCHEMAS[SITE]) == []


def test_the_sources_schema_accepts_every_field_of_a_seed() -> None:
    entry = (
        'gamma:\n  title: G\n  sha256: "' + "0" * 64 + '"\n  label: L\n  origins: [Wire]\n'
        "  note: Credits the wire.\n  publisher: not stated\n  published: 2026-06-10\n"
        "  archived: 2026-06-11\n  url: https://example.org/a\n"
    )
    assert schema_errors(entry, SCHEMAS[SOURCES]) == []
    # No origins, or none listed: no note needed, as the build says.
    assert (
        schema_errors(
            entry.replace("  note: Credits the wire.\n", "").replace("[Wire]", "[]"),
            SCHEMAS[SOURCES],
        )
        == []
    )


@pytest.mark.parametrize("rel", sorted(SCHEMA_LINES))
def test_each_file_names_its_schema_in_its_first_line(rel: str) -> None:
    line = SCHEMA_LINES[rel]
    assert (REPO / rel).read_text(encoding="utf-8").splitlines()[0] == line
    relative = line.split("$schema=")[1]
    assert ((REPO / rel).parent / relative).resolve() == SCHEMAS[rel].resolve()


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
