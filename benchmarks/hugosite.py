"""Writes the Hugo site equivalent to a fact-check site: each card as a Markdown page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

CONFIG = """\
baseURL = "https://example.github.io/synthetic/"
title = "Synthetic fact check"
languageCode = "en"
[taxonomies]
  tag = "tags"
  confidence = "confidence"
# One feed, as the fact-check site has; Hugo's default adds one to every list page.
[outputs]
  home = ["html", "rss"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html"]
"""

# A minimal layout: one base, a page template and a list template, as small as the real
# layouts are plain (no theme, no assets pipeline).
LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><main>{{ block "main" . }}{{ end }}</main></body>
</html>
""",
    "page.html": """{{ define "main" }}
<article><h1>{{ .Title }}</h1>
<p>{{ range .Params.confidence }}{{ . }}{{ end }} confidence
· reviewed {{ .Date.Format "2006-01-02" }}</p>
{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">#{{ . }}</a>
{{ end }}</p>
</article>
{{ end }}
""",
    "list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}


def write_hugo_site(site: Path, hugo: Path) -> int:
    """Write a Hugo site under `hugo` with one page a card of `site`; return the page count."""
    if hugo.exists():
        shutil.rmtree(hugo)
    (hugo / "content/claims").mkdir(parents=True)
    (hugo / "layouts").mkdir()
    (hugo / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (hugo / "layouts" / name).write_text(text, encoding="utf-8")
    cards = sorted((site / "content/claims").glob("*.yaml"))
    for card in cards:
        page = hugo_page(card.read_text(encoding="utf-8"))
        (hugo / "content/claims" / f"{card.stem}.md").write_text(page, encoding="utf-8")
    return len(cards)


def hugo_page(card_text: str) -> str:
    """Return a card as a Hugo page: claim, review date, tags and level up top, summary below."""
    card = yaml.load(card_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    front = [
        "---",
        f"title: {json.dumps(' '.join(str(card['claim']).split()), ensure_ascii=False)}",
        f"date: {card['reviewed']}",
        f"confidence: [{card['confidence']}]",
        f"tags: {json.dumps(list(card.get('tags') or []))}",
        "---",
    ]
    return "\n".join(front) + "\n" + str(card["summary"])
