"""The site's machine-readable outputs, made from data: claims.json and each claim's ClaimReview."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date

from markupsafe import Markup

from .. import urls
from ..model import BUILTIN_WORDS, RubricWords, Seed, SiteConfig, VerifiedCard, VerifiedSource
from .editorial import last_change
from .links import is_web_url
from .views import ClaimsView, PageView

# Bumped only when a consumer of claims.json would have to change; adding keys is not.
CLAIMS_FORMAT_VERSION = 1
# An empty site still needs an Atom `updated`; a fixed date keeps builds byte-identical.
EPOCH = date(1970, 1, 1)


def atom_time(day: date) -> str:
    """Return a date as an RFC 3339 timestamp at midnight UTC, as Atom requires."""
    return f"{day.isoformat()}T00:00:00Z"


def feed_updated(cards: Iterable[VerifiedCard]) -> str:
    """Return the feed's `updated`: the newest review or correction, never the build's time."""
    return atom_time(max((last_change(card) for card in cards), default=EPOCH))


def source_record(source: VerifiedSource, seed: Seed) -> dict[str, object]:
    """Return one citation with its resolved passage, as published in claims.json."""
    match = source.match
    return {
        "seed": source.seed,
        "passage": match.passage,
        "passage_text": seed.passage(match.passage).text,
        "quote": source.quote,
        "spans": [list(span) for span in match.spans],
        "stance": source.stance,
        "note": source.note,
    }


def card_record(card: VerifiedCard, seeds: Mapping[str, Seed], base_url: str) -> dict[str, object]:
    """Return one card as published in claims.json."""
    return {
        "slug": card.slug,
        "url": urls.absolute(base_url, urls.claim_page(card.slug)),
        "claim": card.claim,
        "claimant": card.claimant or None,
        "claim_date": card.claim_date.isoformat() if card.claim_date else None,
        "confidence": card.confidence,
        "reviewed": card.reviewed.isoformat(),
        "tags": list(card.tags),
        "summary": card.summary,
        "sources": [source_record(source, seeds[source.seed]) for source in card.sources],
    }


def seed_record(seed: Seed, base_url: str) -> dict[str, object]:
    """Return a seed's metadata and its page on this site."""
    return {
        "title": seed.title,
        "publisher": seed.publisher or None,
        "published": seed.published.isoformat() if seed.published else None,
        "url": seed.url if is_web_url(seed.url) else None,
        "page": urls.absolute(base_url, urls.seed_page(seed.id)),
        "passages": len(seed.passages),
    }


def seed_records(seeds: Mapping[str, Seed], base_url: str) -> dict[str, dict[str, object]]:
    """Return every seed's record, by id."""
    return {seed_id: seed_record(seeds[seed_id], base_url) for seed_id in sorted(seeds)}


def claims_document(
    records: list[dict[str, object]],
    seeds: dict[str, dict[str, object]],
    config: SiteConfig,
    base_url: str,
    rubric: RubricWords = BUILTIN_WORDS,
) -> dict[str, object]:
    """Return claims.json: the cards' records (in slug order) and the seeds' records by id."""
    return {
        "format": CLAIMS_FORMAT_VERSION,
        "site": {"title": config.title, "url": f"{base_url}/", "publisher": config.publisher},
        "confidence_levels": {words.level: words.meaning for words in rubric.levels},
        "claims": records,
        "seeds": seeds,
    }


def dump_json(data: object) -> str:
    """Return JSON as published: ASCII, two-space indent, keys in the order built."""
    # Other characters are \u escapes: the same JSON to any reader, and text of one byte a
    # character, which a 37 MB claims.json joins and encodes in half the time.
    return json.dumps(data, indent=2) + "\n"


class JsonDocuments:
    """Encodes JSON exactly as dump_json does, reusing the text of objects met last time.

    A dict inside the document is encoded on its own and its text kept by the dict's
    identity: handed the very same object again (a card's claims.json record, while the
    card is unchanged), it is not encoded again. Records are never altered once made. Only
    what the latest document holds stays in memory, and no document is ever encoded whole
    in one piece, which held millions of small strings at once for 10,000 cards.
    """

    @staticmethod
    def once(data: object) -> Iterator[str]:
        """Yield a document's pieces, keeping nothing for a next document (a full build)."""
        return JsonDocuments().pieces(data)

    def __init__(self) -> None:
        self._kept: dict[int, tuple[object, int, str]] = {}
        self._seen: dict[int, tuple[object, int, str]] = {}

    def dump(self, data: object) -> str:
        """Return the document as published: two-space indent, ASCII, a final newline."""
        return "".join(self.pieces(data))

    def pieces(self, data: object) -> Iterator[str]:
        """Yield the text dump() returns, in pieces: no piece holds more than one record."""
        self._seen = {}
        yield from self._encode(data, 0)
        yield "\n"
        self._kept, self._seen = self._seen, {}

    def _encode(self, value: object, level: int) -> Iterator[str]:
        """Yield the value's text as json.dumps indents it at this depth."""
        if isinstance(value, dict) and value and level:
            yield self._remembered(value, level)  # a record, its text kept while unchanged
        elif isinstance(value, dict) and value and all(isinstance(key, str) for key in value):
            yield "{"
            for number, (key, item) in enumerate(value.items()):
                yield f"{',' if number else ''}\n  {_plain(key, 0)}: "
                yield from self._encode(item, 1)
            yield "\n}"
        elif isinstance(value, list) and value:
            inner = "\n" + "  " * (level + 1)
            yield "["
            for number, item in enumerate(value):
                yield "," + inner if number else inner
                yield from self._encode(item, level + 1)
            yield "\n" + "  " * level + "]"
        else:
            yield _plain(value, level)

    def _remembered(self, value: object, level: int) -> str:
        kept = self._kept.get(id(value))
        if kept is None or kept[0] is not value or kept[1] != level:
            kept = (value, level, _plain(value, level))
        # Holding the object keeps its id from being reused by another one.
        self._seen[id(value)] = kept
        return kept[2]


def _plain(value: object, level: int) -> str:
    """Return json.dumps's indented text of a value placed `level` deep in a document."""
    # JSON text never holds a raw newline inside a string, so every newline is indentation.
    return json.dumps(value, indent=2).replace("\n", "\n" + "  " * level)


# Text in a <script> element ends at the first `</script`; escaping these three characters
# as JSON unicode escapes keeps the JSON equal while no markup can appear inside it.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def script_json(data: object) -> Markup:
    """Return JSON safe to place inside a <script> element as it stands."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    for char, escaped in _SCRIPT_SAFE:  # str.replace: far quicker than translate on non-ASCII
        text = text.replace(char, escaped)
    return Markup(text)


CardRecord = Callable[[VerifiedCard, Mapping[str, Seed], str], dict[str, object]]
SeedRecords = Callable[[Mapping[str, Seed], str], dict[str, dict[str, object]]]


def claims_pieces(
    view: PageView,
    record: CardRecord = card_record,
    documents: JsonDocuments | None = None,
    seeds_record: SeedRecords = seed_records,
) -> Iterator[str]:
    """Yield claims.json's text in pieces, each card's record made by `record`, the seeds'
    by `seeds_record`."""
    assert isinstance(view, ClaimsView)
    records = [record(card, view.seeds, view.base_url) for card in view.cards]
    seeds = seeds_record(view.seeds, view.base_url)
    document = claims_document(records, seeds, view.config, view.base_url, view.rubric)
    return (documents or JsonDocuments()).pieces(document)
