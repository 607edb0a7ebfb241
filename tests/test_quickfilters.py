"""The quicker selectattr: the same items, the same errors as Jinja's own."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
import pytest

from factsite.quickfilters import select_by_attribute


@dataclass(frozen=True)
class Item:
    level: str
    inner: dict[str, int]


ITEMS = [Item("high", {"n": 1}), Item("low", {"n": 2}), Item("high", {"n": 2})]
MAPPINGS = [{"level": "high"}, {"level": "low"}, {"other": "x"}]


def environments() -> tuple[jinja2.Environment, jinja2.Environment]:
    plain = jinja2.Environment(undefined=jinja2.StrictUndefined)
    quick = jinja2.Environment(undefined=jinja2.StrictUndefined)
    quick.filters["selectattr"] = select_by_attribute
    return plain, quick


def outcome(env: jinja2.Environment, source: str, **context: object) -> str:
    try:
        return env.from_string(source).render(**context)
    except jinja2.TemplateError as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize(
    "source",
    [
        '{{ items | selectattr("level", "equalto", "high") | map(attribute="inner") | list }}',
        '{{ items | selectattr("level", "eq", "low") | list | length }}',
        '{{ items | selectattr("level", "==", "high") | list | length }}',
        '{{ items | selectattr("inner.n", "equalto", 2) | list | length }}',
        '{{ items | selectattr("level") | list | length }}',
        '{{ items | selectattr("level", "ne", "high") | list | length }}',
        '{{ items | selectattr("missing", "equalto", 1) | list }}',
        '{{ mappings | selectattr("level", "equalto", "high") | list }}',
        '{{ none_value | selectattr("level", "equalto", "high") | list }}',
        '{{ [] | selectattr("level", "equalto", "high") | list }}',
    ],
)
def test_selectattr_gives_what_jinja_gives(source: str) -> None:
    plain, quick = environments()
    context = {"items": ITEMS, "mappings": MAPPINGS, "none_value": None}
    assert outcome(quick, source, **context) == outcome(plain, source, **context)
