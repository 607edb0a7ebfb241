"""Reads the site's settings, content/site.yaml."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from ..model import (
    Diagnostic,
    SiteConfig,
)
from ..urls import base_url_problem
from .files import parse_file, stays_home
from .yamlread import (
    TEXT_TAG,
    FileReport,
    as_flag,
    as_text,
    describe,
    fields,
    node_text,
)

SITE_REQUIRED = ("title", "base_url")

SITE_OPTIONAL = (
    "description",
    "language",
    "publisher",
    "repo_url",
    "contact",
    "funding",
    "editor",
    "content_license",
    "claimants",
    "page_size",
    "feed_size",
    "search",
)

# Settings that are whole numbers, with the value used when the file leaves one out.
COUNT_SETTINGS: Mapping[str, int] = {
    "page_size": SiteConfig.page_size,
    "feed_size": SiteConfig.feed_size,
}
INT_TAG = "tag:yaml.org,2002:int"

CLAIMANT_TYPES = ("person", "organization")

# A name YAML reads as plain text in a flow mapping: it starts with a letter and holds no
# indicator characters; words YAML reads as yes/no or null are not such names.
_PLAIN_KEY = re.compile(r"[^\W\d_](?:[^:,\[\]{}#]*[^\s:,\[\]{}#])?")
_NOT_TEXT = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_WEB_URL = re.compile(r"https?://[^/\s]+")
# A count in decimal digits: YAML also reads 0x1F and 1_000 as whole numbers.
_DIGITS = re.compile(r"\+?[0-9]+")
# An address a mailto: link can carry: no spaces, brackets or quotes, a dotted domain.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


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
    text = {
        key: as_text(value, report, key)
        for key, value in values.items()
        if key not in ("claimants", "search") and key not in COUNT_SETTINGS
    }
    for key in ("base_url", "repo_url"):
        if text.get(key) and not _web_url_ok(values[key], text[key] or "", key, report):
            text[key] = None
    if text.get("contact") and not _contact_ok(values["contact"], text["contact"] or "", report):
        text["contact"] = None
    claimants = _claimants(values["claimants"], report) if "claimants" in values else {}
    search = as_flag(values["search"], report, "search") if "search" in values else None
    counts = {
        key: _count(values[key], report, key) if key in values else default
        for key, default in COUNT_SETTINGS.items()
    }
    return SiteConfig(
        title=text.get("title") or fallback.title,
        base_url=(text.get("base_url") or fallback.base_url).rstrip("/"),
        description=text.get("description") or "",
        language=text.get("language") or "en",
        publisher=text.get("publisher") or "",
        repo_url=(text.get("repo_url") or "").rstrip("/"),
        contact=text.get("contact") or "",
        funding=text.get("funding") or "",
        editor=text.get("editor") or "",
        content_license=text.get("content_license") or "",
        claimants=claimants,
        page_size=counts["page_size"] or SiteConfig.page_size,
        feed_size=counts["feed_size"] or SiteConfig.feed_size,
        search=SiteConfig.search if search is None else search,
    )


def _web_url_ok(node: Node, value: str, key: str, report: FileReport) -> bool:
    """Tell whether a setting is one absolute http(s) URL; report it when it is not."""
    if not _WEB_URL.match(value):
        report.error(node, f"{key} must be an http(s) URL; found {value!r}")
        return False
    if problem := base_url_problem(value):  # a newline would end up in robots.txt
        report.error(node, f"{key} {problem}; found {value!r}")
        return False
    return True


def _contact_ok(node: Node, value: str, report: FileReport) -> bool:
    """Tell whether contact is an email address or an http(s) URL; report it when not."""
    if _EMAIL.fullmatch(value) or (_WEB_URL.match(value) and not base_url_problem(value)):
        return True
    report.error(
        node,
        f"contact must be an email address or an http(s) URL; found {value!r}",
        "write the address alone (contact: desk@example.org) or a web page "
        "(contact: https://example.org/contact)",
    )
    return False


def _count(node: Node, report: FileReport, key: str) -> int | None:
    """Return a positive whole number written in digits; report anything else."""
    value = node.value if isinstance(node, ScalarNode) else None
    if not isinstance(value, str):
        report.error(node, f"{key} must be a positive whole number; found {describe(node)}")
        return None
    if node.tag == INT_TAG and _DIGITS.fullmatch(value) and int(value) > 0:
        return int(value)
    if node.tag == TEXT_TAG:
        quoted = _DIGITS.fullmatch(value) and int(value) > 0
        hint = f"write it without quotes: {key}: {value}" if quoted else ""
        report.error(node, f"{key} must be a positive whole number; found {value!r}", hint)
    else:  # a number that is not whole or not positive, a yes/no value, null
        shown = value or describe(node)
        report.error(node, f"{key} must be a positive whole number; found {shown}")
    return None


def _claimants(node: Node, report: FileReport) -> dict[str, str]:
    """Return each claimant's name with its type; report a bad mapping, name or type."""
    if not isinstance(node, MappingNode):
        report.error(
            node,
            f"claimants must be a mapping of names to person or organization, "
            f"found {describe(node)}",
            "write one claimant a line, e.g. claimants: {Anthropic: organization}",
        )
        return {}
    found: dict[str, str] = {}
    for key, value in node.value:
        if not isinstance(key, ScalarNode) or key.tag != TEXT_TAG:
            shown = node_text(key)
            message = f"claimant names must be text, found {describe(key)}: {shown}"
            report.error(key, message, f'quote it: "{shown}": organization')
            continue
        name = as_text(key, report, "claimant name")
        kind = as_text(value, report, f"claimant {name!r}") if name is not None else None
        if name is None or kind is None:
            continue
        if kind not in CLAIMANT_TYPES:
            report.error(
                value,
                f"claimant {name!r} must be person or organization; found {kind!r}",
                f"a claimant is a person or an organization: {{{yaml_key(name)}: organization}}",
            )
            continue
        found[name] = kind
    return found


def yaml_key(name: str) -> str:
    """Return the name as it may be written as a YAML key: plain if it can be, else quoted."""
    plain = _PLAIN_KEY.fullmatch(name) and name.lower() not in _NOT_TEXT
    return name if plain else json.dumps(name, ensure_ascii=False)
