"""The book's colophon page and ``_build/html/build-manifest.json`` (the book-level build manifest).

The book manifest carries the build date (chapters do not: they stay byte-identical for the same
inputs). ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) fixes the date when set.

The page's source holds everything but the date, which changes with every build: a source that changed
would make Sphinx read the colophon again on every build, and write the root page, whose contents list
it. The source has a slot for the date (:data:`DATE_SLOT`), which :func:`stamp_build_date` fills in the
built page after each build.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

from .. import paths
from ..manifest import MANIFEST_NAME, book_manifest, manifest_lines

COLOPHON = "colophon.md"
DATE_SLOT = '<span class="occ-build-date">{}</span>'
_DATE_IN_PAGE = re.compile(r'(<span class="occ-build-date">)[^<]*(</span>)')
UNSTAMPED = "(the date of this build)"  # in the source, replaced in the built page


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def current_book_manifest(chapters: int) -> dict[str, Any]:
    from ..render.hashing import render_code_hash

    return book_manifest(render_code_hash(), chapters, build_date())


def colophon_markdown(manifest: dict[str, Any], date: str | None = None) -> str:
    """The page, with ``date`` (default: the manifest's build date) in its date slot."""
    built = DATE_SLOT.format(manifest["built_at"] if date is None else date)
    lines = [
        "# Colophon",
        "",
        f"This book ({manifest['chapters']} chapters) was built on {built} (UTC) from:",
        "",
        *manifest_lines(manifest),
        f"- **Whole package (sha256, publishing code included):** `{manifest['package_sha256']}`",
        "",
        "Each chapter's Sources section names the commit it was rendered from, with the hashes of the code, "
        "`requirements.lock` and `data/sources.yml` it was rendered with; the same manifest is in the "
        "chapter's profile JSON (`build_manifest`). A chapter whose inputs did not change since an earlier "
        "commit is not rendered again, so it may name that earlier commit: its hashes are the ones above.",
        "",
        "To rebuild this book: check out the commit, `make setup` (installs exactly the packages in "
        "`requirements.lock`, hashes checked), `make data` (fetches the files listed in `data/sources.yml`, "
        "sha256-verified), `make book`. `occprofiles verify-build` says whether a built book matches the "
        f"checkout; the manifest is also at `{MANIFEST_NAME}` beside the HTML pages.",
        "",
    ]
    return "\n".join(lines)


def write_colophon(manifest: dict[str, Any]) -> None:
    """The page's source, without the date (unchanged, it keeps its mtime: Sphinx does not read it again)."""
    path = paths.generated_pages_dir() / COLOPHON
    path.parent.mkdir(parents=True, exist_ok=True)
    text = colophon_markdown(manifest, date=UNSTAMPED)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def colophon_page() -> Path:
    """The built colophon page in the HTML book."""
    page = (paths.generated_pages_dir() / COLOPHON).relative_to(paths.REPO_ROOT).with_suffix(".html")
    return paths.html_dir() / page


def stamp_build_date(manifest: dict[str, Any], page: Path | None = None) -> bool:
    """Put the build date into the built colophon's date slot; False when the page or its slot is missing."""
    page = page or colophon_page()
    if not page.is_file():
        return False
    html = page.read_text(encoding="utf-8")
    stamped, found = _DATE_IN_PAGE.subn(lambda m: m.group(1) + manifest["built_at"] + m.group(2), html, count=1)
    if not found:
        return False
    if stamped != html:
        from ..render.output import atomic_write_text

        atomic_write_text(page, stamped)
    return True


def write_manifest_json(manifest: dict[str, Any]) -> None:
    from ..render.output import atomic_write_text

    atomic_write_text(paths.html_dir() / MANIFEST_NAME, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
