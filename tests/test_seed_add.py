"""`build.py seed add` archives a text file or a saved page as a new seed, or refuses whole."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

import build
from factsite import commands
from factsite.archive import SeedRequest
from factsite.load.seeds import load_seeds
from factsite.model import Diagnostic
from tests.sitetools import REPO, make_site, tree_bytes

FIXTURES = REPO / "tests" / "fixtures" / "seed-add"
ARTICLE = FIXTURES / "council-budget.html"
NO_ARTICLE = FIXTURES / "no-article.html"
BRIDGE = FIXTURES / "bridge-repairs.txt"
PARAGRAPHS = [
    "Council approves 2027 budget, restoring library hours",
    "Millbrook's town council approved its 2027 budget on Tuesday night by seven votes to two, "
    "after a three-hour meeting in the old corn exchange.",
    "The budget totals 48.6 million pounds, an increase of 3.1 percent on this year. Council "
    "tax on a band D home will rise by 2.9 percent, the finance committee said.",
    "The largest change restores weekend opening at the central library and the two branch "
    "libraries, which had closed on Saturdays and Sundays since April to save money.",
    "Restoring the hours will cost about 410,000 pounds a year, according to the budget papers, "
    "and will be paid for by delaying the new bus depot by eighteen months.",
    "The two councillors who voted against said the depot delay would leave the town's ageing "
    "buses in service for longer and raise repair costs.",
    "A public consultation on the depot's revised timetable will open in January and run for "
    "six weeks, the council said.",
]
BOILERPLATE = (
    "cookie", "Subscribe", "Related stories", "Petition", "newsletter", "Sign up",
    "Copyright", "Privacy", "About us", "Weather", "By the Courier newsroom",
)  # fmt: skip


def seed_add(root: Path, *args: str | Path) -> int:
    return build.main(["--root", str(root), "seed", "add", *map(str, args)])


def numbered_site(tmp_path: Path) -> Path:
    """Return a fixture site holding the real site's seeds, 000 to 004."""
    root = make_site(tmp_path)
    shutil.rmtree(root / "seeds")
    shutil.copytree(REPO / "seeds", root / "seeds")
    return root


def entry_of(root: Path, seed_id: str) -> dict[str, object]:
    """Return a seed's metadata as the site's own loader reads it, asserting no problem."""
    problems: list[Diagnostic] = []
    seeds = load_seeds(root, problems)
    assert problems == []
    seed = seeds[seed_id]
    assert seed.sha256 == seed.file_sha256
    return {
        "title": seed.title,
        "publisher": seed.publisher,
        "published": seed.published,
        "url": seed.url,
        "label": seed.label,
        "origins": seed.origins,
        "note": seed.note,
        "archived": seed.archived,
        "passages": [p.text for p in seed.passages],
    }


def test_a_text_file_is_archived_byte_for_byte_and_its_entry_appended(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = numbered_site(tmp_path)
    before = (root / "seeds/sources.yaml").read_bytes()
    data = b"\xef\xbb\xbfBridge to close\r\n\r\nThe council said the work costs 260,000 pounds.\r\n"
    (tmp_path / "bridge.txt").write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    seed_id = f"005_{digest[:16]}"
    request = SeedRequest(tmp_path / "bridge.txt", title="Bridge to close")
    assert commands.seed_add(root, request, today=date(2026, 12, 1)) == 0
    assert (root / f"seeds/{seed_id}.txt").read_bytes() == data
    after = (root / "seeds/sources.yaml").read_bytes()
    assert after[: len(before)] == before
    assert after[len(before) :].decode() == (
        f'"{seed_id}":\n'
        f'  sha256: "{digest}"\n'
        '  title: "Bridge to close"\n'
        '  publisher: "not stated"\n'
        "  archived: 2026-12-01\n"
    )
    out, err = capsys.readouterr()
    assert out == f"{seed_id}\n"
    assert f"wrote seeds/{seed_id}.txt (2 passages)" in err
    assert f'cite it in a card as `seed: "{seed_id}"`' in err
    assert entry_of(root, seed_id)["archived"] == date(2026, 12, 1)


def test_the_first_seed_of_a_site_without_numbered_ids_is_000(tmp_path: Path) -> None:
    root = make_site(tmp_path)  # seeds alpha and beta
    assert seed_add(root, BRIDGE, "--title", "Bridge closes") == 0
    digest = hashlib.sha256(BRIDGE.read_bytes()).hexdigest()
    assert (root / f"seeds/000_{digest[:16]}.txt").read_bytes() == BRIDGE.read_bytes()


def test_a_saved_page_gives_its_article_one_paragraph_a_passage_and_its_metadata(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert seed_add(root, ARTICLE) == 0
    seed_id = capsys.readouterr().out.strip()
    text = (root / f"seeds/{seed_id}.txt").read_bytes()
    assert text == ("\n".join(PARAGRAPHS) + "\n").encode()
    assert seed_id == f"000_{hashlib.sha256(text).hexdigest()[:16]}"
    assert not [word for word in BOILERPLATE if word.encode() in text]
    entry = entry_of(root, seed_id)
    assert entry["passages"] == PARAGRAPHS
    assert entry["title"] == "Council approves 2027 budget, restoring library hours"
    assert entry["publisher"] == "The Millbrook Courier"
    assert entry["published"] == date(2026, 11, 18)
    assert entry["url"] == "https://courier.example.org/news/2026/11/council-approves-2027-budget"
    assert entry["archived"] == date.today()


def test_flags_override_what_the_page_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    flags = ["--title", "Budget: library hours back", "--publisher", "Courier (print edition)"]
    flags += ["--published", "2026-11-19", "--url", "https://example.org/print/p4"]
    flags += ["--label", "Local paper", "--origin", "Budget papers", "--origin", "Council vote"]
    flags += ["--note", 'Print edition; says "budget papers" without linking them.']
    assert seed_add(root, ARTICLE, *flags) == 0
    entry = entry_of(root, capsys.readouterr().out.strip())
    assert {key: entry[key] for key in ("title", "publisher", "published", "url", "label")} == {
        "title": "Budget: library hours back",
        "publisher": "Courier (print edition)",
        "published": date(2026, 11, 19),
        "url": "https://example.org/print/p4",
        "label": "Local paper",
    }
    assert entry["origins"] == ("Budget papers", "Council vote")
    assert entry["note"] == 'Print edition; says "budget papers" without linking them.'


def test_a_text_file_needs_a_title_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(tmp_path)
    before = tree_bytes(root)
    assert seed_add(root, BRIDGE) == 2
    assert capsys.readouterr().err == f"build.py: error: {BRIDGE} states no title; pass --title\n"
    assert tree_bytes(root) == before


def test_origins_without_a_note_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    before = tree_bytes(root)
    assert seed_add(root, ARTICLE, "--origin", "Budget papers") == 2
    assert "--origin needs --note" in capsys.readouterr().err
    assert tree_bytes(root) == before


def test_a_page_archived_twice_is_refused_naming_the_seed_that_holds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert seed_add(root, ARTICLE) == 0
    seed_id = capsys.readouterr().out.strip()
    before = tree_bytes(root)
    assert seed_add(root, ARTICLE, "--title", "Again") == 1
    assert (
        capsys.readouterr().err == f"{ARTICLE}: error: seed {seed_id!r} already holds this text\n"
    )
    assert tree_bytes(root) == before


def test_the_bytes_of_an_existing_seed_are_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    file = tmp_path / "again.txt"
    shutil.copy(root / "seeds/alpha.txt", file)
    before = tree_bytes(root)
    assert seed_add(root, file, "--title", "Again") == 1
    assert capsys.readouterr().err == f"{file}: error: seed 'alpha' already holds this text\n"
    assert tree_bytes(root) == before


def test_a_recorded_digest_counts_as_held_even_if_the_text_has_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    file = tmp_path / "alpha-as-archived.txt"
    shutil.copy(root / "seeds/alpha.txt", file)
    (root / "seeds/alpha.txt").write_text("Edited since.\n")
    assert seed_add(root, file, "--title", "Again") == 1
    assert "seed 'alpha' already holds this text" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (NO_ARTICLE.read_bytes(), "no article text found in the page"),
        (b"\n  \r\n\t\n", "no text to archive: every line is empty"),
        (b"PNG\x00\x00\x01\x02", "binary data (a NUL byte at offset 3), not text"),
        (b"Caf\xe9 council\n", "not UTF-8 (byte 0xe9 on line 1); save it as UTF-8 text"),
    ],
    ids=["page-without-article", "blank-text", "nul-bytes", "latin-1"],
)
def test_content_that_holds_no_text_is_refused_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    root = make_site(tmp_path)
    file = tmp_path / "input.dat"
    file.write_bytes(content)
    before = tree_bytes(root)
    assert seed_add(root, file, "--title", "Something") == 1
    assert capsys.readouterr().err == f"{file}: error: {message}\n"
    assert tree_bytes(root) == before


def test_a_missing_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    before = tree_bytes(root)
    missing = tmp_path / "nowhere.html"
    assert seed_add(root, missing) == 2
    err = capsys.readouterr().err
    assert err == f"build.py: error: cannot read {missing}: No such file or directory\n"
    assert tree_bytes(root) == before


def test_a_site_without_seeds_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    shutil.rmtree(root / "seeds")
    before = tree_bytes(root)
    assert seed_add(root, ARTICLE) == 2
    assert capsys.readouterr().err == f"build.py: error: no seeds/ folder in {root}; " + (
        "create it or pass --root\n"
    )
    assert tree_bytes(root) == before


def test_a_failed_append_leaves_neither_the_text_nor_half_an_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    before = tree_bytes(root)
    real_fsync, synced = os.fsync, []

    def fsync(fd: int) -> None:
        synced.append(fd)
        if len(synced) == 2:  # sources.yaml, once the text is in place and the entry written
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert seed_add(root, ARTICLE) == 3
    err = capsys.readouterr().err
    assert err == "build.py: error: cannot write the seed: No space left on device\n"
    assert tree_bytes(root) == before


def test_the_new_seed_verifies_a_quote_in_a_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert seed_add(root, ARTICLE) == 0
    seed_id = capsys.readouterr().out.strip()
    (root / "content/claims/library-hours.yaml").write_text(
        "claim: The budget papers put the cost of weekend library hours at 410,000 pounds.\n"
        "confidence: low\n"
        "reviewed: 2026-12-01\n"
        "summary: One archived article gives the figure, citing the budget papers.\n"
        "sources:\n"
        f'  - seed: "{seed_id}"\n'
        '    quote: "Restoring the hours will cost about 410,000 pounds a year"\n'
        "    stance: supports\n",
        encoding="utf-8",
    )
    status = build.main(["--root", str(root), "check"])
    assert status == 0, capsys.readouterr().err


def test_a_page_that_names_no_site_or_date_gets_none_invented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    page = ARTICLE.read_text(encoding="utf-8")
    for stated in (
        '  <meta property="og:site_name" content="The Millbrook Courier">\n',
        '  <meta property="article:published_time" content="2026-11-18T19:42:00+00:00">\n',
        '<time datetime="2026-11-18T19:42:00+00:00">18 November 2026</time>',
        " | The Millbrook Courier",
    ):
        assert stated in page
        page = page.replace(stated, "")
    (tmp_path / "bare.html").write_text(page, encoding="utf-8")
    assert seed_add(root, tmp_path / "bare.html") == 0
    entry = entry_of(root, capsys.readouterr().out.strip())
    assert entry["publisher"] == "not stated"  # not the host name read off the URL
    assert entry["published"] is None
    assert entry["title"] == "Council approves 2027 budget, restoring library hours"


def test_seed_add_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["seed", "add", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: build.py seed add ")
    assert "--origin O" in out and "--note N" in out
