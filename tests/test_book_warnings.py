"""The book builds with no warning, and a warning fails the strict build.

The sample book is built from scratch in a temporary folder (every document read, so every warning is
written; an incremental build repeats none of an unchanged page), strictly, as `occprofiles book` does.
A heading level skipped in a copy of the home page is one warning: a ``strict=False`` build counts it, and
the strict build after it fails naming it (the build after one that warned reads every document again).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from occprofiles import paths
from occprofiles.errors import BookBuildError
from occprofiles.render import SAMPLE_CODES

from conftest import BOOK_SOURCE_FILES

pytestmark = pytest.mark.usefixtures("processed")


def _book_root(root: Path, codes: tuple[str, ...]) -> Path:
    """A checkout-like folder with the book's sources and ``codes`` rendered (reused when up to date)."""
    from occprofiles.render import run_render

    for name in BOOK_SOURCE_FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.REPO_ROOT / name, root / name)
    shutil.copytree(paths.book_dir() / "_static", root / "book" / "_static")
    chapters = root / "book" / "chapters"
    for code in codes:
        for existing in paths.chapters_dir().glob(f"{code[:2]}/{code}.*"):
            (chapters / code[:2]).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(existing, chapters / code[:2] / existing.name)
    if codes:
        assert run_render(list(codes), jobs=2, out_root=chapters, progress=False).ok
    return root


def _build(root: Path, strict: bool = True):
    from occprofiles.publish.book import build_html

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(paths.DATA_DIR_ENV, str(paths.data_dir()))
        mp.setattr(paths, "REPO_ROOT", root)
        return build_html(strict=strict, quiet=True, jobs=2)


def test_the_sample_book_builds_from_scratch_with_no_warning(tmp_path):
    root = _book_root(tmp_path, tuple(SAMPLE_CODES))
    result = _build(root)
    assert result.chapters == len(SAMPLE_CODES)
    assert result.warnings == ()
    log = (root / "_build" / "html-build.log").read_text(encoding="utf-8")
    assert f"Source Folder: {root}" in log and "WARNING" not in log  # the whole output of this build
    assert not (root / "_build" / "html" / ".occprofiles-incomplete").exists()


def test_a_warning_is_counted_and_fails_the_strict_build(tmp_path):
    root = _book_root(tmp_path, ())
    intro = root / "book" / "intro.md"
    # A heading level skipped is a warning of the reading phase (MyST's), which Sphinx writes once.
    intro.write_text(
        intro.read_text(encoding="utf-8") + "\n## A section\n\n#### A heading too deep\n", encoding="utf-8"
    )

    result = _build(root, strict=False)
    assert len(result.warnings) == 1
    assert "intro.md" in result.warnings[0] and "H2 to H4" in result.warnings[0]

    # Nothing changed since: Sphinx alone would not read intro.md again, and the strict build would pass.
    with pytest.raises(BookBuildError) as failed:
        _build(root)
    message = str(failed.value)
    assert "1 warning (myst.header)" in message
    assert "H2 to H4" in message and "_build/html-build.log" in message
