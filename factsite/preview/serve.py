"""Serves the built site with live reload, rebuilding what each saved change affects."""

from __future__ import annotations

import asyncio
import errno
import signal
import socket
import sys
import threading
import traceback
import webbrowser
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import web
from tornado.httpserver import HTTPServer

from ..diagnostics import format_text, summary_line
from ..pipeline import Outcome
from ..preview import SiteBuilder
from .errorpage import render_error_page
from .hosts import HostCheck, host_check, is_loopback

WATCHED = ("content", "layouts", "static", "seeds")
# watchfiles hands over a batch once no event has come for this long. An editor's save
# (a temporary file written, then renamed over the card) takes a few milliseconds, so it
# lands in one batch: one save, one rebuild. Longer only delays the preview.
QUIET_MS = 20
# How often the watching thread wakes without events, to notice it should stop.
WAKE_MS = 200
START_TIMEOUT = 10.0
# On Ctrl-C, how long a search index run under way may take to end (Pagefind gets the signal).
STOP_TIMEOUT = 3.0
# Editors' temporary and backup files (hidden, `#…#`, `…~`) are not content, as the loader
# says; a save that only touches them is not a change.
SOURCE_FILTER = watchfiles.DefaultFilter(
    ignore_entity_patterns=(*watchfiles.DefaultFilter.ignore_entity_patterns, r"^\.", r"^#")
)
# The snippet python-livereload's Server puts before </head>: it loads livereload.js from
# this same server, which then listens on /livereload for the order to reload.
LIVE_SCRIPT = (
    b'<script>(function(){var s=document.createElement("script");'
    b'var port=window.location.port||(window.location.protocol=="https:"?443:80);'
    b's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
    b"document.head.appendChild(s);})();</script>"
)


class ServeError(Exception):
    """The preview cannot start where it was asked to (a usage error)."""


def refuse_other_hosts(handler: web.RequestHandler) -> None:
    """Answer 403 to a request addressed to another host than the preview's."""
    check: HostCheck = handler.settings["hosts"]
    if not check.allows(handler.request.host):
        raise web.HTTPError(403, reason="Forbidden: not this preview's address")


class Preview:
    """A running preview: the site kept in memory and, while it is broken, its error page."""

    def __init__(self, builder: SiteBuilder) -> None:
        self.builder = builder
        self.error_page: bytes | None = None
        self.reload_browsers: Callable[[], None] = lambda: None

    def build(self) -> Outcome:
        """Build everything, print the outcome and return it."""
        report = self.builder.build_all()
        self._show(report, "built")
        return report

    def rebuild(self, changed: list[str]) -> Outcome:
        """Rebuild after a change, print the outcome, and reload the browsers if it shows."""
        report = self.builder.rebuild(changed)
        if self._show(report, "rebuilt"):
            self.reload_browsers()
        return report

    def _show(self, report: Outcome, verb: str) -> bool:
        """Print the problems and the outcome; return whether what browsers see changed."""
        for diagnostic in report.problems:
            print(format_text(diagnostic), file=sys.stderr)
        if report.problems:
            print(summary_line(report.problems), file=sys.stderr)
        if report.write_error:
            print(f"build.py: error: {report.write_error}", file=sys.stderr)
        before = self.error_page
        if not report.ok:
            self.error_page = render_error_page(report.problems, report.write_error)
            return self.error_page != before
        self.error_page = None
        pages = f"{report.pages_rendered} page{'s' * (report.pages_rendered != 1)}"
        print(f"{verb} {pages} in {report.elapsed_ms:.0f} ms", file=sys.stderr)
        return before is not None or report.files_written > 0


class SiteHandler(web.StaticFileHandler):
    """Serves the output folder; while the site is broken, any page is the error page."""

    def prepare(self) -> None:
        refuse_other_hosts(self)

    def log_exception(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        # The terminal is for the site's problems: a client's bad request (an URL that is not
        # UTF-8) is answered, not printed. Anything else is a bug, and tornado prints it.
        if not isinstance(value, web.HTTPError):
            super().log_exception(kind, value, trace)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        # A NUL (from %00) is in no file's name, and the file system calls would raise on it.
        if "\x00" in absolute_path:
            raise web.HTTPError(400)
        return super().validate_absolute_path(root, absolute_path)

    async def get(self, path: str, include_body: bool = True) -> None:
        preview: Preview = self.settings["preview"]
        page = preview.error_page
        if page is not None and is_page(path):
            # 500: whatever reads this (a browser, a link checker) must not take it for the page.
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(page)
            return
        await super().get(path, include_body)

    def should_return_304(self) -> bool:
        return False  # after a rebuild a reload must fetch the new bytes, never a cached copy

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Answer a missing path with the site's 404.html, as GitHub Pages does."""
        missing = Path(self.root) / "404.html"
        if status_code != 404 or not missing.is_file():
            super().write_error(status_code, **kwargs)
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(missing.read_bytes())


class LiveScript(LiveScriptInjector):  # type: ignore[misc]  # livereload ships no types
    """Puts livereload's script into every HTML page served, the error page included."""

    script = LIVE_SCRIPT


class LiveReloadScript(LiveReloadJSHandler):  # type: ignore[misc]  # livereload ships no types
    """Serves livereload.js, cacheable: it never changes, and every reload would fetch it."""

    def prepare(self) -> None:
        refuse_other_hosts(self)

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "max-age=86400")


class LiveReloadSocket(LiveReloadHandler):  # type: ignore[misc]  # livereload ships no types
    """livereload's socket, open only to the preview's own pages (livereload allows any)."""

    def prepare(self) -> None:
        refuse_other_hosts(self)

    def check_origin(self, origin: str) -> bool:
        check: HostCheck = self.settings["hosts"]
        return check.allows(urlsplit(origin).netloc)


def is_page(path: str) -> bool:
    """Tell whether a request is for a page (HTML) rather than a stylesheet, image or feed."""
    name = path.rsplit("/", 1)[-1]
    return not name or name.endswith((".html", ".htm")) or "." not in name


def make_app(preview: Preview, out: Path, hosts: HostCheck) -> web.Application:
    """Return the web application: livereload's socket and script, then the site itself."""
    # livereload names the file that changed from its own watcher; ours has none.
    LiveReloadHandler.watcher = Watcher()
    return web.Application(
        [
            (r"/livereload", LiveReloadSocket),
            (r"/livereload.js", LiveReloadScript),
            (r"/(.*)", SiteHandler, {"path": str(out), "default_filename": "index.html"}),
        ],
        transforms=[LiveScript],
        preview=preview,
        hosts=hosts,
        log_function=lambda handler: None,  # the terminal is for the site's problems only
    )


def reload_browsers() -> None:
    """Tell every open page to reload (called on the server's event loop)."""
    LiveReloadHandler.reload_waiters("*")


def bind(host: str, port: int) -> list[socket.socket]:
    """Return listening sockets on host:port, or raise ServeError saying why not."""
    sockets: list[socket.socket] = []
    try:
        for family, kind, proto, _, address in socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        ):
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            listen(sock, (*address[:1], port, *address[2:]))
            port = sock.getsockname()[1]  # port 0: every address gets the port the first got
    except OSError as exc:
        for sock in sockets:
            sock.close()
        if exc.errno == errno.EADDRINUSE:
            reason = f"port {port} is in use; stop the other server or pass --port"
        else:
            reason = exc.strerror or str(exc)
        raise ServeError(f"cannot serve on {host}:{port}: {reason}") from None
    return sockets


def listen(sock: socket.socket, address: tuple[object, ...]) -> None:
    """Bind one socket and listen, as a web server does (address reuse, IPv6 only on v6)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if sock.family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    sock.bind(address)
    sock.listen(128)
    sock.setblocking(False)


class SourceWatcher(threading.Thread):
    """Watches the site's sources and rebuilds the preview after each batch of changes."""

    def __init__(self, root: Path, preview: Preview) -> None:
        super().__init__(name="watch", daemon=True)
        self.root = root.resolve()
        self.preview = preview
        self.watching = threading.Event()  # set once every folder is watched
        self.built = threading.Event()  # set once the first build is done
        self.stopping = threading.Event()

    def run(self) -> None:
        folders = [self.root / name for name in WATCHED if (self.root / name).is_dir()]
        for changes in watchfiles.watch(
            *folders,
            watch_filter=SOURCE_FILTER,
            step=QUIET_MS,
            stop_event=self.stopping,
            raise_interrupt=False,
            # An empty batch now and then tells us the watches are in place.
            yield_on_timeout=True,
            rust_timeout=WAKE_MS,
        ):
            self.watching.set()
            if changes and self._wait_for_first_build():
                self._rebuild(sorted({self._relative(path) for _, path in changes}))

    def _wait_for_first_build(self) -> bool:
        """Hold changes made during the first build until it is done; False when stopping."""
        while not self.built.wait(WAKE_MS / 1000):
            if self.stopping.is_set():
                return False
        return True

    def _relative(self, path: str) -> str:
        return Path(path).relative_to(self.root).as_posix()

    def _rebuild(self, changed: list[str]) -> None:
        try:
            self.preview.rebuild(changed)
        except Exception:  # noqa: BLE001 - a bug in the generator must not end the preview
            traceback.print_exc()

    def stop(self) -> None:
        """Stop watching and wait (briefly) for the thread to end."""
        self.stopping.set()
        if self.is_alive():
            self.join(timeout=2)


def url_of(host: str, sockets: list[socket.socket]) -> str:
    """Return the address the preview answers at."""
    port = sockets[0].getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(
    root: Path,
    out: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    base_url: str | None = None,
) -> int:
    """Build, serve out/ with live reload and rebuild on every change, until Ctrl-C."""
    sockets = bind(host, port)
    builder = SiteBuilder(root, out, base_url, search_later=True, indexed=_print_indexed)
    preview = Preview(builder)
    watcher = SourceWatcher(root, preview)
    try:
        # Watch before the first build, so that no save made while it runs is missed.
        watcher.start()
        watcher.watching.wait(START_TIMEOUT)
        preview.build()
        watcher.built.set()
        asyncio.run(run(preview, out, sockets, host, open_browser))
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        for sock in sockets:
            sock.close()
        builder.settle(STOP_TIMEOUT)
    print("stopped", file=sys.stderr)
    return 0


def _print_indexed(elapsed_ms: float) -> None:
    # Search lags the pages by this long; the line says when it holds the last save.
    # One write: the line never interleaves with the rebuild's, printed from another thread.
    sys.stderr.write(f"search index up to date in {elapsed_ms:.0f} ms\n")


async def run(
    preview: Preview, out: Path, sockets: list[socket.socket], host: str, open_browser: bool
) -> None:
    """Serve until Ctrl-C or SIGTERM."""
    loop = asyncio.get_running_loop()
    server = HTTPServer(make_app(preview, out, host_check(host, sockets)))
    server.add_sockets(sockets)

    def reload_soon() -> None:  # called from the watching thread
        loop.call_soon_threadsafe(reload_browsers)

    preview.reload_browsers = reload_soon
    stop = asyncio.Event()
    # SIGTERM ends the preview as Ctrl-C does: cancelling the task would surface as a traceback.
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    url = url_of(host, sockets)
    print(f"serving {out} at {url} (Ctrl-C to stop)", file=sys.stderr)
    if not is_loopback(sockets):
        print(
            f"warning: on {host} the unpublished preview is reachable from the network; "
            "pass --host 127.0.0.1 to keep it on this machine",
            file=sys.stderr,
        )
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        await stop.wait()
    finally:
        server.stop()
