"""``occprofiles render --scheduler ADDRESS``: the same chapter tasks on an existing Dask cluster.

Each Dask worker runs :func:`occprofiles.render.worker.render_one` exactly as a local worker process
does (one reused kernel per worker process, atomic writes), so the outputs are identical; the workers
must see the same filesystem (the repository and its ``data/processed``) as the client.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import SchedulerError
from .worker import Outcome, Task, render_one


def execute_on_cluster(tasks: Iterable[Task], scheduler: str) -> Iterator[Outcome]:
    """Outcomes of ``tasks`` rendered by the Dask cluster at ``scheduler``, in completion order."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - dask is a declared dependency
        raise SchedulerError("--scheduler needs dask.distributed: pip install 'dask[distributed]'") from exc
    try:
        client = Client(scheduler, timeout="20s", set_as_default=False)
    except OSError as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    futures = []
    try:
        futures = client.map(render_one, list(tasks), pure=False)
        for future in as_completed(futures, loop=client.loop):
            yield future.result()
    except BaseException:
        # Ctrl-C, SIGTERM or the consumer stopping: the scheduler forgets the chapters not started
        # (a task already running on a worker runs to its end: Dask does not interrupt a thread).
        if futures:
            client.cancel(futures)
        raise
    finally:
        client.close()
