"""Runs `build.py serve` as a user does, in its own process, and talks to it over HTTP."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from tests.sitetools import REPO

# Bounds on every wait, so a broken server fails a test instead of hanging it.
START_TIMEOUT = 60.0
CHANGE_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def hear_ctrl_c() -> None:
    """Let a child hear Ctrl-C (a preexec_fn): a shell starts background jobs with SIGINT
    ignored, and a Python started so never turns it into KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class PreviewProcess:
    """A running `build.py serve`, with everything it printed to the terminal."""

    def __init__(
        self, root: Path, port: int, options: Sequence[str] = (), env: Mapping[str, str] = {}
    ) -> None:
        self.url = f"http://127.0.0.1:{port}/"
        self.lines: list[str] = []
        self._changed = threading.Condition()
        command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "serve"]
        self.process = subprocess.Popen(
            [*command, "--port", str(port), *options],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
            # Ctrl-C must reach it as in a terminal, even when the tests run in the
            # background, where the shell has every child ignore SIGINT.
            preexec_fn=hear_ctrl_c,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for_line(self, text: str, after: int = 0, timeout: float = START_TIMEOUT) -> int:
        """Wait until a line from index `after` on contains text; return that line's index."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for index in range(after, len(self.lines)):
                    if text in self.lines[index]:
                        return index
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"no line with {text!r}; the server printed {self.lines}")
                self._changed.wait(min(left, 0.2))

    def stop(self, how: signal.Signals = signal.SIGINT) -> int:
        """Press Ctrl-C (or send `how`) and return the exit status (killing it if it hangs)."""
        if self.process.poll() is None:
            self.process.send_signal(how)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)
        self._reader.join(STOP_TIMEOUT)  # the pipe ends with the process
        if self.process.stderr is not None:
            self.process.stderr.close()
        return self.process.returncode


@contextmanager
def running_preview(
    root: Path, *options: str, env: Mapping[str, str] = {}
) -> Iterator[PreviewProcess]:
    """Start `build.py serve` on a free port, wait until it serves, and stop it afterwards."""
    preview = PreviewProcess(root, free_port(), options, env)
    try:
        preview.wait_for_line("serving ")
        yield preview
    finally:
        preview.stop()


def fetch(url: str) -> tuple[int, str]:
    """Return the status and text of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_until(
    url: str, test: Callable[[int, str], bool], timeout: float = CHANGE_TIMEOUT
) -> tuple[int, str]:
    """Fetch url again and again until the answer passes test; return that answer."""
    deadline = time.monotonic() + timeout
    while True:
        status, text = fetch(url)
        if test(status, text):
            return status, text
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} never changed as expected; last answer {status}: {text}")
        time.sleep(0.05)


def request(
    url: str, path: str, host: str | None = None, headers: Mapping[str, str] = {}
) -> tuple[int, str]:
    """Send a GET for path, as written (no quoting), to the server at url; return the answer.

    host: the Host header to send instead of the server's own address.
    """
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()
