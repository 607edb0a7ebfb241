"""The site's URL scheme, once: where each page is published, and how pages link to it.

A page's *path* is its output file relative to the site's root (`claims/x/index.html`).
Links between pages are relative (`root` + path), so a site works at a domain's root,
under a sub-path and opened from disk; absolute URLs (canonical, feed, JSON-LD) join a
path to the base URL.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

INDEX = "index.html"
SOURCES_INDEX = "sources/index.html"
CORRECTIONS = "corrections/index.html"
FEED = "feed.xml"
CLAIMS_JSON = "claims.json"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
# Pagefind's search script, in the bundle it writes beside the pages (factsite/search.py).
SEARCH_INDEX = "pagefind/pagefind.js"


def claim_page(slug: str) -> str:
    """Return the path of a card's claim page."""
    return f"claims/{slug}/index.html"


def seed_page(seed_id: str) -> str:
    """Return the path of a seed's page."""
    return f"sources/{seed_id}/index.html"


def tag_page(tag: str) -> str:
    """Return the path of the listing of a tag's cards."""
    return f"tags/{tag}/index.html"


def level_page(level: str) -> str:
    """Return the path of the listing of one confidence level's cards."""
    return f"confidence/{level}/index.html"


def listing_page(first: str, number: int) -> str:
    """Return the path of page `number` of the listing whose first page is at `first`.

    Page 1 keeps the listing's own path; page N is `<listing>/page/N/` (Hugo's scheme).
    """
    if number == 1:
        return first
    return f"{first.removesuffix(INDEX)}page/{number}/{INDEX}"


def content_page(slug: str) -> str:
    """Return the path of a page of content/pages."""
    return f"{slug}/index.html"


def root_of(path: str) -> str:
    """Return the prefix that leads from a page back to the site's root (`../../`)."""
    return "../" * path.count("/")


def absolute(base_url: str, path: str) -> str:
    """Return a page's absolute URL, without the trailing index.html."""
    return f"{base_url}/{path.removesuffix(INDEX)}"


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


def contact_link(contact: str) -> str:
    """Return the link of the desk's contact: a web address as it is, an email as mailto:."""
    if not contact or contact.startswith(("https://", "http://")):
        return contact
    return f"mailto:{contact}"
