"""The story overview links every card whose articles differ in detail, and only real cards.

The overview (content/pages/overview.md, published at overview/) is where a reader learns
that "0 disputed" does not mean the coverage agrees. Every card tagged `differs-in-detail`
must be linked from it, and every card it links must exist and be published. Links are
read from the Markdown as the site's renderer parses it, and resolved from the page's own
folder, so `../claims/<slug>/` and `../claims/<slug>/index.html` both count and a link that
would not work on the built site does not.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

import build

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "content" / "claims"
OVERVIEW = ROOT / "content" / "pages" / "overview.md"
OVERVIEW_PATH = "overview/index.html"  # where the page is published, from the site's root
TAG = "differs-in-detail"
CLAIM_LINK = re.compile(r"claims/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?")


def link_targets(markdown: str) -> list[str]:
    """Return the href of every link in a Markdown text, in order."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    found: list[str] = []
    for token in md.parse(markdown):
        for child in token.children or ():
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
    return found


def linked_claims(markdown: str, page_path: str = OVERVIEW_PATH) -> set[str]:
    """Return the card slugs a page links to, resolving each link from the page's folder."""
    slugs = set()
    for href in link_targets(markdown):
        target = href.split("#", 1)[0].split("?", 1)[0]
        if not target or "://" in target or target.startswith(("/", "mailto:")):
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), target))
        if target.endswith("/"):
            resolved += "/"
        if match := CLAIM_LINK.fullmatch(resolved):
            slugs.add(match.group(1))
    return slugs


def load_cards(folder: Path = CLAIMS) -> dict[str, dict[str, Any]]:
    """Return every card of a claims folder by slug (its file stem)."""
    cards = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cards[path.stem] = data if isinstance(data, dict) else {}
    return cards


def overview_problems(markdown: str, cards: dict[str, dict[str, Any]]) -> list[str]:
    """Say which tagged cards the overview misses, and which links lead to no published card."""
    linked = linked_claims(markdown)
    problems = []
    for slug, card in sorted(cards.items()):
        tags = card.get("tags") or []
        if TAG in tags and not card.get("draft") and slug not in linked:
            problems.append(f"card {slug!r} is tagged {TAG!r} but the overview does not link it")
    for slug in sorted(linked):
        if slug not in cards:
            problems.append(f"the overview links claims/{slug}/, but no such card exists")
        elif cards[slug].get("draft"):
            problems.append(f"the overview links claims/{slug}/, a draft that is never published")
    return problems


def test_the_overview_exists_with_its_title() -> None:
    text = OVERVIEW.read_text(encoding="utf-8")
    assert text.startswith("# "), "the overview must start with its '# Title' line"


def test_every_card_that_differs_in_detail_is_linked_and_every_link_is_a_card() -> None:
    problems = overview_problems(OVERVIEW.read_text(encoding="utf-8"), load_cards())
    assert not problems, "\n".join(problems)


def test_the_overview_links_some_cards() -> None:
    """A page that lost its links would pass the check above only while no card is tagged."""
    assert len(linked_claims(OVERVIEW.read_text(encoding="utf-8"))) >= 10


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("See [card](../claims/a-b/index.html).", {"a-b"}),
        ("See [card](../claims/a-b/).", {"a-b"}),
        ("See [card](../claims/a-b/index.html#p3).", {"a-b"}),
        # From overview/, these do not lead to claims/a-b/ on the built site.
        ("See [card](claims/a-b/index.html).", set()),
        ("See [card](../../claims/a-b/).", set()),
        ("See [card](https://example.org/claims/a-b/).", set()),
        # Text that only looks like a link target is not a link.
        ("The folder `../claims/a-b/` holds it.", set()),
    ],
)
def test_links_are_resolved_as_the_built_site_would(markdown: str, expected: set[str]) -> None:
    assert linked_claims(markdown) == expected


def test_the_check_catches_a_tagged_card_left_out_and_a_link_to_no_card() -> None:
    cards: dict[str, dict[str, Any]] = {
        "linked": {"tags": [TAG]},
        "missing": {"tags": ["figures", TAG]},
        "untagged": {"tags": ["figures"]},
        "draft": {"tags": [TAG], "draft": True},
    }
    page = "[a](../claims/linked/index.html) [b](../claims/gone/index.html)"
    assert overview_problems(page, cards) == [
        f"card 'missing' is tagged {TAG!r} but the overview does not link it",
        "the overview links claims/gone/, but no such card exists",
    ]
    assert overview_problems("[d](../claims/draft/)", cards)[-1].endswith("never published")


def test_the_built_overview_links_resolve(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build.main(["--root", str(ROOT), "build", "--out", str(out)]) == 0
    page = out / OVERVIEW_PATH
    html = page.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"#?]*)[^"]*"', html)
    claims = [h for h in hrefs if "claims/" in h and "://" not in h]
    assert claims, "the built overview links no claim page"
    for href in claims:
        target = (page.parent / href).resolve()
        if target.is_dir():
            target = target / "index.html"
        assert target.is_file(), f"overview/ links {href}, which the build did not write"
