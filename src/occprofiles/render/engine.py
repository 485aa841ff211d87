"""The papermill engine that executes through the worker's reused kernel.

papermill finds it by name (``occprofiles-reused-kernel``) through the ``papermill.engine`` entry point
declared in pyproject.toml: its public registration. papermill loads every such entry point while
``papermill.engines`` is being imported, so this module stays small, and callers ask papermill for the
engine by name instead of importing this module (imported first, it would be loaded by papermill
while only half-initialised).
"""

from __future__ import annotations

import datetime
from typing import Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, NotebookExecutionManager
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args


def output_node(msg: dict[str, Any]) -> Any:
    """``nbformat.v4.output_from_msg`` without validating the output against the notebook schema on its own:
    that check ran jsonschema once per output (~1/5 of the worker's CPU per chapter, measured), and the
    chapter is validated whole when it is written (``nbformat.writes``). Same nodes, same keys."""
    from nbformat import from_dict

    msg_type, content = msg["header"]["msg_type"], msg["content"]
    if msg_type in ("display_data", "execute_result"):
        out = {"output_type": msg_type, "metadata": content["metadata"], "data": content["data"]}
        if msg_type == "execute_result":
            out["execution_count"] = content["execution_count"]
    elif msg_type == "stream":
        out = {"output_type": msg_type, "name": content["name"], "text": content["text"]}
    elif msg_type == "error":
        out = {"output_type": msg_type, **{k: content[k] for k in ("ename", "evalue", "traceback")}}
    else:
        raise ValueError(f"Unrecognized output msg type: {msg_type!r}")
    return from_dict(out)


class ChapterClient(PapermillNotebookClient):
    """papermill's notebook client, its outputs made by :func:`output_node` (``NotebookClient.output`` otherwise)."""

    clear_before_next_output: bool  # set by NotebookClient (typed here for mypy)

    def output(self, outs: list, msg: dict[str, Any], display_id: str | None, cell_index: int) -> Any:
        parent_msg_id = msg["parent_header"].get("msg_id")
        if self.output_hook_stack[parent_msg_id]:  # e.g. an Output widget: as nbclient does
            return super().output(outs, msg, display_id, cell_index)
        try:
            out = output_node(msg)
        except ValueError:
            self.log.error(f"unhandled iopub msg: {msg['msg_type']}")
            return None
        if self.clear_before_next_output:
            outs[:] = []
            self.clear_display_id_mapping(cell_index)
            self.clear_before_next_output = False
        if display_id:
            self._display_id_map.setdefault(display_id, {}).setdefault(cell_index, []).append(len(outs))
        outs.append(out)
        return out


class ChapterExecutionManager(NotebookExecutionManager):
    """papermill's execution manager; a cell's duration is computed from the start time it wrote
    (``isoformat()``) with ``datetime.fromisoformat``, not with dateutil's general parser (~1/10 of the worker's
    CPU per chapter, measured). Same metadata."""

    def cell_complete(self, cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
        if kwargs or self.log_output or self.pbar:  # what this shortcut does not do: papermill's own
            return super().cell_complete(cell, cell_index=cell_index, **kwargs)
        end_time = self.now()
        meta = cell.metadata.papermill
        meta["end_time"] = end_time.isoformat()
        if meta.get("start_time"):
            meta["duration"] = (end_time - datetime.datetime.fromisoformat(meta["start_time"])).total_seconds()
        if meta["status"] != self.FAILED:
            meta["status"] = self.COMPLETED
        self.save()


class ReusedKernelEngine(NBClientEngine):
    """papermill's nbclient engine, executing with the worker's already connected kernel client."""

    @classmethod
    def execute_notebook(
        cls,
        nb: Any,
        kernel_name: str,
        output_path: str | None = None,
        progress_bar: bool = True,
        log_output: bool = False,
        autosave_cell_every: int = 30,
        **kwargs: Any,
    ) -> Any:
        """papermill's ``Engine.execute_notebook`` with a :class:`ChapterExecutionManager`."""
        nb_man = ChapterExecutionManager(
            nb,
            output_path=output_path,
            progress_bar=progress_bar,
            log_output=log_output,
            autosave_cell_every=autosave_cell_every,
        )
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb

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
        client = ChapterClient(nb_man, km=km, **final_kwargs)
        client.kc = kc  # set after construction: NotebookClient.__init__ resets it
        return client.execute()
