"""The render workers' kernel: ipykernel, started as ``ipykernel_launcher`` starts it, less two costs that
only a batch kernel can drop (no front end ever attaches to it):

- no debugger: ipykernel imports debugpy at start, to offer a debugger to front ends that ask for one
  (~0.1 CPU-s of each kernel's start, measured). With debugpy not importable while the kernel starts, it
  runs without one, as it does where debugpy is not installed;
- no debug log records: ipykernel's logger is at DEBUG (traitlets' default) while its only handler shows
  warnings, so every message made a record and dropped it (~4 % of the kernel's CPU per cell, measured).
  Warnings and errors are logged as before.

Run as ``python -m occprofiles.kernel_launcher -f CONNECTION_FILE [ipykernel options]``
(``render.kernel.KERNEL_COMMAND``). It lives outside ``occprofiles.render`` so that starting a kernel does not
import the batch machinery (~0.12 CPU-s).
"""

from __future__ import annotations

import logging
import os
import sys


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
    app.start()


if __name__ == "__main__":
    main()
