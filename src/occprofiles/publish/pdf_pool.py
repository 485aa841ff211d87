"""The worker processes that post-process the prints (number, describe, merge, compress: pikepdf, CPU-bound)
two at a time. Each worker ends when the build does (``lifecycle``: parent-death signal and a watchdog);
the pool is shut down, its workers reaped, before :func:`post_pool` returns."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from .. import lifecycle

POST_WORKERS = 2
POST_BATCH = 25  # chapter PDFs per task: fewer round trips than one task per chapter


def _init_worker(parent_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    lifecycle.die_with_parent(signal.SIGTERM)
    if os.getppid() != parent_pid:  # the parent ended before prctl took effect
        os._exit(128 + signal.SIGTERM)
    lifecycle.watch_parent(parent_pid, lambda: os._exit(128 + signal.SIGTERM))


@contextlib.contextmanager
def post_pool(workers: int = POST_WORKERS) -> Iterator[ProcessPoolExecutor]:
    pool = ProcessPoolExecutor(
        max_workers=max(1, workers),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
