"""Writes the Hugo site equivalent to a fact-check site: each card as a Markdown page.

Hugo does the same listing work as our build: the index, one listing per level and one per
tag, each grouped by level and split into pages of the site's `page_size` with numbered
page links, the counts per level on every listing page, and one feed of the newest
`feed_size` cards (Hugo's RSS limit). Its claim pages land at `claims/<slug>/index.html`, as
ours do, and mark what search reads as ours do (`data-pagefind-body`, the level as
`confidence` metadata), so Pagefind can index Hugo's output with the same flags as our build.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from factsite.model import SiteConfig

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONFIG = """\
baseURL = "https://example.github.io/synthetic/"
title = "Synthetic fact check"
languageCode = "en"
# The section's own list (claims/) has no twin in our site.
disableKinds = ["section"]
[taxonomies]
  tag = "tags"
  confidence = "confidence"
[pagination]
  pagerSize = {page_size}
[services.rss]
  limit = {feed_size}
# One feed, as the fact-check site has; Hugo's default adds one to every list page.
[outputs]
  home = ["html", "rss"]
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
<article data-pagefind-body data-pagefind-meta="confidence:{{ .Params.level }}">
<h1>{{ .Title }}</h1>
<p data-pagefind-ignore>{{ .Params.level }} confidence · reviewed {{ .Params.reviewed }}</p>
{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">#{{ . }}</a>
{{ end }}</p>
</article>
{{ end }}
""",
    # The index and every level's and tag's listing: the counts, then one page of cards
    # grouped by level, then the page links.
    "list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range site.Taxonomies.confidence }}<li><a href="{{ .Page.RelPermalink }}">{{ .Count }}
{{ .Page.Title }}</a></li>{{ end }}</ul>
{{ $cards := cond .IsHome site.RegularPages .Pages }}
{{ range (.Paginate ($cards.GroupByParam "level")).PageGroups }}
<section><h2>{{ .Key }} confidence</h2>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ .Params.level }} · reviewed {{ .Params.reviewed }}</li>{{ end }}</ul></section>
{{ end }}
{{ partial "pagination.html" . }}
{{ end }}
""",
}


def write_hugo_site(site: Path, hugo: Path) -> int:
    """Write a Hugo site under `hugo` with one page a card of `site`; return the page count."""
    if hugo.exists():
        shutil.rmtree(hugo)
    (hugo / "content/claims").mkdir(parents=True)
    (hugo / "layouts").mkdir()
    (hugo / "hugo.toml").write_text(hugo_config(site), encoding="utf-8")
    for name, text in LAYOUTS.items():
        (hugo / "layouts" / name).write_text(text, encoding="utf-8")
    cards = sorted((site / "content/claims").glob("*.yaml"))
    for card in cards:
        page = hugo_page(card.read_text(encoding="utf-8"))
        (hugo / "content/claims" / f"{card.stem}.md").write_text(page, encoding="utf-8")
    return len(cards)


def hugo_config(site: Path) -> str:
    """Return hugo.toml with the site's page and feed sizes (our defaults where it sets none)."""
    settings = yaml.load((site / "content/site.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
    page_size = settings.get("page_size", SiteConfig.page_size)
    feed_size = settings.get("feed_size", SiteConfig.feed_size)
    return CONFIG.format(page_size=page_size, feed_size=feed_size)


def hugo_page(card_text: str) -> str:
    """Return a card as a Hugo page: claim, dates, tags and level up top, summary below."""
    card = yaml.load(card_text, Loader=_LOADER)
    front = [
        "---",
        f"title: {json.dumps(' '.join(str(card['claim']).split()), ensure_ascii=False)}",
        # Hugo orders lists and the feed by date: ours by the last review or correction.
        f"date: {last_change(card)}",
        f"reviewed: {card['reviewed']}",
        f"level: {card['confidence']}",
        f"confidence: [{card['confidence']}]",
        f"tags: {json.dumps(list(card.get('tags') or []))}",
        "---",
    ]
    return "\n".join(front) + "\n" + str(card["summary"])


def last_change(card: dict[str, Any]) -> date:
    """Return the later of the card's review and its latest correction."""
    corrections = card.get("corrections") or []
    return max([card["reviewed"], *(correction["date"] for correction in corrections)])
