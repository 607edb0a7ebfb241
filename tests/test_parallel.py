"""Rendering across processes: the same bytes and the same problems as one process."""

from __future__ import annotations

import resource
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import build
from benchmarks.synth import write_synthetic_site
from factsite import pipeline, search, speed
from factsite.load import read_site
from factsite.model import Diagnostic
from factsite.render.plan import Views, plan_site, site_view
from factsite.speed import PARALLEL_MIN_PAGES, WORKERS_VARIABLE, map_forked, worker_count
from tests.sitetools import make_site, tree_bytes


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("large") / "site"
    write_synthetic_site(root, cards=300, seeds=30)
    return root


def children_cpu() -> float:
    """Return the CPU seconds used so far by this process's finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_with(root: Path, out: Path, workers: str, monkeypatch: pytest.MonkeyPatch) -> float:
    """Build with FACTSITE_WORKERS set; return the CPU seconds its worker processes used."""
    monkeypatch.setenv(WORKERS_VARIABLE, workers)
    monkeypatch.setattr(search, "index_site", lambda site: None)  # its own process, not ours
    before = children_cpu()
    assert build.main(["--root", str(root), "build", "--out", str(out)]) == 0
    return children_cpu() - before


def test_pages_rendered_by_workers_are_byte_identical(
    large_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = build_with(large_site, tmp_path / "alone", "1", monkeypatch)
    shared = build_with(large_site, tmp_path / "shared", "2", monkeypatch)
    assert alone == 0  # one process: nothing was forked
    assert shared > 0  # two workers did the rendering
    assert tree_bytes(tmp_path / "alone") == tree_bytes(tmp_path / "shared")


def test_a_small_site_forced_onto_workers_is_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    build_with(root, tmp_path / "alone", "1", monkeypatch)
    build_with(root, tmp_path / "shared", "3", monkeypatch)
    assert tree_bytes(tmp_path / "alone") == tree_bytes(tmp_path / "shared")


def test_a_layout_failing_in_a_worker_is_reported_as_in_one_process(
    large_site: Path, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    shutil.copytree(large_site, root)
    layout = root / "layouts/claim.html"
    layout.write_text(layout.read_text().replace("{{ page.claim }}", "{{ page.nope }}", 1))
    alone = pipeline.run(root, workers=1)
    shared = pipeline.run(root, workers=2)
    assert shared.problems == alone.problems
    assert len(alone.problems) == len(alone.site.cards) == 300
    assert "layout failed while rendering claims/" in alone.problems[0].message


def test_cards_loaded_by_workers_come_in_file_order_with_the_same_problems(
    large_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    shutil.copytree(large_site, root)
    files = sorted((root / "content/claims").glob("*.yaml"))
    for broken in files[5], files[150], files[-1]:
        broken.write_text("claim: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    alone = read_site(root, mapper=map_forked)
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    before = children_cpu()
    shared = read_site(root, mapper=map_forked)
    assert children_cpu() > before  # two workers read the cards
    assert shared == alone
    assert len([f for f in alone.cards.values() if f.card and not f.card.invalid]) == len(files) - 3
    assert [d.path for d in alone.diagnostics() if d.is_error] == [
        f"content/claims/{path.name}" for path in (files[5], files[150], files[-1])
    ]


def test_workers_are_used_only_where_they_pay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_VARIABLE, raising=False)
    assert worker_count(PARALLEL_MIN_PAGES - 1) == 1
    assert worker_count(PARALLEL_MIN_PAGES - 1, requested=2) == 2
    assert worker_count(10_000, requested=1) == 1
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    assert worker_count(10_000) == 1
    monkeypatch.setenv(WORKERS_VARIABLE, "4")
    assert worker_count(10) == 4


def test_the_pages_that_show_every_card_start_first_and_the_feed_comes_last(
    large_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # claims.json writes a record a card: left to the end, one worker writes it alone.
    order: dict[str, list[int]] = {}
    render_pages = speed.render_pages

    def watched(
        count, render, memos, workers, first=(), last=()
    ) -> Iterator[tuple[int, list[Diagnostic]]]:
        order["first"], order["last"] = [*first], [*last]
        return render_pages(count, render, memos, workers, first, last)

    monkeypatch.setattr(speed, "render_pages", watched)
    outcome = pipeline.run(large_site, workers=2)
    assert outcome.ok
    base = outcome.site.config.base_url
    views = Views(outcome.site, base, site_view(outcome.site, base))
    paths = [spec.path for spec in plan_site(outcome.site, base, views).pages]
    first = [paths[i] for i in order["first"]]
    assert first[0] == "index.html" and "claims.json" in first
    assert [paths[i] for i in order["last"]] == ["feed.xml"]
