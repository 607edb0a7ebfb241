"""The Jinja side of rendering: the environment, its filters, and layout errors as diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from types import TracebackType

import jinja2
from markupsafe import Markup

from ..markup import highlight, markdown_block, markdown_inline
from ..model import Diagnostic, Pos
from .machine import script_json

LAYOUT_PREFIX = "layouts/"


class LayoutLoader(jinja2.BaseLoader):
    """Serves layouts from memory, naming each `layouts/<name>` so errors point at the file."""

    def __init__(self, layouts: Mapping[str, str]) -> None:
        self.layouts = layouts

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template not in self.layouts:
            raise jinja2.TemplateNotFound(template)
        source = self.layouts[template]
        return source, LAYOUT_PREFIX + template, lambda: self.layouts.get(template) == source

    def list_templates(self) -> list[str]:
        return sorted(self.layouts)


def make_environment(
    layouts: Mapping[str, str], bytecode_cache: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """Return the environment a build renders with: autoescaping, strict about undefined names."""
    env = jinja2.Environment(
        loader=LayoutLoader(layouts),
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache,
    )
    env.filters.update(
        markdown=markdown_block,
        markdown_inline=markdown_inline,
        highlight=highlight,
        json_script=script_json,
    )
    return env


class LayoutFailed(Exception):
    """A layout could not make a page; `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def layout_pieces(
    env: jinja2.Environment, layout: str, context: Mapping[str, object], page: str
) -> Iterator[str]:
    """Yield a layout's text piece by piece; a failure of the layout raises LayoutFailed."""
    try:
        yield from env.get_template(layout).generate(context)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or LAYOUT_PREFIX + (exc.name or layout)
        message = f"layout syntax: {exc.message}"
        raise LayoutFailed(Diagnostic.error(where, message, pos=Pos(exc.lineno))) from exc
    except jinja2.TemplateNotFound as exc:
        message = f"layout {exc.name!r} is missing"
        raise LayoutFailed(Diagnostic.error(LAYOUT_PREFIX + layout, message)) from exc
    except Exception as exc:  # any failure inside a layout is the layout's problem
        path, line = _layout_frame(exc.__traceback__, layout)
        message = f"layout failed while rendering {page}: {_reason(exc)}"
        raise LayoutFailed(Diagnostic.error(path, message, pos=Pos(line))) from exc


def render_text(
    env: jinja2.Environment, layout: str, context: Mapping[str, object], page: str
) -> Markup:
    """Return a layout's whole text as markup (an item of a listing, an entry of the feed)."""
    return Markup("".join(layout_pieces(env, layout, context, page)))


def joined(items: Iterable[Markup], before: str, after: str) -> Markup:
    """Return rendered items joined, each between `before` and `after`."""
    if not before and not after:
        return Markup("".join(items))
    return Markup("".join(f"{before}{item}{after}" for item in items))


def _reason(failure: Exception) -> str:
    """Say what went wrong in a layout, also for exceptions that carry no message."""
    if isinstance(failure, MemoryError):
        return "ran out of memory (the layout builds something too large to hold)"
    return str(failure) or type(failure).__name__


def _layout_frame(tb: TracebackType | None, layout: str) -> tuple[str, int]:
    """Return the innermost layout file and line in a traceback."""
    found = (LAYOUT_PREFIX + layout, 1)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(LAYOUT_PREFIX):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
