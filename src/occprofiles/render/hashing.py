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
    "compare_command.py",  # `occprofiles compare`: argument parsing and the YAML list (ids, hashed as parameters)
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
    # Commands that read rendered chapters or profiles and write elsewhere (issue 16).
    "verify.py",
    "dataset.py",
    "dataset_tables.py",
)


# A rendered chapter carries its own sha256 (see seal), so that a chapter edited by hand is rendered again.
OUTPUT_HASH_KEY = "output_sha256"
UNSEALED = "0" * 64
_UNSEALED_FIELD = f'"{OUTPUT_HASH_KEY}": "{UNSEALED}"'


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


def content_hash(
    template_sha: str, code_sha: str, profile_json: str, parameters: dict, build: dict | None = None
) -> str:
    """``build``: the part of the chapter's build manifest it shows and that can change (lock, data
    registry, package versions; occprofiles.manifest.hashed_part), never the commit."""
    fields = {
        "template": template_sha,
        "code": code_sha,
        "profile": sha256_hex(profile_json.encode()),
        "parameters": parameters,
    }
    if build is not None:
        fields["build"] = build
    key = json.dumps(fields, sort_keys=True)
    return sha256_hex(key.encode())


def stored_hash(path: Path) -> str | None:
    """The content hash recorded in an existing chapter; None when there is no readable one, or when
    the file is not exactly as it was rendered (edited by hand: its own sha256 no longer matches)."""
    try:
        data = path.read_bytes()
        if not is_sealed(data):
            return None
        return json.loads(data)["metadata"]["occprofiles"]["content_hash"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def seal(text: str) -> str:
    """The chapter's text with its own sha256 (taken with the hash's place zeroed) in the metadata: a
    chapter edited by hand no longer matches it, and is rendered again (:func:`is_sealed`)."""
    if text.count(_UNSEALED_FIELD) != 1:
        raise ValueError(f"a chapter to seal has exactly one {_UNSEALED_FIELD!r}")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return text.replace(_UNSEALED_FIELD, f'"{OUTPUT_HASH_KEY}": "{digest}"')


def is_sealed(data: bytes) -> bool:
    """The bytes are a chapter exactly as :func:`seal` wrote it (byte offsets do not move: same length)."""
    key = f'"{OUTPUT_HASH_KEY}": "'.encode()
    at = data.find(key)
    if at < 0 or data.find(key, at + 1) >= 0:
        return False
    start = at + len(key)
    digest = data[start : start + 64].decode("ascii", errors="replace")
    zeroed = data[:start] + UNSEALED.encode() + data[start + 64 :]
    return hashlib.sha256(zeroed).hexdigest() == digest
