"""A data build killed with SIGKILL leaves its staging folder; the next build removes it, and only it."""

from __future__ import annotations

import os
import subprocess
import sys

from occprofiles.build import STAGING_PREFIX, remove_stale_staging


def test_only_the_staging_folders_of_dead_builds_are_removed(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    killed_build = tmp_path / f"{STAGING_PREFIX}{dead.stdout.strip()}-abc123"
    running_build = tmp_path / f"{STAGING_PREFIX}{os.getpid()}-def456"
    no_pid = tmp_path / f"{STAGING_PREFIX}abc"  # an older naming: not ours to judge
    for folder in (killed_build, running_build, no_pid):
        folder.mkdir()
        (folder / "core_oews__national_wages.parquet").write_bytes(b"partial")
    (tmp_path / "processed").mkdir()

    assert remove_stale_staging(tmp_path) == [killed_build]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["processed", running_build.name, no_pid.name])
