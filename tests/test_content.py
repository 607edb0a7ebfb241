"""Invariants of the published content: the fact cards, the seeds and their metadata.

These tests read the YAML files themselves (with yaml.safe_load, plus a check for duplicate
keys) and do not import the generator's internals, so they keep holding as cards are added
or edited, whatever the generator does. The last test runs the real build's `check`.

Conventions checked here, also stated on the methodology page:

- Confidence follows the rubric: a `high` card has at least two distinct seeds with stance
  `supports` and no `contradicts` source; a `disputed` card has a `contradicts` source.
- A card that only one distinct seed supports is `low`, unless its summary names its
  corroboration: the summary must then contain the word stem "corroborat" (as in
  "corroborated" or "corroboration"), case-insensitively, so a reviewer can find the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pytest
import yaml

import build

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "content" / "claims"
PAGES = ROOT / "content" / "pages"
SEEDS = ROOT / "seeds"

SCHEMA_LINE = "# yaml-language-server: $schema=../card.schema.json"
REQUIRED = {"claim", "confidence", "reviewed", "summary", "sources"}
OPTIONAL = {"claimant", "claim_date", "tags"}
SOURCE_REQUIRED = {"seed", "quote", "stance"}
SOURCE_OPTIONAL = {"note"}
CONFIDENCE = {"high", "moderate", "low", "disputed"}
STANCES = {"supports", "contradicts", "context"}
SEED_META_KEYS = {"title", "publisher", "published", "url", "note"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CORROBORATION_MARK = "corroborat"
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
QUOTE_CHARS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


class UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate mapping keys instead of keeping the last one."""


def _construct_unique_mapping(
    loader: UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Hashable, Any]:
    seen: set[Hashable] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file like yaml.safe_load does, but fail on duplicate keys."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=UniqueKeyLoader)


def normalise(text: str) -> str:
    """Fold curly quotes to straight ones and runs of whitespace to one space."""
    return " ".join(text.translate(QUOTE_CHARS).split())


def seed_ids() -> list[str]:
    return sorted(path.stem for path in SEEDS.glob("*.txt"))


def passages(seed: str) -> list[str]:
    """The seed's passages: its non-empty lines, in file order."""
    lines = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


def quote_found(quote: str, seed: str) -> bool:
    """True if the quote's parts (split on ellipses) occur in order within one passage."""
    parts = [normalise(part) for part in ELLIPSIS.split(quote)]
    parts = [part for part in parts if part]
    if not parts:
        return False
    for passage in map(normalise, passages(seed)):
        start = 0
        for part in parts:
            at = passage.find(part, start)
            if at < 0:
                break
            start = at + len(part)
        else:
            return True
    return False


CARD_PATHS = sorted(CLAIMS.glob("*.yaml"))
CARDS: dict[str, dict[str, Any]] = {path.stem: load_yaml(path) for path in CARD_PATHS}


def card_params() -> list[Any]:
    return [pytest.param(slug, card, id=slug) for slug, card in sorted(CARDS.items())]


def distinct_seeds(card: dict[str, Any], stance: str | None = None) -> set[str]:
    return {
        str(source["seed"])
        for source in card["sources"]
        if stance is None or source["stance"] == stance
    }


def test_there_are_cards() -> None:
    assert CARD_PATHS, "no fact cards in content/claims"


def test_claims_folder_holds_only_cards() -> None:
    strays = [path.name for path in CLAIMS.iterdir() if path.suffix != ".yaml" or path.is_dir()]
    assert strays == []


@pytest.mark.parametrize("path", CARD_PATHS, ids=[path.stem for path in CARD_PATHS])
def test_card_file_parses_with_schema_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert SLUG.match(path.stem), f"bad slug {path.stem!r}"
    assert isinstance(load_yaml(path), dict)


@pytest.mark.parametrize(("slug", "card"), card_params())
def test_card_fields_and_types(slug: str, card: dict[str, Any]) -> None:
    fields = set(card)
    assert fields >= REQUIRED, f"missing {sorted(REQUIRED - fields)}"
    assert fields <= REQUIRED | OPTIONAL, f"unknown {sorted(fields - REQUIRED - OPTIONAL)}"
    assert isinstance(card["claim"], str) and card["claim"].strip()
    assert card["confidence"] in CONFIDENCE
    assert type(card["reviewed"]) is dt.date
    assert isinstance(card["summary"], str) and card["summary"].strip()
    if "claim_date" in card:
        assert type(card["claim_date"]) is dt.date
    if "claimant" in card:
        assert isinstance(card["claimant"], str) and card["claimant"].strip()
    if "tags" in card:
        assert isinstance(card["tags"], list) and card["tags"]
        assert all(isinstance(tag, str) and SLUG.match(tag) for tag in card["tags"])
    assert isinstance(card["sources"], list) and card["sources"]
    known = set(seed_ids())
    for source in card["sources"]:
        assert set(source) >= SOURCE_REQUIRED
        assert set(source) <= SOURCE_REQUIRED | SOURCE_OPTIONAL
        assert isinstance(source["seed"], str), f"seed id {source['seed']!r} must be quoted"
        assert source["seed"] in known, f"unknown seed {source['seed']!r}"
        assert source["stance"] in STANCES
        assert isinstance(source["quote"], str) and source["quote"].strip()


@pytest.mark.parametrize(("slug", "card"), card_params())
def test_quotes_occur_within_one_passage(slug: str, card: dict[str, Any]) -> None:
    missing = [
        (source["seed"], source["quote"])
        for source in card["sources"]
        if not quote_found(source["quote"], source["seed"])
    ]
    assert missing == []


@pytest.mark.parametrize(("slug", "card"), card_params())
def test_quotes_are_at_least_four_words(slug: str, card: dict[str, Any]) -> None:
    short = [s["quote"] for s in card["sources"] if len(ELLIPSIS.sub(" ", s["quote"]).split()) < 4]
    assert short == []


def test_every_seed_is_cited_by_some_card() -> None:
    cited = {str(source["seed"]) for card in CARDS.values() for source in card["sources"]}
    assert set(seed_ids()) - cited == set()


@pytest.mark.parametrize(("slug", "card"), card_params())
def test_high_needs_two_supporting_seeds_and_no_contradiction(
    slug: str, card: dict[str, Any]
) -> None:
    if card["confidence"] != "high":
        return
    assert len(distinct_seeds(card, "supports")) >= 2
    assert not distinct_seeds(card, "contradicts")


@pytest.mark.parametrize(("slug", "card"), card_params())
def test_disputed_needs_a_contradicting_source(slug: str, card: dict[str, Any]) -> None:
    if card["confidence"] == "disputed":
        assert distinct_seeds(card, "contradicts")


@pytest.mark.parametrize(("slug", "card"), card_params())
def test_a_contradicted_card_is_not_high(slug: str, card: dict[str, Any]) -> None:
    if distinct_seeds(card, "contradicts"):
        assert card["confidence"] != "high"


@pytest.mark.parametrize(("slug", "card"), card_params())
def test_single_supporting_seed_card_is_low_unless_summary_names_corroboration(
    slug: str, card: dict[str, Any]
) -> None:
    # Counted by support: a second seed cited only as context corroborates nothing.
    if len(distinct_seeds(card, "supports")) == 1 and card["confidence"] in {"high", "moderate"}:
        assert CORROBORATION_MARK in card["summary"].lower()


@pytest.mark.parametrize(("slug", "card"), card_params())
def test_a_card_has_some_support(slug: str, card: dict[str, Any]) -> None:
    if card["confidence"] != "disputed":
        assert distinct_seeds(card, "supports")


def test_sources_yaml_describes_exactly_the_seeds() -> None:
    meta = load_yaml(SEEDS / "sources.yaml")
    assert isinstance(meta, dict)
    assert sorted(map(str, meta)) == seed_ids()
    for seed, entry in meta.items():
        assert isinstance(entry, dict), seed
        assert entry.keys() <= SEED_META_KEYS, seed
        assert isinstance(entry.get("title"), str) and entry["title"].strip(), seed
        if "published" in entry:
            assert type(entry["published"]) is dt.date, seed


def test_site_settings() -> None:
    site = load_yaml(ROOT / "content" / "site.yaml")
    assert isinstance(site, dict)
    assert {"title", "description", "language", "publisher", "base_url", "repo_url"} <= set(site)
    assert str(site["base_url"]).startswith("https://")


@pytest.mark.parametrize(("name", "title"), [("methodology", "Methodology"), ("about", "About")])
def test_page_starts_with_its_title(name: str, title: str) -> None:
    text = (PAGES / f"{name}.md").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# {title}"


def test_methodology_states_the_corroboration_convention() -> None:
    text = (PAGES / "methodology.md").read_text(encoding="utf-8").lower()
    assert CORROBORATION_MARK in text


def test_the_build_check_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    status = build.main(["--root", str(ROOT), "check"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "warning:" not in err
    assert "error:" not in err
