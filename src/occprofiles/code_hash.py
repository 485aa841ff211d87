"""A content hash of a whole Python package tree, for staleness checks.

Hashing every module (rather than a hand-kept list of file names) means that moving code into a new
file, or adding a module, can never slip past the check. Each file's path relative to the root goes
into the hash with its bytes, so renaming or splitting a module changes the hash too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path


def python_files(root: Path, exclude: Collection[str] = ()) -> list[Path]:
    """Every ``*.py`` under ``root``, sorted by relative POSIX path, except ``exclude``.

    ``exclude`` holds paths relative to ``root``: a module (``"cli.py"``) or a subpackage / folder
    (``"publish"``), which excludes everything beneath it.
    """
    excluded = {name.strip("/") for name in exclude}
    chosen = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        parts = relative.split("/")
        prefixes = {"/".join(parts[: i + 1]) for i in range(len(parts))}
        if not prefixes & excluded:
            chosen.append((relative, path))
    return [path for _, path in sorted(chosen)]


def hash_python_tree(root: Path, exclude: Collection[str] = ()) -> str:
    """sha256 over (relative path, size, bytes) of every ``*.py`` under ``root`` except ``exclude``."""
    digest = hashlib.sha256()
    for path in python_files(root, exclude):
        data = path.read_bytes()
        # Length-prefixed fields: no two different trees can produce the same byte stream.
        relative = path.relative_to(root).as_posix().encode("utf-8")
        digest.update(b"%d:%s\0%d:" % (len(relative), relative, len(data)))
        digest.update(data)
    return digest.hexdigest()
