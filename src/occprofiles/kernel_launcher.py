"""The render workers' kernel: ipykernel, started as ``ipykernel_launcher`` starts it, less three costs that
only a batch kernel can drop (no front end ever attaches to it):

- no debugger: ipykernel imports debugpy at start, to offer a debugger to front ends that ask for one
  (~0.1 CPU-s of each kernel's start, measured). With debugpy not importable while the kernel starts, it
  runs without one, as it does where debugpy is not installed;
- no debug log records: ipykernel's logger is at DEBUG (traitlets' default) while its only handler shows
  warnings, so every message made a record and dropped it (~4 % of the kernel's CPU per cell, measured).
  Warnings and errors are logged as before;
- no empty stream flushes: ipykernel flushes stdout and stderr before every display and at the end of every
  cell, and each flush hands two events to its IOPub thread and waits for them, written or not (a chapter
  shows ~31 displays and writes nothing: ~2.5 % of a render's CPU, measured side by side). A flush now returns
  at once when nothing was written since the last one; what was written is flushed as before, in the same order
  on IOPub. (The cell's reply on the shell channel no longer waits for IOPub to drain when there was nothing to
  flush; nbclient collects a cell's outputs until its idle status, which comes after them.)

Run as ``python -m occprofiles.kernel_launcher -f CONNECTION_FILE [ipykernel options]``
(``render.kernel.KERNEL_COMMAND``). It lives outside ``occprofiles.render`` so that starting a kernel does not
import the batch machinery (~0.12 CPU-s).
"""

from __future__ import annotations

import logging
import os
import sys

# How many of a stream's ``_flush`` calls are running (the IOPub thread's: taking text, queueing its send).
_SENDING = "_occprofiles_flushes_running"


def main() -> None:
    # As ipykernel_launcher: nothing is imported from the kernel's working folder.
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # `import debugpy` raises ImportError
    try:
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize()  # ipykernel looks for debugpy here, once
    finally:
        del sys.modules["debugpy"]  # `"debugpy" in sys.modules` is false again, as in any process without it
    app.log.setLevel(logging.WARNING)
    skip_empty_stream_flushes()
    app.start()


def skip_empty_stream_flushes() -> bool:
    """Make ``OutStream.flush`` return at once when nothing is buffered and no flush is under way (the
    kernel's stdout and stderr); False (ipykernel's flush left as it is) when its streams are not what this
    expects."""
    from ipykernel.iostream import OutStream

    streams = (sys.stdout, sys.stderr)
    # ipykernel's private state (7.x): pending text in ``_buffers`` (a dict by parent message, taken by
    # ``_flush``, which the IOPub thread runs); ``echo`` set when output is also copied to the terminal.
    if not all(
        isinstance(s, OutStream) and isinstance(getattr(s, "_buffers", None), dict) and hasattr(s, "echo")
        for s in streams
    ):
        return False
    stock_flush, stock_send = OutStream.flush, OutStream._flush
    if getattr(stock_flush, "__wrapped__", None) is not None:
        return True

    def send_counted(self: OutStream) -> None:
        setattr(self, _SENDING, getattr(self, _SENDING, 0) + 1)
        try:
            stock_send(self)
        finally:
            setattr(self, _SENDING, getattr(self, _SENDING) - 1)

    def flush(self: OutStream) -> None:
        # Skipped only when no text is waiting and no _flush is between taking text and queueing its send
        # (checked in that order: _flush counts itself in before it takes the text). Otherwise ipykernel's
        # flush, which waits for the IOPub thread: a stream message queued there always goes out before
        # whatever this thread sends next (a display), as without this.
        if self.echo is None and not self._buffers and not getattr(self, _SENDING, 0):
            return
        stock_flush(self)

    flush.__wrapped__ = stock_flush  # type: ignore[attr-defined]
    OutStream._flush = send_counted  # type: ignore[method-assign]
    OutStream.flush = flush  # type: ignore[method-assign]
    return True


if __name__ == "__main__":
    main()
