"""Helpers for tests that read built pages: parse HTML5 strictly, list links, serve a folder."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import html5lib

XHTML = "{http://www.w3.org/1999/xhtml}"
LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"))


def parse_html(data: bytes) -> ElementTree.Element:
    """Return the page's DOM; raise if the HTML5 parser reports any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(data)


def elements(dom: ElementTree.Element, tag: str) -> list[ElementTree.Element]:
    """Return every element of one tag name."""
    return list(dom.iter(XHTML + tag))


def links(dom: ElementTree.Element) -> list[str]:
    """Return every URL the page links to or loads (href and src)."""
    return [
        url
        for tag, attribute in LINK_ATTRIBUTES
        for element in elements(dom, tag)
        if (url := element.get(attribute)) is not None
    ]


def ids(dom: ElementTree.Element) -> set[str]:
    """Return every element id on the page."""
    return {element.get("id", "") for element in dom.iter()} - {""}


def json_ld(dom: ElementTree.Element) -> list[dict[str, object]]:
    """Return the parsed JSON-LD blocks of a page."""
    return [
        json.loads(script.text or "")
        for script in elements(dom, "script")
        if script.get("type") == "application/ld+json"
    ]


def is_internal(url: str) -> bool:
    """Tell whether a URL points inside the site (relative, no scheme or host)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def resolve(site: Path, page: str, url: str) -> tuple[Path, str]:
    """Return the file a relative URL on `page` leads to, and its element id."""
    parts = urlsplit(url)
    target = (site / page).parent / unquote(parts.path) if parts.path else site / page
    anchor = unquote(parts.fragment.split(":~:", 1)[0])
    return target.resolve(), anchor


def html_pages(site: Path) -> list[str]:
    """Return every HTML file of a built site, relative to it."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep test output clean."""


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve a folder over HTTP on 127.0.0.1 at a free port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
