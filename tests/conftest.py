"""Shared fixtures: a headless Chromium for browser tests, skipped only outside CI, and a
build cache of each test's own."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Flags that keep Chromium off the network and quiet on a machine without a display.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def build_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep each test's build cache in a folder of its own, never the user's cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("FACTSITE_CACHE", str(folder))
    return folder


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the golden files under tests/goldens/ from the current output",
    )


def chromium_path() -> str | None:
    """Return the system Chromium's path, or None when it is not installed."""
    found = next((p for p in CHROMIUM_PATHS if os.access(p, os.X_OK)), None)
    return found or shutil.which("chromium")


def skip_without_browser(reason: str) -> None:
    """Skip a browser test locally; under CI=true a missing browser fails instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Yield a headless Chromium driven by Playwright, shared by the session's tests."""
    path = chromium_path()
    if path is None:
        skip_without_browser("no Chromium at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_without_browser("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
