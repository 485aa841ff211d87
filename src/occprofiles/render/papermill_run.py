"""papermill's ``execute_notebook``, step for step, without reading the notebook back or writing it out.

Given a notebook object, ``papermill.execute_notebook`` serialises it, parses and validates it again
(``load_notebook_node``: adds papermill's metadata and empty tag lists), and at the end serialises the
executed notebook once more for an output path of None, which writes nothing: three nbformat
round trips per chapter, ~1/4 of the worker's CPU per chapter, measured. Here the template is loaded
the papermill way once per worker (:func:`loaded_template`) and copied per chapter; then papermill's own
functions run in papermill's order: the parameters cell injected by ``parameterize_notebook``, its
metadata (``prepare_notebook_metadata``, ``remove_error_markers``), execution by the named papermill
engine (``NotebookExecutionManager`` records each cell's status and timing) and
``raise_for_execution_errors``. The executed notebook is the one ``execute_notebook`` returns.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode

# template path -> ((mtime_ns, size), the extra cell inserted at index 1 or None, loaded notebook)
_loaded: dict[str, tuple[tuple[int, int], str | None, NotebookNode]] = {}


def loaded_template(path: Path, insert: NotebookNode | None = None) -> NotebookNode:
    """A fresh copy of the template at ``path``, with ``insert`` as its second cell (the kernel reset) when
    given, as papermill's ``load_notebook_node`` makes it (read again only when the file changes)."""
    import nbformat
    from papermill.iorw import load_notebook_node

    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    key = None if insert is None else json.dumps(insert, sort_keys=True)
    cached = _loaded.get(str(path))
    if cached is None or cached[0] != stamp or cached[1] != key:
        nb = nbformat.read(path, as_version=4)
        if insert is not None:
            nb.cells.insert(1, copy.deepcopy(insert))
        cached = _loaded[str(path)] = (stamp, key, load_notebook_node(nb))
    return copy.deepcopy(cached[2])


def execute(
    nb: NotebookNode,
    input_path: str,
    parameters: dict[str, Any],
    *,
    kernel_name: str,
    engine_name: str | None,
    cwd: str,
    execution_timeout: int,
) -> NotebookNode:
    """``papermill.execute_notebook(nb, None, parameters, ...)`` for a notebook from :func:`loaded_template`
    (no progress bar, no output logged, no saving per cell): the executed notebook, or papermill's
    ``PapermillExecutionError`` for a failed cell."""
    from papermill.engines import papermill_engines
    from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
    from papermill.inspection import _infer_parameters
    from papermill.log import logger
    from papermill.parameterize import parameterize_notebook
    from papermill.utils import chdir

    known = {p.name for p in _infer_parameters(nb, name=kernel_name)}
    for name in parameters:
        if name not in known:
            logger.warning(f"Passed unknown parameter: {name}")  # papermill's own warning
    nb = parameterize_notebook(nb, parameters, kernel_name=kernel_name, engine_name=engine_name)
    nb = remove_error_markers(prepare_notebook_metadata(nb, input_path, None))
    kernel_name = papermill_engines.nb_kernel_name(engine_name=engine_name, nb=nb, name=kernel_name)
    with chdir(cwd):
        nb = papermill_engines.execute_notebook_with_engine(
            engine_name,
            nb,
            input_path=input_path,
            output_path=None,
            kernel_name=kernel_name,
            progress_bar=False,
            log_output=False,
            start_timeout=60,
            stdout_file=None,
            stderr_file=None,
            execution_timeout=execution_timeout,
        )
    raise_for_execution_errors(nb, None)
    return nb
