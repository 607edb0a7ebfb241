"""Who publishes the site: every page's footer says what the settings give, and no more."""

from __future__ import annotations

from pathlib import Path

import build
from tests.pagetools import elements, parse_html
from tests.sitetools import edit, make_site


def footer_terms(site: Path, page: str = "index.html") -> dict[str, str]:
    dom = parse_html((site / page).read_bytes())
    terms = {}
    for block in elements(dom, "dl"):
        if block.get("class") == "publisher":
            for pair in block:
                dt, dd = list(pair)
                terms["".join(dt.itertext())] = "".join(dd.itertext())
    return terms


def test_the_footer_names_the_editor_contact_funding_and_licence(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    edit(root, "content/site.yaml", "editor:", "content_license: CC BY 4.0\neditor:")
    assert build.main(["--root", str(root), "build"]) == 0
    for page in ("index.html", "claims/homes-built/index.html", "404.html"):
        assert footer_terms(root / "_site", page) == {
            "Editor": "Fixture Editor",
            "Contact": "desk@example.org",
            "Funding": "The fixture desk is unfunded.",
            "Content licence": "CC BY 4.0",
        }
    assert 'href="mailto:desk@example.org"' in (root / "_site/index.html").read_text()


def test_a_contact_page_is_linked_as_it_is(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    edit(root, "content/site.yaml", "desk@example.org", "https://desk.example/contact")
    assert build.main(["--root", str(root), "build"]) == 0
    assert 'href="https://desk.example/contact"' in (root / "_site/index.html").read_text()


def test_settings_left_out_are_left_out_of_the_footer(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    for line in ("contact: desk@example.org\n", "funding: The fixture desk is unfunded.\n"):
        edit(root, "content/site.yaml", line, "")
    assert build.main(["--root", str(root), "build"]) == 0  # warned of, never made up
    assert footer_terms(root / "_site") == {"Editor": "Fixture Editor"}
    edit(root, "content/site.yaml", "editor: Fixture Editor\n", "")
    assert build.main(["--root", str(root), "build"]) == 0
    assert footer_terms(root / "_site") == {}
