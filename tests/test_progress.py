"""Progress on long builds: on a terminal, the stage and its count; elsewhere, nothing extra."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import build
from factsite import commands
from tests.sitetools import make_site


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def build_on(stream: io.StringIO, root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.setattr(sys, "stderr", stream)
    assert build.main(["--root", str(root), "build", *args]) == 0
    return stream.getvalue()


def test_a_build_on_a_terminal_shows_its_stages_and_pages_then_clears_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commands.TerminalProgress, "DELAY", 0.0)
    monkeypatch.setattr(commands.TerminalProgress, "EVERY", 0.0)
    shown = build_on(Terminal(), make_site(tmp_path), monkeypatch)
    lines = shown.split("\r\x1b[K")
    assert "reading…" in lines
    assert "verifying…" in lines
    assert any(line.startswith("rendering 1 of ") for line in lines)
    assert "writing…" in lines
    assert lines[-1].startswith("built ")  # the line is cleared before the result


def test_a_quick_build_shows_no_progress_even_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = build_on(Terminal(), make_site(tmp_path), monkeypatch)
    assert "\r" not in shown
    assert shown.startswith("built ")


@pytest.mark.parametrize(
    ("stream", "args"),
    [(io.StringIO(), ()), (Terminal(), ("--format", "github"))],
    ids=["not a terminal", "github annotations"],
)
def test_no_progress_where_a_program_reads_the_output(
    stream: io.StringIO,
    args: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(commands.TerminalProgress, "DELAY", 0.0)
    shown = build_on(stream, make_site(tmp_path), monkeypatch, *args)
    assert "\r" not in shown and "…" not in shown
