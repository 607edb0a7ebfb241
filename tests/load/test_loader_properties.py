"""Properties of the card loader over generated input: round trips, and no input crashes it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factsite.load.cards import load_card
from factsite.model import CONFIDENCE_LEVELS, STANCES, Card, Diagnostic

REL = "content/claims/generated.yaml"
YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Text as authors write it: printable, no surrogates, no control characters (text fields
# refuse them, bidirectional overrides and isolates included).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff" + BIDI_CONTROLS),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")
slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
day = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
source = st.fixed_dictionaries(
    {"seed": slug, "quote": text, "stance": st.sampled_from(STANCES)},
    optional={"note": text},
)
card = st.fixed_dictionaries(
    {
        "claim": text,
        "confidence": st.sampled_from(CONFIDENCE_LEVELS),
        "summary": text,
        "reviewed": day,
        "sources": st.lists(source, min_size=1, max_size=4),
    },
    optional={
        "claimant": text,
        "claim_date": day,
        "tags": st.lists(slug, max_size=4, unique=True),
    },
)
# No deadline: an example's time says nothing of the loader on a busy machine (no timed tests).
relaxed = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def load(tmp_path: Path, content: str | bytes) -> tuple[Card | None, list[Diagnostic]]:
    path = tmp_path / REL
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    diagnostics: list[Diagnostic] = []
    return load_card(tmp_path, REL, diagnostics), diagnostics


@relaxed
@given(card)
def test_a_generated_card_dumped_to_yaml_loads_back_equal(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    loaded, diagnostics = load(tmp_path, yaml.safe_dump(data, allow_unicode=True))
    assert diagnostics == []
    assert loaded is not None
    assert loaded.claim == " ".join(data["claim"].split())
    assert (loaded.confidence, loaded.summary, loaded.reviewed) == (
        data["confidence"],
        data["summary"],
        data["reviewed"],
    )
    assert (loaded.claimant, loaded.claim_date, loaded.tags) == (
        data.get("claimant", ""),
        data.get("claim_date"),
        tuple(data.get("tags", ())),
    )
    assert [(s.seed, s.quote, s.stance, s.note) for s in loaded.sources] == [
        (s["seed"], s["quote"], s["stance"], s.get("note", "")) for s in data["sources"]
    ]


@relaxed
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_arbitrary_input_gives_diagnostics_inside_the_file_never_an_exception(
    tmp_path: Path, content: str | bytes
) -> None:
    loaded, diagnostics = load(tmp_path, content)
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    # Lines as YAML (and an editor) counts them: a lone CR or U+2028 also ends a line.
    lines = max(1, len(YAML_LINE_BREAK.split(text)))
    assert loaded is not None or diagnostics
    for diagnostic in diagnostics:
        assert diagnostic.path == REL
        assert 1 <= diagnostic.line <= lines, diagnostic
        assert diagnostic.col >= 1


@relaxed
@given(card, st.data())
def test_a_mangled_card_never_raises(
    tmp_path: Path, data: dict[str, Any], draw: st.DataObject
) -> None:
    dumped = yaml.safe_dump(data, allow_unicode=True)
    cut = draw.draw(st.integers(0, len(dumped)))
    junk = draw.draw(st.sampled_from(["", ":", "- ", "&a ", "*a", "!!str ", "{", "'", "\t", "\n "]))
    loaded, diagnostics = load(tmp_path, dumped[:cut] + junk + dumped[cut:])
    assert loaded is not None or diagnostics
