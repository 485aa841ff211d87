"""Stopping cleanly: signals become exceptions, children die with their parent, no zombie is left.

- :func:`install_stop_handlers` (the command line): SIGTERM and SIGINT raise :class:`Interrupted`
  (a ``KeyboardInterrupt``), so a job scheduler's TERM is handled exactly like Ctrl-C: ``finally``
  blocks run, temporary files are removed, the command reports what finished and exits 128 + signal.
- :func:`signals_deferred`: a block that must not be cut in two (swapping a build into place); a
  signal that arrives meanwhile is delivered when the block ends.
- :func:`die_with_parent`: Linux ``prctl(PR_SET_PDEATHSIG)``, so a child process is signalled when the
  *thread* that created it ends (with it, its process), whatever killed the parent — KILL included.
- :func:`watch_parent`: a daemon thread that calls a function once the parent process is gone (the
  fallback where there is no ``prctl``, and a second line where there is).
- :func:`reap_resource_tracker`: multiprocessing's resource tracker is otherwise left to exit after
  the parent and linger as a zombie until init reaps it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

from .errors import Interrupted

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
_PR_SET_PDEATHSIG = 1


def _raise_interrupted(signum: int, _frame: object) -> None:
    # Later signals are ignored while the first one's clean-up runs (a second Ctrl-C must not cut it).
    for s in STOP_SIGNALS:
        signal.signal(s, signal.SIG_IGN)
    raise Interrupted(signum)


def install_stop_handlers() -> None:
    """SIGTERM and SIGINT raise :class:`Interrupted` in the main thread (call from the main thread)."""
    for s in STOP_SIGNALS:
        signal.signal(s, _raise_interrupted)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Stop signals that arrive inside the block are delivered when it ends."""
    blocked = set(STOP_SIGNALS)
    old = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def die_with_parent(signum: int = signal.SIGTERM) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent (the creating thread) ends.
    Returns False where that is not available (not Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(parent_pid: int, on_orphaned: Callable[[], object], interval_s: float = 0.5) -> threading.Thread:
    """A daemon thread that calls ``on_orphaned`` once this process's parent is no longer ``parent_pid``."""

    def run() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval_s)
        on_orphaned()

    thread = threading.Thread(target=run, name="occprofiles-parent-watch", daemon=True)
    thread.start()
    return thread


def reap_resource_tracker(timeout_s: float = 2.0) -> None:
    """Stop multiprocessing's resource tracker (started by the worker pool) and wait for it, so that it
    does not outlive this process as a zombie. Call once every worker process has ended."""
    from multiprocessing import resource_tracker

    tracker = resource_tracker._resource_tracker
    pid, fd = getattr(tracker, "_pid", None), getattr(tracker, "_fd", None)
    if pid is None or fd is None:
        return
    with contextlib.suppress(OSError):
        os.close(fd)  # the tracker exits at end of file on its pipe
    setattr(tracker, "_fd", None)  # noqa: B010 - private attribute, no public way to stop it
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            break
        if done:
            break
        time.sleep(0.02)
    setattr(tracker, "_pid", None)  # noqa: B010


@contextlib.contextmanager
def exclusive_lock(path: os.PathLike[str] | str, what: str) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` for the block. When another process holds it, say so on
    stderr and wait for it (the lock goes with that process, however it ends: no stale lock file)."""
    import fcntl

    os.makedirs(os.path.dirname(os.fspath(path)) or ".", exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"occprofiles: another {what} is running in this checkout (lock {path}); waiting for it to finish...",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def guarded_command(cmd: list[str]) -> list[str]:
    """``cmd`` run under :func:`run_guarded` on behalf of this process: start it with
    ``start_new_session=True``, and the whole process group (``cmd`` and every process it forks) ends
    when this process does, or when the group is sent SIGTERM."""
    return [sys.executable, "-m", "occprofiles.lifecycle", str(os.getpid()), *cmd]


def run_guarded(parent_pid: int, cmd: list[str]) -> int:
    """Run ``cmd`` in this process group; kill the whole group (this process too) when ``parent_pid``
    dies or on SIGTERM/SIGINT. Needed where ``cmd`` forks helpers that would outlive it (Sphinx's
    parallel readers and writers are forked by Jupyter Book and ignore its death)."""
    import subprocess

    def kill_group(*_: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        os.killpg(0, signal.SIGKILL)

    signal.signal(signal.SIGTERM, kill_group)
    signal.signal(signal.SIGINT, kill_group)
    die_with_parent(signal.SIGTERM)
    if os.getppid() != parent_pid:
        kill_group()
    watch_parent(parent_pid, kill_group)
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(run_guarded(int(sys.argv[1]), sys.argv[2:]))
