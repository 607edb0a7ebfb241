"""A build that remembers: with the cache, a build after any edit writes a clean build's bytes.

The cache is the last build's memory, kept outside the project (FACTSITE_CACHE here, a
folder of each test's own): a build with it is a rebuild told what changed since.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import build
from factsite import cache, pipeline, search
from factsite.write import StagedOutput
from tests.preview.test_incremental import EDITS
from tests.sitetools import edit, make_site, tree_bytes

CARD = "content/claims/homes-built.yaml"


def cached_build(root: Path, out: Path) -> pipeline.Outcome:
    outcome = pipeline.build(root, StagedOutput(out))
    assert outcome.ok, outcome.problems
    return outcome


def clean_build(root: Path, out: Path) -> dict[str, bytes]:
    assert build.main(["--root", str(root), "build", "--no-cache", "--out", str(out)]) == 0
    return tree_bytes(out)


def test_a_second_build_with_nothing_changed_renders_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    first = cached_build(root, tmp_path / "out")
    again = cached_build(root, tmp_path / "out")
    assert first.pages_rendered > 0
    assert again.pages_rendered == 0
    assert tree_bytes(tmp_path / "out") == clean_build(root, tmp_path / "clean")


def test_after_every_kind_of_edit_the_cached_build_equals_a_clean_one(tmp_path: Path) -> None:
    # The preview's edits, in their order (some edit what an earlier one made).
    root = make_site(tmp_path)
    cached_build(root, tmp_path / "out")
    for step, change in enumerate(EDITS):
        change.apply(root)
        cached_build(root, tmp_path / "out")
        clean = clean_build(root, tmp_path / f"clean-{step}")
        assert tree_bytes(tmp_path / "out") == clean, change.name


def test_a_layout_edit_renders_every_page_that_uses_it_again(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    first = cached_build(root, tmp_path / "out")
    edit(root, "layouts/base.html", "<main id=", "<!-- a new line -->\n<main id=")
    again = cached_build(root, tmp_path / "out")
    assert again.pages_rendered == first.pages_rendered
    assert b"<!-- a new line -->" in (tmp_path / "out/index.html").read_bytes()


def test_a_settings_edit_renders_every_page_again(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    first = cached_build(root, tmp_path / "out")
    edit(root, "content/site.yaml", "Fixture Fact Desk", "Fixture Desk Checks")
    again = cached_build(root, tmp_path / "out")
    assert again.pages_rendered == first.pages_rendered
    assert tree_bytes(tmp_path / "out") == clean_build(root, tmp_path / "clean")


def test_an_output_file_changed_by_hand_is_written_again(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    cached_build(root, tmp_path / "out")
    page = tmp_path / "out/claims/homes-built/index.html"
    page.write_text("edited by hand")
    again = cached_build(root, tmp_path / "out")
    assert again.pages_rendered == 1
    assert tree_bytes(tmp_path / "out") == clean_build(root, tmp_path / "clean")


def test_the_last_site_is_never_written_through_its_links(tmp_path: Path) -> None:
    # The staged site starts as links to the last site's files: a page written again must
    # replace its link, so that a failed swap would leave the last site as it was.
    root = make_site(tmp_path)
    cached_build(root, tmp_path / "out")
    old = tmp_path / "out/claims/homes-built/index.html"
    before = old.read_bytes()
    keep = tmp_path / "old-page"
    keep.hardlink_to(old)
    edit(root, "content/claims/homes-built.yaml", "4,000 new homes were", "4,000 new houses were")
    cached_build(root, tmp_path / "out")
    assert keep.read_bytes() == before
    assert b"4,000 new houses" in old.read_bytes()


def test_another_output_folder_starts_afresh(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    cached_build(root, tmp_path / "out")
    elsewhere = cached_build(root, tmp_path / "elsewhere")
    assert elsewhere.pages_rendered > 0
    assert tree_bytes(tmp_path / "elsewhere") == tree_bytes(tmp_path / "out")


def test_a_cache_of_another_generator_or_a_broken_one_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    first = cached_build(root, tmp_path / "out")
    monkeypatch.setattr(cache, "generator_key", lambda: "another version")
    assert cached_build(root, tmp_path / "out").pages_rendered == first.pages_rendered
    (cache.cache_folder(root) / cache.CACHE_FILE).write_bytes(b"not a pickle")
    assert cached_build(root, tmp_path / "out").pages_rendered == first.pages_rendered


def test_no_cache_neither_reads_nor_writes_it(tmp_path: Path, build_cache: Path) -> None:
    root = make_site(tmp_path)
    assert build.main(["--root", str(root), "build", "--no-cache"]) == 0
    assert list(build_cache.iterdir()) == []


def test_a_failed_build_forgets_the_cache(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    cached_build(root, tmp_path / "out")
    edit(root, "content/claims/homes-built.yaml", '"4,000 new homes were', '"4,000 flats were')
    assert not pipeline.build(root, StagedOutput(tmp_path / "out")).ok
    assert not (cache.cache_folder(root) / cache.CACHE_FILE).exists()


def test_the_cache_lives_outside_the_project(tmp_path: Path, build_cache: Path) -> None:
    # A pickle runs code as it loads: one that a pull request could add is never read.
    root = make_site(tmp_path)
    cached_build(root, tmp_path / "out")
    [record] = build_cache.rglob(cache.CACHE_FILE)
    assert not record.resolve().is_relative_to(root.resolve())
    with record.open("rb") as file:
        assert isinstance(pickle.load(file), cache.Remembered)


def index_runs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Count the search index's runs from now on."""
    runs: list[Path] = []
    index = search.index_site

    def counted(site: Path) -> None:
        runs.append(site)
        index(site)

    monkeypatch.setattr(search, "index_site", counted)
    return runs


def test_a_build_that_writes_no_claim_page_keeps_the_search_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "out"
    cached_build(root, out)
    runs = index_runs(monkeypatch)
    cached_build(root, out)  # nothing changed
    edit(root, "content/pages/methodology.md", "\n", "\n\nOne more sentence.\n")
    cached_build(root, out)  # a page the index does not hold
    assert runs == []
    assert tree_bytes(out) == clean_build(root, tmp_path / "clean")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ("a card edited", CARD),
        ("a card removed", "content/claims/planned-homes.yaml"),
        ("an index file changed by hand", "out/pagefind/pagefind-entry.json"),
        ("a claim page changed by hand", "out/claims/homes-built/index.html"),
    ],
)
def test_a_build_indexes_again_when_the_index_would_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, path: str
) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "out"
    cached_build(root, out)
    runs = index_runs(monkeypatch)
    target = tmp_path / path if path.startswith("out/") else root / path
    if change == "a card removed":
        target.unlink()
    elif change == "a card edited":
        edit(root, path, "4,000 new homes", "4,000 new houses")
    else:
        target.write_bytes(target.read_bytes() + b" ")
    cached_build(root, out)
    assert len(runs) == 1, change
    assert tree_bytes(out) == clean_build(root, tmp_path / "clean")
