"""``occprofiles render``: execute the chapter template once per occupation, in parallel.

- Workers are spawned processes (forked workers were seen to hang after the parent ran notebooks); each
  starts one Jupyter kernel and reuses it for every chapter it renders, resetting the kernel's namespace
  between chapters (imports stay warm, variables do not).
- A chapter is skipped when its content hash (template, the occupation's profile JSON, the rendering
  code, the parameters) matches the one stored in the existing chapter.
- Each chapter and its profile JSON are written atomically (temp file + rename): a killed batch leaves
  only complete chapters. Volatile metadata (timestamps, durations, random cell ids, execution counts
  that depend on the kernel's history) is removed, so rendering twice gives identical files.
- Failures are isolated: the batch goes on, and the summary lists each failed code with its error. A
  worker process that dies (killed, out of memory) costs only the chapters it was rendering: they are
  retried alone once, and fail with that reason if it happens again.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from . import paths
from .profile import InvalidSocCodeError, list_titles, load_profile_dict, normalise_soc_code

TEMPLATE_NAME = "occupation_profile.ipynb"
KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 300
# A curated sample across major groups (incl. hourly-only pay, an OEWS/EP aggregate-covered code and
# top-coded state wages), so that `make book` gives a newcomer a book within minutes.
SAMPLE_CODES = (
    "11-9111",  # Medical and Health Services Managers
    "13-2011",  # Accountants and Auditors
    "15-1252",  # Software Developers
    "21-1011",  # Substance Abuse and Behavioral Disorder Counselors (OEWS/EP aggregate 21-1018)
    "25-2021",  # Elementary School Teachers
    "27-2011",  # Actors (hourly wages only)
    "29-1141",  # Registered Nurses
    "29-1022",  # Oral and Maxillofacial Surgeons (top-coded state wages)
    "35-2014",  # Cooks, Restaurant
    "41-2031",  # Retail Salespersons
    "47-2111",  # Electricians
    "53-3032",  # Heavy and Tractor-Trailer Truck Drivers
)
# Files whose content shapes a chapter: a change to any of them makes every chapter stale.
RENDER_CODE = ("chapter.py", "chapter_tables.py", "charts", "formatting.py", "profile.py", "render.py")
RESET_SOURCE = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import matplotlib.pyplot as _plt; _plt.close('all'); del _plt"
)


def template_path() -> Path:
    return paths.notebooks_dir() / TEMPLATE_NAME


def chapter_path(code: str, root: Path | None = None) -> Path:
    return (root or paths.chapters_dir()) / code[:2] / f"{code}.ipynb"


def rendered_codes(root: Path | None = None) -> list[str]:
    root = root or paths.chapters_dir()
    return sorted(p.stem for p in root.glob("[0-9][0-9]/[0-9][0-9]-[0-9][0-9][0-9][0-9].ipynb"))


# ---------------------------------------------------------------------------------------------
# selection and hashing
# ---------------------------------------------------------------------------------------------


def select_codes(codes: Sequence[str] = (), major: str | None = None, sample: bool = False, all_codes: bool = False) -> list[str]:
    known = [c for c, _ in list_titles()]
    chosen: list[str] = []
    for text in codes:
        code = normalise_soc_code(text)
        if code not in known:
            load_profile_dict(code)  # raises with the closest titles
        chosen.append(code)
    if major is not None:
        m = major.strip()
        group = [c for c in known if c.startswith(m + "-")]
        if len(m) != 2 or not m.isdigit() or not group:
            raise InvalidSocCodeError(f"--major {major!r}: expected a two-digit SOC major group such as 29.")
        chosen += group
    if sample:
        chosen += list(SAMPLE_CODES)
    if all_codes:
        chosen += known
    return sorted(set(chosen))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_code_hash() -> str:
    h = hashlib.sha256()
    for name in RENDER_CODE:
        path = paths.PACKAGE_DIR / name
        if path.is_dir():  # a package counts whole: every module, by name, so a new module counts too
            for module in sorted(path.rglob("*.py")):
                h.update(module.relative_to(path).as_posix().encode())
                h.update(module.read_bytes())
        else:
            h.update(path.read_bytes())
    return h.hexdigest()


def chapter_parameters(profile: dict, book_set: set[str]) -> dict:
    related = sorted({r["soc_code"] for r in profile["related_occupations"]} | set(profile["code_mapping"]["covers"]))
    for r in profile["comparisons"]["related"]:
        related.append(r["soc_code"])
    return {"soc_code": profile["soc_code"], "related_chapters": sorted(set(related) & book_set)}


def content_hash(template_sha: str, code_sha: str, profile_json: str, parameters: dict) -> str:
    key = json.dumps({"template": template_sha, "code": code_sha, "profile": _sha(profile_json.encode()), "parameters": parameters}, sort_keys=True)
    return _sha(key.encode())


def stored_hash(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)["metadata"]["occprofiles"]["content_hash"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------------------------------------
# post-processing: the chapter's title cell, no volatile metadata, deterministic ids
# ---------------------------------------------------------------------------------------------


def finalise_notebook(nb, code: str, title: str, chash: str, parameters: dict):
    nb.cells = [c for c in nb.cells if c.get("id") != "occprofiles-reset"]
    nb.cells[0].source = f"# {title} (SOC {code})"
    nb.cells[0].metadata = {}
    count = 0
    for index, cell in enumerate(nb.cells):
        cell.id = f"{code}-c{index:02d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = count
    nb.metadata.pop("papermill", None)
    nb.metadata["occprofiles"] = {"soc_code": code, "content_hash": chash, "parameters": parameters}
    return nb


def json_download_path(chapter: Path) -> Path:
    """The chapter's profile JSON as the book offers it for download: gzip-compressed (the 880 plain
    JSON files alone were 52 MB of the HTML book; compressed, ~10 MB)."""
    return chapter.with_suffix(".json.gz")


def gzip_deterministic(data: bytes) -> bytes:
    """gzip without a timestamp or file name: the same JSON gives the same bytes. (GzipFile writes
    the header itself — OS byte 255 — where gzip.compress leaves it to zlib on some Python versions.)"""
    import gzip
    import io

    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return buffer.getvalue()


def _atomic_write_text(path: Path, text: str) -> None:
    _atomic_write_bytes(path, text.encode("utf-8"))


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; chapters are published files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------------------------
# worker process: one kernel, reused
# ---------------------------------------------------------------------------------------------

_KM = None
_KC = None
REUSED_KERNEL_ENGINE = "occprofiles-reused-kernel"


def _kernel():
    """The worker's kernel manager and one connected client, (re)started when needed.

    The client is kept too: papermill's default engine connects a new client for every notebook, and
    waiting for it to be ready costs ~0.2 s (jupyter_client drains IOPub until 0.2 s of silence).
    """
    global _KM, _KC
    from jupyter_client.manager import KernelManager

    if _KM is None or not _KM.is_alive():
        if _KM is not None:
            _shutdown_kernel()
        # IPC transport: no TCP ports, and no "running over TCP without encryption" warning per kernel.
        home = tempfile.mkdtemp(prefix="occprofiles-kernel-")
        _KM = KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=home + "/kernel")
        # Its own working folder: papermill runs each notebook inside a temporary folder that is
        # removed afterwards, and a kernel started there would be left in a deleted folder. The data
        # folder is passed resolved, so a relative OCCPROFILES_DATA_DIR means the same folder here.
        try:
            _KM.start_kernel(cwd=home, env={**os.environ, paths.DATA_DIR_ENV: str(paths.data_dir())})
            _KC = _KM.client()
            _KC.start_channels()
            _KC.wait_for_ready(timeout=60)
        except BaseException:
            _shutdown_kernel()
            raise
        _KC.allow_stdin = False
        from multiprocessing import util

        util.Finalize(None, _shutdown_kernel, exitpriority=10)
    return _KM, _KC


def _shutdown_kernel() -> None:
    global _KM, _KC
    if _KC is not None:
        try:
            _KC.stop_channels()
        except Exception:
            pass
        _KC = None
    if _KM is not None:
        try:
            _KM.shutdown_kernel(now=True)
        except Exception:
            pass
        shutil.rmtree(Path(_KM.ip).parent, ignore_errors=True)
        _KM = None


def _register_reused_kernel_engine() -> None:
    """A papermill engine = its nbclient engine, executing through the worker's connected client."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    if REUSED_KERNEL_ENGINE in papermill_engines._engines:
        return

    class ReusedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None, **kwargs):
            km, kc = _kernel()
            kwargs = remove_args(["input_path", "timeout", "startup_timeout", "km"], **kwargs)
            final_kwargs = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                                        kernel_name=kernel_name, log=logger,
                                        log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            client = PapermillNotebookClient(nb_man, km=km, **final_kwargs)
            client.kc = kc  # set after construction: NotebookClient.__init__ resets it
            return client.execute()

    papermill_engines.register(REUSED_KERNEL_ENGINE, ReusedKernelEngine)


@dataclass(frozen=True)
class Task:
    code: str
    parameters: dict
    content_hash: str
    out_root: str


@dataclass(frozen=True)
class Outcome:
    code: str
    ok: bool
    seconds: float
    error: str | None = None


def render_one(task: Task, reuse_kernel: bool = True) -> Outcome:
    """Execute the template for one code and write the chapter + JSON atomically (runs in a worker)."""
    import nbformat
    import papermill

    started = time.perf_counter()
    code = task.code
    try:
        profile_json = json.dumps(load_profile_dict(code), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        title = json.loads(profile_json)["title"]
        nb = nbformat.read(template_path(), as_version=4)
        if reuse_kernel:
            _register_reused_kernel_engine()
            reset = nbformat.v4.new_code_cell(RESET_SOURCE)
            reset.id = "occprofiles-reset"
            reset.metadata["tags"] = ["remove-cell"]
            nb.cells.insert(1, reset)
        with tempfile.TemporaryDirectory(prefix="occprofiles-render-") as tmp:
            src = Path(tmp) / "in.ipynb"
            nbformat.write(nb, src)
            executed = papermill.execute_notebook(
                str(src), str(Path(tmp) / "out.ipynb"), parameters=task.parameters, kernel_name=KERNEL_NAME,
                engine_name=REUSED_KERNEL_ENGINE if reuse_kernel else None, progress_bar=False, log_output=False,
                request_save_on_cell_execute=False, execution_timeout=CELL_TIMEOUT_S, cwd=tmp,
            )
        nb = finalise_notebook(nbformat.from_dict(executed), code, title, task.content_hash, task.parameters)
        target = chapter_path(code, Path(task.out_root))
        # JSON first: a chapter that exists always has its JSON (and the JSON's download copy) beside it.
        profile_bytes = (profile_json + "\n").encode("utf-8")
        _atomic_write_bytes(target.with_suffix(".json"), profile_bytes)
        _atomic_write_bytes(json_download_path(target), gzip_deterministic(profile_bytes))
        _atomic_write_text(target, nbformat.writes(nb) + "\n")
        return Outcome(code, True, time.perf_counter() - started)
    except Exception as exc:  # isolate the failure: the batch goes on
        if reuse_kernel:
            # The kernel may still be busy (a timed-out cell goes on running) or in a bad state: the
            # next chapter gets a fresh one.
            _shutdown_kernel()
        return Outcome(code, False, time.perf_counter() - started, _describe(exc))


def _describe(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "PapermillExecutionError":
        return f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"  # type: ignore[attr-defined]
    return f"{name}: {exc}".splitlines()[0][:500]


# ---------------------------------------------------------------------------------------------
# the batch
# ---------------------------------------------------------------------------------------------


@dataclass
class RenderSummary:
    rendered: list[Outcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def text(self) -> str:
        n = len(self.rendered)
        rate = f", {60 * n / self.seconds:.1f} chapters/min" if n and self.seconds else ""
        lines = [f"Rendered {n}, up to date {len(self.skipped)}, failed {len(self.failed)} in {self.seconds:.1f} s{rate}."]
        for f in self.failed:
            lines.append(f"  FAILED {f.code}: {f.error}")
        return "\n".join(lines)


def remove_stale_temps(root: Path) -> None:
    """Temporary files left by a killed batch (never a chapter: chapters appear by atomic rename)."""
    for tmp in root.glob("[0-9][0-9]/.*.tmp"):
        tmp.unlink(missing_ok=True)


def plan(codes: Iterable[str], out_root: Path | None = None, force: bool = False) -> tuple[list[Task], list[str]]:
    """Tasks to run and codes already up to date."""
    out_root = out_root or paths.chapters_dir()
    codes = sorted(set(codes))
    book_set = set(rendered_codes(out_root)) | set(codes)
    template_sha = _sha(template_path().read_bytes())
    code_sha = render_code_hash()
    tasks, skipped = [], []
    for code in codes:
        profile = load_profile_dict(code)
        params = chapter_parameters(profile, book_set)
        chash = content_hash(template_sha, code_sha, json.dumps(profile, sort_keys=True), params)
        target = chapter_path(code, out_root)
        complete = target.with_suffix(".json").exists() and json_download_path(target).exists()
        if not force and complete and stored_hash(target) == chash:
            skipped.append(code)
        else:
            tasks.append(Task(code, params, chash, str(out_root)))
    return tasks, skipped


def run_render(codes: Sequence[str], jobs: int = 2, force: bool = False, out_root: Path | None = None,
               progress: bool = True, scheduler: str | None = None) -> RenderSummary:
    from tqdm import tqdm

    started = time.perf_counter()
    remove_stale_temps(out_root or paths.chapters_dir())
    tasks, skipped = plan(codes, out_root, force)
    summary = RenderSummary(skipped=skipped)
    bar = tqdm(total=len(tasks), unit="chapter", disable=not progress or not tasks, desc="render")
    try:
        for outcome in _execute(tasks, jobs, scheduler):
            (summary.rendered if outcome.ok else summary.failed).append(outcome)
            bar.update()
            if not outcome.ok:
                bar.write(f"FAILED {outcome.code}: {outcome.error}")
    finally:
        bar.close()
    summary.failed.sort(key=lambda o: o.code)
    summary.seconds = time.perf_counter() - started
    return summary


WORKER_DIED = "its worker process died (killed, or out of memory) twice while rendering it"


def _execute(tasks: list[Task], jobs: int, scheduler: str | None, work: Callable[[Task], Outcome] | None = None):
    """Outcomes of ``tasks`` in completion order (``work`` is the function run in a worker; tests swap it).

    A worker process that dies (the OOM killer, ``kill -9``) breaks a process pool, and every chapter in
    flight with it. Those chapters are retried once each, alone, in a fresh pool; one whose worker dies
    again fails with that reason. The rest of the batch goes on in a new pool.
    """
    if not tasks:
        return
    if scheduler:
        from .distributed import execute_on_cluster

        yield from execute_on_cluster(tasks, scheduler)
        return
    work = work or render_one
    queue = deque(tasks)
    while queue:
        in_flight_when_broken = yield from _run_pool(queue, max(1, min(jobs, len(queue))), work)
        for task in in_flight_when_broken:
            if (yield from _run_pool(deque([task]), 1, work)):
                yield Outcome(task.code, False, 0.0, WORKER_DIED)


def _run_pool(queue: deque, jobs: int, work: Callable[[Task], Outcome]):
    """Run tasks from ``queue`` (consumed) in one pool, at most ``jobs`` in flight; yield their outcomes.
    Returns the tasks that were in flight when the pool broke (empty when it did not)."""
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        in_flight: dict[Future, Task] = {}
        try:
            while queue or in_flight:
                while queue and len(in_flight) < jobs:
                    task = queue.popleft()
                    try:
                        in_flight[pool.submit(work, task)] = task
                    except BrokenProcessPool:  # a worker died while we were between waits
                        return [task, *in_flight.values()]
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                broken = []
                for fut in done:
                    task = in_flight.pop(fut)
                    try:
                        outcome = fut.result()
                    except BrokenProcessPool:
                        broken.append(task)
                        continue
                    yield outcome
                if broken:
                    return broken + list(in_flight.values())
        except BaseException:
            for fut in in_flight:
                fut.cancel()
            raise
    return []
