"""Benchmark: the naive pipeline against the project's render, on the same occupations, in one run.

    python benchmarks/bench.py            # N=20 occupations: naive papermill-command loop vs occprofiles render
    python benchmarks/bench.py --all      # ... then the full build: every chapter + HTML book (+ PDF with --pdf)
    python benchmarks/bench.py --n 2 --out /tmp/r.md   # smoke run (what CI does)

Writes a Markdown report (default: benchmarks/results.md) with the machine, the date and every figure.
Timings are measurements, never pass/fail tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from occprofiles.profile import list_titles  # noqa: E402 (after the sys.path line above)
from occprofiles.render import run_render, template_path  # noqa: E402


class PeakMemory:
    """Peak resident memory of this process and all its descendants (sampled from /proc every 0.2 s)."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree_rss(root: int) -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                ppid, pages = int(fields[1]), int(fields[21])
            except (OSError, IndexError, ValueError):
                continue  # the process ended between listing /proc and reading it: nothing to count
            children.setdefault(ppid, []).append(int(entry))
            rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
        total, stack = 0, [root]
        while stack:
            pid = stack.pop()
            total += rss.get(pid, 0)
            stack.extend(children.get(pid, []))
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss(os.getpid()))
            time.sleep(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError as exc:  # not Linux, or /proc hidden: the report says "unknown CPU"
        print(f"bench: cannot read /proc/cpuinfo ({exc})", file=sys.stderr)
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def pick_codes(n: int) -> list[str]:
    """N occupations spread evenly over the list of codes (deterministic)."""
    codes = [c for c, _ in list_titles()]
    step = max(1, len(codes) // n)
    return codes[::step][:n]


def naive(codes: list[str], out: Path) -> float:
    """The naive way: the `papermill` command in a shell loop, one process and one kernel per notebook."""
    papermill = Path(sys.executable).parent / "papermill"
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for code in codes:
        subprocess.run(
            [
                str(papermill),
                str(template_path()),
                str(out / f"{code}.ipynb"),
                "-p",
                "soc_code",
                code,
                "--no-progress-bar",
            ],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def html_size(html: Path) -> str:
    """Total, then what it is made of: chapter pages, downloads (profile JSON), the rest (theme, search index)."""
    total, pages, downloads = du(html), du(html / "book" / "chapters"), du(html / "_downloads")
    mb = 1e6
    return (
        f"**{total / mb:.0f} MB** ({total / 2**20:.0f} MiB): chapter and group pages {pages / mb:.0f} MB, "
        f"profile JSON downloads {downloads / mb:.0f} MB, theme + search index + other pages {(total - pages - downloads) / mb:.0f} MB"
    )


def commit() -> str:
    """The commit measured; files the benchmark itself rewrites (its report, the generated _toc.yml) do not count as changes."""
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "-C",
                str(REPO),
                "status",
                "--porcelain",
                "--untracked-files=no",
                "--",
                ".",
                ":(exclude)benchmarks/results.md",
                ":(exclude)_toc.yml",
            ],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        return out + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


class Report:
    """The measured rows and the targets, written to ``out`` after every stage, so that a failure late
    in a long run keeps what was measured."""

    def __init__(self, out: Path, command: str) -> None:
        self.out, self.command = out, command
        self.rows: list[tuple[str, str]] = []
        self.targets: list[tuple[str, str, bool]] = []  # (target, measured, met)

    def write(self) -> str:
        report = [
            "# Benchmark results",
            "",
            f"- date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
            f"- machine: {machine()}",
            f"- commit: {commit()}",
            f"- command: `python benchmarks/bench.py {self.command}`",
            "",
            "| measure | result |",
            "|---|---|",
        ]
        text = "\n".join(report + [f"| {a} | {b} |" for a, b in self.rows]) + "\n"
        if self.targets:
            text += "\n## Against the targets (issue 5)\n\n| target | measured | met |\n|---|---|---|\n"
            text += "".join(f"| {name} | {value} | {'yes' if ok else '**no**'} |\n" for name, value, ok in self.targets)
        self.out.write_text(text, encoding="utf-8")
        return text


def compare_with_naive(report: Report, n: int, jobs: int) -> None:
    """The same N occupations rendered by the naive loop and by `occprofiles render`."""
    codes = pick_codes(n)
    with tempfile.TemporaryDirectory(prefix="occprofiles-bench-") as tmp_name:
        tmp = Path(tmp_name)
        naive_s = naive(codes, tmp / "naive")
        with PeakMemory() as mem:
            summary = run_render(codes, jobs=jobs, force=True, out_root=tmp / "project", progress=False)
        assert summary.ok, summary.text()
        project_s = summary.seconds
    per_naive, per_project = naive_s / len(codes), project_s / len(codes)
    report.rows += [
        ("occupations compared", f"{len(codes)} ({', '.join(codes[:5])}{', …' if len(codes) > 5 else ''})"),
        ("naive: `papermill` command in a shell loop", f"{naive_s:.1f} s = **{per_naive:.2f} s/chapter**"),
        (
            f"project: `occprofiles render --jobs {jobs}` (spawned workers, reused kernels)",
            f"{project_s:.1f} s = **{per_project:.2f} s/chapter**",
        ),
        ("speed-up (naive / project, per chapter)", f"**{per_naive / per_project:.1f}×**"),
        ("peak memory, project render (all processes)", f"{mem.peak / 2**20:.0f} MiB"),
    ]
    report.targets.append(
        ("≥ 4× faster per chapter than the naive loop", f"{per_naive / per_project:.1f}×", per_naive / per_project >= 4)
    )
    report.write()


def full_build(report: Report, jobs: int) -> None:
    """Every chapter rendered, then the HTML book built from clean."""
    from occprofiles.paths import build_dir
    from occprofiles.publish.book import build_html

    all_codes = [c for c, _ in list_titles()]
    with PeakMemory() as mem:
        started = time.perf_counter()
        summary = run_render(all_codes, jobs=jobs, force=True, progress=False)
        render_s = time.perf_counter() - started
        shutil.rmtree(build_dir(), ignore_errors=True)
        book = build_html(strict=True, quiet=True)
        total_s = time.perf_counter() - started
    report.rows += [
        ("full build: chapters rendered", f"{len(summary.rendered)} ok, {len(summary.failed)} failed"),
        (
            "full build: render every chapter",
            f"{render_s:.0f} s ({60 * len(all_codes) / render_s:.0f} chapters/min, {render_s / len(all_codes):.2f} s/chapter)",
        ),
        ("full build: HTML book (clean)", f"{book.seconds:.0f} s"),
        ("full build: render + book, wall", f"**{total_s / 60:.1f} min**"),
        ("full build: peak memory (all processes)", f"{mem.peak / 2**30:.2f} GiB"),
        ("full build: HTML size", html_size(build_dir() / "html")),
    ]
    html_mb = du(build_dir() / "html") / 1e6
    report.targets += [
        ("render every chapter + HTML book ≤ 10 min", f"{total_s / 60:.1f} min", total_s <= 600),
        ("peak memory of the whole build ≤ 4 GB", f"{mem.peak / 1e9:.2f} GB", mem.peak <= 4e9),
        ("full HTML ≤ 150 MB", f"{html_mb:.0f} MB", html_mb <= 150),
    ]
    report.write()


def incremental_and_data_build(report: Report) -> None:
    """One occupation re-rendered and the book rebuilt; then the data build from the verified raw files."""
    from occprofiles.publish.book import build_html

    code = "11-9111"
    started = time.perf_counter()
    run_render([code], jobs=1, force=True, progress=False)
    build_html(strict=True, quiet=True)
    incremental_s = time.perf_counter() - started
    report.rows.append(("re-render one occupation + incremental book build", f"**{incremental_s:.1f} s**"))
    report.targets.append(
        ("re-render one occupation + incremental book ≤ 20 s", f"{incremental_s:.1f} s", incremental_s <= 20)
    )
    report.write()
    # The processed tables and profiles rebuilt in place.
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "occprofiles"), "data", "build", "--force"], check=True, capture_output=True
    )
    data_s = time.perf_counter() - started
    report.rows.append(("`occprofiles data build --force`, wall", f"{data_s:.1f} s"))
    report.targets.append(("data build ≤ 60 s", f"{data_s:.1f} s", data_s <= 60))
    report.write()


def pdfs(report: Report) -> None:
    from occprofiles.publish.pdf import build_pdfs

    result = build_pdfs(progress=False)
    report.rows.append(
        (
            "PDF: every chapter + merged book",
            f"{result.seconds:.0f} s, {result.pages} pages ({result.per_chapter_seconds:.2f} s to print one document)",
        )
    )
    report.write()


def profile_command(report: Report) -> None:
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "occprofiles"), "profile", "11-9111"], check=True, capture_output=True
    )
    profile_s = time.perf_counter() - started
    report.rows.append(("`occprofiles profile 11-9111`, wall (new process)", f"{profile_s:.2f} s"))
    report.targets.append(("`occprofiles profile SOC` ≤ 1 s", f"{profile_s:.2f} s", profile_s <= 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20, help="occupations in the side-by-side comparison (default 20)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--all", action="store_true", help="also time the full build: every chapter and the HTML book")
    parser.add_argument("--pdf", action="store_true", help="with --all: also time the PDFs")
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results.md"))
    args = parser.parse_args(argv)

    report = Report(Path(args.out), " ".join(argv if argv is not None else sys.argv[1:]))
    compare_with_naive(report, args.n, args.jobs)
    if args.all:
        full_build(report, args.jobs)
        incremental_and_data_build(report)
        if args.pdf:
            pdfs(report)
    profile_command(report)
    print(report.write())
    return 0


if __name__ == "__main__":
    sys.exit(main())
