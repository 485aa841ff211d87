"""A tiny run of the benchmark script (timings are reported, never asserted)."""

import subprocess
import sys

import pytest

from occprofiles import paths

pytestmark = pytest.mark.usefixtures("processed")


def test_benchmark_script_runs_and_writes_its_report(tmp_path):
    out = tmp_path / "results.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(paths.REPO_ROOT / "benchmarks" / "bench.py"),
            "--n",
            "1",
            "--jobs",
            "1",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = out.read_text()
    for row in (
        "naive: `papermill` command in a shell loop",
        "speed-up",
        "peak memory",
        "machine:",
        "date:",
        "CPU-s/chapter",
        "Where the CPU goes: per stage",
        "kernel: template cells",
        "worker: papermill/nbclient messaging",
        "| state_tile_map |",
    ):
        assert row in report, row
