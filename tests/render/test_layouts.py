"""The layouts' contract: each gets a view and `site`, builds no URL and calls no Python."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

from factsite import pipeline
from factsite.render import plan
from factsite.render.jinja import make_environment
from factsite.speed import IdentityMemo, RememberedViews
from tests.sitetools import REPO, make_site

LAYOUTS = REPO / "layouts"
# What a layout may call: its macros, the blocks it fills (self.title()), and Jinja's own.
ALLOWED_CALLS = {"badge", "plural", "super", "caller", "loop"}


def layout_names() -> list[str]:
    return sorted(path.name for path in LAYOUTS.iterdir() if path.is_file())


def parsed(name: str) -> nodes.Template:
    env = make_environment({name: (LAYOUTS / name).read_text(encoding="utf-8")})
    return env.parse((LAYOUTS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", layout_names())
def test_no_layout_spells_out_the_url_scheme(name: str) -> None:
    text = (LAYOUTS / name).read_text(encoding="utf-8")
    assert [
        folder
        for folder in ("claims/", "sources/", "tags/", "corrections/", "confidence/")
        if folder in text
    ] == []


@pytest.mark.parametrize("name", layout_names())
def test_no_layout_calls_back_into_python(name: str) -> None:
    calls = []
    for call in parsed(name).find_all(nodes.Call):
        target = call.node
        if isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name):
            if target.node.name == "self":  # a block of the layout, rendered again
                continue
            calls.append(f"{target.node.name}.{target.attr}()")
        elif isinstance(target, nodes.Name) and target.name in ALLOWED_CALLS:
            continue
        else:
            calls.append(type(target).__name__)
    assert calls == []


def test_the_fixture_site_renders_every_layout_under_strict_undefined(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    outcome = pipeline.run(root)
    assert outcome.problems == []  # a name a view lacks would have failed its page
    site = outcome.site
    base = site.config.base_url
    views = RememberedViews(site, base, plan.site_view(site, base), IdentityMemo())
    planned = plan.plan_site(site, base, views)
    used = {spec.layout for spec in planned.pages if spec.layout}
    used |= {part.layout for spec in planned.pages for part in spec.parts.values()}
    env = jinja2.Environment()
    for name in sorted(used):
        referenced = meta.find_referenced_templates(env.parse((LAYOUTS / name).read_text()))
        used |= {layout for layout in referenced if layout is not None}  # None: a dynamic name
    assert sorted(used - {None}) == layout_names()
