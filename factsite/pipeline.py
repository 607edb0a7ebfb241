"""The stages in a row, as the commands run them: load and verify, then render or check."""

from __future__ import annotations

from pathlib import Path

from .load import load_site
from .model import Diagnostic, Site
from .render import render_site
from .sink import IgnoredPages
from .verify import verify_site


def load_and_verify(root: Path) -> tuple[Site, list[Diagnostic]]:
    """Run load and verify; return the site to publish and every problem found."""
    site, problems = load_site(root)
    site, found = verify_site(site)
    return site, [*problems, *found]


def layout_problems(site: Site, base_url: str | None = None) -> list[Diagnostic]:
    """Render every page and keep none; return the problems rendering met."""
    return render_site(site, IgnoredPages(), base_url)[1]


def check_site(root: Path, base_url: str | None = None) -> list[Diagnostic]:
    """Return every problem a build of the site would meet, writing nothing."""
    site, problems = load_and_verify(root)
    return [*problems, *layout_problems(site, base_url)]
