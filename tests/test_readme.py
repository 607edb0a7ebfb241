"""The README's example card is a real, valid card against the real seeds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

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
