"""Times `check` on a long quote that is not found in a 1 MB seed: the hint must stay fast.

    python benchmarks/quote_hint.py [--seed-bytes 1000000] [--quote-bytes 30000]

For each shape of seed (one long passage, a few long passages, many short ones) and each kind
of quote not found (a near miss copied from the seed with one word changed near its end, and
other sentences of the same vocabulary ending in a word the seed never has), it writes a
small site in a temporary folder, runs `build.py check` on it once as a subprocess and prints
the wall time, start-up included. It also times the not-found hint alone, in this process.
The first row is the same site with a short quote that is found: the cost of the rest.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synth import sentence  # noqa: E402
from factsite.load.seeds import split_passages  # noqa: E402
from factsite.verify.hints import not_found_hint  # noqa: E402
from factsite.verify.quotes import SeedIndex  # noqa: E402
from tests.sitetools import make_site  # noqa: E402

SHAPES = {"one 1 MB passage": 1, "25 passages": 25, "2,000 passages": 2000}
CARD = "content/claims/long-quote.yaml"


def seed_text(size: int, passages: int) -> str:
    """Return just under `size` bytes (the largest seed the build reads) of newsroom
    sentences in that many passages, one a line."""
    rng = random.Random(f"seed:{passages}")
    budget = size // passages - 1  # each line's share, its newline included
    lines = []
    for _ in range(passages):
        line = sentence(rng, 8, 20)
        used = len(line.encode())
        while used + 1 + len((following := sentence(rng, 8, 20)).encode()) <= budget:
            line += " " + following
            used += 1 + len(following.encode())
        lines.append(line)
    return "\n".join(lines) + "\n"


def near_miss(seed: str, size: int) -> str:
    """Return `size` bytes of the seed's words from its middle, one changed near the end."""
    words = seed.split()
    start = len(words) // 3
    count = 0
    taken: list[str] = []
    for word in words[start:]:
        if count >= size:
            break
        taken.append(word)
        count += len(word) + 1
    taken[len(taken) * 9 // 10] = "zzzchanged"
    return " ".join(taken)


def other_words(size: int) -> str:
    """Return `size` bytes of other sentences of the seed's vocabulary and a word it lacks."""
    rng = random.Random("quote")
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < size:
        words.extend(sentence(rng, 8, 20).split(" "))
    return " ".join([*words, "zzzunfound"])


def write_card(root: Path, quote: str) -> None:
    """Write a card citing the long seed with this quote (plain words: safe in double quotes)."""
    (root / CARD).write_text(
        "claim: The desk checks a long quote.\nconfidence: low\nreviewed: 2026-02-03\n"
        "summary: One long quote.\nsources:\n  - seed: long\n"
        f'    quote: "{quote}"\n    stance: supports\n',
        encoding="utf-8",
    )


def time_check(root: Path) -> tuple[float, int, str]:
    """Run `build.py check` once; return its wall seconds, exit status and hint line."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    hint = next((line for line in done.stderr.splitlines() if line.startswith("    ")), "")
    return seconds, done.returncode, hint.strip()


def time_hint(seed: str, quote: str) -> float:
    """Return the seconds the not-found hint takes in this process, the seed already indexed."""
    index = SeedIndex(split_passages(seed))
    assert index.find(quote) is None
    started = time.perf_counter()
    not_found_hint(quote, index)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed-bytes", type=int, default=1_000_000)
    parser.add_argument("--quote-bytes", type=int, default=30_000)
    args = parser.parse_args(argv)
    print(f"{'seed':<18} {'quote':<12} {'check s':>8} {'hint s':>7} exit  hint")
    with tempfile.TemporaryDirectory() as folder:
        root = make_site(Path(folder))
        (root / "seeds/sources.yaml").write_text(
            (root / "seeds/sources.yaml").read_text() + "long:\n  title: A long seed\n"
        )
        for shape, passages in SHAPES.items():
            seed = seed_text(args.seed_bytes, passages)
            (root / "seeds/long.txt").write_text(seed, encoding="utf-8")
            if passages == 1:
                write_card(root, " ".join(seed.split()[100:110]))  # found: the baseline
                seconds, status, _ = time_check(root)
                print(f"{shape:<18} {'found':<12} {seconds:>8.2f} {'-':>7} {status}")
            for kind, quote in (
                ("near miss", near_miss(seed, args.quote_bytes)),
                ("other words", other_words(args.quote_bytes)),
            ):
                write_card(root, quote)
                seconds, status, hint = time_check(root)
                hint_seconds = time_hint(seed, quote)
                shown = hint if len(hint) <= 70 else hint[:69] + "…"
                timing = f"{seconds:>8.2f} {hint_seconds:>7.3f}"
                print(f"{shape:<18} {kind:<12} {timing} {status}     {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
