"""The GitHub workflows, the pull-request template and the pre-commit hook say what they should.

Publishing: on push to main, build at the addresses GitHub reports and deploy with the official
Pages actions. Reviewing: on a pull request, run the tests through `.ci/run`, annotate the cards,
write the review digest to the job summary and upload the site as a download. Beyond reading
the files, every `run:` step is run here, in order, in a copy of the project, with what GitHub
would give it; each `uses:` step is replaced by its documented effect.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

import build
from tests.sitetools import REPO, make_site
from tests.sitetools import edit as edit_file

WORKFLOWS = REPO / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
REVIEW = WORKFLOWS / "review.yml"
CI_RUN = REPO / ".ci" / "run"
SUMMARY_LIMIT = 1024 * 1024  # GitHub's limit on a step's job summary

# The majors each action is on (REFERENCES.md, checked December 2026); a new action is added here.
CURRENT_MAJORS = {
    "actions/checkout": "v6",
    "actions/setup-python": "v6",
    "actions/cache": "v6",
    "actions/configure-pages": "v6",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
    "actions/upload-artifact": "v7",
}

# What the steps are given, as GitHub would give it to a pull request of desk/story.
GITHUB = {"github.server_url": "https://github.com", "github.repository": "desk/story"}
PAGES_OUTPUTS = {
    "base_url": "https://desk.github.io/story",
    "base_path": "/story",
    "origin": "https://desk.github.io",
    "host": "desk.github.io",
}
# run: steps not run here, each with the reason.
NOT_RUN = {
    "bash .ci/run": "the test job's `make test` runs the suite holding this test: not again in it",
}
# How every job runs the generator: from the folder the Generator job found it in, on this site.
BUILD_PY = 'python "$GENERATOR/build.py" --root .'
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
PULL_REQUEST_CARD = "pull-request-card"


def actionlint() -> str:
    """Return the actionlint binary installed beside this Python, or skip (fail under CI)."""
    beside = Path(sys.executable).with_name("actionlint")
    found = str(beside) if os.access(beside, os.X_OK) else shutil.which("actionlint")
    if found is None:
        reason = "actionlint is not installed (pip install -r requirements-dev.txt)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def workflow(path: Path) -> dict[str, Any]:
    """Return a workflow as plain strings (BaseLoader: `on` stays a key, not yes/no)."""
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return data


def steps(path: Path, job: str) -> list[dict[str, Any]]:
    return list(workflow(path)["jobs"][job]["steps"])


def step_using(path: Path, job: str, action: str) -> dict[str, Any]:
    """Return the one step of a job that uses the action (any version)."""
    found = [s for s in steps(path, job) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"{path.name}: job {job} should use {action} once"
    return found[0]


def step_running(path: Path, job: str, words: str) -> dict[str, Any]:
    """Return the one step of a job whose script contains the words."""
    found = [s for s in steps(path, job) if words in s.get("run", "")]
    assert len(found) == 1, f"{path.name}: job {job} should run {words!r} once"
    return found[0]


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    done = subprocess.run(
        [actionlint(), "-no-color"],  # with no argument it reads all of .github/workflows
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@pytest.mark.parametrize("path", [PAGES, REVIEW], ids=lambda path: path.name)
def test_every_action_is_on_its_current_major(path: Path) -> None:
    for job in workflow(path)["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                action, version = step["uses"].split("@")
                assert CURRENT_MAJORS.get(action) == version, step["uses"]


def test_pages_publishes_main_on_push_and_by_hand() -> None:
    triggers = workflow(PAGES)["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers


def test_pages_has_the_permissions_and_concurrency_deploy_pages_documents() -> None:
    data = workflow(PAGES)
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}


def test_pages_builds_at_the_addresses_github_reports() -> None:
    configure = step_using(PAGES, "build", "actions/configure-pages")
    # The workflow's token may not create a Pages site: the README's one-time setting does.
    assert "enablement" not in configure.get("with", {})
    build = step_running(PAGES, "build", f"{BUILD_PY} build")
    assert build["env"]["BASE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    assert build["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert '--base-url "$BASE_URL"' in build["run"]
    assert '--repo-url "$REPO_URL"' in build["run"]
    assert "--out _site" in build["run"]
    install = step_running(PAGES, "build", "pip install")
    assert '-r "$GENERATOR/requirements.txt"' in install["run"]


def test_pages_uploads_the_site_with_nojekyll_and_deploys_it() -> None:
    upload = step_using(PAGES, "build", "actions/upload-pages-artifact")
    assert upload["with"] == {"path": "_site", "include-hidden-files": "true"}
    deploy = workflow(PAGES)["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    step = step_using(PAGES, "deploy", "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


@pytest.mark.parametrize(("path", "job"), [(PAGES, "build"), (REVIEW, "test"), (REVIEW, "cards")])
def test_every_job_that_installs_caches_pips_downloads(path: Path, job: str) -> None:
    """A job installs through pip (its own step, or make); its downloads are cached by hand
    in a container job, where setup-python cannot run, and by setup-python elsewhere."""
    if "container" in workflow(path)["jobs"][job]:
        cache = step_using(path, job, "actions/cache")
        assert cache["with"]["path"] == "~/.cache/pip"
        assert "hashFiles('requirements.txt', 'requirements-dev.txt')" in cache["with"]["key"]
    else:
        setup = step_using(path, job, "actions/setup-python")["with"]
        dependencies = "${{ env.GENERATOR }}/requirements.txt"
        assert (setup["cache"], setup["cache-dependency-path"]) == ("pip", dependencies)


def test_review_runs_on_pull_requests_with_read_only_access() -> None:
    data = workflow(REVIEW)
    assert "pull_request" in data["on"]
    assert data["permissions"] == {"contents": "read"}


def test_review_runs_the_tests_through_the_one_ci_entry_point() -> None:
    job = workflow(REVIEW)["jobs"]["test"]
    # Only where this repository is the generator: a story's repository holds no tests.
    assert (job["needs"], job["if"]) == ("generator", "needs.generator.outputs.path == '.'")
    assert job["env"]["CI"] == "true"
    assert [s["run"] for s in job["steps"] if "run" in s] == ["bash .ci/run"]
    script = CI_RUN.read_text(encoding="utf-8")
    install, test = script.index("apt-get install -y chromium"), script.index("\nmake test\n")
    assert install < test


def test_review_annotates_cards_then_writes_the_digest_to_the_job_summary() -> None:
    check = step_running(REVIEW, "cards", f'{BUILD_PY} check --base "$BASE_SHA" --format github')
    assert check["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    digest = step_running(REVIEW, "cards", f"{BUILD_PY} review")
    assert digest["run"].endswith('>> "$GITHUB_STEP_SUMMARY"')
    assert '--base "$BASE_SHA"' in digest["run"]
    assert digest["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    limit = int(digest["run"].split("--max-bytes ")[1].split()[0])
    assert limit <= SUMMARY_LIMIT
    # The digest lists every problem, so it must run after a failed check too.
    assert digest["if"] == "${{ !cancelled() }}"
    checkout = steps(REVIEW, "cards")[0]  # the repository's own; the generator's comes next
    assert checkout["uses"] == "actions/checkout@v6" and "repository" not in checkout["with"]
    assert checkout["with"]["fetch-depth"] == "0"


def test_review_uploads_the_built_site_as_an_artifact() -> None:
    step_running(REVIEW, "cards", f"{BUILD_PY} build --out _site")
    upload = step_using(REVIEW, "cards", "actions/upload-artifact")
    assert upload["with"]["path"] == "_site"
    assert upload["with"]["include-hidden-files"] == "true"


def test_pull_request_template_holds_the_reviewers_checklist() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = [line for line in template.splitlines() if line.startswith("- [ ] ")]
    for item in (
        "Quotes read in context",
        "Claim attributed",
        "Confidence matches the rubric",
        "Summary names disagreements",
    ):
        assert any(item in box for box in boxes), item


def test_pre_commit_hook_runs_the_check_when_content_changes() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    assert hook["entry"].split()[0] == "make"
    assert hook["entry"].split()[-1] == "check-staged"
    assert hook["pass_filenames"] is False
    assert "content" in hook["files"] and "seeds" in hook["files"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ncheck-staged:")[1].split("\n\n")[0]
    assert "build.py check --staged" in recipe


# Running the steps.


def git(folder: Path, *args: str) -> str:
    """Run git in folder as a bare machine would (no user config, hooks or signing)."""
    config = ["-c", f"safe.directory={folder}", "-c", "user.name=Desk", "-c", "user.email=d@e.x"]
    config += ["-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"]
    done = subprocess.run(
        ["git", *config, *args], cwd=folder, capture_output=True, text=True, check=True
    )
    return done.stdout


def copy_project(dest: Path) -> str:
    """Copy the project's files, as a fresh clone holds them, into a new repository at dest.

    Files git would track are copied from the work tree (so these tests see the work under
    way, as every other test does), committed on `main`; return that commit.
    """
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        if name == ".venv":  # a linked environment git does not ignore is still no project file
            continue
        if os.path.lexists(REPO / name):  # a tracked file deleted in the work tree is gone
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name, follow_symlinks=False)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "The base of the pull request")
    return git(dest, "rev-parse", "HEAD").strip()


@dataclass
class Job:
    """What a job's steps left behind, as GitHub keeps it."""

    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # step id -> outputs
    env: dict[str, str] = field(default_factory=dict)  # set through GITHUB_ENV
    summary: str = ""
    logs: list[str] = field(default_factory=list)  # each step's stdout and stderr
    uploads: dict[str, Path] = field(default_factory=dict)  # action -> the folder it got
    not_run: list[str] = field(default_factory=list)


def values(job: Job, given: Mapping[str, str]) -> dict[str, str]:
    """Return every `${{ }}` value a step may use: the given ones, and earlier steps' outputs."""
    outputs = {
        f"steps.{step}.outputs.{name}": value
        for step, found in job.outputs.items()
        for name, value in found.items()
    }
    return {**given, **outputs}


def substitute(text: str, known: Mapping[str, str]) -> str:
    """Replace each `${{ expression }}` by its value; fail on one GitHub's values lack."""

    def value(match: re.Match[str]) -> str:
        assert match.group(1) in known, f"no value for {match.group(0)}: add what GitHub gives"
        return known[match.group(1)]

    return EXPRESSION.sub(value, text)


def read_commands_file(path: Path) -> dict[str, str]:
    """Return what a step wrote to GITHUB_OUTPUT or GITHUB_ENV: `k=v` and `k<<END … END`."""
    found: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        name, equals, value = line.partition("=")
        if "<<" in name or not equals:  # a multi-line value, up to its delimiter line
            name, _, end = line.partition("<<")
            found[name] = "\n".join(iter(lines.__next__, end))
        else:
            found[name] = value
    return found


def configure_pages(step: dict[str, Any], job: Job, workspace: Path) -> None:
    job.outputs[step["id"]] = dict(PAGES_OUTPUTS)


def upload(action: str) -> Callable[[dict[str, Any], Job, Path], None]:
    def record(step: dict[str, Any], job: Job, workspace: Path) -> None:
        job.uploads[action] = workspace / step["with"]["path"]

    return record


def deploy_pages(step: dict[str, Any], job: Job, workspace: Path) -> None:
    job.outputs[step["id"]] = {"page_url": PAGES_OUTPUTS["base_url"] + "/"}


def no_effect(step: dict[str, Any], job: Job, workspace: Path) -> None:
    """setup-python: the tests' own Python comes first on PATH; cache: a miss, nothing
    restored."""


def checkout(step: dict[str, Any], job: Job, workspace: Path) -> None:
    """The repository itself: the copy is the checkout, all history in it (fetch-depth: 0).
    Another (the generator): a clone of the checkout GENERATORS knows by that name, at the
    ref asked for, in the folder `path:` names."""
    given = step.get("with", {})
    if "repository" not in given:
        return
    source = GENERATORS[given["repository"]]
    folder = workspace / given["path"]
    git(workspace, "clone", "-q", "--no-checkout", str(source), str(folder))
    git(folder, "checkout", "-q", "--detach", given["ref"])


# The generator checkouts a story's workflows may check out, by GitHub repository (owner/name).
GENERATORS: dict[str, Path] = {}

ACTIONS: dict[str, Callable[[dict[str, Any], Job, Path], None]] = {
    "actions/checkout": checkout,
    "actions/setup-python": no_effect,
    "actions/cache": no_effect,
    "actions/configure-pages": configure_pages,
    "actions/upload-pages-artifact": upload("actions/upload-pages-artifact"),
    "actions/upload-artifact": upload("actions/upload-artifact"),
    "actions/deploy-pages": deploy_pages,
}


# The conditions the workflows use: a value compared with a literal.
COMPARISON = re.compile(r"(?:\$\{\{\s*)?([\w.-]+) (==|!=) '([^']*)'(?:\s*\}\})?")


def runs(spec: dict[str, Any], known: Mapping[str, str]) -> bool:
    """Tell whether a step or job runs after the earlier ones all succeeded."""
    condition = spec.get("if")
    if condition in (None, "${{ !cancelled() }}"):
        return True
    compared = COMPARISON.fullmatch(condition)
    assert compared, f"say when {condition!r} holds"
    name, operator, literal = compared.groups()
    assert name in known, f"no value for {name} in {condition!r}"
    return (known[name] == literal) == (operator == "==")


class StepFailed(AssertionError):
    """A `run:` step exited with an error: its name and what it printed."""

    def __init__(self, name: str, log: str) -> None:
        super().__init__(f"{name}:\n{log}")
        self.name, self.log = name, log


def run_script(
    step: dict[str, Any],
    job: Job,
    workspace: Path,
    env: Mapping[str, str],
    known: Mapping[str, str],
) -> None:
    """Run a `run:` step as the runner does (bash -e), and keep what it wrote to GitHub."""
    assert not {"shell", "working-directory"} & step.keys(), "run it as GitHub would here"
    files = {name: workspace.parent / f"{name}.txt" for name in ("output", "env", "summary")}
    for path in files.values():  # each step gets files of its own, empty
        path.write_text("", encoding="utf-8")
    script = workspace.parent / "step.sh"
    script.write_text(substitute(step["run"], known), encoding="utf-8")
    given = {
        "GITHUB_OUTPUT": str(files["output"]),
        "GITHUB_ENV": str(files["env"]),
        "GITHUB_STEP_SUMMARY": str(files["summary"]),
    }
    done = subprocess.run(
        ["bash", "-e", str(script)],
        cwd=workspace,
        env={**env, **given},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    job.logs.append(done.stdout + done.stderr)
    if done.returncode != 0:
        raise StepFailed(step.get("name", step["run"]), done.stdout + done.stderr)
    if "id" in step:
        job.outputs[step["id"]] = read_commands_file(files["output"])
    job.env.update(read_commands_file(files["env"]))
    job.summary += files["summary"].read_text(encoding="utf-8")


def base_env(workspace: Path) -> dict[str, str]:
    """Return the environment of every step: a runner's, the tests' Python first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    python = Path(sys.executable).parent
    assert (python / "python").exists(), "the tests' Python should be called python beside it"
    env["PATH"] = f"{python}{os.pathsep}{env.get('PATH', '')}"
    env.update(CI="true", GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(workspace))
    env.update(GITHUB_SERVER_URL=GITHUB["github.server_url"])
    env.update(GITHUB_REPOSITORY=GITHUB["github.repository"])
    # pip install -r requirements.txt runs, with no index: the tests' environment holds the pins.
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def job_env(data: dict[str, Any], spec: dict[str, Any], given: Mapping[str, str]) -> dict[str, str]:
    """Return the workflow's and the job's `env:`, their `${{ }}` values substituted."""
    env: dict[str, str] = {}
    for scope in (data.get("env", {}), spec.get("env", {})):
        env |= {key: substitute(value, given) for key, value in scope.items()}
    return env


def run_job(data: dict[str, Any], name: str, workspace: Path, given: Mapping[str, str]) -> Job:
    """Run one job's steps in order: `run:` ones in bash, `uses:` ones as their effect."""
    job, spec = Job(), data["jobs"][name]
    for step in spec["steps"]:
        scoped = job_env(data, spec, given) | job.env
        known = values(job, given) | {f"env.{key}": value for key, value in scoped.items()}
        if not runs(step, known):
            continue
        if "uses" in step:
            action = step["uses"].split("@")[0]
            assert action in ACTIONS, f"say what {action} does in ACTIONS"
            if action != "actions/cache":  # a miss whatever its key: hashFiles is not needed
                inputs = {k: substitute(v, known) for k, v in step.get("with", {}).items()}
                step = {**step, "with": inputs}
            ACTIONS[action](step, job, workspace)
        elif step["run"] in NOT_RUN:
            job.not_run.append(step["run"])
        else:
            env = base_env(workspace) | scoped
            env |= {key: substitute(value, known) for key, value in step.get("env", {}).items()}
            run_script(step, job, workspace, env, known)
    return job


def run_workflow(path: Path, workspace: Path, given: Mapping[str, str]) -> dict[str, Job]:
    """Run every job of a workflow, each after the jobs it needs, unless its `if:` says not;
    return what each job that ran left."""
    data, done, known = workflow(path), dict[str, Job](), dict(given)
    for name, spec in data["jobs"].items():
        needs = spec.get("needs", [])
        assert set([needs] if isinstance(needs, str) else needs) <= done.keys(), name
        if not runs(spec, known):
            continue
        job = done[name] = run_job(data, name, workspace, {**given, **known})
        for output, value in spec.get("outputs", {}).items():
            known[f"needs.{name}.outputs.{output}"] = substitute(value, values(job, given))
    return done


def text_files(folder: Path) -> dict[Path, str]:
    suffixes = (".html", ".xml", ".json", ".txt")
    return {p: p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.suffix in suffixes}


def test_publish_workflow_builds_the_site_for_its_published_addresses(tmp_path: Path) -> None:
    workspace = tmp_path / "story"
    copy_project(workspace)
    jobs = run_workflow(PAGES, workspace, GITHUB)
    site = jobs["build"].uploads["actions/upload-pages-artifact"]
    assert site == workspace / "_site"
    assert (site / "index.html").is_file() and (site / ".factsite").is_file()
    files = text_files(site)
    canonicals = [
        m for text in files.values() for m in re.findall(r'rel="canonical" href="(.*?)"', text)
    ]
    assert canonicals and all(c.startswith("https://desk.github.io/story/") for c in canonicals)
    config = yaml.safe_load((workspace / "content/site.yaml").read_text(encoding="utf-8"))
    assert not [p for p, text in files.items() if config["base_url"] in text]
    card = site / "claims" / sorted((workspace / "content/claims").glob("*.yaml"))[0].stem
    proposal = f'href="https://github.com/desk/story/edit/main/content/claims/{card.name}.yaml"'
    assert proposal in (card / "index.html").read_text(encoding="utf-8")
    assert jobs["deploy"].outputs["deployment"]["page_url"] == "https://desk.github.io/story/"


def test_review_workflow_checks_digests_and_uploads_a_pull_request(tmp_path: Path) -> None:
    workspace = tmp_path / "story"
    base = copy_project(workspace)
    # The pull request adds one card, a copy of the first under a slug of its own.
    claims = workspace / "content" / "claims"
    shutil.copy(sorted(claims.glob("*.yaml"))[0], claims / f"{PULL_REQUEST_CARD}.yaml")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "Add a card")
    given = {**GITHUB, "github.event.pull_request.base.sha": base}
    jobs = run_workflow(REVIEW, workspace, given)
    assert jobs["test"].not_run == ["bash .ci/run"]
    summary = jobs["cards"].summary
    assert summary.startswith("# Review digest")
    assert re.search(r"^## Check\b", summary, re.MULTILINE), "the problems' section"
    assert f"## Added: `{PULL_REQUEST_CARD}`" in summary
    site = jobs["cards"].uploads["actions/upload-artifact"]
    assert (site / "index.html").is_file() and (site / ".factsite").is_file()
    assert (site / "claims" / PULL_REQUEST_CARD / "index.html").is_file()


def test_repo_url_overrides_site_yaml_as_base_url_does(tmp_path: Path) -> None:
    root, out = make_site(tmp_path), tmp_path / "out"
    flags = ["--base-url", "https://desk.github.io/story", "--repo-url", "https://github.com/d/s/"]
    assert build.main(["--root", str(root), "build", "--out", str(out), *flags]) == 0
    pages = sorted((out / "claims").glob("*/index.html"))
    assert pages
    for page in pages:
        edit = f'href="https://github.com/d/s/edit/main/content/claims/{page.parent.name}.yaml"'
        assert edit in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["ftp://example.org/r", "https://example.org/r?q", "https://x/\n"])
def test_repo_url_is_refused_unless_one_http_url(
    tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert build.main(["--root", str(root), "build", "--repo-url", url]) == 2
    assert "argument --repo-url: " in capsys.readouterr().err
    assert not (root / "_site").exists()


def test_a_repo_url_given_on_the_command_line_is_not_warned_of_as_unset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    edit_file(root, "content/site.yaml", "repo_url: https://github.com/example/fixture\n", "")
    assert build.main(["--root", str(root), "build"]) == 0
    assert "repo_url is not set" in capsys.readouterr().err
    flags = ["--repo-url", "https://github.com/d/s"]
    assert build.main(["--root", str(root), "build", *flags]) == 0
    assert "repo_url is not set" not in capsys.readouterr().err


# A story's own repository: the site init writes, and the generator checked out beside it.

# The generator's GitHub repository as init reads it from the origin of the checkout it runs from.
GENERATOR_REPOSITORY = "newsroom/factsite"
STORY_CARD = "sample-claim"  # published here, as a desk's first card would be


def init_story(tmp_path: Path, origin: str | None) -> tuple[Path, str, str]:
    """Run init from a generator checkout with that origin, then make the site a repository
    of its own, its sample card published; return the site, the generator's commit and what
    init printed."""
    generator = tmp_path / "generator"
    commit = copy_project(generator)
    if origin is not None:
        git(generator, "remote", "add", "origin", origin)
    site = tmp_path / "story"
    done = subprocess.run(
        [sys.executable, str(generator / "build.py"), "init", str(site)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    edit_file(site, f"content/claims/{STORY_CARD}.yaml", "\ndraft: true\n", "\n")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "A new story")
    return site, commit, done.stderr


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """Return a story's repository whose workflows name the generator, and its commit."""
    site, commit, printed = init_story(tmp_path, f"git@github.com:{GENERATOR_REPOSITORY}.git")
    assert "GENERATOR_" not in printed  # init knew both: nothing is left to set
    monkeypatch.setitem(GENERATORS, GENERATOR_REPOSITORY, tmp_path / "generator")
    return site, commit


def test_init_names_the_generator_and_its_commit_in_the_story_workflows(
    story: tuple[Path, str],
) -> None:
    site, commit = story
    for name in ("pages.yml", "review.yml"):
        data = workflow(site / ".github/workflows" / name)
        assert data["env"] == {
            "GENERATOR_REPOSITORY": GENERATOR_REPOSITORY,
            "GENERATOR_REF": commit,
        }
    done = subprocess.run(
        [actionlint(), "-no-color", ".github/workflows/pages.yml", ".github/workflows/review.yml"],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_a_story_repository_publishes_with_the_generator_at_its_commit(
    story: tuple[Path, str],
) -> None:
    site, commit = story
    jobs = run_workflow(site / ".github/workflows/pages.yml", site, GITHUB)
    assert git(site / ".generator", "rev-parse", "HEAD").strip() == commit
    built = jobs["build"].uploads["actions/upload-pages-artifact"]
    assert built == site / "_site"
    assert (built / "index.html").is_file() and (built / ".factsite").is_file()
    # The story's cards, not the generator's own story.
    assert [p.name for p in (built / "claims").iterdir() if p.is_dir()] == [STORY_CARD]
    canonicals = [
        m
        for text in text_files(built).values()
        for m in re.findall(r'rel="canonical" href="(.*?)"', text)
    ]
    assert canonicals and all(c.startswith("https://desk.github.io/story/") for c in canonicals)
    proposal = f'href="https://github.com/desk/story/edit/main/content/claims/{STORY_CARD}.yaml"'
    assert proposal in (built / "claims" / STORY_CARD / "index.html").read_text(encoding="utf-8")


def test_a_story_repository_reviews_a_pull_request_without_the_generators_tests(
    story: tuple[Path, str],
) -> None:
    site, _ = story
    base = git(site, "rev-parse", "HEAD").strip()
    claims = site / "content" / "claims"
    shutil.copy(claims / f"{STORY_CARD}.yaml", claims / f"{PULL_REQUEST_CARD}.yaml")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "Add a card")
    given = {**GITHUB, "github.event.pull_request.base.sha": base}
    jobs = run_workflow(site / ".github/workflows/review.yml", site, given)
    assert "test" not in jobs  # the generator's tests are its own repository's
    assert f"## Added: `{PULL_REQUEST_CARD}`" in jobs["cards"].summary
    built = jobs["cards"].uploads["actions/upload-artifact"]
    assert built == site / "_site"
    assert (built / "claims" / PULL_REQUEST_CARD / "index.html").is_file()


@pytest.mark.parametrize("name", ["pages.yml", "review.yml"])
def test_a_story_repository_not_told_its_generator_fails_first_saying_what_to_set(
    name: str, tmp_path: Path
) -> None:
    site, _, printed = init_story(tmp_path, origin=None)  # a checkout with no GitHub remote
    assert printed.splitlines()[-1] == (
        "the workflows need the generator: set GENERATOR_REPOSITORY (its GitHub repository, "
        f"owner/name) in the env: at the top of {site / '.github/workflows/pages.yml'} and "
        "review.yml"
    )
    given = {**GITHUB, "github.event.pull_request.base.sha": git(site, "rev-parse", "HEAD").strip()}
    with pytest.raises(StepFailed) as failed:
        run_workflow(site / ".github/workflows" / name, site, given)
    assert (
        failed.value.name
        == step_running(site / ".github/workflows" / name, "generator", "::error")["name"]
    )
    [error] = [line for line in failed.value.log.splitlines() if line.startswith("::error")]
    assert error.startswith("::error title=No generator::")
    assert "set GENERATOR_REPOSITORY to the generator's GitHub repository (owner/name)" in error
    assert "in the env: at the top of .github/workflows/pages.yml and review.yml" in error
    assert not (site / "_site").exists() and not (site / ".generator").exists()
