"""The local batch: chapters rendered in a pool of spawned worker processes.

Workers are spawned, not forked (forked workers were seen to hang after the parent ran notebooks). A
worker process that dies (the OOM killer, ``kill -9``) breaks a process pool, and every chapter in
flight with it: those chapters are retried once each, alone, in a fresh pool; one whose worker dies
again fails with :data:`WORKER_DIED`. The rest of the batch goes on in a new pool.

Lifecycle: each worker dies with the batch's process, however that ends (``PR_SET_PDEATHSIG`` plus a
watchdog thread on the parent's pid; its kernel is killed first, see :func:`worker.abandon`); Ctrl-C
and SIGTERM are the parent's to handle (workers ignore SIGINT, which a terminal sends to the whole
process group): the parent stops dispatching and terminates the workers, which kill their kernels.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .. import lifecycle
from .worker import Outcome, Task, abandon, render_one

WORKER_DIED = "its worker process died (killed, or out of memory) twice while rendering it"

Work = Callable[[Task], Outcome]


def execute_locally(tasks: list[Task], jobs: int, work: Work = render_one) -> Iterator[Outcome]:
    """Outcomes of ``tasks`` in completion order (``work`` runs in a worker; tests swap it)."""
    queue = deque(tasks)
    while queue:
        in_flight_when_broken = yield from run_pool(queue, max(1, min(jobs, len(queue))), work)
        for task in in_flight_when_broken:
            if (yield from run_pool(deque([task]), 1, work)):
                yield Outcome(task.code, False, 0.0, WORKER_DIED, task.kind)


def run_pool(queue: deque[Task], jobs: int, work: Work) -> Generator[Outcome, None, list[Task]]:
    """Run tasks from ``queue`` (consumed) in one pool, at most ``jobs`` in flight; yield their outcomes.
    Returns the tasks that were in flight when the pool broke (empty when it did not)."""
    ctx = multiprocessing.get_context("spawn")
    # Spawned here, in the main thread, which lives as long as the batch: PR_SET_PDEATHSIG fires when
    # the creating *thread* ends.
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=init_worker, initargs=(os.getpid(),)
    ) as pool:
        in_flight: dict[Future[Outcome], Task] = {}
        try:
            while queue or in_flight:
                while queue and len(in_flight) < jobs:
                    task = queue.popleft()
                    try:
                        in_flight[pool.submit(work, task)] = task
                    except BrokenProcessPool:  # a worker died while we were between waits
                        return [task, *in_flight.values()]
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                broken = []
                for fut in done:
                    task = in_flight.pop(fut)
                    try:
                        outcome = fut.result()
                    except BrokenProcessPool:
                        broken.append(task)
                        continue
                    yield outcome
                if broken:
                    return broken + list(in_flight.values())
        except BaseException:  # Ctrl-C, SIGTERM, or the consumer closed the batch: stop, do not drain
            for fut in in_flight:
                fut.cancel()
            stop_workers(pool)
            raise
    return []


def init_worker(parent_pid: int) -> None:
    """Runs first in every worker process: it ends (killing its kernel) when the parent does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, _frame: abandon(128 + signum))
    lifecycle.die_with_parent(signal.SIGTERM)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        abandon(128 + signal.SIGTERM)
    lifecycle.watch_parent(parent_pid, lambda: abandon(128 + signal.SIGTERM))


def stop_workers(pool: ProcessPoolExecutor, grace_s: float = 3.0) -> None:
    """SIGTERM every worker of ``pool`` (each kills its kernel and exits), then SIGKILL stragglers;
    every worker is reaped. (``ProcessPoolExecutor`` has no public way to do this before Python 3.14.)"""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    for proc in processes:
        proc.join(grace_s)
        if proc.is_alive():
            proc.kill()
            proc.join(1.0)
