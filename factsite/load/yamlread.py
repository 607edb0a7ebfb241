"""Reads YAML safely into position-keeping nodes and converts them to typed values."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from datetime import date

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..model import Diagnostic, Pos, Severity
from .textpos import (
    CONTROL,
    char_index,
    describe_char,
    mark_pos,
    source_index,
    text_pos,
    unacceptable,
)

try:
    # The C loader composes ~10x faster than the pure-Python one and keeps the same marks.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

TEXT_TAG = "tag:yaml.org,2002:str"  # text, however written: plain, quoted or a block
_PLAIN_TAGS = {
    TEXT_TAG: "text",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a yes/no value",
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:seq": "a list",
    "tag:yaml.org,2002:map": "a mapping",
}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Syntax errors of a construct left open, reported where it opens: the parser notices only
# where the text stops making sense, often lines later or at the end of the file.
_OPENERS = ("quoted scalar", "flow sequence", "flow mapping", "simple key")
_NOT_CLOSED = ("did not find expected", "could not find expected", "end of stream", "separator")


# Plain scalars already resolved, by text: keys, levels, stances and dates recur in every card.
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 50_000


class _Loader(_SafeLoader):
    """The safe loader, resolving tags faster: the C parser calls back here for every node."""

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        """Do nothing: the safe loader has no path resolvers to track."""

    def ascend_resolver(self) -> None:
        """Do nothing: the safe loader has no path resolvers to track."""

    def resolve(self, kind: type[Node], value: object, implicit: tuple[bool, bool]) -> str:
        """Return the same tag as the safe loader, remembering those of short plain scalars."""
        if kind is not ScalarNode or not isinstance(value, str):
            return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
        if not implicit[0]:  # quoted or block text is text
            return TEXT_TAG
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
            if len(value) <= 32 and len(_RESOLVED) < _RESOLVED_MAX:
                _RESOLVED[value] = tag
        return tag


def pos_of(node: Node) -> Pos:
    """Return a node's start as a 1-based position (PyYAML marks count from 0)."""
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


class FileReport:
    """Collects the diagnostics of one file, so converters can report and carry on."""

    def __init__(self, path: str, diagnostics: list[Diagnostic]) -> None:
        self.path = path
        self.diagnostics = diagnostics
        self.text = ""  # the file's text once parsed, to point inside its scalars

    def errors_since(self, count: int) -> bool:
        """Tell whether an error was reported after the first `count` diagnostics."""
        if len(self.diagnostics) == count:  # the common case, for every field of every card
            return False
        return any(d.is_error for d in self.diagnostics[count:])

    def add(self, severity: Severity, at: Node | Pos, message: str, hint: str = "") -> None:
        pos = pos_of(at) if isinstance(at, Node) else at
        self.diagnostics.append(Diagnostic.of(severity, self.path, message, hint, pos=pos))

    def error(self, at: Node | Pos, message: str, hint: str = "") -> None:
        self.add("error", at, message, hint)

    def warning(self, at: Node | Pos, message: str, hint: str = "") -> None:
        self.add("warning", at, message, hint)


def parse_yaml(text: str, report: FileReport) -> Node | None:
    """Compose YAML text into a node tree, or report why it cannot be trusted."""
    report.text = text
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        where = text_pos(text, char_index(text, exc.position, exc.character))
        report.error(where, f"YAML syntax: {unacceptable(exc.character)} is not allowed")
        return None
    except yaml.MarkedYAMLError as exc:
        _report_syntax(text, exc, report)
        return None
    except yaml.YAMLError as exc:
        report.error(Pos(), f"YAML syntax: {' '.join(str(exc).split())}")
        return None
    if root is None:
        return None
    return root if _is_plain(root, text, report) else None


def _report_syntax(text: str, exc: yaml.MarkedYAMLError, report: FileReport) -> None:
    """Report a syntax error where the faulty construct starts, if it was left open before."""
    problem = mark_pos(text, exc.problem_mark)
    start = mark_pos(text, exc.context_mark)
    left_open = any(word in (exc.context or "") for word in _OPENERS) and any(
        word in (exc.problem or "") for word in _NOT_CLOSED
    )
    if start and problem and left_open and start.line < problem.line:
        noticed = f"noticed at line {problem.line}, column {problem.col}"
        report.error(
            start, f"YAML syntax: {exc.problem}", f"{exc.context} that starts here; {noticed}"
        )
    else:
        report.error(problem or start or Pos(), f"YAML syntax: {exc.problem or exc.context}")


def _is_plain(root: Node, text: str, report: FileReport) -> bool:
    """Check a tree for aliases, foreign tags and duplicate keys; report each kind."""
    # Without an anchor there can be no alias (an undefined one fails to compose), so the
    # nodes seen need tracking only when the text has one.
    seen: set[int] | None = set() if "&" in text else None
    ok = True
    for node in _walk(root):
        if seen is not None:
            if id(node) in seen:
                # Composed aliases share the anchored node (and its mark): find the alias.
                report.error(_first_alias(text), "aliases (*name) are not allowed in content files")
                return False
            seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            report.error(node, f"tag {node.tag!r} is not allowed in content files")
            ok = False
        if isinstance(node, MappingNode):
            ok = _has_unique_keys(node, report) and ok
    return ok


def _walk(root: Node) -> Iterator[Node]:
    """Yield every node of a tree in document order, without recursion."""
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))


def _first_alias(text: str) -> Pos:
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) and mark is not None:
            return Pos(mark.line + 1, mark.column + 1)
    return Pos()


def _has_unique_keys(node: MappingNode, report: FileReport) -> bool:
    first: dict[str, Node] = {}
    ok = True
    for key, _ in node.value:
        name = key.value if isinstance(key, ScalarNode) else node_text(key)
        if name in first:
            report.error(key, f"duplicate key {name!r} (first at line {pos_of(first[name]).line})")
            ok = False
        else:
            first[name] = key
    return ok


def describe(node: Node) -> str:
    """Name a node's type the way an author would say it."""
    return _PLAIN_TAGS.get(node.tag, node.tag)


def node_text(node: Node) -> str:
    """Return a node as an author would write it on one line, e.g. `[a, b]` or `{k: v}`."""
    if isinstance(node, MappingNode):
        return "{" + ", ".join(f"{node_text(k)}: {node_text(v)}" for k, v in node.value) + "}"
    if isinstance(node, SequenceNode):
        return "[" + ", ".join(node_text(item) for item in node.value) + "]"
    return str(node.value)


def fields(
    node: Node, report: FileReport, required: Sequence[str], optional: Sequence[str], what: str
) -> dict[str, Node] | None:
    """Return a mapping's values by key; report missing, unknown and non-text keys."""
    if not isinstance(node, MappingNode):
        report.error(node, f"expected {what} as a mapping of fields, found {describe(node)}")
        return None
    found: dict[str, Node] = {}
    allowed = (*required, *optional)
    for key, value in node.value:
        name = key.value if isinstance(key, ScalarNode) and key.tag == TEXT_TAG else None
        if name is None:
            report.error(
                key,
                f"field names must be text, found {describe(key)}: {node_text(key)}",
                f"expected one of: {', '.join(allowed)}",
            )
        elif name not in allowed:
            report.error(
                key, f"unknown field {name!r} in {what}", _unknown_field_hint(name, allowed)
            )
        elif name is not None:
            found[name] = value
    for name in required:
        if name not in found:
            report.error(node, f"missing required field {name!r} in {what}")
    return found


def _unknown_field_hint(name: str, allowed: Sequence[str]) -> str:
    """Return the hint for an unknown field: the allowed field it is a typo of, if any, then all."""
    return f"{did_you_mean(name, allowed)}expected one of: {', '.join(allowed)}"


def did_you_mean(name: str, known: Sequence[str]) -> str:
    """Return "did you mean 'x'? " for the known name `name` is a typo of, else ""."""
    # 0.75: a letter or two astray (sumary, lable, Title) matches; another word (page) does not.
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return f"did you mean {close[0]!r}? " if close else ""


def as_text(node: Node, report: FileReport, field: str) -> str | None:
    """Return a non-empty text value, or report what was found instead."""
    if not isinstance(node, ScalarNode) or node.tag != TEXT_TAG:
        hint = f'quote it: {field}: "{node.value}"' if isinstance(node, ScalarNode) else ""
        report.error(node, f"{field} must be text, found {describe(node)}", hint)
        return None
    if not node.value.strip():
        report.error(node, f"{field} is empty")
        return None
    # isprintable is quick and true of most text, and of no text holding a control character.
    control = None if node.value.isprintable() else CONTROL.search(node.value)
    if control:
        _report_control(node, control.group(), report, field)
        return None
    return str(node.value)


def _report_control(node: ScalarNode, char: str, report: FileReport, field: str) -> None:
    """Report a control character in a text field, at the character (or escape) itself."""
    index = source_index(report.text, node, char)
    if index is None:
        report.error(node, f"{field} holds control character {describe_char(char)}")
        return
    pos = text_pos(report.text, index)
    message = f"{field} holds control character {describe_char(char)} at column {pos.col}"
    report.error(pos, message)


def as_choice(node: Node, report: FileReport, field: str, allowed: Sequence[str]) -> str | None:
    """Return one of the allowed words, or report the bad value."""
    value = as_text(node, report, field)
    if value is not None and value not in allowed:
        report.error(node, f"{field} must be one of {', '.join(allowed)}; found {value!r}")
        return None
    return value


def as_slug(node: Node, report: FileReport, field: str) -> str | None:
    """Return a slug (lowercase letters, digits, hyphens), or report the bad value."""
    value = as_text(node, report, field)
    if value is not None and not SLUG.fullmatch(value):
        report.error(
            node, f"{field} must be lowercase letters, digits and hyphens; found {value!r}"
        )
        return None
    return value


def as_date(node: Node, report: FileReport, field: str) -> date | None:
    """Return a YYYY-MM-DD date, written plain or quoted; report anything else."""
    text = node.value if isinstance(node, ScalarNode) else None
    if node.tag not in (TEXT_TAG, "tag:yaml.org,2002:timestamp") or not isinstance(text, str):
        report.error(node, f"{field} must be a date (YYYY-MM-DD), found {describe(node)}")
        return None
    value = iso_date(text.strip())
    if value is None:
        report.error(node, f"{field} must be a real date written YYYY-MM-DD; found {text!r}")
    return value


def yaml_string(text: str) -> str:
    """Return text as one double-quoted YAML scalar that reads back exactly (for writing)."""
    dumped: str = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=float("inf"))
    return dumped.strip()


def iso_date(text: str | None) -> date | None:
    """Return a real YYYY-MM-DD date, or None for anything else."""
    try:  # fromisoformat alone would take week dates (2026-W47-3) too
        return date.fromisoformat(text) if text and _DATE.fullmatch(text) else None
    except ValueError:
        return None


def as_flag(node: Node, report: FileReport, field: str) -> bool | None:
    """Return a true/false value; report anything else (a quoted "true" is text, not a flag)."""
    if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
        report.error(node, f"{field} must be true or false, found {describe(node)}")
        return None
    return str(node.value).lower() in ("true", "yes", "on")


def as_list(node: Node, report: FileReport, field: str) -> list[Node] | None:
    """Return a sequence's items, or report what was found instead."""
    if not isinstance(node, SequenceNode):
        report.error(node, f"{field} must be a list, found {describe(node)}")
        return None
    return list(node.value)
