"""The table of bad inputs: a change to the minimal fixture site and the diagnostic it must give.

Each case writes files over a copy of tests/fixtures/minimal. `expected` is one exact line of
the build's stderr. `schema` marks the cases whose fault is the card's shape or types, which the
JSON Schema in content/card.schema.json must reject too (the rest need the seeds to judge).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

CARD = "content/claims/bad.yaml"

# What the hint of an unknown field in a card lists, in this order.
CARD_FIELDS = (
    "claim, confidence, summary, sources, reviewed, verdict, claimant, claim_date, published, "
    "corrections, draft, tags"
)

# A valid card; most cases change one line of it. Line numbers:
# 1 schema comment, 2 claim, 3 confidence, 4 reviewed, 5 summary, 6 sources,
# 7 "- seed", 8 quote, 9 stance.
GOOD_CARD = """\
# yaml-language-server: $schema=../card.schema.json
claim: Critics say the audit skipped rural districts.
confidence: low
reviewed: 2026-02-03
summary: One source says so; nothing corroborates it.
sources:
  - seed: beta
    quote: "The audit did not cover rural districts"
    stance: supports
"""


class Symlink(str):
    """A file to create as a symbolic link to this target."""


class Folder(str):
    """A folder to create (its value is ignored)."""


@dataclass(frozen=True)
class BadInput:
    id: str
    files: dict[str, str | bytes]
    expected: str
    schema: bool = False
    extra: tuple[str, ...] = field(default=())

    @property
    def card_text(self) -> str | None:
        """The bad card's YAML text, where the case is about one card file."""
        text = self.files.get(CARD)
        return text if isinstance(text, str) and not isinstance(text, Symlink | Folder) else None


def card(old: str, new: str) -> dict[str, str | bytes]:
    """Return the files of a case that changes one piece of the good card."""
    assert old in GOOD_CARD, old
    return {CARD: GOOD_CARD.replace(old, new)}


def seed_case(seed: str | bytes, quote: str) -> dict[str, str | bytes]:
    """Return the files of a case whose card cites, with this quote (as YAML), a new seed."""
    return {
        "seeds/gamma.txt": seed,
        "seeds/sources.yaml": FIXTURE_SOURCES + archived("gamma", seed),
        CARD: GOOD_CARD.replace("seed: beta", "seed: gamma").replace(
            '"The audit did not cover rural districts"', quote
        ),
    }


# The fixture's seeds as archived: their entries, digests included.
FIXTURE_SOURCES = (Path(__file__).parent / "fixtures/minimal/seeds/sources.yaml").read_text()


def archived(seed_id: str, text: str | bytes, more: str = "") -> str:
    """Return a seed's sources.yaml entry, its digest that of `text`; `more` adds fields."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return f"{seed_id}:\n  sha256: {hashlib.sha256(data).hexdigest()}\n  title: G\n{more}"


def error(path: str, line: int, col: int, message: str) -> str:
    return f"{path}:{line}:{col}: error: {message}"


CASES = [
    # YAML itself
    BadInput(
        "yaml-syntax",
        card("claim: Critics say the audit skipped rural districts.", "claim: [unclosed"),
        # Reported where the unclosed list starts, not where the parser noticed it.
        error(CARD, 2, 8, "YAML syntax: did not find expected ',' or ']'"),
        extra=("    while parsing a flow sequence that starts here; noticed at line 3, column 11",),
    ),
    BadInput(
        "duplicate-key",
        card("confidence: low\n", "confidence: low\nconfidence: high\n"),
        error(CARD, 4, 1, "duplicate key 'confidence' (first at line 3)"),
        schema=False,  # JSON has no duplicate keys to reject
    ),
    BadInput(
        "top-level-list",
        {CARD: "- claim: a list, not a card\n"},
        error(CARD, 1, 1, "expected a card as a mapping of fields, found a list"),
        schema=True,
    ),
    BadInput(
        "empty-file",
        {CARD: "\n\n"},
        error(CARD, 1, 1, "file is empty"),
    ),
    BadInput(
        "comment-only-file",
        {CARD: "# yaml-language-server: $schema=../card.schema.json\n"},
        error(CARD, 1, 1, "file holds no YAML content"),
    ),
    BadInput(
        "not-utf8",
        {CARD: GOOD_CARD.replace("One source", "Caf\udce9").encode("utf-8", "surrogateescape")},
        error(CARD, 1, 1, "file is not UTF-8 (byte 0xe9 on line 5)"),
    ),
    BadInput(
        "over-one-megabyte",
        {CARD: GOOD_CARD + "# " + "x" * 1_000_000 + "\n"},
        error(CARD, 1, 1, "file is larger than 1,000,000 bytes"),
    ),
    # Hostile YAML
    BadInput(
        "python-object-tag",
        card("claim: Critics say", "claim: !!python/object/apply:os.system ['echo pwned'] #"),
        error(
            CARD,
            2,
            8,
            "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in content files",
        ),
    ),
    BadInput(
        "custom-tag",
        card("stance: supports", "stance: !stance supports"),
        error(CARD, 9, 13, "tag '!stance' is not allowed in content files"),
    ),
    BadInput(
        "alias-explosion",
        {
            CARD: GOOD_CARD + "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a]\n"
            "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n"
        },
        error(CARD, 11, 8, "aliases (*name) are not allowed in content files"),
    ),
    BadInput(
        "deep-nesting",
        {CARD: "claim: " + "[" * 5000 + "]" * 5000 + "\n"},
        error(CARD, 1, 1007, "YAML syntax: exceeded maximum nesting depth"),
    ),
    BadInput(
        "unclosed-quote",
        card('rural districts"', "rural districts"),
        error(CARD, 8, 12, "YAML syntax: found unexpected end of stream"),
        extra=(
            "    while scanning a quoted scalar that starts here; noticed at line 9, column 21",
        ),
    ),
    BadInput(
        "raw-control-character",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-03 # checked\x07"),
        error(CARD, 4, 31, "YAML syntax: control character U+0007 (BEL) is not allowed"),
    ),
    BadInput(
        "key-is-a-number",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-03\n1: one"),
        error(CARD, 5, 1, "field names must be text, found a number: 1"),
        schema=True,
    ),
    BadInput(
        "key-is-null",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-03\nnull: nothing"),
        error(CARD, 5, 1, "field names must be text, found nothing (null): null"),
        schema=True,
    ),
    BadInput(
        "key-is-a-list",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-03\n? [a, b]\n: pair"),
        error(CARD, 5, 3, "field names must be text, found a list: [a, b]"),
        schema=True,
    ),
    BadInput(
        "key-is-a-mapping",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-03\n? {k: v}\n: map"),
        error(CARD, 5, 3, "field names must be text, found a mapping: {k: v}"),
        schema=True,
    ),
    BadInput(
        "list-key-twice",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-03\n? [a, b]\n: x\n? [a, b]\n: y"),
        error(CARD, 7, 3, "duplicate key '[a, b]' (first at line 5)"),
    ),
    # Fields
    BadInput(
        "missing-field",
        card("summary: One source says so; nothing corroborates it.\n", ""),
        error(CARD, 2, 1, "missing required field 'summary' in a card"),
        schema=True,
    ),
    BadInput(
        "unknown-field",
        card("summary:", "sumary:"),
        error(CARD, 5, 1, "unknown field 'sumary' in a card"),
        schema=True,
        extra=(f"    did you mean 'summary'? expected one of: {CARD_FIELDS}",),
    ),
    BadInput(
        "misspelt-card-field",  # a capital is a slip too: the build names the field meant
        card("confidence: low", "Confidence: low"),
        error(CARD, 3, 1, "unknown field 'Confidence' in a card"),
        schema=True,
        extra=(f"    did you mean 'confidence'? expected one of: {CARD_FIELDS}",),
    ),
    BadInput(
        "claim-is-number",
        card("claim: Critics say the audit skipped rural districts.", "claim: 42"),
        error(CARD, 2, 8, "claim must be text, found a number"),
        schema=True,
    ),
    BadInput(
        "claim-is-yes-no",
        card("claim: Critics say the audit skipped rural districts.", "claim: no"),
        error(CARD, 2, 8, "claim must be text, found a yes/no value"),
        schema=True,
    ),
    BadInput(
        "claim-is-empty",
        card("claim: Critics say the audit skipped rural districts.", 'claim: " "'),
        error(CARD, 2, 8, "claim is empty"),
        schema=True,
    ),
    BadInput(
        "claim-with-bell-escape",
        card("claim: Critics say the audit", 'claim: "Critics say\\a the audit" #'),
        error(CARD, 2, 20, "claim holds control character U+0007 (BEL) at column 20"),
    ),
    BadInput(
        "claim-with-right-to-left-override",
        card("say the audit skipped", "say the audit \u202edeppiks\u202c"),
        error(
            CARD,
            2,
            30,
            "claim holds control character U+202E (RIGHT-TO-LEFT OVERRIDE) at column 30",
        ),
    ),
    BadInput(
        "quote-with-escape-character",
        card("The audit did not cover", "The audit \\e[31mdid not cover"),
        error(CARD, 8, 23, "quote holds control character U+001B (ESC) at column 23"),
    ),
    BadInput(
        "summary-with-nul-on-a-later-line",
        card(
            "summary: One source says so; nothing corroborates it.",
            'summary: "One source says so;\n  nothing \\0 corroborates it."',
        ),
        error(CARD, 6, 11, "summary holds control character U+0000 (NUL) at column 11"),
    ),
    BadInput(
        "every-problem-of-a-card-in-one-run",
        {
            CARD: "# yaml-language-server: $schema=../card.schema.json\n"
            "claim: 5\n"
            "confidence: high\n"
            "reviewed: 2026-02-03\n"
            "summary: One source says so; nothing corroborates it.\n"
            "claimant: [Critics]\n"
            "claim_date: 2026-13-01\n"
            "sources:\n"
            "  - seed: gamma\n"
            '    quote: "The audit did not cover rural districts"\n'
            "    stance: context\n"
            "  - seed: beta\n"
            "    stance: supports\n"
        },
        error(CARD, 2, 8, "claim must be text, found a number"),
        extra=(
            '    quote it: claim: "5"',
            error(
                CARD,
                3,
                13,
                "confidence 'high' needs two or more independent lines of reporting that support "
                "the claim; found 1 line",
            ),
            error(CARD, 6, 11, "claimant must be text, found a list"),
            error(
                CARD, 7, 13, "claim_date must be a real date written YYYY-MM-DD; found '2026-13-01'"
            ),
            error(CARD, 9, 11, "unknown seed 'gamma'"),
            "    known seeds: alpha, beta",
            error(CARD, 12, 5, "missing required field 'quote' in a source"),
        ),
    ),
    BadInput(
        "seed-unquoted-number",
        card("seed: beta", "seed: 001"),
        error(CARD, 7, 11, "seed must be text, found a number"),
        schema=True,
    ),
    BadInput(
        "impossible-date",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-30"),
        error(CARD, 4, 11, "reviewed must be a real date written YYYY-MM-DD; found '2026-02-30'"),
        schema=True,
    ),
    BadInput(
        "date-as-number",
        card("reviewed: 2026-02-03", "reviewed: 20260203"),
        error(CARD, 4, 11, "reviewed must be a date (YYYY-MM-DD), found a number"),
        schema=True,
    ),
    BadInput(
        "date-as-words",
        card("reviewed: 2026-02-03", 'reviewed: "last week"'),
        error(CARD, 4, 11, "reviewed must be a real date written YYYY-MM-DD; found 'last week'"),
        schema=True,
    ),
    BadInput(
        "date-as-week",
        card("reviewed: 2026-02-03", "reviewed: 2026-W47-3"),
        error(CARD, 4, 11, "reviewed must be a real date written YYYY-MM-DD; found '2026-W47-3'"),
        schema=True,
    ),
    BadInput(
        "claim-date-with-time",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-03\nclaim_date: 2026-01-10 09:30"),
        error(
            CARD,
            5,
            13,
            "claim_date must be a real date written YYYY-MM-DD; found '2026-01-10 09:30'",
        ),
        schema=True,
    ),
    BadInput(
        "tags-not-a-list",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-03\ntags: housing"),
        error(CARD, 5, 7, "tags must be a list, found text"),
        schema=True,
    ),
    BadInput(
        "tag-not-a-slug",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-03\ntags: [Housing Policy]"),
        error(
            CARD, 5, 8, "tag must be lowercase letters, digits and hyphens; found 'Housing Policy'"
        ),
        schema=True,
    ),
    BadInput(
        "tag-twice",
        card("reviewed: 2026-02-03", "reviewed: 2026-02-03\ntags: [audit, audit]"),
        error(CARD, 5, 15, "tag 'audit' is listed twice"),
        schema=True,
    ),
    BadInput(
        "bad-confidence",
        card("confidence: low", "confidence: certain"),
        error(
            CARD, 3, 13, "confidence must be one of high, moderate, low, disputed; found 'certain'"
        ),
        schema=True,
    ),
    BadInput(
        "sources-empty",
        {CARD: GOOD_CARD.split("  - seed")[0].replace("sources:\n", "sources: []\n")},
        error(CARD, 6, 10, "sources must list at least one source"),
        schema=True,
    ),
    BadInput(
        "sources-not-a-list",
        {CARD: GOOD_CARD.split("  - seed")[0].replace("sources:\n", "sources: beta\n")},
        error(CARD, 6, 10, "sources must be a list, found text"),
        schema=True,
    ),
    BadInput(
        "source-missing-quote",
        card('    quote: "The audit did not cover rural districts"\n', ""),
        error(CARD, 7, 5, "missing required field 'quote' in a source"),
        schema=True,
    ),
    BadInput(
        "source-unknown-field",
        card("    stance: supports", "    stance: supports\n    page: 4"),
        error(CARD, 10, 5, "unknown field 'page' in a source"),
        schema=True,
        extra=("    expected one of: seed, quote, stance, note",),  # no field is close to 'page'
    ),
    BadInput(
        "misspelt-source-field",
        card("stance: supports", "stanse: supports"),
        error(CARD, 9, 5, "unknown field 'stanse' in a source"),
        schema=True,
        extra=("    did you mean 'stance'? expected one of: seed, quote, stance, note",),
    ),
    BadInput(
        "bad-stance",
        card("stance: supports", "stance: agrees"),
        error(CARD, 9, 13, "stance must be one of supports, contradicts, context; found 'agrees'"),
        schema=True,
    ),
    BadInput(
        "empty-quote",
        card('quote: "The audit did not cover rural districts"', 'quote: ""'),
        error(CARD, 8, 12, "quote is empty"),
        schema=True,
    ),
    BadInput(
        "high-card-on-quotes-of-periods",
        {
            CARD: GOOD_CARD.replace("confidence: low", "confidence: high").replace(
                '"The audit did not cover rural districts"', '"...."'
            )
            + '  - seed: alpha\n    quote: "…."\n    stance: supports\n'
        },
        error(CARD, 8, 12, "quote holds no words: '....'"),
        extra=("    copy the words you rely on from the seed",),
    ),
    BadInput(
        "quote-of-an-ellipsis-and-a-period",
        card('"The audit did not cover rural districts"', '"…."'),
        error(CARD, 8, 12, "quote holds no words: '….'"),
    ),
    BadInput(
        "quote-part-without-words",
        card('"The audit did not cover rural districts"', '"The audit did not … ; … rural"'),
        error(CARD, 8, 12, "quote part ';' holds no words"),
        extra=("    each part of a quote between ellipses must hold at least one word",),
    ),
    # Files and names
    BadInput(
        "slug-with-capitals",
        {"content/claims/Bad_Name.yaml": GOOD_CARD},
        error("content/claims/Bad_Name.yaml", 1, 1, "file name 'Bad_Name' is not a slug"),
    ),
    BadInput(
        "yml-extension",
        {"content/claims/bad.yml": GOOD_CARD},
        error(
            "content/claims/bad.yml",
            1,
            1,
            "unexpected file in content/claims/; expected <name>.yaml",
        ),
    ),
    BadInput(
        "folder-in-claims",
        {"content/claims/drafts": Folder()},
        error("content/claims/drafts", 1, 1, "unexpected folder in content/claims/"),
    ),
    BadInput(
        "symlink-out-of-site",
        {CARD: Symlink("/etc/hostname")},
        error(CARD, 1, 1, "symlink leads outside the site folder"),
    ),
    BadInput(
        "static-symlink-to-git-config",
        {".git/config": "[core]\n", "static/gitconfig": Symlink("../.git/config")},
        error("static/gitconfig", 1, 1, "symlink leads outside static/"),
        extra=("    it points to .git/config",),
    ),
    BadInput(
        "card-symlink-to-a-seed",
        {CARD: Symlink("../../seeds/beta.txt")},
        error(CARD, 1, 1, "symlink leads outside content/"),
        extra=("    it points to seeds/beta.txt",),
    ),
    BadInput(
        "layout-symlink-to-site-settings",
        {"layouts/settings.html": Symlink("../content/site.yaml")},
        error("layouts/settings.html", 1, 1, "symlink leads outside layouts/"),
    ),
    # Seeds and quotes
    BadInput(
        "unknown-seed",
        card("seed: beta", "seed: gamma"),
        error(CARD, 7, 11, "unknown seed 'gamma'"),
    ),
    BadInput(
        "seed-id-as-path",
        card("seed: beta", "seed: ../seeds/beta"),
        error(CARD, 7, 11, "unknown seed '../seeds/beta'"),
    ),
    BadInput(
        "quote-not-found",
        card("did not cover rural", "did not visit rural"),
        error(CARD, 8, 12, "quote not found in seed 'beta'"),
        extra=(
            '    closest passage is p2: "The audit did not »cover« rural districts, where most'
            ' planned homes are." (the quote has "visit")',
        ),
    ),
    BadInput(
        "quote-first-word-differs",
        card("The audit did not cover", "An audit did not cover"),
        error(CARD, 8, 12, "quote not found in seed 'beta'"),
        extra=(
            '    closest passage is p2: "»The« audit did not cover rural districts, where most'
            ' planned homes are." (the quote has "An")',
        ),
    ),
    BadInput(
        "quote-goes-on-past-its-passage",
        card(
            '"The audit did not cover rural districts"', '"where most planned homes are. It says"'
        ),
        error(CARD, 8, 12, "quote not found in seed 'beta'"),
        extra=(
            '    closest passage is p2: "The audit did not cover rural districts, where most'
            ' planned homes are." (the passage ends where the quote goes on with "It")',
        ),
    ),
    BadInput(
        "quote-parts-out-of-order",
        card('"The audit did not cover rural districts"', '"rural districts … The audit did not"'),
        error(CARD, 8, 12, "quote not found in seed 'beta'"),
        extra=(
            '    closest passage is p2: "»The« audit did not cover rural districts, where most'
            ' planned homes are." (the quote\'s "The audit did not" does not come after its'
            ' "rural districts")',
        ),
    ),
    BadInput(
        "quote-spans-two-passages",
        card(
            '"The audit did not cover rural districts"',
            '"confirming the ministry\'s figure. The audit did not cover"',
        ),
        error(CARD, 8, 12, "quote not found in seed 'beta'"),
        extra=(
            "    the quote runs across passages p1 and p2; a quote must lie within one passage",
        ),
    ),
    BadInput(
        "quote-differs-in-case",
        card("The audit did not cover", "the Audit did not cover"),
        error(CARD, 8, 12, "quote not found in seed 'beta'"),
        extra=("    the quote differs from the seed only in upper/lower case; case counts",),
    ),
    BadInput(
        "seed-with-a-soft-hyphen-in-a-word",
        seed_case(
            "The board ap\u00adproved the plan on Tuesday.\n", '"The board approved the plan"'
        ),
        error(CARD, 8, 12, "quote not found in seed 'gamma'"),
        extra=(
            '    the seed has an invisible U+00AD SOFT HYPHEN inside "approved" (p1); quote it as'
            " in the seed (as \\xad inside double quotes) or leave that word out with an"
            " ellipsis",
        ),
    ),
    BadInput(
        "seed-with-a-zero-width-space",
        seed_case(
            "The board approved\u200b the plan on Tuesday.\n", '"The board approved the plan"'
        ),
        error(CARD, 8, 12, "quote not found in seed 'gamma'"),
        extra=(
            '    the seed has an invisible U+200B ZERO WIDTH SPACE after "approved" (p1); quote it'
            " as in the seed (as \\u200b inside double quotes) or leave that word out with an"
            " ellipsis",
        ),
    ),
    BadInput(
        "seed-with-a-byte-order-mark-mid-text",
        seed_case(
            "The board approved \ufeffthe plan on Tuesday.\n", '"The board approved the plan"'
        ),
        error(CARD, 8, 12, "quote not found in seed 'gamma'"),
        extra=(
            '    the seed has an invisible U+FEFF ZERO WIDTH NO-BREAK SPACE before "the" (p1);'
            " quote it as in the seed (as \\ufeff inside double quotes) or leave that word out"
            " with an ellipsis",
        ),
    ),
    BadInput(
        "quote-with-a-zero-width-space",
        seed_case(
            "The board approved the plan on Tuesday.\n", '"The board approved\\u200b the plan"'
        ),
        error(CARD, 8, 12, "quote not found in seed 'gamma'"),
        extra=(
            '    the quote has an invisible U+200B ZERO WIDTH SPACE after "approved" that the seed'
            " (p1) does not have",
        ),
    ),
    BadInput(
        "seed-with-a-ligature",
        seed_case("The ﬁnance board approved the plan.\n", '"The finance board approved the plan"'),
        error(CARD, 8, 12, "quote not found in seed 'gamma'"),
        extra=(
            '    the seed has U+FB01 LATIN SMALL LIGATURE FI in "ﬁnance" (p1) where the quote has'
            ' "fi"; quote the seed',
        ),
    ),
    BadInput(
        "seed-with-terminal-escapes",
        seed_case(
            "Officials said \x1b]0;PWNED\x07\x1b[2J\x1b[31mFAKE: 0 problems\n",
            '"Officials said FAKE: 0 problems"',
        ),
        error(CARD, 8, 12, "quote not found in seed 'gamma'"),
        extra=(
            '    closest passage is p1: "Officials said »\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mFAKE:«'
            ' 0 problems" (the quote has "FAKE:")',
        ),
    ),
    BadInput(
        "same-quote-twice",
        {
            CARD: GOOD_CARD
            + '  - seed: beta\n    quote: "The audit did not cover rural districts"\n'
            "    stance: supports\n"
        },
        error(CARD, 10, 5, "the same quote of 'beta' is cited twice"),
    ),
    BadInput(
        "seed-not-utf8",
        {"seeds/gamma.txt": b"Caf\xe9 society\n", "seeds/sources.yaml": "gamma:\n  title: Gamma\n"},
        error("seeds/gamma.txt", 1, 1, "file is not UTF-8 (byte 0xe9 on line 1)"),
    ),
    BadInput(
        "seed-without-metadata",
        {"seeds/gamma.txt": "A passage.\n"},
        error("seeds/gamma.txt", 1, 1, "seed 'gamma' has no entry in seeds/sources.yaml"),
    ),
    BadInput(
        "metadata-without-seed",
        {"seeds/sources.yaml": "alpha:\n  title: A\nbeta:\n  title: B\ndelta:\n  title: D\n"},
        error(
            "seeds/sources.yaml",
            5,
            1,
            "seeds/sources.yaml describes 'delta' but seeds/delta.txt does not exist",
        ),
    ),
    BadInput(
        "quote-across-lines-ended-by-lone-cr",
        {
            "seeds/beta.txt": "An audit found 4,000 new homes were built in 2025.\r"
            "The audit did not cover rural districts, where most planned homes are.\r",
            CARD: GOOD_CARD.replace(
                '"The audit did not cover rural districts"', '"built in 2025. The audit did not"'
            ),
        },
        error(CARD, 8, 12, "quote not found in seed 'beta'"),
    ),
    BadInput(
        "seed-title-with-c1-control",
        {"seeds/sources.yaml": 'alpha:\n  title: A\nbeta:\n  title: "Audit \\x9b report"\n'},
        error(
            "seeds/sources.yaml", 4, 17, "title holds control character U+009B (CSI) at column 17"
        ),
    ),
    # Confidence rubric
    BadInput(
        "high-with-one-seed",
        card("confidence: low", "confidence: high"),
        error(
            CARD,
            3,
            13,
            "confidence 'high' needs two or more independent lines of reporting that support "
            "the claim; found 1 line",
        ),
    ),
    BadInput(
        "high-on-two-copies-of-one-seed",
        {
            "seeds/gamma.txt": "The board approved the plan on Tuesday.\n",
            "seeds/gamma-copy.txt": "The board approved the plan on Tuesday.\n",
            "seeds/sources.yaml": "alpha:\n  title: A\nbeta:\n  title: B\n"
            "gamma:\n  title: G\ngamma-copy:\n  title: G again\n",
            CARD: GOOD_CARD.replace("confidence: low", "confidence: high")
            .replace("seed: beta", "seed: gamma")
            .replace("The audit did not cover rural districts", "The board approved the plan")
            + '  - seed: gamma-copy\n    quote: "The board approved the plan"\n'
            "    stance: supports\n",
        },
        error(
            CARD,
            3,
            13,
            "confidence 'high' needs two or more independent lines of reporting that support "
            "the claim; found 1 line",
        ),
        extra=("    seeds 'gamma' and 'gamma-copy' hold the same text, so they count as one seed",),
    ),
    BadInput(
        "high-on-overlapping-origins",
        {
            "seeds/gamma.txt": "The board approved the plan on Tuesday.\n",
            "seeds/delta.txt": "On Tuesday the board approved the plan.\n",
            "seeds/sources.yaml": FIXTURE_SOURCES
            + archived(
                "gamma",
                "The board approved the plan on Tuesday.\n",
                "  origins: [City Wire]\n  note: Credits City Wire.\n",
            )
            + archived(
                "delta",
                "On Tuesday the board approved the plan.\n",
                "  origins: [city wire, Radio Four]\n  note: Names both.\n",
            ),
            CARD: GOOD_CARD.replace("confidence: low", "confidence: high")
            .replace("seed: beta", "seed: gamma")
            .replace("The audit did not cover rural districts", "The board approved the plan")
            + '  - seed: delta\n    quote: "the board approved the plan"\n'
            "    stance: supports\n",
        },
        error(
            CARD,
            3,
            13,
            "confidence 'high' needs two or more independent lines of reporting that support "
            "the claim; found 1 line",
        ),
        extra=(
            "    seeds 'delta' and 'gamma' count as one line of reporting: their origins "
            "overlap ('city wire', 'Radio Four')",
        ),
    ),
    BadInput(
        "moderate-on-one-line-of-reporting",
        card("confidence: low", "confidence: moderate"),
        error(
            CARD,
            3,
            13,
            "confidence 'moderate' needs a source from a second line of reporting, supporting "
            "or consistent with the claim; found 1 line",
        ),
        extra=(
            "    cite a passage of a seed from another line of reporting with stance 'supports' "
            "or 'context', or mark the card 'low'",
        ),
    ),
    # Archived sources never change
    BadInput(
        "seed-whose-bytes-changed",
        {
            "seeds/beta.txt": "An audit found 4,000 new homes were built in 2025.\n"
            "The audit did not cover rural districts, where most planned homes are!\n"
        },
        error(
            "seeds/beta.txt",
            1,
            1,
            "archived text changed: seeds/beta.txt no longer matches the sha256 recorded in "
            "seeds/sources.yaml",
        ),
        extra=(
            "    an archived source never changes: restore its text (`git checkout -- "
            "seeds/beta.txt`), or archive the new version as a new seed with `python build.py "
            "seed add FILE` and cite that",
        ),
    ),
    BadInput(
        "seed-without-a-digest",
        {
            "seeds/sources.yaml": FIXTURE_SOURCES.replace(
                "  sha256: 901b5ae5d939805c08755873f187ffe601a825c5d354552321cac4c841b844ca\n", ""
            )
        },
        error(
            "seeds/sources.yaml",
            1,
            1,
            "seed 'alpha' has no sha256; an archived source's digest is required",
        ),
        extra=(
            "    add `sha256: 901b5ae5d939805c08755873f187ffe601a825c5d354552321cac4c841b844ca` "
            "if seeds/alpha.txt is the text as archived, or archive it with `python build.py "
            "seed add`",
        ),
    ),
    BadInput(
        "seed-digest-not-hexadecimal",
        {"seeds/sources.yaml": FIXTURE_SOURCES.replace("sha256: 901b5ae5", "sha256: 901B5AE5")},
        error("seeds/sources.yaml", 2, 11, "sha256 must be 64 lowercase hexadecimal digits"),
    ),
    BadInput(
        "origins-without-a-note",
        {
            "seeds/sources.yaml": FIXTURE_SOURCES.replace(
                "  title: Ministry statement coverage\n",
                "  title: Ministry statement coverage\n  origins: [Ministry press office]\n",
            )
        },
        error("seeds/sources.yaml", 4, 12, "seed 'alpha' names origins but no note saying why"),
    ),
    BadInput(
        "origin-listed-twice",
        {
            "seeds/sources.yaml": FIXTURE_SOURCES.replace(
                "  published: 2026-01-15\n",
                "  published: 2026-01-15\n  origins: [Audit office, audit  office]\n",
            )
        },
        error("seeds/sources.yaml", 10, 27, "origin 'audit  office' is listed twice"),
    ),
    BadInput(
        "misspelt-seed-field",
        {
            "seeds/sources.yaml": FIXTURE_SOURCES.replace(
                "  publisher: not stated\nbeta", "  lable: Ministry\nbeta"
            )
        },
        error("seeds/sources.yaml", 4, 3, "unknown field 'lable' in seed 'alpha'"),
        extra=(
            "    did you mean 'label'? expected one of: title, label, sha256, origins, publisher, "
            "published, url, archived, note",
        ),
    ),
    # Drafts, publication and corrections
    BadInput(
        "draft-with-an-error",
        {
            CARD: GOOD_CARD.replace("confidence: low\n", "confidence: low\ndraft: true\n").replace(
                "did not cover", "did cover"
            )
        },
        error(CARD, 9, 12, "quote not found in seed 'beta'"),
    ),
    BadInput(
        "draft-not-true-or-false",
        card("confidence: low\n", 'confidence: low\ndraft: "yes"\n'),
        error(CARD, 4, 8, "draft must be true or false, found text"),
        schema=True,
    ),
    BadInput(
        "correction-without-a-note",
        card(
            "reviewed: 2026-02-03\n", "reviewed: 2026-02-03\ncorrections:\n  - date: 2026-02-01\n"
        ),
        error(CARD, 6, 5, "missing required field 'note' in a correction"),
        schema=True,
    ),
    BadInput(
        "correction-after-the-review",
        card(
            "reviewed: 2026-02-03\n",
            "reviewed: 2026-02-03\ncorrections:\n  - date: 2026-02-04\n    note: Fixed.\n",
        ),
        error(CARD, 6, 5, "correction dated 2026-02-04 is after reviewed 2026-02-03"),
        extra=("    a correction is a review: set reviewed to the correction's date or later",),
    ),
    BadInput(
        "published-after-the-review",
        card("reviewed: 2026-02-03\n", "reviewed: 2026-02-03\npublished: 2026-03-01\n"),
        error(CARD, 5, 12, "published 2026-03-01 is after reviewed 2026-02-03"),
    ),
    BadInput(
        "high-with-contradiction",
        {
            CARD: GOOD_CARD.replace("confidence: low", "confidence: high")
            + '  - seed: alpha\n    quote: "were built in 2025, a record"\n    stance: supports\n'
            + '  - seed: alpha\n    quote: "a claim the auditor has not checked"\n'
            "    stance: contradicts\n"
        },
        error(
            CARD,
            3,
            13,
            "confidence 'high' is not allowed: a source contradicts the claim, "
            "so the rubric makes it 'disputed'",
        ),
    ),
    BadInput(
        "disputed-without-contradiction",
        card("confidence: low", "confidence: disputed"),
        error(
            CARD, 3, 13, "confidence 'disputed' needs at least one source with stance 'contradicts'"
        ),
    ),
    BadInput(
        "low-with-no-support",
        card("stance: supports", "stance: context"),
        error(CARD, 3, 13, "confidence 'low' needs at least one source that supports the claim"),
    ),
    # Markdown images: only the site's own, so a page loads nothing from another host
    BadInput(
        "summary-image-from-another-host",
        card(
            "summary: One source says so; nothing corroborates it.",
            "summary: One source says so ![p](https://tracker.example/p.png)",
        ),
        error(
            CARD, 5, 10, "summary loads an image from another host: https://tracker.example/p.png"
        ),
        extra=("    copy the image into static/ and link it with a relative URL",),
    ),
    BadInput(
        "note-image-from-another-host",
        card(
            "    stance: supports\n",
            "    stance: supports\n    note: Seen ![l](//cdn.example/l.png)\n",
        ),
        error(CARD, 10, 11, "note loads an image from another host: //cdn.example/l.png"),
    ),
    BadInput(
        "page-image-from-another-host",
        {
            "content/pages/about.md": "# About\n\nOur logo:\n\n> ![logo](https://cdn.example/l.png)\n"
        },
        error(
            "content/pages/about.md",
            5,
            3,
            "page loads an image from another host: https://cdn.example/l.png",
        ),
    ),
    # Site settings, pages and layouts
    BadInput(
        "site-without-title",
        {"content/site.yaml": "base_url: https://example.org\n"},
        error("content/site.yaml", 1, 1, "missing required field 'title' in site settings"),
    ),
    BadInput(
        "site-base-url-not-http",
        {"content/site.yaml": "title: T\nbase_url: example.org\n"},
        error("content/site.yaml", 2, 11, "base_url must be an http(s) URL; found 'example.org'"),
    ),
    BadInput(
        "site-base-url-with-a-line-break",
        {"content/site.yaml": 'title: T\nbase_url: "https://ok.example\\nDisallow: /"\n'},
        error(
            "content/site.yaml",
            2,
            11,
            "base_url holds U+000A; a base URL is one absolute http(s) URL; "
            "found 'https://ok.example\\nDisallow: /'",
        ),
    ),
    BadInput(
        "site-title-with-delete-character",
        {"content/site.yaml": 'title: "Fact\\x7f Desk"\nbase_url: https://example.org\n'},
        error(
            "content/site.yaml", 1, 13, "title holds control character U+007F (DEL) at column 13"
        ),
    ),
    BadInput(
        "page-without-title",
        {"content/pages/about.md": "Just text, no heading.\n"},
        error("content/pages/about.md", 1, 1, "page has no title; start it with '# Title'"),
    ),
    BadInput(
        "page-collides-with-sources-index",
        {"content/pages/sources.md": "# Sources\n\nText.\n"},
        error(
            "content/pages/sources.md",
            1,
            1,
            "two files would both be published as sources/index.html",
        ),
    ),
    BadInput(
        "layout-syntax-error",
        {"layouts/page.html": "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n"},
        error(
            "layouts/page.html",
            3,
            1,
            "layout syntax: Expected an expression, got 'end of statement block'",
        ),
    ),
    BadInput(
        "layout-unknown-variable",
        {
            "layouts/page.html": "{% extends 'base.html' %}\n{% block main %}\n\n"
            "{{ page.subtitle }}\n{% endblock %}\n"
        },
        error(
            "layouts/page.html",
            4,
            1,
            "layout failed while rendering methodology/index.html: "
            "'factsite.render.views.ContentView object' has no attribute 'subtitle'",
        ),
    ),
    BadInput(
        "layout-out-of-memory",
        {
            "layouts/page.html": "{% extends 'base.html' %}\n{% block main %}\n"
            "{{ 'x' * 2 ** 62 }}\n{% endblock %}\n"
        },
        error(
            "layouts/page.html",
            3,
            1,
            "layout failed while rendering methodology/index.html: "
            "ran out of memory (the layout builds something too large to hold)",
        ),
    ),
    # Claimants, declared once in site.yaml as person or organization
    BadInput(
        "claimant-not-declared",
        card("confidence: low\n", "claimant: Critics\nconfidence: low\n"),
        error(CARD, 3, 11, "claimant 'Critics' is not listed in content/site.yaml claimants"),
        extra=("    add it there as person or organization: claimants: {Critics: organization}",),
    ),
    BadInput(
        "claimant-type-neither-person-nor-organization",
        {
            "content/site.yaml": "title: T\nbase_url: https://example.org\n"
            "claimants:\n  Housing ministry: company\n"
        },
        error(
            "content/site.yaml",
            4,
            21,
            "claimant 'Housing ministry' must be person or organization; found 'company'",
        ),
        extra=("    a claimant is a person or an organization: {Housing ministry: organization}",),
    ),
    BadInput(
        "claimants-not-a-mapping",
        {
            "content/site.yaml": "title: T\nbase_url: https://example.org\n"
            "claimants: [Housing ministry]\n"
        },
        error(
            "content/site.yaml",
            3,
            12,
            "claimants must be a mapping of names to person or organization, found a list",
        ),
        extra=("    write one claimant a line, e.g. claimants: {Anthropic: organization}",),
    ),
    # Publisher settings readers rely on
    BadInput(
        "contact-neither-email-nor-web-address",
        {"content/site.yaml": "title: T\nbase_url: https://example.org\ncontact: the desk\n"},
        error(
            "content/site.yaml",
            3,
            10,
            "contact must be an email address or an http(s) URL; found 'the desk'",
        ),
        extra=(
            "    write the address alone (contact: desk@example.org) or a web page "
            "(contact: https://example.org/contact)",
        ),
    ),
    BadInput(
        "contact-with-mailto-prefix",
        {
            "content/site.yaml": "title: T\nbase_url: https://example.org\n"
            "contact: mailto:desk@example.org\n"
        },
        error(
            "content/site.yaml",
            3,
            10,
            "contact must be an email address or an http(s) URL; found 'mailto:desk@example.org'",
        ),
    ),
    # Listing and feed sizes: positive whole numbers
    BadInput(
        "page_size-zero",
        {"content/site.yaml": "title: T\nbase_url: https://example.org\npage_size: 0\n"},
        error("content/site.yaml", 3, 12, "page_size must be a positive whole number; found 0"),
    ),
    BadInput(
        "page_size-negative",
        {"content/site.yaml": "title: T\nbase_url: https://example.org\npage_size: -5\n"},
        error("content/site.yaml", 3, 12, "page_size must be a positive whole number; found -5"),
    ),
    BadInput(
        "page_size-text",
        {"content/site.yaml": "title: T\nbase_url: https://example.org\npage_size: ten\n"},
        error("content/site.yaml", 3, 12, "page_size must be a positive whole number; found 'ten'"),
    ),
    BadInput(
        "page_size-float",
        {"content/site.yaml": "title: T\nbase_url: https://example.org\npage_size: 2.5\n"},
        error("content/site.yaml", 3, 12, "page_size must be a positive whole number; found 2.5"),
    ),
    BadInput(
        "page_size-quoted",
        {"content/site.yaml": 'title: T\nbase_url: https://example.org\npage_size: "20"\n'},
        error("content/site.yaml", 3, 12, "page_size must be a positive whole number; found '20'"),
        extra=("    write it without quotes: page_size: 20",),
    ),
    BadInput(
        "feed_size-zero",
        {"content/site.yaml": "title: T\nbase_url: https://example.org\nfeed_size: 0\n"},
        error("content/site.yaml", 3, 12, "feed_size must be a positive whole number; found 0"),
    ),
    BadInput(
        "feed_size-float",
        {"content/site.yaml": "title: T\nbase_url: https://example.org\nfeed_size: 12.5\n"},
        error("content/site.yaml", 3, 12, "feed_size must be a positive whole number; found 12.5"),
    ),
    # Search: on or off, nothing else
    BadInput(
        "search-not-a-flag",
        {"content/site.yaml": "title: T\nbase_url: https://example.org\nsearch: sometimes\n"},
        error("content/site.yaml", 3, 9, "search must be true or false, found text"),
    ),
    BadInput(
        "search-quoted",
        {"content/site.yaml": 'title: T\nbase_url: https://example.org\nsearch: "false"\n'},
        error("content/site.yaml", 3, 9, "search must be true or false, found text"),
    ),
]


# The rubric's words (content/rubric.yaml): the desk's words for exactly the levels and stances
# the build knows. Line numbers of GOOD_RUBRIC: 1 schema comment, 2 levels, 3 high,
# 4 moderate, 5 low, 6 disputed, 7 stances, 8 supports, 9 contradicts, 10 context.
RUBRIC_FILE = "content/rubric.yaml"
GOOD_RUBRIC = """\
# yaml-language-server: $schema=rubric.schema.json
levels:
  high: {name: High, label: High confidence, meaning: Two lines., rating: Well attested.}
  moderate: {name: Moderate, label: Moderate confidence, meaning: Two., rating: Partly.}
  low: {name: Low, label: Low confidence, meaning: One line., rating: Thinly attested.}
  disputed: {name: Disputed, label: Disputed, meaning: Contradicted., rating: Disputed.}
stances:
  supports: Supports the claim
  contradicts: Contradicts the claim
  context: Context for the claim
"""


def rubric(old: str, new: str) -> dict[str, str | bytes]:
    """Return the files of a case that changes one piece of the good rubric words."""
    assert old in GOOD_RUBRIC, old
    return {RUBRIC_FILE: GOOD_RUBRIC.replace(old, new)}


CASES += [
    BadInput(
        "rubric-unknown-level",
        rubric("  low:", "  certain: {name: C, label: C, meaning: C., rating: C.}\n  low:"),
        error(RUBRIC_FILE, 5, 3, "unknown level 'certain' in rubric words"),
        extra=(
            "    the build knows the levels high, moderate, low, disputed; this file words them",
        ),
    ),
    BadInput(
        "rubric-misspelt-level",
        rubric("  high:", "  hihg:"),
        error(RUBRIC_FILE, 3, 3, "unknown level 'hihg' in rubric words"),
        extra=(
            "    did you mean 'high'? the build knows the levels high, moderate, low, disputed; "
            "this file words them",
        ),
    ),
    BadInput(
        "rubric-missing-level",
        rubric(
            "  disputed: {name: Disputed, label: Disputed, meaning: Contradicted., rating: "
            "Disputed.}\n",
            "",
        ),
        error(RUBRIC_FILE, 3, 3, "missing level 'disputed' in rubric words"),
    ),
    BadInput(
        "rubric-unknown-stance",
        rubric("  context:", "  refutes: Refutes the claim\n  context:"),
        error(RUBRIC_FILE, 10, 3, "unknown stance 'refutes' in rubric words"),
        extra=(
            "    the build knows the stances supports, contradicts, context; this file words them",
        ),
    ),
    BadInput(
        "rubric-missing-stance",
        rubric("  context: Context for the claim\n", ""),
        error(RUBRIC_FILE, 8, 3, "missing stance 'context' in rubric words"),
    ),
    BadInput(
        "rubric-empty-label",
        rubric("label: High confidence", 'label: ""'),
        error(RUBRIC_FILE, 3, 29, "label of level 'high' is empty"),
    ),
    BadInput(
        "rubric-empty-stance",
        rubric("  contradicts: Contradicts the claim", '  contradicts: " "'),
        error(RUBRIC_FILE, 9, 16, "stance 'contradicts' is empty"),
    ),
    BadInput(
        "rubric-level-without-rating",
        rubric(", meaning: One line., rating: Thinly attested.}", ", meaning: One line.}"),
        error(RUBRIC_FILE, 5, 8, "missing required field 'rating' in level 'low'"),
    ),
    BadInput(
        "rubric-levels-as-a-list",
        rubric(
            GOOD_RUBRIC[GOOD_RUBRIC.index("levels:") : GOOD_RUBRIC.index("stances:")],
            "levels: [high, low]\n",
        ),
        error(
            RUBRIC_FILE, 2, 9, "levels must be a mapping of each level to its words, found a list"
        ),
    ),
]
