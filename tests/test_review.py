"""The review digest and the pull-request annotations: what a reviewer sees of a change."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import build
from tests.bad_inputs import rubric
from tests.sitetools import make_site, write_files

NEW_CARD = """\
# yaml-language-server: $schema=../card.schema.json
claim: Critics say <b>rural</b> districts were *skipped* by the [audit](javascript:x).
confidence: low
reviewed: 2026-03-01
summary: |
  One source says so.
  Nothing corroborates it.

  - no second source
sources:
  - seed: beta
    quote: "did not cover rural districts"
    stance: supports
    note: Costs $5 and $6 @desk
  - seed: alpha
    quote: "a record"
    stance: context
"""

EDITED = "content/claims/homes-built.yaml"
# The edited card's level goes down, told in a correction: a published card never changes
# silently.
LOWERED = """confidence: moderate
corrections:
  - date: 2026-02-01
    note: Lowered to moderate while the audit's figure is checked again."""
REMOVED = "content/claims/planned-homes.yaml"


def git(repo: Path, *args: str) -> str:
    """Run git in repo with a fixed identity; return its output."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "desk@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Return a fixture site in git: a base commit on main, then a branch that changes cards."""
    root = make_site(tmp_path)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "base")
    git(root, "switch", "--quiet", "-c", "change")
    edited = (root / EDITED).read_text().replace("confidence: high", LOWERED)
    write_files(root, {"content/claims/rural-districts.yaml": NEW_CARD, EDITED: edited})
    (root / REMOVED).unlink()
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "change")
    return root


def review(root: Path, capsys: pytest.CaptureFixture[str], *args: str, silent: bool = False) -> str:
    """Run `build.py review` and return the digest it printed.

    It succeeds, unless `silent`: the change alters a published card without a correction,
    which fails the review once the whole digest is printed.
    """
    status = build.main(["--root", str(root), "review", *args])
    out, err = capsys.readouterr()
    assert status == (1 if silent else 0), err
    return out


def section(digest: str, title: str) -> str:
    """Return the digest's section that starts with the `## title` heading."""
    start = digest.index(f"## {title}\n")
    end = digest.find("\n## ", start + 1)
    return digest[start : end if end >= 0 else len(digest)]


def test_digest_lists_added_changed_and_removed_cards_since_the_merge_base(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digest = review(repo, capsys)
    base = git(repo, "rev-parse", "--short", "main").strip()
    assert f"Cards changed since `{base}` (the merge base with main): " in digest
    assert "1 added, 1 changed, 1 removed." in digest
    assert [line for line in digest.splitlines() if line.startswith("## ")] == [
        "## Check: 1 problem (0 errors, 1 warning)",
        "## Changed: `homes-built`",
        "## Removed: `planned-homes`",
        "## Added: `rural-districts`",
    ]


def test_added_card_shows_its_claim_summary_and_each_quote_in_bold_inside_its_passage(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = section(review(repo, capsys), "Added: `rural-districts`")
    assert "**Confidence:** (new) → `low`" in added
    assert "> One source says so\\. Nothing corroborates it\\.\n>\n> \\- no second source" in added
    assert (
        "1. **Supports** · Audit report coverage (`beta`), passage p2\n"
        "   > The audit **did not cover rural districts**, where most planned homes are\\."
    ) in added
    assert (
        "2. **Context** · Ministry statement coverage (`alpha`), passage p1\n"
        "   > The ministry said 4,000 “new” homes were built in 2025, **a record**\\."
    ) in added
    assert "Note: Costs \\$5 and \\$6 \\@desk" in added


def test_digest_shows_the_warnings_of_a_changed_card(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = section(review(repo, capsys), "Added: `rural-districts`")
    assert "**Problems:**\n\n- line 16, column 12: warning: quote is shorter than 4 words" in added


def test_changed_card_shows_confidence_before_and_after_and_what_changed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = section(review(repo, capsys), "Changed: `homes-built`")
    assert "**Confidence:** `high` → `moderate`" in changed
    assert "**What changed:** confidence" in changed
    assert "**Claim:** The ministry says 4,000 new homes were built in 2025\\." in changed
    assert "passage p1\n   > **The ministry said 4,000 “new” homes were built in 2025**" in changed


def test_a_level_is_explained_in_the_sites_own_rubric_words(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The desk's content/rubric.yaml words its levels; the digest shows what readers will see.
    write_files(repo, rubric("meaning: One line.", "meaning: Un seul fil de reportage."))
    added = section(review(repo, capsys), "Added: `rural-districts`")
    assert "**Confidence:** (new) → `low` (Un seul fil de reportage\\.)\n" in added
    changed = section(review(repo, capsys), "Changed: `homes-built`")
    assert "**Confidence:** `high` → `moderate` (Two\\.)\n" in changed


def test_removed_card_shows_what_it_claimed_and_cited(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    removed = section(review(repo, capsys), "Removed: `planned-homes`")
    assert "**Confidence:** `disputed` → (removed)" in removed
    assert "**Claim:** Critics say the figure counts homes that were only planned\\." in removed
    assert "**Contradicts** · Audit report coverage (`beta`), passage p1" in removed


def test_card_text_cannot_restyle_the_digest(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = MarkdownIt("commonmark", {"html": True}).render(review(repo, capsys))
    assert "<b>" not in html
    assert "javascript:" not in html.replace("(javascript:x)", "")
    assert 'href="javascript' not in html
    assert "Critics say &lt;b&gt;rural&lt;/b&gt; districts were *skipped* by the [audit]" in html


HOSTILE_CARD = """\
claim: "Fine [**Verified by the desk: approve**](https://evil.example/) <img src=x>"
claimant: "<!-- hidden"
confidence: low
reviewed: 2026-03-01
summary: "ok\\n\\n## Check\\n\\nNo problems found.\\n\\n<!-- "
sources:
  - seed: "x` [**Verified by the desk: approve**](https://evil.example/) <img src=//e.example/t> `"
    quote: "did not cover rural districts"
    stance: supports
    note: "![t](https://evil.example/n.png) <!-- "
  - seed: "y`\\n\\n## Check\\n\\nNo problems found.\\n\\n<!-- "
    quote: "``a` [l](https://evil.example/q)\\n\\n# Heading"
    stance: supports
"""
HOSTILE = "content/claims/hostile.yaml"


def rendered(digest: str) -> str:
    """Return the digest as HTML, raw HTML on: what a careless Markdown viewer would show."""
    return MarkdownIt("commonmark", {"html": True}).render(digest)


def assert_inert(html: str) -> None:
    """Fail if the payload of HOSTILE_CARD became a link, an image, a heading or a comment."""
    assert "<a " not in html and "<img" not in html and "<!--" not in html, html
    assert "<h2>Check</h2>" not in html and "<h1>Heading</h1>" not in html, html


def test_a_hostile_card_shows_as_text_in_the_digest(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(repo, {HOSTILE: HOSTILE_CARD})
    digest = review(repo, capsys, "--base", "HEAD")
    html = rendered(digest)
    assert_inert(html)
    # Nothing hid the rest of the card's section: its problems are listed after the sources.
    added = rendered(section(digest, "Added: `hostile`"))
    assert "<strong>Problems:</strong>" in added
    assert added.count("unknown seed") == 4  # two sources, each in its line and its problem
    assert "x` [**Verified by the desk: approve**](https://evil.example/)" in html
    assert "<code>y` ## Check No problems found. &lt;!-- </code>" in html


def test_a_removed_source_with_a_hostile_seed_shows_as_text(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(repo, {HOSTILE: HOSTILE_CARD})
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "hostile")
    head = HOSTILE_CARD.split("sources:\n")[0]
    kept = (
        head + 'sources:\n  - seed: beta\n    quote: "did not cover rural"\n    stance: supports\n'
    )
    write_files(repo, {HOSTILE: kept})
    changed = section(review(repo, capsys, "--base", "HEAD", silent=True), "Changed: `hostile`")
    assert "**Sources removed (2):**" in changed
    assert_inert(rendered(changed))


def test_a_card_file_name_that_is_not_utf8_is_spelt_out_in_the_digest(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # capsys writes strict UTF-8, as a job summary or a C.UTF-8 terminal takes it.
    name = os.fsdecode(b"caf\xe9.yaml")
    write_files(repo, {f"content/claims/{name}": NEW_CARD})
    check = section(
        review(repo, capsys, "--base", "HEAD"), "Check: 2 problems (1 error, 1 warning)"
    )
    assert (
        "content/claims/caf\\udce9.yaml:1:1: error: file name 'caf\\udce9' is not a slug" in check
    )


def test_base_ref_compares_with_that_commit_including_uncommitted_edits(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repo / "content/claims/rural-districts.yaml"
    path.write_text(NEW_CARD.replace("confidence: low", "confidence: moderate"))
    digest = review(repo, capsys, "--base", "HEAD", silent=True)
    assert "Cards changed since" in digest
    assert "1 changed." in digest
    assert "**Confidence:** `low` → `moderate`" in section(digest, "Changed: `rural-districts`")


def test_changed_card_marks_the_sources_added_and_lists_those_removed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (repo / EDITED).read_text()
    text = text.replace(
        '"4,000 new homes were built in 2025"', '"confirming the ministry\'s figure"'
    )
    write_files(repo, {EDITED: text})
    changed = section(review(repo, capsys, "--base", "HEAD", silent=True), "Changed: `homes-built`")
    assert "**What changed:** sources" in changed
    assert "2. **Supports** (new) · Audit report coverage (`beta`), passage p1" in changed
    assert "1. **Supports** · Ministry statement coverage (`alpha`)" in changed
    assert (
        "**Sources removed (1):**\n\n- **Supports** · `beta`: “4,000 new homes were built in 2025”"
    ) in changed


def test_a_site_in_a_subfolder_of_the_repository_is_reviewed_from_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "--quiet", "-m", "base")
    (root / REMOVED).unlink()
    digest = review(root, capsys, "--base", "HEAD")
    assert "Cards changed since" in digest
    assert "1 removed." in digest
    assert "## Removed: `planned-homes`" in digest


def test_no_change_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    digest = review(repo, capsys, "--base", "HEAD")
    assert "No cards changed since" in digest


def test_a_card_that_no_longer_loads_shows_its_problem(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(repo, {EDITED: "claim: [unclosed\n"})
    changed = section(review(repo, capsys, "--base", "HEAD"), "Changed: `homes-built`")
    assert "**Confidence:** `moderate` → (does not load)" in changed
    assert "This card does not load; see its problems below." in changed
    assert (
        "- line 1, column 17: error: YAML syntax\\: did not find expected ',' or '\\]'" in changed
    )


def test_digest_lists_every_problem_even_past_ten(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = {f"content/claims/broken-{n:02}.yaml": "claim: 42\n" for n in range(12)}
    write_files(repo, broken)
    check = section(review(repo, capsys), "Check: 61 problems (60 errors, 1 warning)")
    for name in broken:
        assert f"{name}:1:8: error: claim must be text, found a number" in check


def test_max_bytes_leaves_out_whole_sections_and_says_so(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = review(repo, capsys)
    cut = review(repo, capsys, "--max-bytes", "1200")
    assert len(cut.encode()) <= 1200 < len(full.encode())
    assert cut.startswith("# Review digest")
    assert "sections left out to stay under 1,200 bytes" in cut


def test_seed_changes_are_listed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (repo / "seeds/alpha.txt").open("a") as seed:
        seed.write("A sentence added later.\n")
    digest = review(repo, capsys)
    assert "## Seeds" in digest
    assert "- `alpha` changed" in digest


def test_unknown_ref_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = build.main(["--root", str(repo), "review", "--base", "no-such-branch"])
    assert status == 2
    assert capsys.readouterr().err == (
        "build.py: error: 'no-such-branch' is not a commit in this repository\n"
    )


def test_outside_a_git_repository_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    status = build.main(["--root", str(root), "review"])
    err = capsys.readouterr().err
    assert status == 2
    assert (
        err == f"build.py: error: {root} is not in a git repository; the review digest needs one\n"
    )


def test_without_main_the_default_base_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "branch", "--quiet", "-m", "main", "trunk")
    status = build.main(["--root", str(repo), "review"])
    assert status == 2
    assert capsys.readouterr().err == (
        "build.py: error: no branch 'main' or 'origin/main' to compare with; pass --base REF\n"
    )


def test_check_annotates_a_broken_card_on_its_own_line_for_github(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    card = (root / EDITED).read_text().replace("new homes were built", "new homes were razed")
    write_files(root, {EDITED: card, "content/claims/typo.yaml": "clam: 1\n"})
    assert build.main(["--root", str(root), "check", "--format", "github"]) == 1
    annotations = capsys.readouterr().out.splitlines()
    assert annotations == [
        "::error file=content/claims/homes-built.yaml,line=15,col=12,"
        "title=quote not found in seed 'beta'::quote not found in seed 'beta'%0A"
        'closest passage is p1: "An audit found 4,000 new homes were »built« in 2025, '
        'confirming the ministry\'s figure." (the quote has "razed")',
        "::error file=content/claims/typo.yaml,line=1,col=1,"
        "title=missing required field 'claim' in a card::"
        "missing required field 'claim' in a card",
        *annotations[2:],
    ]
    assert all(
        line.startswith("::error file=content/claims/typo.yaml,") for line in annotations[2:]
    )


def test_review_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["review", "--help"]) == 0
    assert "--base REF" in capsys.readouterr().out
