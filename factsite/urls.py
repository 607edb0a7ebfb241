"""The site's URLs: what a base URL may be."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit


def base_url_problem(text: str) -> str | None:
    """Return why text cannot be the URL a site is published at, or None if it can."""
    odd = next((ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] == "C"), None)
    if odd is not None:
        return f"holds {_named(odd)}; a base URL is one absolute http(s) URL"
    try:
        parts = urlsplit(text)
    except ValueError:
        return "is not a URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an absolute http(s) URL, such as https://example.org/checks"
    if parts.query or parts.fragment:
        return "has a query or fragment; a base URL is where the site's folder is published"
    return None


def _named(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")
