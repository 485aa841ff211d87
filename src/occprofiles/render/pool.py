"""The local batch: chapters rendered in a pool of spawned worker processes.

Workers are spawned, not forked (forked workers were seen to hang after the parent ran notebooks). A
worker process that dies (the OOM killer, ``kill -9``) breaks a process pool, and every chapter in
flight with it: those chapters are retried once each, alone, in a fresh pool; one whose worker dies
again fails with :data:`WORKER_DIED`. The rest of the batch goes on in a new pool.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .worker import Outcome, Task, render_one

WORKER_DIED = "its worker process died (killed, or out of memory) twice while rendering it"

Work = Callable[[Task], Outcome]


def execute_locally(tasks: list[Task], jobs: int, work: Work = render_one) -> Iterator[Outcome]:
    """Outcomes of ``tasks`` in completion order (``work`` runs in a worker; tests swap it)."""
    queue = deque(tasks)
    while queue:
        in_flight_when_broken = yield from run_pool(queue, max(1, min(jobs, len(queue))), work)
        for task in in_flight_when_broken:
            if (yield from run_pool(deque([task]), 1, work)):
                yield Outcome(task.code, False, 0.0, WORKER_DIED)


def run_pool(queue: deque[Task], jobs: int, work: Work) -> Generator[Outcome, None, list[Task]]:
    """Run tasks from ``queue`` (consumed) in one pool, at most ``jobs`` in flight; yield their outcomes.
    Returns the tasks that were in flight when the pool broke (empty when it did not)."""
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
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
        except BaseException:
            for fut in in_flight:
                fut.cancel()
            raise
    return []
