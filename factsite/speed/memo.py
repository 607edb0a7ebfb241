"""Results remembered between uses: texts by their text, views by the objects they show."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import jinja2
from markupsafe import Markup

from ..markup import markdown_block_pruned
from .switch import enabled


class TextMemo:
    """A pure text filter's results remembered by text, noting which are new since last asked."""

    def __init__(self, render: Callable[[str], Markup]) -> None:
        self.render = render
        self.known: dict[str, Markup] = {}
        self.fresh: dict[str, Markup] = {}

    def __call__(self, text: str) -> Markup:
        """Return the filter's result for text, rendering it only the first time."""
        if type(text) is not str:  # Markup and undefined values go through as they are
            return self.render(text)
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = self.fresh[text] = self.render(text)
        return found

    def take_fresh(self) -> dict[str, Markup]:
        """Return the results made since the last call, and forget that they were new."""
        fresh, self.fresh = self.fresh, {}
        return fresh


V = TypeVar("V")


class IdentityMemo:
    """Results remembered by the very objects they were made from, kept for one run after use.

    Cards, seeds and views are immutable and an edit reads new objects, so a result made
    from the same objects is never stale. What a run did not ask for is forgotten after it.
    """

    def __init__(self) -> None:
        self._kept: dict[Hashable, tuple[tuple[object, ...], object]] = {}
        self._used: dict[Hashable, tuple[tuple[object, ...], object]] = {}
        self._scopes: dict[Hashable, Scope] = {}
        self._last: dict[str, tuple[object, object]] = {}  # name -> (key, result)

    def get(self, name: str, made_from: tuple[object, ...], make: Callable[[], V]) -> V:
        """Return make()'s result for these objects, calling it only the first time."""
        # The objects are held with the result, so no other object can take their ids: a
        # key that matches names these very objects.
        key = (name, *map(id, made_from))
        found = self._used.get(key) or self._kept.get(key)
        if found is None:
            found = (made_from, make())
        self._used[key] = found
        return found[1]  # type: ignore[return-value]

    def unless_same(self, name: str, key: object, make: Callable[[], V]) -> V:
        """Return the result last made under `name` if its key equals this one, else make()."""
        last = self._last.get(name)
        if last is None or not (last[0] is key or last[0] == key):
            last = self._last[name] = (key, make())
        return last[1]  # type: ignore[return-value]

    def scope(self, name: Hashable, context: tuple[object, ...]) -> Scope:
        """Return the results kept one per object under `name`, while `context` is the same."""
        found = self._scopes.get(name)
        if found is None or not _same(found.context, context):
            found = self._scopes[name] = Scope(context)
        return found

    def end_run(self) -> None:
        """Forget what the run that just ended did not use."""
        self._kept, self._used = self._used, {}
        for scope in self._scopes.values():
            scope.end_run()


class Scope:
    """Results kept one per object, made in one context (the site around the objects)."""

    def __init__(self, context: tuple[object, ...]) -> None:
        self.context = context
        self._kept: dict[int, tuple[object, object]] = {}
        self._used: dict[int, tuple[object, object]] = {}

    def get(self, made_from: object, make: Callable[[], V]) -> V:
        """Return make()'s result for this object, calling it only the first time."""
        key = id(made_from)
        found = self._used.get(key) or self._kept.get(key)
        if found is None:
            found = (made_from, make())  # held, so that its id stays its own
        self._used[key] = found
        return found[1]  # type: ignore[return-value]

    def end_run(self) -> None:
        """Forget what the run that just ended did not use."""
        self._kept, self._used = self._used, {}


def _same(old: tuple[object, ...], new: tuple[object, ...]) -> bool:
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


class NoMemo(IdentityMemo):
    """Remembers nothing: what the speed switch gives when it is off."""

    def get(self, name: str, made_from: tuple[object, ...], make: Callable[[], V]) -> V:
        """Return make()'s result, made afresh."""
        return make()

    def unless_same(self, name: str, key: object, make: Callable[[], V]) -> V:
        """Return make()'s result, made afresh."""
        return make()

    def scope(self, name: Hashable, context: tuple[object, ...]) -> Scope:
        """Return a scope that remembers nothing."""
        return NoScope(context)


class NoScope(Scope):
    """Remembers nothing."""

    def get(self, made_from: object, make: Callable[[], V]) -> V:
        """Return make()'s result, made afresh."""
        return make()


def new_memo() -> IdentityMemo:
    """Return a memo for one run, or one that remembers nothing when speed is off."""
    return IdentityMemo() if enabled() else NoMemo()


def remembered_texts(env: jinja2.Environment) -> list[TextMemo]:
    """Make the environment's Markdown filters remember their results; return their memos."""
    if not enabled():
        return []
    # The same HTML from a parser without the rules a text cannot use (markup.py says which).
    texts = [TextMemo(markdown_block_pruned), TextMemo(env.filters["markdown_inline"])]
    env.filters.update(markdown=texts[0], markdown_inline=texts[1])
    return texts
