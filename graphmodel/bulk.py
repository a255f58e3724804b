"""Building millions of small records without the cyclic garbage collector in the way.

An import or a store load allocates a few million objects that all stay alive; CPython's
collector keeps re-scanning them as they pile up (measured: 20-30% of a 1M-row import). None
of them form reference cycles, so pausing the collector for the duration is safe.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic GC inside the block (re-enabled after, if it was enabled)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
