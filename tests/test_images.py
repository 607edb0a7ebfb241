"""Markdown images come only from the site itself: nothing a reader opens loads another host."""

from __future__ import annotations

from pathlib import Path

import pytest

from factsite.markup import find_images, off_site_images, page_image_problems
from factsite.preview import SiteBuilder
from tests.sitetools import make_site

CARD = "content/claims/homes-built.yaml"


@pytest.mark.parametrize(
    "url", ["logo.png", "./img/logo.png", "../logo.png", "/logo.png", "img/a%20b.png", "#x"]
)
def test_an_image_from_the_site_itself_is_allowed(url: str) -> None:
    assert find_images(f"Our logo: ![logo]({url})")[0].url == url
    assert off_site_images(f"Our logo: ![logo]({url})") == []


@pytest.mark.parametrize(
    "url",
    [
        "https://tracker.example/p.png?reader=1",
        "HTTP://tracker.example/p.png",
        "//tracker.example/p.png",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
    ],
)
def test_an_image_with_a_scheme_or_a_host_is_not_the_sites(url: str) -> None:
    assert [image.url for image in off_site_images(f"See ![p]({url}) here.")] == [url]


def test_an_image_by_reference_is_placed_where_it_is_shown() -> None:
    text = "# Title\n\nIntro.\n\nThe chart ![chart][c] again.\n\n[c]: https://cdn.example/c.png\n"
    problems = page_image_problems("content/pages/about.md", text)
    assert [(d.line, d.col, d.message) for d in problems] == [
        (5, 11, "page loads an image from another host: https://cdn.example/c.png")
    ]


def test_images_in_lists_quotes_and_tables_are_each_found_on_their_line() -> None:
    text = "- item ![a](https://a.example/a.png)\n\n> ![b](x.png) ![b](//b.example/b.png)\n\n"
    text += "| a |\n|---|\n| ![c](https://c.example/c.png) |\n"
    assert [(i.line, i.col) for i in off_site_images(text)] == [(1, 8), (3, 15), (7, 3)]


def test_an_image_inside_another_images_text_loads_nothing() -> None:
    # The inner image becomes the outer one's alt text; only the outer one is fetched.
    assert [i.url for i in find_images("![![in](https://in.example/i.png)](out.png)")] == [
        "out.png"
    ]


def test_a_very_long_image_url_is_shortened_in_the_message() -> None:
    (problem,) = page_image_problems("p.md", f"# T\n\n![x](data:image/png;base64,{'A' * 500})\n")
    assert problem.message.startswith("page shows an image that is not one of the site's files: ")
    assert problem.message.endswith("A…")
    assert len(problem.message) < 200


def test_the_preview_refuses_an_image_from_another_host_as_the_build_does(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    builder = SiteBuilder(root, tmp_path / "out")
    assert builder.build_all().ok
    card = root / CARD
    text = card.read_text(encoding="utf-8")
    card.write_text(
        text.replace("give **4,000** homes.", "give ![x](https://t.example/x.png) homes."),
        encoding="utf-8",
    )
    report = builder.rebuild([CARD])
    assert [(d.path, d.line, d.col, d.message) for d in report.problems if d.is_error] == [
        (CARD, 8, 10, "summary loads an image from another host: https://t.example/x.png")
    ]
