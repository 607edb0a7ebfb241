"""Reads the site's settings, content/site.yaml."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..model import (
    Diagnostic,
    SiteConfig,
)
from ..urls import base_url_problem
from .files import parse_file, stays_home
from .yamlread import (
    FileReport,
    as_text,
    fields,
)

SITE_REQUIRED = ("title", "base_url")

SITE_OPTIONAL = ("description", "language", "publisher", "repo_url")


def load_config(root: Path, diagnostics: list[Diagnostic]) -> SiteConfig:
    """Read content/site.yaml; report problems and fall back to a usable placeholder."""
    fallback = SiteConfig(title="Untitled", base_url="https://example.invalid")
    report = FileReport("content/site.yaml", diagnostics)
    if os.path.islink(os.path.join(root, "content")) and not stays_home(root, "content", report):
        return fallback
    node = parse_file(root, report, "site settings file is missing")
    values = fields(node, report, SITE_REQUIRED, SITE_OPTIONAL, "site settings") if node else None
    if values is None:
        return fallback
    text = {key: as_text(value, report, key) for key, value in values.items()}
    for key in ("base_url", "repo_url"):
        value = text.get(key)
        if value and not re.match(r"https?://[^/\s]+", value):
            report.error(values[key], f"{key} must be an http(s) URL; found {value!r}")
            text[key] = None
        elif value and (problem := base_url_problem(value)):  # a newline would end up in robots.txt
            report.error(values[key], f"{key} {problem}; found {value!r}")
            text[key] = None
    return SiteConfig(
        title=text.get("title") or fallback.title,
        base_url=(text.get("base_url") or fallback.base_url).rstrip("/"),
        description=text.get("description") or "",
        language=text.get("language") or "en",
        publisher=text.get("publisher") or "",
        repo_url=(text.get("repo_url") or "").rstrip("/"),
    )
