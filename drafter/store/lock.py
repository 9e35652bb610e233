"""Advisory file locks between drafter processes: one writer at a time, readers beside it.

A lock is a small file locked with ``flock`` (``fcntl``; on Windows ``msvcrt``, where
every lock is exclusive). The operating system releases it when the process ends, even
when killed, so a lock never outlives the process that held it — which is also how
leftovers are told from live work: what a lock covers is debris once the lock is free.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .files import make_folder

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_NAME = ".drafter.lock"  # in a corpus folder: held while ingest checks and writes


@contextlib.contextmanager
def locked(path: Path, shared: bool = False) -> Iterator[None]:
    """Hold the lock file ``path`` (created when missing) for the ``with`` block, waiting
    for it; ``shared``: alongside other shared holders, never beside an exclusive one."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        else:  # pragma: no cover - Windows: LK_LOCK gives up after ten seconds; keep waiting
            while True:
                with contextlib.suppress(OSError):
                    msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
                    break
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def corpus_lock(corpus: Path) -> contextlib.AbstractContextManager[None]:
    """The lock of a corpus's writes (ingest): its "already there?" check and its write are
    one step for every other writer."""
    make_folder(corpus)
    return locked(corpus / LOCK_NAME)
