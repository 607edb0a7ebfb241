"""The build never deletes or replaces what it did not write, however --out is spelt.

Each refusal runs the generator from a copy of the project (its own build.py, package, .git,
content and a user's notes), so a regression destroys only that copy; the test then compares
every byte, mode and link of the project and of the target with what was there before.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import build
from factsite import pipeline
from factsite.write import BUILT_MARK, StagedSite, claim_output
from tests.servetools import hear_ctrl_c
from tests.sitetools import REPO, make_site, tree_bytes, verified_site


def make_project(tmp_path: Path) -> Path:
    """Return a git project holding a site, the generator itself and a user's own file."""
    project = make_site(tmp_path)
    shutil.copy(REPO / "build.py", project)
    shutil.copytree(REPO / "factsite", project / "factsite", ignore=shutil.ignore_patterns("__py*"))
    (project / "NOTES.txt").write_text("the desk's own notes\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    return project


def tree_state(top: Path) -> dict[str, tuple[object, ...]]:
    """Return every path under top (top included) with its type, mode and content digest."""
    state: dict[str, tuple[object, ...]] = {}
    if not os.path.lexists(top):
        return state
    for here, folders, files in os.walk(top):
        for name in ["", *folders, *files]:
            path = Path(here, name)
            info = os.lstat(path)
            kind = stat.S_IFMT(info.st_mode)
            if stat.S_ISLNK(info.st_mode):
                content: object = os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                content = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                content = info.st_rdev
            state[path.relative_to(top).as_posix()] = (kind, stat.S_IMODE(info.st_mode), content)
        folders[:] = [f for f in folders if not Path(here, f).is_symlink()]
    return state


def run_generator(
    project: Path, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the project's own copy of build.py."""
    return subprocess.run(
        [sys.executable, str(project / "build.py"), *args],
        cwd=cwd or project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def a_user_folder(tmp_path: Path, project: Path) -> str:
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "thesis.txt").write_text("three years of work\n", encoding="utf-8")
    return str(documents)


def a_file(tmp_path: Path, project: Path) -> str:
    (tmp_path / "precious.txt").write_text("keep me\n", encoding="utf-8")
    return str(tmp_path / "precious.txt")


def a_device(tmp_path: Path, project: Path) -> str:
    node = tmp_path / "null"
    if os.geteuid() == 0:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    else:
        os.mkfifo(node)  # the nearest special file a user may make
    return str(node)


def the_project_through_a_symlink(tmp_path: Path, project: Path) -> str:
    (tmp_path / "link").symlink_to(project)
    return str(tmp_path / "link")


REFUSED: dict[str, tuple[Callable[[Path, Path], str], str]] = {
    "the project": (lambda tmp, project: ".", "would replace the site folder itself"),
    "its parent": (lambda tmp, project: "..", "would replace the site folder itself"),
    "the project by its own name": (
        lambda tmp, project: f"../{project.name}",
        "would replace the site folder itself",
    ),
    "the project through a symlink": (
        the_project_through_a_symlink,
        "would replace the site folder itself",
    ),
    "the site through a folder's parent": (
        lambda tmp, project: "content/..",
        "would replace the site folder itself",
    ),
    ".git": (lambda tmp, project: ".git", "is the site's .git/ folder"),
    "content": (lambda tmp, project: "content", "is the site's content/ folder"),
    "inside seeds": (lambda tmp, project: "seeds/site", "lies inside the site's seeds/ folder"),
    "the package": (lambda tmp, project: "factsite", "is the site's factsite/ folder"),
    "a user's folder": (a_user_folder, "is a folder this tool did not build"),
    "a file": (a_file, "is a file, not a site folder"),
    "a device": (a_device, "not a site folder"),
}


@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_an_output_that_could_destroy_anything_is_refused_and_nothing_changes(
    case: str, tmp_path: Path
) -> None:
    project = make_project(tmp_path)
    make_target, message = REFUSED[case]
    out = make_target(tmp_path, project)
    target = (project / out).resolve()
    before = (tree_state(project), tree_state(target))

    result = run_generator(project, "build", "--out", out)

    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"build.py: error: --out {out} ")
    assert message in result.stderr
    assert (tree_state(project), tree_state(target)) == before


def test_the_project_reached_through_a_symlinked_working_folder_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (tmp_path / "link").symlink_to(tmp_path)
    logical = tmp_path / "link" / project.name  # what $PWD says in a folder reached by a link
    before = tree_state(project)

    result = run_generator(project, "build", "--out", str(logical), cwd=logical)

    assert (result.returncode, tree_state(project)) == (2, before), result.stderr
    assert "would replace the site folder itself" in result.stderr


def test_a_root_reached_through_a_symlink_cannot_have_its_parent_as_output(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    project = make_project(real)
    (real / "other-project").mkdir()
    (real / "other-project" / "work.txt").write_text("a sibling's work\n", encoding="utf-8")
    (tmp_path / "alias").symlink_to(real)
    before = tree_state(real)

    result = run_generator(
        project, "--root", str(tmp_path / "alias" / project.name), "build", "--out", str(real)
    )

    assert (result.returncode, tree_state(real)) == (2, before), result.stderr


def test_a_regular_file_where_the_site_goes_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "_site").write_text("precious\n", encoding="utf-8")
    assert build.main(["--root", str(root), "build"]) == 2
    assert (root / "_site").read_text(encoding="utf-8") == "precious\n"


def test_a_site_reached_by_another_spelling_is_rebuilt_in_place(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    assert build.main(["--root", str(root), "build"]) == 0
    (root / "_site" / "stale.html").write_text("old\n", encoding="utf-8")

    assert build.main(["--root", str(root), "build", "--out", str(root / "_site/../_site")]) == 0

    assert not (root / "_site" / "stale.html").exists()
    assert (root / "_site" / "index.html").is_file()
    wait_until_gone(list(root.glob("._site.*")))
    assert list(root.glob("._site.*")) == []


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda folder: folder.mkdir(), id="an empty folder"),
        pytest.param(
            lambda folder: build.main(["--root", str(REPO), "build", "--out", str(folder)]),
            id="a site this tool built",
        ),
    ],
)
def test_a_build_may_replace_an_empty_folder_or_a_site_it_built(
    make: Callable[[Path], object], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    make(out)
    root = make_site(tmp_path)
    assert build.main(["--root", str(root), "build", "--out", str(out)]) == 0
    assert (out / BUILT_MARK).is_file() and (out / "index.html").is_file()


def test_every_built_site_says_it_was_built_and_a_published_site_carries_no_gitignore(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    assert build.main(["--root", str(root), "build"]) == 0
    assert (
        (root / "_site" / BUILT_MARK)
        .read_text(encoding="utf-8")
        .startswith("This folder is a site built by build.py")
    )
    assert not (root / "_site" / ".gitignore").exists()


def wait_until_gone(paths: list[Path], seconds: float = 20) -> None:
    """Wait for the background deletion of old folders to finish."""
    deadline = time.monotonic() + seconds
    while any(p.exists() for p in paths) and time.monotonic() < deadline:
        time.sleep(0.05)


def test_the_next_build_removes_what_interrupted_builds_left_behind(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    leftovers = [root / "._site.new-killed", root / "._site.trash-stuck"]
    for folder in leftovers:
        (folder / "claims").mkdir(parents=True)
        (folder / "claims" / "page.html").write_text("left over\n", encoding="utf-8")
    (root / ".other.new-x").mkdir()  # not this site's: left alone

    assert build.main(["--root", str(root), "build"]) == 0
    wait_until_gone(leftovers)

    assert [folder.exists() for folder in leftovers] == [False, False]
    assert (root / ".other.new-x").is_dir()


def test_a_running_build_keeps_its_staging_folder_from_a_concurrent_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    site, _ = verified_site(root)
    with StagedSite(site, root / "_site") as running:
        assert build.main(["--root", str(root), "build"]) == 0
        time.sleep(0.2)  # the sweep deletes in the background: give it time to be wrong
        assert running.folder.is_dir()
    assert not running.folder.exists()


def test_git_ignores_an_interrupted_builds_folders_wherever_the_site_goes(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    site, _ = verified_site(root)
    status = ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"]
    with StagedSite(site, root / "public"):
        staged = subprocess.run(status, capture_output=True, text=True, check=True).stdout
    assert [line for line in staged.splitlines() if "public" in line] == []


def test_a_failed_swap_puts_the_last_good_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    assert build.main(["--root", str(root), "build"]) == 0
    before = tree_bytes(root / "_site")
    real_rename = Path.rename

    def refuse_the_staged_folder(self: Path, target: str | os.PathLike[str]) -> Path:
        if ".new-" in self.name:
            raise OSError(16, "Device or resource busy")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse_the_staged_folder)
    assert build.main(["--root", str(root), "build"]) == 3

    assert tree_bytes(root / "_site") == before


def test_ctrl_c_during_a_build_says_so_in_one_line_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert build.main(["--root", str(root), "build"]) == 0
    before = tree_bytes(root / "_site")
    capsys.readouterr()

    def interrupted(*args: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_render", interrupted)
    assert build.main(["--root", str(root), "build"]) == 130

    assert capsys.readouterr().err == "build.py: interrupted\n"
    assert tree_bytes(root / "_site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith("._site")] == []


@pytest.mark.e2e  # builds a 3,000-card site in a subprocess
def test_ctrl_c_reaching_the_workers_prints_no_traceback(tmp_path: Path) -> None:
    from benchmarks.synth import write_synthetic_site

    root = tmp_path / "site"
    write_synthetic_site(root, cards=3000, seeds=30)
    env = {**os.environ, "FACTSITE_WORKERS": "2"}
    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "build"]
    child = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=hear_ctrl_c,  # even when the tests run in the background
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        staged = [p for p in root.glob("._site.new-*/claims/*")]
        if len(staged) > 50:  # the workers are rendering
            break
        time.sleep(0.02)
    assert child.poll() is None, "the build finished before it could be interrupted"
    os.killpg(child.pid, signal.SIGINT)
    _, stderr = child.communicate(timeout=60)

    assert (child.returncode, stderr) == (130, "build.py: interrupted\n")


def test_the_output_is_decided_on_resolved_paths(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (tmp_path / "alias").symlink_to(root)
    assert claim_output(root, tmp_path / "alias" / "_site", "x") == (root / "_site").resolve()
