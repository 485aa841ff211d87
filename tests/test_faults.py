"""Fault injection: a corrupted profile database, a full disk while writing a chapter, a PDF or the profile
database, a chapter edited by hand, two builds at once. Each fault must give a clear one-line error (no
traceback), leave nothing partial where a finished file is expected, and be survived by the next run.

A full disk is simulated by an ``os.write`` wrapper that, for files under the test's folder only, writes
a little and then fails with ENOSPC, as the kernel does (the project's atomic writer goes through
``os.write``); for SQLite, whose I/O is in C, by ``PRAGMA max_page_count``, which makes SQLite fail with
the very error it gives on a full disk (SQLITE_FULL, "database or disk is full").
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from occprofiles import build, paths
from occprofiles.cli import main
from occprofiles.errors import DiskFullError
from occprofiles.profile import list_titles, load_profile
from occprofiles.render import batch, chapter_path, finalise_notebook, plan, render_one, template_path, worker

pytestmark = pytest.mark.usefixtures("processed")

CODE = "29-1141"


@contextlib.contextmanager
def disk_full(monkeypatch: pytest.MonkeyPatch, root: Path, name_part: str = "", room: int = 100) -> Iterator[None]:
    """``os.write`` to a file under ``root`` (whose name contains ``name_part``) fails with ENOSPC once
    ``room`` bytes have been written to it."""
    real_write = os.write
    written: dict[int, int] = {}

    def write(fd: int, data: bytes) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if not target.startswith(str(root)) or name_part not in Path(target).name:
            return real_write(fd, data)
        left = room - written.get(fd, 0)
        if left <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = real_write(fd, bytes(data[:left]))
        written[fd] = written.get(fd, 0) + n
        return n

    monkeypatch.setattr(os, "write", write)
    yield
    monkeypatch.setattr(os, "write", real_write)


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# --- a corrupted or truncated profile database ------------------------------------------------------


def _corrupt(kind: str, source: Path, target: Path) -> None:
    data = source.read_bytes()
    if kind == "truncated":
        data = data[: len(data) // 2]
    elif kind == "garbage-header":
        data = b"\x13" * 4096 + data[4096:]
    else:  # empty
        data = b""
    target.write_bytes(data)


@pytest.mark.parametrize("kind", ["truncated", "garbage-header", "empty"])
def test_corrupted_profile_database_says_run_make_data(kind, tmp_path, monkeypatch, capsys):
    real = paths.processed_dir()
    last_code = list_titles()[-1][0]  # in the half a truncation cuts off
    processed = tmp_path / "data" / "processed"
    processed.mkdir(parents=True)
    _corrupt(kind, real / "out_profiles.sqlite", processed / "out_profiles.sqlite")
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.setattr(paths, "chapters_dir", lambda: tmp_path / "chapters")
    for argv in (["profile", last_code], ["profile", last_code, "--json"], ["render", last_code, "--quiet"]):
        assert main(argv) == 1, argv
        captured = capsys.readouterr()
        line = one_line(captured.err)
        assert "make data" in line and str(processed / "out_profiles.sqlite") in line, line
        assert "corrupted or truncated" in line
    assert not (tmp_path / "chapters").exists()
    # `make data` rebuilds it: with the current build key, a corrupt database is not "up to date".
    (processed / build.BUILD_STAMP).write_text(json.dumps({"build_key": build.build_key(), "profiles": 879}))
    assert not build.is_up_to_date()


# --- no space left on the device ----------------------------------------------------------------------


def _render_in_process(tasks, jobs, scheduler):
    """Stands in for the worker pool (a monkeypatched os.write does not reach spawned workers); the
    template comes back unexecuted (no kernel): this test is about writing the chapter."""
    for task in tasks:
        yield render_one(task, reuse_kernel=False)


@pytest.mark.parametrize("which", [".json.", ".ipynb."])
def test_disk_full_while_writing_a_chapter(which, tmp_path, monkeypatch, capsys):
    out = tmp_path / "chapters"
    monkeypatch.setattr(paths, "chapters_dir", lambda: out)
    monkeypatch.setattr(batch, "execute", _render_in_process)
    monkeypatch.setattr(worker, "execute_template", lambda params, reuse, kind: nbformat.read(template_path(), 4))
    with disk_full(monkeypatch, tmp_path, which):
        status = main(["render", CODE, "--force", "--quiet", "--jobs", "1"])
    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.out + captured.err
    failed = [line for line in captured.out.splitlines() if line.startswith("  FAILED")]  # the summary
    target = chapter_path(CODE, out)
    expected = target.with_suffix(".json") if which == ".json." else target
    assert failed == [f"  FAILED {CODE}: no space left on the device while writing {expected} (nothing was written)"]
    left = files_under(out)
    assert target not in left and not [p for p in left if p.name.endswith(".tmp")], left
    # The next run, with room on the disk, renders it.
    assert main(["render", CODE, "--quiet", "--jobs", "1"]) == 0
    assert target.exists()


def test_disk_full_while_writing_a_pdf(tmp_path, monkeypatch):
    import pikepdf

    from occprofiles.publish import pdf, pdf_post

    target = tmp_path / "pdf" / "chapters" / f"{CODE}.pdf"
    writer = pikepdf.new()
    writer.add_blank_page(page_size=(612, 792))
    pdf_post.save(writer, target)
    before = target.read_bytes()  # a finished PDF from an earlier build

    class Page:  # what _print asks of a Playwright page
        def goto(self, url, wait_until):
            pass

        def emulate_media(self, media):
            pass

        def evaluate(self, script):  # opens the chapter's <details> for print
            return None

        def pdf(self, **options):
            return before

    with disk_full(monkeypatch, tmp_path, ".pdf."):
        with pytest.raises(DiskFullError) as err:
            pdf_post.save(writer, target)
        assert one_line(f"occprofiles: {err.value}") == (
            f"occprofiles: no space left on the device while writing {target} (nothing was written)"
        )
        with pytest.raises(DiskFullError, match=str(target)):
            pdf._print(Page(), "http://127.0.0.1/x.html", target, "Letter", None)  # type: ignore[arg-type]
    assert files_under(tmp_path) == [target] and target.read_bytes() == before  # the earlier PDF is intact


def test_disk_full_while_writing_the_profile_database(tmp_path, monkeypatch, capsys):
    profiles = {code: load_profile(code) for code in ("11-9111", "29-1141", "27-2011")}
    data = tmp_path / "data"
    (data / "processed").mkdir(parents=True)
    (data / "processed" / "earlier-build.txt").write_text("the previous build")
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    monkeypatch.setattr(build, "extract_all", lambda: SimpleNamespace(registry={}))  # stands in for ExtractedSources
    monkeypatch.setattr(build, "build_core", lambda inputs: {})
    monkeypatch.setattr(build, "assemble_profiles", lambda core, registry: profiles)
    real_connect = sqlite3.connect

    def small_disk(target, *args, **kwargs):
        con = real_connect(target, *args, **kwargs)
        con.execute("PRAGMA max_page_count = 3")  # SQLITE_FULL, as on a full disk
        return con

    monkeypatch.setattr(build.sqlite3, "connect", small_disk)
    assert main(["data", "build", "--force", "--quiet"]) == 1
    line = one_line(capsys.readouterr().err)
    assert line == (
        f"occprofiles: cannot write {data / 'processed' / 'out_profiles.sqlite'}: database or disk is full; "
        "the previous build is kept"
    )
    assert sorted(p.name for p in data.iterdir()) == ["processed"], "no staging folder left"
    assert files_under(data) == [data / "processed" / "earlier-build.txt"]


# --- a chapter edited by hand --------------------------------------------------------------------------


def test_a_chapter_edited_by_hand_is_rendered_again(tmp_path):
    (task,), _ = plan([CODE], out_root=tmp_path)
    profile_json = json.dumps(load_profile(CODE).to_dict(), sort_keys=True)
    nb = finalise_notebook(nbformat.read(template_path(), 4), CODE, "Nurses", task.content_hash, task.parameters)
    target = chapter_path(CODE, tmp_path)
    worker.write_chapter(target, nb, profile_json)  # the writer a render uses
    assert plan([CODE], out_root=tmp_path) == ([], [CODE])
    text = target.read_text()
    assert "## What they do" in text
    target.write_text(text.replace("## What they do", "## What they really do", 1))  # the metadata untouched
    tasks, skipped = plan([CODE], out_root=tmp_path)
    assert [t.code for t in tasks] == [CODE] and skipped == []
    target.write_text(text)  # put back byte for byte: up to date again
    assert plan([CODE], out_root=tmp_path) == ([], [CODE])


# --- two builds at once --------------------------------------------------------------------------------


def test_a_second_book_build_waits_on_the_lock_and_says_so(tmp_path, capsys):
    from occprofiles.lifecycle import exclusive_lock

    lock = tmp_path / "_build" / ".occprofiles-book.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from occprofiles.lifecycle import exclusive_lock\n"
            "with exclusive_lock(sys.argv[1], 'test'):\n    print('held', flush=True); time.sleep(1.5)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with exclusive_lock(lock, "`occprofiles book`"):
            waited = time.monotonic() - started
        assert waited > 0.5, waited
        line = one_line(capsys.readouterr().err)
        assert "another `occprofiles book` is running in this checkout" in line and "waiting" in line
    finally:
        holder.kill()
        holder.wait()


def test_two_renders_of_the_same_chapters_at_once_both_succeed(tmp_path):
    codes = ["27-2011"]
    script = (
        "import sys; from pathlib import Path; from occprofiles import paths; "
        "paths.chapters_dir = lambda: Path(sys.argv[1]); "
        "from occprofiles.cli import main; sys.exit(main(sys.argv[2:]))"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path), "render", *codes, "--force", "--jobs", "1", "--quiet"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert run.returncode == 0, err
            assert "Rendered 1, up to date 0, failed 0" in out, out
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.communicate()
    assert plan(codes, out_root=tmp_path) == ([], codes)  # both chapters complete and sealed
    for code in codes:
        nbformat.validate(nbformat.read(chapter_path(code, tmp_path), as_version=4))
    assert not [p for p in tmp_path.rglob("*.tmp")]
