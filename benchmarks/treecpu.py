"""Run a command and report its wall time and the CPU time (user + sys) of its whole process tree.

    python benchmarks/treecpu.py -- .venv/bin/occprofiles book --pdf

``getrusage(RUSAGE_CHILDREN)`` counts a descendant only when its parent waited for it; a process whose
parent ended first (Chromium's zygote children, double-forked helpers) is re-parented to init and its CPU
time is lost. This wrapper makes itself the "child subreaper" (``prctl(PR_SET_CHILD_SUBREAPER)``), so such
orphans are re-parented to it, and it waits for every one of them before it reports: the CPU time of every
process the command started, Chromium included. The load average before and after is printed beside it.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("treecpu: prctl(PR_SET_CHILD_SUBREAPER) failed: orphans' CPU would be missed", file=sys.stderr)
        return 1
    load_before = os.getloadavg()
    started = time.perf_counter()
    proc = subprocess.Popen(argv)
    code = proc.wait()
    wall = time.perf_counter() - started
    while True:  # orphans re-parented to us: wait for each (its CPU time is then in RUSAGE_CHILDREN)
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_after = os.getloadavg()
    print(
        f"treecpu: wall {wall:.1f} s, CPU {usage.ru_utime + usage.ru_stime:.1f} s "
        f"(user {usage.ru_utime:.1f}, sys {usage.ru_stime:.1f}); load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after, on {os.cpu_count()} cores; exit {code}",
        file=sys.stderr,
    )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
