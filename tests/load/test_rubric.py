"""The rubric's words (content/rubric.yaml): read by the load stage, shown where readers see them.

The bad-input table holds the file's errors (unknown, missing or empty words); these tests hold
what a good file does: the real site's file gives today's words, a reworded file reaches every
page that shows them, a site without the file keeps the built-in words, and a rubric edit is a
change the preview and the build cache see.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

import build
from factsite.load import changed_parts, read_site, site_part
from factsite.load.rubric import RUBRIC_FILE
from factsite.model import BUILTIN_WORDS, CONFIDENCE_LEVELS, STANCES, RubricWords, Site
from factsite.preview import SiteBuilder
from factsite.render import Renderer, plan
from factsite.render.cardviews import Views
from factsite.render.jinja import make_environment
from tests.bad_inputs import GOOD_RUBRIC
from tests.sitetools import REPO, make_site, tree_bytes, verified_site, write_files

# GOOD_RUBRIC reworded, its levels and stances in another order than the build's.
REWORDED = """\
stances:
  context: Background to the claim
  contradicts: Speaks against the claim
  supports: Backs the claim
levels:
  disputed: {name: Contested, label: Contested rating, meaning: One source says otherwise.,
             rating: Contested in the coverage}
  low: {name: Weak, label: Weak rating, meaning: One line only., rating: Thin coverage}
  moderate: {name: Fair, label: Fair rating, meaning: A second line agrees., rating: Partial}
  high: {name: Strong, label: Strong rating, meaning: Two lines agree., rating: Well covered}
"""


class Pages(dict[str, str]):
    """A sink that keeps each rendered page's text, by its path."""

    def put(self, path: str, pieces: Iterable[str]) -> None:
        self[path] = "".join(pieces)


def rendered(site: Site) -> Pages:
    """Return every layout-made page of a verified site, rendered without a disk."""
    base = site.config.base_url
    shared = plan.site_view(site, base)
    planned = plan.plan_site(site, base, Views(site, base, shared))
    renderer = Renderer(make_environment(site.layouts), shared, {})
    pages = Pages()
    for spec in planned.pages:
        if not spec.writer:
            assert renderer.page(spec, pages) == []
    return pages


def reworded_site(tmp_path: Path) -> Site:
    """Return the fixture site as verified, with the reworded rubric's words as loaded."""
    root = make_site(tmp_path)
    write_files(root, {RUBRIC_FILE: REWORDED})
    loaded = read_site(root)
    assert loaded.diagnostics() == []
    site, problems = verified_site(root)
    assert [p for p in problems if p.is_error] == []
    return dataclasses.replace(site, rubric=loaded.rubric)


def test_a_site_without_the_file_has_the_built_in_words(tmp_path: Path) -> None:
    loaded = read_site(make_site(tmp_path))
    assert loaded.rubric is BUILTIN_WORDS
    assert loaded.problems[RUBRIC_FILE] == ()


def test_the_real_sites_file_words_the_rubric_as_the_built_in_words_do() -> None:
    # So the real site's pages read as they did before the words moved to content/rubric.yaml.
    loaded = read_site(REPO)
    assert loaded.problems[RUBRIC_FILE] == ()
    assert loaded.rubric == BUILTIN_WORDS


def test_the_words_are_read_in_the_builds_order_whatever_the_files(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    write_files(root, {RUBRIC_FILE: REWORDED})
    words = read_site(root).rubric
    assert [w.level for w in words.levels] == list(CONFIDENCE_LEVELS)
    assert [w.stance for w in words.stances] == list(STANCES)
    assert words.level("high").label == "Strong rating"
    assert words.level("disputed").rating == "Contested in the coverage"
    assert words.stance("supports") == "Backs the claim"
    assert words.labels == {
        "high": "Strong rating",
        "moderate": "Fair rating",
        "low": "Weak rating",
        "disputed": "Contested rating",
    }


def test_the_bad_input_tables_good_file_loads_cleanly(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    write_files(root, {RUBRIC_FILE: GOOD_RUBRIC})
    loaded = read_site(root)
    assert loaded.diagnostics() == []
    assert loaded.rubric.level("moderate") == dataclasses.replace(
        BUILTIN_WORDS.level("moderate"), meaning="Two.", rating="Partly."
    )


def test_a_file_with_an_error_falls_back_whole_to_the_built_in_words(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    write_files(root, {RUBRIC_FILE: REWORDED.replace("supports: Backs the claim", 'supports: ""')})
    loaded = read_site(root)
    assert [d.message for d in loaded.diagnostics()] == ["stance 'supports' is empty"]
    assert loaded.rubric is BUILTIN_WORDS  # never half one desk's words, half the built-in


def test_a_rubric_edit_is_its_own_part_of_the_site(tmp_path: Path) -> None:
    assert site_part(RUBRIC_FILE) == RUBRIC_FILE
    assert changed_parts([RUBRIC_FILE, "content/rubric.schema.json"]) == {RUBRIC_FILE}
    root = make_site(tmp_path)
    before = read_site(root)
    write_files(root, {RUBRIC_FILE: REWORDED})
    after = read_site(root, [RUBRIC_FILE], before)
    assert after.rubric.level("high").name == "Strong"
    # Only the rubric is read again: the rest of the site is the very objects already read.
    assert (after.config, after.seeds, after.pages) == (before.config, before.seeds, before.pages)
    assert after.config is before.config and after.seeds is before.seeds


def test_every_page_shows_the_sites_words(tmp_path: Path) -> None:
    pages = rendered(reworded_site(tmp_path))
    claim = pages["claims/homes-built/index.html"]
    assert '<span class="badge badge-high">Strong rating</span>' in claim
    assert "<strong>Strong</strong> means: Two lines agree." in claim
    assert '<span class="stance-label">Backs the claim</span>' in claim
    assert '"alternateName": "Well covered"' in claim  # ClaimReview's textual rating
    index = pages["index.html"]
    assert "Strong rating <span" in index and '<p class="rubric">Two lines agree.</p>' in index
    assert '<span class="badge badge-disputed">Contested rating</span>' in index  # listed card
    assert "<strong>1</strong> <span>contested</span>" in index  # the tally
    assert '<input type="radio" name="level" value="moderate"> Fair</label>' in index
    level = pages["confidence/low/index.html"]
    assert "<h1>Claims rated weak rating</h1>" in level
    assert "<title>Weak rating · " in level
    assert "(Speaks against the claim; contested rating)" in pages["sources/beta/index.html"]
    feed = pages["feed.xml"]
    assert 'label="Strong rating"/>' in feed and "&lt;p&gt;Contested rating.&lt;/p&gt;" in feed


def test_no_page_keeps_a_built_in_word_once_the_site_rewords_them(tmp_path: Path) -> None:
    pages = rendered(reworded_site(tmp_path))
    builtin = [w.label for w in BUILTIN_WORDS.levels] + [w.label for w in BUILTIN_WORDS.stances]
    builtin += [w.meaning for w in BUILTIN_WORDS.levels] + [w.rating for w in BUILTIN_WORDS.levels]
    left = {
        (path, word)
        for path, text in pages.items()
        for word in builtin
        if re.search(re.escape(word), text, re.IGNORECASE)
    }
    assert left == set()


def test_a_page_shows_the_rubric_where_its_placeholder_line_is(tmp_path: Path) -> None:
    site = reworded_site(tmp_path)
    page = dataclasses.replace(
        site.pages[0], body="How we rate.\n\n<!-- rubric -->\n\nAnd *why*.\n"
    )
    pages = rendered(dataclasses.replace(site, pages=(page,)))
    text = pages["methodology/index.html"]
    table = text.index('<table class="rubric-levels">')
    assert text.index("<p>How we rate.</p>") < table < text.index("<p>And <em>why</em>.</p>")
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td></tr>", text)
    assert rows == [
        ('<span class="badge badge-high">Strong rating</span>', "Two lines agree."),
        ('<span class="badge badge-moderate">Fair rating</span>', "A second line agrees."),
        ('<span class="badge badge-low">Weak rating</span>', "One line only."),
        (
            '<span class="badge badge-disputed">Contested rating</span>',
            "One source says otherwise.",
        ),
    ]
    assert "rubric --" not in text


def test_a_page_without_the_placeholder_shows_no_rubric(tmp_path: Path) -> None:
    pages = rendered(reworded_site(tmp_path))
    assert "rubric-levels" not in pages["methodology/index.html"]


@pytest.mark.parametrize("language", ["en", "fr", "pt-BR"])
def test_the_pages_language_follows_the_setting_and_dates_stay_iso(
    tmp_path: Path, language: str
) -> None:
    root = make_site(tmp_path)
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8").replace("language: en", f"language: {language}"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert build.main(["--root", str(root), "build", "--out", str(out)]) == 0
    for page in ("index.html", "claims/homes-built/index.html", "methodology/index.html"):
        assert f'<html lang="{language}">' in (out / page).read_text(encoding="utf-8")
    assert f'xml:lang="{language}"' in (out / "feed.xml").read_text(encoding="utf-8")
    # Dates are YYYY-MM-DD in every language: unambiguous, and no locale data needed.
    claim = (out / "claims/homes-built/index.html").read_text(encoding="utf-8")
    assert 'Reviewed <time datetime="2026-02-01">2026-02-01</time>' in claim


def test_a_built_site_shows_its_files_words(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    write_files(root, {RUBRIC_FILE: REWORDED})
    out = tmp_path / "out"
    assert build.main(["--root", str(root), "build", "--out", str(out)]) == 0
    claim = (out / "claims/homes-built/index.html").read_text(encoding="utf-8")
    assert '<span class="badge badge-high">Strong rating</span>' in claim


def test_a_rubric_edit_in_the_preview_gives_a_clean_builds_pages(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    assert builder.build_all().ok
    edits = (REWORDED, REWORDED.replace("Strong rating", "Solid rating"), None)  # None: deleted
    for step, text in enumerate(edits):
        if text is None:
            (root / RUBRIC_FILE).unlink()
        else:
            write_files(root, {RUBRIC_FILE: text})
        assert builder.rebuild([RUBRIC_FILE]).ok
        clean = tmp_path / f"clean-{step}"
        assert build.main(["--root", str(root), "build", "--no-cache", "--out", str(clean)]) == 0
        assert tree_bytes(tmp_path / "preview") == tree_bytes(clean)


def test_rubric_words_compare_and_hash_by_value() -> None:
    # Views hold them, and the preview tells a changed page by comparing views.
    copy = RubricWords(BUILTIN_WORDS.levels, BUILTIN_WORDS.stances)
    assert copy == BUILTIN_WORDS and hash(copy) == hash(BUILTIN_WORDS)
