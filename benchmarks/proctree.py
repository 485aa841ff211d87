"""A process and its live descendants, read from /proc: one walk for the benchmarks' tree sums."""

from __future__ import annotations

import os
from collections.abc import Callable


def sum_over_tree(root: int, value: Callable[[list[str]], int]) -> int:
    """The sum of ``value(fields)`` over ``root`` and every live descendant, where ``fields`` are a process's
    /proc/PID/stat fields after the command name (``fields[1]`` is the parent pid, as in proc(5) less 2)."""
    children: dict[int, list[int]] = {}
    values: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid, own = int(fields[1]), value(fields)
        except (OSError, IndexError, ValueError):
            continue  # the process ended between listing /proc and reading it: nothing to count
        children.setdefault(ppid, []).append(int(entry))
        values[int(entry)] = own
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += values.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total
