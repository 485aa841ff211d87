"""``occprofiles render``: execute the chapter template once per occupation, in parallel.

- Workers are spawned processes; each starts one Jupyter kernel and reuses it for every chapter it
  renders, resetting the kernel's namespace between chapters (imports stay warm, variables do not).
- A chapter is skipped when its content hash (template, the occupation's profile JSON, the package's
  code, the parameters) matches the one stored in the existing chapter.
- Each chapter and its profile JSON are written atomically (temp file + rename): a killed batch leaves
  only complete chapters. Volatile metadata (timestamps, durations, random cell ids, execution counts
  that depend on the kernel's history) is removed, so rendering twice gives identical files.
- Failures are isolated: the batch goes on, and the summary lists each failed code with its error. A
  worker process that dies (killed, out of memory) costs only the chapters it was rendering: they are
  retried alone once, and fail with that reason if it happens again.

Modules, in dependency order (none imports one listed after it): ``selection`` (codes, the sample,
where chapters live), ``hashing`` (staleness), ``output`` (finalising and writing a chapter),
``kinds`` (kinds of chapter: template, document, path, title; the occupation's, and a registry),
``kernel`` (the worker's reused kernel), ``engine`` (the papermill engine, found through its entry
point), ``worker`` (one chapter), ``pool`` (the local batch), ``cluster`` (the Dask batch), ``batch``
(plan, execute, summarise).
"""

from __future__ import annotations

from .batch import RenderSummary, execute, plan, run_render, run_renders
from .hashing import (
    CHAPTER_INDEPENDENT_CODE,
    chapter_parameters,
    content_hash,
    render_code_hash,
    stored_hash,
)
from .kernel import KERNEL_NAME
from .kinds import KIND_MODULES, KINDS, OCCUPATION, ChapterKind, get_kind, register_kind
from .output import (
    finalise_notebook,
    gzip_deterministic,
    json_download_path,
    remove_stale_temps,
)
from .pool import WORKER_DIED
from .selection import (
    SAMPLE_CODES,
    TEMPLATE_NAME,
    chapter_path,
    rendered_codes,
    select_codes,
    template_path,
)
from .worker import (
    CELL_TIMEOUT_S,
    RESET_SOURCE,
    REUSED_KERNEL_ENGINE,
    Outcome,
    Task,
    render_one,
)

__all__ = [
    "CELL_TIMEOUT_S",
    "CHAPTER_INDEPENDENT_CODE",
    "KERNEL_NAME",
    "KINDS",
    "KIND_MODULES",
    "OCCUPATION",
    "RESET_SOURCE",
    "REUSED_KERNEL_ENGINE",
    "SAMPLE_CODES",
    "TEMPLATE_NAME",
    "WORKER_DIED",
    "ChapterKind",
    "Outcome",
    "RenderSummary",
    "Task",
    "chapter_parameters",
    "chapter_path",
    "content_hash",
    "execute",
    "finalise_notebook",
    "get_kind",
    "gzip_deterministic",
    "json_download_path",
    "plan",
    "register_kind",
    "remove_stale_temps",
    "render_code_hash",
    "render_one",
    "rendered_codes",
    "run_render",
    "run_renders",
    "select_codes",
    "stored_hash",
    "template_path",
]
