"""Process lifecycle of ``occprofiles render``: the parent of a real batch is signalled (TERM, KILL) at a
random moment after its first chapter; no worker or kernel of that run may be alive 5 s later, every
chapter file left is a complete notebook, and a rerun finishes the batch with 0 failures and no zombie.

The run's processes are found by a marker: an environment variable set only for that run (inherited by
its workers, their kernels and the resource tracker; read from /proc/<pid>/environ), or the run's
session (the parent is started in a new session; a zombie has no environ left, but keeps its session).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from occprofiles import paths

pytestmark = [
    pytest.mark.usefixtures("processed"),
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc"),
]

MARKER_ENV = "OCCPROFILES_TEST_RUN"
CODES = ["11-9111", "13-2011", "15-1252", "25-2021", "27-2011", "29-1141"]
# The CLI, with the chapters folder pointed at the test's temporary folder (the render command has no
# option for it: chapters belong in the book).
CLI = (
    "import sys; from pathlib import Path; from occprofiles import paths; "
    "paths.chapters_dir = lambda: Path(sys.argv[1]); "
    "from occprofiles.cli import main; sys.exit(main(sys.argv[2:]))"
)


def run_processes(marker: str, session: int | None = None) -> list[tuple[int, str, str]]:
    """(pid, state, command) of every process carrying ``MARKER_ENV=marker`` or in ``session``."""
    needle = f"{MARKER_ENV}={marker}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            state, sid = fields[0], int(fields[3])
            try:
                environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            except OSError:
                environ = []
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120]
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        if needle in environ or (session is not None and sid == session):
            found.append((pid, state, cmd))
    return found


def alive(procs: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    return [p for p in procs if p[1] != "Z"]


def kill_all(marker: str, session: int | None) -> None:
    for pid, _, _ in run_processes(marker, session):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def start_render(out: Path, marker: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, MARKER_ENV: marker}
    return subprocess.Popen(
        [sys.executable, "-c", CLI, str(out), "render", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_first_chapter(out: Path, proc: subprocess.Popen[str], timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while not list(out.glob("*/*.ipynb")):
        assert proc.poll() is None, f"render ended early: {proc.communicate()}"
        assert time.monotonic() < deadline, "no chapter rendered in time"
        time.sleep(0.05)


def gone_within(marker: str, session: int, timeout_s: float) -> tuple[float, list[tuple[int, str, str]]]:
    """Seconds until no process of the run is alive (or the timeout), and those still alive then."""
    started = time.monotonic()
    while True:
        left = alive(run_processes(marker, session))
        if not left or time.monotonic() - started > timeout_s:
            return time.monotonic() - started, left
        time.sleep(0.1)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_signalled_render_leaves_no_process_and_resumes(tmp_path, signum):
    out = tmp_path / "chapters"
    marker = uuid.uuid4().hex
    proc = start_render(out, marker, *CODES, "--jobs", "2", "--force", "--quiet")
    try:
        wait_for_first_chapter(out, proc)
        time.sleep(random.uniform(0.0, 0.6))  # a random moment after the first chapter
        during = alive(run_processes(marker, proc.pid))
        # the parent, 2 workers, 2 kernels (a worker may be between kernels) and the resource tracker
        assert len(during) >= 4, during
        proc.send_signal(signum)  # the parent alone, as a scheduler's time limit or the OOM killer does
        stdout, stderr = proc.communicate(timeout=15)
        seconds, left = gone_within(marker, proc.pid, timeout_s=5.0)
        assert not left, f"still alive {seconds:.1f} s after {signum.name} to the parent: {left}"
        print(f"{signum.name}: {len(during)} processes before, 0 alive {seconds:.2f} s after the parent ended")
        if signum == signal.SIGTERM:
            assert proc.returncode == 143, stderr
            assert "stopped by SIGTERM" in stderr and "Traceback" not in stderr, stderr
            assert "Stopped by SIGTERM" in stdout and "not rendered" in stdout, stdout
        else:
            assert proc.returncode == -signal.SIGKILL
        done = sorted(out.glob("*/*.ipynb"))
        assert 1 <= len(done) < len(CODES), "the batch should have been stopped part-way"
        for path in done:  # complete notebooks only: chapters appear by atomic rename
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            assert nb.metadata["occprofiles"]["soc_code"] == path.stem
            assert path.with_suffix(".json").exists() and path.with_suffix(".json.gz").exists()

        rerun = start_render(out, marker, *CODES, "--jobs", "1", "--quiet")  # one kernel: cheaper here
        stdout, stderr = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, stderr
        assert "failed 0" in stdout and f"up to date {len(done)}," in stdout, stdout
        # A normal exit leaves nothing behind either: not even a zombie (all children reaped).
        leftover = run_processes(marker, rerun.pid)
        assert not leftover, f"after a normal exit: {leftover}"
        assert not list(out.glob("*/.*.tmp"))
        assert sorted(p.stem for p in out.glob("*/*.ipynb")) == sorted(CODES)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        kill_all(marker, proc.pid)


BROWSER_SCRIPT = """
import sys, time
from pathlib import Path
from occprofiles.errors import Interrupted
from occprofiles.lifecycle import install_stop_handlers
from occprofiles.publish.browser import browser, serve

install_stop_handlers()
folder = Path(sys.argv[1])
(folder / "index.html").write_text("<h1>page</h1>")
try:
    with serve(folder) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "/index.html")
        print("ready", flush=True)
        while True:  # printing, as `book --pdf` does, when the signal comes
            page.pdf()
except Interrupted as exc:
    sys.exit(exc.exit_status)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_browser_processes_end_with_their_parent(tmp_path, signum):
    """The Chromium of `book --pdf` / `screenshot` (Playwright's driver, the browser and its helpers)."""
    marker = uuid.uuid4().hex
    proc = subprocess.Popen(
        [sys.executable, "-c", BROWSER_SCRIPT, str(tmp_path)],
        env={**os.environ, MARKER_ENV: marker},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", proc.communicate(timeout=30)
        time.sleep(random.uniform(0.2, 1.0))
        during = alive(run_processes(marker, proc.pid))
        assert any("chrom" in cmd for _, _, cmd in during), during
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=15)
        seconds, left = gone_within(marker, proc.pid, timeout_s=5.0)
        assert not left, f"still alive {seconds:.1f} s after {signum.name} to the parent: {left}"
        print(f"browser {signum.name}: {len(during)} processes before, 0 alive {seconds:.2f} s after the parent ended")
        assert proc.returncode == (143 if signum == signal.SIGTERM else -signal.SIGKILL), stderr
        assert "Traceback" not in stderr, stderr
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        kill_all(marker, proc.pid)


def test_data_build_stopped_by_term_leaves_nothing_half_built(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "raw").symlink_to(paths.raw_dir())
    marker = uuid.uuid4().hex
    proc = subprocess.Popen(
        [sys.executable, "-m", "occprofiles.cli", "data", "build", "--force", "--quiet"],
        env={**os.environ, MARKER_ENV: marker, paths.DATA_DIR_ENV: str(data)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        time.sleep(random.uniform(2.0, 4.0))  # importing or extracting (the build takes ~15-25 s)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
        assert proc.returncode == 143, stderr
        assert stderr.strip().splitlines()[-1] == "occprofiles: stopped by SIGTERM" and "Traceback" not in stderr
        assert sorted(p.name for p in data.iterdir()) == ["raw"], "no staging folder, no half-built processed/"
        assert not alive(run_processes(marker, proc.pid))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        kill_all(marker, proc.pid)


# --- Dask: what a stopped or killed client leaves on the cluster ---------------------------------------

_STARTED: list[str] = []


def _slow_outcome(task):
    """Stands in for render_one on the (in-process) Dask worker."""
    from occprofiles.render import Outcome

    _STARTED.append(task.code)
    time.sleep(0.3)
    return Outcome(task.code, True, 0.3)


def _scheduler_forgets(cluster, timeout_s: float = 10.0) -> float:
    started = time.monotonic()
    while cluster.scheduler.tasks:
        assert time.monotonic() - started < timeout_s, list(cluster.scheduler.tasks)[:5]
        time.sleep(0.05)
    return time.monotonic() - started


def test_dask_tasks_are_cancelled_when_the_client_stops_or_dies(monkeypatch, tmp_path):
    from distributed import LocalCluster

    from occprofiles.render import Task, cluster

    monkeypatch.setattr(cluster, "render_one", _slow_outcome)
    tasks = [Task(f"11-91{i:02d}", {}, "hash", str(tmp_path)) for i in range(12)]
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=50,
    ) as local:
        # Stopped (Ctrl-C / SIGTERM reach run_render, which closes the batch): its futures are cancelled.
        _STARTED.clear()
        outcomes = cluster.execute_on_cluster(tasks, local.scheduler_address)
        assert next(outcomes).ok
        outcomes.close()
        _scheduler_forgets(local)
        time.sleep(0.5)
        assert len(_STARTED) <= 3, _STARTED  # the one in flight may finish; the rest never start

        # Killed (no chance to cancel): the scheduler drops the client's tasks when its connection goes.
        script = (
            "import sys, time; from distributed import Client; c = Client(sys.argv[1]); "
            "fs = c.map(time.sleep, [0.5] * 40, pure=False); print('submitted', flush=True); time.sleep(60)"
        )
        client = subprocess.Popen(
            [sys.executable, "-c", script, local.scheduler_address], stdout=subprocess.PIPE, text=True
        )
        try:
            assert client.stdout is not None and client.stdout.readline().strip() == "submitted"
            deadline = time.monotonic() + 10
            while not local.scheduler.tasks and time.monotonic() < deadline:
                time.sleep(0.05)
            assert local.scheduler.tasks
            client.kill()
            client.wait()
            seconds = _scheduler_forgets(local)
            print(f"dask: a killed client's tasks forgotten by the scheduler in {seconds:.2f} s")
        finally:
            if client.poll() is None:
                client.kill()
                client.wait()


SPHINX_LIKE = "import os, time\nos.fork(); os.fork()\nprint('forked', flush=True)\ntime.sleep(60)"
BOOK_PARENT = """
import sys
from occprofiles.errors import Interrupted
from occprofiles.lifecycle import install_stop_handlers
from occprofiles.publish.book import _run_sphinx

install_stop_handlers()
try:
    _run_sphinx([sys.executable, "-c", sys.argv[1]])
except Interrupted as exc:
    sys.exit(exc.exit_status)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_the_book_build_and_its_forked_helpers_end_with_their_parent(signum):
    """`book` runs Jupyter Book, whose Sphinx forks parallel helpers that outlive it: here a stand-in that
    forks three and sleeps. Signalling the parent alone must end all of them."""
    marker = uuid.uuid4().hex
    proc = subprocess.Popen(
        [sys.executable, "-c", BOOK_PARENT, SPHINX_LIKE],
        env={**os.environ, MARKER_ENV: marker},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while len(alive(run_processes(marker))) < 6:  # parent, guard, stand-in and its 3 forks
            assert proc.poll() is None and time.monotonic() < deadline, run_processes(marker)
            time.sleep(0.05)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=15)
        seconds, left = gone_within(marker, proc.pid, timeout_s=5.0)
        assert not left, f"still alive {seconds:.1f} s after {signum.name} to the parent: {left}"
        print(f"book {signum.name}: 6 processes before, 0 alive {seconds:.2f} s after the parent ended")
        assert proc.returncode == (143 if signum == signal.SIGTERM else -signal.SIGKILL), stderr
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        kill_all(marker, proc.pid)
