"""build.py names its version, and finds the generator's environment from any Python.

README's commands say `python build.py`, not `.venv/bin/python build.py`: a Python without the
dependencies re-runs the command in the project's `.venv`, or says in one line what to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import build
from factsite import __version__
from tests.sitetools import REPO


def test_version_is_the_one_pyproject_declares() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["version"] == __version__


def test_version_flag_prints_the_program_and_its_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert build.main(["--version"]) == 0
    assert capsys.readouterr().out == f"build.py {__version__}\n"


def bare_python() -> list[str]:
    """Return this Python run without site-packages: none of the dependencies import."""
    command = [sys.executable, "-I", "-S"]
    lacks = subprocess.run([*command, "-c", "import yaml, jinja2, markdown_it"], check=False)
    if lacks.returncode == 0:  # they are in the standard library's folder: nothing to test
        pytest.skip(f"{sys.executable} imports the dependencies even without site-packages")
    return command


def run_bare(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != build.REEXEC_MARK}
    return subprocess.run(
        [*bare_python(), str(script), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def project_copy(tmp_path: Path, venv: Path | None) -> Path:
    """Copy build.py and the generator into tmp_path, with a .venv linked to venv if given."""
    shutil.copy(REPO / "build.py", tmp_path / "build.py")
    shutil.copytree(REPO / "factsite", tmp_path / "factsite")
    if venv is not None:
        (tmp_path / ".venv").symlink_to(venv, target_is_directory=True)
    return tmp_path / "build.py"


def test_without_the_dependencies_it_says_what_to_run_in_one_line(tmp_path: Path) -> None:
    done = run_bare(project_copy(tmp_path, venv=None), "check")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", build.NO_DEPENDENCIES + "\n")


def test_without_the_dependencies_it_runs_again_in_the_projects_venv(tmp_path: Path) -> None:
    if sys.prefix == sys.base_prefix:
        pytest.skip("the tests do not run in a virtual environment to link as .venv")
    done = run_bare(project_copy(tmp_path, venv=Path(sys.prefix)), "--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"build.py {__version__}\n", "")


def test_a_venv_without_the_dependencies_is_not_run_again_and_again(tmp_path: Path) -> None:
    """A .venv whose Python lacks them too ends in the one line, not in a loop of re-runs."""
    venv = tmp_path / "broken-venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text(
        f'#!/bin/sh\nexec {sys.executable} -I -S "$@"\n', encoding="utf-8"
    )
    (venv / "bin" / "python").chmod(0o755)
    project = tmp_path / "project"
    project.mkdir()
    done = run_bare(project_copy(project, venv=venv), "check")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", build.NO_DEPENDENCIES + "\n")
