"""The plain data that flows between the pipeline's stages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]

CONFIDENCE_LEVELS = ("high", "moderate", "low", "disputed")
STANCES = ("supports", "contradicts", "context")

# The rubric is the product's contract with readers: shown on claim pages and enforced by verify.
# These are its built-in English words; a site's content/rubric.yaml may reword or translate
# them (load/rubric.py), never the rules, which stay in verify.
RUBRIC: Mapping[str, str] = {
    "high": "Two or more independent lines of reporting support the claim, and none "
    "contradicts it.",
    "moderate": "Supported, with a second independent line of reporting that supports it "
    "or is consistent with it.",
    "low": "One line of reporting supports it, uncorroborated or vague.",
    "disputed": "At least one source contradicts it.",
}

# ClaimReview's textual rating, per level. Each says what is rated (the claim as phrased,
# against the reporting) and that it is not a truth verdict, because a reader of an
# aggregator, who sees it without the site around it, takes "Low" for "false".
RATINGS: Mapping[str, str] = {
    "high": "Well attested: two or more independent lines of reporting support this claim "
    "as phrased, and none contradicts it; not a verdict on whether it is true",
    "moderate": "Partly attested: the reporting supports this claim as phrased only in part "
    "(one line of reporting, with others consistent, or agreement on substance but not on "
    "detail); not a verdict on whether it is true",
    "low": "Thinly attested: this claim rests on one source or line of reporting, "
    "uncorroborated or vague; not a verdict on whether it is true",
    "disputed": "Disputed in the reporting: at least one source contradicts this claim as "
    "phrased; not a verdict on whether it is true",
}

# How a source's stance reads to readers, as a phrase of its own.
STANCE_LABELS: Mapping[str, str] = {
    "supports": "Supports the claim",
    "contradicts": "Contradicts the claim",
    "context": "Context for the claim",
}


@dataclass(frozen=True)
class LevelWords:
    """How readers see one confidence level: its words, never its rule."""

    level: str  # the level they are the words of: one of CONFIDENCE_LEVELS
    name: str  # the level on its own: "High" (the level filter, "High means: …")
    label: str  # its badge: "High confidence"
    meaning: str  # its line of the rubric, shown beside every claim of the level
    rating: str  # ClaimReview's textual rating: read by aggregators without the site


@dataclass(frozen=True)
class StanceWords:
    """How readers see one stance of a source towards its claim."""

    stance: str  # one of STANCES
    label: str  # "Supports the claim"


@dataclass(frozen=True)
class RubricWords:
    """The rubric's words for readers, every level's and every stance's, in the build's order.

    Tuples of frozen words, so that views holding them compare and hash by value.
    """

    levels: tuple[LevelWords, ...]  # in CONFIDENCE_LEVELS order
    stances: tuple[StanceWords, ...]  # in STANCES order

    @cached_property
    def _levels(self) -> Mapping[str, LevelWords]:
        return {words.level: words for words in self.levels}

    @cached_property
    def labels(self) -> Mapping[str, str]:
        """Return each level's badge label, by level (for the layouts of listed cards)."""
        return {words.level: words.label for words in self.levels}

    @cached_property
    def _stances(self) -> Mapping[str, str]:
        return {words.stance: words.label for words in self.stances}

    def level(self, level: str) -> LevelWords:
        """Return the words of one confidence level."""
        return self._levels[level]

    def stance(self, stance: str) -> str:
        """Return how one stance reads to readers."""
        return self._stances[stance]


BUILTIN_WORDS = RubricWords(
    tuple(
        LevelWords(
            level,
            level.capitalize(),
            f"{level.capitalize()} confidence",
            RUBRIC[level],
            RATINGS[level],
        )
        for level in CONFIDENCE_LEVELS
    ),
    tuple(StanceWords(stance, STANCE_LABELS[stance]) for stance in STANCES),
)


class Pos(NamedTuple):
    """A place in a file, line and column counted from 1 (a tuple: made by the thousand)."""

    line: int = 1
    col: int = 1


FILE_START = Pos(1, 1)


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the site's content or layouts.

    Made by error() or warning() (of() when the severity is a variable), each given a Pos, so
    no caller spells out a line and a column.
    """

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    hint: str = ""

    @classmethod
    def of(
        cls, severity: Severity, path: str, message: str, hint: str = "", *, pos: Pos = FILE_START
    ) -> Diagnostic:
        """Return a problem of the file at pos: its start unless told."""
        return cls(path, pos.line, pos.col, severity, message, hint)

    @classmethod
    def error(cls, path: str, message: str, hint: str = "", *, pos: Pos = FILE_START) -> Diagnostic:
        """Return a problem that fails the build, at pos in the file (its start unless told)."""
        return cls.of("error", path, message, hint, pos=pos)

    @classmethod
    def warning(
        cls, path: str, message: str, hint: str = "", *, pos: Pos = FILE_START
    ) -> Diagnostic:
        """Return a problem that is shown but lets the build pass, at pos in the file."""
        return cls.of("warning", path, message, hint, pos=pos)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class Passage:
    """One non-empty line of a seed; passage n is anchored as `pn`."""

    number: int
    text: str

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


# What seeds/sources.yaml says of a publisher or a date the archived text does not give.
NOT_STATED = "not stated"


@dataclass(frozen=True)
class Seed:
    """An archived source document with its metadata from seeds/sources.yaml."""

    id: str
    path: str
    passages: tuple[Passage, ...]
    title: str
    publisher: str = ""
    published: date | None = None
    url: str = ""
    label: str = ""  # a short name for readers, e.g. its publisher or kind of article
    note: str = ""
    sha256: str = ""  # the archived bytes' digest, as sources.yaml records it
    file_sha256: str = ""  # the digest of the bytes read from seeds/<id>.txt
    # The lines of reporting the article rests on; none means the article is its own origin.
    origins: tuple[str, ...] = ()
    archived: date | None = None
    pos: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)

    def at(self, key: str) -> Pos:
        """Return the position of one of this seed's fields in seeds/sources.yaml."""
        return self.pos.get(key) or self.pos.get("", FILE_START)

    @property
    def name(self) -> str:
        """Return the name readers know the seed by: its label, else its title."""
        return self.label or self.title

    def passage(self, number: int) -> Passage:
        return self.passages[number - 1]


def origin_key(name: str) -> str:
    """Return the form in which two spellings of one origin of reporting compare equal."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found: a passage and the character spans of its parts."""

    passage: int
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Source:
    """One citation of a card: a quote from a seed and what it says about the claim."""

    seed: str
    quote: str
    stance: str
    note: str = ""
    pos: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)

    def at(self, key: str) -> Pos:
        """Return the position of one of this source's fields, or of the source itself."""
        return self.pos.get(key) or self.pos.get("", FILE_START)


@dataclass(frozen=True)
class VerifiedSource(Source):
    """A source whose quote verify found in its seed: where, so readers see it in its passage."""

    match: QuoteMatch = field(kw_only=True)


@dataclass(frozen=True)
class Correction:
    """A change to a published card that readers are told of, under the claim."""

    date: date
    note: str
    pos: Pos = field(default=FILE_START, compare=False, repr=False)


@dataclass(frozen=True)
class Card:
    """A fact card as loaded: one checkable claim, its confidence and its sources."""

    slug: str
    path: str
    claim: str
    confidence: str
    summary: str
    sources: tuple[Source, ...]
    reviewed: date
    claimant: str = ""
    claim_date: date | None = None
    tags: tuple[str, ...] = ()
    verdict: str = ""  # the desk's conclusion in one sentence, shown above everything else
    published: date | None = None
    corrections: tuple[Correction, ...] = ()
    draft: bool = False  # verified like any card, shown in the preview, never published
    pos: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)
    # The fields missing or wrong in the file (reported as it loaded): such a card is checked
    # as far as its valid fields go, and never published.
    invalid: frozenset[str] = frozenset()

    def at(self, key: str) -> Pos:
        """Return the position of one of this card's fields, or of the card's start."""
        return self.pos.get(key) or self.pos.get("", FILE_START)

    @cached_property  # layouts ask for it many times a page; a card never changes
    def seed_ids(self) -> tuple[str, ...]:
        return tuple(sorted({source.seed for source in self.sources}))


@dataclass(frozen=True)
class ReportingLine:
    """Seeds that count as one line of reporting, and the origins that join them."""

    seeds: tuple[str, ...]  # seed ids, sorted
    origins: tuple[str, ...]  # the origins the seeds name, in order of first mention; may be ()


@dataclass(frozen=True)
class VerifiedCard(Card):
    """A card as verify passes it: loaded whole, its every quote found and no error.

    Only verify makes one; plan and render take nothing else, so they never meet a quote
    that was not found. It is a Card, so what reads any card (its dates, its corrections)
    reads it too.
    """

    sources: tuple[VerifiedSource, ...]
    # The independent lines of reporting that support the claim, as the rubric counted them.
    supporting: tuple[ReportingLine, ...] = field(kw_only=True)


@dataclass(frozen=True)
class Page:
    """A Markdown page from content/pages, published at /<slug>/."""

    slug: str
    path: str
    title: str
    body: str
    # The file as read, title line and all: a check of the page reports the lines it has.
    text: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class SiteConfig:
    """Site-wide settings from content/site.yaml."""

    title: str
    base_url: str
    description: str = ""
    language: str = "en"
    publisher: str = ""
    repo_url: str = ""
    contact: str = ""  # an email address or an http(s) URL where readers reach the desk
    funding: str = ""  # who funds the site, or that it is unfunded, in a sentence or two
    editor: str = ""  # the responsible editor's name
    content_license: str = ""  # the licence of the cards and pages, the desk's to choose
    # Each claimant's name -> "person" or "organization", as ClaimReview types its author.
    claimants: Mapping[str, str] = field(default_factory=dict)
    page_size: int = 100  # cards a listing page shows at most: a large desk's index stays light
    feed_size: int = 50  # the newest cards the feed carries, so an edit rewrites a small feed
    search: bool = True  # a search box and its index (Pagefind); off, the filter pages alone


@dataclass(frozen=True)
class Site:
    """The site to publish, as verify leaves it: settings, verified cards, seeds and pages."""

    root: Path
    config: SiteConfig
    cards: tuple[VerifiedCard, ...]
    seeds: Mapping[str, Seed]
    pages: tuple[Page, ...]
    layouts: Mapping[str, str] = field(default_factory=dict)  # name -> template source
    static_files: tuple[str, ...] = ()  # paths under static/, copied as they are
    # The rubric's words for readers: content/rubric.yaml's, or the built-in English ones.
    rubric: RubricWords = BUILTIN_WORDS

    def card(self, slug: str) -> VerifiedCard:
        return next(card for card in self.cards if card.slug == slug)
