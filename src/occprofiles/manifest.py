"""The build manifest: which code, lock, data and environment made a chapter or the book (issue 16).

Two levels, so that rendering stays deterministic and incremental:

- **Chapter manifest** (in each chapter's Sources section and in its profile JSON under
  ``build_manifest``): the commit the chapter was rendered from (and whether the tree was dirty), the
  sha256 of the chapter-shaping code, of ``requirements.lock`` and of ``data/sources.yml``, the source
  releases, and the Python and key package versions. No date: the same inputs give the same bytes.
  Everything but the commit and dirty flag is part of the chapter's content hash (:func:`hashed_part`),
  so a chapter whose code, lock, data or environment changed is rendered again; a chapter skipped as up
  to date keeps the commit it was rendered from, whose inputs are the current ones.
- **Book manifest** (``_build/html/build-manifest.json`` and the colophon page): the same fields for the
  commit that built the book, the hash of the whole package (the publishing code too), the chapter count,
  and the build date (UTC).

``occprofiles verify-build`` (:mod:`occprofiles.verify`) recomputes both and compares.
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from . import paths
from .code_hash import hash_python_tree

SCHEMA = 1
MANIFEST_NAME = "build-manifest.json"
JSON_KEY = "build_manifest"
# The packages whose versions shape what a reader sees (numbers, charts, pages, PDFs).
KEY_PACKAGES = (
    "pandas",
    "numpy",
    "pyarrow",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbclient",
    "ipykernel",
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "sphinx-book-theme",
    "playwright",
    "pypdf",
)
# Written by `occprofiles book` itself (tracked so that a fresh clone has a TOC): not a change to the checkout.
GENERATED_TRACKED = ("_toc.yml",)
NOT_IN_GIT = "not a git checkout"


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def git_state(root: Path | None = None) -> tuple[str, bool | None]:
    """(commit, dirty) of the checkout; dirty = a tracked file differs or an untracked file exists
    (ignored files such as data/ and _build/ do not count, nor the generated _toc.yml)."""
    root = root or paths.REPO_ROOT
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        excluded = [f":(exclude){name}" for name in GENERATED_TRACKED]
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", ".", *excluded],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return NOT_IN_GIT, None
    return commit, bool(status.strip())


def package_versions() -> dict[str, str]:
    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def source_releases(registry: Path) -> dict[str, str]:
    from .registry import load_registry

    return {sid: s.release for sid, s in sorted(load_registry(registry).items())}


def chapter_manifest(code_sha256: str, root: Path | None = None) -> dict[str, Any]:
    """The manifest a chapter carries; ``code_sha256`` is the render code hash (render.hashing).
    ``root``: another checkout (tests, verify-build); default this one."""
    lock, registry = (
        (root / "requirements.lock", root / "data" / "sources.yml")
        if root
        else (
            paths.lock_path(),
            paths.registry_path(),
        )
    )
    commit, dirty = git_state(root)
    return {
        "schema": SCHEMA,
        "commit": commit,
        "dirty": dirty,
        "code_sha256": code_sha256,
        "lock_sha256": file_sha256(lock),
        "sources_sha256": file_sha256(registry),
        "releases": source_releases(registry),
        "python": platform.python_version(),
        "packages": package_versions(),
    }


def hashed_part(manifest: dict[str, Any]) -> dict[str, Any]:
    """What a chapter's content hash covers: everything but the commit and the dirty flag."""
    return {k: v for k, v in manifest.items() if k not in ("commit", "dirty")}


def book_manifest(code_sha256: str, chapters: int, built_at: str, root: Path | None = None) -> dict[str, Any]:
    manifest = chapter_manifest(code_sha256, root)
    package = root / "src" / "occprofiles" if root else paths.PACKAGE_DIR
    manifest["package_sha256"] = hash_python_tree(package)
    manifest["chapters"] = chapters
    manifest["built_at"] = built_at
    return manifest


def short(manifest: dict[str, Any]) -> str:
    """``abc1234`` or ``abc1234 + uncommitted changes``."""
    commit = str(manifest["commit"])
    if commit == NOT_IN_GIT:
        return commit
    return commit[:12] + (" + uncommitted changes" if manifest["dirty"] else "")


def manifest_lines(manifest: dict[str, Any]) -> list[str]:
    """The manifest as Markdown list items (chapter Sources section and colophon)."""
    releases = "; ".join(f"{sid} {release}" for sid, release in manifest["releases"].items())
    packages = ", ".join(f"{name} {version}" for name, version in manifest["packages"].items())
    return [
        f"- **Commit:** `{short(manifest)}`",
        f"- **Code (sha256):** `{manifest['code_sha256']}`",
        f"- **requirements.lock (sha256):** `{manifest['lock_sha256']}`",
        f"- **data/sources.yml (sha256):** `{manifest['sources_sha256']}` ({releases})",
        f"- **Python {manifest['python']}:** {packages}",
    ]


def chapter_markdown(manifest: dict[str, Any]) -> str:
    return "\n".join(
        [
            "**How this chapter was made.** Rendered by `occprofiles render` from the repository at the commit "
            "below; `occprofiles verify-build` checks a built book against a checkout. The same manifest is in "
            "the profile JSON (`build_manifest`); the build date is in the book's [colophon](../../_generated/colophon.md).",
            "",
            *manifest_lines(manifest),
        ]
    )
