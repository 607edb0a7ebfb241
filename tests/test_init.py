"""`init`: a site for another story, written into a new or empty folder, that builds clean.

The desk's first steps, as the README's "Start a new site" gives them: init, archive an
article, start a card from it, fill it in, delete the sample, then check and build.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

import build
from factsite import newsite
from factsite.load.settings import SITE_OPTIONAL, SITE_REQUIRED
from tests.sitetools import tree_bytes

REPO = Path(__file__).resolve().parent.parent

# Nothing of the first story may reach a site made for another.
FIRST_STORY = re.compile(rb"anthropic|alibaba|claude|distillation|qwen", re.IGNORECASE)
# The generator's own file that still names the first story in an example (not this test's).
SCHEMA = "content/card.schema.json"
# Settings init leaves unset for the desk: the build warns of each until it is given.
UNSET_SETTINGS = ("publisher", "contact", "funding", "repo_url")
SHARED_FILES = [
    SCHEMA,
    *(f"{folder}/{p.name}" for folder in ("layouts", "static") for p in (REPO / folder).iterdir()),
]
# Copies of the generator's but for the settings naming it (tests/test_workflows.py runs them).
WORKFLOWS = (".github/workflows/pages.yml", ".github/workflows/review.yml")

ARTICLE = (
    "Harbour ferry to sail again in May\n"
    "\n"
    "The harbour ferry will run again from May, the port authority said on Tuesday.\n"
    "Repairs to the landing stage are expected to take six weeks.\n"
)
SLUG = "ferry-returns-in-may"
QUOTE = "The harbour ferry will run again from May"
FILLED_IN = (
    "claim: The port authority says the harbour ferry will run again from May.\n"
    "confidence: low\n"
    "reviewed: 2026-12-01\n"
    "summary: Only one archived article reports it, quoting the port authority.\n"
)


def init(folder: Path, *options: str) -> int:
    """Run `build.py init` into folder; return its exit status."""
    return build.main(["init", str(folder), *options])


def site_command(site: Path, *command: str) -> int:
    """Run one build.py command on the site; return its exit status."""
    return build.main(["--root", str(site), *command])


def assert_checks_clean(
    site: Path, capsys: pytest.CaptureFixture[str], todos_left: bool = False
) -> None:
    """Hold the site to what tests/test_content.py holds the real one: no errors, and no
    warning but of the settings the desk has not given yet (and, with `todos_left`, of the
    pages' lines still marked TODO:)."""
    status = site_command(site, "check")
    err = capsys.readouterr().err
    assert status == 0, err
    assert ": error:" not in err
    explained = [f"content/site.yaml:1:1: warning: {name} " for name in UNSET_SETTINGS]
    if todos_left:
        explained += [f"{at}:" for at in todo_lines(site)]
    warnings = [line for line in err.splitlines() if ": warning:" in line]
    assert [line for line in warnings if not line.startswith(tuple(explained))] == []


def todo_warnings(site: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Return where check says a page still holds a TODO:, as `path:line`, in its order."""
    assert site_command(site, "check") == 0
    err = capsys.readouterr().err.splitlines()
    found = [
        line.split(": warning: ")[0] for line in err if "warning: page still holds a TODO" in line
    ]
    return [location.rsplit(":", 1)[0] for location in found]


def todo_lines(site: Path) -> list[str]:
    """Return, as `path:line`, each line of the site's pages that holds a TODO: marker."""
    return [
        f"content/pages/{page.name}:{number}"
        for page in sorted((site / "content/pages").glob("*.md"))
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1)
        if "TODO:" in line
    ]


def write_todo_paragraphs(site: Path) -> None:
    """Replace each paragraph of the pages holding a TODO: with the desk's own text, as the
    README tells the desk to; a template's paragraph about itself is deleted."""
    for page in (site / "content/pages").glob("*.md"):
        paragraphs = page.read_text(encoding="utf-8").split("\n\n")
        written = [
            "The harbour desk wrote this paragraph." if "TODO:" in paragraph else paragraph
            for paragraph in paragraphs
            if "this page is a template" not in paragraph
        ]
        page.write_text("\n\n".join(written), encoding="utf-8")


def delete_sample(site: Path) -> None:
    """Delete the sample card, the sample seed and its entry, as the README tells the desk."""
    (site / "content/claims/sample-claim.yaml").unlink()
    (site / "seeds/sample-article.txt").unlink()
    meta = site / "seeds/sources.yaml"
    lines = meta.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("sample-article:\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n")), len(lines)
    )
    meta.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def test_a_desk_goes_from_init_to_a_clean_build_of_its_own_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "story"
    assert init(site, "--title", "The harbour ferry: a coverage check") == 0
    capsys.readouterr()
    # What is left to write, page by page: every line of the templates marked TODO:.
    left = todo_warnings(site, capsys)
    assert left == todo_lines(site)
    assert {path.split(":")[0] for path in left} == {
        f"content/pages/{name}.md" for name in ("about", "methodology", "overview")
    }
    write_todo_paragraphs(site)
    assert todo_warnings(site, capsys) == [] == todo_lines(site)
    article = tmp_path / "ferry.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    capsys.readouterr()
    assert site_command(site, "seed", "add", str(article), "--title", "Ferry to sail again") == 0
    seed_id = capsys.readouterr().out.strip()
    assert re.fullmatch(r"000_[0-9a-f]{16}", seed_id)  # the sample takes no number of the scheme
    assert site_command(site, "new", SLUG, "--seed", seed_id, "--quote", QUOTE) == 0
    card = site / "content/claims" / f"{SLUG}.yaml"
    schema_line, rest = card.read_text(encoding="utf-8").replace("draft: true\n", "").split("\n", 1)
    card.write_text(f"{schema_line}\n{FILLED_IN}{rest}", encoding="utf-8")
    delete_sample(site)
    capsys.readouterr()

    assert_checks_clean(site, capsys)
    assert site_command(site, "build") == 0
    built = site / "_site"
    assert (built / "claims" / SLUG / "index.html").is_file()
    assert not (built / "claims/sample-claim").exists()
    assert not (built / "sources/sample-article").exists()
    assert "The harbour ferry: a coverage check" in (built / "index.html").read_text("utf-8")


def test_the_new_site_checks_and_builds_as_written_its_sample_a_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "story"
    assert init(site) == 0
    capsys.readouterr()
    assert_checks_clean(site, capsys, todos_left=True)
    assert site_command(site, "build") == 0
    assert not (site / "_site/claims/sample-claim").exists()  # a draft is never published
    index = (site / "_site/index.html").read_text("utf-8")
    assert "A new fact check" in index
    assert 'Start here: <a href="overview/index.html">The story so far</a>' in index


def test_no_file_of_the_new_site_or_its_build_mentions_the_first_story(tmp_path: Path) -> None:
    site = tmp_path / "story"
    assert init(site) == 0
    assert site_command(site, "build") == 0
    files = tree_bytes(site)
    assert "_site/index.html" in files and "layouts/base.html" in files
    mentions = sorted(path for path, data in files.items() if FIRST_STORY.search(data))
    assert mentions == []


def test_init_writes_the_settings_the_sample_and_the_generators_own_files(tmp_path: Path) -> None:
    site = tmp_path / "story"
    assert init(site) == 0
    files = tree_bytes(site)
    settings = files["content/site.yaml"].decode("utf-8")
    for name in (*SITE_REQUIRED, *SITE_OPTIONAL):  # every setting the loader takes, explained
        assert re.search(rf"^(# )?{name}:", settings, re.MULTILINE), name
    for name in UNSET_SETTINGS:  # commented out, so the build warns until the desk gives it
        assert re.search(rf"^# {name}: <TODO: ", settings, re.MULTILINE), name
    assert yaml.safe_load(settings)["title"] == "A new fact check"
    card = files["content/claims/sample-claim.yaml"].decode("utf-8")
    assert card.startswith("# yaml-language-server: $schema=../card.schema.json\n")
    assert "\ndraft: true\n" in card and '- seed: "sample-article"' in card
    assert files["seeds/sample-article.txt"].startswith(b"This is a sample archived article.")
    entry = yaml.safe_load(files["seeds/sources.yaml"])["sample-article"]
    assert entry["publisher"] == "not stated" and "sample" in entry["note"]
    for page in ("about", "methodology", "overview"):
        assert b"TODO:" in files[f"content/pages/{page}.md"]
    assert {"/_site/", "/.venv"} <= set(files[".gitignore"].decode().splitlines())
    for rel in SHARED_FILES:
        assert files[rel] == (REPO / rel).read_bytes(), rel
    generator = newsite.find_generator(REPO)
    for rel in WORKFLOWS:
        named = files[rel].decode("utf-8")
        for name, value in (("REPOSITORY", generator.repository), ("REF", generator.ref)):
            named = named.replace(f'  GENERATOR_{name}: "{value}"\n', f'  GENERATOR_{name}: ""\n')
        assert named == (REPO / rel).read_text(encoding="utf-8"), rel


def test_the_title_is_written_as_given(tmp_path: Path) -> None:
    title = 'Bridge works: "every" claim checked # {{today}}'
    assert init(tmp_path / "story", "--title", title) == 0
    settings = (tmp_path / "story/content/site.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(settings)["title"] == title


def test_init_fills_an_empty_folder_that_exists(tmp_path: Path) -> None:
    (tmp_path / "story").mkdir()
    assert init(tmp_path / "story") == 0
    assert (tmp_path / "story/content/site.yaml").is_file()


def refused_cases(tmp_path: Path) -> dict[str, Path]:
    """Return each folder init must refuse, having made what each case needs."""
    (tmp_path / "full").mkdir()
    (tmp_path / "full/notes.txt").write_text("mine\n", encoding="utf-8")
    (tmp_path / "a-file").write_text("mine\n", encoding="utf-8")
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling")
    return {
        "not empty": tmp_path / "full",
        "a file": tmp_path / "a-file",
        "a link to nothing": tmp_path / "dangling",
        "the project": REPO,
        "inside its content": REPO / "content" / "new-story",
        "inside its package": REPO / "factsite" / "new-story",
        "the project by another path": REPO / "layouts" / "..",
    }


@pytest.mark.parametrize(
    "case",
    [
        "not empty",
        "a file",
        "a link to nothing",
        "the project",
        "inside its content",
        "inside its package",
        "the project by another path",
    ],
)
def test_init_refuses_a_folder_that_is_taken_or_the_projects(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = refused_cases(tmp_path)[case]
    before_tmp, before_repo = tree_bytes(tmp_path), sorted(os.listdir(REPO))
    assert init(folder) == 2
    err = capsys.readouterr().err
    assert err.startswith("build.py: error: ") and err.count("\n") == 1, err
    assert tree_bytes(tmp_path) == before_tmp
    assert sorted(os.listdir(REPO)) == before_repo
    assert not (REPO / "content/new-story").exists() and not (REPO / "factsite/new-story").exists()


def test_init_refuses_a_folder_inside_the_site_given_by_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "story"
    assert init(site) == 0
    capsys.readouterr()
    assert build.main(["--root", str(site), "init", str(site / "seeds/other")]) == 2
    assert capsys.readouterr().err == (
        f"build.py: error: {site / 'seeds/other'} lies inside the seeds/ folder of the project "
        f"at {site}\n"
    )
    assert not (site / "seeds/other").exists()


@pytest.mark.parametrize("title", ["", "  ", "two\nlines", "bidi \u202e override"])
def test_init_refuses_a_title_that_is_not_one_visible_line(
    title: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert init(tmp_path / "story", "--title", title) == 2
    err = capsys.readouterr().err
    assert err.startswith("build.py: error: --title ") and err.count("\n") == 1, err
    assert not (tmp_path / "story").exists()


@pytest.mark.parametrize("exists", [False, True], ids=["new folder", "empty folder"])
def test_a_site_that_cannot_be_written_leaves_nothing(
    exists: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "new" / "story"
    if exists:
        folder.mkdir(parents=True)
    # The write fails part way, as on a full disk: a folder is made for a file that cannot then
    # be opened ("r/s/.." is the folder r), after a file has been written.
    files = {"content/site.yaml": b"x", "r/s/..": b"x"}
    monkeypatch.setattr(newsite, "site_files", lambda fields, generator: files)
    assert init(folder) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"build.py: error: cannot write the new site to {folder}: ")
    assert err.count("\n") == 1
    assert tree_bytes(tmp_path) == {}
    assert folder.is_dir() if exists else not (tmp_path / "new").exists()


def test_init_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["init", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: build.py init [-h] [--title T] DIR")


def git(folder: Path, *args: str) -> None:
    config = ["-c", "user.name=Desk", "-c", "user.email=d@e.x", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *config, *args], cwd=folder, capture_output=True, check=True)


def generator_checkout(folder: Path, origin: str | None = None) -> str:
    """Make a one-commit repository at folder, with that origin; return its commit."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q")
    git(folder, "commit", "-q", "--allow-empty", "-m", "The generator")
    if origin is not None:
        git(folder, "remote", "add", "origin", origin)
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("origin", "repository"),
    [
        ("https://github.com/newsroom/fact-site.git", "newsroom/fact-site"),
        ("https://github.com/newsroom/fact.site", "newsroom/fact.site"),
        ("git@github.com:newsroom/fact-site.git", "newsroom/fact-site"),
        ("ssh://git@github.com/newsroom/fact-site.git", "newsroom/fact-site"),
        ("https://desk:secret@github.com/newsroom/fact-site.git", "newsroom/fact-site"),
        ("https://gitlab.com/newsroom/fact-site.git", ""),
        ("https://github.com/newsroom/fact-site/tree/main", ""),
        ("/srv/git/fact-site.git", ""),
        (None, ""),
    ],
)
def test_init_names_the_generator_only_from_a_github_origin(
    origin: str | None, repository: str, tmp_path: Path
) -> None:
    commit = generator_checkout(tmp_path / "generator", origin)
    found = newsite.find_generator(tmp_path / "generator")
    assert found == newsite.Generator(repository, commit)


def test_init_names_no_generator_for_a_folder_that_is_not_its_own_checkout(
    tmp_path: Path,
) -> None:
    generator_checkout(tmp_path, "https://github.com/newsroom/other.git")
    (tmp_path / "generator").mkdir()  # inside another repository: its remote is not ours
    assert newsite.find_generator(tmp_path / "generator") == newsite.Generator("", "")
    assert newsite.find_generator(tmp_path / "nowhere") == newsite.Generator("", "")


def test_init_names_no_generator_where_git_is_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generator_checkout(tmp_path, "https://github.com/newsroom/fact-site.git")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    assert newsite.find_generator(tmp_path) == newsite.Generator("", "")
