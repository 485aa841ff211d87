"""The build manifest (issue 16): in every chapter and its JSON, in the book, and checked by verify-build."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import nbformat
import pytest

from occprofiles import cli, manifest, paths
from occprofiles.code_hash import hash_python_tree
from occprofiles.publish.colophon import colophon_markdown
from occprofiles.render import chapter_path, plan, render_one
from occprofiles.render.hashing import CHAPTER_INDEPENDENT_CODE, render_code_hash
from occprofiles.verify import verify_build

CODE = "11-9111"


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clone(tmp_path) -> Path:
    """A clean checkout of this repository's HEAD (the working tree here may have uncommitted changes)."""
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(paths.REPO_ROOT), str(target)], check=True)
    _git(target, "config", "user.email", "test@example.invalid")
    _git(target, "config", "user.name", "test")
    return target


def _built_book(root: Path, out: Path) -> tuple[Path, Path]:
    """What `occprofiles book` leaves for verify-build, made for ``root``: the book manifest and one chapter JSON."""
    code_sha = hash_python_tree(root / "src" / "occprofiles", exclude=CHAPTER_INDEPENDENT_CODE)
    html, chapters = out / "html", out / "chapters"
    html.mkdir(parents=True)
    (chapters / "11").mkdir(parents=True)
    book = manifest.book_manifest(code_sha, 1, "2026-11-27T00:00:00Z", root)
    (html / manifest.MANIFEST_NAME).write_text(json.dumps(book))
    chapter = {"soc_code": CODE, manifest.JSON_KEY: manifest.chapter_manifest(code_sha, root)}
    (chapters / "11" / f"{CODE}.json").write_text(json.dumps(chapter))
    return html, chapters


def test_verify_build_passes_on_its_own_checkout_and_detects_every_kind_of_change(clone, tmp_path):
    html, chapters = _built_book(clone, tmp_path)
    head = _git(clone, "rev-parse", "HEAD").strip()
    verdict = verify_build(html, chapters, clone)
    assert verdict.ok, verdict.differences
    assert verdict.book and verdict.book["commit"] == head and verdict.book["dirty"] is False

    # An uncommitted change to the code: dirty, and the code hash differs (book and chapter).
    module = clone / "src" / "occprofiles" / "formatting.py"
    module.write_text(module.read_text() + "\n# changed\n")
    differences = "\n".join(verify_build(html, chapters, clone).differences)
    assert "uncommitted changes" in differences
    assert "book code_sha256" in differences and f"chapter {CODE}" in differences

    # Committed: another commit, same code change.
    _git(clone, "commit", "-qam", "change")
    differences = "\n".join(verify_build(html, chapters, clone).differences)
    assert "book commit" in differences and "uncommitted" not in differences

    # Back to the built commit, then a new lock: the lock hash differs.
    _git(clone, "reset", "-q", "--hard", head)
    assert verify_build(html, chapters, clone).ok
    (clone / "requirements.lock").write_text((clone / "requirements.lock").read_text().replace("==", "==0", 1))
    _git(clone, "commit", "-qam", "lock")
    differences = "\n".join(verify_build(html, chapters, clone).differences)
    assert "book lock_sha256" in differences and "lock_sha256" in differences.split(f"chapter {CODE}")[1]

    # A data registry change.
    _git(clone, "reset", "-q", "--hard", head)
    registry = clone / "data" / "sources.yml"
    registry.write_text(registry.read_text() + "\n# a comment\n")
    _git(clone, "commit", "-qam", "registry")
    assert "book sources_sha256" in "\n".join(verify_build(html, chapters, clone).differences)


def test_the_generated_toc_does_not_make_the_tree_dirty(clone):
    (clone / "_toc.yml").write_text("# rewritten by occprofiles book\n")
    assert manifest.git_state(clone)[1] is False
    (clone / "book" / "new-page.md").write_text("# new\n")
    assert manifest.git_state(clone)[1] is True


def test_verify_build_command_exits_1_on_a_mismatch_and_names_it(tmp_path, capsys):
    assert cli.main(["verify-build", "--html", str(tmp_path)]) == 1
    assert "build the book first" in capsys.readouterr().out
    book = manifest.book_manifest(render_code_hash(), 0, "2026-11-27T00:00:00Z")
    book["commit"] = "0" * 40
    (tmp_path / manifest.MANIFEST_NAME).write_text(json.dumps(book))
    assert cli.main(["verify-build", "--html", str(tmp_path)]) == 1
    assert f"book commit: built {'0' * 40}" in capsys.readouterr().out


def test_colophon_names_commit_hashes_versions_and_date():
    book = manifest.book_manifest(render_code_hash(), 12, "2026-11-27T10:00:00Z")
    text = colophon_markdown(book)
    for expected in (
        book["commit"][:12],
        book["lock_sha256"],
        book["sources_sha256"],
        book["code_sha256"],
        "2026-11-27T10:00:00Z",
        f"matplotlib {book['packages']['matplotlib']}",
        "May 2025",  # the OEWS release
    ):
        assert expected in text
    assert book["lock_sha256"] == manifest.file_sha256(paths.lock_path())


@pytest.mark.usefixtures("processed")
def test_a_rendered_chapter_carries_the_manifest_in_its_sources_section_and_json(tmp_path, monkeypatch):
    (task,), _ = plan([CODE], out_root=tmp_path)
    expected = manifest.chapter_manifest(render_code_hash())
    assert task.manifest == expected
    outcome = render_one(task, reuse_kernel=False)
    assert outcome.ok, outcome.error
    target = chapter_path(CODE, tmp_path)
    last = nbformat.read(target, as_version=4).cells[-1]
    assert last.cell_type == "markdown"
    for value in (
        manifest.short(expected),
        expected["lock_sha256"],
        expected["sources_sha256"],
        expected["code_sha256"],
    ):
        assert value in last.source
    data = json.loads(target.with_suffix(".json").read_text())
    assert data[manifest.JSON_KEY] == expected
    assert json.loads(gzip.decompress(target.with_suffix(".json.gz").read_bytes())) == data
    assert "built_at" not in data[manifest.JSON_KEY]  # no date: the same inputs give the same chapter

    # Up to date at the same inputs; stale when the lock (the environment) changes, not when only the commit does.
    assert plan([CODE], out_root=tmp_path)[1] == [CODE]
    monkeypatch.setattr(manifest, "git_state", lambda root=None: ("f" * 40, False))
    assert plan([CODE], out_root=tmp_path)[1] == [CODE]
    other_lock = tmp_path / "other.lock"
    other_lock.write_text(paths.lock_path().read_text() + "\n# changed\n")
    monkeypatch.setattr(paths, "lock_path", lambda: other_lock)
    assert plan([CODE], out_root=tmp_path)[1] == []
