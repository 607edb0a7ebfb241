"""Compiled layouts kept between builds: used while unchanged, never trusted when not."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

import build
from factsite.speed import CACHE_VARIABLE
from tests.sitetools import make_site


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the system's temporary folder (where the cache lives) into tmp_path."""
    home = tmp_path / "tmp"
    home.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(home))
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    return home


def cached(home: Path) -> list[Path]:
    return sorted(home.rglob("factsite-*.cache"))


def build_site(root: Path, out: Path) -> None:
    assert build.main(["--root", str(root), "build", "--out", str(out)]) == 0


def test_a_build_keeps_its_compiled_layouts_and_an_edit_is_compiled_again(
    tmp_path: Path, cache_home: Path
) -> None:
    root = make_site(tmp_path)
    build_site(root, tmp_path / "first")
    assert cached(cache_home)
    page = root / "layouts/page.html"
    page.write_text(page.read_text().replace("<article", "<article data-edited"))
    build_site(root, tmp_path / "second")
    assert "data-edited" in (tmp_path / "second/methodology/index.html").read_text()


def test_a_damaged_cache_file_is_compiled_again(tmp_path: Path, cache_home: Path) -> None:
    root = make_site(tmp_path)
    build_site(root, tmp_path / "first")
    for path in cached(cache_home):
        path.write_bytes(b"not a compiled layout")
    build_site(root, tmp_path / "second")
    first = (tmp_path / "first/index.html").read_bytes()
    assert (tmp_path / "second/index.html").read_bytes() == first


def test_the_cache_can_be_switched_off(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    build_site(make_site(tmp_path), tmp_path / "out")
    assert cached(cache_home) == []
