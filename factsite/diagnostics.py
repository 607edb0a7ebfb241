"""Formats diagnostics for people (compiler style) and for GitHub; words counts and lists alike."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .model import Diagnostic

# Characters a terminal acts on or draws as nothing: control codes (ANSI escapes, bells),
# format characters (bidi overrides, zero-width spaces, soft hyphens), line and paragraph
# separators, and the lone surrogates a file name that is not UTF-8 decodes to.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Return diagnostics in reading order: by file, line, column; duplicates dropped."""
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.severity, d.message))


def format_text(diagnostic: Diagnostic) -> str:
    """Return `path:line:col: severity: message`, with the hint indented below it."""
    d = diagnostic
    line = f"{visible(d.path)}:{d.line}:{d.col}: {d.severity}: {visible(d.message)}"
    return f"{line}\n    {visible(d.hint)}" if d.hint else line


def format_github(diagnostic: Diagnostic) -> str:
    """Return a GitHub workflow command that annotates the diagnostic's own line."""
    properties = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", visible(diagnostic.path)),
            ("line", diagnostic.line),
            ("col", diagnostic.col),
            ("title", visible(diagnostic.message)),
        )
    )
    message = visible(diagnostic.message)
    if diagnostic.hint:  # the one newline kept is the one that puts the hint below the message
        message += "\n" + visible(diagnostic.hint)
    return f"::{diagnostic.severity} {properties}::{_escape_data(message)}"


def visible(text: str) -> str:
    """Return text with every control, invisible or undecodable character written as an escape."""
    if text.isprintable():  # the common case, checked in C
        return text
    return "".join(_escape(char) if _hidden(char) else char for char in text)


def visible_lines(text: str) -> str:
    """Return text line by line as visible() writes each, its line breaks kept."""
    return "\n".join(map(visible, text.split("\n")))


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN_CATEGORIES


def _escape(char: str) -> str:
    """Return the escape Python's repr uses for the character: \\n, \\x1b, \\u202e, \\U000e0041."""
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary_line(diagnostics: list[Diagnostic]) -> str:
    """Return the closing count, e.g. `2 problems (1 error, 1 warning)`."""
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    return (
        f"{counted(len(diagnostics), 'problem')} "
        f"({counted(errors, 'error')}, {counted(warnings, 'warning')})"
    )


def clean_line(cards: int, seeds: int) -> str:
    """Return the closing line of a check that found nothing: `54 cards, 5 seeds: no problems`."""
    return f"{counted(cards, 'card')}, {counted(seeds, 'seed')}: no problems"


def counted(number: int, noun: str) -> str:
    """Return `1 card`, `2 cards`: the number and the noun, plural unless one."""
    return f"{number} {noun}{'s' * (number != 1)}"


def listed(items: Iterable[str]) -> str:
    """Return one or more items as a sentence lists them: `a`, `a and b`, `a, b and c`."""
    *rest, last = items
    return f"{', '.join(rest)} and {last}" if rest else last


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Tell whether any diagnostic fails the build."""
    return any(d.is_error for d in diagnostics)
