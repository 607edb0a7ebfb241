"""What reaches the terminal: text from cards, seeds and file names is printed, never obeyed."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

import build
import factsite
from factsite.diagnostics import clean_line, format_github, format_text, listed, summary_line
from factsite.model import Diagnostic, Pos
from tests.sitetools import make_site

HOSTILE = "\x1b]0;PWNED\x07\x1b[2J\x1b[31mFAKE: 0 problems"


def diagnostic(message: str, hint: str = "", path: str = "seeds/g.txt") -> Diagnostic:
    return Diagnostic.error(path, message, hint)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (HOSTILE, "\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mFAKE: 0 problems"),  # ANSI and OSC escapes
        ("nul\x00 del\x7f nel\x85", "nul\\x00 del\\x7f nel\\x85"),  # C0, DEL, C1
        ("says \u202eevael\u202c", "says \\u202eevael\\u202c"),  # bidi override and pop
        ("an \u2066isolate\u2069", "an \\u2066isolate\\u2069"),
        ("ap\u00adproved\u200b \ufeffthe", "ap\\xadproved\\u200b \\ufeffthe"),  # invisible
        ("one\nline\r", "one\\nline\\r"),  # a message or hint is one line: no forged lines
        ("café, 4,000 “new” homes", "café, 4,000 “new” homes"),  # printable text stays
    ],
)
def test_text_format_escapes_characters_a_terminal_would_act_on(text: str, shown: str) -> None:
    assert format_text(diagnostic(text, text)) == (f"seeds/g.txt:1:1: error: {shown}\n    {shown}")


def test_github_format_escapes_them_too_and_keeps_the_hint_on_its_own_line() -> None:
    assert format_github(diagnostic("bad\x1b[2J", "hint\u202e")) == (
        "::error file=seeds/g.txt,line=1,col=1,title=bad\\x1b[2J::bad\\x1b[2J%0Ahint\\u202e"
    )


def test_a_hostile_seed_reaches_the_terminal_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    (root / "seeds/beta.txt").write_text(f"Officials said {HOSTILE}\n", encoding="utf-8")
    assert build.main(["--root", str(root), "check", "--format", "github"]) == 1
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err
    assert "\x07" not in captured.out + captured.err
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in captured.err
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in captured.out


def strict_streams(monkeypatch: pytest.MonkeyPatch) -> list[io.TextIOWrapper[io.BytesIO]]:
    """Replace stdout and stderr with UTF-8 streams that refuse what UTF-8 cannot encode."""
    streams: list[io.TextIOWrapper[io.BytesIO]] = []
    for name in ("stdout", "stderr"):
        stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
        monkeypatch.setattr(f"sys.{name}", stream)
        streams.append(stream)
    return streams


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_file_name_that_is_not_utf8_is_printed_escaped(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    claims = os.fsencode(root / "content/claims")
    with open(claims + b"/caf\xe9.yaml", "wb") as card:  # a Latin-1 name, as an old tool makes
        card.write((root / "content/claims/homes-built.yaml").read_bytes())
    streams = strict_streams(monkeypatch)  # set here: pytest resets sys.stdout between phases

    assert build.main(["--root", str(root), "check", "--format", fmt]) == 1

    for stream in streams:
        stream.flush()
    out, err = (stream.buffer.getvalue().decode("utf-8") for stream in streams)
    assert (
        "content/claims/caf\\udce9.yaml:1:1: error: file name 'caf\\udce9' is not a slug"
        in err.splitlines()
    )
    if fmt == "github":
        assert out.startswith(
            "::error file=content/claims/caf\\udce9.yaml,line=1,col=1,"
            "title=file name 'caf\\udce9' is not a slug::"
        )


@pytest.mark.parametrize(
    ("cards", "seeds", "line"),
    [
        (54, 5, "54 cards, 5 seeds: no problems"),
        (1, 1, "1 card, 1 seed: no problems"),
        (0, 0, "0 cards, 0 seeds: no problems"),
    ],
)
def test_a_clean_check_says_what_it_checked(cards: int, seeds: int, line: str) -> None:
    assert clean_line(cards, seeds) == line


def test_the_count_of_problems_says_one_or_many() -> None:
    warning = Diagnostic.warning("seeds/g.txt", "w")
    assert summary_line([warning]) == "1 problem (0 errors, 1 warning)"
    assert summary_line([warning, diagnostic("e"), diagnostic("f")]) == (
        "3 problems (2 errors, 1 warning)"
    )


@pytest.mark.parametrize(
    ("items", "text"),
    [
        (["claim"], "claim"),
        (["claim", "sources"], "claim and sources"),
        (["claim", "confidence", "sources"], "claim, confidence and sources"),  # no serial comma
    ],
)
def test_a_list_is_worded_as_a_sentence_lists_it(items: list[str], text: str) -> None:
    assert listed(items) == text


def test_a_diagnostic_is_placed_by_a_position_and_defaults_to_the_files_start() -> None:
    error = Diagnostic.error("content/claims/x.yaml", "m", "h", pos=Pos(3, 5))
    assert format_text(error) == "content/claims/x.yaml:3:5: error: m\n    h"
    assert format_text(Diagnostic.warning("seeds/g.txt", "w")) == "seeds/g.txt:1:1: warning: w"
    assert Diagnostic.of("warning", "seeds/g.txt", "w") == Diagnostic.warning("seeds/g.txt", "w")


def test_only_the_model_constructs_a_diagnostic_directly() -> None:
    package = Path(factsite.__file__).parent
    direct = re.compile(r"\bDiagnostic\(")  # Diagnostic.error(...) and the like do not match
    found = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if path != package / "model.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
