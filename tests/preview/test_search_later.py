"""The preview's search index in the background: an edited page is in place at once, and
the index catches up after it, leaving the folder a clean build would make."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import build
from factsite import search
from factsite.preview import SiteBuilder
from tests.sitetools import edit, make_site, tree_bytes

CARD = "content/claims/homes-built.yaml"
PAGE = "claims/homes-built/index.html"
WAIT = 60.0  # seconds: a bound for a Pagefind run on a fixture site, never a timing


def clean_build(root: Path, out: Path) -> Path:
    assert build.main(["--root", str(root), "build", "--out", str(out)]) == 0
    return out


def settled_preview(
    tmp_path: Path, report: Callable[[str], None] | None = None
) -> tuple[Path, Path, SiteBuilder]:
    """Build a fixture site in a preview whose search index catches up later; wait for it."""
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out, search_later=True, report=report)
    assert builder.build_all().ok and builder.settle(WAIT)
    return root, out, builder


def held_index(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Make every index run wait for a go; return (started, go)."""
    started, go = threading.Event(), threading.Event()
    index = search.bundle_files

    def held(site: Path) -> dict[str, bytes]:
        started.set()
        assert go.wait(WAIT), "the test never let the index run go on"
        return index(site)

    monkeypatch.setattr(search, "bundle_files", held)
    return started, go


def test_a_rebuild_puts_the_page_in_place_while_the_index_is_still_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out, builder = settled_preview(tmp_path)
    started, go = held_index(monkeypatch)
    edit(root, CARD, "4,000 new homes", "4,000 new houses")
    assert builder.rebuild([CARD]).ok  # returns though the index run cannot finish yet
    assert "4,000 new houses" in (out / PAGE).read_text(encoding="utf-8")
    assert started.wait(WAIT)
    assert not builder.settle(0.2)  # the index is behind the page
    assert "new houses" not in _indexed_text(out)
    go.set()
    assert builder.settle(WAIT)
    assert "new houses" in _indexed_text(out)
    assert tree_bytes(out) == tree_bytes(clean_build(root, tmp_path / "clean"))


def test_the_first_build_serves_pages_before_the_index_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    started, go = held_index(monkeypatch)
    builder = SiteBuilder(root, out, search_later=True)
    assert builder.build_all().ok
    assert (out / PAGE).is_file() and started.wait(WAIT)
    go.set()
    assert builder.settle(WAIT)
    assert tree_bytes(out) == tree_bytes(clean_build(root, tmp_path / "clean"))


def test_edits_saved_while_the_index_runs_are_all_in_the_index_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out, builder = settled_preview(tmp_path)
    started, go = held_index(monkeypatch)
    edit(root, CARD, "4,000 new homes", "4,000 new houses")
    assert builder.rebuild([CARD]).ok
    assert started.wait(WAIT)  # the first run is under way, over the first edit
    edit(root, CARD, "4,000 new houses", "4,000 new flats")
    assert builder.rebuild([CARD]).ok  # asks for another run after it
    go.set()
    assert builder.settle(WAIT)
    assert "new flats" in _indexed_text(out) and "new houses" not in _indexed_text(out)
    assert tree_bytes(out) == tree_bytes(clean_build(root, tmp_path / "clean"))


def test_a_failed_index_run_is_reported_and_the_next_edit_mends_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[str] = []
    root, out, builder = settled_preview(tmp_path, reported.append)

    def failing(site: Path) -> dict[str, bytes]:
        raise search.SearchIndexFailed("search index not built: pagefind exited with status 1")

    monkeypatch.setattr(search, "bundle_files", failing)
    edit(root, CARD, "4,000 new homes", "4,000 new houses")
    assert builder.rebuild([CARD]).ok  # the pages are fine; only the index is not
    assert builder.settle(WAIT)
    assert reported == ["search index not built: pagefind exited with status 1"]
    assert "4,000 new houses" in (out / PAGE).read_text(encoding="utf-8")
    monkeypatch.undo()
    assert builder.rebuild([CARD]).ok and builder.settle(WAIT)
    assert tree_bytes(out) == tree_bytes(clean_build(root, tmp_path / "clean"))


def _indexed_text(site: Path) -> str:
    """Return every record the site's index holds, as one text."""
    from tests.write.test_search import fragments

    return json.dumps(fragments(site))
