"""Work on a whole plan at once: millions of small objects and hardly a reference cycle."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the block, then resume it as before.

    Parsing, checking or storing a plan makes millions of objects that live until the end and
    hardly a cycle among them; the collector's full passes over them grow faster than the plan
    (two fifths of ingesting a 20 MB plan, a third more at 50 MB), so it waits until the block is
    done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
