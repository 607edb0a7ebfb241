"""The one switch of every speed mechanism: FACTSITE_SPEED=off turns them all off."""

from __future__ import annotations

import os

# "off" turns every mechanism here off: one process, the collector untouched, nothing kept.
SPEED_VARIABLE = "FACTSITE_SPEED"


def enabled() -> bool:
    """Tell whether the speed mechanisms are on (they are unless FACTSITE_SPEED=off)."""
    return os.environ.get(SPEED_VARIABLE, "").strip().lower() != "off"
