"""Rendering chapters: papermill runs of the template, TOC, determinism, interrupted batches, isolation.

Chapters are rendered into temporary folders (``out_root``), never into the repository's book/.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest

from occprofiles.chapter_tables import as_read
from occprofiles.render import Task, chapter_path, plan, render_one, run_render

pytestmark = pytest.mark.usefixtures("processed")


def _outputs_text(nb) -> str:
    """What a reader sees: Markdown outputs with their HTML entities decoded ("$" leaves md() as HTML)."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(as_read(data.get("text/markdown", "")))
            parts.append(out.get("text", ""))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def two_chapters(tmp_path_factory, processed):
    out = tmp_path_factory.mktemp("chapters")
    summary = run_render(["11-9111", "27-2011"], jobs=2, out_root=out, progress=False)
    assert summary.ok, summary.text()
    return out


def test_template_runs_for_two_codes_into_a_temp_dir(two_chapters):
    for code, title in (("11-9111", "Medical and Health Services Managers"), ("27-2011", "Actors")):
        path = chapter_path(code, two_chapters)
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        # A real Markdown title cell, so Sphinx takes it as the page title.
        assert nb.cells[0].cell_type == "markdown"
        assert nb.cells[0].source == f"# {title} (SOC {code})"
        # No errors, no stderr noise in the published page.
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert out["output_type"] != "error", out
                assert out.get("name") != "stderr", out.get("text")
        # The profile JSON sits beside the chapter, and its download copy (gzip) holds the same bytes.
        assert json.loads(path.with_suffix(".json").read_text())["soc_code"] == code
        assert gzip.decompress(path.with_suffix(".json.gz").read_bytes()) == path.with_suffix(".json").read_bytes()


def test_chapter_shows_the_data_issue_numbers(two_chapters):
    text = _outputs_text(nbformat.read(chapter_path("11-9111", two_chapters), as_version=4))
    for expected in (
        "$123,860",
        "597,080",
        "616,200",
        "759,100",
        "+23.2%",
        "62,100",
        "Bachelor's degree",
        "0.7%",
        "BLS OEWS, May 2025",
        "BLS Employment Projections, 2024–34",
        "2020–2030 state projections",
        "CC BY 4.0",
    ):
        assert expected in text, expected
    # Every section heading of the template is there, in the template's order: the key facts first (issue 12).
    nb = nbformat.read(chapter_path("11-9111", two_chapters), as_version=4)
    headings = [c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert headings == [
        "## Key facts",
        "## What they do",
        "## Career-intelligence metrics",
        "## Skills, knowledge and education",
        "## Pay",
        "## Outlook",
        "## Where they work",
        "## Industries",
        "## Regional outlook",
        "## Related occupations and technologies",
        "## Further information",
        "## Sources",
    ]
    # the median is the card's first figure, before the first task statement
    assert text.index("$123,860") < text.index(nb_first_task(nb))


def nb_first_task(nb) -> str:
    """The first task statement of the chapter's "What they do" section (its first list item)."""
    cells = iter(nb.cells)
    for cell in cells:
        if cell.source == "## What they do":
            break
    out = next(cells).outputs[0]["data"]["text/markdown"]
    return next(line[2:40] for line in out.split("\n") if line.startswith("- "))


def test_hourly_only_occupation_says_not_published(two_chapters):
    text = _outputs_text(nbformat.read(chapter_path("27-2011", two_chapters), as_version=4))
    assert "not published" in text
    assert "only as hourly wages" in text


def test_code_cells_are_hidden_and_parameters_removed(two_chapters):
    nb = nbformat.read(chapter_path("11-9111", two_chapters), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            tags = cell.metadata.get("tags", [])
            assert "remove-input" in tags or "remove-cell" in tags, cell.source
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "remove-cell" in injected[0].metadata["tags"]


def test_rendering_twice_gives_identical_files(two_chapters, tmp_path):
    first = chapter_path("11-9111", two_chapters).read_bytes()
    first_json = chapter_path("11-9111", two_chapters).with_suffix(".json").read_bytes()
    first_gz = chapter_path("11-9111", two_chapters).with_suffix(".json.gz").read_bytes()
    summary = run_render(["11-9111"], jobs=1, out_root=two_chapters, force=True, progress=False)
    assert summary.ok and len(summary.rendered) == 1
    assert chapter_path("11-9111", two_chapters).read_bytes() == first
    assert chapter_path("11-9111", two_chapters).with_suffix(".json").read_bytes() == first_json
    assert chapter_path("11-9111", two_chapters).with_suffix(".json.gz").read_bytes() == first_gz


def test_up_to_date_chapters_are_skipped(two_chapters):
    tasks, skipped = plan(["11-9111", "27-2011"], out_root=two_chapters)
    assert tasks == [] and skipped == ["11-9111", "27-2011"]


def test_a_changed_parameter_makes_a_chapter_stale(two_chapters):
    tasks, _ = plan(["11-9111", "27-2011"], out_root=two_chapters)
    assert not tasks
    # A new chapter in the book that 11-9111 relates to changes its links, so it must re-render.
    (two_chapters / "29").mkdir(exist_ok=True)
    fake = two_chapters / "29" / "29-1141.ipynb"
    fake.write_text("{}")
    try:
        tasks, _ = plan(["11-9111"], out_root=two_chapters)
        assert [t.code for t in tasks] == ["11-9111"]
        assert "29-1141" in tasks[0].parameters["related_chapters"]
    finally:
        fake.unlink()


def test_missing_sections_render_with_not_published_notes(tmp_path):
    # 21-1018 is an aggregate code (no O*NET record); 55-1011 is military (almost no data at all).
    military = "55-1011"
    summary = run_render(["21-1018", military], jobs=1, out_root=tmp_path, progress=False)
    assert summary.ok, summary.text()
    agg = _outputs_text(nbformat.read(chapter_path("21-1018", tmp_path), as_version=4))
    assert "Tasks: not published" in agg and "21-1011" in agg and "21-1014" in agg
    # military: one box says what the sources cover, then only the sections with data (issue 15: it printed 13
    # separate "not published" blocks under their headings)
    mil_nb = nbformat.read(chapter_path(military, tmp_path), as_version=4)
    mil = _outputs_text(mil_nb)
    assert mil.count("What the sources cover for a military occupation") == 1 and "not published" not in mil
    headings = [c.source for c in mil_nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert headings == ["## What they do", "## Further information", "## Sources"]
    assert "$0" not in mil
    # O*NET OnLine has the military codes; OEWS and CareerOneStop's figures are civilian: not linked
    assert "https://www.onetonline.org/link/summary/55-1011.00" in mil
    assert "bls.gov/oes/" not in mil and "careeronestop.org" not in mil


def test_failures_are_isolated_and_reported(tmp_path):
    bad = Task("11-9111", {"soc_code": "not-a-code", "related_chapters": []}, "x", str(tmp_path))
    outcome = render_one(bad, reuse_kernel=False)
    assert not outcome.ok and "not-a-code" in outcome.error
    assert not chapter_path("11-9111", tmp_path).exists()


def test_a_killed_batch_leaves_only_complete_chapters(tmp_path):
    codes = ["11-9111", "13-2011", "15-1252", "29-1141", "35-2014", "41-2031", "47-2111", "53-3032"]
    script = (
        "import sys; from pathlib import Path; from occprofiles.render import run_render; "
        f"run_render({codes!r}, jobs=2, out_root=Path(sys.argv[1]), progress=False)"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(tmp_path.glob("*/*.ipynb"))) < 2:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = list(tmp_path.glob("*/*.ipynb"))
    assert 1 <= len(done) < len(codes), "the batch should have been killed part-way"
    for path in done:
        nb = nbformat.read(path, as_version=4)  # complete, valid JSON
        assert nb.metadata["occprofiles"]["soc_code"] == path.stem
        assert path.with_suffix(".json").exists()
    # A rerun finishes the batch and keeps the complete chapters.
    summary = run_render(codes, jobs=2, out_root=tmp_path, progress=False)
    assert summary.ok and len(summary.skipped) == len(done)
    assert not list(tmp_path.glob("*/.*.tmp")), "stale temporary files are removed"


def test_kernel_reuse_does_not_leak_state(tmp_path):
    """Render A then B in one worker (one reused kernel), and B alone: the B chapters are identical."""
    together, alone = tmp_path / "together", tmp_path / "alone"
    assert run_render(["11-9111", "27-2011"], jobs=1, out_root=together, progress=False).ok
    assert run_render(["27-2011"], jobs=1, out_root=alone, progress=False).ok
    # Same parameters in both books (27-2011's related chapters are not rendered in either)...
    a = nbformat.read(chapter_path("27-2011", together), as_version=4)
    b = nbformat.read(chapter_path("27-2011", alone), as_version=4)
    assert a.metadata["occprofiles"]["parameters"] == b.metadata["occprofiles"]["parameters"]
    # ... so the files must be byte-identical.
    assert chapter_path("27-2011", together).read_bytes() == chapter_path("27-2011", alone).read_bytes()


def test_the_render_kernel_has_no_debugger_and_logs_only_warnings():
    """The worker's kernel is started by occprofiles' launcher: ipykernel without debugpy (no debugger is
    offered, none loaded) and with its logger at WARNING; chapters run in it as in any kernel."""
    from occprofiles.render import kernel

    kernel.shutdown_kernel()
    manager, client = kernel.connected_kernel()
    try:
        assert manager.kernel_spec.argv[:3] == [sys.executable, "-m", "occprofiles.kernel_launcher"]
        client.kernel_info()
        info = client.get_shell_msg(timeout=30)["content"]
        assert info["status"] == "ok" and "debugger" not in info.get("supported_features", [])
        client.execute(
            "import logging, sys\n"
            "print(logging.getLogger('IPKernelApp').getEffectiveLevel(), "
            "sorted(m for m in sys.modules if m.startswith(('debugpy', 'pydevd'))))"
        )
        while (message := client.get_iopub_msg(timeout=30))["msg_type"] != "stream":
            pass
        assert message["content"]["text"].strip() == f"{logging.WARNING} []"
    finally:
        kernel.shutdown_kernel()


def test_the_render_kernel_flushes_streams_only_when_written_and_keeps_output_order(tmp_path):
    """The launcher's kernel skips flushing stdout and stderr when nothing was written since the last flush
    (ipykernel flushes both before every display); what is written comes out as before, in order: both
    streams, between displays, text flushed by ipykernel's timer, and text left unflushed at the end of a cell."""
    import nbformat
    from papermill.iorw import load_notebook_node

    from occprofiles.render import kernel, papermill_run, worker

    source = (
        "import os, sys\n"
        "from IPython.display import HTML, display\n"
        "print(hasattr(type(sys.stdout).flush, '__wrapped__'))\n"
        "display(HTML('<b>one</b>'))\n"
        "print('to stderr', file=sys.stderr)\n"
        "display(HTML('<b>two</b>'))\n"
        "print('a', end='')\n"
        "display(HTML('<b>three</b>'))\n"
        "print('b')\n"
        "import time; time.sleep(0.3)\n"  # 'b' goes out by ipykernel's timed flush (0.2 s), before 'four'
        "display(HTML('<b>four</b>'))\n"
        "print('left unflushed', end='')"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": kernel.KERNEL_NAME, "display_name": "Python 3", "language": "python"}
    nb = load_notebook_node(nb)  # as papermill loads a notebook: tags in every cell's metadata
    worker.ensure_engine_registered()
    try:
        out = papermill_run.execute(
            nb,
            "order.ipynb",
            {},
            kernel_name=kernel.KERNEL_NAME,
            engine_name=worker.REUSED_KERNEL_ENGINE,
            cwd=str(tmp_path),
            execution_timeout=60,
        )
    finally:
        kernel.shutdown_kernel()
    shown = [
        o.get("name", o["output_type"]) + ":" + (o.get("text") or o["data"]["text/html"]) for o in out.cells[-1].outputs
    ]
    assert shown == [
        "stdout:True\n",
        "display_data:<b>one</b>",
        "stderr:to stderr\n",
        "display_data:<b>two</b>",
        "stdout:a",
        "display_data:<b>three</b>",
        "stdout:b\n",
        "display_data:<b>four</b>",
        "stdout:left unflushed",
    ]


def test_the_worker_keeps_received_header_dates_as_text():
    """The worker leaves the dates of the messages it receives as the kernel's ISO text (jupyter_client would
    parse each into a datetime; nothing in a render reads them)."""
    import datetime

    from occprofiles.render import kernel

    kernel.shutdown_kernel()
    _, client = kernel.connected_kernel()
    try:
        client.kernel_info()
        reply = client.get_shell_msg(timeout=30)
        assert reply["content"]["status"] == "ok"
        for header in (reply["header"], reply["parent_header"]):
            assert isinstance(header["date"], str)
            assert datetime.datetime.fromisoformat(header["date"]).tzinfo is not None  # still the full ISO time
    finally:
        kernel.shutdown_kernel()


def test_render_rejects_bad_codes(capsys):
    from occprofiles.cli import main

    assert main(["render", "99-9999"]) == 2
    assert "99-9999" in capsys.readouterr().err
    assert main(["render", "--major", "98"]) == 2


def test_dask_local_cluster_gives_identical_chapters(tmp_path):
    """`render --scheduler ADDRESS` sends the same tasks to a Dask cluster: same files as the local pool."""
    from distributed import LocalCluster

    local, dask = tmp_path / "local", tmp_path / "dask"
    assert run_render(["29-1141"], jobs=1, out_root=local, progress=False).ok
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None, silence_logs=50
    ) as cluster:
        summary = run_render(["29-1141"], out_root=dask, progress=False, scheduler=cluster.scheduler_address)
    assert summary.ok, summary.text()
    assert chapter_path("29-1141", dask).read_bytes() == chapter_path("29-1141", local).read_bytes()
    assert (
        chapter_path("29-1141", dask).with_suffix(".json").read_bytes()
        == chapter_path("29-1141", local).with_suffix(".json").read_bytes()
    )


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    from occprofiles.errors import SchedulerError

    with pytest.raises(SchedulerError, match="127.0.0.1:9"):
        run_render(["29-1141"], out_root=tmp_path, progress=False, scheduler="tcp://127.0.0.1:9")


def _exit_when_rendering_55(task):
    """Stands in for render_one in a spawned worker: the worker process dies on 55-1011."""
    from occprofiles.render import Outcome

    if task.code == "55-1011":
        time.sleep(0.6)
        os._exit(3)
    time.sleep(0.1)
    return Outcome(task.code, True, 0.1)


def test_a_dying_worker_fails_only_its_chapter(tmp_path):
    from occprofiles.render.pool import WORKER_DIED, execute_locally

    codes = ["11-9111", "55-1011", "13-2011", "15-1252", "25-2021"]
    tasks = [Task(code, {}, "hash", str(tmp_path)) for code in codes]
    for consumer_delay_s in (0.0, 1.0):  # 1.0: the pool breaks while the caller holds the batch (after 11-9111)
        outcomes = []
        for outcome in execute_locally(tasks, jobs=2, work=_exit_when_rendering_55):
            outcomes.append(outcome)
            time.sleep(consumer_delay_s)
        assert sorted(o.code for o in outcomes) == sorted(codes)  # every chapter reported, once
        failed = [o for o in outcomes if not o.ok]
        assert [(o.code, o.error) for o in failed] == [("55-1011", WORKER_DIED)]
