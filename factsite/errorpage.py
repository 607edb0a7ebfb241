"""Renders the page the preview shows instead of the site while its content has errors."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .diagnostics import format_text, summary_line
from .model import Diagnostic

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
<p>The last good build stays in <code>_site/</code>. Fix the content and save; this page
reloads by itself.</p>
<pre id="diagnostics">{text}</pre>
</main>
</body>
</html>
"""


def diagnostics_text(diagnostics: Sequence[Diagnostic]) -> str:
    """Return the diagnostics as the terminal prints them, closing count included."""
    lines = [format_text(diagnostic) for diagnostic in diagnostics]
    return "\n".join([*lines, summary_line(list(diagnostics))]) if lines else ""


def render_error_page(diagnostics: Sequence[Diagnostic]) -> bytes:
    """Return an HTML page listing every problem, in the terminal's words."""
    page = _PAGE.format(
        count=escape(summary_line(list(diagnostics))),
        text=escape(diagnostics_text(diagnostics)),
    )
    return page.encode("utf-8")
