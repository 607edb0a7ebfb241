"""Runs git in a folder and, when git cannot answer, says why in git's own words."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """Git could not answer: not installed, not a repository, an unknown commit, no reply."""


def git(root: Path, *args: str, stdin: bytes | None = None, timeout: float | None = None) -> bytes:
    """Run git in the folder; return its output or raise GitError with git's own words."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, input=stdin, capture_output=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} gave no answer in {timeout} seconds") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {said[-1] if said else 'no message'}")
    return done.stdout
