"""Everything the build does only to be fast, in one place that the pipeline alone calls.

Forked workers and collector control (forks.py), remembered results (memo.py and
remembered.py) and compiled layouts (layouts.py): each is switched off by FACTSITE_SPEED=off
(switch.py; or the older FACTSITE_WORKERS=1 and FACTSITE_LAYOUT_CACHE=off), and the output
is the same byte for byte either way.
"""

from .forks import (
    LARGE_PAGE_ITEMS,
    PARALLEL_MIN_PAGES,
    WORKERS_VARIABLE,
    frozen_heap,
    keep_out_of_collector,
    map_forked,
    paused_gc,
    render_pages,
    spare_last_collection,
    worker_count,
)
from .layouts import CACHE_VARIABLE, compile_layouts, layout_cache
from .memo import IdentityMemo, TextMemo, new_memo, remembered_texts
from .remembered import RememberedClaims, RememberedViews, remembered_items
from .switch import SPEED_VARIABLE, enabled

__all__ = [
    "CACHE_VARIABLE",
    "LARGE_PAGE_ITEMS",
    "PARALLEL_MIN_PAGES",
    "SPEED_VARIABLE",
    "WORKERS_VARIABLE",
    "IdentityMemo",
    "RememberedClaims",
    "RememberedViews",
    "TextMemo",
    "compile_layouts",
    "enabled",
    "frozen_heap",
    "keep_out_of_collector",
    "layout_cache",
    "map_forked",
    "new_memo",
    "paused_gc",
    "remembered_items",
    "remembered_texts",
    "render_pages",
    "spare_last_collection",
    "worker_count",
]
