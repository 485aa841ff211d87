"""Content hashes: a chapter is up to date when the hash stored in it matches the one computed now.

The hash covers the template, the occupation's whole profile JSON, the chapter's parameters and the
code that can shape a chapter: every module of the package except those listed in
:data:`CHAPTER_INDEPENDENT_CODE` (see there for why each cannot).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import paths
from ..code_hash import hash_python_tree

# Parts of the package (relative to src/occprofiles) that cannot change a rendered chapter. Everything
# else is hashed, so a new module or code moved between files always makes every chapter stale.
CHAPTER_INDEPENDENT_CODE = (
    "publish",  # runs after rendering, on the rendered chapters (HTML, PDF)
    "cli.py",  # argument parsing; the render options it passes are hashed as parameters
    "fetch.py",  # copies raw files, verified against the registry's sha256
    # The data build: its output reaches a chapter only as the profile JSON, which is hashed in full
    # for every chapter. tests/test_render_hash.py checks that rendering never imports these.
    "build.py",
    "assemble",
    "metrics.py",
    "extract",
    "coverage.py",
    # Command-line views of a profile (`occprofiles profile`, `occprofiles list`).
    "summary.py",
    "coverage_view.py",
    "contract_doc.py",  # writes book/profile-json.md from the dataclasses
)


def package_root() -> Path:
    """The package tree that is hashed (tests point this at a copy)."""
    return paths.PACKAGE_DIR


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_code_hash() -> str:
    return hash_python_tree(package_root(), exclude=CHAPTER_INDEPENDENT_CODE)


def chapter_parameters(profile: dict, book_set: set[str]) -> dict:
    """The template's parameters: the code, and which related occupations have a chapter to link to."""
    related = sorted({r["soc_code"] for r in profile["related_occupations"]} | set(profile["code_mapping"]["covers"]))
    for r in profile["comparisons"]["related"]:
        related.append(r["soc_code"])
    return {"soc_code": profile["soc_code"], "related_chapters": sorted(set(related) & book_set)}


def content_hash(template_sha: str, code_sha: str, profile_json: str, parameters: dict) -> str:
    key = json.dumps(
        {
            "template": template_sha,
            "code": code_sha,
            "profile": sha256_hex(profile_json.encode()),
            "parameters": parameters,
        },
        sort_keys=True,
    )
    return sha256_hex(key.encode())


def stored_hash(path: Path) -> str | None:
    """The content hash recorded in an existing chapter; None when there is no readable one."""
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)["metadata"]["occprofiles"]["content_hash"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
