"""The publishing files (issue 16): workflows pass actionlint, the Dockerfile passes hadolint, Binder's
postBuild runs the lock and the data step, `make publish` copies a book. Neither the workflows, the image
nor Binder can run here (no GitHub, no Docker daemon use, no internet): they are linted and read."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import yaml

from occprofiles import paths

ROOT = paths.REPO_ROOT
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def _run(*cmd: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_workflows_pass_actionlint():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    result = _run(str(BIN / "actionlint"), *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    result = _run(str(BIN / "actionlint"), str(bad))
    assert result.returncode == 1 and "nope" in result.stdout


def _steps(workflow: str) -> list[dict]:
    doc = yaml.safe_load((WORKFLOWS / workflow).read_text())
    return [step for job in doc["jobs"].values() for step in job.get("steps", [])]


def test_book_workflow_sets_up_from_the_lock_fetches_official_data_and_deploys_to_pages():
    steps = _steps("book.yml")
    runs = "\n".join(s.get("run", "") for s in steps)
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert "make setup" in runs and "make data" in runs and "make book-all" in runs and "make verify-build" in runs
    assert "OCCPROFILES_MIRROR" not in (WORKFLOWS / "book.yml").read_text()  # official URLs, not a mirror
    assert uses.index("actions/upload-pages-artifact") < uses.index("actions/deploy-pages")
    # make setup is the lock install (the Makefile says how).
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r $(LOCK)" in makefile and "--no-deps -e ." in makefile


def test_release_workflow_attaches_pdfs_and_the_dataset_on_a_tag():
    doc = yaml.safe_load((WORKFLOWS / "release.yml").read_text())
    assert doc[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key `on` as true
    steps = _steps("release.yml")
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "book --all --pdf" in runs and "export-dataset" in runs
    release = next(s for s in steps if s.get("uses", "").startswith("softprops/action-gh-release"))
    files = release["with"]["files"]
    assert "*.pdf" in files and "*.tar.gz" in files


def test_dockerfile_passes_hadolint_and_is_debian_with_chromium_poppler_and_the_lock():
    result = _run(str(BIN / "hadolint"), "Dockerfile")
    assert result.returncode == 0, result.stdout + result.stderr
    text = (ROOT / "Dockerfile").read_text()
    assert text.count("\nFROM debian:") == 1
    for package in ("chromium", "poppler-utils", "python3-venv"):
        assert package in text
    assert "make setup" in text  # = requirements.lock with --require-hashes


def test_hadolint_reports_a_bad_dockerfile(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM debian:latest\nRUN cd /tmp && apt-get install chromium\n")
    result = _run(str(BIN / "hadolint"), str(bad), cwd=tmp_path)
    assert result.returncode == 1 and "DL3007" in result.stdout


def test_binder_postbuild_installs_the_lock_and_runs_the_data_step():
    post = ROOT / "postBuild"
    assert post.stat().st_mode & stat.S_IXUSR
    assert not (ROOT / "binder").exists()  # a binder/ folder would make Binder ignore environment.yml and postBuild
    text = post.read_text()
    assert "--require-hashes -r requirements.lock" in text
    assert text.index("occprofiles data fetch") < text.index("occprofiles data build")
    assert _run("bash", "-n", str(post)).returncode == 0
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]


def test_make_publish_refuses_without_a_folder_and_copies_only_a_verified_book():
    result = _run("make", "--no-print-directory", "publish")
    assert result.returncode == 2 and "make publish DIR=" in result.stderr
    # .ci/run runs the copy itself on the sample book it builds (make verify-build, then make publish DIR=...).
    recipe = (ROOT / "Makefile").read_text().split("\npublish:")[1].split("\n\n")[0]
    assert recipe.index("$(OCC) verify-build") < recipe.index('cp -a _build/html/. "$(DIR)/"')
