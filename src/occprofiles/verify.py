"""``occprofiles verify-build``: does a built book match this checkout?

Recomputes the build manifest (:mod:`occprofiles.manifest`) for the checkout and compares it with the
book's (``_build/html/build-manifest.json``) and with every chapter's (its profile JSON,
``build_manifest``). The book must name this commit, with no uncommitted changes then or now (a dirty tree
cannot be matched to anything), and the same code, lock, data registry and package versions; a chapter
may name an earlier commit, but its code, lock, data and environment hashes must be today's. Exit 0 when
everything matches, 1 with one line per difference otherwise.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .code_hash import hash_python_tree
from .manifest import JSON_KEY, MANIFEST_NAME, book_manifest, hashed_part, short

# Compared between the book's manifest and the checkout's (not the date, nor the chapter count).
BOOK_FIELDS = (
    "commit",
    "dirty",
    "code_sha256",
    "package_sha256",
    "lock_sha256",
    "sources_sha256",
    "releases",
    "python",
    "packages",
)


@dataclass
class Verdict:
    book: dict[str, Any] | None
    chapters: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def current_manifest(root: Path | None = None) -> dict[str, Any]:
    from .render.hashing import CHAPTER_INDEPENDENT_CODE

    package = (root / "src" / "occprofiles") if root else paths.PACKAGE_DIR
    code = hash_python_tree(package, exclude=CHAPTER_INDEPENDENT_CODE)
    return book_manifest(code, 0, "", root)


def _show(value: Any) -> str:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict) else str(value)


def compare_book(built: dict[str, Any], now: dict[str, Any]) -> list[str]:
    out = []
    if now["dirty"]:
        out.append("the checkout has uncommitted changes: no built book can be matched to it (commit them first)")
    if built.get("dirty"):
        out.append(f"the book was built from a tree with uncommitted changes ({short(built)})")
    for key in BOOK_FIELDS:
        if key != "dirty" and built.get(key) != now[key]:
            out.append(f"book {key}: built {_show(built.get(key))}, checkout {_show(now[key])}")
    return out


def compare_chapters(chapters_root: Path, now: dict[str, Any]) -> tuple[int, list[str]]:
    expected = hashed_part({k: v for k, v in now.items() if k not in ("package_sha256", "chapters", "built_at")})
    count, out = 0, []
    for path in sorted(chapters_root.glob("[0-9][0-9]/*.json")):
        # index.json: a group overview's document (checked too; the book counts occupation chapters)
        count += path.stem != "index"
        built = json.loads(path.read_text(encoding="utf-8")).get(JSON_KEY)
        if built is None:
            out.append(
                f"chapter {path.stem}: no build manifest in {path.name} (rendered before manifests: render it again)"
            )
            continue
        differ = sorted(k for k in set(expected) | set(hashed_part(built)) if built.get(k) != expected.get(k))
        if differ:
            out.append(f"chapter {path.stem} (rendered from {short(built)}): differs in {', '.join(differ)}")
    return count, out


def verify_build(html_dir: Path, chapters_root: Path, root: Path | None = None) -> Verdict:
    path = html_dir / MANIFEST_NAME
    if not path.exists():
        return Verdict(None, differences=[f"no {MANIFEST_NAME} in {html_dir}: build the book first (make book)"])
    built = json.loads(path.read_text(encoding="utf-8"))
    now = current_manifest(root)
    verdict = Verdict(built, differences=compare_book(built, now))
    verdict.chapters, chapter_differences = compare_chapters(chapters_root, now)
    if built.get("chapters") != verdict.chapters:
        verdict.differences.append(
            f"the book has {built.get('chapters')} chapters, {chapters_root} has {verdict.chapters}"
        )
    verdict.differences += chapter_differences
    return verdict


def _cmd_verify(args: argparse.Namespace) -> int:
    html = Path(args.html) if args.html else paths.html_dir()
    verdict = verify_build(html, paths.chapters_dir())
    if verdict.ok and verdict.book is not None:
        print(
            f"verify-build: {html} matches this checkout: commit {short(verdict.book)}, "
            f"{verdict.chapters} chapters, built {verdict.book['built_at']}"
        )
        return 0
    print(f"verify-build: {html} does NOT match this checkout ({len(verdict.differences)} difference(s)):")
    for line in verdict.differences[:50]:
        print(f"  {line}")
    if len(verdict.differences) > 50:
        print(f"  ... and {len(verdict.differences) - 50} more")
    return 1


def register(subparsers: Any) -> None:
    """Add ``verify-build`` to the ``occprofiles`` command line."""
    parser = subparsers.add_parser(
        "verify-build", help="does the built book (its build manifest) match this checkout? exit 1 if not"
    )
    parser.add_argument("--html", metavar="DIR", help="the built HTML book (default: _build/html)")
    parser.set_defaults(func=_cmd_verify)
