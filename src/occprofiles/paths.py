"""The one module that knows the filesystem.

Every other module asks here for a folder instead of building paths itself. Two settings move things:

- ``OCCPROFILES_MIRROR``: a local folder laid out like ``../shared/data`` (``<source>/<file>``) that
  ``occprofiles data fetch`` copies from instead of downloading.
- ``OCCPROFILES_DATA_DIR``: where raw and processed data live (default ``<repo>/data``); tests point it
  at a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent.parent

MIRROR_ENV = "OCCPROFILES_MIRROR"
DATA_DIR_ENV = "OCCPROFILES_DATA_DIR"


def data_dir() -> Path:
    """Root of the data folder (registry, raw, processed)."""
    return Path(os.environ.get(DATA_DIR_ENV) or REPO_ROOT / "data").resolve()


def registry_path() -> Path:
    """``sources.yml`` is versioned with the code, so it always comes from the repo."""
    return REPO_ROOT / "data" / "sources.yml"


def comparisons_path() -> Path:
    """The comparison chapters the book builds (``data/comparisons.yml``)."""
    return REPO_ROOT / "data" / "comparisons.yml"


def lock_path() -> Path:
    """``requirements.lock``: every Python package at an exact version with its hashes (``make lock``)."""
    return REPO_ROOT / "requirements.lock"


def raw_dir() -> Path:
    """Immutable, verified source files: ``raw/<source>/<release>/<file>``."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """Tables built by ``occprofiles data build`` (core and out layers)."""
    return data_dir() / "processed"


def mirror_dir() -> Path | None:
    """The local mirror named by ``OCCPROFILES_MIRROR``, or None when unset."""
    value = os.environ.get(MIRROR_ENV)
    return Path(value).expanduser().resolve() if value else None


def book_dir() -> Path:
    return REPO_ROOT / "book"


def notebooks_dir() -> Path:
    return REPO_ROOT / "notebooks"


def chapters_dir() -> Path:
    """Rendered chapters (ignored): ``book/chapters/<major group>/<code>.ipynb`` + ``.json`` + ``.json.gz``."""
    return book_dir() / "chapters"


def generated_pages_dir() -> Path:
    """Book pages written from the registry by ``occprofiles book`` (ignored)."""
    return book_dir() / "_generated"


def toc_path() -> Path:
    return REPO_ROOT / "_toc.yml"


def mappings_dir() -> Path:
    """Declared code mappings used by the build (versioned)."""
    return REPO_ROOT / "data" / "mappings"


def build_dir() -> Path:
    """Jupyter Book output (ignored): ``html/`` and ``pdf/``."""
    return REPO_ROOT / "_build"


def html_dir() -> Path:
    return build_dir() / "html"


def pdf_dir() -> Path:
    return build_dir() / "pdf"
