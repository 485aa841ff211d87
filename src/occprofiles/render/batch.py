"""A render batch: plan (what is stale), execute (locally or on Dask), summarise."""

from __future__ import annotations

import contextlib
import json
import signal
import time
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..errors import Interrupted
from ..manifest import chapter_manifest, hashed_part
from .hashing import (
    content_hash,
    render_code_hash,
    sha256_hex,
    stored_hash,
)
from .kinds import OCCUPATION, get_kind
from .output import json_download_path, remove_stale_temps
from .worker import Outcome, Task


@dataclass
class RenderSummary:
    rendered: list[Outcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    # Set when the batch was stopped (SIGINT/SIGTERM): the signal, and the chapters not rendered.
    stopped_by: int | None = None
    not_finished: list[str] = field(default_factory=list)
    # Set when these chapters were rendered in the pool of another kind's batch (``run_renders``): that kind.
    # ``seconds`` is then the sum of their own render times; the batch's wall time is the first kind's.
    pool_of: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failed

    def text(self) -> str:
        n = len(self.rendered)
        counts = f"Rendered {n}, up to date {len(self.skipped)}, failed {len(self.failed)}"
        if self.pool_of is not None:
            lines = [f"{counts} in the pool of the {self.pool_of} chapters ({self.seconds:.1f} s of rendering)."]
        else:
            rate = f", {60 * n / self.seconds:.1f} chapters/min" if n and self.seconds else ""
            lines = [f"{counts} in {self.seconds:.1f} s{rate}."]
        for f in self.failed:
            lines.append(f"  FAILED {f.code}: {f.error}")
        if self.stopped_by is not None:
            shown = ", ".join(self.not_finished[:20]) + (", ..." if len(self.not_finished) > 20 else "")
            lines.append(
                f"Stopped by {signal.Signals(self.stopped_by).name}: {len(self.not_finished)} chapter(s) not rendered"
                + (f" ({shown}); run the same command again to finish them." if self.not_finished else ".")
            )
        return "\n".join(lines)


def plan(
    codes: Iterable[str],
    out_root: Path | None = None,
    force: bool = False,
    kind: str = OCCUPATION,
    book_codes: Iterable[str] = (),
) -> tuple[list[Task], list[str]]:
    """Tasks to run and chapter ids already up to date; ``codes``: ids of chapters of ``kind``
    (occprofiles.render.kinds), SOC codes for occupations; ``book_codes``: occupations rendered in the same
    batch, linked as if their chapters were there already."""
    out_root = out_root or paths.chapters_dir()
    chapter_kind = get_kind(kind)
    codes = sorted(set(codes))
    # The occupations with a chapter to link to: those rendered, and those of this batch.
    book_set = set(get_kind(OCCUPATION).ids_rendered(out_root)) | set(book_codes)
    if kind == OCCUPATION:
        book_set |= set(codes)
    template_sha = sha256_hex(chapter_kind.template_path().read_bytes())
    code_sha = render_code_hash()
    manifest = chapter_manifest(code_sha)
    tasks, skipped = [], []
    for code in codes:
        document = chapter_kind.document(code)
        params = chapter_kind.parameters(code, document, book_set)
        chash = content_hash(
            template_sha, code_sha, json.dumps(document, sort_keys=True), params, hashed_part(manifest)
        )
        target = chapter_kind.chapter_path(code, out_root)
        complete = target.with_suffix(".json").exists() and json_download_path(target).exists()
        if not force and complete and stored_hash(target) == chash:
            skipped.append(code)
        else:
            tasks.append(Task(code, params, chash, str(out_root), manifest, kind, document))
    return tasks, skipped


def run_render(
    codes: Sequence[str],
    jobs: int = 2,
    force: bool = False,
    out_root: Path | None = None,
    progress: bool = True,
    scheduler: str | None = None,
    kind: str = OCCUPATION,
) -> RenderSummary:
    """Render the stale chapters among ``codes`` (ids of chapters of ``kind``); every failure is listed
    in the summary."""
    return run_renders([(kind, codes)], jobs, force, out_root, progress, scheduler)[0]


def run_renders(
    batches: Sequence[tuple[str, Sequence[str]]],
    jobs: int = 2,
    force: bool = False,
    out_root: Path | None = None,
    progress: bool = True,
    scheduler: str | None = None,
) -> list[RenderSummary]:
    """Render the stale chapters of several kinds, ``(kind, ids)`` each, in one pool, in that order: one start
    of the workers and their kernels for all (a group's overview after its chapters: ~2 CPU-s less than a pool
    of its own). Later kinds link the occupations of the batch as rendered (one that fails to render for the
    first time is linked all the same, and the command fails; the next build finds that overview stale). One
    summary per batch: the first with the command's wall time, the others with their chapters' own render
    times (``pool_of``: they ran beside the first kind's chapters, so no wall time of their own).
    """
    from tqdm import tqdm

    kinds = [kind for kind, _ in batches]
    if len(set(kinds)) != len(kinds):
        raise ValueError(f"one batch per kind of chapter, got {kinds}")
    started = time.perf_counter()
    remove_stale_temps(out_root or paths.chapters_dir())
    occupations = [c for kind, ids in batches if kind == OCCUPATION for c in ids]
    summaries, tasks = [], []
    for kind, ids in batches:
        planned, skipped = plan(ids, out_root, force, kind, book_codes=occupations)
        summaries.append(RenderSummary(skipped=skipped))
        tasks += planned
    where = dict(zip(kinds, summaries, strict=True))
    bar = tqdm(total=len(tasks), unit="chapter", disable=not progress or not tasks, desc="render")
    try:
        # closing(): a stop signal that lands in this loop's body (not inside the pool) still stops the
        # workers now, not when the generator is garbage-collected.
        with contextlib.closing(execute(tasks, jobs, scheduler)) as outcomes:
            for outcome in outcomes:
                summary = where[outcome.kind]
                (summary.rendered if outcome.ok else summary.failed).append(outcome)
                bar.update()
                if not outcome.ok:
                    bar.write(f"FAILED {outcome.code}: {outcome.error}")
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM through lifecycle.install_stop_handlers
        bar.close()
        signum = getattr(exc, "signum", signal.SIGINT)
        stopped = RenderSummary(
            rendered=[o for s in summaries for o in s.rendered],
            skipped=[c for s in summaries for c in s.skipped],
            failed=[o for s in summaries for o in s.failed],
            stopped_by=signum,
        )
        done = {(o.kind, o.code) for o in stopped.rendered + stopped.failed}
        stopped.not_finished = [t.code for t in tasks if (t.kind, t.code) not in done]
        stopped.seconds = time.perf_counter() - started
        raise Interrupted(signum, stopped.text()) from exc
    finally:
        bar.close()
    for summary in summaries:
        summary.failed.sort(key=lambda o: o.code)
    summaries[0].seconds = time.perf_counter() - started
    for summary in summaries[1:]:
        summary.pool_of = kinds[0]
        summary.seconds = sum(o.seconds for o in summary.rendered + summary.failed)
    return summaries


def execute(tasks: list[Task], jobs: int, scheduler: str | None) -> Generator[Outcome, None, None]:
    """Outcomes of ``tasks`` in completion order: on the Dask cluster at ``scheduler``, or locally."""
    if not tasks:
        return
    if scheduler:
        from .cluster import execute_on_cluster

        yield from execute_on_cluster(tasks, scheduler)
        return
    from .pool import execute_locally

    yield from execute_locally(tasks, jobs)
