"""A few helper threads per process, for work a ranking can overlap with its own.

The BM25 kernels and FAISS release the GIL, so a second channel scored on a helper thread runs on the other core
while the request's thread scores the first: on a 2-core host with a core to spare, a ranking of a posting (two
channels of a hundred query terms each over 100,000 postings) finishes about a millisecond sooner. Under full load
the helper only queues, which costs a hand-over (tens of microseconds), never a core.

Only work that spends most of its time outside the GIL gains from a helper. Pure Python work (segmenting the query's
text for its explanation was tried) holds the GIL against the request's thread, which then waits for the switch
interval (5 ms) instead of running: the request took longer than without the helper.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
HELPERS = 2
_pool: tuple[int, ThreadPoolExecutor] | None = None


def start(work: Callable[..., T], *args) -> Future[T]:
    """Run `work(*args)` on a helper thread of this process; `.result()` waits for it (and raises what it raised)."""
    global _pool
    pid = os.getpid()
    if _pool is None or _pool[0] != pid:  # a forked child (gunicorn, RQ) cannot use its parent's threads
        _pool = (pid, ThreadPoolExecutor(max_workers=HELPERS, thread_name_prefix="overlap"))
    return _pool[1].submit(work, *args)
