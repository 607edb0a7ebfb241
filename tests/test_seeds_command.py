"""`build.py seeds` lists the archived seeds, or prints why they do not load."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from tests.sitetools import add_seed, edit, make_site, write_files

SOURCES = "seeds/sources.yaml"


def seeds(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = build.main(["--root", str(root), "seeds", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_seeds_lists_each_seed_with_its_label_citing_cards_and_reporting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    edit(
        root,
        SOURCES,
        "  title: Audit report coverage\n",
        "  title: Audit report coverage\n"
        "  label: Audit summary\n  origins: [Audit office, City Wire]\n",
    )
    assert seeds(root, capsys) == (
        0,
        "alpha  Ministry statement coverage  2 cards  its own line of reporting\n"
        "beta   Audit summary                2 cards  Audit office; City Wire\n",
        "",
    )


def test_seeds_are_sorted_by_id_and_counted_in_drafts_and_broken_cards_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    add_seed(root, "aardvark", "Nobody cites this.\n", "Aardvark notes")
    card = (root / "content/claims/homes-built.yaml").read_text()
    write_files(
        root,
        {
            "content/claims/a-draft.yaml": card + "draft: true\n",
            # Its quote is not in beta: still a card that cites it.
            "content/claims/b-broken.yaml": card.replace("4,000 new homes", "4,000 new flats"),
        },
    )
    status, out, err = seeds(root, capsys)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "aardvark  Aardvark notes               0 cards  its own line of reporting",
        "alpha     Ministry statement coverage  4 cards  its own line of reporting",
        "beta      Audit report coverage        4 cards  its own line of reporting",
    ]


def test_a_seed_that_cards_cite_once_is_one_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    (root / "content/claims/homes-built.yaml").unlink()
    _, out, _ = seeds(root, capsys)
    assert "  1 card  " in out.splitlines()[0]


def test_seeds_that_do_not_load_print_their_diagnostics_and_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    edit(root, SOURCES, "  publisher: not stated\nbeta", "  lable: Ministry\nbeta")
    status, out, err = seeds(root, capsys)
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        "seeds/sources.yaml:4:3: error: unknown field 'lable' in seed 'alpha'",
        "    did you mean 'label'? expected one of: title, label, sha256, origins, publisher, "
        "published, url, archived, note",
        "1 problem (1 error, 0 warnings)",
    ]


def test_a_changed_seed_text_fails_the_listing_with_the_builds_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    edit(root, "seeds/beta.txt", "rural", "urban")
    status, out, err = seeds(root, capsys, "--format", "github")
    assert status == 1
    assert out.startswith("::error file=seeds/beta.txt,line=1,col=1,title=archived text changed")
    assert err.splitlines()[0].startswith("seeds/beta.txt:1:1: error: archived text changed")


def test_problems_of_the_cards_do_not_stop_the_listing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    write_files(root, {"content/claims/broken.yaml": "claim: [unclosed\n"})
    status, out, err = seeds(root, capsys)
    assert (status, err) == (0, "")
    assert [line.split()[0] for line in out.splitlines()] == ["alpha", "beta"]


def test_seed_text_reaches_the_terminal_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    edit(root, SOURCES, "  title: Audit report coverage\n", '  title: "Audit\\u200b report"\n')
    _, out, _ = seeds(root, capsys)
    alpha, beta = out.splitlines()
    assert beta.startswith("beta   Audit\\u200b report ")
    assert alpha.index("2 cards") == beta.index("2 cards")  # the escape is what is padded


def test_seeds_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["seeds", "--help"]) == 0
    assert "lines of reporting" in capsys.readouterr().out
