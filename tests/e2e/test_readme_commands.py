"""Every command README.md shows in a ```sh block works as written, from a fresh clone.

Each is run in a copy of the project whose `.venv` is the tests' own environment, as `make test`
or `make preview` leaves it, with nothing activated: `python` is whatever PATH finds, and pip
has no index, so nothing is downloaded. Placeholders (SLUG, FILE, REF, …) get real values;
a synopsis's optional parts are all given, so every option it shows is run too.
"""

from __future__ import annotations

import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import pytest

import build
from tests.servetools import free_port, hear_ctrl_c
from tests.sitetools import REPO
from tests.test_workflows import copy_project

# Runs a command line per case in a subprocess, some of them building the site: left out of
# `make test-fast`.
pytestmark = pytest.mark.e2e

FENCE = re.compile(r"^(?P<indent> *)```sh\n(?P<body>.*?)^(?P=indent)```", re.MULTILINE | re.DOTALL)
NOT_RUN = {
    "make test": "runs the suite that holds this test",
    "make test-fast": "runs the suite that holds this test",
    "make preview": "serves on port 8000 until Ctrl-C, and that port may be taken; the "
    "`build.py serve` it runs is run here on a free port",
    "make bench": "takes minutes, and benchmarks/ has tests of its own",
}
# Flags left out, each with the reason.
LEFT_OUT = {"--open": "it would open a web browser"}
PLACEHOLDER = re.compile(r"[A-Z][A-Z0-9-]*")  # DIR, SLUG, YYYY-MM-DD
WORDS_PLACEHOLDER = "words from the seed"
IN_URLS = {"OWNER": "desk", "REPO": "story"}  # https://OWNER.github.io/REPO
# The value of each option's placeholder.
OPTION_VALUES = {
    "--root": ".",
    "--out": "_site",
    "--base-url": "https://desk.github.io/story",
    "--repo-url": "https://github.com/desk/story",
    "--base": "HEAD",
    "--max-bytes": "100000",
    "--url": "https://example.org/archived-article",
    "--title": "An archived article",
    "--publisher": "Example Wire",
    "--published": "2026-06-25",
    "--label": "Example Wire",
    "--origin": "Example Wire",
    "--note": "It names Example Wire as its only source.",
}
SERVE_TIMEOUT = 60.0


def readme_commands(text: str) -> list[str]:
    """Return the `python build.py` and `make` lines of the sh blocks, continuations joined.

    A line ending in a backslash, or an indented line after a command, continues it.
    """
    commands: list[str] = []
    for block in FENCE.finditer(text):
        indent, reading = len(block["indent"]), False
        for line in (raw[indent:] for raw in block["body"].splitlines()):
            if reading and (commands[-1].endswith("\\") or line[:1].isspace()) and line.strip():
                commands[-1] = commands[-1].removesuffix("\\").rstrip() + " " + line.strip()
            else:
                reading = line.startswith(("python build.py", "make "))
                if reading:
                    commands.append(line.rstrip())
    return commands


COMMANDS = readme_commands((REPO / "README.md").read_text(encoding="utf-8"))


def words(command: str) -> list[str]:
    """Return the command's words, comments and a synopsis's brackets and ellipses left out."""
    found = [word.strip("[]") for word in shlex.split(command, comments=True)]
    return [word for word in found if word not in ("", "...", "…")]


def concrete(command: str, given: Mapping[str, str]) -> list[str]:
    """Return the command to run: each placeholder replaced by the value given for it."""
    argv: list[str] = []
    for word in words(command):
        before = argv[-1] if argv and argv[-1].startswith("--") else ""
        if word in LEFT_OUT:
            continue
        if PLACEHOLDER.fullmatch(word) or word == WORDS_PLACEHOLDER:
            key = before or word
            assert key in given, f"give a value for {word} in {command!r}"
            word = given[key]
        elif "|" in word:  # text|github: one of the choices
            word = word.split("|")[0]
        elif "://" in word:
            word = re.sub("|".join(IN_URLS), lambda m: IN_URLS[m[0]], word)
        argv.append(word)
    return argv


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a fresh copy of the project as `make test` leaves it: its .venv made."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("the tests do not run in a virtual environment to stand for .venv")
    root = tmp_path_factory.mktemp("readme") / "story"
    copy_project(root)
    (root / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return root


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    """Return a terminal's environment: nothing activated, no package index."""
    venv_bin = str(Path(sys.prefix) / "bin")
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p != venv_bin]
    drop = {"VIRTUAL_ENV", build.REEXEC_MARK}
    found = {k: v for k, v in os.environ.items() if k not in drop}
    found.update(PATH=os.pathsep.join(path), PIP_NO_INDEX="1", PYTHONUNBUFFERED="1")
    if shutil.which("python", path=found["PATH"]) is None:
        reason = "no `python` on PATH to run the README's `python build.py` with"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def a_quote(root: Path) -> tuple[str, str]:
    """Return a real seed's id and the first eight words of its first long passage."""
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    lines = seed.read_text(encoding="utf-8").splitlines()
    passage = next(line.split() for line in lines if len(line.split()) >= 8)
    return seed.stem, " ".join(passage[:8])


def values(root: Path, number: int) -> dict[str, str]:
    """Return what each placeholder stands for in the command numbered `number`."""
    seed, quote = a_quote(root)
    article = root.parent / f"article-{number}.txt"  # a text of its own: never archived yet
    article.write_text(f"Example Wire reports finding {number} in its own words.\n", "utf-8")
    slug = f"readme-card-{number}"
    return {
        **OPTION_VALUES,
        "--seed": seed,
        "--quote": quote,
        "SLUG": slug,
        "FILE": str(article),
        "DIR": str(root.parent / f"new-site-{number}"),
    }


def subcommand(argv: list[str]) -> str:
    """Return the command a `python build.py` line runs (`build` when it names none)."""
    rest = argv[2:]
    while rest[:1] == ["--root"]:
        rest = rest[2:]
    return rest[0] if rest else "build"


def test_readme_shows_the_commands_this_test_runs() -> None:
    bare = [" ".join(words(c)) for c in COMMANDS]
    assert {"make preview", "make test"} <= set(bare)
    shown = {subcommand(words(c)) for c in COMMANDS if c.startswith("python build.py")}
    assert {"build", "check", "review", "new", "seed", "serve"} <= shown


def test_a_synopsis_over_two_lines_is_one_command() -> None:
    seed_add = [c for c in COMMANDS if "seed add" in c]
    assert any("--url" in c and "--published" in c for c in seed_add), seed_add


@pytest.mark.parametrize("number", range(len(COMMANDS)), ids=lambda n: COMMANDS[n])
def test_readme_command_works_as_written(clone: Path, env: dict[str, str], number: int) -> None:
    command = COMMANDS[number]
    bare = " ".join(words(command))
    if bare in NOT_RUN:
        pytest.skip(f"{bare}: {NOT_RUN[bare]}")
    argv = concrete(command, values(clone, number))
    if argv[0] == "python" and subcommand(argv) == "serve":
        assert serve_briefly(argv, clone, env) == 0
        return
    done = subprocess.run(
        argv, cwd=clone, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"{shlex.join(argv)}:\n{done.stdout}{done.stderr}"
    assert "Traceback" not in done.stderr
    site = clone / argv[argv.index("--root") + 1] if "--root" in argv else clone
    if argv[0] == "python" and subcommand(argv) == "new":
        card = site / "content" / "claims" / f"{argv[argv.index('new') + 1]}.yaml"
        assert card.is_file()
        # Its skeleton fails `check` until filled in, as README says: the desk fills it in
        # before the next command; here it is taken away.
        card.unlink()
    if argv[0] == "python" and subcommand(argv) == "seed":
        assert (site / "seeds" / f"{done.stdout.strip()}.txt").is_file()


def serve_briefly(argv: list[str], root: Path, env: Mapping[str, str]) -> int:
    """Run the preview on a free port until it serves the index, then press Ctrl-C."""
    if "--port" in argv:
        argv[argv.index("--port") + 1] = str(free_port())
    else:
        argv += ["--port", str(free_port())]
    port = argv[argv.index("--port") + 1]
    process = subprocess.Popen(
        argv,
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=hear_ctrl_c,  # even when the tests run in the background
    )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in process.stderr or ():
            lines.put(line)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        while "serving " not in lines.get(timeout=SERVE_TIMEOUT):
            pass
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:
            assert answer.status == 200
        process.send_signal(signal.SIGINT)
        return process.wait(SERVE_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        reader.join(SERVE_TIMEOUT)  # the pipe ends with the process
        if process.stderr is not None:
            process.stderr.close()
