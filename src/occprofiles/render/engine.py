"""The papermill engine that executes through the worker's reused kernel.

papermill finds it by name (``occprofiles-reused-kernel``) through the ``papermill.engine`` entry point
declared in pyproject.toml: its public registration. papermill loads every such entry point while
``papermill.engines`` is being imported, so this module stays small, and callers ask papermill for the
engine by name instead of importing this module (imported first, it would be loaded by papermill
while only half-initialised).
"""

from __future__ import annotations

from typing import Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args


class ReusedKernelEngine(NBClientEngine):
    """papermill's nbclient engine, executing with the worker's already connected kernel client."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        **kwargs: Any,
    ) -> Any:
        from .kernel import connected_kernel

        km, kc = connected_kernel()
        kwargs = remove_args(["input_path", "timeout", "startup_timeout", "km"], **kwargs)
        final_kwargs = merge_kwargs(
            kwargs,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client = PapermillNotebookClient(nb_man, km=km, **final_kwargs)
        client.kc = kc  # set after construction: NotebookClient.__init__ resets it
        return client.execute()
