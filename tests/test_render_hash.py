"""Staleness: the code hash covers the whole package tree (minus what cannot shape a chapter).

No chapter is rendered here: chapters are stood in for by files carrying the planned content hash.
The package tree is copied to a temporary folder before anything is added to it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from occprofiles import paths
from occprofiles.code_hash import hash_python_tree, python_files
from occprofiles.render import (
    CHAPTER_INDEPENDENT_CODE,
    chapter_path,
    hashing,
    plan,
    render_code_hash,
)

CODES = ["11-9111", "27-2011", "29-1141"]


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_tree_hash_sees_renames_moves_and_new_modules(tmp_path):
    base = hash_python_tree(_tree(tmp_path / "a", {"x.py": "A = 1\n", "y.py": "B = 2\n"}))
    assert hash_python_tree(_tree(tmp_path / "b", {"y.py": "B = 2\n", "x.py": "A = 1\n"})) == base  # creation order
    assert hash_python_tree(_tree(tmp_path / "c", {"x.py": "A = 1\n", "z.py": "B = 2\n"})) != base  # renamed
    assert hash_python_tree(_tree(tmp_path / "d", {"x.py": "A = 1\nB = 2\n", "y.py": ""})) != base  # code moved
    assert (
        hash_python_tree(_tree(tmp_path / "e", {"x.py": "A = 1\n", "y.py": "B = 2\n", "sub/w.py": ""})) != base
    )  # new module
    assert (
        hash_python_tree(_tree(tmp_path / "f", {"x.py": "A = 1\n", "y.py": "B = 2\n", "notes.txt": "x"})) == base
    )  # not Python


def test_tree_hash_exclusions_cover_modules_and_whole_subpackages(tmp_path):
    root = _tree(
        tmp_path,
        {
            "keep.py": "1\n",
            "cli.py": "2\n",
            "publish/__init__.py": "",
            "publish/deep/pdf.py": "3\n",
            "publishing.py": "4\n",
        },
    )
    names = [p.relative_to(root).as_posix() for p in python_files(root, exclude=("cli.py", "publish/"))]
    assert names == ["keep.py", "publishing.py"]  # a prefix of a name is not a folder
    before = hash_python_tree(root, exclude=("cli.py", "publish"))
    (root / "publish" / "deep" / "pdf.py").write_text("changed\n")
    (root / "cli.py").write_text("changed\n")
    assert hash_python_tree(root, exclude=("cli.py", "publish")) == before


def test_every_listed_exclusion_exists():
    """A stale name in the list would only hash more (safe), but it hides that the list needs review."""
    for name in CHAPTER_INDEPENDENT_CODE:
        assert (paths.PACKAGE_DIR / name).exists(), f"{name} is listed in CHAPTER_INDEPENDENT_CODE but does not exist"


def _stand_in_chapters(out: Path) -> None:
    """Files that `plan` takes for up-to-date chapters: the planned hash, the JSON and its download copy."""
    tasks, _ = plan(CODES, out_root=out)
    for task in tasks:
        target = chapter_path(task.code, out)
        target.parent.mkdir(parents=True, exist_ok=True)
        meta = {"content_hash": task.content_hash, hashing.OUTPUT_HASH_KEY: hashing.UNSEALED}
        target.write_text(hashing.seal(json.dumps({"metadata": {"occprofiles": meta}})))
        target.with_suffix(".json").write_text("{}")
        target.with_suffix(".json.gz").write_bytes(b"")


@pytest.fixture
def package_copy(tmp_path, monkeypatch, processed) -> Path:
    copy = tmp_path / "occprofiles"
    shutil.copytree(paths.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(hashing, "package_root", lambda: copy)
    return copy


def test_adding_a_module_makes_every_chapter_stale(tmp_path, package_copy):
    out = tmp_path / "chapters"
    # Relative paths only: the copy hashes like the real tree, so the copy's chapters are up to date.
    assert render_code_hash() == hash_python_tree(paths.PACKAGE_DIR, exclude=CHAPTER_INDEPENDENT_CODE)
    _stand_in_chapters(out)
    assert plan(CODES, out_root=out) == ([], CODES)
    (package_copy / "chapter_helpers.py").write_text("# a new module\n")
    tasks, skipped = plan(CODES, out_root=out)
    assert [t.code for t in tasks] == CODES and skipped == []


def test_moving_code_into_a_new_file_makes_every_chapter_stale(tmp_path, package_copy):
    out = tmp_path / "chapters"
    _stand_in_chapters(out)
    formatting = package_copy / "formatting.py"
    text = formatting.read_text()
    head, tail = text[: len(text) // 2], text[len(text) // 2 :]
    formatting.write_text(head)
    (package_copy / "formatting_more.py").write_text(tail)
    tasks, _ = plan(CODES, out_root=out)
    assert [t.code for t in tasks] == CODES


def test_a_change_in_an_excluded_part_leaves_chapters_up_to_date(tmp_path, package_copy):
    out = tmp_path / "chapters"
    _stand_in_chapters(out)
    (package_copy / "extract" / "new_source.py").write_text("# reaches a chapter only through the profile JSON\n")
    (package_copy / "cli.py").write_text((package_copy / "cli.py").read_text() + "\n# a comment\n")
    assert plan(CODES, out_root=out) == ([], CODES)


# The template's code, run in a fresh interpreter: which project modules does rendering a chapter import?
_TEMPLATE_RUN = """
import contextlib, io, json, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
namespace = {"soc_code": sys.argv[2], "related_chapters": []}
with contextlib.redirect_stdout(io.StringIO()):
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "parameters" not in cell["metadata"].get("tags", []):
            exec("".join(cell["source"]), namespace)
print(json.dumps(sorted(m for m in sys.modules if m == "occprofiles" or m.startswith("occprofiles."))))
"""


def test_rendering_imports_nothing_the_hash_leaves_out(processed):
    """The exclusions are safe only if a chapter's code never imports them: checked on the template."""
    from occprofiles.render import template_path

    proc = subprocess.run(
        [sys.executable, "-c", _TEMPLATE_RUN, str(template_path()), "29-1141"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    imported = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "occprofiles.chapter" in imported or any(m.startswith("occprofiles.chapter") for m in imported)
    excluded = {"occprofiles." + name.removesuffix(".py").replace("/", ".") for name in CHAPTER_INDEPENDENT_CODE}
    leaked = [m for m in imported if any(m == e or m.startswith(e + ".") for e in excluded)]
    assert leaked == [], f"rendering imports {leaked}: remove them from CHAPTER_INDEPENDENT_CODE (render/hashing.py)"
