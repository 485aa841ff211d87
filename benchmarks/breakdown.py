"""Where the render's CPU time goes, measured (not guessed): per stage of a chapter and per chart.

Used by ``bench.py``; runs in the benchmark's own process, so every figure is CPU time (user + sys)
of one process, steadier than wall time on a shared machine:

- per stage: the chapters rendered one after another by this process acting as a render worker
  (``render_one``, one reused kernel). The kernel's CPU (profile load, chapter text, charts) is read
  from ``/proc/<kernel pid>/stat``; the worker's stages are timed around the worker's functions:
  papermill/nbclient messaging (``execute_template``), finalising the notebook, writing the chapter
  (nbformat serialisation, JSON, gzip, seal hash); the content hashes of ``plan`` are timed too;
- per chart: each chart of the same chapters drawn in this process: drawing (figure, axes, artists),
  the layout pass (constrained layout, ``charts.layout.freeze_layout``), the SVG save and the SVG
  post-processing (minify, classes, accessibility).
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def process_cpu(pid: int) -> float:
    """user + sys CPU seconds of process ``pid`` so far."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def timed(module: Any, name: str, totals: dict[str, float], label: str) -> Iterator[None]:
    """Replace ``module.name`` by a wrapper that adds its CPU time to ``totals[label]``."""
    original: Callable = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] += time.process_time() - started

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


def stage_breakdown(codes: list[str]) -> tuple[dict[str, float], int]:
    """CPU seconds per chapter by stage, over ``codes`` rendered in this process; and the count."""
    from occprofiles.render import batch, kernel, plan, render_one, worker

    totals: dict[str, float] = defaultdict(float)
    with tempfile.TemporaryDirectory(prefix="occprofiles-breakdown-") as tmp:
        with (
            timed(batch, "content_hash", totals, "hashing: content hashes (plan)"),
            timed(batch, "render_code_hash", totals, "hashing: code tree (plan, once per batch)"),
        ):
            started = time.process_time()
            tasks, _ = plan(codes, Path(tmp), force=True)
            plan_s = time.process_time() - started
        totals["plan: reading profiles, other"] = plan_s - sum(totals.values())
        kernel_started = time.process_time()
        kernel.connected_kernel()
        kernel_pid = kernel._kernel_pid
        assert kernel_pid is not None
        startup = time.process_time() - kernel_started + process_cpu(kernel_pid)
        kernel_before = process_cpu(kernel_pid)
        with (
            timed(worker, "execute_template", totals, "worker: papermill/nbclient messaging"),
            timed(worker, "finalise_notebook", totals, "worker: finalise notebook (ids, metadata)"),
            timed(worker, "write_chapter", totals, "worker: write chapter (nbformat, JSON, gzip, seal hash)"),
        ):
            for task in tasks:
                outcome = render_one(task)
                assert outcome.ok, outcome
        totals["kernel: template cells (profile, text, charts)"] = process_cpu(kernel_pid) - kernel_before
        kernel.shutdown_kernel()
    n = len(tasks)
    per = {label: seconds / n for label, seconds in totals.items()}
    per["once per worker: kernel start (amortised over these chapters)"] = startup / n
    return per, n


def chart_breakdown(codes: list[str]) -> dict[str, dict[str, float]]:
    """CPU milliseconds per chart (mean over ``codes``): draw, layout, SVG save, post-processing."""
    from occprofiles import charts
    from occprofiles.charts import layout, svg
    from occprofiles.profile import load_profile

    rows: dict[str, dict[str, float]] = {}
    profiles = [load_profile(code) for code in codes]
    charts.inline_svg(charts.draw("skills", profiles[0]), "", "warm-up")  # imports, fonts, caches
    for name, spec in charts.CHARTS.items():
        totals: dict[str, float] = defaultdict(float)
        with timed(layout, "freeze_layout", totals, "layout"):
            for profile in profiles:
                layout_before = totals["layout"]
                started = time.process_time()
                fig = spec.figure(profile)
                totals["draw"] += time.process_time() - started - (totals["layout"] - layout_before)
                started = time.process_time()
                raw = io.StringIO()
                svg.write_figure(fig, raw, "svg", svg.INLINE_SVG_RC)
                totals["svg save"] += time.process_time() - started
                started = time.process_time()
                svg.accessible_svg(svg.styles_to_classes(svg.minify_svg(raw.getvalue())), "alt", "id")
                totals["post-processing"] += time.process_time() - started
        rows[name] = {k: 1000 * v / len(profiles) for k, v in totals.items()}
    return rows
