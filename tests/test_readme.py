"""The README: its example card is a real, valid card against the real seeds, its claims.json
shape is the real one, and no link of the documents dangles."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import build
from tests.sitetools import REPO


def test_readme_example_card_passes_check(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(# yaml-language-server.*?)```", readme, re.DOTALL)
    assert example is not None, "README.md has no example card"
    for folder in ("content", "layouts", "static", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "content/claims/readme-example.yaml").write_text(example.group(1))
    assert build.main(["--root", str(tmp_path), "check"]) == 0


def keys(value: object) -> object:
    """Return the shape of a JSON value: its keys all the way down, first list item only."""
    if isinstance(value, dict):
        return {key: keys(item) for key, item in value.items() if key not in DYNAMIC_KEYS}
    if isinstance(value, list) and value and isinstance(value[0], dict | list):
        return [keys(value[0])]
    return None


# Keys that are ids or levels, not part of the format.
DYNAMIC_KEYS = {"high", "moderate", "low", "disputed", "…"}


def test_readme_documents_the_shape_of_claims_json(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"### claims.json\n\n```json\n(.*?)```", readme, re.DOTALL)
    assert block is not None, "README.md does not document claims.json"
    documented = json.loads(block.group(1))
    assert build.main(["--root", str(REPO), "build", "--out", str(tmp_path / "site")]) == 0
    published = json.loads((tmp_path / "site/claims.json").read_text(encoding="utf-8"))
    published["seeds"] = {"000_4ea37a18c5d9e197": published["seeds"]["000_4ea37a18c5d9e197"]}
    assert keys(documented) == keys(published)


def anchor(heading: str) -> str:
    """Return the anchor GitHub gives a heading: lower case, punctuation out, spaces to -."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).strip().replace(" ", "-")


@pytest.mark.parametrize("name", ["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md"])
def test_every_link_of_the_documents_leads_somewhere(name: str) -> None:
    text = (REPO / name).read_text(encoding="utf-8")
    anchors = {anchor(heading) for heading in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}
    dangling = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith("#"):
            if target[1:] not in anchors:
                dangling.append(target)
        elif not re.match(r"[a-z]+:", target) and not (REPO / target.split("#")[0]).exists():
            dangling.append(target)
    assert dangling == []
