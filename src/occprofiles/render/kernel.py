"""The worker process's one Jupyter kernel, started once and reused for every chapter it renders.

The connected client is kept too: papermill's default engine connects a new client for every
notebook, and waiting for it to be ready costs ~0.2 s (jupyter_client drains IOPub until 0.2 s of
silence).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths

if TYPE_CHECKING:
    from jupyter_client.blocking import BlockingKernelClient
    from jupyter_client.manager import KernelManager

KERNEL_NAME = "python3"
# No input history: IPython would otherwise write every cell of every chapter to ~/.ipython's SQLite history
# from a thread of its own (~17 ms of the kernel's CPU per chapter, measured); a chapter never reads it.
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]
# The kernel spec's command with occprofiles' launcher in place of ipykernel's (occprofiles.kernel_launcher:
# the same kernel, less what only a batch kernel can drop; its docstring lists them), run by this interpreter.
KERNEL_COMMAND = [sys.executable, "-m", "occprofiles.kernel_launcher", "-f", "{connection_file}"]
logger = logging.getLogger(__name__)

_manager: KernelManager | None = None
_client: BlockingKernelClient | None = None
# The kernel's process id and folder, kept apart from the manager so that a signal handler can kill
# the kernel without calling into jupyter_client (whose event loop may be mid-call when it runs).
_kernel_pid: int | None = None
_kernel_home: str | None = None


def connected_kernel() -> tuple[KernelManager, BlockingKernelClient]:
    """The worker's kernel manager and its ready client, (re)started when the kernel is not alive."""
    global _manager, _client, _kernel_pid, _kernel_home
    from jupyter_client.manager import KernelManager

    if _manager is not None and _client is not None and _manager.is_alive():
        return _manager, _client
    keep_header_dates_as_text()
    if _manager is not None:
        shutdown_kernel()
    # IPC transport: no TCP ports, and no "running over TCP without encryption" warning per kernel.
    home = _kernel_home = tempfile.mkdtemp(prefix="occprofiles-kernel-")
    _manager = KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=home + "/kernel")
    if _manager.kernel_spec is not None:
        _manager.kernel_spec.argv = list(KERNEL_COMMAND)
    # Its own working folder: papermill runs each notebook inside a temporary folder that is removed
    # afterwards, and a kernel started there would be left in a deleted folder. The data folder is
    # passed resolved, so a relative OCCPROFILES_DATA_DIR means the same folder here.
    try:
        # jupyter_client sets JPY_PARENT_PID: ipykernel then exits within a second of this worker's death,
        # however the worker died (its parent poller), so a killed worker leaves no kernel behind.
        _manager.start_kernel(
            extra_arguments=KERNEL_ARGUMENTS, cwd=home, env={**os.environ, paths.DATA_DIR_ENV: str(paths.data_dir())}
        )
        _kernel_pid = getattr(_manager.provisioner, "pid", None)
        _client = _manager.client()
        _client.start_channels()
        _client.wait_for_ready(timeout=60)
    except BaseException:
        shutdown_kernel()
        raise
    _client.allow_stdin = False
    preload(_client)
    from multiprocessing import util

    util.Finalize(None, shutdown_kernel, exitpriority=10)
    return _manager, _client


# Imported once when the kernel starts, not by its first chapter: the chapter code, its charts (matplotlib)
# and pandas. A chapter's time is then its own; the template's imports find the modules loaded (its
# namespace is still reset between chapters: modules are not names in it).
# The objects the imports made are then moved out of the cyclic garbage collector's sight (gc.freeze): they
# live as long as the kernel, and every collection scanned them again (a full collection at each reset, and
# those that drawing triggers: ~40 % of the kernel's non-chart CPU, measured). Collection still frees every
# chapter's own garbage; the reset cell freezes what survives it (worker.RESET_SOURCE).
PRELOAD_SOURCE = (
    "import occprofiles.chapter, occprofiles.charts; del occprofiles\nimport gc; gc.collect(); gc.freeze(); del gc"
)
PRELOAD_TIMEOUT_S = 120


def keep_header_dates_as_text() -> None:
    """Leave the dates in received messages' headers as the ISO text they arrive as (idempotent).

    jupyter_client turns every date of every received header into a datetime with dateutil's ISO parser
    (4 of the worker's 21 CPU-ms a notebook in a messaging bench of 17 cells and 30 displays), and nothing in a
    render reads them: nbclient's cell timings (its only reader; it falls back to the current time) are not
    kept in chapters. It applies to the whole process for the rest of its life: a render worker (pool or Dask),
    or the command itself with ``--jobs 1`` (and a test session that renders)."""
    from jupyter_client import session

    session.extract_dates = _dates_as_text


def _dates_as_text(obj: object) -> object:
    return obj


def preload(client: BlockingKernelClient) -> None:
    """Import the chapter code in the kernel, silently (no output, no history, nothing left in its
    namespace). A failure is logged, not raised: the first chapter then imports and reports it."""
    import queue

    msg_id = client.execute(PRELOAD_SOURCE, silent=True, store_history=False)
    try:
        while True:
            reply = client.get_shell_msg(timeout=PRELOAD_TIMEOUT_S)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
    except queue.Empty:
        logger.warning("preloading the chapter code in the kernel took over %d s; going on", PRELOAD_TIMEOUT_S)
        return
    if reply["content"].get("status") != "ok":
        logger.warning("preloading the chapter code in the kernel failed: %s", reply["content"].get("evalue"))


def shutdown_kernel() -> None:
    """Stop the client and the kernel, and remove the kernel's folder. Never raises: it runs while a
    chapter's failure is being handled and at process exit, where there is nothing better to do."""
    global _manager, _client, _kernel_pid
    if _client is not None:
        try:
            _client.stop_channels()
        except Exception as exc:  # noqa: BLE001 - cleanup must not raise; logged
            logger.warning("stopping the kernel client's channels failed (the kernel is shut down anyway): %s", exc)
        _client = None
    if _manager is not None:
        try:
            _manager.shutdown_kernel(now=True)
        except Exception as exc:  # noqa: BLE001 - cleanup must not raise; logged
            logger.warning("shutting the kernel down failed (its process may already be gone): %s", exc)
        shutil.rmtree(Path(_manager.ip).parent, ignore_errors=True)
        _manager = None
    _kernel_pid = None


def kill_kernel_now() -> None:
    """Kill the kernel's process group and remove its folder, without jupyter_client: safe in a signal
    handler or a watchdog thread, just before the worker exits. (The kernel runs in its own session,
    so its process group id is its pid.)"""
    global _kernel_pid
    pid, _kernel_pid = _kernel_pid, None
    if pid is not None:
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
                break
            except OSError:
                continue
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)  # it is this worker's child: reap it, no zombie
    if _kernel_home is not None:
        shutil.rmtree(_kernel_home, ignore_errors=True)
