"""The pages made from every profile, written only when what they are made from changed.

The occupation explorer, the ranked lists and the landing page's holdings read all ~880 profiles
(``explorer_data.explorer_rows``: about 4.5 CPU-s) and draw the overview chart. An incremental book
build (one chapter rendered again) changes none of their inputs, so they are skipped when the key of
their inputs is the one stored beside them:

- every file of ``data/processed`` (profiles, core tables: bytes, not dates),
- ``data/sources.yml`` (releases, titles) and ``requirements.lock`` (library versions draw the chart),
- the whole ``occprofiles`` package (the pages' code and the formatting it calls),
- the chapters the book holds (the explorer links the ones that exist; the landing page counts them).

A page that is missing, or a key that differs, writes every page again (each through ``write``, which
keeps an unchanged page's mtime, so Sphinx does not read it again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from .. import paths
from ..code_hash import hash_python_tree
from ..render.selection import rendered_codes
from .explorer import EXPLORER_PAGE, RANKED_PAGE, write_explorer_pages
from .landing import LANDING_INCLUDE, write_landing

KEY_FILE = ".finder-pages.key"  # in book/_generated, beside the pages


def finder_pages() -> list[Path]:
    return [paths.generated_pages_dir() / name for name in (EXPLORER_PAGE, RANKED_PAGE, LANDING_INCLUDE)]


def _update_file(digest: hashlib._Hash, label: str, path: Path) -> None:
    data = path.read_bytes() if path.is_file() else b""
    name = label.encode("utf-8")
    digest.update(b"%d:%s\0%d:" % (len(name), name, len(data)))  # length-prefixed: no two inputs collide
    digest.update(data)


def inputs_key() -> str:
    """sha256 over everything the explorer, the ranked lists and the landing text are made from."""
    digest = hashlib.sha256()
    processed = paths.processed_dir()
    for path in sorted(p for p in processed.rglob("*") if p.is_file()):
        _update_file(digest, "processed/" + path.relative_to(processed).as_posix(), path)
    _update_file(digest, "sources.yml", paths.registry_path())
    _update_file(digest, "requirements.lock", paths.lock_path())
    digest.update(b"package:" + hash_python_tree(paths.PACKAGE_DIR).encode())
    digest.update(b"chapters:" + ",".join(rendered_codes()).encode())
    return digest.hexdigest()


def write_finder_pages(write: Callable[[Path, str], None], key: str | None = None) -> bool:
    """Write the explorer, ranked lists and landing text when their inputs changed (``key``: their
    :func:`inputs_key`, computed here when not given); True if written."""
    key = key or inputs_key()
    stored = paths.generated_pages_dir() / KEY_FILE
    if stored.is_file() and stored.read_text(encoding="utf-8") == key and all(p.is_file() for p in finder_pages()):
        return False
    stored.unlink(missing_ok=True)  # a build stopped while writing leaves no key: the next one writes again
    write_explorer_pages(write)
    write_landing(write)
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text(key, encoding="utf-8")
    return True
