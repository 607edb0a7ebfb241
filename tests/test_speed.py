"""The speed mechanisms change how fast a site is built, never what is built."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import build
from benchmarks.synth import write_synthetic_site
from factsite.preview import SiteBuilder
from factsite.speed import SPEED_VARIABLE, WORKERS_VARIABLE
from tests.sitetools import REPO, make_site, tree_bytes

PACKAGE = REPO / "factsite"
SPEED_ONLY = ("gc", "multiprocessing", "os.fork")


def imported_names(path: Path) -> set[str]:
    """Return the modules a file imports, and the os functions it names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            names |= {"os.fork"} if (node.value.id, node.attr) == ("os", "fork") else set()
    return names


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(REPO).as_posix()
)
def test_only_the_speed_module_forks_or_steers_the_collector(path: Path) -> None:
    if path.is_relative_to(PACKAGE / "speed"):
        return
    found = {
        name
        for name in imported_names(path)
        if name.split(".")[0] in ("gc", "multiprocessing") or name == "os.fork"
    }
    assert found == set()


def test_a_build_with_every_speed_mechanism_off_gives_the_same_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    write_synthetic_site(root, cards=320, seeds=30)
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    assert build.main(["--root", str(root), "build", "--out", str(tmp_path / "fast")]) == 0
    monkeypatch.setenv(SPEED_VARIABLE, "off")
    assert build.main(["--root", str(root), "build", "--out", str(tmp_path / "plain")]) == 0
    assert tree_bytes(tmp_path / "plain") == tree_bytes(tmp_path / "fast")


def test_a_rebuild_with_every_speed_mechanism_off_gives_the_same_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SPEED_VARIABLE, "off")
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    assert builder.build_all().ok
    card = root / "content/claims/homes-built.yaml"
    card.write_text(card.read_text().replace("4,000 new homes", "4,000 new houses", 1))
    assert builder.rebuild(["content/claims/homes-built.yaml"]).ok
    assert build.main(["--root", str(root), "build", "--out", str(tmp_path / "clean")]) == 0
    assert tree_bytes(tmp_path / "preview") == tree_bytes(tmp_path / "clean")
