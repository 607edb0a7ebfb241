"""Formats diagnostics for people (compiler style) and for GitHub (workflow commands)."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Diagnostic


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Return diagnostics in reading order: by file, line, column; duplicates dropped."""
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.severity, d.message))


def format_text(diagnostic: Diagnostic) -> str:
    """Return `path:line:col: severity: message`, with the hint indented below it."""
    d = diagnostic
    line = f"{d.path}:{d.line}:{d.col}: {d.severity}: {d.message}"
    return f"{line}\n    {diagnostic.hint}" if diagnostic.hint else line


def format_github(diagnostic: Diagnostic) -> str:
    """Return a GitHub workflow command that annotates the diagnostic's own line."""
    properties = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", diagnostic.path),
            ("line", diagnostic.line),
            ("col", diagnostic.col),
            ("title", diagnostic.message),
        )
    )
    message = diagnostic.message + (f"\n{diagnostic.hint}" if diagnostic.hint else "")
    return f"::{diagnostic.severity} {properties}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary_line(diagnostics: list[Diagnostic]) -> str:
    """Return the closing count, e.g. `2 problems (1 error, 1 warning)`."""
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    total = len(diagnostics)
    return (
        f"{total} problem{'s' * (total != 1)} "
        f"({errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)})"
    )


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Tell whether any diagnostic fails the build."""
    return any(d.is_error for d in diagnostics)
