"""Rendering one chapter, in a worker process (a local pool's or a Dask worker's).

Executes the template with papermill for one occupation, then writes the profile JSON, its gzip
download copy and the chapter, each atomically. A failure becomes an :class:`Outcome` with a one-line
reason, so that the batch goes on.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ..errors import EngineNotRegisteredError, OccProfilesError
from ..manifest import JSON_KEY, chapter_markdown
from .hashing import seal
from .kernel import KERNEL_NAME, kill_kernel_now, shutdown_kernel
from .kinds import OCCUPATION, ChapterKind, get_kind
from .output import (
    RESET_CELL_ID,
    atomic_write_bytes,
    atomic_write_text,
    finalise_notebook,
    gzip_deterministic,
    json_download_path,
)

if TYPE_CHECKING:
    from nbformat import NotebookNode

CELL_TIMEOUT_S = 300
# The engine's name in pyproject.toml's [project.entry-points."papermill.engine"].
REUSED_KERNEL_ENGINE = "occprofiles-reused-kernel"
# Run before each chapter in the reused kernel: close any figure left open, empty the namespace (IPython's
# reset ends with a full garbage collection), then freeze what survives (caches and modules, not the last
# chapter's objects, which that collection freed) so that the next chapter's collections skip it.
RESET_SOURCE = (
    "import matplotlib.pyplot as _plt; _plt.close('all'); del _plt\n"
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import gc; gc.freeze(); del gc"
)


# papermill's working folder for the chapter being rendered: removed by abandon() when the worker is
# stopped mid-chapter (the TemporaryDirectory's own clean-up does not run then).
_current_tmp: str | None = None


@dataclass(frozen=True)
class Task:
    code: str
    parameters: dict
    content_hash: str
    out_root: str
    # occprofiles.manifest.chapter_manifest(), computed once per batch: shown in the chapter's Sources
    # section and written into its profile JSON (empty: neither, as in tests that render by hand).
    manifest: dict = field(default_factory=dict)
    # The kind of chapter (occprofiles.render.kinds): which template, document, path and title; ``code``
    # is the chapter's id within its kind.
    kind: str = OCCUPATION
    # The document written beside the chapter, as planned (its content hash covers it): the worker need not
    # load it again (None: the worker loads it, as in tests that make tasks by hand).
    document: dict | None = None


@dataclass(frozen=True)
class Outcome:
    code: str
    ok: bool
    seconds: float
    error: str | None = None
    kind: str = OCCUPATION  # the task's kind: a batch of several kinds sorts its outcomes by it


def render_one(task: Task, reuse_kernel: bool = True) -> Outcome:
    """Execute the kind's template for one chapter and write the chapter + JSON atomically (runs in a worker)."""
    started = time.perf_counter()
    try:
        kind = get_kind(task.kind)
        document = task.document if task.document is not None else kind.document(task.code)
        executed = execute_template(task.parameters, reuse_kernel, kind)
        nb = finalise_notebook(
            executed,
            task.code,
            document.get("title", ""),
            task.content_hash,
            task.parameters,
            heading=kind.title(document),
            id_key=kind.id_key,
            cell_prefix=kind.cell_prefix(task.code),
            kind=None if kind.name == OCCUPATION else kind.name,
        )
        if task.manifest:
            add_manifest_cell(nb, kind.cell_prefix(task.code), task.manifest)
            document = {**document, JSON_KEY: task.manifest}
        document_json = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        write_chapter(kind.chapter_path(task.code, Path(task.out_root)), nb, document_json)
        return Outcome(task.code, True, time.perf_counter() - started, kind=task.kind)
    except Exception as exc:  # noqa: BLE001 - any failure is this chapter's alone: reported, the batch goes on
        if reuse_kernel:
            # The kernel may still be busy (a timed-out cell goes on running) or in a bad state: the
            # next chapter gets a fresh one.
            shutdown_kernel()
        return Outcome(task.code, False, time.perf_counter() - started, describe_error(exc), task.kind)


def execute_template(parameters: dict, reuse_kernel: bool, kind: ChapterKind | None = None) -> NotebookNode:
    """``kind``'s template (default: the occupation chapter's) executed with ``parameters``, as papermill
    returns it (volatile metadata and all).

    papermill is given the notebook and no output path: nothing is written or read back per chapter
    (the chapter is written once, by ``write_chapter``; ``papermill_run``)."""
    global _current_tmp
    defer_rfc3987_syntax()
    import nbformat

    from . import papermill_run

    path = (kind or get_kind(OCCUPATION)).template_path()
    reset = None
    if reuse_kernel:
        ensure_engine_registered()
        # The kernel outlives this chapter: start from an empty namespace (imports stay warm).
        reset = nbformat.v4.new_code_cell(RESET_SOURCE)
        reset.id = RESET_CELL_ID
        reset.metadata["tags"] = ["remove-cell"]
    nb = papermill_run.loaded_template(path, reset)
    with tempfile.TemporaryDirectory(prefix="occprofiles-render-") as tmp:
        _current_tmp = tmp
        try:
            executed = papermill_run.execute(
                nb,
                str(path),
                parameters,
                kernel_name=KERNEL_NAME,
                engine_name=REUSED_KERNEL_ENGINE if reuse_kernel else None,
                cwd=tmp,
                execution_timeout=CELL_TIMEOUT_S,
            )
        finally:
            _current_tmp = None
    return nbformat.from_dict(executed)


class _DeferredRfc3987Syntax(types.ModuleType):
    """Stands in for ``rfc3987_syntax`` until its one function is called, then imports it and delegates."""

    @staticmethod
    def is_valid_syntax(*args: Any, **kwargs: Any) -> Any:
        sys.modules.pop("rfc3987_syntax", None)
        real = importlib.import_module("rfc3987_syntax")
        _DeferredRfc3987Syntax.is_valid_syntax = staticmethod(real.is_valid_syntax)  # type: ignore[method-assign]
        return real.is_valid_syntax(*args, **kwargs)


def defer_rfc3987_syntax() -> None:
    """Import ``rfc3987_syntax`` when it is first used, not when nbformat imports jsonschema.

    jsonschema imports it (when installed: jupyter-events asks for jsonschema's ``format-nongpl`` extra) for its
    "iri" format checks, and it compiles 38 lark grammars on import: 1.1 CPU-s in every render worker, ~1/3 of
    a worker's start-up, for checks a render never runs (nbformat validates no "iri" format). The stand-in's
    ``is_valid_syntax`` imports the real module on its first call, so such a check still works as before."""
    if "rfc3987_syntax" in sys.modules or importlib.util.find_spec("rfc3987_syntax") is None:
        return
    sys.modules["rfc3987_syntax"] = _DeferredRfc3987Syntax("rfc3987_syntax")


def abandon(exit_status: int) -> NoReturn:
    """Stop this worker now (the batch was stopped, or its parent died): kill the kernel, remove the
    chapter's temporary folder, exit. A chapter file being written is a temp file the next batch removes
    (chapters only appear by rename), so nothing partial is left where a chapter is expected."""
    try:
        kill_kernel_now()
        if _current_tmp is not None:
            shutil.rmtree(_current_tmp, ignore_errors=True)
    finally:
        os._exit(exit_status)


def ensure_engine_registered() -> None:
    """papermill knows the reused-kernel engine (from the package's entry points), or a clear error."""
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillException

    try:
        papermill_engines.get_engine(REUSED_KERNEL_ENGINE)
    except PapermillException as exc:
        raise EngineNotRegisteredError(
            f"papermill has no engine {REUSED_KERNEL_ENGINE!r}: the package's entry points are not installed "
            "(run `pip install -e .` again)"
        ) from exc


def add_manifest_cell(nb: NotebookNode, prefix: str, manifest: dict) -> None:
    """The chapter's build manifest as a Markdown cell at the end of its Sources section (the last one);
    ``prefix``: the chapter's cell-id prefix (its SOC code for an occupation)."""
    import nbformat

    cell = nbformat.v4.new_markdown_cell(chapter_markdown(manifest))
    cell.id = f"{prefix}-build"
    nb.cells.append(cell)


def write_chapter(target: Path, nb: NotebookNode, profile_json: str) -> None:
    """JSON first: a chapter that exists always has its JSON (and the JSON's download copy) beside it."""
    import nbformat

    profile_bytes = (profile_json + "\n").encode("utf-8")
    atomic_write_bytes(target.with_suffix(".json"), profile_bytes)
    atomic_write_bytes(json_download_path(target), gzip_deterministic(profile_bytes))
    atomic_write_text(target, seal(nbformat.writes(nb) + "\n"))


def describe_error(exc: BaseException) -> str:
    """One line for the batch summary; a failed cell is named by its error and execution count."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"
    if isinstance(exc, OccProfilesError):  # the project's own messages say what happened
        return str(exc).splitlines()[0][:500]
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
