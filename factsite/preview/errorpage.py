"""Renders the page the preview shows instead of the site while its content has errors."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..diagnostics import format_text, summary_line
from ..model import Diagnostic

# Self-contained (no stylesheet, no script of its own) so it shows whatever state _site/ is in.
_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Build failed · preview</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1.5rem; }}
h1 {{ font-size: 1.4rem; color: #a00; }}
@media (prefers-color-scheme: dark) {{ h1 {{ color: #f88; }} }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; border-left: 4px solid #a00;
  padding: .75rem 1rem; background: rgba(128, 128, 128, .12); }}
</style>
</head>
<body>
<main>
<h1>The site was not rebuilt: {count}</h1>
<p>{advice}</p>
<pre id="diagnostics">{text}</pre>
</main>
</body>
</html>
"""


def diagnostics_text(diagnostics: Sequence[Diagnostic]) -> str:
    """Return the diagnostics as the terminal prints them, closing count included."""
    lines = [format_text(diagnostic) for diagnostic in diagnostics]
    return "\n".join([*lines, summary_line(list(diagnostics))]) if lines else ""


_FIX_CONTENT = (
    "The last good build stays in <code>_site/</code>. Fix the content and save; this page\n"
    "reloads by itself."
)
_FIX_WRITING = (
    "Every page in <code>_site/</code> is a whole page, from the last build or this one. Make\n"
    "room on the disk (or let the folder be written) and save again; this page reloads by itself."
)


def render_error_page(diagnostics: Sequence[Diagnostic], write_error: str = "") -> bytes:
    """Return an HTML page listing every problem (or why the site was not written)."""
    text = diagnostics_text(diagnostics)
    if write_error:
        # The terminal's words: the line build.py prints, then the content's warnings if any.
        text = "\n".join(filter(None, [f"build.py: error: {write_error}", text]))
    page = _PAGE.format(
        count=escape(write_error or summary_line(list(diagnostics))),
        advice=_FIX_WRITING if write_error else _FIX_CONTENT,
        text=escape(text),
    )
    return page.encode("utf-8")
