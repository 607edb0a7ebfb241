"""Writes deterministic synthetic fact-check sites of any size, for benchmarks and load tests.

A synthetic site has the shape of a real one: N cards citing M seeds of 40 passages each,
claims of 10-30 words, 150-word Markdown summaries, 1-4 sources a card whose quotes are
taken verbatim from the generated seeds, tags, and a confidence level the rubric allows,
so it builds with zero errors. The real layouts/ and static/ are copied from the repository.
The same arguments always give the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PASSAGES_PER_SEED = 40
SUMMARY_WORDS = 150


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Plain newsroom vocabulary: the words are meaningless together but have realistic lengths.
WORDS = _words(
    "agency analysts announced archive article authorities board budget campaign capacity "
    "chief claims committee company contract council court data deal decision department "
    "director documents earlier evidence executives experts federal figures filing firm "
    "funding government group hearing industry inquiry investors lawmakers leaders letter "
    "market measures meeting members ministry model month network officials operation "
    "partners plan platform policy president program project proposal public quarter "
    "record regulators report researchers response review rules sector senators service "
    "shares sources spokesperson statement strategy systems talks team testimony trade "
    "users vote warning week accounts access activity approval claim control cost coverage "
    "dispute effort estimate exports failure growth impact interest launch limits loss "
    "prices risk safety sales security scale shift support tax threat value volume"
)
VERBS = _words(
    "said reported confirmed denied described estimated warned argued noted disclosed "
    "suggested questioned rejected acknowledged stated told urged alleged added revealed"
)
LINKERS = _words("and but while after before because although as since when")
TAGS = _words(
    "accounts agencies budget congress contracts courts data dates elections energy exports "
    "figures finance health housing industry labor markets military policy prices reactions "
    "regulation safety security shares statements technology trade transport"
)
CLAIMANTS = (
    "Northwind Ministry",
    "Acme Holdings",
    "Senator Vale",
    "Harbor Authority",
    "Regulators",
)
STANCE_LEVELS = ("high", "high", "moderate", "moderate", "low", "disputed")
FIRST_DAY = date(2025, 1, 1)


@dataclass(frozen=True)
class SeedText:
    """One generated seed: its id, title and passages."""

    id: str
    title: str
    passages: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.passages) + "\n"


def write_synthetic_site(root: Path, cards: int, seeds: int) -> None:
    """Write a site of `cards` cards citing `seeds` seeds under root (an empty or new folder)."""
    if cards < 1 or seeds < 1:
        raise ValueError("a synthetic site needs at least one card and one seed")
    texts = [make_seed(number) for number in range(seeds)]
    _write(root / "content/site.yaml", SITE_YAML)
    for slug, text in PAGES.items():
        _write(root / f"content/pages/{slug}.md", text)
    _write(root / "seeds/sources.yaml", sources_yaml(texts))
    for seed in texts:
        _write(root / f"seeds/{seed.id}.txt", seed.text)
    for number in range(cards):
        slug, text = make_card(number, texts)
        _write(root / f"content/claims/{slug}.yaml", text)
    for folder in ("layouts", "static"):
        shutil.copytree(REPO / folder, root / folder, dirs_exist_ok=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def sentence(rng: random.Random, low: int, high: int) -> str:
    """Return one capitalised sentence of low to high words, ending in a full stop."""
    count = rng.randint(low, high)
    words = [rng.choice(WORDS) for _ in range(count)]
    words[rng.randrange(1, count)] = rng.choice(VERBS)
    if rng.random() < 0.2:
        at = rng.randrange(count)
        words[at] = f"{words[at]}’s"  # a curly apostrophe, as archived articles have them
    if count > 8:
        at = rng.randrange(4, count - 3)
        words[at] = f"{words[at]}, {rng.choice(LINKERS)}"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def make_seed(number: int) -> SeedText:
    """Return seed `number`: a title and 40 passages of two to four sentences."""
    rng = random.Random(f"seed:{number}")
    seed_id = f"{number:05d}_{rng.getrandbits(64):016x}"
    title = sentence(rng, 8, 16).rstrip(".")
    passages = tuple(
        " ".join(sentence(rng, 8, 20) for _ in range(rng.randint(2, 4)))
        for _ in range(PASSAGES_PER_SEED)
    )
    return SeedText(seed_id, title, passages)


def quote_from(rng: random.Random, seed: SeedText) -> str:
    """Return words of one passage, verbatim; sometimes two runs joined by an ellipsis."""
    words = rng.choice(seed.passages).split(" ")
    length = rng.randint(6, 14)
    start = rng.randrange(0, max(1, len(words) - length))
    first = words[start : start + length]
    rest = words[start + length + 3 :]
    if len(rest) >= 5 and rng.random() < 0.15:
        return " ".join(first) + " … " + " ".join(rest[:5])
    return " ".join(first)


def stances(rng: random.Random, level: str, count: int) -> list[str]:
    """Return one stance a source that the rubric allows for the level."""
    others = ["supports", "context"]
    if level == "high":
        return ["supports", "supports", *(rng.choice(others) for _ in range(count - 2))]
    if level == "disputed":
        return ["contradicts", *(rng.choice([*others, "contradicts"]) for _ in range(count - 1))]
    return ["supports", *(rng.choice(others) for _ in range(count - 1))]


def make_card(number: int, seeds: list[SeedText]) -> tuple[str, str]:
    """Return card `number`'s slug and YAML text; its first source is seed number % M."""
    rng = random.Random(f"card:{number}")
    count = min(len(seeds), rng.randint(1, 4))
    # high and moderate need a second line of reporting: a second seed (none names an origin)
    level = rng.choice([lvl for lvl in STANCE_LEVELS if lvl in ("low", "disputed") or count >= 2])
    others = [i for i in rng.sample(range(len(seeds)), count) if i != number % len(seeds)]
    cited = [seeds[number % len(seeds)], *(seeds[i] for i in others)][:count]
    claimant = rng.choice(CLAIMANTS)
    said = sentence(rng, 8, 28)
    claim = " ".join(f"{claimant} says {said[0].lower()}{said[1:]}".split()[:30])
    slug = f"claim-{number:05d}-{'-'.join(rng.sample(WORDS, 2))}"
    reviewed = FIRST_DAY + timedelta(days=rng.randrange(700))
    lines = [
        f"claim: {json.dumps(claim.rstrip('.,') + '.', ensure_ascii=False)}",
        f"claimant: {claimant}",
        f"claim_date: {reviewed - timedelta(days=rng.randrange(60))}",
        f"confidence: {level}",
        f"reviewed: {reviewed}",
        f"tags: [{', '.join(sorted(rng.sample(TAGS, rng.randint(1, 3))))}]",
        "summary: |",
        *(f"  {line}" if line else "" for line in summary(rng, cited)),
        "sources:",
    ]
    for seed, stance in zip(cited, stances(rng, level, count), strict=True):
        lines += [
            f'  - seed: "{seed.id}"',
            f"    quote: {json.dumps(quote_from(rng, seed), ensure_ascii=False)}",
            f"    stance: {stance}",
        ]
        if rng.random() < 0.3:
            lines.append(f"    note: {json.dumps('Says so in *' + rng.choice(WORDS) + '* terms.')}")
    return slug, "\n".join(lines) + "\n"


def summary(rng: random.Random, cited: list[SeedText]) -> Iterator[str]:
    """Yield the lines of a 150-word Markdown summary: two paragraphs and a short list."""
    words: list[str] = []
    while len(words) < SUMMARY_WORDS - 20:
        words += sentence(rng, 8, 18).split(" ")
    words[3] = f"*{words[3]}*"
    words[20] = f"**{words[20]}**"
    words[40] = f"[{words[40]}](../../sources/{cited[0].id}/index.html)"
    # The list goes between sentences, about halfway through.
    half = next(i for i in range(50, len(words)) if words[i].endswith(".")) + 1
    yield from _wrap(words[:half])
    yield ""
    for seed in cited[:3]:
        yield f"- Seed `{seed.id[:5]}` {' '.join(rng.choice(WORDS) for _ in range(4))}."
    yield ""
    yield from _wrap(words[half:])


def _wrap(words: list[str], width: int = 86) -> Iterator[str]:
    line: list[str] = []
    for word in words:
        if line and len(" ".join(line)) + len(word) > width:
            yield " ".join(line)
            line = []
        line.append(word)
    yield " ".join(line)


def sources_yaml(seeds: list[SeedText]) -> str:
    """Return seeds/sources.yaml describing every seed."""
    lines = ["# Metadata of the synthetic seeds, keyed by file stem."]
    for number, seed in enumerate(seeds):
        digest = hashlib.sha256(seed.text.encode("utf-8")).hexdigest()
        lines += [f'"{seed.id}":', f"  sha256: {digest}", f"  title: {json.dumps(seed.title)}"]
        if number % 3:
            published = FIRST_DAY + timedelta(days=number % 700)
            lines += ["  publisher: Synthetic Wire", f"  published: {published}"]
            lines.append(f"  url: https://news.example/{seed.id}")
        else:
            lines += ["  publisher: not stated", "  note: A synthetic article without a date."]
    return "\n".join(lines) + "\n"


SITE_YAML = """\
title: "Synthetic fact check"
description: A generated site of the size a busy desk might reach, for measuring the build.
language: en
publisher: Synthetic Desk
base_url: https://example.github.io/synthetic
repo_url: https://github.com/example/synthetic
contact: desk@example.org
funding: A synthetic site for measuring the build; no one funds it.
claimants:
  Northwind Ministry: organization
  Acme Holdings: organization
  Harbor Authority: organization
  Regulators: organization
  Senator Vale: person
"""

PAGES = {
    "about": "# About\n\nA synthetic site, generated for benchmarks. Nothing here is news.\n",
    "methodology": (
        "# Methodology\n\nEach card quotes generated seeds verbatim and carries a confidence "
        "level the rubric allows:\n\n- **high**: two or more seeds support the claim;\n"
        "- **moderate** and **low**: at least one seed supports it;\n"
        "- **disputed**: a seed contradicts it.\n"
    ),
}


def main() -> None:
    """Write a synthetic site from the command line: synth.py FOLDER [--cards N] [--seeds M]."""
    parser = argparse.ArgumentParser(description="Write a synthetic fact-check site.")
    parser.add_argument("folder", type=Path, help="where to write the site (new or empty)")
    parser.add_argument("--cards", type=int, default=1000, help="number of cards (default 1000)")
    parser.add_argument("--seeds", type=int, default=100, help="number of seeds (default 100)")
    args = parser.parse_args()
    write_synthetic_site(args.folder, args.cards, args.seeds)


if __name__ == "__main__":
    main()
