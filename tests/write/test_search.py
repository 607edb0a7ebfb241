"""The search index: written with the site, of claim pages only, the same bytes every build."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import pytest

import build
from factsite import search
from factsite.preview import SiteBuilder
from tests.sitetools import REPO, edit, make_site, tree_bytes

CARD = "content/claims/homes-built.yaml"
MISSING = "search index not built: pagefind is not installed; run pip install -r requirements.txt"
# Pagefind's fragments: gzip around a signature, then the page's record as JSON.
SIGNATURE = b"pagefind_dcd"


def built(root: Path, out: Path | None = None) -> Path:
    """Build the site (into root/_site unless told); return the output folder."""
    target = out or root / "_site"
    assert build.main(["--root", str(root), "build", "--out", str(target)]) == 0
    return target


def fragments(site: Path) -> list[dict[str, object]]:
    """Return the record of each page the index holds, as Pagefind wrote it."""
    records = []
    for path in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE)
        records.append(json.loads(data[len(SIGNATURE) :]))
    return records


def claim_pages(site: Path) -> list[str]:
    return sorted(f"/{p.relative_to(site).as_posix()}" for p in site.glob("claims/*/index.html"))


def error_lines(stderr: str) -> list[str]:
    """Return what the command printed as errors: one line each, never a traceback."""
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.startswith("build.py: error:")]


def no_pagefind(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the pagefind[bin] package look uninstalled: importing it fails."""
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)


def test_the_build_writes_the_index_beside_the_pages(tmp_path: Path) -> None:
    site = built(make_site(tmp_path))
    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-entry.json").is_file()
    assert list((bundle / "index").glob("*.pf_index"))
    assert not (bundle / "pagefind-ui.js").exists()  # the site has its own search box


def test_only_claim_pages_are_indexed_each_with_its_confidence(tmp_path: Path) -> None:
    site = built(make_site(tmp_path))
    records = fragments(site)
    assert sorted(str(r["url"]) for r in records) == claim_pages(site) != []
    meta = {str(r["url"]): r["meta"] for r in records}
    assert meta["/claims/homes-built/index.html"] == {
        "title": "The ministry says 4,000 new homes were built in 2025.",
        "confidence": "high",
        "confidence_label": "High confidence",
    }
    text = next(
        str(r["content"]) for r in records if r["url"] == "/claims/planned-homes/index.html"
    )
    # The claim, the reasoning and each quoted passage are searchable ...
    assert "counts homes that were only planned" in text
    assert "did not cover rural districts" in text
    # ... not the navigation, the rubric, the sources' boilerplate nor the footer.
    for boilerplate in ("Skip to content", "means:", "Show the quote", "Propose a correction"):
        assert boilerplate not in text
    assert "Atom feed" not in text


def test_two_builds_of_the_same_site_are_byte_identical_index_included(tmp_path: Path) -> None:
    first = built(REPO, tmp_path / "first")
    second = built(REPO, tmp_path / "second")
    one, two = tree_bytes(first), tree_bytes(second)
    assert any(path.startswith("pagefind/fragment/") for path in one)
    assert one.keys() == two.keys()
    assert [path for path in one if one[path] != two[path]] == []


def test_a_site_without_claims_builds_without_an_index(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    for card in (root / "content" / "claims").glob("*.yaml"):
        card.unlink()
    assert not (built(root) / "pagefind").exists()


def test_a_missing_pagefind_fails_the_build_in_one_line_and_keeps_the_last_good_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    good = tree_bytes(built(root))
    edit(root, CARD, "4,000 new homes", "4,000 new houses")
    no_pagefind(monkeypatch)
    capsys.readouterr()
    assert build.main(["--root", str(root), "build"]) == 3
    site = root / "_site"
    assert error_lines(capsys.readouterr().err) == [
        f"build.py: error: cannot write the site to {site}: {MISSING}"
    ]
    assert tree_bytes(root / "_site") == good
    assert [p.name for p in root.iterdir() if p.name.startswith("._site.")] == []


def test_a_failing_pagefind_is_one_line_naming_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pagefind_bin  # type: ignore[import-untyped]

    broken = tmp_path / "pagefind"
    broken.write_text(
        "#!/bin/sh\necho 'Running Pagefind'\necho 'Error: disk on fire' >&2\nexit 7\n"
    )
    os.chmod(broken, 0o755)
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: broken)
    root = make_site(tmp_path)
    assert build.main(["--root", str(root), "build"]) == 3
    assert error_lines(capsys.readouterr().err) == [
        f"build.py: error: cannot write the site to {root / '_site'}: search index not built: "
        "pagefind exited with status 7: Error: disk on fire"
    ]
    assert not (root / "_site").exists()


def test_check_never_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    no_pagefind(monkeypatch)
    assert build.main(["--root", str(root), "check"]) == 0
    assert not (root / "_site").exists()


def test_the_preview_indexes_again_only_when_a_claim_page_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    assert builder.build_all().ok
    runs: list[Path] = []
    index = search.bundle_files

    def counted(site: Path) -> dict[str, bytes]:
        runs.append(site)
        return index(site)

    monkeypatch.setattr(search, "bundle_files", counted)
    edit(root, "static/style.css", "}", "}\n")
    assert builder.rebuild(["static/style.css"]).ok
    assert runs == []  # no page the index holds changed
    edit(root, CARD, "4,000 new homes", "4,000 new houses")
    report = builder.rebuild([CARD])
    assert report.ok and runs == [out]
    assert tree_bytes(out) == tree_bytes(built(root, tmp_path / "clean"))
    assert "new houses" in json.dumps(fragments(out))


def test_the_preview_reports_a_missing_pagefind_and_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    assert builder.build_all().ok
    edit(root, CARD, "4,000 new homes", "4,000 new houses")
    no_pagefind(monkeypatch)
    report = builder.rebuild([CARD])
    assert report.write_error == f"cannot write the site to {out}: {MISSING}"
    monkeypatch.undo()
    assert builder.rebuild([CARD]).ok
    assert tree_bytes(out) == tree_bytes(built(root, tmp_path / "clean"))


def test_a_site_without_search_has_no_box_no_script_and_no_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    with (root / "content/site.yaml").open("a", encoding="utf-8") as settings:
        settings.write("search: false\n")
    no_pagefind(monkeypatch)  # nor does its build need Pagefind
    site = built(root)
    assert not (site / "pagefind").exists()
    for page in ("index.html", "claims/homes-built/index.html", "sources/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "site-search" not in html and "search.js" not in html
    monkeypatch.undo()
    assert "site-search" in (built(make_site(tmp_path / "on")) / "index.html").read_text()


def test_search_turned_off_and_on_in_the_preview_leaves_what_a_clean_build_makes(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    out = tmp_path / "preview"
    builder = SiteBuilder(root, out)
    assert builder.build_all().ok
    settings = "content/site.yaml"
    with (root / settings).open("a", encoding="utf-8") as file:
        file.write("search: false\n")
    assert builder.rebuild([settings]).ok
    assert not (out / "pagefind").exists()
    assert tree_bytes(out) == tree_bytes(built(root, tmp_path / "clean-off"))
    edit(root, settings, "search: false", "search: true")
    assert builder.rebuild([settings]).ok
    assert tree_bytes(out) == tree_bytes(built(root, tmp_path / "clean-on"))
