"""Site settings: who publishes the site, how to reach it, who funds it, and its claimants."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from factsite.load.settings import load_config
from factsite.model import Diagnostic, SiteConfig
from factsite.preview import SiteBuilder
from tests.sitetools import edit, make_site, tree_bytes

SITE = "content/site.yaml"

# Each setting a reader relies on, the fixture's line for it, and the warning without it.
UNSET = {
    "publisher": (
        "publisher: Fixture Desk\n",
        "content/site.yaml:1:1: warning: publisher is not set; "
        "readers need to know who publishes the site",
        "    add to content/site.yaml: "
        "publisher: <the organisation or person who publishes the site>",
    ),
    "contact": (
        "contact: desk@example.org\n",
        "content/site.yaml:1:1: warning: contact is not set; readers need a way to reach the desk",
        "    add to content/site.yaml: "
        "contact: <an email address, or the https URL of a contact page>",
    ),
    "funding": (
        "funding: The fixture desk is unfunded.\n",
        "content/site.yaml:1:1: warning: funding is not set; "
        "readers need to know who funds the site",
        "    add to content/site.yaml: "
        "funding: <in a sentence or two, who funds the site, or that it is unfunded>",
    ),
    "repo_url": (
        "repo_url: https://github.com/example/fixture\n",
        "content/site.yaml:1:1: warning: repo_url is not set; "
        "claim pages have no link to propose a correction",
        "    add to content/site.yaml: repo_url: <the https URL of the site's public repository>",
    ),
}


def load(root: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    """Return the settings as loaded, and the problems found reading them."""
    found: list[Diagnostic] = []
    return load_config(root, found), found


def test_the_settings_load_into_the_site_config(tmp_path: Path) -> None:
    config, found = load(make_site(tmp_path))
    assert found == []
    assert config.publisher == "Fixture Desk"
    assert (config.contact, config.funding, config.editor) == (
        "desk@example.org",
        "The fixture desk is unfunded.",
        "Fixture Editor",
    )
    assert config.claimants == {"Housing ministry": "organization"}


def test_a_complete_site_yaml_builds_without_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build.main(["--root", str(make_site(tmp_path)), "build"]) == 0
    assert "warning" not in capsys.readouterr().err


@pytest.mark.parametrize("setting", list(UNSET))
def test_each_unset_setting_gives_its_warning_and_the_build_succeeds(
    setting: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line, warning, hint = UNSET[setting]
    root = make_site(tmp_path)
    edit(root, SITE, line, "")
    assert build.main(["--root", str(root), "build"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[:3] == [warning, hint, "1 problem (0 errors, 1 warning)"]


def test_check_build_and_the_preview_warn_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    for line, _, _ in UNSET.values():
        edit(root, SITE, line, "")
    assert build.main(["--root", str(root), "check"]) == 0
    checked = capsys.readouterr().err.splitlines()
    assert checked[-1] == "4 problems (0 errors, 4 warnings)"
    warnings = sorted(warning for _, warning, _ in UNSET.values())  # one place: by message
    assert [line for line in checked if ": warning: " in line] == warnings
    assert build.main(["--root", str(root), "build"]) == 0
    assert capsys.readouterr().err.splitlines()[: len(checked)] == checked
    previewed = SiteBuilder(root, tmp_path / "preview").build_all()
    assert previewed.ok
    shown = [f"{d.path}:{d.line}:{d.col}: {d.severity}: {d.message}" for d in previewed.problems]
    assert shown == warnings


def test_editor_may_be_left_out_without_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    edit(root, SITE, "editor: Fixture Editor\n", "")
    assert build.main(["--root", str(root), "build"]) == 0
    assert "warning" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "contact",
    ["desk@example.org", "corrections+site@news.example.co.uk", "https://example.org/contact"],
)
def test_contact_is_an_email_address_or_a_web_address(contact: str, tmp_path: Path) -> None:
    root = make_site(tmp_path)
    edit(root, SITE, "contact: desk@example.org", f"contact: {contact}")
    config, found = load(root)
    assert found == []
    assert config.contact == contact


def test_without_repo_url_no_page_links_to_a_repository(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    edit(root, SITE, UNSET["repo_url"][0], "")
    assert build.main(["--root", str(root), "build"]) == 0
    pages = tree_bytes(root / "_site")
    assert all(b"github.com" not in text for text in pages.values())
    claim = pages["claims/homes-built/index.html"].decode()
    assert "Propose a correction" not in claim and "Source repository" not in claim


def test_a_change_to_the_claimants_rechecks_every_card_in_the_preview(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    assert builder.build_all().ok
    edit(root, SITE, "  Housing ministry: organization\n", "  Housing ministry: person\n")
    assert builder.rebuild([SITE]).ok  # still declared: the card still verifies
    edit(root, SITE, "  Housing ministry: person\n", "  Treasury: person\n")
    undeclared = builder.rebuild([SITE])
    assert [(d.path, d.line, d.col, d.message) for d in undeclared.problems] == [
        (
            "content/claims/homes-built.yaml",
            3,
            11,
            "claimant 'Housing ministry' is not listed in content/site.yaml claimants",
        )
    ]
    edit(root, SITE, "  Treasury: person\n", "  Housing ministry: organization\n")
    assert builder.rebuild([SITE]).problems == []
