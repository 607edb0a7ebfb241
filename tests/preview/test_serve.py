"""`build.py serve`: a live preview that follows every save, and shows errors in the browser."""

from __future__ import annotations

import errno
import html
import re
import signal
import socket
import time
from pathlib import Path

import pytest

import build
from factsite.model import Diagnostic, Pos
from factsite.preview import SiteBuilder
from factsite.preview.errorpage import render_error_page
from factsite.preview.serve import Preview, is_page
from tests.servetools import fetch, free_port, request, running_preview, wait_until
from tests.sitetools import edit, make_site, tree_bytes

# The tests marked e2e run the preview in a subprocess (tests.servetools.running_preview):
# `make test-fast` leaves them out. The others run in this process.

CARD = "content/claims/homes-built.yaml"
QUOTE_ERROR = "content/claims/homes-built.yaml:15:12: error: quote not found in seed 'beta'"


def diagnostics_shown(page: str) -> list[str]:
    """Return the lines of the error page's diagnostics block, as a reader sees them."""
    found = re.search(r'<pre id="diagnostics">(.*?)</pre>', page, re.DOTALL)
    assert found, page
    return html.unescape(found.group(1)).splitlines()


@pytest.mark.e2e
def test_the_preview_follows_edits_shows_errors_and_recovers(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with running_preview(root) as preview:
        claim = preview.url + "claims/homes-built/"
        status, page = fetch(claim)
        assert status == 200 and "4,000 new homes were built in 2025." in page
        assert "/livereload.js" in page  # the script that reloads the page by itself

        edit(root, CARD, "claim: The ministry says", "claim: The housing ministry says")
        wait_until(claim, lambda status, page: "The housing ministry says" in page)

        edit(root, CARD, 'quote: "4,000 new homes', 'quote: "4,000 new flats')
        status, page = wait_until(claim, lambda status, page: status == 500)
        assert diagnostics_shown(page) == [
            QUOTE_ERROR,
            '    closest passage is p1: "An audit found 4,000 new »homes« were built in 2025, '
            'confirming the ministry\'s figure." (the quote has "flats")',
            "1 problem (1 error, 0 warnings)",
        ]
        assert (
            "The housing ministry says"
            in (root / "_site/claims/homes-built/index.html").read_text()
        )
        assert fetch(preview.url + "style.css")[0] == 200  # assets still come from _site/

        edit(root, CARD, 'quote: "4,000 new flats', 'quote: "4,000 new homes')
        status, page = wait_until(claim, lambda status, page: status == 200)
        assert "The housing ministry says" in page
    # Stopped, the server has printed everything: once per change, errors as they came.
    assert preview.process.returncode == 0
    assert [line for line in preview.lines if "error:" in line] == [QUOTE_ERROR]
    rebuilt = [line for line in preview.lines if line.startswith("rebuilt ")]
    assert len(rebuilt) == 2
    assert re.fullmatch(r"rebuilt \d+ pages in \d+ ms", rebuilt[-1])


@pytest.mark.e2e
def test_a_served_site_equals_a_clean_build_after_the_edits(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with running_preview(root) as preview:
        edit(root, "content/claims/planned-homes.yaml", "Critics say", "Opponents say")
        wait_until(preview.url + "index.html", lambda status, page: "Opponents say" in page)
        start = len(preview.lines)
        (root / "content/claims/planned-homes.yaml").unlink()
        wait_until(preview.url + "claims/planned-homes/", lambda status, page: status == 404)
        rebuilt = preview.wait_for_line("rebuilt ", after=start)
        preview.wait_for_line("search index up to date", after=rebuilt)  # it follows the pages
    assert build.main(["--root", str(root), "build", "--out", str(tmp_path / "clean")]) == 0
    assert tree_bytes(root / "_site") == tree_bytes(tmp_path / "clean")


@pytest.mark.e2e
def test_quick_saves_in_a_row_make_one_rebuild_and_never_show_half_a_card(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    card = root / CARD
    with running_preview(root) as preview:
        start = len(preview.lines)
        text = card.read_text(encoding="utf-8").replace("The ministry says", "Officials say")
        # An editor's save: a temporary file written and renamed over the card, then the card
        # written again in place, in two pieces.
        temporary = card.with_name(".homes-built.yaml.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(card)
        with card.open("w", encoding="utf-8") as file:
            file.write(text[:60])
            file.flush()
            file.write(text[60:])
        wait_until(preview.url + "claims/homes-built/", lambda s, page: "Officials say" in page)
        edit(root, CARD, "Officials say", "Officials said")
        wait_until(preview.url + "claims/homes-built/", lambda s, page: "Officials said" in page)
    printed = preview.lines[start:]
    assert [line for line in printed if "error" in line] == []
    assert sum(line.startswith("rebuilt ") for line in printed) == 2


@pytest.mark.e2e
def test_editors_temporary_files_start_no_rebuild(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with running_preview(root) as preview:
        start = len(preview.lines)
        for name in (".homes-built.yaml.swp", ".#homes-built.yaml", "#homes-built.yaml#", "x~"):
            (root / "content/claims" / name).write_text("draft", encoding="utf-8")
        time.sleep(0.5)  # apart from the real save below, so they could not share its batch
        edit(root, CARD, "The ministry says", "Officials say")
        wait_until(preview.url + "claims/homes-built/", lambda s, page: "Officials say" in page)
    assert sum(line.startswith("rebuilt ") for line in preview.lines[start:]) == 1


@pytest.mark.e2e
def test_a_broken_site_at_start_is_served_as_its_error_page(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / CARD).write_text("claim: [unclosed\n", encoding="utf-8")
    with running_preview(root) as preview:
        status, page = fetch(preview.url)
        assert status == 500
        assert diagnostics_shown(page)[0].startswith(f"{CARD}:1:17: error: YAML syntax")
        assert not (root / "_site").exists()


@pytest.mark.e2e
def test_a_missing_page_is_answered_with_the_sites_404_page(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with running_preview(root) as preview:
        status, page = fetch(preview.url + "claims/no-such-card/")
    assert status == 404
    assert "<h1>Page not found</h1>" in page


FULL_DISK = "build.py: error: cannot write the site to _site: No space left on device"


def test_a_full_disk_during_a_rebuild_shows_one_error_and_leaves_only_whole_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    out = root / "_site"
    preview = Preview(SiteBuilder(root, out))
    assert preview.build().ok
    before = tree_bytes(out)
    edit(root, CARD, "claim: The ministry says", "claim: The housing ministry says")
    assert build.main(["--root", str(root), "build", "--out", str(tmp_path / "clean")]) == 0
    clean = tree_bytes(tmp_path / "clean")
    capsys.readouterr()
    real_write = Path.write_bytes
    files_written: list[Path] = []

    def fill_the_disk(path: Path, data: bytes) -> int:
        if files_written:  # the disk is full halfway through the second file
            real_write(path, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        files_written.append(path)
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", fill_the_disk)
    report = preview.rebuild([CARD])
    assert not report.ok
    assert capsys.readouterr().err.splitlines() == [FULL_DISK]
    error_page = preview.error_page
    assert error_page is not None
    assert diagnostics_shown(error_page.decode("utf-8")) == [FULL_DISK]
    after = tree_bytes(out)
    assert after.keys() == before.keys()  # no .partial file left behind
    assert all(data in (before.get(name), clean.get(name)) for name, data in after.items())
    assert after != before  # the first file was written: the test did fill the disk midway

    monkeypatch.undo()  # room again: the next save writes the site whole
    assert preview.rebuild([CARD]).ok
    assert preview.error_page is None
    assert tree_bytes(out) == clean


MALFORMED = ["/%00", "/index.html%00.txt", "/claims/%00/", "/style.css%00", "/%ff", "/%ed%a0%80"]


@pytest.mark.e2e
def test_malformed_paths_get_a_client_error_and_print_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with running_preview(root) as preview:
        preview.wait_for_line("search index up to date")  # the first build's, in its thread
        start = len(preview.lines)
        statuses = {path: request(preview.url, path)[0] for path in MALFORMED}
        assert fetch(preview.url)[0] == 200  # and the server still serves
    assert statuses == dict.fromkeys(MALFORMED, 400)
    assert preview.lines[start:] == ["stopped"]


WEBSOCKET = {
    "Upgrade": "websocket",
    "Connection": "Upgrade",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version": "13",
}


@pytest.mark.e2e
def test_the_preview_answers_only_requests_addressed_to_it(tmp_path: Path) -> None:
    """A page elsewhere whose name is made to resolve here (DNS rebinding) reads nothing."""
    root = make_site(tmp_path)
    with running_preview(root) as preview:
        port = preview.url.rsplit(":", 1)[1].strip("/")
        own = [f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"]
        other = ["evil.example", f"evil.example:{port}", f"127.0.0.1:{int(port) + 1}", "127.0.0.1"]
        for path in ("/", "/claims/homes-built/", "/style.css", "/livereload.js"):
            for host in own:
                assert request(preview.url, path, host)[0] == 200, (path, host)
            for host in other:
                assert request(preview.url, path, host)[0] == 403, (path, host)
        socket_from = {
            (host, origin): request(
                preview.url, "/livereload", host, {**WEBSOCKET, "Origin": origin}
            )[0]
            for host, origin in [
                (f"127.0.0.1:{port}", f"http://127.0.0.1:{port}"),
                (f"localhost:{port}", f"http://localhost:{port}"),
                (f"evil.example:{port}", f"http://evil.example:{port}"),
                (f"127.0.0.1:{port}", "https://evil.example"),
            ]
        }
    assert list(socket_from.values()) == [101, 101, 403, 403]


@pytest.mark.e2e
def test_serving_on_every_address_warns_and_still_refuses_other_names(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with running_preview(root, "--host", "0.0.0.0") as preview:
        port = preview.url.rsplit(":", 1)[1].strip("/")
        assert request(preview.url, "/", f"127.0.0.1:{port}")[0] == 200
        # Any of the machine's addresses, which the preview cannot list (a test address here).
        assert request(preview.url, "/", f"192.0.2.7:{port}")[0] == 200
        assert request(preview.url, "/", f"evil.example:{port}")[0] == 403
    warnings = [line for line in preview.lines if line.startswith("warning:")]
    assert warnings == [
        "warning: on 0.0.0.0 the unpublished preview is reachable from the network; "
        "pass --host 127.0.0.1 to keep it on this machine"
    ]


@pytest.mark.e2e
def test_sigterm_ends_the_preview_cleanly(tmp_path: Path) -> None:
    """A service manager or a terminal closing sends SIGTERM: the same clean end as Ctrl-C."""
    root = make_site(tmp_path)
    with running_preview(root) as preview:
        assert preview.stop(signal.SIGTERM) == 0
    assert preview.lines[-1] == "stopped"
    assert not any("Traceback" in line for line in preview.lines)


@pytest.mark.e2e
def test_ctrl_c_ends_the_preview_cleanly(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    with running_preview(root) as preview:
        preview.wait_for_line("search index up to date")  # it follows the first build's pages
        # The search line comes from its own thread, so it may come before or after "serving".
        lines = [line for line in preview.lines if not line.startswith("search index")]
        assert re.fullmatch(r"built \d+ pages in \d+ ms", lines[0])
        assert lines[1] == f"serving {root.absolute() / '_site'} at {preview.url} (Ctrl-C to stop)"
    assert preview.process.returncode == 0
    assert preview.lines[-1] == "stopped"
    assert not any("Traceback" in line for line in preview.lines)


@pytest.mark.e2e
def test_open_shows_the_site_in_the_users_browser(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "record-browser"  # stands in for the browser $BROWSER names
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    with running_preview(root, "--open", env={"BROWSER": str(browser)}) as preview:
        wait_until(preview.url, lambda status, page: opened.exists())
    assert opened.read_text(encoding="utf-8") == preview.url + "\n"


def test_a_port_in_use_is_a_one_line_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert build.main(["--root", str(root), "serve", "--port", str(port)]) == 2
    assert capsys.readouterr().err == (
        f"build.py: error: cannot serve on 127.0.0.1:{port}: port {port} is in use; "
        "stop the other server or pass --port\n"
    )
    assert not (root / "_site").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "argument --port: '70000' is not a port number (0 to 65535)"),
        (["--port", "http"], "argument --port: 'http' is not a port number (0 to 65535)"),
        (
            ["--host", "192.0.2.1", "--port", "0"],
            "error: cannot serve on 192.0.2.1:0: Cannot assign",
        ),
    ],
)
def test_a_bad_host_or_port_is_a_one_line_usage_error(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path)
    assert build.main(["--root", str(root), "serve", *args]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert message in lines[-1]
    assert not any("Traceback" in line for line in lines)


def test_serve_listens_on_127_0_0_1_port_8000_unless_told_otherwise() -> None:
    args = build.make_parser().parse_args(["serve"])
    assert (args.host, args.port, args.open) == ("127.0.0.1", 8000, False)
    assert args.func is build.run_serve


def test_serve_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["serve", "--help"]) == 0
    assert "--port" in capsys.readouterr().out


def test_a_free_port_helper_gives_a_bindable_port() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", free_port()))


def test_the_error_page_shows_the_terminals_text_escaped() -> None:
    message = "unknown field '<b>'"
    problem = Diagnostic.error("content/claims/x.yaml", message, "hint", pos=Pos(3, 5))
    page = render_error_page([problem]).decode("utf-8")
    assert diagnostics_shown(page) == [
        "content/claims/x.yaml:3:5: error: unknown field '<b>'",
        "    hint",
        "1 problem (1 error, 0 warnings)",
    ]
    assert "<b>" not in page


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("", True),
        ("claims/x/", True),
        ("claims/x", True),
        ("index.html", True),
        ("style.css", False),
        ("feed.xml", False),
        ("favicon.svg", False),
    ],
)
def test_only_pages_give_way_to_the_error_page(path: str, page: bool) -> None:
    assert is_page(path) is page
