"""Hostile text in every card field, seed and setting comes out inert in every page and file.

The fixture tests/fixtures/hostile puts script elements, event-handler attributes,
`javascript:` and `data:` links, raw HTML in Markdown and `</script>` (which would end a
JSON-LD block) into every field a reader or a machine sees.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

import build
from tests.pagetools import XHTML, elements, html_pages, json_ld, parse_html
from tests.sitetools import edit, make_site

SAFE_SCRIPTS = ("application/ld+json",)
FORBIDDEN_TAGS = ("iframe", "img", "svg", "object", "embed", "b")
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
# The fields newer than the fixture, as hostile as the rest of it.
VERDICT = "verdict: \"<script>alert('verdict')</script>\"\n"
CORRECTIONS = (
    "corrections:\n  - date: 2026-03-02\n"
    "    note: \"[undo](javascript:alert('correction')) <img src=x onerror=alert(2)>\"\n"
)
# base.html's one inline script, which marks the page as scripted before the first paint.
SCRIPTED_MARK = 'document.documentElement.classList.add("js");'
SEED_FIELDS = (
    "  label: \"<svg onload=alert('label')>\"\n  origins: [\"<script>alert('origin')</script>\"]\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("hostile"), "hostile")
    card = "content/claims/attack.yaml"
    edit(root, card, "confidence: low", VERDICT + "confidence: low")
    with (root / card).open("a", encoding="utf-8") as out:
        out.write(CORRECTIONS)
    edit(root, "seeds/sources.yaml", "  publisher:", SEED_FIELDS + "  publisher:")
    assert build.main(["--root", str(root), "build"]) == 0
    return root / "_site"


def test_no_page_runs_or_embeds_anything_from_content(site: Path) -> None:
    for page in html_pages(site):
        dom = parse_html((site / page).read_bytes())
        for script in elements(dom, "script"):
            assert (
                script.get("type") in SAFE_SCRIPTS
                or script.get("src", "").endswith(("filter.js", "search.js"))
                or (script.text or "") == SCRIPTED_MARK
            ), f"{page}: a script element came from content"
        for tag in FORBIDDEN_TAGS:
            assert elements(dom, tag) == [], f"{page}: <{tag}> came from content"


def test_no_element_carries_an_event_handler_or_an_unsafe_link(site: Path) -> None:
    for page in html_pages(site):
        for element in parse_html((site / page).read_bytes()).iter():
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), f"{page}: {element.tag} {name}"
                if name in ("href", "src", "cite", "action"):
                    assert not value.strip().lower().startswith(UNSAFE_SCHEMES), f"{page}: {value}"


def test_hostile_text_is_shown_as_text(site: Path) -> None:
    dom = parse_html((site / "claims/attack/index.html").read_bytes())
    heading = "".join(elements(dom, "h1")[0].itertext())
    assert heading == (
        "Officials wrote </script><script>alert('claim')</script> <img src=x onerror=alert(1)>."
    )
    quoted = [
        "".join(e.itertext()) for e in elements(dom, "blockquote") if e.tag == XHTML + "blockquote"
    ]
    assert "Officials wrote </script><script>alert('passage')</script> in the memo" in quoted[0]


def test_json_ld_still_parses_and_keeps_the_text_exactly(site: Path) -> None:
    page = (site / "claims/attack/index.html").read_text(encoding="utf-8")
    (review,) = json_ld(parse_html(page.encode()))
    claim = review["itemReviewed"]
    assert isinstance(claim, dict)
    assert claim["author"] == {"@type": "Organization", "name": "\"><svg onload=alert('claimant')>"}
    assert str(review["claimReviewed"]).startswith("Officials wrote </script><script>")
    # The seed's only address is a javascript: URL: it is never offered as where it appears.
    assert "appearance" not in claim
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block


def test_feed_and_claims_json_parse_with_the_text_intact(site: Path) -> None:
    feed = ElementTree.parse(site / "feed.xml").getroot()
    title = feed.findtext("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title")
    assert title is not None and "<script>alert('claim')</script>" in title
    document = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    assert document["claims"][0]["claimant"] == "\"><svg onload=alert('claimant')>"
    assert document["seeds"]["attack"]["url"] is None


def test_markdown_keeps_safe_links_and_drops_unsafe_ones(site: Path) -> None:
    dom = parse_html((site / "claims/attack/index.html").read_bytes())
    hrefs = [a.get("href", "") for a in elements(dom, "a")]
    assert "https://example.org/ok" in hrefs
    summary = "".join(next(e for e in elements(dom, "div") if e.get("class") == "prose").itertext())
    assert "<script>alert('summary')</script>" in summary


def test_the_verdict_correction_label_and_origin_are_shown_as_text(site: Path) -> None:
    claim = parse_html((site / "claims/attack/index.html").read_bytes())
    shown = {e.get("class"): "".join(e.itertext()) for e in elements(claim, "p")}
    assert shown["verdict-text"] == "<script>alert('verdict')</script>"
    assert shown["lines"].endswith(": <script>alert('origin')</script>")
    assert shown["source-title"] == "<svg onload=alert('label')>"
    corrections = parse_html((site / "corrections/index.html").read_bytes())
    (note,) = [e for e in elements(corrections, "p") if e.get("class") == "correction-note"]
    # An unsafe link is left as the Markdown it was written in: text, not a link.
    assert "".join(note.itertext()) == (
        "[undo](javascript:alert('correction')) <img src=x onerror=alert(2)>"
    )
