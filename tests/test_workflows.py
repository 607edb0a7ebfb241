"""The GitHub workflows, the pull-request template and the pre-commit hook say what they should.

Publishing: on push to main, build at the address configure-pages reports and deploy with the
official Pages actions. Reviewing: on a pull request, run the tests, annotate the cards, write
the review digest to the job summary and upload the site as a download.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.sitetools import REPO

WORKFLOWS = REPO / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
REVIEW = WORKFLOWS / "review.yml"
SUMMARY_LIMIT = 1024 * 1024  # GitHub's limit on a step's job summary


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


@pytest.mark.parametrize("path", [PAGES, REVIEW], ids=lambda path: path.name)
def test_actionlint_passes(path: Path) -> None:
    done = subprocess.run(
        [actionlint(), "-no-color", str(path.relative_to(REPO))],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_pages_publishes_main_on_push_and_by_hand() -> None:
    triggers = workflow(PAGES)["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers


def test_pages_has_the_permissions_and_concurrency_deploy_pages_documents() -> None:
    data = workflow(PAGES)
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}


def test_pages_builds_at_the_base_url_configure_pages_reports() -> None:
    configure = step_using(PAGES, "build", "actions/configure-pages")
    assert configure["uses"] == "actions/configure-pages@v5"
    build = step_running(PAGES, "build", "build.py build")
    assert build["env"]["BASE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    assert '--base-url "$BASE_URL"' in build["run"]
    assert "--out _site" in build["run"]
    install = step_running(PAGES, "build", "pip install")
    assert "-r requirements.txt" in install["run"]


def test_pages_uploads_the_site_with_nojekyll_and_deploys_it() -> None:
    upload = step_using(PAGES, "build", "actions/upload-pages-artifact")
    assert upload["with"] == {"path": "_site", "include-hidden-files": "true"}
    deploy = workflow(PAGES)["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    step = step_using(PAGES, "deploy", "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_review_runs_on_pull_requests_with_read_only_access() -> None:
    data = workflow(REVIEW)
    assert "pull_request" in data["on"]
    assert data["permissions"] == {"contents": "read"}


def test_review_runs_the_tests_with_chromium_from_apt() -> None:
    job = workflow(REVIEW)["jobs"]["test"]
    assert job["env"]["CI"] == "true"
    install = step_running(REVIEW, "test", "apt-get install")
    assert "chromium" in install["run"].split()
    names = [s.get("run", "") for s in job["steps"]]
    assert names.index(install["run"]) < names.index("make test")


def test_review_annotates_cards_then_writes_the_digest_to_the_job_summary() -> None:
    check = step_running(
        REVIEW, "cards", 'python build.py check --base "$BASE_SHA" --format github'
    )
    assert check["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    digest = step_running(REVIEW, "cards", "build.py review")
    assert digest["run"].endswith('>> "$GITHUB_STEP_SUMMARY"')
    assert '--base "$BASE_SHA"' in digest["run"]
    assert digest["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    limit = int(digest["run"].split("--max-bytes ")[1].split()[0])
    assert limit <= SUMMARY_LIMIT
    # The digest lists every problem, so it must run after a failed check too.
    assert digest["if"] == "${{ !cancelled() }}"
    checkout = step_using(REVIEW, "cards", "actions/checkout")
    assert checkout["with"]["fetch-depth"] == "0"


def test_review_uploads_the_built_site_as_an_artifact() -> None:
    step_running(REVIEW, "cards", "python build.py build --out _site")
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
