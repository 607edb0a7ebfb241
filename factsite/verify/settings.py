"""Checks the settings a site is built with: what readers miss when the desk leaves one out."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Diagnostic, SiteConfig

SETTINGS = "content/site.yaml"

# What a reader misses when the desk leaves a setting out (IFCN asks for each): the build
# warns, and never makes one up. Each is a message and the line that would set it.
UNSET_WARNINGS: Mapping[str, tuple[str, str]] = {
    "publisher": (
        "publisher is not set; readers need to know who publishes the site",
        "publisher: <the organisation or person who publishes the site>",
    ),
    "contact": (
        "contact is not set; readers need a way to reach the desk",
        "contact: <an email address, or the https URL of a contact page>",
    ),
    "funding": (
        "funding is not set; readers need to know who funds the site",
        "funding: <in a sentence or two, who funds the site, or that it is unfunded>",
    ),
    "repo_url": (
        "repo_url is not set; claim pages have no link to propose a correction",
        "repo_url: <the https URL of the site's public repository>",
    ),
}


def unset_settings(config: SiteConfig) -> list[Diagnostic]:
    """Warn of each publisher setting the site is built without (IFCN asks for each).

    Judged on the settings as the build uses them, so one given on the command line
    (--repo-url) counts as given.
    """
    return [
        Diagnostic.warning(SETTINGS, message, f"add to {SETTINGS}: {hint}")
        for key, (message, hint) in UNSET_WARNINGS.items()
        if not getattr(config, key)
    ]
