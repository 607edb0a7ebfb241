"""The speed mechanisms change how fast a site is built, never what is built."""

from __future__ import annotations

import ast
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

import build
from benchmarks.synth import write_synthetic_site
from factsite import speed
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


class _Made:
    """An object the collector tracks, to find in its generations."""


@pytest.fixture
def thawed() -> None:
    """Start with nothing frozen, as a build's process does (a preview test may leave its
    kept site frozen in this one)."""
    speed.keep_out_of_collector(False)


def _in_youngest(made: object) -> bool:
    return any(obj is made for obj in gc.get_objects(generation=0))


def test_what_a_pause_of_the_collector_made_is_not_left_for_its_next_young_collection(
    thawed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Left in the youngest generation, the first collection after loading 10,000 cards
    # would scan every object loaded.
    with speed.paused_gc():
        made = _Made()
    assert not _in_youngest(made) and gc.get_freeze_count() == 0
    monkeypatch.setenv(SPEED_VARIABLE, "off")
    with speed.paused_gc():
        plain = _Made()
    assert _in_youngest(plain)


def _tracked(made: object) -> bool:
    """Tell whether the collector scans the object (frozen ones it does not)."""
    return any(obj is made for obj in gc.get_objects())


def test_a_pause_inside_a_frozen_heap_leaves_what_it_made_frozen(thawed: None) -> None:
    with speed.frozen_heap():
        with speed.paused_gc():
            made = _Made()
        assert not _tracked(made)
    assert _tracked(made) and gc.get_freeze_count() == 0


# Runs build.py as a command, then says how many objects its exit's collection skips.
AS_A_COMMAND = (
    "import atexit, gc, runpy, sys; sys.argv[1:] = ['--version']; "
    "atexit.register(lambda: print(gc.get_freeze_count())); "
    "runpy.run_path('build.py', run_name='__main__')"
)


@pytest.mark.parametrize("setting", ["", "off"])
def test_build_run_as_a_command_spares_its_last_collection_unless_speed_is_off(
    setting: str,
) -> None:
    env = {**os.environ, SPEED_VARIABLE: setting}
    run = subprocess.run(
        [sys.executable, "-c", AS_A_COMMAND],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    frozen = int(run.stdout.split()[-1])
    assert frozen == 0 if setting == "off" else frozen > 1000  # the whole heap
