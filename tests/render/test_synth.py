"""The synthetic site generator: its sites build cleanly, the same way every time."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from benchmarks.synth import write_synthetic_site
from factsite import pipeline
from tests.sitetools import tree_bytes


def test_a_synthetic_site_builds_with_no_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "site"
    write_synthetic_site(root, cards=60, seeds=7)
    assert build.main(["--root", str(root), "build", "--out", str(tmp_path / "out")]) == 0
    assert "problem" not in capsys.readouterr().err
    assert len(list((tmp_path / "out/claims").iterdir())) == 60


def test_every_card_and_seed_is_used_as_the_rubric_allows(tmp_path: Path) -> None:
    write_synthetic_site(tmp_path, cards=40, seeds=9)
    outcome = pipeline.run(tmp_path, render=False)
    site = outcome.site
    assert outcome.problems == []
    assert len(site.cards) == 40 and len(site.seeds) == 9
    assert {card.confidence for card in site.cards} == {"high", "moderate", "low", "disputed"}
    assert all(len(seed.passages) == 40 for seed in site.seeds.values())
    for card in site.cards:
        assert 10 <= len(card.claim.split()) <= 30
        assert 1 <= len(card.sources) <= 4


def test_the_same_arguments_give_the_same_files(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_synthetic_site(first, cards=25, seeds=5)
    write_synthetic_site(second, cards=25, seeds=5)
    assert tree_bytes(first) == tree_bytes(second)


def test_a_site_with_one_seed_still_builds(tmp_path: Path) -> None:
    write_synthetic_site(tmp_path, cards=5, seeds=1)
    assert pipeline.run(tmp_path, render=False).problems == []
