"""Incremental rebuilds: after any edit the output equals a clean build, byte for byte."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import build
from factsite import urls
from factsite.load import site_part
from factsite.preview import SiteBuilder
from factsite.render import plan
from factsite.render.machine import JsonDocuments, dump_json
from factsite.render.views import Link, PageView
from factsite.review.checks import check_problems
from tests.sitetools import REPO, edit, make_site, record_digests, tree_bytes, write_files

NEW_CARD = """\
claim: The ministry says its figure is a record.
confidence: low
reviewed: 2026-03-01
tags: [records]
summary: Only the ministry's own statement says so.
sources:
  - seed: alpha
    quote: "4,000 “new” homes were built in 2025, a record"
    stance: supports
"""

# A correction is a review: it comes with the review date it was made on.
CORRECTED = "reviewed: 2026-03-10\ncorrections:\n  - date: 2026-03-10\n    note: Gave 400.\n"
ORIGINS = "  note: Summarises the audit office's report.\n"
ORIGINS_NEW = ORIGINS + "  label: Audit coverage\n  origins: [Audit office]\n"
OVERVIEW = "# The story so far\n\nWhat the articles agree on.\n"


def clean_build(root: Path, out: Path) -> dict[str, bytes]:
    """Return the tree a from-scratch `build.py build` writes for the site as it stands."""
    assert build.main(["--root", str(root), "build", "--out", str(out)]) == 0
    return tree_bytes(out)


def mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


@dataclass(frozen=True)
class Edit:
    """A save in an editor: `old` becomes `new` once in the file at `path`.

    With `old` None, `new` is added at the end of the file, which need not exist yet; with
    `new` None, the file is deleted. `path` is what the preview's watcher reports.
    """

    name: str
    path: str
    old: str | None
    new: str | None

    def apply(self, root: Path) -> list[str]:
        """Make the edit; return the paths the watcher reports (a seed is archived anew)."""
        self._write(root)
        if self.path.startswith("seeds/") and self.path.endswith(".txt"):
            record_digests(root)  # a new version of a seed comes with its digest
            return [self.path, "seeds/sources.yaml"]
        return [self.path]

    def _write(self, root: Path) -> None:
        file = root / self.path
        if self.new is None:
            file.unlink()
        elif self.old is None:
            file.parent.mkdir(parents=True, exist_ok=True)
            with file.open("ab") as out:
                out.write(self.new.encode("utf-8"))
        else:
            edit(root, self.path, self.old, self.new)


HOMES = "content/claims/homes-built.yaml"
PAGED = "page_size: 1\nfeed_size: 1\n"  # every listing a card a page, the feed one card
EDITS = [
    Edit("listings paged and the feed cut", "content/site.yaml", None, PAGED),
    Edit("card edited", HOMES, "4,000 new homes", "4,000 new houses"),
    Edit("confidence changed, so every tally", HOMES, "confidence: high", "confidence: moderate"),
    Edit(
        "review date changed, so the order", HOMES, "reviewed: 2026-02-01", "reviewed: 2026-03-09"
    ),
    Edit("correction added", HOMES, "reviewed: 2026-03-09\n", CORRECTED),
    Edit("card added", "content/claims/a-record.yaml", None, NEW_CARD),
    Edit("card deleted", "content/claims/planned-homes.yaml", None, None),
    Edit("seed edited", "seeds/alpha.txt", "The ministry", "Filed on 9 January.\n\nThe ministry"),
    Edit(
        "seed metadata edited", "seeds/sources.yaml", "Audit report coverage", "The audit, reported"
    ),
    Edit("seed origins edited, so its cards' lines", "seeds/sources.yaml", ORIGINS, ORIGINS_NEW),
    Edit("layout edited", "layouts/base.html", "<main id=", "<!-- preview -->\n<main id="),
    Edit("static file changed", "static/style.css", None, "\n/* print tweaks */\n"),
    Edit("static file added", "static/img/logo.svg", None, "<svg/>"),
    Edit("page edited", "content/pages/methodology.md", "# ", "# How we check: "),
    Edit("overview added, so the index's link", "content/pages/overview.md", None, OVERVIEW),
    Edit("settings edited", "content/site.yaml", "Fixture Fact Desk", "Fixture Desk Checks"),
    Edit("tag dropped with its page", "content/claims/a-record.yaml", "tags: [records]\n", ""),
    Edit("listings whole again, so their later pages go", "content/site.yaml", PAGED, ""),
]


def test_a_series_of_edits_gives_the_same_tree_as_a_clean_build(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    assert builder.build_all().ok
    assert tree_bytes(out) == clean_build(root, tmp_path / "clean-0")
    for step, change in enumerate(EDITS, 1):
        report = builder.rebuild(change.apply(root))
        assert report.ok, (change.name, report.problems)
        assert tree_bytes(out) == clean_build(root, tmp_path / f"clean-{step}"), change.name
    assert not (out / "claims/planned-homes").exists()
    assert not (out / "tags/records").exists()
    assert not (out / "page").exists()
    assert (out / "img/logo.svg").read_bytes() == b"<svg/>"


@dataclass(frozen=True)
class ClaimantsView(PageView):
    """A page kind the generator does not have: the claims of each claimant."""

    claimants: tuple[tuple[str, tuple[Link, ...]], ...]


CLAIMANTS_LAYOUT = """{% extends "base.html" %}
{% block main %}
{% for claimant, claims in page.claimants %}
<h2>{{ claimant }}</h2>
{% for claim in claims %}<p><a href="{{ page.root }}{{ claim.path }}">{{ claim.text }}</a></p>
{% endfor %}
{% endfor %}
{% endblock %}
"""


def claimant_pages(planning: plan.Planning) -> list[plan.PageSpec]:
    """Plan the new page: one planner function, its view and its layout are all it takes."""
    by_claimant: dict[str, list[Link]] = {}
    for card in planning.cards:
        link = Link(card.claim, urls.claim_page(card.slug))
        by_claimant.setdefault(card.claimant or "the desk", []).append(link)
    path = "claimants/index.html"
    claimants = tuple((name, tuple(links)) for name, links in sorted(by_claimant.items()))
    view = ClaimantsView(
        path, urls.root_of(path), urls.absolute(planning.base_url, path), claimants
    )
    return [plan.PageSpec(path, "claimants.html", view)]


def test_a_new_kind_of_page_is_rebuilt_after_every_edit_like_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan, "PAGE_PLANNERS", [*plan.PAGE_PLANNERS, claimant_pages])
    root = make_site(tmp_path)
    (root / "layouts/claimants.html").write_text(CLAIMANTS_LAYOUT, encoding="utf-8")
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    assert builder.build_all().ok
    for step, change in enumerate(EDITS, 1):
        assert builder.rebuild(change.apply(root)).ok, change.name
        assert tree_bytes(out) == clean_build(root, tmp_path / f"clean-{step}"), change.name
    page = (out / "claimants/index.html").read_text(encoding="utf-8")
    assert "4,000 new houses" in page and "<h2>Housing ministry</h2>" in page


def test_edits_to_the_real_site_give_the_same_tree_as_a_clean_build(tmp_path: Path) -> None:
    root = tmp_path / "real"
    for folder in ("content", "layouts", "static", "seeds"):
        shutil.copytree(REPO / folder, root / folder)
    builder = SiteBuilder(root, tmp_path / "preview")
    assert builder.build_all().ok
    changes = [
        ("content/claims/qwen-lab-link.yaml", "Alibaba's Qwen AI lab", "the Qwen lab at Alibaba"),
        ("content/claims/qwen-lab-link.yaml", "verdict: >-\n  ", "verdict: >-\n  In short: "),
        ("content/claims/accounts-25000.yaml", "tags: [figures, accounts, ", "tags: [figures, "),
        ("seeds/sources.yaml", '  title: "Anthropic alleges', '  title: "Anthropic says'),
    ]
    for rel, old, new in changes:
        edit(root, rel, old, new)
        assert builder.rebuild([rel]).ok
    (root / "content/claims/industrial-scale.yaml").unlink()
    assert builder.rebuild(["content/claims/industrial-scale.yaml"]).ok
    assert tree_bytes(tmp_path / "preview") == clean_build(root, tmp_path / "clean")


def test_claim_edits_to_two_cards_in_turn_list_both_as_they_now_read(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    builder.build_all()
    homes, planned = "content/claims/homes-built.yaml", "content/claims/planned-homes.yaml"
    edit(root, homes, "4,000 new homes", "4,000 new houses")  # the claim as listed
    assert builder.rebuild([homes]).ok
    edit(root, planned, "Critics say so;", "Critics say so, and")  # not listed: indexes kept
    assert builder.rebuild([planned]).ok
    edit(root, planned, "Critics say the figure", "Critics claim the figure")
    assert builder.rebuild([planned]).ok
    assert tree_bytes(out) == clean_build(root, tmp_path / "clean")
    assert "4,000 new houses" in (out / "index.html").read_text(encoding="utf-8")


def test_a_rebuild_rewrites_only_the_files_whose_bytes_changed(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    builder.build_all()
    before, stamps = tree_bytes(out), mtimes(out)
    edit(root, "content/claims/homes-built.yaml", "give **4,000** homes", "give 4,000 homes")
    report = builder.rebuild(["content/claims/homes-built.yaml"])
    after, touched = tree_bytes(out), mtimes(out)
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {path for path in touched if touched[path] != stamps[path]}
    assert report.files_written == len(changed) > 0
    assert "claims/homes-built/index.html" in changed
    assert "index.html" not in changed


def test_a_page_whose_bytes_change_but_not_their_size_is_written_again(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    builder.build_all()
    page = "claims/homes-built/index.html"
    for old, new in (("4,000 new homes", "5,000 new homes"), ("5,000", "6,000")):
        before = tree_bytes(out)
        edit(root, "content/claims/homes-built.yaml", old, new)
        report = builder.rebuild(["content/claims/homes-built.yaml"])
        after = tree_bytes(out)
        changed = {path for path in {*before, *after} if after.get(path) != before.get(path)}
        assert len(after[page]) == len(before[page]) and page in changed
        assert report.files_written == len(changed)
        assert after == clean_build(root, tmp_path / "clean")


def test_a_summary_edit_renders_only_the_pages_that_show_the_summary(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    everything = builder.build_all().pages_rendered
    edit(root, "content/claims/planned-homes.yaml", "Critics say so;", "Critics say so, and")
    report = builder.rebuild(["content/claims/planned-homes.yaml"])
    # Its claim page, the feed and claims.json; not the listings, not its seeds' pages.
    assert report.pages_rendered == 3 < everything


def test_a_claim_edit_renders_only_the_indexes_that_list_the_card(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    builder.build_all()
    edit(root, "content/claims/homes-built.yaml", "4,000 new homes", "4,000 new houses")
    report = builder.rebuild(["content/claims/homes-built.yaml"])
    # index, confidence/high, tags/housing, tags/figures; not confidence/disputed and the
    # other empty levels. Then its claim page, the pages of the two seeds it cites, the
    # feed and claims.json; not the sitemap nor sources/, which show no claim text.
    assert report.pages_rendered == 4 + 1 + 2 + 2


def test_an_unchanged_save_renders_and_writes_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    builder.build_all()
    report = builder.rebuild(["content/claims/homes-built.yaml", "seeds/beta.txt"])
    assert (report.pages_rendered, report.files_written) == (0, 0)


def test_a_broken_card_leaves_the_output_untouched_until_it_is_fixed(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    builder.build_all()
    good = tree_bytes(out)
    card = "content/claims/homes-built.yaml"
    edit(root, card, 'quote: "4,000 new homes', 'quote: "4,000 new flats')
    broken = builder.rebuild([card])
    assert not broken.ok
    assert [(d.path, d.line, d.message) for d in broken.problems if d.is_error] == [
        (card, 15, "quote not found in seed 'beta'")
    ]
    assert broken.files_written == 0
    assert tree_bytes(out) == good
    edit(root, card, 'quote: "4,000 new flats', 'quote: "4,000 new homes')
    edit(root, card, "reviewed: 2026-02-01", "reviewed: 2026-02-03")
    fixed = builder.rebuild([card])
    assert fixed.ok and fixed.problems == []
    assert tree_bytes(out) == clean_build(root, tmp_path / "clean")


def test_a_broken_layout_is_reported_at_its_line_and_its_fix_restores_the_site(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    builder.build_all()
    good = tree_bytes(out)
    edit(root, "layouts/claim.html", "{% block main %}", "{% block main %}{% if %}")
    broken = builder.rebuild(["layouts/claim.html"])
    assert {(d.path, d.message) for d in broken.problems} == {
        (
            "layouts/claim.html",
            "layout syntax: Expected an expression, got 'end of statement block'",
        )
    }
    assert tree_bytes(out) == good
    edit(root, "layouts/claim.html", "{% block main %}{% if %}", "{% block main %}")
    assert builder.rebuild(["layouts/claim.html"]).ok
    assert tree_bytes(out) == good


def test_a_seed_edit_verifies_the_cards_that_cite_it_again(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    builder.build_all()
    edit(root, "seeds/beta.txt", "did not cover rural districts", "covered rural districts")
    report = builder.rebuild(["seeds/beta.txt"])
    assert [(d.path, d.line, d.message) for d in report.problems] == [
        ("content/claims/planned-homes.yaml", 15, "quote not found in seed 'beta'"),
        (
            "seeds/beta.txt",
            1,
            "archived text changed: seeds/beta.txt no longer matches the sha256 recorded "
            "in seeds/sources.yaml",
        ),
    ]


@pytest.mark.parametrize(
    ("old", "new", "uncited"),
    [
        # The card now names alpha alone (and fails: its quotes are beta's), so beta is uncited.
        ("seed: beta", "seed: alpha", ["seed 'beta' is cited by no card"]),
        # A quote beta lacks: the card fails verification, yet it still names beta.
        ("did not cover rural districts", "covered every district", []),
    ],
)
def test_uncited_seed_warnings_follow_card_edits_as_a_check_finds_them(
    tmp_path: Path, old: str, new: str, uncited: list[str]
) -> None:
    root = make_site(tmp_path)
    edit(root, "content/claims/homes-built.yaml", "  - seed: beta\n", "  - seed: alpha\n")
    builder = SiteBuilder(root, tmp_path / "preview")
    assert builder.build_all().problems == check_problems(root)  # homes-built now fails
    card = root / "content/claims/planned-homes.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    report = builder.rebuild(["content/claims/planned-homes.yaml"])
    assert report.problems == check_problems(root)
    assert [d.message for d in report.problems if d.severity == "warning"] == uncited


def test_a_first_build_with_errors_writes_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    write_files(root, {"content/claims/homes-built.yaml": "claim: [unclosed\n"})
    out = tmp_path / "preview"
    report = SiteBuilder(root, out).build_all()
    assert not report.ok
    assert report.problems[0].path == "content/claims/homes-built.yaml"
    assert not out.exists()


def test_a_stray_file_in_the_claims_folder_is_reported_and_its_removal_clears_it(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "preview")
    builder.build_all()
    write_files(root, {"content/claims/notes.txt": "draft"})
    report = builder.rebuild(["content/claims/notes.txt"])
    assert [d.message for d in report.problems] == [
        "unexpected file in content/claims/; expected <name>.yaml"
    ]
    (root / "content/claims/notes.txt").unlink()
    assert builder.rebuild(["content/claims/notes.txt"]).problems == []


def test_a_rebuild_before_any_build_builds_everything(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    report = SiteBuilder(root, tmp_path / "preview").rebuild(["content/claims/homes-built.yaml"])
    assert report.ok
    assert tree_bytes(tmp_path / "preview") == clean_build(root, tmp_path / "clean")


def test_rebuild_reports_its_counts_and_time(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    report = SiteBuilder(root, tmp_path / "preview").build_all()
    assert report.ok and report.pages_rendered > 0 and report.elapsed_ms > 0
    assert report.files_written == len(tree_bytes(tmp_path / "preview"))


@pytest.mark.parametrize(
    ("path", "part"),
    [
        ("content/claims/x.yaml", "content/claims/x.yaml"),
        ("content/site.yaml", "content/site.yaml"),
        ("content/pages/about.md", "content/pages"),
        ("seeds/alpha.txt", "seeds"),
        ("layouts/base.html", "layouts"),
        ("static/css/site.css", "static"),
        ("content/claims", ""),
        ("seeds", ""),
        ("_site/index.html", None),
        ("README.md", None),
    ],
)
def test_each_changed_path_names_the_part_of_the_site_it_touches(
    path: str, part: str | None
) -> None:
    assert site_part(path) == part


@pytest.mark.parametrize(
    "document",
    [
        {
            "claims": [
                {"slug": "a", "spans": [[0, 4]], "note": None, "tags": [], "meta": {}},
                {"slug": "b", "text": "“curly” é </script>\nline", "n": 2.5, "ok": True},
            ],
            "seeds": {"s1": {"title": "T", "passages": 3}},
            "empty": {},
        },
        {1: "a", "b": {2: [1, [], [{}]]}},
        [{"a": 1}, [{"a": 1}], "x"],
        "just text",
    ],
)
def test_json_documents_come_out_as_a_full_build_writes_them(document: object) -> None:
    documents = JsonDocuments()
    assert documents.dump(document) == dump_json(document)
    assert documents.dump(document) == dump_json(document)  # again, from memory
