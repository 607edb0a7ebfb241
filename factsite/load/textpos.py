"""Places and characters in YAML text: lines and columns as YAML counts them, escapes read.

The loader's diagnostics point at the very character at fault (a control character inside
a quoted scalar, a byte the reader refused); this finds it and names it.
"""

from __future__ import annotations

import re
import unicodedata

import yaml
from yaml.nodes import ScalarNode

from ..model import Pos

# Characters no text field may hold: C0 controls but tab and newline, DEL, C1 controls, and
# the bidirectional embeddings, overrides and isolates that can make text read otherwise.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
    "ESC", "FS", "GS", "RS", "US",  # C0, U+0000 to U+001F
    "PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU",
    "RI", "SS2", "SS3", "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI",
    "SCI", "CSI", "ST", "OSC", "PM", "APC",  # C1, U+0080 to U+009F
)  # fmt: skip
# What each double-quoted escape stands for (YAML 1.1), to find the escape behind a character.
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}  # fmt: skip
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # as YAML counts lines


def mark_pos(text: str, mark: yaml.Mark | None) -> Pos | None:
    """Return a PyYAML mark as a 1-based position inside the text."""
    return inside_text(text, Pos(mark.line + 1, mark.column + 1)) if mark else None


def char_index(text: str, position: int, character: int | str) -> int:
    """Return the text index of a reader error (libyaml counts UTF-8 bytes, PyYAML characters)."""
    code = character if isinstance(character, int) else ord(character)
    in_chars = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
    for index in (in_chars, position):
        if index < len(text) and ord(text[index]) == code:
            return index
    return min(position, len(text))


def text_pos(text: str, index: int) -> Pos:
    """Return the 1-based line and column of a text index, counting lines as YAML does."""
    before = text[:index]
    breaks = list(_LINE_BREAK.finditer(before))
    line_start = breaks[-1].end() if breaks else 0
    return Pos(len(breaks) + 1, index - line_start + 1)


def unacceptable(character: int | str) -> str:
    """Name a character the YAML reader refused, saying whether it is a control character."""
    code = character if isinstance(character, int) else ord(character)
    kind = "control character" if unicodedata.category(chr(code)) == "Cc" else "character"
    return f"{kind} {describe_char(chr(code))}"


def describe_char(char: str) -> str:
    """Name a character by its code point and name, e.g. `U+0007 (BEL)`."""
    code = ord(char)
    if code < 0x20:
        name = _CONTROL_NAMES[code]
    elif 0x7F <= code <= 0x9F:
        name = "DEL" if code == 0x7F else _CONTROL_NAMES[code - 0x80 + 0x20]
    else:
        name = unicodedata.name(char, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def inside_text(text: str, pos: Pos) -> Pos:
    """Clamp a position to the text: at end of input libyaml may point past the last line."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if pos.line <= len(lines):
        return pos
    return Pos(max(1, len(lines)), len(lines[-1]) + 1 if lines else 1)


def source_index(text: str, node: ScalarNode, char: str) -> int | None:
    """Return where a scalar's text first holds the character, raw or as an escape."""
    start = node.start_mark.index
    source = text[start : node.end_mark.index]
    at = 0
    while at < len(source):
        if source[at] == "\\" and node.style == '"':
            meaning, length = _escape(source, at)
            if meaning == char:
                return start + at
            at += length
        elif source[at] == char:
            return start + at
        else:
            at += 1
    return None


def _escape(source: str, at: int) -> tuple[str, int]:
    """Return what the escape at `at` of double-quoted text stands for, and its length."""
    letter = source[at + 1 : at + 2]
    digits = _HEX_ESCAPES.get(letter)
    if digits is not None:
        try:
            return chr(int(source[at + 2 : at + 2 + digits], 16)), 2 + digits
        except ValueError:
            return "", 2
    return _ESCAPES.get(letter, letter), 2
